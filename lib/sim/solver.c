/* The integrator: a two-stage, L-stable SDIRK method (Alexander 1977,
 * gamma = 1 - 1/sqrt(2)), stiffly accurate, with an embedded first-order
 * estimate for step-size control. Diffusion is linear in the compositions,
 * so each stage is one tridiagonal solve per electrode (Thomas, on arrays
 * allocated at creation) and the stage state is affine in the current:
 * Y = u + w i. In a voltage hold the current is the algebraic unknown of each
 * stage, found by a safeguarded scalar Newton iteration. Li moves only
 * through the surface flux, so the inventory is conserved to round-off. */
#include "sim/sim.h"

#include "core/constants.h"
#include "materials/materials.h"
#include "sim/cellmech.h"
#include "sim/mechanics.h"
#include "siassb.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static const double GAMMA = 0.29289321881345247560; /* 1 - 1/sqrt(2) */
static const double LI15SI4_X = 3.75;               /* x of Li15Si4 */
static const double LI15SI4_MAX = 0.99;             /* keeps an amorphous part in every shell */
static const double MAX_VOLTAGE_CHANGE = 0.02;      /* V per step, to resolve the curves */
static const double FRONT_STEP_MAX = 0.25;          /* of the front shell converted per step */

/* The shell where the two-phase front of a crystalline core stands, or
 * SIZE_MAX without one: the outermost shell that still holds crystalline Si.
 * Shells inside it are wholly crystalline and take no Li. */
static size_t front_shell(const struct siassb_sim *sim)
{
    if (!sim->front_on)
        return SIZE_MAX;
    size_t j = sim->anode.n;
    while (j > 0 && sim->cryst[j - 1] <= 0.0)
        j--;
    return j == 0 ? SIZE_MAX : j - 1;
}

/* How each shell's composition drives the diffusion in one step: the flux
 * through a face is D coupling (xa_{k-1} - xa_k), xa_k = w_k x_k - o_k the
 * composition of the mobile, amorphous part of shell k (w = 1, o = 0 for
 * plain amorphous Si). Shells with in_k = 0 take no part. One face may carry
 * a coupling of its own (diffusion in series with a front reaction). */
typedef struct diffusion_map {
    const double *w, *o;      /* NULL: plain amorphous everywhere */
    const unsigned char *in;  /* NULL: every shell takes part */
    size_t face;              /* face with its own coupling, SIZE_MAX: none */
    double face_coupling;
    /* stress-driven transport (n + 1 faces, face k between shells k-1 and
     * k; NULL: none): face_scale multiplies the coupling (the 1/lambda^2
     * frame correction), face_drive adds a composition difference that
     * pushes Li from shell k-1 into k (Omega d(sigma_h) / (F |dU/dx|)) */
    const double *face_scale, *face_drive;
} diffusion_map;

static const diffusion_map plain_map = {NULL, NULL, NULL, SIZE_MAX, 0.0, NULL, NULL};

/* Factor (vol + gamma dt D L) for this dt (Thomas, no pivoting: an
 * M-matrix), and the constant part of the right-hand side that the offsets
 * o bring (affine). Each face flux enters one row with + and its neighbour
 * with -, so the inventory changes only through the surface. */
static void factor(siassb__particle *p, double dt, const diffusion_map *m)
{
    int plain = m->w == NULL && m->face_scale == NULL;
    if (plain && p->factor_dt == dt)
        return;
    int weighted = m->w != NULL;
    size_t n = p->n;
    double g = GAMMA * dt * p->D;
    for (size_t k = 0; k < n; k++) {
        int in_k = !m->in || m->in[k];
        int lo_open = k > 0 && in_k && (!m->in || m->in[k - 1]);
        int up_open = k + 1 < n && in_k && (!m->in || m->in[k + 1]);
        double c_lo = k == m->face ? m->face_coupling : p->coupling[k];
        double c_up = k + 1 == m->face ? m->face_coupling : k + 1 < n ? p->coupling[k + 1] : 0.0;
        if (m->face_scale) {
            c_lo *= m->face_scale[k];
            c_up *= k + 1 < n ? m->face_scale[k + 1] : 0.0;
        }
        double lo = lo_open ? g * c_lo : 0.0, up = up_open ? g * c_up : 0.0;
        double w_k = weighted ? m->w[k] : 1.0;
        p->lower[k] = lo_open ? -lo * (weighted ? m->w[k - 1] : 1.0) : 0.0;
        p->upper[k] = up_open ? -up * (weighted ? m->w[k + 1] : 1.0) : 0.0;
        p->diag[k] = p->vol[k] + (lo + up) * w_k;
        p->affine[k] = weighted ? (lo_open ? lo * (m->o[k] - m->o[k - 1]) : 0.0) +
                                      (up_open ? up * (m->o[k] - m->o[k + 1]) : 0.0)
                                : 0.0;
        if (m->face_drive)
            p->affine[k] += (lo_open ? lo * m->face_drive[k] : 0.0) -
                            (up_open ? up * m->face_drive[k + 1] : 0.0);
    }
    p->dprime_scale[0] = 1.0 / p->diag[0];
    p->cprime[0] = p->upper[0] * p->dprime_scale[0];
    for (size_t k = 1; k < n; k++) {
        p->dprime_scale[k] = 1.0 / (p->diag[k] - p->lower[k] * p->cprime[k - 1]);
        p->cprime[k] = p->upper[k] * p->dprime_scale[k];
    }
    p->factor_dt = plain ? dt : NAN;
}

/* The coupling of the face into a moving front in shell j: diffusion from
 * the centre of shell j + 1 in series with the front reaction, linearised
 * for small overpotentials: the Li flux per unit front area is
 * kappa (x_loc - x_eq), kappa = x_eq k_c alpha (F/RT) |dU/dx| (MODEL.md
 * section 2 with exp(alpha F eta/RT) - 1 ~ alpha F eta/RT). Linear, so each
 * step stays one solve and nothing lags. */
static double front_coupling(const struct siassb_sim *sim, size_t j)
{
    const siassb__particle *a = &sim->anode;
    double c = sim->cryst[j], lo = a->face[j], hi = a->face[j + 1];
    double r_front = a->planar ? lo + c * (hi - lo)
                               : cbrt(lo * lo * lo + c * (hi * hi * hi - lo * lo * lo));
    double area = a->planar ? 1.0 : fmax(r_front * r_front, 1e-30);
    double diffusion = a->coupling[j + 1];
    double reaction = sim->front_kappa * area / a->D;
    return 1.0 / (1.0 / diffusion + 1.0 / reaction);
}

/* After a step: the Li that reached the front shell converts its crystalline
 * Si at the plateau's composition, so the crystalline fraction falls
 * steadily as Li arrives; a wholly converted shell hands the front to the
 * next one inward. Converting moves no Li: the inventory is untouched. */
static void advance_front(struct siassb_sim *sim, size_t j)
{
    sim->cryst[j] = fmin(sim->cryst[j], fmax(0.0, 1.0 - sim->x[j] / sim->front_x_eq));
}

static void solve(const siassb__particle *p, double *r)
{
    size_t n = p->n;
    r[0] *= p->dprime_scale[0];
    for (size_t k = 1; k < n; k++)
        r[k] = (r[k] - p->lower[k] * r[k - 1]) * p->dprime_scale[k];
    for (size_t k = n - 1; k-- > 0;)
        r[k] -= p->cprime[k] * r[k + 1];
}

/* w = M^-1 e_last gamma dt coef total_vol / sites: the response of a stage
 * to a unit current (coef turns a current into mol/m2/s of Li in). */
static void unit_response(siassb__particle *p, double dt, double coef)
{
    memset(p->w, 0, p->n * sizeof *p->w);
    p->w[p->n - 1] = GAMMA * dt * coef * p->total_vol / p->sites_active;
    solve(p, p->w);
}

/* u = M^-1 (vol .* (y + r (y1 - y)) + affine): r = 0 for stage 1. */
static void stage_base(siassb__particle *p, const double *y, const double *y1, double r)
{
    for (size_t k = 0; k < p->n; k++)
        p->u[k] = p->vol[k] * (r == 0.0 ? y[k] : y[k] + r * (y1[k] - y[k])) + p->affine[k];
    solve(p, p->u);
}
static void affine(const siassb__particle *p, double i, double *out)
{
    for (size_t k = 0; k < p->n; k++)
        out[k] = p->u[k] + p->w[k] * i;
}

/* The current each electrode's host takes for cell current i: Si gives Li
 * to the side reactions at its surface, the cathode takes the electrolyte's
 * Li its oxidation releases (both held through the step). In a unit of the
 * cell current: Li into Si is si_sign (i - si_sign side) / F. */
static double anode_current(const struct siassb_sim *sim, double i)
{
    return i - sim->si_sign * siassb__cellmech_anode_side(sim);
}
static double cathode_current(const struct siassb_sim *sim, double i)
{
    return i + siassb__cellmech_cathode_side(sim);
}

/* Hysteresis after the reaction has moved charge dq (C/m2, discharge > 0)
 * through the Si (the cell current less the side reactions'): the exact
 * solution of dh/dx = gamma (-s - h), s = tanh(dx/eps), for the change dx of
 * the mean Si composition it causes. Driven by the reaction, not by the
 * surface composition, so rest leaves h exactly as it was. */
static double hysteresis_after(const struct siassb_sim *sim, double h0, double dq)
{
    double dx = sim->si_sign * dq / (SIASSB__FARADAY * sim->anode.sites_active);
    double s = tanh(dx / 1e-6);
    return -s + (h0 + s) * exp(-sim->hysteresis_rate * fabs(dx));
}

/* Cell voltage of the stage state at current i (trial arrays as scratch);
 * the stage has moved charge q_fixed + q_per_current i through the Si. */
static double stage_voltage(struct siassb_sim *sim, double q_fixed, double q_per_current,
                            double h0, double i)
{
    affine(&sim->anode, anode_current(sim, i), sim->anode.trial);
    if (sim->full)
        affine(&sim->cathode, cathode_current(sim, i), sim->cathode.trial);
    double h = hysteresis_after(sim, h0, q_fixed + q_per_current * i);
    return siassb__sim_voltage(sim, sim->anode.trial, sim->full ? sim->cathode.trial : sim->theta,
                               h, i, NULL, NULL);
}

/* The stage current that holds v_set. The voltage falls as the discharge
 * current rises: widen a bracket until it holds the root, then Newton steps
 * that fall back to bisection when they leave the bracket. */
static int solve_current(struct siassb_sim *sim, double q_fixed, double q_per_current, double h0,
                         double v_set, double guess, double *i_out)
{
    double scale = fmax(fabs(guess), 1e-4 * sim->nominal_A_per_m2_per_C) + 1e-12;
    double lo = guess - scale, hi = guess + scale;
    double glo = stage_voltage(sim, q_fixed, q_per_current, h0, lo) - v_set;
    double ghi = stage_voltage(sim, q_fixed, q_per_current, h0, hi) - v_set;
    for (int k = 0; k < 40 && !(glo >= 0); k++) {
        lo -= scale * ldexp(1.0, k);
        glo = stage_voltage(sim, q_fixed, q_per_current, h0, lo) - v_set;
    }
    for (int k = 0; k < 40 && !(ghi <= 0); k++) {
        hi += scale * ldexp(1.0, k);
        ghi = stage_voltage(sim, q_fixed, q_per_current, h0, hi) - v_set;
    }
    if (!(glo >= 0 && ghi <= 0))
        return SIASSB_E_SOLVER;
    double i = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
    for (int it = 0; it < 200; it++) {
        double g = stage_voltage(sim, q_fixed, q_per_current, h0, i) - v_set;
        if (!isfinite(g))
            return SIASSB_E_SOLVER;
        if (fabs(g) < 1e-11) {
            *i_out = i;
            return SIASSB_OK;
        }
        if (g > 0)
            lo = i;
        else
            hi = i;
        if (hi - lo <= 1e-15 * fmax(1.0, fabs(i))) {
            *i_out = i;
            return SIASSB_OK;
        }
        double di = 1e-7 * fmax(1e-3, fabs(i));
        double slope = (stage_voltage(sim, q_fixed, q_per_current, h0, i + di) - v_set - g) / di;
        double next = slope < 0 ? i - g / slope : 0.5 * (lo + hi);
        i = next > lo && next < hi ? next : 0.5 * (lo + hi);
    }
    *i_out = i;
    return SIASSB_OK;
}

void siassb__sim_save(struct siassb_sim *sim, siassb__snapshot *snap)
{
    size_t na = sim->anode.n;
    memcpy(snap->x, sim->x, na * sizeof *sim->x);
    memcpy(snap->sigma, sim->sigma, na * sizeof *sim->sigma);
    memcpy(snap->cryst, sim->cryst, na * sizeof *sim->cryst);
    memcpy(snap->li15, sim->li15, na * sizeof *sim->li15);
    memcpy(snap->plastic, sim->plastic, na * sizeof *sim->plastic);
    if (sim->full)
        memcpy(snap->theta, sim->theta, sim->cathode.n * sizeof *sim->theta);
    snap->s = sim->s;
}

void siassb__sim_restore(struct siassb_sim *sim, const siassb__snapshot *snap)
{
    size_t na = sim->anode.n;
    memcpy(sim->x, snap->x, na * sizeof *sim->x);
    memcpy(sim->sigma, snap->sigma, na * sizeof *sim->sigma);
    memcpy(sim->cryst, snap->cryst, na * sizeof *sim->cryst);
    memcpy(sim->li15, snap->li15, na * sizeof *sim->li15);
    memcpy(sim->plastic, snap->plastic, na * sizeof *sim->plastic);
    if (sim->full)
        memcpy(sim->theta, snap->theta, sim->cathode.n * sizeof *sim->theta);
    sim->s = snap->s;
    siassb__cellmech_refresh(sim);
}

/* Layer by layer, the stress follows the chemical strain of the step (the
 * layer's composition moved from x_old to x) with the properties at the new
 * composition; operator-split from the diffusion step, which sees it only
 * through the next step's stress-driven flux (mechanisms.stress_flux). */
static void update_film_stress(struct siassb_sim *sim, const double *x_old, double dt)
{
    for (size_t k = 0; k < sim->anode.n; k++) {
        double x = sim->x[k];
        double E, nu;
        siassb__si_elastic(sim, x, &E, &nu);
        double yield = siassb__si_yield_Pa(sim, x);
        double dlnlambda = log((1.0 + sim->omega_ratio * fmax(x, 0.0)) /
                               (1.0 + sim->omega_ratio * fmax(x_old[k], 0.0))) / 3.0;
        sim->sigma[k] = siassb__film_stress_step(sim->sigma[k], E / (1.0 - nu), dlnlambda, dt, yield,
                                                 sim->flow_rate0, sim->flow_exponent);
    }
}

/* Sign of the current this step will carry: +1 discharge, -1 charge. */
static double mode_direction(const struct siassb_sim *sim)
{
    double i = sim->mode == SIASSB_MODE_CURRENT ? sim->setpoint
               : sim->mode == SIASSB_MODE_VOLTAGE ? sim->s.current
                                                  : 0.0;
    return i > 0 ? 1.0 : i < 0 ? -1.0 : 0.0;
}

/* Stress in the Li flux (MODEL.md section 2): the chemical potential
 * -F U(x) - Omega sigma_h drives N = -(D/lambda^2) [dx/dr - Omega/(F |dU/dx|)
 * d(sigma_h)/dr] with the measured diffusivity D (D* times the thermodynamic
 * factor), so Li moves towards tension; |dU/dx| is held above 0.02 V per
 * unit x where the OCV is flat. The stresses are those at the start of the
 * step. Lagging them alone is explicit diffusion with D theta, theta =
 * 2 Omega E omega / (9 (1 - nu) F |dU/dx| (1 + omega x)) the factor by which
 * an elastic stress field (sphere or film alike) speeds diffusion, and
 * needs tiny steps; so the elastic part is taken implicitly, (1 + theta)
 * times the coupling, and the lagged terms carry only what plastic flow
 * makes the stress differ from elastic: for elastic stresses they cancel.
 * Conservative: each face term leaves one shell and enters its neighbour.
 * Called after the rest of the map is built: the composition differences
 * are those of the mobile amorphous part the map couples. */
#define STRESS_FLUX_DONOR_X 0.01

static void stress_transport(struct siassb_sim *sim, diffusion_map *map, size_t front)
{
    const siassb__particle *a = &sim->anode;
    size_t n = a->n;
    double *scale = sim->face_scale, *drive = sim->face_drive;
    scale[0] = scale[n] = 1.0;
    drive[0] = drive[n] = 0.0;
    for (size_t k = 1; k < n; k++) {
        double xf = 0.5 * (fmax(sim->x[k - 1], 0.0) + fmax(sim->x[k], 0.0));
        double swell = 1.0 + sim->omega_ratio * xf, stretch = cbrt(swell);
        double dx = 1e-3;
        double slope = fabs(siassb__sim_si_ocv(sim, xf + dx, sim->s.h) -
                            siassb__sim_si_ocv(sim, fmax(xf - dx, 0.0), sim->s.h)) /
                       (xf + dx - fmax(xf - dx, 0.0));
        double potential_per_stress = sim->omega_li / (SIASSB__FARADAY * fmax(slope, 0.02));
        double E, nu;
        siassb__si_elastic(sim, xf, &E, &nu);
        double theta = potential_per_stress * 2.0 * E * sim->omega_ratio / (9.0 * (1.0 - nu) * swell);
        double sh_lo, sh_hi;
        if (sim->sphere_stress) {
            sh_lo = (sim->sig_r[k - 1] + 2.0 * sim->sig_t[k - 1]) / 3.0;
            sh_hi = (sim->sig_r[k] + 2.0 * sim->sig_t[k]) / 3.0;
        } else {
            sh_lo = 2.0 * sim->sigma[k - 1] / 3.0;
            sh_hi = 2.0 * sim->sigma[k] / 3.0;
        }
        double xa_lo = map->w ? map->w[k - 1] * sim->x[k - 1] - map->o[k - 1] : sim->x[k - 1];
        double xa_hi = map->w ? map->w[k] * sim->x[k] - map->o[k] : sim->x[k];
        /* the front shell mixes crystalline core and lithiated shell: its
         * mean stress is not that of the amorphous phase at its faces, and
         * its faces carried a stress jump that grew with mesh refinement
         * (doc/model.md); there only the frame correction applies */
        if (front != SIZE_MAX && k <= front + 1) {
            scale[k] = 1.0 / (stretch * stretch);
            drive[k] = 0.0;
            continue;
        }
        scale[k] = (1.0 + theta) / (stretch * stretch);
        double d = (theta * (xa_hi - xa_lo) + potential_per_stress * (sh_hi - sh_lo)) / (1.0 + theta);
        /* the donor's Li carries the flux: the lagged term fades as the
         * donor empties (over STRESS_FLUX_DONOR_X), so it cannot drain a
         * shell below x = 0 */
        double donor = fmax(d > 0 ? xa_lo : xa_hi, 0.0);
        drive[k] = d * donor / (donor + STRESS_FLUX_DONOR_X);
    }
    map->face_scale = scale;
    map->face_drive = drive;
}

/* The diffusion map of this step: the crystalline core and its front
 * (MODEL.md section 2), and Li15Si4 held in shells, which takes no part in
 * the diffusion: the amorphous rest of such a shell holds
 * (x - 3.75 f) / (1 - f). */
static void build_map(struct siassb_sim *sim, diffusion_map *map, size_t *front, int *moving)
{
    const siassb__particle *a = &sim->anode;
    *front = front_shell(sim);
    *moving = 0;
    if (*front == SIZE_MAX && !sim->li15_on)
        return;
    for (size_t k = 0; k < a->n; k++) {
        double f = sim->li15[k];
        sim->diff_w[k] = 1.0 / (1.0 - f);
        sim->diff_o[k] = LI15SI4_X * f / (1.0 - f);
        sim->diff_in[k] = 1;
    }
    if (*front != SIZE_MAX) {
        size_t j = *front;
        for (size_t k = 0; k < j; k++) /* wholly crystalline: no Li moves there */
            sim->diff_in[k] = 0;
        /* the front moves while Si is being lithiated (the Li then flows
         * inward to it); otherwise the front shell is ordinary amorphous
         * material around an inert crystalline part */
        /* it moves only where Li reaches it: the next shell out holds more
         * than the front needs (a front in the surface shell: any lithiation);
         * a front fed from a leaner shell would pull Li out of crystalline Si */
        int lithiating = sim->si_sign * mode_direction(sim) > 0;
        *moving = lithiating &&
                  (j + 1 == a->n || sim->x[j + 1] / (1.0 - sim->li15[j + 1]) -
                                            LI15SI4_X * sim->li15[j + 1] / (1.0 - sim->li15[j + 1]) >=
                                        sim->front_x_eq);
        double c = sim->cryst[j];
        if (*moving) { /* the lithiated phase at the front sits at x_eq */
            sim->diff_w[j] = 0.0;
            sim->diff_o[j] = -sim->front_x_eq;
            if (j + 1 < a->n) {
                map->face = j + 1;
                map->face_coupling = front_coupling(sim, j);
            }
        } else if (c >= 1.0) {
            sim->diff_in[j] = 0;
        } else {
            sim->diff_w[j] = 1.0 / (1.0 - c);
            sim->diff_o[j] = 0.0;
        }
    }
    map->w = sim->diff_w;
    map->o = sim->diff_o;
    map->in = sim->diff_in;
}

/* Li15Si4 per shell, by composition (MODEL.md section 2): where the shell
 * holds x >= x_cr it crystallises at k_cr (1 - f), no further than its
 * amorphous rest can give (that rest stays at or above x_cr); where the
 * amorphous rest has fallen below the composition at which the
 * delithiation branch meets the two-phase plateau U_15, Li15Si4 gives up Li
 * to bring it back there (two-phase delithiation near 0.43 V). Li is not
 * moved between shells: the inventory is untouched. */
static void advance_li15si4(struct siassb_sim *sim, double dt)
{
    for (size_t k = 0; k < sim->anode.n; k++) {
        if (sim->front_on && sim->cryst[k] > 0.0)
            continue; /* crystalline Si left: no Li15Si4 here yet */
        double x = sim->x[k], f = sim->li15[k];
        double xa = (x - LI15SI4_X * f) / (1.0 - f);
        if (xa >= sim->li15_formation_x) {
            /* the amorphous rest stays between x_cr and the top of the OCV
             * extension: at or above x_cr where Li15Si4 takes Li from it, at or
             * below x_10mV where it is richer */
            double x_top = sim->ocv_x_10mV > LI15SI4_X ? sim->ocv_x_10mV : sim->x_max;
            double f_cap = x < LI15SI4_X ? (x - sim->li15_formation_x) /
                                               (LI15SI4_X - sim->li15_formation_x)
                                         : (x_top - x) / (x_top - LI15SI4_X);
            f_cap = fmin(LI15SI4_MAX, f_cap);
            double grown = f + sim->li15_rate * (1.0 - f) * dt;
            if (grown > f && f_cap > f)
                sim->li15[k] = fmin(grown, f_cap);
        } else if (f > 0.0 && xa < sim->li15_x_eq) {
            /* decompose just enough: (x - 3.75 f') / (1 - f') = x_eq */
            sim->li15[k] = fmax(0.0, (x - sim->li15_x_eq) / (LI15SI4_X - sim->li15_x_eq));
        }
    }
}

static double err_term(double y_new, double y_est, double y_old, double rtol)
{
    double sc = rtol * (1.0 + fmax(fabs(y_new), fabs(y_old)));
    double e = (y_new - y_est) / sc;
    return e * e;
}

int siassb__sim_attempt(struct siassb_sim *sim, double dt, double *err)
{
    siassb__particle *a = &sim->anode, *c = &sim->cathode;
    int full = sim->full;
    double coef_a = sim->si_sign / SIASSB__FARADAY, coef_c = 1.0 / SIASSB__FARADAY;
    diffusion_map map = plain_map;
    size_t front = SIZE_MAX;
    int moving = 0;
    if (sim->sphere_stress) /* the stresses this step's potential and flux see */
        siassb__sphere_stress_step(sim, dt);
    build_map(sim, &map, &front, &moving);
    if (sim->stress_flux)
        stress_transport(sim, &map, front);
    factor(a, dt, &map);
    unit_response(a, dt, coef_a);
    if (full) {
        factor(c, dt, &plain_map);
        unit_response(c, dt, coef_c);
    }
    double h0 = sim->s.h;
    int hold = sim->mode == SIASSB_MODE_VOLTAGE;
    double i_fixed = sim->mode == SIASSB_MODE_CURRENT ? sim->setpoint : 0.0;
    double v0 = sim->s.voltage_valid ? sim->s.voltage
                                     : siassb__sim_voltage(sim, sim->x, sim->theta, h0,
                                                           hold ? sim->s.current : i_fixed, NULL, NULL);

    /* stage 1 */
    stage_base(a, sim->x, NULL, 0.0);
    if (full)
        stage_base(c, sim->theta, NULL, 0.0);
    double i1 = i_fixed;
    /* the charge through the Si in a stage: the cell's less the side reactions' */
    double q_side = sim->si_sign * siassb__cellmech_anode_side(sim) * dt;
    if (hold && solve_current(sim, -GAMMA * q_side, GAMMA * dt, h0, sim->setpoint, sim->s.current,
                              &i1) != SIASSB_OK)
        return SIASSB_E_SOLVER;
    affine(a, anode_current(sim, i1), a->y1);
    if (full)
        affine(c, cathode_current(sim, i1), c->y1);

    /* stage 2: base y_n + (1 - gamma)/gamma (Y1 - y_n) */
    double r = (1.0 - GAMMA) / GAMMA;
    stage_base(a, sim->x, a->y1, r);
    if (full)
        stage_base(c, sim->theta, c->y1, r);
    double i2 = i_fixed;
    if (hold && solve_current(sim, (1.0 - GAMMA) * dt * i1 - q_side, GAMMA * dt, h0, sim->setpoint,
                              i1, &i2) != SIASSB_OK)
        return SIASSB_E_SOLVER;

    /* error: Y2 against the first-order estimate y_n + (Y1 - y_n)/gamma */
    double e2 = 0;
    size_t n_terms = 0;
    for (size_t k = 0; k < a->n; k++) {
        double y2 = a->u[k] + a->w[k] * anode_current(sim, i2);
        e2 += err_term(y2, sim->x[k] + (a->y1[k] - sim->x[k]) / GAMMA, sim->x[k], sim->rtol);
        n_terms++;
    }
    if (full)
        for (size_t k = 0; k < c->n; k++) {
            double y2 = c->u[k] + c->w[k] * cathode_current(sim, i2);
            e2 += err_term(y2, sim->theta[k] + (c->y1[k] - sim->theta[k]) / GAMMA, sim->theta[k],
                           sim->rtol);
            n_terms++;
        }
    double e = sqrt(e2 / (double)n_terms);

    /* accept the stage-2 state (the caller restores it when rejected) */
    if (sim->stress_on && !sim->sphere_stress)
        memcpy(a->trial, sim->x, a->n * sizeof *a->trial); /* x at the start of the step */
    double x_front = moving ? sim->x[front] : 0.0;
    affine(a, anode_current(sim, i2), sim->x);
    if (sim->stress_on && !sim->sphere_stress)
        update_film_stress(sim, a->trial, dt);
    /* the surface shell's last crystalline Si converted in this step: the
     * surface turns from two-phase to amorphous, a step in the model's
     * potential that no step size resolves (MAX_VOLTAGE_CHANGE does not
     * apply to it) */
    int surface_was_two_phase = moving && front + 1 == a->n;
    if (moving) {
        /* the front shell takes Li at x_eq, which no error estimate sees: the
         * step may convert at most FRONT_STEP_MAX of the shell, or one long
         * step overfills it far beyond x_eq before the front moves on */
        e = fmax(e, (sim->x[front] - x_front) / sim->front_x_eq / FRONT_STEP_MAX);
        advance_front(sim, front);
    }
    if (sim->li15_on)
        advance_li15si4(sim, dt);

    if (full)
        affine(c, cathode_current(sim, i2), sim->theta);
    double dq = dt * ((1.0 - GAMMA) * i1 + GAMMA * i2); /* C/m2, the exact charge passed */
    sim->s.h = hysteresis_after(sim, h0, dq - sim->si_sign * siassb__cellmech_anode_side(sim) * dt);
    sim->s.current = i2;
    sim->s.t += dt;
    if (!full)
        sim->s.counter_mol -= dq / SIASSB__FARADAY;
    double v1 = siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, i2, NULL, NULL);
    if (!isfinite(v1))
        return SIASSB_E_SOLVER;
    siassb__cellmech_step(sim, dt);
    /* the voltage of the new state, kept for the events and the next step
     * (re-evaluated when the cell mechanics has just changed what it sees;
     * not kept when the particle stresses change it at the next step's
     * start) */
    sim->s.voltage = siassb__cellmech_moves_voltage(sim)
                         ? siassb__sim_voltage(sim, sim->x, sim->theta, sim->s.h, i2, NULL, NULL)
                         : v1;
    sim->s.voltage_valid = !sim->sphere_stress && isfinite(sim->s.voltage);
    sim->s.charge_total += dq;
    sim->s.charge_mode += fabs(dq);
    sim->s.energy_total += 0.5 * (v0 + v1) * dq;
    sim->s.vq_abs_total += 0.5 * (v0 + v1) * fabs(dq);
    if (!hold && !(surface_was_two_phase && !(sim->cryst[a->n - 1] > 0.0)))
        e = fmax(e, fabs(v1 - v0) / MAX_VOLTAGE_CHANGE);
    *err = e;
    return SIASSB_OK;
}

/* Event functions: positive while the event has not happened. */
static double event_value(struct siassb_sim *sim, int e)
{
    double thr = sim->event_threshold[e];
    double I = sim->s.current;
    switch (e) {
    case SIASSB_EVENT_VOLTAGE_MIN:
        return siassb__sim_cell_voltage(sim) - thr;
    case SIASSB_EVENT_VOLTAGE_MAX:
        return thr - siassb__sim_cell_voltage(sim);
    case SIASSB_EVENT_CURRENT_BELOW:
        return sim->mode == SIASSB_MODE_VOLTAGE ? fabs(I) - thr : 1.0;
    case SIASSB_EVENT_CAPACITY:
        return thr - sim->s.charge_mode / SIASSB__C_PER_M2_PER_MAH_PER_CM2;
    default: break;
    }
    /* composition limits (always armed), each only in the direction the
     * current drives: Si surface in [-0.001, x_max], cathode surface in
     * [-0.001, 1.001], counter neither exhausted nor (an alloy) full */
    if (I == 0.0)
        return 1.0;
    double into_si = sim->si_sign * I; /* > 0: Li goes into Si */
    double xs = siassb__sim_si_surface(sim, sim->x, I);
    double g = into_si > 0 ? sim->x_max - xs : xs + 1e-3;
    if (sim->full) {
        double ts = siassb__particle_surface(
            &sim->cathode, sim->theta,
            cathode_current(sim, I) / SIASSB__FARADAY * sim->cathode.total_vol /
                (sim->cathode.sites_per_m2 * sim->cathode.surface_area));
        g = fmin(g, I > 0 ? 1.001 - ts : ts + 1e-3);
    } else {
        double fill = sim->s.counter_mol / sim->counter_capacity_mol;
        /* a discharge lithiates Si from the counter */
        g = fmin(g, I > 0 ? fill : sim->counter_is_alloy ? 1.0 - fill : 1.0);
    }
    return g;
}

static int armed(const struct siassb_sim *sim, int e)
{
    return e == SIASSB_EVENT_COMPOSITION || !isnan(sim->event_threshold[e]);
}

static double event_tolerance(const struct siassb_sim *sim, int e)
{
    switch (e) {
    case SIASSB_EVENT_VOLTAGE_MIN:
    case SIASSB_EVENT_VOLTAGE_MAX: return 1e-4;
    case SIASSB_EVENT_CURRENT_BELOW:
    case SIASSB_EVENT_CAPACITY: return 1e-4 * fabs(sim->event_threshold[e]);
    default: return 1e-6;
    }
}

/* Retake the step from the saved state with the step size at which event e
 * happens, to the event's tolerance; returns that size and leaves the state
 * there, on the far side of the event. The event function is g_lo > 0 at
 * the start of the step and g_hi <= 0 at its end: regula falsi with the
 * Illinois modification (the value kept at an end twice in a row is halved),
 * falling back to bisection where the secant would not shrink the bracket.
 * About 4 trial steps per event where bisection took 8 to 12. */
static double locate_event(struct siassb_sim *sim, int e, double dt, double g_lo, double g_hi)
{
    double lo = 0, hi = dt, tol = event_tolerance(sim, e), err;
    int kept = 0; /* the end kept by the last trial: -1 lo, +1 hi */
    for (int it = 0; it < 60 && hi - lo > 1e-12 * fmax(1.0, sim->s.t); it++) {
        double mid = 0.5 * (lo + hi);
        if (isfinite(g_lo) && isfinite(g_hi) && g_lo > g_hi) {
            double secant = lo + (hi - lo) * g_lo / (g_lo - g_hi);
            double margin = 1e-3 * (hi - lo);
            if (secant > lo + margin && secant < hi - margin)
                mid = secant;
        }
        siassb__sim_restore(sim, &sim->step_snapshot);
        if (siassb__sim_attempt(sim, mid, &err) != SIASSB_OK) {
            lo = mid;
            g_lo = NAN; /* unknown there: bisect next */
            continue;
        }
        double g = event_value(sim, e);
        if (g > 0) {
            lo = mid;
            g_lo = g;
            if (kept == 1)
                g_hi *= 0.5;
            kept = 1;
        } else {
            hi = mid;
            g_hi = g;
            if (g > -tol)
                return hi;
            if (kept == -1)
                g_lo *= 0.5;
            kept = -1;
        }
    }
    siassb__sim_restore(sim, &sim->step_snapshot);
    siassb__sim_attempt(sim, hi, &err);
    return hi;
}

static int advance(struct siassb_sim *sim, double dt_total, int *event)
{
    double t_end = sim->s.t + dt_total;
    *event = SIASSB_EVENT_NONE;
    if (!(t_end > sim->s.t)) {
        siassb__msg(sim->errmsg, sizeof sim->errmsg,
                    "dt = %g s is lost against t = %g s; allowed: a dt the time can resolve",
                    dt_total, sim->s.t);
        return SIASSB_E_RANGE;
    }
    double before[SIASSB__EVENT_KINDS];
    for (int e = 1; e < SIASSB__EVENT_KINDS; e++) {
        before[e] = armed(sim, e) ? event_value(sim, e) : 1.0;
        if (armed(sim, e) && before[e] <= 0) {
            *event = e;
            siassb__msg(sim->errmsg, sizeof sim->errmsg,
                        "event %d holds already at t = %g s; change the mode or the threshold", e,
                        sim->s.t);
            return SIASSB_INFO_EVENT;
        }
    }
    int rejects = 0;
    while (sim->s.t < t_end) {
        double remaining = t_end - sim->s.t;
        double dt = fmin(fmin(sim->s.dt_next, sim->s.m.dt_limit), remaining);
        if (remaining - dt < 1e-9 * fmax(1.0, remaining))
            dt = remaining;
        siassb__sim_save(sim, &sim->step_snapshot);
        double err = 0;
        int rc = siassb__sim_attempt(sim, dt, &err);
        sim->steps_attempted++;
        if (rc != SIASSB_OK || !(err <= 1.0)) {
            siassb__sim_restore(sim, &sim->step_snapshot);
            double shrink = rc != SIASSB_OK || !isfinite(err) ? 0.25 : fmax(0.2, 0.9 / sqrt(err));
            sim->s.dt_next = dt * shrink;
            if (++rejects > 60 || sim->s.dt_next < 1e-12) {
                siassb__msg(sim->errmsg, sizeof sim->errmsg,
                            "the step failed at t = %.6g s (mode %d, set-point %g): %s", sim->s.t,
                            sim->mode, sim->setpoint,
                            rc != SIASSB_OK ? "the current of the voltage hold has no solution"
                                            : "the error control could not meet the tolerance");
                return SIASSB_E_SOLVER;
            }
            continue;
        }
        rejects = 0;
        sim->steps_accepted++;
        double proposal = dt * fmin(5.0, fmax(0.2, 0.9 / sqrt(fmax(err, 1e-12))));
        /* every event that crossed in this step is located; the earliest wins */
        int crossed[SIASSB__EVENT_KINDS] = {0}, any = 0;
        double after[SIASSB__EVENT_KINDS] = {0};
        for (int e = 1; e < SIASSB__EVENT_KINDS; e++)
            if (armed(sim, e) && before[e] > 0 && (after[e] = event_value(sim, e)) <= 0)
                crossed[e] = any = 1;
        int first = SIASSB_EVENT_NONE;
        double first_dt = dt;
        for (int e = 1; any && e < SIASSB__EVENT_KINDS; e++) {
            if (!crossed[e])
                continue;
            double at = locate_event(sim, e, dt, before[e], after[e]);
            if (first == SIASSB_EVENT_NONE || at < first_dt)
                first = e, first_dt = at;
        }
        if (first != SIASSB_EVENT_NONE) {
            siassb__sim_restore(sim, &sim->step_snapshot);
            siassb__sim_attempt(sim, first_dt, &err);
            sim->s.dt_next = fmin(fmin(proposal, fmax(dt, 1e-6)), sim->s.m.dt_limit);
            siassb__cellmech_record(sim);
            *event = first;
            return SIASSB_INFO_EVENT;
        }
        /* no event: the state is already the accepted step */
        siassb__cellmech_record(sim);
        sim->s.dt_next = fmin(proposal, sim->s.m.dt_limit);
        for (int k = 1; k < SIASSB__EVENT_KINDS; k++)
            before[k] = armed(sim, k) ? event_value(sim, k) : 1.0;
    }
    return SIASSB_OK;
}

/* Advance, and undo everything on failure: the call leaves the state
 * exactly as it found it. */
int siassb__sim_advance(struct siassb_sim *sim, double dt_total, int *event)
{
    siassb__sim_save(sim, &sim->entry_snapshot);
    int rc = advance(sim, dt_total, event);
    if (rc < 0)
        siassb__sim_restore(sim, &sim->entry_snapshot);
    return rc;
}
