/* Stress in a spherical Li-Si particle (MODEL.md section 3): quasi-static
 * radial equilibrium on the diffusion mesh with linear displacement elements
 * in the pristine coordinate; eigenstrain = chemical strain ln(lambda)
 * (isotropic) plus the plastic strain (deviatoric: p_r = -2 p_theta); von
 * Mises viscoplastic flow (the film law), returned per shell at fixed total
 * strain and re-equilibrated once (staggered). Small strain in the pristine
 * frame: the finite-strain kinematics of Bower et al. (2011) are not used,
 * which overstates elastic strains in a swollen particle; the flow stress
 * caps them. The surface carries the matrix's contact pressure, a cell
 * parameter until the stack mechanics compute it. Allocation-free: the workspaces come from siassb__sim_setup. */
#include "sim/mechanics.h"

#include "materials/materials.h"

#include <math.h>

/* Gauss points of [0, 1]: (1 -+ 1/sqrt 3) / 2 */
#define GAUSS_LO 0.21132486540518711775
#define GAUSS_HI 0.78867513459481288225

static double table_at(const siassb__param *t, double x)
{
    int outside;
    return siassb__table_interp(t->x, t->y, t->n, x, &outside);
}

double siassb__si_yield_Pa(const struct siassb_sim *sim, double x)
{
    return table_at(sim->yield_GPa, x) * 1e9;
}

void siassb__si_elastic(const struct siassb_sim *sim, double x, double *E_Pa, double *nu)
{
    *E_Pa = table_at(sim->modulus_GPa, x) * 1e9;
    *nu = table_at(sim->poisson, x);
}

/* Lame-type stiffness A = E / ((1 + nu)(1 - 2 nu)) and nu of a shell. */
static void elastic(const struct siassb_sim *sim, double x, double *A, double *nu, double *E)
{
    siassb__si_elastic(sim, x, E, nu);
    *A = *E / ((1 + *nu) * (1 - 2 * *nu));
}

static void solve_elastic(struct siassb_sim *sim)
{
    const siassb__particle *a = &sim->anode;
    size_t n = a->n;
    double *d = sim->mech_diag, *o = sim->mech_off, *b = sim->mech_rhs, *u = sim->mech_u;
    double *c = sim->mech_cp;
    for (size_t i = 0; i < n; i++)
        d[i] = o[i] = b[i] = 0.0; /* unknowns: u at faces 1..n (u_0 = 0 at the centre) */
    for (size_t k = 0; k < n; k++) {
        double A, nu, E;
        elastic(sim, sim->x[k], &A, &nu, &E);
        double lo = a->face[k], h = a->face[k + 1] - lo;
        double ech = log1p(sim->omega_ratio * fmax(sim->x[k], 0.0)) / 3.0;
        double er = ech - 2.0 * sim->plastic[k], et = ech + sim->plastic[k];
        double fr = A * ((1 - nu) * er + 2 * nu * et), ft = A * (nu * er + et);
        /* two-point Gauss over r^2 dr: exact for a uniform stress, so a
         * pressed sphere is uniformly compressed (one point at the shell
         * centre left the centre shell 12% off) */
        for (int g = 0; g < 2; g++) {
            double r = lo + h * (g == 0 ? GAUSS_LO : GAUSS_HI), W = 0.5 * h * r * r;
            double br[2] = {-1 / h, 1 / h}, bt[2] = {(lo + h - r) / (h * r), (r - lo) / (h * r)};
            for (int p = 0; p < 2; p++) {
                size_t node = k + (size_t)p;
                if (node == 0)
                    continue;
                b[node - 1] += W * (fr * br[p] + 2 * ft * bt[p]);
                for (int q = p; q < 2; q++) {
                    if (k + (size_t)q == 0)
                        continue;
                    double kpq = W * A *
                                 ((1 - nu) * br[p] * br[q] + 2 * nu * (br[p] * bt[q] + bt[p] * br[q]) +
                                  2 * bt[p] * bt[q]);
                    if (q == p)
                        d[node - 1] += kpq;
                    else
                        o[node - 1] += kpq; /* row node-1 to row node (symmetric) */
                }
            }
        }
    }
    /* the matrix presses on the surface: sigma_r(R) = -p_c (per steradian,
     * the surface is R^2 as the shell volumes are (b^3 - a^3)/3) */
    b[n - 1] -= sim->contact_pressure_Pa * a->face[n] * a->face[n];
    c[0] = o[0] / d[0];
    u[0] = b[0] / d[0];
    for (size_t i = 1; i < n; i++) {
        double den = d[i] - o[i - 1] * c[i - 1];
        c[i] = o[i] / den;
        u[i] = (b[i] - o[i - 1] * u[i - 1]) / den;
    }
    for (size_t i = n - 1; i-- > 0;)
        u[i] -= c[i] * u[i + 1];
    for (size_t k = 0; k < n; k++) {
        double A, nu, E;
        elastic(sim, sim->x[k], &A, &nu, &E);
        double ul = k == 0 ? 0.0 : u[k - 1], ur = u[k];
        double h = a->face[k + 1] - a->face[k], rho = 0.5 * (a->face[k + 1] + a->face[k]);
        double ech = log1p(sim->omega_ratio * fmax(sim->x[k], 0.0)) / 3.0;
        double epr = (ur - ul) / h - ech + 2.0 * sim->plastic[k];
        double ept = 0.5 * (ul + ur) / rho - ech - sim->plastic[k];
        sim->sig_r[k] = A * ((1 - nu) * epr + 2 * nu * ept);
        sim->sig_t[k] = A * (nu * epr + ept);
    }
}

void siassb__sphere_stress_step(struct siassb_sim *sim, double dt)
{
    const siassb__particle *a = &sim->anode;
    solve_elastic(sim);
    int flowed = 0;
    for (size_t k = 0; k < a->n; k++) {
        double diff = sim->sig_t[k] - sim->sig_r[k], se = fabs(diff);
        double yield = siassb__si_yield_Pa(sim, sim->x[k]);
        if (se <= yield)
            continue;
        double A, nu, E;
        elastic(sim, sim->x[k], &A, &nu, &E);
        double g3 = 3.0 * E / (2.0 * (1 + nu)); /* 3 G: the drop of sigma_e per plastic strain */
        double se_new = siassb__film_stress_step(se, g3, 0.0, dt, yield, sim->flow_rate0,
                                                 sim->flow_exponent);
        sim->plastic[k] += copysign(0.5 * (se - se_new) / g3, diff);
        flowed = 1;
    }
    if (flowed)
        solve_elastic(sim);
    size_t s = a->n - 1;
    sim->s.surface_hoop = sim->sig_t[s];
    sim->s.surface_hydrostatic = (sim->sig_r[s] + 2.0 * sim->sig_t[s]) / 3.0;
    sim->s.centre_stress = sim->sig_t[0];
}
