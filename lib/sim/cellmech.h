/* Cell mechanics and interfaces (MODEL.md sections 4-6): stack pressure and
 * thickness, consolidation, contact, isolation, fracture and interphases.
 * Operator-split from the diffusion step: after each step the slow scalar
 * state advances with what the step did, and the side currents the next
 * step will carry are evaluated. */
#ifndef SIASSB_SIM_CELLMECH_H
#define SIASSB_SIM_CELLMECH_H

#include "sim/sim.h"

/* Read the parameters from the cell and its materials and set the initial
 * state (after the particles and the compositions are set up). */
int siassb__cellmech_setup(struct siassb_sim *sim, char *msg, size_t cap);

/* Advance the cell mechanics and interfaces over the step of size dt that
 * has just been taken. */
void siassb__cellmech_step(struct siassb_sim *sim, double dt);

/* Evaluate the side currents the next step will carry from the state now:
 * after setup, after each step, and when the mode changes the current. */
void siassb__cellmech_side_currents(struct siassb_sim *sim);

/* Whether a step of the cell mechanics changes the cell voltage of a state
 * (side currents, contact, the pressure on a confined film). */
int siassb__cellmech_moves_voltage(const struct siassb_sim *sim);

/* Record the stack pressure of an accepted step in the cycle's extremes. */
void siassb__cellmech_record(struct siassb_sim *sim);

/* Recompute what the engine derives from the state (active sites, the
 * particles' contact pressure): after a restore and a checkpoint load. */
void siassb__cellmech_refresh(struct siassb_sim *sim);

/* Li held outside the cyclable hosts: interphases, oxide, trapped in
 * isolated Si, less the electrolyte's Li its oxidation released, mol/m2. */
double siassb__cellmech_bound_li(const struct siassb_sim *sim);

/* Side currents (A/m2 of cell) that take Li from Si and that put Li into
 * the cathode, held through a step. */
double siassb__cellmech_anode_side(const struct siassb_sim *sim);
double siassb__cellmech_cathode_side(const struct siassb_sim *sim);

#endif
