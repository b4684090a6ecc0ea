/* Cell mechanics and interfaces (MODEL.md sections 4-6; doc/model.md "Stack
 * and interfaces"). Everything here is a slow scalar state advanced after
 * each diffusion step with what the step did (operator splitting): the
 * stack pressure follows the free thickness change of the layers through
 * the incremental fixture law, the contact fraction follows the chemical
 * strain of the Si, and the side reactions carry the currents evaluated at
 * the end of the previous step, which the diffusion step took out of the Si
 * (or put into the cathode) exactly, so the Li balance closes to round-off. */
#include "sim/cellmech.h"

#include "core/constants.h"
#include "db/material.h"
#include "materials/materials.h"
#include "sim/mechanics.h"
#include "siassb.h"

#include <math.h>
#include <string.h>

#define INTERPHASE_REFERENCE_V 0.1 /* interphase_reaction_current_A_per_m2 holds there */
#define SIDE_ALPHA 0.5             /* transfer coefficient of every side reaction */
#define LIMIT_WIDTH_V 0.025        /* width of the smoothed thermodynamic limits */
#define DONOR_X 0.01               /* reduction fades as the Si empties: it cannot take Li Si lacks */
#define SIO2_MOLAR_VOLUME 2.73e-5  /* m3/mol: 60.08 g/mol over 2200 kg/m3 (silica glass) */
#define LI_PER_SIO2 4.0            /* SiO2 + 4 Li -> 2 Li2O + Si, full reduction */
#define OXIDE_POTENTIAL_V 0.29     /* the oxide peak of Si on LiPON-B (review trend L-6) */
#define OXIDE_RATE_PER_S 1e-3      /* first-order rate at that potential (assumed) */
#define CARBON_RETURN_PER_S 1e-3   /* first-order return of reversible Li at the limit (assumed) */
#define CARBON_RETURN_MAX_PER_S 1e-2 /* and at most this fast: the redox store empties over >= 100 s */
#define CEI_INITIAL_M 1e-9         /* oxidation layer present after making the cathode composite */
#define STRAIN_STEP 0.002          /* smoothing of "below the largest strain reached" */
#define FRACTURE_STRAIN 0.05       /* linear shrinkage over which brittle Si cracks through */
#define DEFAULT_POISSON 0.3        /* where the database gives no Poisson ratio */
#define POROUS_EXPONENT 2.0        /* M = M_solid (1 - porosity)^2 for cold-pressed compacts */
#define CONTACT_FLOOR 1e-6

static double smooth_step(double u) { return 0.5 * (1.0 + tanh(u / LIMIT_WIDTH_V)); }

static double constrained(double E, double nu)
{
    return E * (1.0 - nu) / ((1.0 + nu) * (1.0 - 2.0 * nu));
}

static double scalar_or(const struct siassb_material *m, const char *name, double fallback)
{
    const siassb__param *p = m ? siassb__material_param(m, name) : NULL;
    return p ? p->value : fallback;
}

/* Constrained modulus of a dense material from the database, Pa. */
static int modulus_of(const struct siassb_material *m, double *M, char *msg, size_t cap)
{
    const siassb__param *pe = siassb__material_param(m, "youngs_modulus_GPa");
    if (!pe || !(pe->value > 0)) {
        siassb__msg(msg, cap,
                    "material '%s' lacks youngs_modulus_GPa, which the stack mechanics needs; "
                    "give it or set mechanisms.stack = off",
                    m->id);
        return SIASSB_E_INVALID;
    }
    *M = constrained(pe->value * 1e9, scalar_or(m, "poisson_ratio", DEFAULT_POISSON));
    return SIASSB_OK;
}

/* The mean composition of the active Si: set where x changes (each step's
 * cell-mechanics update, a restore, a checkpoint, the setup), read many
 * times in between. */
static double si_x_mean(const struct siassb_sim *sim) { return sim->si_x_mean; }

/* Mean linear chemical strain of the active Si. */
static double si_strain(const struct siassb_sim *sim)
{
    return cbrt(1.0 + sim->omega_ratio * fmax(si_x_mean(sim), 0.0)) - 1.0;
}

/* Si surface in contact with the electrolyte per cell area. */
static double contact_area(const struct siassb_sim *sim)
{
    const siassb__particle *a = &sim->anode;
    double lambda = 1.0 + si_strain(sim);
    double stretch = a->planar ? 1.0 : lambda * lambda;
    double contact = sim->s.m.contact;
    return a->area_per_m2 * stretch * (a->sites_active / a->sites_per_m2) * contact;
}

double siassb__cellmech_bound_li(const struct siassb_sim *sim)
{
    const siassb__cellmech_state *m = &sim->s.m;
    return m->trapped_mol + m->sei_mol + m->oxide_mol + m->carbon_irrev_mol + m->carbon_rev_mol -
           m->released_mol;
}

double siassb__cellmech_anode_side(const struct siassb_sim *sim)
{
    return sim->s.m.side_sei + sim->s.m.side_oxide + sim->s.m.side_carbon - sim->s.m.side_carbon_return;
}

double siassb__cellmech_cathode_side(const struct siassb_sim *sim) { return sim->s.m.side_cathode; }

/* What follows from the isolated fraction and the pressure. */
static void derive(struct siassb_sim *sim)
{
    sim->anode.sites_active = sim->anode.sites_per_m2 * (1.0 - sim->s.m.isolated);
    sim->contact_pressure_Pa =
        sim->contact_pressure_base_Pa + (sim->cm.confinement ? sim->s.m.pressure : 0.0);
}

void siassb__cellmech_refresh(struct siassb_sim *sim)
{
    sim->si_x_mean = siassb__particle_mean(&sim->anode, sim->x);
    derive(sim);
}

/* ---- stack ---- */

/* Volume the Si (active and isolated) has gained, m3/m2. */
static double si_swell(const struct siassb_sim *sim)
{
    double si_li = sim->anode.sites_active * si_x_mean(sim) + sim->s.m.trapped_mol;
    return sim->cm.si_volume0 * sim->omega_ratio * si_li / sim->anode.sites_per_m2;
}

/* Open pore volume of the anode when the Si has swollen by swell into pores
 * of volume pores: the pores take the first swelling. */
static double open_pores(double pores, double swell)
{
    return pores > 0 ? pores * exp(-fmax(swell, 0.0) / pores) : 0.0;
}

/* The pore volume whose open part at this swelling is target (open_pores is
 * increasing and convex in the pores, so Newton from above converges). */
static double pores_for_open(double target, double swell, double guess)
{
    if (swell <= 0 || target <= 0)
        return fmax(target, 0.0);
    double p = guess;
    for (int it = 0; it < 50; it++) {
        double e = exp(-swell / p);
        if (!(e > 0)) /* the open part has underflowed: nothing left to close */
            break;
        double step = (p * e - target) / (e * (1.0 + swell / p));
        p -= step;
        if (fabs(step) <= 1e-14 * p)
            break;
    }
    return isfinite(p) && p > 0 ? p : guess;
}

/* Free thickness change of the layers (what they would do unloaded, with
 * the lateral confinement of a cell sending all swelling out of plane),
 * m; the anode's part in *anode. */
static double free_change(const struct siassb_sim *sim, double *anode)
{
    const siassb__cellmech *c = &sim->cm;
    const siassb__cellmech_state *m = &sim->s.m;
    double swell = si_swell(sim);
    /* the open pores take the first swelling */
    double fa = swell - (m->anode_pores - open_pores(m->anode_pores, swell));
    if (c->sei_z > 0) { /* products less the electrolyte they were made of */
        double formula = (m->sei_mol + m->carbon_irrev_mol + m->carbon_rev_mol) / c->sei_z;
        fa += formula * (c->sei_vm - c->sei_vm_electrolyte);
    }
    double fc;
    if (sim->full) {
        double sto = siassb__particle_mean(&sim->cathode, sim->theta);
        fc = c->cathode_volume0 * c->cathode_dv * (c->sto_discharged - sto) /
             (c->sto_discharged - c->sto_charged);
    } else
        fc = c->counter_molar_volume * (sim->s.counter_mol - c->counter_mol0);
    *anode = fa;
    return fa + fc;
}

/* Open porosity and constrained modulus of each layer now. */
static void layer_state(const struct siassb_sim *sim, double eps[3], double M[3])
{
    const siassb__cellmech *c = &sim->cm;
    const siassb__cellmech_state *m = &sim->s.m;
    double x = fmax(si_x_mean(sim), 0.0);
    double E, nu;
    siassb__si_elastic(sim, x, &E, &nu);
    double M_si = constrained(E, nu);
    if (sim->anode.planar) {
        eps[0] = 0.0;
        M[0] = M_si;
    } else {
        eps[0] = fmin(open_pores(m->anode_pores, si_swell(sim)) / c->L0[0], 0.95);
        /* Reuss mix of the grown Si and the rest of the solids */
        double phi_si = c->anode_solid_si * (1.0 + sim->omega_ratio * x);
        phi_si /= phi_si + 1.0 - c->anode_solid_si;
        M[0] = 1.0 / (phi_si / M_si + (1.0 - phi_si) / c->M_solid[0]) *
               pow(1.0 - eps[0], POROUS_EXPONENT);
    }
    eps[1] = m->separator_porosity;
    M[1] = c->M_solid[1] * pow(1.0 - eps[1], POROUS_EXPONENT);
    eps[2] = sim->full ? m->cathode_porosity : 0.0;
    M[2] = c->M_solid[2] * pow(1.0 - eps[2], POROUS_EXPONENT);
}

/* The fixture law for the free change df of this step:
 * dP = k_f / (1 + k_f C_t) df, with the tangent compliance C_t of the
 * layers (elastic, plus Heckel compaction when loading beyond the highest
 * pressure seen); P >= 0, a shrinking stack lifts off and opens a gap that
 * later swelling closes first. */
static void stack_step(struct siassb_sim *sim, double df, double dfa)
{
    const siassb__cellmech *c = &sim->cm;
    siassb__cellmech_state *m = &sim->s.m;
    if (m->gap > 0) {
        double close = df > 0 ? fmin(m->gap, df) : df;
        m->gap -= close;
        m->stack_change += close;
        double share = df != 0 ? close / df : 0.0;
        m->anode_change += dfa * share;
        dfa -= dfa * share;
        df -= close;
        if (df == 0 || m->gap > 0)
            return;
    }
    if (df == 0)
        return;
    double eps[3], M[3], C_el[3], C_pl[3] = {0, 0, 0};
    layer_state(sim, eps, M);
    double c_el = 0, c_pl = 0;
    int loading = c->consolidation && df > 0 && m->pressure >= m->pressure_max;
    for (int j = 0; j < 3; j++) {
        C_el[j] = M[j] > 0 ? c->L0[j] / M[j] : 0.0;
        if (loading && c->heckel[j] > 0 && eps[j] > 0)
            C_pl[j] = c->L0[j] * c->heckel[j] * eps[j] / (1.0 - eps[j]);
        c_el += C_el[j];
        c_pl += C_pl[j];
    }
    double C = c_el + c_pl;
    double k_eff = c->fixture_mode == 0 ? 0.0
                   : c->fixture_mode == 1 ? 1.0 / C
                                          : c->fixture_k / (1.0 + c->fixture_k * C);
    double dP = k_eff * df;
    double used = df;
    if (m->pressure + dP < 0) { /* lift-off: the rest of the shrinkage opens a gap */
        dP = -m->pressure;
        used = dP / k_eff;
        m->gap += used - df;
        m->stack_change += df - used;
        m->anode_change += dfa * (df - used) / df;
        dfa *= used / df;
    }
    m->stack_change += used - C * dP;
    m->anode_change += dfa - (C_el[0] + C_pl[0]) * dP;
    if (c_pl > 0 && dP > 0) { /* Heckel: d ln(1/porosity) = K dP, kept */
        /* the anode's open pores close; those the Si fills are not there to close */
        double swell = si_swell(sim);
        double open = open_pores(m->anode_pores, swell) * exp(-c->heckel[0] * dP);
        m->anode_pores = pores_for_open(open, swell, m->anode_pores);
        m->separator_porosity *= exp(-c->heckel[1] * dP);
        m->cathode_porosity *= exp(-c->heckel[2] * dP);
    }
    m->pressure += dP;
    if (m->pressure > m->pressure_max)
        m->pressure_max = m->pressure;
}

/* ---- contact, isolation, fracture ---- */

static void contact_step(struct siassb_sim *sim, double d_strain, double strain)
{
    const siassb__cellmech *c = &sim->cm;
    siassb__cellmech_state *m = &sim->s.m;
    double P = m->gap > 0 ? 0.0 : m->pressure;
    double theta = m->contact;
    if (c->contact && d_strain < 0) {
        /* shrinkage below a strain already reached opens gaps; pressure and
         * a soft electrolyte (low compaction yield) close them as they form */
        double below = -expm1(-fmax(m->strain_max - strain, 0.0) / STRAIN_STEP);
        theta *= exp(c->k_loss * d_strain * below * exp(-P / c->yield_pressure));
    } else if (c->contact && d_strain > 0) {
        double drive = isinf(c->yield_pressure) ? 0.0 : P / (P + c->yield_pressure);
        theta = 1.0 - (1.0 - theta) * exp(-c->k_heal * d_strain * drive);
    }
    if (c->fracture && d_strain < 0 && c->fracture_size > c->critical_size &&
        si_x_mean(sim) < c->brittle_x) {
        /* brittle Si above its critical size cracks as it shrinks; crack
         * faces the electrolyte does not follow into carry no contact, and
         * those it does follow grow fresh interphase (sei_area) */
        double now = 1.0 - (1.0 - m->fractured) * exp(-(1.0 - c->critical_size / c->fracture_size) *
                                                       (-d_strain) / FRACTURE_STRAIN);
        double d_frac = now - m->fractured;
        m->fractured = now;
        /* a bonded film cracks into islands that keep their face on the
         * electrolyte: its cracks add side faces but take no contact */
        if (!sim->anode.planar)
            theta *= 1.0 - d_frac * (1.0 - c->infiltration);
        if (c->interphase)
            m->sei_area += sim->anode.area_per_m2 * d_frac * c->infiltration;
    }
    m->contact = fmax(theta, CONTACT_FLOOR);
    /* Si that shrinks away from a surface it has lost contact with is
     * isolated, with the Li it holds */
    double loss = 1.0 - m->contact;
    double df = (1.0 - m->isolated) * -expm1(-c->k_iso * loss * loss * fmax(-d_strain, 0.0));
    if (df > 0) {
        m->trapped_mol += df * sim->anode.sites_per_m2 * fmax(si_x_mean(sim), 0.0);
        m->isolated += df;
    }
}

/* ---- interphases ---- */

/* Reduction current per area of a surface carrying thickness delta of
 * products at electrode potential phi: cathodic Tafel kinetics referenced
 * inside the window, switched off above the reduction limit, in series with
 * the transport through a passivating layer. */
static double reduction_current(const struct siassb_sim *sim, double phi, double delta)
{
    const siassb__cellmech *c = &sim->cm;
    if (!(c->sei_k > 0))
        return 0.0; /* stable, or no reduction limit known */
    double j = c->sei_k * exp(fmin(-SIDE_ALPHA * sim->f_rt * (phi - INTERPHASE_REFERENCE_V), 60.0)) *
               smooth_step(c->sei_u_red - phi);
    if (c->sei_transport > 0)
        j = j / (1.0 + j * delta / c->sei_transport);
    return j;
}

/* Book the Li the side currents of the step took, and grow the layers. */
static void book_side(struct siassb_sim *sim, double dt)
{
    const siassb__cellmech *c = &sim->cm;
    siassb__cellmech_state *m = &sim->s.m;
    double F = SIASSB__FARADAY;
    double sei = m->side_sei * dt / F;
    m->sei_mol += sei;
    if (c->sei_z > 0)
        m->sei_volume += sei / c->sei_z * c->sei_vm;
    m->oxide_mol += m->side_oxide * dt / F;
    double carbon = m->side_carbon * dt / F;
    m->carbon_irrev_mol += carbon * c->carbon_irrev;
    m->carbon_rev_mol += carbon * (1.0 - c->carbon_irrev) - m->side_carbon_return * dt / F;
    double released = m->side_cathode * dt / F;
    m->released_mol += released;
    if (c->cei_area > 0 && c->cei_z > 0)
        m->cei_thickness += released / c->cei_z * c->cei_vm / c->cei_area;
}

void siassb__cellmech_side_currents(struct siassb_sim *sim)
{
    const siassb__cellmech *c = &sim->cm;
    siassb__cellmech_state *m = &sim->s.m;
    double F = SIASSB__FARADAY;
    double phi_a = 0.0, phi_c = 0.0;
    if (c->interphase || c->oxide || c->carbon || c->cathode_side)
        siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, sim->s.current, &phi_a, &phi_c);
    double area = contact_area(sim);
    m->dt_limit = INFINITY;
    /* the Li-consuming currents as the surfaces would carry them */
    double sei = 0.0, oxide = 0.0, carbon = 0.0;
    if (c->interphase) {
        if (area > m->sei_area || m->sei_area <= 0)
            m->sei_area = area; /* stretching beyond the largest area adds fresh, thinner interphase */
        double delta = m->sei_area > 0 ? m->sei_volume / m->sei_area : 0.0;
        sei = area * reduction_current(sim, phi_a, delta);
    }
    double oxide_rate = 0.0;
    if (c->oxide) {
        double left = fmax(c->oxide_mol0 - m->oxide_mol, 0.0);
        oxide_rate = OXIDE_RATE_PER_S *
                     exp(fmin(-SIDE_ALPHA * sim->f_rt * (phi_a - OXIDE_POTENTIAL_V), 60.0));
        oxide = F * left * oxide_rate;
        if (left > 1e-6 * c->oxide_mol0)
            m->dt_limit = fmin(m->dt_limit, 0.2 / oxide_rate);
    }
    m->side_carbon_return = 0.0;
    if (c->carbon && c->carbon_area > 0 && c->sei_k > 0) {
        double products =
            c->sei_z > 0 ? (m->carbon_irrev_mol + m->carbon_rev_mol) / c->sei_z * c->sei_vm : 0.0;
        carbon = c->carbon_area * reduction_current(sim, phi_a, products / c->carbon_area);
        double rate = fmin(CARBON_RETURN_PER_S *
                               exp(fmin((1.0 - SIDE_ALPHA) * sim->f_rt * (phi_a - c->sei_u_red), 60.0)),
                           CARBON_RETURN_MAX_PER_S);
        m->side_carbon_return = F * fmax(m->carbon_rev_mol, 0.0) * rate;
        /* the explicit step must not empty the store past zero */
        if (m->carbon_rev_mol > 0 && rate > 1e-6)
            m->dt_limit = fmin(m->dt_limit, 0.2 / rate);
    }
    /* they take Li from the Si, which fades as it empties, or from the
     * Li a lithiating current brings, at most half of it: the Si keeps
     * its composition >= 0 */
    double raw = sei + oxide + carbon;
    double xm = fmax(si_x_mean(sim), 0.0);
    double supply = fmax(sim->si_sign * sim->s.current, 0.0);
    double donor = raw > 0 ? fmin(1.0, xm / (xm + DONOR_X) + 0.5 * supply / raw) : 1.0;
    m->side_sei = sei * donor;
    m->side_oxide = oxide * donor;
    m->side_carbon = carbon * donor;
    if (raw > 0)
        m->dt_limit = fmin(m->dt_limit,
                           0.2 * F * sim->anode.sites_active * fmax(xm, DONOR_X) / (raw * donor));
    m->side_cathode = 0.0;
    if (c->cathode_side && sim->full) {
        /* parabolic: d(delta)/dt = k / delta above the oxidation limit */
        double growth =
            c->cei_k / fmax(m->cei_thickness, CEI_INITIAL_M) * smooth_step(phi_c - c->cei_u_ox);
        m->side_cathode = F * c->cei_area * growth / c->cei_vm * c->cei_z;
    }
    double r = c->asr0 / fmax(m->contact * (1.0 - m->isolated), CONTACT_FLOOR);
    if (c->interphase && c->sei_kappa > 0 && area > 0)
        r += m->sei_volume / fmax(m->sei_area, 1e-30) / (c->sei_kappa * area);
    if (c->cathode_side && sim->full && c->cei_kappa > 0 && c->cei_area > 0)
        r += m->cei_thickness / (c->cei_kappa * c->cei_area);
    m->r_interface = r;
}

void siassb__cellmech_step(struct siassb_sim *sim, double dt)
{
    siassb__cellmech_state *m = &sim->s.m;
    sim->si_x_mean = siassb__particle_mean(&sim->anode, sim->x);
    book_side(sim, dt);
    double strain = si_strain(sim);
    if (sim->cm.contact || sim->cm.fracture)
        contact_step(sim, strain - m->strain, strain);
    m->strain = strain;
    if (strain > m->strain_max)
        m->strain_max = strain;
    derive(sim);
    if (sim->cm.stack) {
        double fa, f = free_change(sim, &fa);
        stack_step(sim, f - m->free_change, fa - m->anode_free);
        /* from the state after the step: compaction changes the pores the
         * Si swells into, which is set, not free swelling */
        m->free_change = free_change(sim, &m->anode_free);
        derive(sim);
    }
    siassb__cellmech_side_currents(sim);
}

int siassb__cellmech_setup(struct siassb_sim *sim, char *msg, size_t cap)
{
    struct siassb_cell *cell = sim->cell;
    const double *v = cell->value;
    siassb__cellmech *c = &sim->cm;
    siassb__cellmech_state *m = &sim->s.m;
    int rc;
    c->stack = v[SIASSB__CP_MECH_STACK] == 1.0;
    c->consolidation = v[SIASSB__CP_MECH_CONSOLIDATION] == 1.0;
    c->confinement = v[SIASSB__CP_MECH_CONFINEMENT] == 1.0;
    /* a dense film bonded to its electrolyte is clamped in plane: its
     * chemical strain goes into its thickness and opens no gaps at its face
     * (delamination is not modelled), so the contact law is for particles */
    c->contact = v[SIASSB__CP_MECH_CONTACT] == 1.0 && v[SIASSB__CP_ANODE_GEOMETRY] != 1.0;
    c->fracture = v[SIASSB__CP_MECH_FRACTURE] == 1.0;
    c->interphase = v[SIASSB__CP_MECH_INTERPHASE] == 1.0;
    c->oxide = v[SIASSB__CP_MECH_NATIVE_OXIDE] == 1.0;
    c->carbon = v[SIASSB__CP_MECH_CARBON] == 1.0;
    c->cathode_side = v[SIASSB__CP_MECH_CATHODE_INTERPHASE] == 1.0 && sim->full;
    c->fixture_mode = (int)v[SIASSB__CP_FIXTURE_MODE];
    c->fixture_k = v[SIASSB__CP_FIXTURE_STIFFNESS_MPA_PER_UM] * 1e12;
    c->asr0 = v[SIASSB__CP_ANODE_INTERFACE_RESISTANCE_OHM_M2];
    c->k_loss = v[SIASSB__CP_CONTACT_LOSS];
    c->k_heal = v[SIASSB__CP_CONTACT_HEAL];
    c->k_iso = v[SIASSB__CP_CONTACT_ISOLATION];

    struct siassb_material *si = cell->material[SIASSB__CP_ANODE_ACTIVE];
    struct siassb_material *ae = cell->material[SIASSB__CP_ANODE_ELECTROLYTE];
    struct siassb_material *se = cell->material[SIASSB__CP_SEPARATOR_MATERIAL];
    const siassb__particle *a = &sim->anode;
    double n_si = a->sites_per_m2;
    c->si_volume0 = n_si * scalar_or(si, "molar_volume_m3_per_mol", 0.0);
    int planar = a->planar;

    /* layers */
    c->L0[0] = planar ? c->si_volume0 : v[SIASSB__CP_ANODE_THICKNESS_M];
    c->L0[1] = v[SIASSB__CP_SEPARATOR_THICKNESS_M];
    double solids = c->L0[0] * (1.0 - (planar ? 0.0 : v[SIASSB__CP_ANODE_POROSITY]));
    c->anode_solid_si = planar ? 1.0 : fmin(c->si_volume0 / fmax(solids, 1e-30), 1.0);
    m->anode_pores = planar ? 0.0 : v[SIASSB__CP_ANODE_POROSITY] * c->L0[0];
    m->separator_porosity = v[SIASSB__CP_SEPARATOR_POROSITY];
    if (sim->full) {
        struct siassb_material *cm = cell->material[SIASSB__CP_CATHODE_MATERIAL];
        c->L0[2] = sim->derived.cathode_thickness_m;
        m->cathode_porosity = v[SIASSB__CP_CATHODE_POROSITY];
        c->cathode_volume0 =
            v[SIASSB__CP_CATHODE_LOADING_KG_PER_M2] / scalar_or(cm, "density_kg_per_m3", 1.0);
        c->cathode_dv = scalar_or(cm, "volume_change_charged_fraction", 0.0);
        c->sto_charged = scalar_or(cm, "sto_charged", 0.0);
        c->sto_discharged = scalar_or(cm, "sto_discharged", 1.0);
    } else {
        struct siassb_material *ctr = cell->material[SIASSB__CP_COUNTER_MATERIAL];
        c->L0[2] = v[SIASSB__CP_COUNTER_THICKNESS_M];
        c->counter_molar_volume = scalar_or(ctr, "molar_volume_m3_per_mol", 0.0);
        c->counter_mol0 = sim->s.counter_mol;
    }
    if (c->stack) {
        if (!planar && (rc = modulus_of(ae, &c->M_solid[0], msg, cap)))
            return rc;
        if ((rc = modulus_of(se, &c->M_solid[1], msg, cap)))
            return rc;
        if (sim->full) {
            double M_act, M_el;
            if ((rc = modulus_of(cell->material[SIASSB__CP_CATHODE_MATERIAL], &M_act, msg, cap)) ||
                (rc = modulus_of(cell->material[SIASSB__CP_CATHODE_ELECTROLYTE], &M_el, msg, cap)))
                return rc;
            double fa = sim->derived.cathode_active_volume_fraction;
            double fe = sim->derived.cathode_electrolyte_volume_fraction;
            double s = fa + fe > 0 ? fa / (fa + fe) : 1.0;
            c->M_solid[2] = 1.0 / (s / M_act + (1.0 - s) / M_el);
        } else if ((rc = modulus_of(cell->material[SIASSB__CP_COUNTER_MATERIAL], &c->M_solid[2], msg,
                                    cap))) {
            return rc;
        }
        if (!sim->modulus_GPa || !sim->poisson) {
            siassb__msg(msg, cap,
                        "material '%s' lacks youngs_modulus_GPa or poisson_ratio, which the stack "
                        "mechanics needs; give them or set mechanisms.stack = off",
                        si->id);
            return SIASSB_E_INVALID;
        }
        c->heckel[0] = planar ? 0.0 : scalar_or(ae, "compaction_heckel_per_MPa", 0.0) * 1e-6;
        c->heckel[1] = scalar_or(se, "compaction_heckel_per_MPa", 0.0) * 1e-6;
        c->heckel[2] = sim->full ? scalar_or(cell->material[SIASSB__CP_CATHODE_ELECTROLYTE],
                                             "compaction_heckel_per_MPa", 0.0) * 1e-6
                                 : 0.0;
    }
    double K = scalar_or(planar ? se : ae, "compaction_heckel_per_MPa", 0.0);
    c->yield_pressure = K > 0 ? 1e6 / K : INFINITY;

    /* fracture */
    c->fracture_size =
        planar ? v[SIASSB__CP_ANODE_THICKNESS_M] : 2.0 * v[SIASSB__CP_ANODE_PARTICLE_RADIUS_M];
    c->critical_size = scalar_or(si, "critical_fracture_diameter_m", INFINITY);
    c->brittle_x = scalar_or(si, "brittle_ductile_x", 1.5);
    struct siassb_material *facing = planar ? se : ae;
    c->infiltration = scalar_or(facing, "crack_infiltration_factor", 0.0);

    /* interphase on Si (and on carbon): the electrolyte that touches it */
    /* without a reduction limit there is no reduction to model; a rate
     * without one is an error in the data, not a stable electrolyte */
    c->sei_u_red = scalar_or(facing, "reduction_limit_V", NAN);
    c->sei_k = scalar_or(facing, "interphase_reaction_current_A_per_m2", 0.0);
    if ((c->interphase || c->carbon) && c->sei_k > 0 && isnan(c->sei_u_red)) {
        siassb__msg(msg, cap,
                    "electrolyte '%s' has interphase_reaction_current_A_per_m2 but no "
                    "reduction_limit_V; give the limit",
                    facing->id);
        return SIASSB_E_INVALID;
    }
    if (isnan(c->sei_u_red))
        c->sei_k = 0.0;
    int passivating = 1;
    const siassb__param *pp = siassb__material_param(facing, "interphase_passivating");
    if (pp && pp->choice && strcmp(pp->choice, "no") == 0)
        passivating = 0;
    c->sei_transport = passivating ? scalar_or(facing, "interphase_transport_A_per_m", 0.0) : 0.0;
    if (passivating && !(c->sei_transport > 0))
        c->sei_k = 0.0; /* a passivating interphase with no transport given: treated as stable */
    c->sei_kappa = scalar_or(facing, "interphase_conductivity_S_per_m", 0.0);
    c->sei_z = scalar_or(facing, "interphase_li_per_formula", 0.0);
    c->sei_vm = scalar_or(facing, "interphase_molar_volume_m3_per_mol", 0.0);
    double mm = scalar_or(facing, "molar_mass_g_per_mol", 0.0);
    double rho = scalar_or(facing, "density_kg_per_m3", 0.0);
    c->sei_vm_electrolyte = mm > 0 && rho > 0 ? mm * 1e-3 / rho : 0.0;
    if ((c->interphase || c->carbon) && c->sei_k > 0 && !(c->sei_z > 0 && c->sei_vm > 0)) {
        siassb__msg(msg, cap,
                    "electrolyte '%s' has interphase kinetics but lacks interphase_li_per_formula "
                    "or interphase_molar_volume_m3_per_mol",
                    facing->id);
        return SIASSB_E_INVALID;
    }
    c->oxide_mol0 =
        LI_PER_SIO2 * a->area_per_m2 * v[SIASSB__CP_ANODE_NATIVE_OXIDE_M] / SIO2_MOLAR_VOLUME;
    if (!planar && v[SIASSB__CP_ANODE_SI_MASS_FRACTION] > 0) {
        double carbon_kg = sim->derived.si_mass_kg_per_m2 / v[SIASSB__CP_ANODE_SI_MASS_FRACTION] *
                           v[SIASSB__CP_ANODE_CARBON_MASS_FRACTION];
        /* the electrolyte wets carbon in proportion to its volume share */
        c->carbon_area = carbon_kg * v[SIASSB__CP_ANODE_CARBON_AREA_M2_PER_KG] *
                         sim->derived.anode_electrolyte_volume_fraction;
    }
    c->carbon_irrev = v[SIASSB__CP_ANODE_CARBON_IRREVERSIBLE_FRACTION];

    /* oxidation on the cathode */
    if (sim->full) {
        struct siassb_material *ce = cell->material[SIASSB__CP_CATHODE_ELECTROLYTE];
        c->cei_k = scalar_or(ce, "cathode_interphase_rate_m2_per_s", 0.0) *
                   v[SIASSB__CP_CATHODE_COATING_FACTOR];
        c->cei_u_ox = scalar_or(ce, "oxidation_limit_V", INFINITY);
        c->cei_z = scalar_or(ce, "oxidation_li_per_formula", 0.0);
        double cmm = scalar_or(ce, "molar_mass_g_per_mol", 0.0);
        double crho = scalar_or(ce, "density_kg_per_m3", 0.0);
        c->cei_vm = cmm > 0 && crho > 0 ? cmm * 1e-3 / crho : 0.0;
        c->cei_kappa = scalar_or(ce, "interphase_conductivity_S_per_m", 0.0);
        /* the particle surface the electrolyte covers */
        c->cei_area = sim->cathode.area_per_m2 * sim->derived.cathode_electrolyte_volume_fraction /
                      fmax(sim->derived.cathode_electrolyte_volume_fraction +
                               sim->derived.cathode_active_volume_fraction, 1e-30);
        if (!(c->cei_k > 0 && c->cei_z > 0 && c->cei_vm > 0))
            c->cathode_side = 0;
    }

    /* initial state */
    m->pressure = v[SIASSB__CP_FIXTURE_PRESSURE_MPA] * 1e6;
    m->pressure_max = fmax(m->pressure, v[SIASSB__CP_FIXTURE_FABRICATION_PRESSURE_MPA] * 1e6);
    m->contact = 1.0;
    m->cei_thickness = c->cathode_side ? CEI_INITIAL_M : 0.0;
    siassb__cellmech_refresh(sim);
    m->strain = m->strain_max = si_strain(sim);
    double fa;
    m->free_change = free_change(sim, &fa);
    m->anode_free = fa;
    m->sei_area = contact_area(sim);
    return SIASSB_OK;
}

int siassb__cellmech_moves_voltage(const struct siassb_sim *sim)
{
    const siassb__cellmech *c = &sim->cm;
    return c->interphase || c->oxide || c->carbon || c->cathode_side || c->contact || c->fracture ||
           (c->confinement && c->stack);
}

void siassb__cellmech_record(struct siassb_sim *sim)
{
    sim->p.pressure_min = fmin(sim->p.pressure_min, sim->s.m.pressure);
    sim->p.pressure_max = fmax(sim->p.pressure_max, sim->s.m.pressure);
}
