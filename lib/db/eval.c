/* Material properties by name: the public evaluation API. Each property reads
 * the stored parameters it needs and calls the physics in lib/materials/. */
#include "core/constants.h"
#include "db/keys.h"
#include "db/material.h"
#include "materials/materials.h"
#include "siassb.h"

#include <math.h>
#include <string.h>

enum {
    USES_X = 1,   /* composition is x in LixSi */
    USES_STO = 2, /* composition is the table stoichiometry */
    USES_T = 4,
    USES_H = 8
};

typedef struct prop_def prop_def;
typedef int (*prop_fn)(const struct siassb_material *m, const prop_def *d, double c, double T,
                       double h, double *out, int *extrapolated);

struct prop_def {
    const char *name;
    const char *unit;
    unsigned classes;
    unsigned uses;
    const char *needs[3]; /* stored parameters the property cannot do without */
    prop_fn fn;
    const char *meaning;
};

static double scalar(const struct siassb_material *m, const char *name)
{
    return siassb__material_param(m, name)->value;
}

static int has(const struct siassb_material *m, const char *name)
{
    return siassb__material_param(m, name) != NULL;
}

static double table(const struct siassb_material *m, const char *name, double at, int *outside)
{
    const siassb__param *p = siassb__material_param(m, name);
    int o = 0;
    double v = siassb__table_interp(p->x, p->y, p->n, at, &o);
    *outside |= o;
    return v;
}

/* ---- Li-Si ---- */

static int lisi_ocv(const struct siassb_material *m, const prop_def *d, double x, double T,
                    double h, double *out, int *ex)
{
    (void)d, (void)T;
    /* without the extension parameter the branches hold their end values */
    double x_10mV = has(m, "ocv_x_at_10mV") ? scalar(m, "ocv_x_at_10mV") : 0.0;
    const siassb__param *pl = siassb__material_param(m, "ocv_lithiation_V");
    const siassb__param *pd = siassb__material_param(m, "ocv_delithiation_V");
    if (!pd) /* a single measured branch: no hysteresis */
        pd = pl;
    int out_l = 0, out_d = 0;
    double ul = siassb__lisi_ocv_branch(pl->x, pl->y, pl->n, x, x_10mV, &out_l);
    double ud = siassb__lisi_ocv_branch(pd->x, pd->y, pd->n, x, x_10mV, &out_d);
    *ex |= out_l | out_d;
    *out = siassb__ocv_hysteresis(ul, ud, h);
    return SIASSB_OK;
}

static int lisi_capacity(const struct siassb_material *m, const prop_def *d, double x, double T,
                         double h, double *out, int *ex)
{
    (void)d, (void)T, (void)h, (void)ex;
    *out = siassb__lisi_specific_capacity(x, scalar(m, "molar_mass_g_per_mol"));
    return SIASSB_OK;
}

static int lisi_volume_ratio(const struct siassb_material *m, const prop_def *d, double x,
                             double T, double h, double *out, int *ex)
{
    (void)d, (void)T, (void)h, (void)ex;
    *out = siassb__lisi_volume_ratio(x, scalar(m, "molar_volume_m3_per_mol"),
                                     scalar(m, "partial_molar_volume_Li_m3_per_mol"));
    return SIASSB_OK;
}

static int lisi_density(const struct siassb_material *m, const prop_def *d, double x, double T,
                        double h, double *out, int *ex)
{
    (void)d, (void)T, (void)h, (void)ex;
    *out = siassb__lisi_density(x, scalar(m, "molar_mass_g_per_mol"),
                                scalar(m, "molar_volume_m3_per_mol"),
                                scalar(m, "partial_molar_volume_Li_m3_per_mol"));
    return SIASSB_OK;
}

/* A table of the composition named by needs[0]. */
static int table_of_composition(const struct siassb_material *m, const prop_def *d, double c,
                                double T, double h, double *out, int *ex)
{
    (void)T, (void)h;
    *out = table(m, d->needs[0], c, ex);
    return SIASSB_OK;
}

/* A stored scalar named by needs[0], the same at any state. */
static int stored(const struct siassb_material *m, const prop_def *d, double c, double T, double h,
                  double *out, int *ex)
{
    (void)c, (void)T, (void)h, (void)ex;
    *out = scalar(m, d->needs[0]);
    return SIASSB_OK;
}

/* Arrhenius in T when the activation energy and its reference temperature are
 * stored; otherwise the stored value holds only at its reference (or 25 C). */
static int diffusivity(const struct siassb_material *m, const prop_def *d, double c, double T,
                       double h, double *out, int *ex)
{
    (void)d, (void)c, (void)h;
    double D = scalar(m, "diffusivity_m2_per_s");
    double T_ref = has(m, "diffusivity_reference_temperature_K")
                       ? scalar(m, "diffusivity_reference_temperature_K")
                       : 298.15;
    if (has(m, "diffusivity_activation_energy_eV")) {
        *out = siassb__arrhenius(D, scalar(m, "diffusivity_activation_energy_eV"), T_ref, T);
    } else {
        *out = D;
        *ex |= fabs(T - T_ref) > 0.5;
    }
    return SIASSB_OK;
}

/* ---- electrolytes ---- */

static int is_vtf(const struct siassb_material *m)
{
    return strcmp(siassb__material_param(m, "conductivity_law")->choice, "vtf") == 0;
}

/* Outside the stored validity range, or anywhere but the reference
 * temperature when no range is stored. */
static int outside_validity(const struct siassb_material *m, double T)
{
    double T_ref = scalar(m, "reference_temperature_K");
    double lo = has(m, "validity_min_temperature_K") ? scalar(m, "validity_min_temperature_K")
                                                      : T_ref - 0.5;
    double hi = has(m, "validity_max_temperature_K") ? scalar(m, "validity_max_temperature_K")
                                                      : T_ref + 0.5;
    return T < lo || T > hi;
}

static int vtf_temperature_ok(const struct siassb_material *m, double T)
{
    return T > scalar(m, "vtf_ideal_glass_temperature_K") &&
           scalar(m, "reference_temperature_K") > scalar(m, "vtf_ideal_glass_temperature_K");
}

static int conductivity(const struct siassb_material *m, const prop_def *d, double c, double T,
                        double h, double *out, int *ex)
{
    (void)d, (void)c, (void)h;
    double s = scalar(m, "conductivity_ref_S_per_m"), T_ref = scalar(m, "reference_temperature_K");
    if (is_vtf(m)) {
        if (!vtf_temperature_ok(m, T))
            return SIASSB_E_RANGE;
        *out = siassb__vtf(s, scalar(m, "vtf_pseudo_activation_energy_eV"),
                           scalar(m, "vtf_ideal_glass_temperature_K"), T_ref, T);
    } else {
        *out = siassb__arrhenius(s, scalar(m, "activation_energy_eV"), T_ref, T);
    }
    *ex |= outside_validity(m, T);
    return SIASSB_OK;
}

static int activation_energy(const struct siassb_material *m, const prop_def *d, double c,
                             double T, double h, double *out, int *ex)
{
    (void)d, (void)c, (void)h;
    if (is_vtf(m)) {
        if (!vtf_temperature_ok(m, T))
            return SIASSB_E_RANGE;
        *out = siassb__vtf_apparent_activation_eV(scalar(m, "vtf_pseudo_activation_energy_eV"),
                                                  scalar(m, "vtf_ideal_glass_temperature_K"), T);
        *ex |= outside_validity(m, T);
    } else {
        *out = scalar(m, "activation_energy_eV");
    }
    return SIASSB_OK;
}

/* ---- cathodes ---- */

/* Charge delivered from the charged state, linear in the table coordinate
 * between sto_charged (0) and sto_discharged (the practical capacity). */
static int cathode_capacity(const struct siassb_material *m, const prop_def *d, double sto,
                            double T, double h, double *out, int *ex)
{
    (void)d, (void)T, (void)h;
    double s0 = scalar(m, "sto_charged"), s1 = scalar(m, "sto_discharged");
    *out = scalar(m, "specific_capacity_mAh_per_g") * (sto - s0) / (s1 - s0);
    *ex |= sto < s0 || sto > s1;
    return SIASSB_OK;
}

/* Volume relative to the discharged state, linear in the table coordinate. */
static int cathode_volume_ratio(const struct siassb_material *m, const prop_def *d, double sto,
                                double T, double h, double *out, int *ex)
{
    (void)d, (void)T, (void)h;
    double s0 = scalar(m, "sto_charged"), s1 = scalar(m, "sto_discharged");
    *out = 1.0 + scalar(m, "volume_change_charged_fraction") * (s1 - sto) / (s1 - s0);
    *ex |= sto < s0 || sto > s1;
    return SIASSB_OK;
}

#define L SIASSB__MASK_LISI
#define E SIASSB__MASK_ELECTROLYTE
#define C SIASSB__MASK_CATHODE
#define N SIASSB__MASK_COUNTER

static const prop_def props[] = {
    {"ocv", "V", L, USES_X | USES_H, {"ocv_lithiation_V"}, lisi_ocv,
     "open-circuit potential vs Li/Li+ of amorphous LixSi; hysteresis -1 lithiation branch, "
     "+1 delithiation branch"},
    {"ocv", "V", C | N, USES_STO, {"ocv_V"}, table_of_composition,
     "open-circuit potential vs Li/Li+"},
    {"specific_capacity", "mAh/g", L, USES_X, {"molar_mass_g_per_mol"}, lisi_capacity,
     "charge stored in LixSi per gram of Si"},
    {"specific_capacity", "mAh/g", C, USES_STO,
     {"specific_capacity_mAh_per_g", "sto_charged", "sto_discharged"}, cathode_capacity,
     "charge delivered from the charged state per gram of active material"},
    {"volume_ratio", "1", L, USES_X,
     {"molar_volume_m3_per_mol", "partial_molar_volume_Li_m3_per_mol"}, lisi_volume_ratio,
     "volume of LixSi relative to the pristine host, V/V0"},
    {"volume_ratio", "1", C, USES_STO,
     {"volume_change_charged_fraction", "sto_charged", "sto_discharged"}, cathode_volume_ratio,
     "volume relative to the discharged state"},
    {"density", "kg/m3", L, USES_X,
     {"molar_mass_g_per_mol", "molar_volume_m3_per_mol", "partial_molar_volume_Li_m3_per_mol"},
     lisi_density, "mass density of LixSi"},
    {"density", "kg/m3", E | C | N, 0, {"density_kg_per_m3"}, stored, "mass density"},
    {"youngs_modulus", "GPa", L, USES_X, {"youngs_modulus_GPa"}, table_of_composition,
     "Young's modulus of LixSi"},
    {"youngs_modulus", "GPa", E, 0, {"youngs_modulus_GPa"}, stored, "Young's modulus"},
    {"poisson_ratio", "1", L, USES_X, {"poisson_ratio"}, table_of_composition,
     "Poisson's ratio of LixSi"},
    {"poisson_ratio", "1", E, 0, {"poisson_ratio"}, stored, "Poisson's ratio"},
    {"yield_stress", "GPa", L, USES_X, {"yield_stress_GPa"}, table_of_composition,
     "yield stress of LixSi"},
    {"diffusivity", "m2/s", L | C, USES_T, {"diffusivity_m2_per_s"}, diffusivity,
     "chemical diffusion coefficient of Li"},
    {"conductivity", "S/m", E, USES_T, {"conductivity_law"}, conductivity,
     "ionic conductivity"},
    {"activation_energy", "eV", E, USES_T, {"conductivity_law"}, activation_energy,
     "(apparent) activation energy of the ionic conductivity"},
};

#undef L
#undef E
#undef C
#undef N

static int available(const struct siassb_material *m, const prop_def *d)
{
    if (!(d->classes & (1u << (m->cls - 1))))
        return 0;
    for (size_t i = 0; i < 3 && d->needs[i]; i++)
        if (!has(m, d->needs[i]))
            return 0;
    return 1;
}

static const char *depends_text(unsigned uses)
{
    switch (uses) {
    case USES_X | USES_H: return "x,hysteresis";
    case USES_X: return "x";
    case USES_STO: return "sto";
    case USES_T: return "T";
    default: return "";
    }
}

#define MAT_FAIL(m, code, ...)                                                                    \
    do {                                                                                          \
        siassb__msg((m)->errmsg, sizeof (m)->errmsg, __VA_ARGS__);                                \
        return (code);                                                                            \
    } while (0)

SIASSB_API int siassb_material_property_count(siassb_material *m, size_t *n_out)
{
    if (!m)
        return SIASSB_E_ARG;
    m->errmsg[0] = '\0';
    if (!n_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_property_count: n_out is NULL");
    size_t n = 0;
    for (size_t i = 0; i < sizeof props / sizeof *props; i++)
        n += (size_t)available(m, &props[i]);
    *n_out = n;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_property_info(siassb_material *m, size_t index,
                                             const char **name_out, const char **unit_out,
                                             const char **depends_out)
{
    if (!m)
        return SIASSB_E_ARG;
    m->errmsg[0] = '\0';
    size_t k = 0;
    for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
        if (!available(m, &props[i]) || k++ != index)
            continue;
        if (name_out)
            *name_out = props[i].name;
        if (unit_out)
            *unit_out = props[i].unit;
        if (depends_out)
            *depends_out = depends_text(props[i].uses);
        return SIASSB_OK;
    }
    MAT_FAIL(m, SIASSB_E_RANGE, "property index %zu out of range: '%s' has %zu properties", index,
             m->id, k);
}

SIASSB_API int siassb_material_eval(siassb_material *m, const char *property, double composition,
                                    double temperature_K, double hysteresis, double *value_out,
                                    const char **unit_out)
{
    if (!m)
        return SIASSB_E_ARG;
    m->errmsg[0] = '\0';
    if (!property || !value_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_eval: %s is NULL",
                 !property ? "property" : "value_out");
    const prop_def *d = NULL;
    int exists_elsewhere = 0;
    for (size_t i = 0; i < sizeof props / sizeof *props && !d; i++) {
        if (strcmp(props[i].name, property) != 0)
            continue;
        if (available(m, &props[i]))
            d = &props[i];
        else
            exists_elsewhere = 1;
    }
    if (!d) {
        /* a stored scalar reads the same way, in the unit of its name */
        const siassb__param *p = siassb__material_param(m, property);
        if (p && p->kind == SIASSB_PARAM_SCALAR) {
            *value_out = p->value;
            if (unit_out)
                *unit_out = siassb__key_find(property, m->cls)->unit;
            return SIASSB_OK;
        }
        if (exists_elsewhere)
            MAT_FAIL(m, SIASSB_E_NOTFOUND,
                     "'%s' of '%s' needs parameters the database does not give for it; "
                     "'siassb materials properties %s' lists what it has",
                     property, m->id, m->id);
        MAT_FAIL(m, SIASSB_E_NOTFOUND,
                 "no property '%s' for %s materials; 'siassb materials properties %s' lists them",
                 property, siassb_class_name(m->cls), m->id);
    }
    if (d->uses & USES_X && !(isfinite(composition) && composition >= 0 && composition <= 5))
        MAT_FAIL(m, isfinite(composition) ? SIASSB_E_RANGE : SIASSB_E_ARG,
                 "%s of '%s': x = %g; allowed: 0 <= x <= 5 (x in LixSi)", property, m->id,
                 composition);
    if (d->uses & USES_STO && !(isfinite(composition) && composition >= 0 && composition <= 1))
        MAT_FAIL(m, isfinite(composition) ? SIASSB_E_RANGE : SIASSB_E_ARG,
                 "%s of '%s': sto = %g; allowed: 0 <= sto <= 1", property, m->id, composition);
    if (d->uses & USES_T && !(isfinite(temperature_K) && temperature_K > 0 && temperature_K <= 2000))
        MAT_FAIL(m, isfinite(temperature_K) ? SIASSB_E_RANGE : SIASSB_E_ARG,
                 "%s of '%s': T = %g K; allowed: 0 < T <= 2000 K", property, m->id,
                 temperature_K);
    if (d->uses & USES_H && !(isfinite(hysteresis) && hysteresis >= -1 && hysteresis <= 1))
        MAT_FAIL(m, isfinite(hysteresis) ? SIASSB_E_RANGE : SIASSB_E_ARG,
                 "%s of '%s': hysteresis = %g; allowed: -1 (lithiation branch) to +1 "
                 "(delithiation branch)",
                 property, m->id, hysteresis);
    double value = NAN;
    int extrapolated = 0;
    int rc = d->fn(m, d, composition, temperature_K, hysteresis, &value, &extrapolated);
    if (rc == SIASSB_E_RANGE)
        MAT_FAIL(m, rc, "%s of '%s' at T = %g K: the VTF law holds only above T0 = %g K",
                 property, m->id, temperature_K, scalar(m, "vtf_ideal_glass_temperature_K"));
    if (rc)
        return rc;
    *value_out = value;
    if (unit_out)
        *unit_out = d->unit;
    if (extrapolated) {
        if (d->uses & USES_T)
            siassb__msg(m->errmsg, sizeof m->errmsg,
                        "%s of '%s' at T = %g K lies outside the temperatures of its data; the "
                        "value is an extrapolation",
                        property, m->id, temperature_K);
        else
            siassb__msg(m->errmsg, sizeof m->errmsg,
                        "%s of '%s' at %s = %g lies outside the range of its data; the value is "
                        "an extrapolation",
                        property, m->id, d->uses & USES_X ? "x" : "sto", composition);
        return SIASSB_INFO_EXTRAPOLATED;
    }
    return SIASSB_OK;
}
