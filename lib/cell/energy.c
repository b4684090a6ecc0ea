/* Energy budget of the layer stack from the design alone (doc/cell.md,
 * "Energy budget"): the nominal capacity times the mean open-circuit voltage
 * of one discharge, per total areal mass and per total thickness. */
#include "cell/cell.h"

#include "materials/materials.h"
#include "siassb.h"

#include <math.h>
#include <string.h>

#define CU_DENSITY_KG_PER_M3 8960.0 /* copper, CRC Handbook */
#define AL_DENSITY_KG_PER_M3 2700.0 /* aluminium, CRC Handbook */
#define N_LAYERS 5
#define N_QUAD 400 /* midpoints of the OCV integral */

typedef struct layer {
    const char *name;
    double thickness_m, mass_kg_per_m2;
} layer;

static double scalar(const struct siassb_material *m, const char *key)
{
    const siassb__param *p = siassb__material_param(m, key);
    return p && p->kind == SIASSB_PARAM_SCALAR ? p->value : NAN;
}

static const siassb__param *table(const struct siassb_material *m, const char *key)
{
    const siassb__param *p = siassb__material_param(m, key);
    return p && p->kind == SIASSB_PARAM_TABLE ? p : NULL;
}

#define FAIL(c, code, ...)                                                                        \
    do {                                                                                          \
        siassb__msg((c)->errmsg, sizeof (c)->errmsg, __VA_ARGS__);                                \
        return (code);                                                                            \
    } while (0)

/* The layers of the stack, from the anode collector to the positive one. */
static int layers_of(siassb_cell *c, const siassb__cell_derived *d, layer *out)
{
    const double *v = c->value;
    int full = (int)v[SIASSB__CP_CELL_KIND] == 1;
    double w_si = v[SIASSB__CP_ANODE_SI_MASS_FRACTION];
    double t_sep = v[SIASSB__CP_SEPARATOR_THICKNESS_M];
    double rho_sep = scalar(c->material[SIASSB__CP_SEPARATOR_MATERIAL], "density_kg_per_m3");
    if (!(rho_sep > 0))
        FAIL(c, SIASSB_E_INVALID, "separator.material '%s' has no density_kg_per_m3",
             c->material[SIASSB__CP_SEPARATOR_MATERIAL]->id);
    double t_cu = v[SIASSB__CP_ANODE_CC_THICKNESS_M], t_al = v[SIASSB__CP_CATHODE_CC_THICKNESS_M];
    out[0] = (layer){"anode current collector (Cu)", t_cu, t_cu * CU_DENSITY_KG_PER_M3};
    out[1] = (layer){"anode composite", v[SIASSB__CP_ANODE_THICKNESS_M], d->si_mass_kg_per_m2 / w_si};
    out[2] = (layer){"separator", t_sep, t_sep * (1.0 - v[SIASSB__CP_SEPARATOR_POROSITY]) * rho_sep};
    if (full) {
        out[3] = (layer){"cathode composite", d->cathode_thickness_m,
                         v[SIASSB__CP_CATHODE_LOADING_KG_PER_M2] /
                             v[SIASSB__CP_CATHODE_ACTIVE_MASS_FRACTION]};
        out[4] = (layer){"cathode current collector (Al)", t_al, t_al * AL_DENSITY_KG_PER_M3};
    } else {
        const struct siassb_material *ce = c->material[SIASSB__CP_COUNTER_MATERIAL];
        double rho = scalar(ce, "density_kg_per_m3");
        if (!(rho > 0))
            FAIL(c, SIASSB_E_INVALID, "counter.material '%s' has no density_kg_per_m3", ce->id);
        double t = v[SIASSB__CP_COUNTER_THICKNESS_M];
        out[3] = (layer){"counter electrode", t, t * rho};
        out[4] = (layer){"counter current collector (Al)", t_al, t_al * AL_DENSITY_KG_PER_M3};
    }
    return SIASSB_OK;
}

static int budget(siassb_cell *c, siassb__cell_derived *d, layer *out)
{
    char why[SIASSB__MSG_CAP];
    int rc = siassb__cell_derive(c, d, why, sizeof why);
    if (rc)
        FAIL(c, rc, "%s", why);
    return layers_of(c, d, out);
}

/* Mean OCV difference of one discharge at the nominal capacity: the positive
 * electrode (cathode through its practical window, or the counter electrode)
 * minus the Si delithiation branch, from the lithiated state back to x = 0. */
static int mean_voltage(siassb_cell *c, const siassb__cell_derived *d, double *out)
{
    const struct siassb_material *si = c->material[SIASSB__CP_ANODE_ACTIVE];
    const siassb__param *ud = table(si, "ocv_delithiation_V");
    if (!ud)
        FAIL(c, SIASSB_E_INVALID, "anode.active_material '%s' has no ocv_delithiation_V", si->id);
    double x_10mV = scalar(si, "ocv_x_at_10mV");
    if (!isfinite(x_10mV))
        x_10mV = 0.0; /* without it the branch holds its end value (lib/materials) */
    double x_full = scalar(si, "x_full_lithiation");
    double q_nom = d->nominal_capacity_mAh_per_cm2, q_an = d->anode_capacity_mAh_per_cm2;
    int full = (int)c->value[SIASSB__CP_CELL_KIND] == 1;
    const siassb__param *up;
    double s0 = 0, s1 = 0, q_cat = 0, u_counter = 0;
    if (full) {
        const struct siassb_material *cat = c->material[SIASSB__CP_CATHODE_MATERIAL];
        up = table(cat, "ocv_V");
        s0 = scalar(cat, "sto_charged");
        s1 = scalar(cat, "sto_discharged");
        if (!up || !isfinite(s0) || !isfinite(s1) || !(s1 > s0))
            FAIL(c, SIASSB_E_INVALID,
                 "cathode.material '%s' needs ocv_V, sto_charged and sto_discharged (with "
                 "sto_charged < sto_discharged) for the energy budget",
                 cat->id);
        q_cat = d->cathode_capacity_mAh_per_cm2;
    } else {
        const struct siassb_material *ce = c->material[SIASSB__CP_COUNTER_MATERIAL];
        up = table(ce, "ocv_V");
        if (!up)
            FAIL(c, SIASSB_E_INVALID, "counter.material '%s' has no ocv_V", ce->id);
        int o = 0;
        /* the counter's potential at the middle of its table (a constant for Li, In-Li) */
        u_counter = siassb__table_interp(up->x, up->y, up->n, 0.5 * (up->x[0] + up->x[up->n - 1]), &o);
    }
    double sum = 0;
    for (int k = 0; k < N_QUAD; k++) {
        double q = (k + 0.5) / N_QUAD * q_nom; /* charge delivered so far, mAh/cm2 */
        int o = 0;
        double x = x_full * (q_nom - q) / q_an;
        double ua = siassb__lisi_ocv_branch(ud->x, ud->y, ud->n, x, x_10mV, &o);
        double upos = full ? siassb__table_interp(up->x, up->y, up->n, s0 + (s1 - s0) * q / q_cat, &o)
                           : u_counter;
        sum += upos - ua;
    }
    *out = sum / N_QUAD;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_energy(siassb_cell *cell, double *wh_per_kg_out, double *wh_per_l_out)
{
    if (!cell)
        return SIASSB_E_ARG;
    cell->errmsg[0] = '\0';
    if (!wh_per_kg_out || !wh_per_l_out)
        FAIL(cell, SIASSB_E_ARG, "siassb_cell_energy: %s is NULL",
             !wh_per_kg_out ? "wh_per_kg_out" : "wh_per_l_out");
    siassb__cell_derived d;
    layer ls[N_LAYERS];
    double u;
    int rc = budget(cell, &d, ls);
    if (rc || (rc = mean_voltage(cell, &d, &u)))
        return rc;
    double mass = 0, thick = 0;
    for (int i = 0; i < N_LAYERS; i++)
        mass += ls[i].mass_kg_per_m2, thick += ls[i].thickness_m;
    /* mAh/cm2 x V = mWh/cm2 = 10 Wh/m2 */
    double wh_per_m2 = 10.0 * d.nominal_capacity_mAh_per_cm2 * u;
    *wh_per_kg_out = wh_per_m2 / mass;
    *wh_per_l_out = wh_per_m2 / thick / 1000.0;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_layer_count(siassb_cell *cell, size_t *n_out)
{
    if (!cell)
        return SIASSB_E_ARG;
    cell->errmsg[0] = '\0';
    if (!n_out)
        FAIL(cell, SIASSB_E_ARG, "siassb_cell_layer_count: n_out is NULL");
    *n_out = N_LAYERS;
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_layer_info(siassb_cell *cell, size_t index, const char **name_out,
                                      double *thickness_m_out, double *areal_mass_kg_per_m2_out)
{
    if (!cell)
        return SIASSB_E_ARG;
    cell->errmsg[0] = '\0';
    if (index >= N_LAYERS)
        FAIL(cell, SIASSB_E_RANGE, "layer index %zu out of range: the budget has %d layers", index,
             N_LAYERS);
    siassb__cell_derived d;
    layer ls[N_LAYERS];
    int rc = budget(cell, &d, ls);
    if (rc)
        return rc;
    if (name_out)
        *name_out = ls[index].name;
    if (thickness_m_out)
        *thickness_m_out = ls[index].thickness_m;
    if (areal_mass_kg_per_m2_out)
        *areal_mass_kg_per_m2_out = ls[index].mass_kg_per_m2;
    return SIASSB_OK;
}
