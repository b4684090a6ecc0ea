#include "sim/sim.h"
#include "sim/cellmech.h"
#include "sim/mechanics.h"

#include "core/constants.h"
#include "db/material.h"
#include "materials/materials.h"
#include "siassb.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- mesh ---- */

/* Faces graded towards the surface, where the gradients are: about twice as
 * fine there as at the centre (or the current collector of a film). */
static double graded(double s) { return 0.6 * s + 0.4 * sin(1.5707963267948966 * s); }

static int particle_init(siassb__particle *p, size_t n, int planar, double radius,
                         double sites_per_m2, double D, double area_per_m2)
{
    memset(p, 0, sizeof *p);
    p->n = n;
    p->planar = planar;
    p->radius = radius;
    p->sites_per_m2 = sites_per_m2;
    p->sites_active = sites_per_m2;
    p->D = D;
    p->area_per_m2 = area_per_m2;
    p->factor_dt = NAN;
    double **arrays[] = {&p->face,   &p->vol,          &p->coupling, &p->diag, &p->upper,
                         &p->lower,  &p->cprime,       &p->dprime_scale, &p->u, &p->w,
                         &p->y1,     &p->trial,        &p->affine};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) {
        *arrays[i] = calloc(n + 1, sizeof(double));
        if (!*arrays[i])
            return 0;
    }
    for (size_t k = 0; k <= n; k++)
        p->face[k] = radius * graded((double)k / (double)n);
    p->face[n] = radius;
    double centre_prev = 0;
    p->total_vol = 0;
    for (size_t k = 0; k < n; k++) {
        double a = p->face[k], b = p->face[k + 1];
        p->vol[k] = planar ? b - a : (b * b * b - a * a * a) / 3.0;
        p->total_vol += p->vol[k];
        double centre = 0.5 * (a + b);
        if (k > 0) {
            double area = planar ? 1.0 : a * a;
            p->coupling[k] = area / (centre - centre_prev);
        }
        centre_prev = centre;
    }
    p->surface_gap = radius - centre_prev;
    p->surface_area = planar ? 1.0 : radius * radius;
    return 1;
}

static void particle_free(siassb__particle *p)
{
    double *arrays[] = {p->face,  p->vol,    p->coupling,     p->diag, p->upper,
                        p->lower, p->cprime, p->dprime_scale, p->u,    p->w,
                        p->y1,    p->trial,  p->affine};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    memset(p, 0, sizeof *p);
}

double siassb__particle_surface(const siassb__particle *p, const double *y, double flux)
{
    /* flux in composition units per time through the surface, per unit of
     * the surface's pristine area: y_s = y_last + J gap / D */
    return y[p->n - 1] + flux * p->surface_gap / p->D;
}

/* composition flux J through the surface for a Li rate n_dot (mol/m2/s) */
static double particle_flux(const siassb__particle *p, double n_dot)
{
    return n_dot * p->total_vol / (p->sites_active * p->surface_area);
}

double siassb__particle_mean(const siassb__particle *p, const double *y)
{
    double s = 0;
    for (size_t k = 0; k < p->n; k++)
        s += p->vol[k] * y[k];
    return s / p->total_vol;
}

/* ---- potentials ---- */

double siassb__sim_si_ocv(const struct siassb_sim *sim, double x, double h)
{
    int outside = 0;
    double ul = siassb__lisi_ocv_branch(sim->ocv_lith_x, sim->ocv_lith_u, sim->ocv_lith_n, x,
                                        sim->ocv_x_10mV, &outside);
    double ud = siassb__lisi_ocv_branch(sim->ocv_delith_x, sim->ocv_delith_u, sim->ocv_delith_n, x,
                                        sim->ocv_x_10mV, &outside);
    return siassb__ocv_hysteresis(ul, ud, sim->hysteresis_on ? h : 0.0);
}

static double overpotential(const struct siassb_sim *sim, double current_per_area, double i0)
{
    return 2.0 / sim->f_rt * asinh(current_per_area / (2.0 * i0));
}

double siassb__sim_si_surface(const struct siassb_sim *sim, const double *x, double current)
{
    const siassb__particle *a = &sim->anode;
    double n_dot = (sim->si_sign * current - siassb__cellmech_anode_side(sim)) / SIASSB__FARADAY;
    double flux = particle_flux(a, n_dot);
    double f15 = sim->li15_on ? sim->li15[a->n - 1] : 0.0;
    double c = sim->front_on ? sim->cryst[a->n - 1] : 0.0;
    /* the amorphous rest of the surface shell holds the mobile Li (beside
     * Li15Si4 or crystalline Si), and the gradient to the surface is a
     * gradient of that mobile composition */
    double last = x[a->n - 1];
    if (f15 > 0.0)
        last = (last - 3.75 * f15) / (1.0 - f15);
    else if (c > 0.0 && c < 1.0)
        last /= 1.0 - c;
    return last + flux * a->surface_gap / a->D;
}

/* Crystalline Si left by the two-phase front, as a fraction of the
 * particle's pristine volume. */
double siassb__sim_crystalline_fraction(const struct siassb_sim *sim)
{
    return siassb__particle_mean(&sim->anode, sim->cryst);
}

/* Crystalline volume fraction over which the stress shift of the Si
 * potential returns at the end of the first lithiation. */
#define CRYSTALLINE_SHIFT_WIDTH 0.01

double siassb__sim_voltage(const struct siassb_sim *sim, const double *x, const double *theta,
                           double h, double current, double *anode_potential,
                           double *cathode_potential)
{
    const siassb__particle *a = &sim->anode;
    /* the hosts carry the cell current less (anode) or plus (cathode) the
     * side reactions'; the ohmic drop carries the cell current */
    double side_a = siassb__cellmech_anode_side(sim);
    double i_si = current - sim->si_sign * side_a, i_c = current + siassb__cellmech_cathode_side(sim);
    double n_dot_si = sim->si_sign * i_si / SIASSB__FARADAY;
    double area_si = a->area_per_m2 * (a->sites_active / a->sites_per_m2) * sim->s.m.contact;
    double xs = siassb__sim_si_surface(sim, x, current);
    /* while the front is in the surface shell, the surface is two-phase */
    int two_phase_surface = sim->front_on && sim->cryst[a->n - 1] > 0.0 && n_dot_si > 0.0;
    /* reaction on the swollen surface: area grows as (V/V0)^(2/3) */
    double stretch = a->planar ? 1.0 : cbrt(1.0 + sim->omega_ratio * fmax(xs, 0.0));
    stretch *= a->planar ? 1.0 : stretch;
    double shift = 0.0;
    if (sim->stress_on) {
        /* films: biaxial, sigma_h = 2 sigma_f / 3 at the electrolyte face;
         * particles: the surface shell's hydrostatic stress of this step */
        double ref = sim->sigma_ref_lith + 0.5 * (1.0 + (sim->hysteresis_on ? h : 0.0)) *
                                               (sim->sigma_ref_delith - sim->sigma_ref_lith);
        if (sim->sigma_ref_at_flow) {
            /* -2 sigma_Y/3 to +2 sigma_Y/3, weighted like the branches; one
             * measured (lithiation) branch serves both directions with its
             * compressive flow stress */
            double w = sim->ocv_delith_u == sim->ocv_lith_u ? -1.0 : sim->hysteresis_on ? h : 0.0;
            /* at the composition of the stressed layer (a film's surface layer) */
            double x_ref = a->planar ? x[a->n - 1] : xs;
            ref = w * 2.0 / 3.0 * siassb__si_yield_Pa(sim, fmax(x_ref, 0.0));
        }
        /* a film confined by the stack also carries its pressure normal to it */
        double sh = sim->sphere_stress ? sim->s.surface_hydrostatic
                                       : 2.0 * sim->sigma[a->n - 1] / 3.0 -
                                             (sim->cm.confinement ? sim->s.m.pressure / 3.0 : 0.0);
        shift = siassb__stress_potential_shift(sim->omega_li, sh, ref);
        /* while a particle (or film) still holds crystalline Si, its GPa core-shell
         * stresses belong to the first lithiation, whose plateau was measured
         * on particles that carried them: no shift is added then (a
         * documented choice, doc/model.md). The shift returns over the last
         * CRYSTALLINE_SHIFT_WIDTH of crystalline volume, smoothly: a switch
         * at zero would jump the potential by tens of mV in one step, which
         * no step size can resolve */
        if (sim->front_on && sim->cryst[0] > 0.0)
            shift *= fmax(0.0, 1.0 - siassb__sim_crystalline_fraction(sim) / CRYSTALLINE_SHIFT_WIDTH);
    }
    double u_si;
    if (two_phase_surface) {
        /* the front at the surface: the plateau less the front overpotential
         * that drives the conversion the current asks for; the plateau is
         * measured on stressed particles, so no stress shift is added to it */
        double speed = fmax(particle_flux(a, n_dot_si), 0.0) / sim->front_x_eq;
        u_si = sim->front_potential -
               log1p(speed / sim->front_rate) / (sim->front_alpha * sim->f_rt);
        shift = 0.0;
    } else {
        u_si = siassb__sim_si_ocv(sim, xs, h);
    }
    double phi_a = u_si + shift -
                   sim->si_sign * overpotential(sim, i_si / (area_si * stretch), sim->i0_anode);
    double phi_c;
    if (sim->full) {
        const siassb__particle *c = &sim->cathode;
        double ts = siassb__particle_surface(c, theta, particle_flux(c, i_c / SIASSB__FARADAY));
        int outside;
        double u = siassb__table_interp(sim->cathode_ocv_x, sim->cathode_ocv_u, sim->cathode_ocv_n,
                                        ts, &outside);
        phi_c = u - overpotential(sim, i_c / c->area_per_m2, sim->i0_cathode);
    } else {
        phi_c = sim->counter_potential +
                (sim->i0_counter > 0 ? overpotential(sim, current, sim->i0_counter) : 0.0);
    }
    if (anode_potential)
        *anode_potential = phi_a;
    if (cathode_potential)
        *cathode_potential = phi_c;
    double ohmic = current * (sim->r_ohm + sim->s.m.r_interface);
    return sim->full ? phi_c - phi_a - ohmic : phi_a - phi_c - ohmic;
}

double siassb__sim_cell_voltage(const struct siassb_sim *sim)
{
    return sim->s.voltage_valid ? sim->s.voltage
                                : siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, sim->s.current,
                                                      NULL, NULL);
}

double siassb__sim_inventory(const struct siassb_sim *sim)
{
    double li = sim->anode.sites_active * siassb__particle_mean(&sim->anode, sim->x) + siassb__cellmech_bound_li(sim);
    if (sim->full)
        li += sim->cathode.sites_per_m2 * siassb__particle_mean(&sim->cathode, sim->theta);
    else
        li += sim->s.counter_mol;
    return li;
}

/* ---- setup ---- */

static const siassb__param *need(const struct siassb_material *m, const char *name, char *msg,
                                 size_t cap)
{
    const siassb__param *p = siassb__material_param(m, name);
    if (!p)
        siassb__msg(msg, cap, "material '%s' lacks '%s', which the simulation needs", m->id, name);
    return p;
}

static int eval_at(struct siassb_material *m, const char *prop, double c, double T, double *out,
                   char *msg, size_t cap)
{
    int rc = siassb_material_eval(m, prop, c, T, 0.0, out, NULL);
    if (rc < 0)
        siassb__msg(msg, cap, "%s", siassb_material_errmsg(m));
    return rc < 0 ? rc : SIASSB_OK;
}

int siassb__sim_setup(struct siassb_sim *sim, char *msg, size_t cap)
{
    struct siassb_cell *cell = sim->cell;
    const double *v = cell->value;
    int rc = siassb__cell_derive(cell, &sim->derived, msg, cap);
    if (rc)
        return rc;
    sim->full = v[SIASSB__CP_CELL_KIND] == 1.0;
    sim->si_sign = sim->full ? -1.0 : 1.0;
    sim->T = v[SIASSB__CP_TEMPERATURE_K];
    sim->f_rt = SIASSB__FARADAY / (SIASSB__GAS_CONSTANT * sim->T);
    sim->rtol = v[SIASSB__CP_NUMERICS_RTOL];
    sim->hysteresis_on = v[SIASSB__CP_MECH_HYSTERESIS] == 1.0;
    sim->hysteresis_rate = v[SIASSB__CP_ANODE_HYSTERESIS_RATE];

    struct siassb_material *si = cell->material[SIASSB__CP_ANODE_ACTIVE];
    const siassb__param *pl, *pd, *pm, *pv, *pvl;
    if (!(pl = need(si, "ocv_lithiation_V", msg, cap)) ||
        !(pm = need(si, "molar_mass_g_per_mol", msg, cap)) ||
        !(pv = need(si, "molar_volume_m3_per_mol", msg, cap)) ||
        !(pvl = need(si, "partial_molar_volume_Li_m3_per_mol", msg, cap)))
        return SIASSB_E_INVALID;
    /* a material with a single measured branch uses it in both directions */
    if (!(pd = siassb__material_param(si, "ocv_delithiation_V")))
        pd = pl;
    sim->ocv_lith_x = pl->x, sim->ocv_lith_u = pl->y, sim->ocv_lith_n = pl->n;
    sim->ocv_delith_x = pd->x, sim->ocv_delith_u = pd->y, sim->ocv_delith_n = pd->n;
    const siassb__param *p10 = siassb__material_param(si, "ocv_x_at_10mV");
    sim->ocv_x_10mV = p10 ? p10->value : 0.0;
    sim->omega_ratio = pvl->value / pv->value;
    sim->x_max = 4.4;

    sim->omega_li = pvl->value;
    /* stress where the material gives its mechanics (a user material with
     * only an OCV and a diffusivity runs without) */
    const siassb__param *pe0 = siassb__material_param(si, "flow_reference_strain_rate_per_s");
    const siassb__param *pm_ = siassb__material_param(si, "flow_stress_exponent");
    sim->modulus_GPa = siassb__material_param(si, "youngs_modulus_GPa");
    sim->poisson = siassb__material_param(si, "poisson_ratio");
    sim->yield_GPa = siassb__material_param(si, "yield_stress_GPa");
    int planar_anode = v[SIASSB__CP_ANODE_GEOMETRY] == 1.0;
    int stress_wanted = planar_anode ? v[SIASSB__CP_MECH_STRESS] == 1.0
                                     : v[SIASSB__CP_MECH_PARTICLE_STRESS] == 1.0;
    if (stress_wanted && pe0 && pm_ && sim->modulus_GPa && sim->poisson && sim->yield_GPa) {
        sim->stress_on = 1;
        sim->sphere_stress = !planar_anode;
        sim->stress_flux = v[SIASSB__CP_MECH_STRESS_FLUX] == 1.0;
        sim->contact_pressure_base_Pa = v[SIASSB__CP_ANODE_PARTICLE_CONTACT_PRESSURE_MPA] * 1e6;
        sim->contact_pressure_Pa = sim->contact_pressure_base_Pa;
        sim->flow_rate0 = pe0->value;
        sim->flow_exponent = pm_->value;
        const siassb__param *rl = siassb__material_param(si, "ocv_lithiation_reference_stress_Pa");
        const siassb__param *rd = siassb__material_param(si, "ocv_delithiation_reference_stress_Pa");
        const siassb__param *rs = siassb__material_param(si, "ocv_reference_stress");
        sim->sigma_ref_at_flow = rs && rs->choice && strcmp(rs->choice, "flow") == 0;
        if (sim->sigma_ref_at_flow && (rl || rd)) {
            siassb__msg(msg, cap,
                        "material '%s': ocv_reference_stress is flow but "
                        "ocv_*_reference_stress_Pa is given; give one or the other",
                        si->id);
            return SIASSB_E_INVALID;
        }
        sim->sigma_ref_lith = rl ? rl->value : 0.0;
        sim->sigma_ref_delith = rd ? rd->value : sim->sigma_ref_lith;
    }

    const siassb__param *pf0 = siassb__material_param(si, "initial_crystalline_fraction");
    const siassb__param *puc = siassb__material_param(si, "two_phase_plateau_V");
    const siassb__param *pkc = siassb__material_param(si, "two_phase_front_rate_constant_m_per_s");
    const siassb__param *pac = siassb__material_param(si, "two_phase_front_transfer_coefficient");
    if (v[SIASSB__CP_MECH_FRONT] == 1.0 && pf0 && pf0->value > 0) {
        if (!puc || !pkc) {
            siassb__msg(msg, cap,
                        "material '%s' is crystalline but lacks two_phase_plateau_V or "
                        "two_phase_front_rate_constant_m_per_s; give them or set "
                        "mechanisms.two_phase_front = off",
                        si->id);
            return SIASSB_E_INVALID;
        }
        sim->front_on = 1;
        sim->front_potential = puc->value;
        sim->front_rate = pkc->value;
        sim->front_alpha = pac ? pac->value : 0.5;
    }

    const siassb__param *p15x = siassb__material_param(si, "li15si4_formation_x");
    const siassb__param *p15u = siassb__material_param(si, "li15si4_delithiation_plateau_V");
    const siassb__param *p15k = siassb__material_param(si, "li15si4_crystallisation_rate_per_s");
    const siassb__param *p15s = siassb__material_param(si, "li15si4_min_size_m");
    if (v[SIASSB__CP_MECH_LI15SI4] == 1.0 && p15x && p15u && p15k) {
        /* Li15Si4 forms only in films thicker, and particles larger in
         * diameter, than the critical size (Hatchard & Dahn 2004) */
        double size = v[SIASSB__CP_ANODE_GEOMETRY] == 1.0
                          ? v[SIASSB__CP_ANODE_THICKNESS_M]
                          : 2.0 * v[SIASSB__CP_ANODE_PARTICLE_RADIUS_M];
        sim->li15_on = !p15s || size >= p15s->value;
        sim->li15_formation_x = p15x->value;
        sim->li15_rate = p15k->value;
        const siassb__param *pdl = siassb__material_param(si, "ocv_delithiation_V");
        if (!pdl)
            pdl = pl;
        sim->li15_x_eq =
            siassb__lisi_ocv_branch_inverse(pdl->x, pdl->y, pdl->n, 0.0, p15u->value, 3.75);
    }

    double D_si;
    if ((rc = eval_at(si, "diffusivity", NAN, sim->T, &D_si, msg, cap)))
        return rc;
    double n_si = sim->derived.si_mass_kg_per_m2 / (pm->value * 1e-3);
    int planar = v[SIASSB__CP_ANODE_GEOMETRY] == 1.0;
    double si_volume = n_si * pv->value; /* dense pristine Si per m2 */
    double radius = planar ? si_volume : v[SIASSB__CP_ANODE_PARTICLE_RADIUS_M];
    double area = planar ? 1.0 : 3.0 * si_volume / radius;
    if (!particle_init(&sim->anode, (size_t)v[SIASSB__CP_NUMERICS_ANODE_SHELLS], planar, radius,
                       n_si, D_si, area)) {
        siassb__msg(msg, cap, "out of memory allocating the anode mesh");
        return SIASSB_E_NOMEM;
    }
    sim->i0_anode = v[SIASSB__CP_ANODE_EXCHANGE_CURRENT_A_PER_M2];

    /* ohmic resistance: separator + composites (uniform reaction: L/3) + interfaces */
    double b = v[SIASSB__CP_ANODE_TORTUOSITY_EXPONENT];
    double sigma;
    if ((rc = eval_at(cell->material[SIASSB__CP_SEPARATOR_MATERIAL], "conductivity", NAN, sim->T,
                      &sigma, msg, cap)))
        return rc;
    sim->r_ohm = v[SIASSB__CP_SEPARATOR_THICKNESS_M] /
                 (sigma * pow(1.0 - v[SIASSB__CP_SEPARATOR_POROSITY], b));
    if (!planar) {
        if ((rc = eval_at(cell->material[SIASSB__CP_ANODE_ELECTROLYTE], "conductivity", NAN, sim->T,
                          &sigma, msg, cap)))
            return rc;
        double phi = sim->derived.anode_electrolyte_volume_fraction;
        if (phi > 0)
            sim->r_ohm += v[SIASSB__CP_ANODE_THICKNESS_M] / (3.0 * sigma * pow(phi, b));
    }
    /* the Si | electrolyte interface resistance is the cell mechanics' (it
     * grows as contact falls) */

    if (sim->full) {
        struct siassb_material *cm = cell->material[SIASSB__CP_CATHODE_MATERIAL];
        const siassb__param *po, *ps0, *ps1, *pq, *prho;
        if (!(po = need(cm, "ocv_V", msg, cap)) || !(ps0 = need(cm, "sto_charged", msg, cap)) ||
            !(ps1 = need(cm, "sto_discharged", msg, cap)) ||
            !(pq = need(cm, "specific_capacity_mAh_per_g", msg, cap)) ||
            !(prho = need(cm, "density_kg_per_m3", msg, cap)))
            return SIASSB_E_INVALID;
        sim->cathode_ocv_x = po->x, sim->cathode_ocv_u = po->y, sim->cathode_ocv_n = po->n;
        double loading = v[SIASSB__CP_CATHODE_LOADING_KG_PER_M2];
        double q_practical = loading * pq->value * 3.6 * 1000.0; /* C/m2 */
        double sites = q_practical / SIASSB__FARADAY / (ps1->value - ps0->value);
        double D_c = 1e-14;
        if (siassb__material_param(cm, "diffusivity_m2_per_s") &&
            (rc = eval_at(cm, "diffusivity", NAN, sim->T, &D_c, msg, cap)))
            return rc;
        double rc_m = v[SIASSB__CP_CATHODE_PARTICLE_RADIUS_M];
        double c_area = 3.0 * (loading / prho->value) / rc_m;
        if (!particle_init(&sim->cathode, (size_t)v[SIASSB__CP_NUMERICS_CATHODE_SHELLS], 0, rc_m,
                           sites, D_c, c_area)) {
            siassb__msg(msg, cap, "out of memory allocating the cathode mesh");
            return SIASSB_E_NOMEM;
        }
        sim->i0_cathode = v[SIASSB__CP_CATHODE_EXCHANGE_CURRENT_A_PER_M2];
        if ((rc = eval_at(cell->material[SIASSB__CP_CATHODE_ELECTROLYTE], "conductivity", NAN,
                          sim->T, &sigma, msg, cap)))
            return rc;
        double phi = sim->derived.cathode_electrolyte_volume_fraction;
        if (phi > 0)
            sim->r_ohm += sim->derived.cathode_thickness_m / (3.0 * sigma * pow(phi, b));
        sim->r_ohm += v[SIASSB__CP_CATHODE_INTERFACE_RESISTANCE_OHM_M2];
    } else {
        struct siassb_material *ctr = cell->material[SIASSB__CP_COUNTER_MATERIAL];
        const siassb__param *po, *prho, *pmm;
        if (!(po = need(ctr, "ocv_V", msg, cap)) || !(prho = need(ctr, "density_kg_per_m3", msg, cap)) ||
            !(pmm = need(ctr, "molar_mass_g_per_mol", msg, cap)))
            return SIASSB_E_INVALID;
        int outside;
        sim->counter_potential = siassb__table_interp(po->x, po->y, po->n, 0.5, &outside);
        double host_mol = v[SIASSB__CP_COUNTER_THICKNESS_M] * prho->value / (pmm->value * 1e-3);
        const siassb__param *pq = siassb__material_param(ctr, "specific_capacity_mAh_per_g");
        if (pq) { /* an alloy: Li capacity of its two-phase span; start half way */
            sim->counter_capacity_mol = host_mol * pmm->value * pq->value * 3.6 / SIASSB__FARADAY;
            sim->s.counter_mol = 0.5 * sim->counter_capacity_mol;
            sim->counter_is_alloy = 1;
        } else { /* Li metal: the foil itself */
            sim->counter_capacity_mol = host_mol;
            sim->s.counter_mol = host_mol;
        }
        const siassb__param *pi0 = siassb__material_param(ctr, "exchange_current_density_A_per_m2");
        sim->i0_counter = pi0 ? pi0->value : 0.0;
    }
    sim->nominal_A_per_m2_per_C = sim->derived.nominal_capacity_mAh_per_cm2 * 10.0;

    size_t n_layers = 0;
    sim->stack_mass_kg_per_m2 = sim->stack_thickness_m = 0;
    if (siassb_cell_layer_count(cell, &n_layers) == SIASSB_OK)
        for (size_t i = 0; i < n_layers; i++) {
            double t_m, m_kg;
            if (siassb_cell_layer_info(cell, i, NULL, &t_m, &m_kg) == SIASSB_OK) {
                sim->stack_thickness_m += t_m;
                sim->stack_mass_kg_per_m2 += m_kg;
            }
        }

    /* state: pristine Si, discharged cathode, on the lithiation branch */
    size_t na = sim->anode.n, nc = sim->full ? sim->cathode.n : 1;
    sim->x = calloc(na, sizeof(double));
    sim->sigma = calloc(na, sizeof(double));
    sim->cryst = calloc(na, sizeof(double));
    sim->li15 = calloc(na, sizeof(double));
    sim->plastic = calloc(na, sizeof(double));
    sim->sig_r = calloc(na, sizeof(double));
    sim->sig_t = calloc(na, sizeof(double));
    sim->mech_diag = calloc(na, sizeof(double));
    sim->mech_off = calloc(na, sizeof(double));
    sim->mech_rhs = calloc(na, sizeof(double));
    sim->mech_u = calloc(na, sizeof(double));
    sim->mech_cp = calloc(na, sizeof(double));
    sim->diff_w = calloc(na, sizeof(double));
    sim->diff_o = calloc(na, sizeof(double));
    sim->diff_in = calloc(na, 1);
    sim->face_scale = calloc(na + 1, sizeof(double));
    sim->face_drive = calloc(na + 1, sizeof(double));
    sim->theta = calloc(nc, sizeof(double));
    int ok = sim->x && sim->sigma && sim->cryst && sim->li15 && sim->diff_w && sim->diff_o &&
             sim->diff_in && sim->face_scale && sim->face_drive && sim->theta && sim->plastic && sim->sig_r && sim->sig_t &&
             sim->mech_diag && sim->mech_off && sim->mech_rhs && sim->mech_u && sim->mech_cp;
    siassb__snapshot *snaps[] = {&sim->step_snapshot, &sim->entry_snapshot};
    for (size_t i = 0; i < 2; i++) {
        snaps[i]->x = calloc(na, sizeof(double));
        snaps[i]->sigma = calloc(na, sizeof(double));
        snaps[i]->cryst = calloc(na, sizeof(double));
        snaps[i]->li15 = calloc(na, sizeof(double));
        snaps[i]->plastic = calloc(na, sizeof(double));
        snaps[i]->theta = calloc(nc, sizeof(double));
        ok = ok && snaps[i]->x && snaps[i]->sigma && snaps[i]->cryst && snaps[i]->li15 &&
             snaps[i]->plastic && snaps[i]->theta;
    }
    if (!ok) {
        siassb__msg(msg, cap, "out of memory allocating the state");
        return SIASSB_E_NOMEM;
    }
    if (sim->full) {
        double s1 = siassb__material_param(cell->material[SIASSB__CP_CATHODE_MATERIAL],
                                           "sto_discharged")->value;
        for (size_t k = 0; k < nc; k++)
            sim->theta[k] = s1;
    }
    if (sim->front_on) {
        /* a crystalline core of the pristine volume fraction f0, at the centre
         * (film: at the collector); the front sits where the lithiation
         * branch crosses the plateau potential */
        const siassb__particle *a = &sim->anode;
        double core = a->planar ? pf0->value * a->radius : cbrt(pf0->value) * a->radius;
        for (size_t k = 0; k < na; k++) {
            double lo = a->face[k], hi = fmin(a->face[k + 1], core);
            double inside = hi <= lo ? 0.0 : a->planar ? hi - lo : (hi * hi * hi - lo * lo * lo) / 3.0;
            sim->cryst[k] = fmin(1.0, inside / a->vol[k]);
        }
        sim->front_x_eq = siassb__lisi_ocv_branch_inverse(sim->ocv_lith_x, sim->ocv_lith_u,
                                                          sim->ocv_lith_n, sim->ocv_x_10mV,
                                                          sim->front_potential, sim->x_max);
        int outside;
        double dx = 1e-3;
        double slope = (siassb__lisi_ocv_branch(sim->ocv_lith_x, sim->ocv_lith_u, sim->ocv_lith_n,
                                                sim->front_x_eq + dx, sim->ocv_x_10mV, &outside) -
                        siassb__lisi_ocv_branch(sim->ocv_lith_x, sim->ocv_lith_u, sim->ocv_lith_n,
                                                sim->front_x_eq - dx, sim->ocv_x_10mV, &outside)) /
                       (2 * dx);
        sim->front_kappa =
            sim->front_x_eq * sim->front_rate * sim->front_alpha * sim->f_rt * fabs(slope);
    }
    sim->s.h = -1.0;
    sim->s.dt_next = 1.0;
    if ((rc = siassb__cellmech_setup(sim, msg, cap)))
        return rc;
    sim->p.stress_min = INFINITY;
    sim->p.stress_max = -INFINITY;
    sim->inventory0 = siassb__sim_inventory(sim);
    sim->cyclable0 = sim->full ? sim->cathode.sites_per_m2 * sim->theta[0] : sim->s.counter_mol;
    sim->mode = SIASSB_MODE_REST;
    for (int e = 0; e < SIASSB__EVENT_KINDS; e++)
        sim->event_threshold[e] = NAN;
    siassb__cellmech_side_currents(sim);
    sim->p.pressure_min = INFINITY;
    sim->p.pressure_max = -INFINITY;
    return SIASSB_OK;
}

void siassb__sim_destroy(struct siassb_sim *sim)
{
    if (!sim)
        return;
    particle_free(&sim->anode);
    particle_free(&sim->cathode);
    free(sim->x);
    free(sim->sigma);
    free(sim->cryst);
    free(sim->li15);
    free(sim->plastic);
    free(sim->sig_r);
    free(sim->sig_t);
    free(sim->mech_diag);
    free(sim->mech_off);
    free(sim->mech_rhs);
    free(sim->mech_u);
    free(sim->mech_cp);
    free(sim->diff_w);
    free(sim->diff_o);
    free(sim->diff_in);
    free(sim->face_scale);
    free(sim->face_drive);
    free(sim->theta);
    siassb__snapshot *snaps[] = {&sim->step_snapshot, &sim->entry_snapshot};
    for (size_t i = 0; i < 2; i++) {
        free(snaps[i]->x);
        free(snaps[i]->sigma);
        free(snaps[i]->cryst);
        free(snaps[i]->li15);
        free(snaps[i]->plastic);
        free(snaps[i]->theta);
    }
    siassb__cell_destroy(sim->cell);
    free(sim);
}

/* ---- public ---- */

#define SIM_FAIL(sim, code, ...)                                                                  \
    do {                                                                                          \
        siassb__msg((sim)->errmsg, sizeof (sim)->errmsg, __VA_ARGS__);                            \
        return (code);                                                                            \
    } while (0)

SIASSB_API int siassb_sim_create(const siassb_cell *cell, siassb_sim **out, char *errbuf,
                                 size_t errcap)
{
    siassb__init_once();
    if (out)
        *out = NULL;
    if (!cell || !out) {
        siassb__msg(errbuf, errcap, "siassb_sim_create: %s is NULL", !cell ? "cell" : "out");
        return SIASSB_E_ARG;
    }
    struct siassb_sim *sim = calloc(1, sizeof *sim);
    if (!sim || !(sim->cell = siassb__cell_copy(cell))) {
        free(sim);
        siassb__msg(errbuf, errcap, "out of memory creating a simulation");
        return SIASSB_E_NOMEM;
    }
    int rc = siassb__sim_setup(sim, errbuf, errcap);
    if (rc) {
        siassb__sim_destroy(sim);
        return rc;
    }
    siassb__msg(errbuf, errcap, "%s", "");
    *out = sim;
    return SIASSB_OK;
}

SIASSB_API void siassb_sim_free(siassb_sim *sim) { siassb__sim_destroy(sim); }

SIASSB_API int siassb_sim_copy_cell(siassb_sim *sim, siassb_cell **out)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (!out)
        SIM_FAIL(sim, SIASSB_E_ARG, "siassb_sim_copy_cell: out is NULL");
    *out = siassb__cell_copy(sim->cell);
    if (!*out)
        SIM_FAIL(sim, SIASSB_E_NOMEM, "out of memory copying the cell");
    return SIASSB_OK;
}

SIASSB_API const char *siassb_sim_errmsg(const siassb_sim *sim)
{
    return sim ? sim->errmsg : "simulation handle is NULL";
}

SIASSB_API int siassb_sim_set_mode(siassb_sim *sim, int mode, double value)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (mode < SIASSB_MODE_REST || mode > SIASSB_MODE_VOLTAGE)
        SIM_FAIL(sim, SIASSB_E_ARG, "mode %d unknown; allowed: 1 rest, 2 current, 3 C-rate, 4 voltage",
                 mode);
    if (mode == SIASSB_MODE_REST)
        value = 0.0; /* ignored */
    if (!isfinite(value))
        SIM_FAIL(sim, SIASSB_E_ARG, "set-point %g of mode %d is not finite", value, mode);
    double limit = mode == SIASSB_MODE_CURRENT ? 1e5 : mode == SIASSB_MODE_CRATE ? 100 : 10;
    if (mode != SIASSB_MODE_REST && fabs(value) > limit)
        SIM_FAIL(sim, SIASSB_E_RANGE, "set-point %g out of range; allowed: |value| <= %g %s", value,
                 limit, mode == SIASSB_MODE_CURRENT ? "A/m2" : mode == SIASSB_MODE_CRATE ? "C" : "V");
    sim->mode = mode;
    sim->setpoint = mode == SIASSB_MODE_CRATE ? value * sim->nominal_A_per_m2_per_C : value;
    if (mode == SIASSB_MODE_CRATE)
        sim->mode = SIASSB_MODE_CURRENT;
    /* a set current applies at once; a voltage hold keeps the last current as
     * the first guess of its solve */
    if (sim->mode != SIASSB_MODE_VOLTAGE)
        sim->s.current = sim->mode == SIASSB_MODE_CURRENT ? sim->setpoint : 0.0;
    sim->s.charge_mode = 0;
    sim->s.voltage_valid = 0;
    siassb__cellmech_side_currents(sim); /* they depend on the current */
    return SIASSB_OK;
}

SIASSB_API int siassb_sim_set_event(siassb_sim *sim, int event, double threshold)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (event < SIASSB_EVENT_VOLTAGE_MIN || event > SIASSB_EVENT_CAPACITY)
        SIM_FAIL(sim, SIASSB_E_ARG, "event %d unknown; allowed: 1 voltage min, 2 voltage max, "
                 "3 current below, 4 capacity (the composition limit is always on)", event);
    if (isinf(threshold))
        SIM_FAIL(sim, SIASSB_E_ARG, "event threshold is infinite; NaN disarms an event");
    sim->event_threshold[event] = threshold;
    return SIASSB_OK;
}

SIASSB_API int siassb_sim_step(siassb_sim *sim, double dt_s, double *t_reached_s, int *event)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (event)
        *event = SIASSB_EVENT_NONE;
    if (!isfinite(dt_s) || dt_s <= 0 || dt_s > 1e9)
        SIM_FAIL(sim, isfinite(dt_s) ? SIASSB_E_RANGE : SIASSB_E_ARG,
                 "dt = %g s; allowed: 0 < dt <= 1e9 s", dt_s);
    int ev = SIASSB_EVENT_NONE;
    int rc = siassb__sim_advance(sim, dt_s, &ev);
    if (t_reached_s)
        *t_reached_s = sim->s.t;
    if (event)
        *event = ev;
    return rc;
}

static const char *const output_names[] = {
    NULL,
    "time_s",
    "current_A_per_m2",
    "voltage_V",
    "anode_potential_V",
    "cathode_potential_V",
    "si_x_mean",
    "si_x_surface",
    "hysteresis_state",
    "cathode_sto_mean",
    "cathode_sto_surface",
    "charge_mAh_per_cm2",
    "cycle",
    "ohmic_drop_V",
    "stack_pressure_MPa",
    "particle_surface_hoop_stress_Pa",
    "anode_thickness_m",
    "sei_thickness_m",
    "lithium_inventory_mol_per_m2",
    "si_capacity_mAh_per_g",
    "crystalline_fraction",
    "front_position_m",
    "li15si4_fraction",
    "surface_hydrostatic_stress_Pa",
    "centre_stress_Pa",
    "surface_plastic_strain",
    "contact_fraction",
    "isolated_fraction",
    "stack_thickness_change_m",
    "interphase_lithium_mol_per_m2",
    "trapped_lithium_mol_per_m2",
    "cathode_interphase_thickness_m",
    "lift_off_gap_m",
    "si_lithium_mol_per_m2",
    "positive_lithium_mol_per_m2",
    "electrolyte_lithium_released_mol_per_m2",
};
#define N_OUTPUTS (sizeof output_names / sizeof *output_names)

SIASSB_API const char *siassb_output_name(int key)
{
    return key >= 1 && (size_t)key < N_OUTPUTS ? output_names[key] : "unknown";
}

SIASSB_API int siassb_output_from_name(const char *name, int *key_out)
{
    if (!name || !key_out)
        return SIASSB_E_ARG;
    for (size_t k = 1; k < N_OUTPUTS; k++)
        if (strcmp(output_names[k], name) == 0) {
            *key_out = (int)k;
            return SIASSB_OK;
        }
    return SIASSB_E_NOTFOUND;
}

static int output_value(struct siassb_sim *sim, int key, double *out)
{
    double I = sim->s.current, pa, pc;
    switch (key) {
    case SIASSB_OUT_TIME_S: *out = sim->s.t; break;
    case SIASSB_OUT_CURRENT_A_PER_M2: *out = I; break;
    case SIASSB_OUT_VOLTAGE_V:
        *out = siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, I, NULL, NULL);
        break;
    case SIASSB_OUT_ANODE_POTENTIAL_V:
        siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, I, &pa, &pc);
        *out = pa;
        break;
    case SIASSB_OUT_CATHODE_POTENTIAL_V:
        siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, I, &pa, &pc);
        *out = pc;
        break;
    case SIASSB_OUT_SI_X_MEAN: *out = siassb__particle_mean(&sim->anode, sim->x); break;
    case SIASSB_OUT_SI_X_SURFACE: *out = siassb__sim_si_surface(sim, sim->x, I); break;
    case SIASSB_OUT_HYSTERESIS: *out = sim->s.h; break;
    case SIASSB_OUT_CATHODE_STO_MEAN: *out = sim->full ? siassb__particle_mean(&sim->cathode, sim->theta) : NAN; break;
    case SIASSB_OUT_CATHODE_STO_SURFACE:
        *out = sim->full ? siassb__particle_surface(&sim->cathode, sim->theta,
                                                    particle_flux(&sim->cathode, I / SIASSB__FARADAY))
                         : NAN;
        break;
    case SIASSB_OUT_CHARGE_MAH_PER_CM2: *out = sim->s.charge_total / SIASSB__C_PER_M2_PER_MAH_PER_CM2; break;
    case SIASSB_OUT_CYCLE: *out = sim->p.cycles_done + 1; break;
    case SIASSB_OUT_OHMIC_DROP_V: *out = I * (sim->r_ohm + sim->s.m.r_interface); break;
    case SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2: *out = siassb__sim_inventory(sim); break;
    case SIASSB_OUT_SI_CAPACITY_MAH_PER_G:
        *out = siassb__lisi_specific_capacity(
            siassb__particle_mean(&sim->anode, sim->x),
            siassb__material_param(sim->cell->material[SIASSB__CP_ANODE_ACTIVE],
                                   "molar_mass_g_per_mol")->value);
        break;
    case SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA:
        /* films: the mean in-plane stress over the swollen thickness (what a
         * substrate-curvature measurement sees) */
        if (sim->sphere_stress) {
            *out = sim->s.surface_hoop;
        } else if (sim->stress_on) {
            double num = 0, den = 0;
            for (size_t k = 0; k < sim->anode.n; k++) {
                double t = sim->anode.vol[k] * (1.0 + sim->omega_ratio * sim->x[k]);
                num += sim->sigma[k] * t;
                den += t;
            }
            *out = num / den;
        } else {
            *out = NAN;
        }
        break;
    case SIASSB_OUT_SURFACE_HYDROSTATIC_STRESS_PA:
        *out = sim->sphere_stress ? sim->s.surface_hydrostatic
               : sim->stress_on   ? 2.0 * sim->sigma[sim->anode.n - 1] / 3.0
                                  : NAN;
        break;
    case SIASSB_OUT_CENTRE_STRESS_PA:
        *out = sim->sphere_stress ? sim->s.centre_stress : NAN;
        break;
    case SIASSB_OUT_SURFACE_PLASTIC_STRAIN:
        if (sim->sphere_stress) {
            *out = sim->plastic[sim->anode.n - 1];
        } else if (sim->stress_on) {
            /* films keep their stress, not their plastic strain: at zero
             * in-plane total strain the plastic strain is what the chemical
             * and the elastic strain leave */
            size_t last = sim->anode.n - 1;
            double x = fmax(sim->x[last], 0.0);
            double E, nu;
            siassb__si_elastic(sim, x, &E, &nu);
            *out = -log1p(sim->omega_ratio * x) / 3.0 - sim->sigma[last] * (1.0 - nu) / E;
        } else {
            *out = NAN;
        }
        break;
    case SIASSB_OUT_LI15SI4_FRACTION:
        *out = siassb__particle_mean(&sim->anode, sim->li15);
        break;
    case SIASSB_OUT_CRYSTALLINE_FRACTION:
    case SIASSB_OUT_FRONT_POSITION_M: {
        double f = siassb__sim_crystalline_fraction(sim);
        if (key == SIASSB_OUT_CRYSTALLINE_FRACTION)
            *out = f;
        else
            *out = sim->anode.planar ? f * sim->anode.radius : cbrt(f) * sim->anode.radius;
        break;
    }
    case SIASSB_OUT_STACK_PRESSURE_MPA: *out = sim->cm.stack ? sim->s.m.pressure * 1e-6 : NAN; break;
    case SIASSB_OUT_ANODE_THICKNESS_M:
        *out = sim->cm.stack ? sim->cm.L0[0] + sim->s.m.anode_change : NAN;
        break;
    case SIASSB_OUT_SEI_THICKNESS_M:
        *out = sim->cm.interphase && sim->s.m.sei_area > 0 ? sim->s.m.sei_volume / sim->s.m.sei_area : NAN;
        break;
    case SIASSB_OUT_CONTACT_FRACTION: *out = sim->s.m.contact; break;
    case SIASSB_OUT_ISOLATED_FRACTION: *out = sim->s.m.isolated; break;
    case SIASSB_OUT_STACK_THICKNESS_CHANGE_M: *out = sim->cm.stack ? sim->s.m.stack_change : NAN; break;
    case SIASSB_OUT_INTERPHASE_LITHIUM_MOL_PER_M2:
        *out = sim->s.m.sei_mol + sim->s.m.oxide_mol + sim->s.m.carbon_irrev_mol + sim->s.m.carbon_rev_mol;
        break;
    case SIASSB_OUT_TRAPPED_LITHIUM_MOL_PER_M2: *out = sim->s.m.trapped_mol; break;
    case SIASSB_OUT_CATHODE_INTERPHASE_THICKNESS_M:
        *out = sim->cm.cathode_side ? sim->s.m.cei_thickness : NAN;
        break;
    case SIASSB_OUT_LIFT_OFF_GAP_M: *out = sim->cm.stack ? sim->s.m.gap : NAN; break;
    case SIASSB_OUT_SI_LITHIUM_MOL_PER_M2:
        *out = sim->anode.sites_active * siassb__particle_mean(&sim->anode, sim->x);
        break;
    case SIASSB_OUT_POSITIVE_LITHIUM_MOL_PER_M2:
        *out = sim->full ? sim->cathode.sites_active * siassb__particle_mean(&sim->cathode, sim->theta) : sim->s.counter_mol;
        break;
    case SIASSB_OUT_ELECTROLYTE_LITHIUM_RELEASED_MOL_PER_M2: *out = sim->s.m.released_mol; break;
    default:
        SIM_FAIL(sim, SIASSB_E_ARG, "output key %d unknown; allowed: 1 to %zu (SIASSB_OUT_*)", key,
                 N_OUTPUTS - 1);
    }
    return SIASSB_OK;
}

SIASSB_API int siassb_sim_output(siassb_sim *sim, int key, double *value_out)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (!value_out)
        SIM_FAIL(sim, SIASSB_E_ARG, "siassb_sim_output: value_out is NULL");
    return output_value(sim, key, value_out);
}

SIASSB_API int siassb_sim_outputs(siassb_sim *sim, const int *keys, size_t n, double *values)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if ((!keys || !values) && n > 0)
        SIM_FAIL(sim, SIASSB_E_ARG, "siassb_sim_outputs: keys or values is NULL with n = %zu", n);
    for (size_t i = 0; i < n; i++) /* all keys first: a failed call writes nothing */
        if (keys[i] < 1 || (size_t)keys[i] >= N_OUTPUTS)
            SIM_FAIL(sim, SIASSB_E_ARG, "output key %d (index %zu) unknown; allowed: 1 to %zu",
                     keys[i], i, N_OUTPUTS - 1);
    for (size_t i = 0; i < n; i++) {
        int rc = output_value(sim, keys[i], &values[i]);
        if (rc)
            return rc;
    }
    return SIASSB_OK;
}
