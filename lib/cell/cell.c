/* Cell parameters: the registry (cell.h), the handle's getters and setters,
 * copies, and the derived quantities the energy budget and the simulation
 * share (Si mass, capacities, N/P, volume fractions). */
#include "cell/cell.h"

#include "core/constants.h"
#include "materials/materials.h"
#include "siassb.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Density of the carbon additive of the anode composite, kg/m3: an assumed
 * graphite-like carbon black density (carbon blacks are 1.8-2.1 g/cm3). */
#define CARBON_DENSITY_KG_PER_M3 2000.0

#define CP_DEF(id, nm, kd, un, df, l, h, ch, desc) {nm, kd, un, df, l, h, ch, desc},
static const siassb__cell_param_def defs[SIASSB__CP_COUNT] = {SIASSB__CELL_PARAMS(CP_DEF)};
#undef CP_DEF

const siassb__cell_param_def *siassb__cell_param_def_at(int index)
{
    if (index < 0 || index >= SIASSB__CP_COUNT)
        return NULL;
    return &defs[index];
}

int siassb__cell_param_index(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < SIASSB__CP_COUNT; i++)
        if (strcmp(defs[i].name, name) == 0)
            return i;
    return -1;
}

void siassb__cell_destroy(struct siassb_cell *cell)
{
    if (!cell)
        return;
    for (int i = 0; i < SIASSB__CP_COUNT; i++) {
        siassb__material_destroy(cell->material[i]);
        free(cell->provenance[i]);
    }
    free(cell->preset);
    free(cell->name);
    free(cell->description);
    free(cell);
}

static int dup_or_null(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 1;
    *dst = siassb__strdup(src);
    return *dst != NULL;
}

struct siassb_cell *siassb__cell_copy(const struct siassb_cell *s)
{
    struct siassb_cell *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    memcpy(d->value, s->value, sizeof d->value);
    if (!dup_or_null(&d->preset, s->preset) || !dup_or_null(&d->name, s->name) ||
        !dup_or_null(&d->description, s->description))
        goto fail;
    for (int i = 0; i < SIASSB__CP_COUNT; i++) {
        if (!dup_or_null(&d->provenance[i], s->provenance[i]))
            goto fail;
        if (s->material[i] && !(d->material[i] = siassb__material_copy(s->material[i])))
            goto fail;
    }
    return d;
fail:
    siassb__cell_destroy(d);
    return NULL;
}

/* ---- public: registry ---- */

SIASSB_API int siassb_cell_param_count(size_t *n_out)
{
    if (!n_out)
        return SIASSB_E_ARG;
    *n_out = SIASSB__CP_COUNT;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_param_info(size_t index, const char **name_out, const char **unit_out,
                                      int *kind_out, double *default_out, double *lo_out,
                                      double *hi_out, const char **choices_out,
                                      const char **description_out)
{
    if (index >= SIASSB__CP_COUNT)
        return SIASSB_E_RANGE;
    const siassb__cell_param_def *d = &defs[index];
    if (name_out)
        *name_out = d->name;
    if (unit_out)
        *unit_out = d->unit;
    if (kind_out)
        *kind_out = d->kind;
    if (default_out)
        *default_out = d->kind == SIASSB__CPK_MATERIAL ? NAN : d->def;
    if (lo_out)
        *lo_out = d->lo;
    if (hi_out)
        *hi_out = d->hi;
    if (choices_out)
        *choices_out = d->choices;
    if (description_out)
        *description_out = d->description;
    return SIASSB_OK;
}

/* ---- public: handle ---- */

#define CELL_CHECK(c)                                                                             \
    do {                                                                                          \
        if (!(c))                                                                                 \
            return SIASSB_E_ARG;                                                                  \
        (c)->errmsg[0] = '\0';                                                                    \
    } while (0)

#define CELL_FAIL(c, code, ...)                                                                   \
    do {                                                                                          \
        siassb__msg((c)->errmsg, sizeof (c)->errmsg, __VA_ARGS__);                                \
        return (code);                                                                            \
    } while (0)

SIASSB_API void siassb_cell_free(siassb_cell *cell) { siassb__cell_destroy(cell); }

SIASSB_API const char *siassb_cell_errmsg(const siassb_cell *cell)
{
    return cell ? cell->errmsg : "cell handle is NULL";
}

static const char *kind_word(int kind)
{
    switch (kind) {
    case SIASSB__CPK_NUMBER: return "a number";
    case SIASSB__CPK_INTEGER: return "a whole number";
    case SIASSB__CPK_CHOICE: return "a choice";
    default: return "a material";
    }
}

static const char *setter_for(int kind)
{
    switch (kind) {
    case SIASSB__CPK_NUMBER:
    case SIASSB__CPK_INTEGER: return "siassb_cell_set";
    case SIASSB__CPK_CHOICE: return "siassb_cell_set_text";
    default: return "siassb_cell_set_material";
    }
}

/* The parameter `name` or the reason on the cell. */
static int find(siassb_cell *cell, const char *fn, const char *name, int *index)
{
    if (!name)
        CELL_FAIL(cell, SIASSB_E_ARG, "%s: parameter name is NULL", fn);
    int i = siassb__cell_param_index(name);
    if (i < 0)
        CELL_FAIL(cell, SIASSB_E_NOTFOUND,
                  "'%s' is not a cell parameter; 'siassb cell params' lists them (names are "
                  "dotted with the unit in the name, e.g. separator.thickness_m)",
                  name);
    *index = i;
    return SIASSB_OK;
}

static const char *unit_suffix(const char *unit)
{
    return unit[0] && strcmp(unit, "1") != 0 ? unit : "";
}

SIASSB_API int siassb_cell_set(siassb_cell *cell, const char *name, double value)
{
    CELL_CHECK(cell);
    int i, rc;
    if ((rc = find(cell, "siassb_cell_set", name, &i)))
        return rc;
    const siassb__cell_param_def *d = &defs[i];
    if (d->kind != SIASSB__CPK_NUMBER && d->kind != SIASSB__CPK_INTEGER)
        CELL_FAIL(cell, SIASSB_E_TYPE, "%s is %s; set it with %s", name, kind_word(d->kind),
                  setter_for(d->kind));
    const char *u = unit_suffix(d->unit);
    if (!isfinite(value))
        CELL_FAIL(cell, SIASSB_E_ARG, "%s = %g is not a finite number; allowed: %g to %g%s%s", name,
                  value, d->lo, d->hi, u[0] ? " " : "", u);
    if (!(value >= d->lo && value <= d->hi))
        CELL_FAIL(cell, SIASSB_E_RANGE, "%s = %g out of range; allowed: %g to %g%s%s", name, value,
                  d->lo, d->hi, u[0] ? " " : "", u);
    if (d->kind == SIASSB__CPK_INTEGER && value != floor(value))
        CELL_FAIL(cell, SIASSB_E_RANGE, "%s = %g is not a whole number; allowed: whole numbers "
                  "from %g to %g", name, value, d->lo, d->hi);
    cell->value[i] = value;
    free(cell->provenance[i]);
    cell->provenance[i] = NULL;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_get(siassb_cell *cell, const char *name, double *value_out)
{
    CELL_CHECK(cell);
    int i, rc;
    if ((rc = find(cell, "siassb_cell_get", name, &i)))
        return rc;
    if (defs[i].kind == SIASSB__CPK_MATERIAL)
        CELL_FAIL(cell, SIASSB_E_TYPE, "%s is a material; read its id with siassb_cell_get_text",
                  name);
    if (!value_out)
        CELL_FAIL(cell, SIASSB_E_ARG, "siassb_cell_get: value_out is NULL");
    *value_out = cell->value[i];
    return SIASSB_OK;
}

/* Index of `word` in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *word)
{
    size_t n = strlen(word);
    int k = 0;
    for (const char *p = choices; *p; k++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, word, n) == 0)
            return k;
        if (!bar)
            break;
        p = bar + 1;
    }
    return -1;
}

/* The k-th word of "a|b|c" into buf. */
static const char *choice_word(const char *choices, int k, char *buf, size_t cap)
{
    const char *p = choices;
    for (int j = 0; j < k && p; j++) {
        p = strchr(p, '|');
        if (p)
            p++;
    }
    if (!p)
        return "";
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

/* siassb_cell_get_text hands out a NUL-terminated borrowed word, but the
 * registry holds the words as "a|b|c"; so every word of every choice row is
 * listed here once. tests/unit/test_cell.c reads back every word of every
 * choice row, so a word added to the registry but not here fails there. */
static const char *const choice_words[] = {
    "half",     "full",     "particle",          "planar", "constant_pressure",
    "fixed_gap", "finite_stiffness", "off",      "on",
};

static const char *static_word(const char *word)
{
    for (size_t i = 0; i < sizeof choice_words / sizeof *choice_words; i++)
        if (strcmp(choice_words[i], word) == 0)
            return choice_words[i];
    return NULL;
}

SIASSB_API int siassb_cell_set_text(siassb_cell *cell, const char *name, const char *value)
{
    CELL_CHECK(cell);
    int i, rc;
    if ((rc = find(cell, "siassb_cell_set_text", name, &i)))
        return rc;
    const siassb__cell_param_def *d = &defs[i];
    if (d->kind != SIASSB__CPK_CHOICE)
        CELL_FAIL(cell, SIASSB_E_TYPE, "%s is %s; set it with %s", name, kind_word(d->kind),
                  setter_for(d->kind));
    if (!value)
        CELL_FAIL(cell, SIASSB_E_ARG, "siassb_cell_set_text: value for %s is NULL", name);
    int k = choice_index(d->choices, value);
    if (k < 0)
        CELL_FAIL(cell, SIASSB_E_RANGE, "%s = '%s' is not allowed; allowed: %s", name, value,
                  d->choices);
    cell->value[i] = k;
    free(cell->provenance[i]);
    cell->provenance[i] = NULL;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_get_text(siassb_cell *cell, const char *name, const char **value_out)
{
    CELL_CHECK(cell);
    int i, rc;
    if ((rc = find(cell, "siassb_cell_get_text", name, &i)))
        return rc;
    const siassb__cell_param_def *d = &defs[i];
    if (!value_out)
        CELL_FAIL(cell, SIASSB_E_ARG, "siassb_cell_get_text: value_out is NULL");
    if (d->kind == SIASSB__CPK_MATERIAL) {
        if (!cell->material[i])
            CELL_FAIL(cell, SIASSB_E_NOTFOUND, "%s is not set in this cell", name);
        *value_out = cell->material[i]->id;
        return SIASSB_OK;
    }
    if (d->kind != SIASSB__CPK_CHOICE)
        CELL_FAIL(cell, SIASSB_E_TYPE, "%s is %s; read it with siassb_cell_get", name,
                  kind_word(d->kind));
    char buf[64];
    const char *w = static_word(choice_word(d->choices, (int)cell->value[i], buf, sizeof buf));
    if (!w)
        CELL_FAIL(cell, SIASSB_E_STATE, "%s holds choice %g, which has no word", name,
                  cell->value[i]);
    *value_out = w;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_set_material(siassb_cell *cell, const siassb_db *db, const char *name,
                                        const char *id_or_alias)
{
    CELL_CHECK(cell);
    int i, rc;
    if ((rc = find(cell, "siassb_cell_set_material", name, &i)))
        return rc;
    const siassb__cell_param_def *d = &defs[i];
    if (d->kind != SIASSB__CPK_MATERIAL)
        CELL_FAIL(cell, SIASSB_E_TYPE, "%s is %s; set it with %s", name, kind_word(d->kind),
                  setter_for(d->kind));
    if (!db || !id_or_alias)
        CELL_FAIL(cell, SIASSB_E_ARG, "siassb_cell_set_material: %s is NULL",
                  !db ? "db" : "id_or_alias");
    siassb_material *m = NULL;
    char err[SIASSB__MSG_CAP];
    rc = siassb_material_open(db, id_or_alias, &m, err, sizeof err);
    if (rc)
        CELL_FAIL(cell, rc, "%s: %s", name, err);
    int want = 0;
    siassb_class_from_name(d->choices, &want);
    if (m->cls != want) {
        siassb__msg(cell->errmsg, sizeof cell->errmsg,
                    "%s must be a material of class '%s'; '%s' is of class '%s'", name, d->choices,
                    m->id, siassb_class_name(m->cls));
        siassb_material_free(m);
        return SIASSB_E_TYPE;
    }
    siassb__material_destroy(cell->material[i]);
    cell->material[i] = m;
    free(cell->provenance[i]);
    cell->provenance[i] = NULL;
    return SIASSB_OK;
}

/* ---- derived quantities ---- */

static double mat_scalar(const struct siassb_material *m, const char *key)
{
    const siassb__param *p = siassb__material_param(m, key);
    return p && p->kind == SIASSB_PARAM_SCALAR ? p->value : NAN;
}

/* The material of a MATERIAL row, or a message naming what is missing. */
static const struct siassb_material *need(const struct siassb_cell *c, int row, const char *why,
                                          char *msg, size_t cap)
{
    const struct siassb_material *m = c->material[row];
    if (!m)
        siassb__msg(msg, cap, "%s is not set; %s", defs[row].name, why);
    return m;
}

static int need_scalar(const struct siassb_material *m, const char *key, const char *row, double *v,
                       char *msg, size_t cap)
{
    *v = mat_scalar(m, key);
    if (!isfinite(*v) || *v <= 0) {
        siassb__msg(msg, cap, "%s '%s' has no %s in the database; the cell needs it", row, m->id,
                    key);
        return SIASSB_E_INVALID;
    }
    return SIASSB_OK;
}

int siassb__cell_derive(const struct siassb_cell *c, siassb__cell_derived *out, char *msg,
                        size_t cap)
{
    const double *v = c->value;
    int full = (int)v[SIASSB__CP_CELL_KIND] == 1;
    const struct siassb_material *si, *ae, *sep, *cat = NULL, *ce = NULL;
    if (!(si = need(c, SIASSB__CP_ANODE_ACTIVE, "every cell needs a Li-Si active material", msg,
                    cap)) ||
        !(ae = need(c, SIASSB__CP_ANODE_ELECTROLYTE,
                    "every cell needs the solid electrolyte of its anode composite", msg, cap)) ||
        !(sep = need(c, SIASSB__CP_SEPARATOR_MATERIAL,
                     "every cell needs the solid electrolyte of its separator", msg, cap)))
        return SIASSB_E_INVALID;
    (void)sep;
    if (full) {
        if (!(cat = need(c, SIASSB__CP_CATHODE_MATERIAL,
                         "cell.kind is full, which needs a cathode (or set cell.kind to half with "
                         "a counter.material)",
                         msg, cap)) ||
            !(ce = need(c, SIASSB__CP_CATHODE_ELECTROLYTE,
                        "cell.kind is full, which needs the solid electrolyte of the cathode "
                        "composite",
                        msg, cap)))
            return SIASSB_E_INVALID;
    } else if (!need(c, SIASSB__CP_COUNTER_MATERIAL,
                     "cell.kind is half, which needs a counter electrode (Li, In-Li)", msg, cap)) {
        return SIASSB_E_INVALID;
    }
    double w_si = v[SIASSB__CP_ANODE_SI_MASS_FRACTION], w_c = v[SIASSB__CP_ANODE_CARBON_MASS_FRACTION];
    double w_e = 1.0 - w_si - w_c;
    if (w_e < -1e-12) {
        siassb__msg(msg, cap,
                    "anode.si_mass_fraction (%g) + anode.carbon_mass_fraction (%g) = %g exceeds "
                    "1; allowed: a sum of at most 1 (the rest is solid electrolyte)",
                    w_si, w_c, w_si + w_c);
        return SIASSB_E_INVALID;
    }
    if (w_e < 0)
        w_e = 0;
    if (!(v[SIASSB__CP_PROTOCOL_VMIN_V] < v[SIASSB__CP_PROTOCOL_VMAX_V])) {
        siassb__msg(msg, cap, "protocol.vmin_V (%g V) must lie below protocol.vmax_V (%g V)",
                    v[SIASSB__CP_PROTOCOL_VMIN_V], v[SIASSB__CP_PROTOCOL_VMAX_V]);
        return SIASSB_E_INVALID;
    }
    int rc;
    double rho_si, rho_ae, m_si, x_full;
    if ((rc = need_scalar(si, "density_kg_per_m3", "anode.active_material", &rho_si, msg, cap)) ||
        (rc = need_scalar(si, "molar_mass_g_per_mol", "anode.active_material", &m_si, msg, cap)) ||
        (rc = need_scalar(si, "x_full_lithiation", "anode.active_material", &x_full, msg, cap)) ||
        (rc = need_scalar(ae, "density_kg_per_m3", "anode.electrolyte", &rho_ae, msg, cap)))
        return rc;
    siassb__cell_derived d;
    memset(&d, 0, sizeof d);
    /* composite density: 1/rho = sum w_i / rho_i over Si, carbon and electrolyte */
    double inv_rho = w_si / rho_si + w_c / CARBON_DENSITY_KG_PER_M3 + w_e / rho_ae;
    double solid = 1.0 - v[SIASSB__CP_ANODE_POROSITY];
    double anode_mass = v[SIASSB__CP_ANODE_THICKNESS_M] * solid / inv_rho; /* kg/m2 */
    d.si_mass_kg_per_m2 = w_si * anode_mass;
    d.anode_electrolyte_volume_fraction = solid * (w_e / rho_ae) / inv_rho;
    /* kg/m2 x mAh/g: x 1000 g/kg / 10^4 cm2/m2 = x 0.1 -> mAh/cm2 */
    double q_si = siassb__lisi_specific_capacity(x_full, m_si);
    d.anode_capacity_mAh_per_cm2 = 0.1 * d.si_mass_kg_per_m2 * q_si;
    if (full) {
        double rho_a, rho_ce, q_c;
        if ((rc = need_scalar(cat, "density_kg_per_m3", "cathode.material", &rho_a, msg, cap)) ||
            (rc = need_scalar(cat, "specific_capacity_mAh_per_g", "cathode.material", &q_c, msg,
                              cap)) ||
            (rc = need_scalar(ce, "density_kg_per_m3", "cathode.electrolyte", &rho_ce, msg, cap)))
            return rc;
        double w_a = v[SIASSB__CP_CATHODE_ACTIVE_MASS_FRACTION], w_ce = 1.0 - w_a;
        double loading = v[SIASSB__CP_CATHODE_LOADING_KG_PER_M2];
        double inv_c = w_a / rho_a + w_ce / rho_ce;
        double solid_c = 1.0 - v[SIASSB__CP_CATHODE_POROSITY];
        d.cathode_capacity_mAh_per_cm2 = 0.1 * loading * q_c;
        d.cathode_thickness_m = loading / w_a * inv_c / solid_c;
        d.cathode_active_volume_fraction = solid_c * (w_a / rho_a) / inv_c;
        d.cathode_electrolyte_volume_fraction = solid_c * (w_ce / rho_ce) / inv_c;
        d.np_ratio = d.anode_capacity_mAh_per_cm2 / d.cathode_capacity_mAh_per_cm2;
    } else {
        d.np_ratio = NAN; /* no cathode: the counter electrode is in excess */
    }
    double nominal = v[SIASSB__CP_PROTOCOL_NOMINAL_CAPACITY];
    d.nominal_capacity_mAh_per_cm2 =
        nominal > 0 ? nominal : full ? d.cathode_capacity_mAh_per_cm2 : d.anode_capacity_mAh_per_cm2;
    *out = d;
    return SIASSB_OK;
}
