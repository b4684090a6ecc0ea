/* The state of one simulation and the model equations (version 1: single
 * particle per electrode, Fickian diffusion on a graded mesh, Butler-Volmer
 * kinetics, ohmic drops, Li-Si OCV hysteresis; MODEL.md sections 1, 2, 7, 8). */
#ifndef SIASSB_SIM_H
#define SIASSB_SIM_H

#include "cell/cell.h"
#include "core/core.h"

#include <stddef.h>

#define SIASSB__EVENT_KINDS 6

/* One electrode particle (or film) on a finite-volume mesh in the pristine
 * coordinate. The state is the composition per shell (x for Li-Si, sto for
 * the cathode). Li conservation: sum(vol[k] * y[k]) * sites_per_volume is the
 * inventory; only the surface flux changes it. */
typedef struct siassb__particle {
    size_t n;
    int planar;
    double radius;         /* m (film: thickness) */
    double *face;          /* n + 1 face positions, face[0] = 0, face[n] = radius */
    double *vol;           /* n shell volumes per steradian (film: per area) */
    double *coupling;      /* n + 1: area / distance of neighbouring centres; [0], [n] unused */
    double surface_gap;    /* distance from the last centre to the surface */
    double surface_area;   /* area of the surface face per steradian (film: 1) */
    double total_vol;      /* sum(vol) */
    double sites_per_m2;   /* mol of composition units per geometric m2 (x or sto = 1) */
    double sites_active;   /* of them, those not isolated (the state's isolated fraction) */
    double D;              /* diffusivity at the cell temperature, m2/s */
    double area_per_m2;    /* active (pristine) surface per geometric m2 */
    /* the Thomas factors of (I - gamma dt L) for the current dt */
    double *diag, *upper, *lower, *cprime, *dprime_scale;
    double factor_dt;      /* dt the factors belong to (NaN: none) */
    double *u, *w;         /* Y = u + w I within a stage */
    double *affine;        /* constant right-hand side of the offsets of a diffusion map */
    double *y1;            /* stage-1 state */
    double *trial;         /* scratch for trial states of the current solve */
} siassb__particle;

/* The state of the cell mechanics and interfaces (MODEL.md sections 4-6;
 * lib/sim/cellmech.c): scalars, listed once so that the snapshot, the
 * checkpoint writer and its reader cannot miss one. Side currents are the
 * Li-consuming currents of the side reactions (A/m2 of cell, >= 0 takes Li
 * from Si; the cathode's releases the electrolyte's Li into the cell),
 * evaluated after each step and held through the next, so the Li each one
 * books is exactly the Li it took. */
#define SIASSB__CELLMECH_STATE(X)                                                                 \
    X(pressure)            /* stack pressure, Pa */                                              \
    X(pressure_max)        /* highest pressure seen: the consolidation memory, Pa */             \
    X(gap)                 /* lift-off gap between stack and fixture, m */                       \
    X(stack_change)        /* stack thickness change since creation, m */                        \
    X(anode_change)        /* anode layer thickness change, m */                                 \
    X(free_change)         /* free thickness change of the layers at the last update, m */       \
    X(anode_free)          /* the anode's part of it, m */                                       \
    X(anode_pores)         /* open pore volume of the anode layer before Si fills it, m3/m2 */   \
    X(separator_porosity)  /* of the separator, after consolidation */                           \
    X(cathode_porosity)    /* of the cathode composite, after consolidation */                   \
    X(strain)              /* mean linear chemical strain of the active Si at the last update */ \
    X(strain_max)          /* the largest strain reached */                                     \
    X(contact)             /* contact fraction of the Si surface with the electrolyte */         \
    X(isolated)            /* isolated fraction of the Si */                                    \
    X(trapped_mol)         /* Li held in isolated Si, mol/m2 */                                  \
    X(fractured)           /* cracked fraction of the Si (fracture) */                           \
    X(sei_area)            /* interphase-covered Si area per cell area */                        \
    X(sei_volume)          /* interphase product volume on Si, m3/m2 */                         \
    X(sei_mol)             /* Li consumed by the interphase on Si, mol/m2 */                     \
    X(oxide_mol)           /* Li consumed by the native oxide, mol/m2 */                         \
    X(carbon_irrev_mol)    /* Li held irreversibly by electrolyte reduced on carbon, mol/m2 */   \
    X(carbon_rev_mol)      /* Li held reversibly (Li-P-S redox) on carbon, mol/m2 */             \
    X(cei_thickness)       /* oxidation interphase on the cathode, m */                          \
    X(released_mol)        /* the electrolyte's Li released by its oxidation, mol/m2 */          \
    X(side_sei)            /* side currents, A/m2 of cell */                                     \
    X(side_oxide)                                                                                 \
    X(side_carbon)         /* electrolyte reduced on carbon */                                   \
    X(side_carbon_return)  /* reversible Li given back to Si (counted negative in the total) */ \
    X(side_cathode)                                                                               \
    X(r_interface)         /* area-specific resistance of contact and interphases, ohm m2 */     \
    X(dt_limit)            /* largest step the explicit side reactions allow, s */

typedef struct siassb__cellmech_state {
#define SIASSB__CM_FIELD(name) double name;
    SIASSB__CELLMECH_STATE(SIASSB__CM_FIELD)
#undef SIASSB__CM_FIELD
} siassb__cellmech_state;

/* The scalar part of the state; with the arrays of a snapshot it is copied
 * whole to restore after a rejected step, a located event or a failed call. */
typedef struct siassb__state {
    double t;
    double h;              /* hysteresis state, -1 lithiation branch .. +1 delithiation */
    double current;        /* A/m2 of the last accepted step (> 0 discharges) */
    double counter_mol;    /* Li in the counter electrode, mol/m2 (half cells) */
    double charge_total;   /* C/m2 passed since creation (signed, discharge > 0) */
    double charge_mode;    /* |C/m2| passed since the mode was set */
    double energy_total;   /* J/m2: integral of V i dt (discharge > 0) */
    double vq_abs_total;   /* V C/m2: integral of V |i| dt, for mean voltages */
    double surface_hoop, surface_hydrostatic, centre_stress; /* particle stresses, Pa */
    double dt_next;        /* integrator's proposed next step */
    double voltage;        /* cell voltage of this state and current, when voltage_valid */
    int voltage_valid;     /* 0 after anything but a step changed the state or the current */
    siassb__cellmech_state m;
} siassb__state;

typedef struct siassb__snapshot {
    double *x, *theta, *sigma, *cryst, *li15, *plastic;
    siassb__state s;
} siassb__snapshot;

/* Parameters of the cell mechanics and interfaces, fixed at creation. */
typedef struct siassb__cellmech {
    int stack, consolidation, confinement, contact, fracture, interphase, oxide, carbon, cathode_side;
    int fixture_mode;           /* 0 constant pressure, 1 fixed gap, 2 finite stiffness */
    double fixture_k;           /* Pa/m */
    /* layers: 0 anode, 1 separator, 2 cathode composite (full) or counter (half) */
    double L0[3];               /* pristine thickness, m */
    double M_solid[3];          /* constrained modulus of the pore-free layer, Pa (anode: without Si) */
    double heckel[3];           /* Heckel constant, 1/Pa */
    double anode_solid_si;      /* Si volume fraction of the anode's solids */
    double si_volume0;          /* dense Si per cell area, m3/m2 */
    double cathode_volume0, cathode_dv, sto_charged, sto_discharged;
    double counter_molar_volume, counter_mol0;
    double yield_pressure;      /* compaction yield 1/K of the anode electrolyte, Pa (INFINITY: rigid) */
    double k_loss, k_heal, k_iso;
    double fracture_size, critical_size, brittle_x, infiltration;
    double sei_k, sei_transport, sei_kappa, sei_u_red, sei_vm, sei_vm_electrolyte, sei_z;
    double oxide_mol0;          /* Li the native oxide can take, mol/m2 */
    double carbon_area, carbon_irrev;
    double cei_k, cei_u_ox, cei_z, cei_vm, cei_area, cei_kappa;
    double asr0;                /* anode interface resistance at full contact, ohm m2 */
} siassb__cellmech;

typedef struct siassb__protocol {
    int cycles_done;
    int phase;             /* 0 lithiation CC, 1 CV hold, 2 delithiation CC */
    int started;           /* the phase's mode has been set */
    double lith_charge, delith_charge;       /* C/m2 in this cycle */
    double lith_vq, delith_vq;               /* integral of V dq, for mean voltages */
    double discharge_energy;                 /* J/m2 of the cell discharge in this cycle */
    double cathode_discharge_charge;         /* C/m2 (full cells) */
    double last_record_t;
    double stress_min, stress_max;           /* of the surface stress output in this cycle */
    double pressure_min, pressure_max;       /* stack pressure in this cycle, Pa */
    double phase_start_t;
    double delith_energy_mark;               /* energy counter at the end of a half cell's discharge */
} siassb__protocol;

struct siassb_sim {
    struct siassb_cell *cell; /* owned copy */
    siassb__cell_derived derived;
    int full;
    double si_sign;        /* Li into Si per unit discharge charge: -1 full cell, +1 half cell */
    double T, f_rt;        /* K, F/(RT) */
    siassb__particle anode, cathode;
    double *x, *theta;     /* anode and cathode compositions (state) */
    double *sigma;         /* in-plane stress per film layer, Pa (state; films with stress on) */
    double *cryst;         /* crystalline volume fraction per shell (state; two-phase front on) */
    double *li15;          /* Li15Si4 volume fraction per shell (state; mechanisms.li15si4 on) */
    double *plastic;       /* hoop plastic strain per shell (state; particles with stress on) */
    double *sig_r, *sig_t; /* stresses per shell, workspace of the particle mechanics */
    double *mech_diag, *mech_off, *mech_rhs, *mech_u, *mech_cp; /* its tridiagonal system */
    double *diff_w, *diff_o; /* diffusion map of a step: mobile xa = w x - o per shell */
    unsigned char *diff_in;  /* shells that take part in the diffusion */
    double *face_scale, *face_drive; /* stress-driven transport per face (n + 1) */
    siassb__state s;
    /* copies for rejected steps and event location (step) and for undoing a
     * failed call (entry) */
    siassb__snapshot step_snapshot, entry_snapshot;
    /* material data used in the hot loop (borrowed from cell's materials) */
    const double *ocv_lith_x, *ocv_lith_u, *ocv_delith_x, *ocv_delith_u;
    size_t ocv_lith_n, ocv_delith_n;
    double ocv_x_10mV;
    const double *cathode_ocv_x, *cathode_ocv_u;
    size_t cathode_ocv_n;
    double counter_potential;
    double counter_capacity_mol; /* mol/m2 of Li the counter can give (alloy: hold) */
    int counter_is_alloy;  /* In-Li: bounded on both sides; Li metal: plating unbounded */
    double inventory0;     /* Li inventory at creation, mol/m2 */
    double cyclable0;      /* Li the positive side could give at creation, mol/m2 */
    double omega_ratio;    /* Omega_Li / Omega_Si */
    double hysteresis_rate;
    int hysteresis_on;
    /* two-phase front of crystalline Si (mechanisms.two_phase_front = on) */
    int front_on;
    double front_potential;   /* U_c, the plateau, V */
    double front_rate;        /* k_c, m/s */
    double front_alpha;
    double front_x_eq;        /* x where the lithiation branch meets the plateau potential */
    double front_kappa;       /* linearised front reaction: Li flux per area per unit x excess, m/s */
    /* Li15Si4 (mechanisms.li15si4 = on, and the particle or film large enough) */
    int li15_on;
    double li15_formation_x, li15_rate;
    double li15_x_eq;         /* x where the delithiation branch meets the Li15Si4 plateau */
    /* stress (mechanisms.stress = on): biaxial in films, radial in particles */
    int stress_on;
    int sphere_stress;
    int stress_flux; /* stress drives the Li flux too (mechanisms.stress_flux) */
    const siassb__param *modulus_GPa, *poisson, *yield_GPa; /* tables vs x */
    double flow_rate0, flow_exponent, omega_li;
    double contact_pressure_Pa; /* sigma_r(R) = -p_c on particles (MODEL.md section 3) */
    double contact_pressure_base_Pa; /* the cell's value, to which confinement adds the stack's */
    siassb__cellmech cm;
    double si_x_mean;      /* mean x of the active Si, derived from x by the cell mechanics */
    double sigma_ref_lith, sigma_ref_delith; /* hydrostatic reference stresses of the OCV branches */
    int sigma_ref_at_flow; /* the branches carry -/+ 2 sigma_Y(x)/3 instead (ocv_reference_stress) */
    double i0_anode, i0_cathode, i0_counter; /* A/m2 per active area; counter per geometric */
    double r_ohm;          /* ohm m2 */
    double x_max;          /* composition limit of Si */
    double nominal_A_per_m2_per_C;      /* A/m2 at 1C */
    double stack_mass_kg_per_m2, stack_thickness_m;
    double rtol;
    /* mode and events */
    int mode;
    double setpoint;
    double event_threshold[SIASSB__EVENT_KINDS];
    siassb__protocol p;
    /* counters for benchmarks (not part of the state) */
    unsigned long long steps_accepted, steps_attempted;
    char errmsg[SIASSB__MSG_CAP];
};

/* Model pieces (sim.c) */
int siassb__sim_setup(struct siassb_sim *sim, char *msg, size_t cap);
void siassb__sim_destroy(struct siassb_sim *sim);
/* Cell voltage for the state arrays and current; writes the electrode
 * potentials vs Li/Li+ when the pointers are non-NULL. */
double siassb__sim_voltage(const struct siassb_sim *sim, const double *x, const double *theta,
                           double h, double current, double *anode_potential,
                           double *cathode_potential);
/* Cell voltage of the state as it is (the step's, when it computed it). */
double siassb__sim_cell_voltage(const struct siassb_sim *sim);
double siassb__particle_surface(const siassb__particle *p, const double *y, double flux);
/* Volume mean of a per-shell quantity (composition, phase fraction). */
double siassb__particle_mean(const siassb__particle *p, const double *y);
/* Composition of the mobile (amorphous) Li at the Si surface for current i:
 * what the potential sees and what the composition limits bound. */
double siassb__sim_si_surface(const struct siassb_sim *sim, const double *x, double current);
/* Open-circuit potential of amorphous LixSi at x on hysteresis state h. */
double siassb__sim_crystalline_fraction(const struct siassb_sim *sim);
double siassb__sim_si_ocv(const struct siassb_sim *sim, double x, double h);
/* Li inventory of the whole cell, mol/m2. */
double siassb__sim_inventory(const struct siassb_sim *sim);

/* Integrator (solver.c): one attempted step of size dt from the current
 * state; on success the state holds the new values and *err the error
 * norm. Returns SIASSB_OK, or SIASSB_E_SOLVER when the CV current could
 * not be solved. */
int siassb__sim_attempt(struct siassb_sim *sim, double dt, double *err);
void siassb__sim_save(struct siassb_sim *sim, siassb__snapshot *snap);
void siassb__sim_restore(struct siassb_sim *sim, const siassb__snapshot *snap);
/* Advance up to dt with error control and events. */
int siassb__sim_advance(struct siassb_sim *sim, double dt, int *event);

#endif
