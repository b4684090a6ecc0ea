/* Stress in spherical Li-Si particles (mechanics.c). */
#ifndef SIASSB_SIM_MECHANICS_H
#define SIASSB_SIM_MECHANICS_H

#include "sim/sim.h"

/* At the start of a step of size dt: equilibrate the particle with its
 * compositions and plastic strains, advance the viscoplastic strain over dt,
 * re-equilibrate, and record the surface and centre stresses in the state
 * (the potential uses them through the step, so a voltage hold holds). */
void siassb__sphere_stress_step(struct siassb_sim *sim, double dt);

/* Young's modulus (Pa) and Poisson ratio of Li_xSi from the material's
 * tables: the one place the engine reads its elastic constants. */
void siassb__si_elastic(const struct siassb_sim *sim, double x, double *E_Pa, double *nu);

/* Yield stress (Pa) of Li_xSi from the material's table: the one place the
 * engine reads it. */
double siassb__si_yield_Pa(const struct siassb_sim *sim, double x);

#endif
