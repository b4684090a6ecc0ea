/* Cell description: layers, materials, fixture, protocol defaults. The one
 * registry of cell parameters below drives validation, `siassb cell params`,
 * doc/cell.md and the simulation's reads (by the SIASSB__CP_* index). */
#ifndef SIASSB_CELL_H
#define SIASSB_CELL_H

#include "core/core.h"
#include "db/material.h"

#include <stddef.h>

enum siassb__cell_param_kind {
    SIASSB__CPK_NUMBER = 1,  /* a double in [lo, hi] */
    SIASSB__CPK_INTEGER = 2, /* a whole number in [lo, hi], stored as double */
    SIASSB__CPK_CHOICE = 3,  /* one of `choices` ("a|b|c"), stored as its index */
    SIASSB__CPK_MATERIAL = 4 /* a database id of class `cls`, stored as an owned copy */
};

/* X(enum_suffix, "dotted.name", kind, unit, default, lo, hi, choices_or_class, description)
 * For CHOICE the default is the index into choices; for MATERIAL the default
 * is unused (the id comes from the preset), and choices_or_class names the
 * class ("lisi", "electrolyte", "cathode", "counter"). A default of NAN means
 * "derived" (documented in the description). Bounds are closed. */
#define SIASSB__CELL_PARAMS(X)                                                                    \
    X(CELL_KIND, "cell.kind", SIASSB__CPK_CHOICE, "", 1, 0, 1, "half|full",                      \
      "half: Si against a counter electrode (Li, In-Li); full: Si against a cathode")            \
    X(TEMPERATURE_K, "temperature_K", SIASSB__CPK_NUMBER, "K", 298.15, 200, 450, NULL,            \
      "cell temperature (isothermal)")                                                            \
    X(ANODE_ACTIVE, "anode.active_material", SIASSB__CPK_MATERIAL, "", 0, 0, 0, "lisi",           \
      "Li-Si active material")                                                                    \
    X(ANODE_ELECTROLYTE, "anode.electrolyte", SIASSB__CPK_MATERIAL, "", 0, 0, 0, "electrolyte",   \
      "solid electrolyte mixed into the anode composite")                                        \
    X(ANODE_GEOMETRY, "anode.geometry", SIASSB__CPK_CHOICE, "", 0, 0, 1, "particle|planar",       \
      "particle: composite of spheres; planar: a dense Si layer (film, 99.9 wt% u-Si sheet)")     \
    X(ANODE_PARTICLE_RADIUS_M, "anode.particle_radius_m", SIASSB__CPK_NUMBER, "m", 50e-9, 1e-9,   \
      1e-4, NULL, "pristine Si particle radius (particle geometry)")                             \
    X(ANODE_PARTICLE_CONTACT_PRESSURE_MPA, "anode.particle_contact_pressure_MPa",                \
      SIASSB__CPK_NUMBER, "MPa", 0, 0, 5000, NULL,                                              \
      "pressure of the matrix on the Si particle surface, sigma_r(R) = -p_c (particle stress "  \
      "model; fixed until the stack mechanics compute it)")                                     \
    X(ANODE_THICKNESS_M, "anode.thickness_m", SIASSB__CPK_NUMBER, "m", 6.3e-6, 1e-8, 1e-3, NULL,  \
      "pristine anode layer thickness")                                                          \
    X(ANODE_SI_MASS_FRACTION, "anode.si_mass_fraction", SIASSB__CPK_NUMBER, "1", 0.6, 0.001, 1,   \
      NULL, "Si mass fraction of the anode composite")                                           \
    X(ANODE_CARBON_MASS_FRACTION, "anode.carbon_mass_fraction", SIASSB__CPK_NUMBER, "1", 0.1, 0,  \
      0.9, NULL, "carbon mass fraction of the anode composite (the rest is solid electrolyte)")   \
    X(ANODE_POROSITY, "anode.porosity", SIASSB__CPK_NUMBER, "1", 0.2, 0, 0.8, NULL,               \
      "open porosity of the pristine anode layer")                                               \
    X(ANODE_TORTUOSITY_EXPONENT, "anode.bruggeman_exponent", SIASSB__CPK_NUMBER, "1", 1.5, 1, 5,   \
      NULL, "sigma_eff = sigma phi^b for the electrolyte fraction phi of the anode composite")   \
    X(ANODE_EXCHANGE_CURRENT_A_PER_M2, "anode.exchange_current_density_A_per_m2",                 \
      SIASSB__CPK_NUMBER, "A/m2", 1.0, 1e-6, 1e4, NULL,                                           \
      "exchange current density of Li-Si | solid electrolyte per contacted Si area")             \
    X(ANODE_INTERFACE_RESISTANCE_OHM_M2, "anode.interface_resistance_ohm_m2", SIASSB__CPK_NUMBER, \
      "ohm m2", 0.0, 0, 1, NULL, "area-specific interface resistance per geometric area")        \
    X(ANODE_HYSTERESIS_RATE, "anode.hysteresis_rate", SIASSB__CPK_NUMBER, "1", 20, 0, 1e4, NULL,   \
      "gamma in dh/dt = gamma |dx/dt| (-s - h): branches switch over about 2/gamma in x")        \
    X(ANODE_NATIVE_OXIDE_M, "anode.native_oxide_thickness_m", SIASSB__CPK_NUMBER, "m", 1.5e-9,  \
      0, 1e-7, NULL, "native SiO2 on the Si surface, lithiated irreversibly on the first "      \
      "lithiation (mechanisms.native_oxide; 1-3 nm is typical)")                                \
    X(ANODE_CARBON_AREA_M2_PER_KG, "anode.carbon_specific_area_m2_per_kg", SIASSB__CPK_NUMBER,   \
      "m2/kg", 62e3, 0, 3e6, NULL,                                                                \
      "BET area of the carbon additive (62 m2/g: carbon black C65); the part wetted by the "     \
      "electrolyte decomposes (mechanisms.carbon_decomposition)")                               \
    X(ANODE_CARBON_IRREVERSIBLE_FRACTION, "anode.carbon_decomposition_irreversible_fraction",    \
      SIASSB__CPK_NUMBER, "1", 0.5, 0, 1, NULL,                                                   \
      "share of the electrolyte reduced on carbon that stays reduced; the rest is Li-P-S redox " \
      "that returns its Li above the reduction limit")                                           \
    X(ANODE_CC_THICKNESS_M, "anode.current_collector_thickness_m", SIASSB__CPK_NUMBER, "m",       \
      10e-6, 0, 1e-3, NULL, "anode current collector (Cu) thickness")                            \
    X(SEPARATOR_MATERIAL, "separator.material", SIASSB__CPK_MATERIAL, "", 0, 0, 0, "electrolyte", \
      "solid electrolyte of the separator layer")                                                \
    X(SEPARATOR_THICKNESS_M, "separator.thickness_m", SIASSB__CPK_NUMBER, "m", 50e-6, 1e-8, 5e-3, \
      NULL, "separator thickness")                                                               \
    X(SEPARATOR_POROSITY, "separator.porosity", SIASSB__CPK_NUMBER, "1", 0.1, 0, 0.6, NULL,       \
      "porosity of the separator layer (cold-pressed powders keep some)")                        \
    X(CATHODE_MATERIAL, "cathode.material", SIASSB__CPK_MATERIAL, "", 0, 0, 0, "cathode",         \
      "cathode active material (full cells)")                                                    \
    X(CATHODE_ELECTROLYTE, "cathode.electrolyte", SIASSB__CPK_MATERIAL, "", 0, 0, 0,              \
      "electrolyte", "solid electrolyte mixed into the cathode composite")                       \
    X(CATHODE_LOADING_KG_PER_M2, "cathode.loading_kg_per_m2", SIASSB__CPK_NUMBER, "kg/m2", 0.1,   \
      1e-5, 2, NULL, "cathode active-material loading (0.1 kg/m2 = 10 mg/cm2)")                  \
    X(CATHODE_ACTIVE_MASS_FRACTION, "cathode.active_mass_fraction", SIASSB__CPK_NUMBER, "1", 0.7, \
      0.05, 1, NULL, "active mass fraction of the cathode composite (the rest is electrolyte)")  \
    X(CATHODE_POROSITY, "cathode.porosity", SIASSB__CPK_NUMBER, "1", 0.15, 0, 0.8, NULL,          \
      "open porosity of the cathode composite")                                                  \
    X(CATHODE_PARTICLE_RADIUS_M, "cathode.particle_radius_m", SIASSB__CPK_NUMBER, "m", 5e-6,      \
      1e-8, 1e-4, NULL, "cathode particle radius")                                               \
    X(CATHODE_EXCHANGE_CURRENT_A_PER_M2, "cathode.exchange_current_density_A_per_m2",             \
      SIASSB__CPK_NUMBER, "A/m2", 1.0, 1e-6, 1e4, NULL,                                           \
      "exchange current density of cathode | solid electrolyte per particle area")               \
    X(CATHODE_INTERFACE_RESISTANCE_OHM_M2, "cathode.interface_resistance_ohm_m2",                 \
      SIASSB__CPK_NUMBER, "ohm m2", 0.0, 0, 1, NULL,                                              \
      "area-specific interface resistance per geometric area")                                   \
    X(CATHODE_COATING_FACTOR, "cathode.coating_rate_factor", SIASSB__CPK_NUMBER, "1", 1, 1e-6, 1, \
      NULL, "multiplies the parabolic rate constant of electrolyte oxidation on the cathode "    \
      "(1: uncoated; a LiNbO3-type coating lowers it)")                                          \
    X(CATHODE_CC_THICKNESS_M, "cathode.current_collector_thickness_m", SIASSB__CPK_NUMBER, "m",   \
      12e-6, 0, 1e-3, NULL, "cathode current collector (Al) thickness")                          \
    X(COUNTER_MATERIAL, "counter.material", SIASSB__CPK_MATERIAL, "", 0, 0, 0, "counter",         \
      "counter electrode (half cells)")                                                          \
    X(COUNTER_THICKNESS_M, "counter.thickness_m", SIASSB__CPK_NUMBER, "m", 100e-6, 1e-7, 5e-3,    \
      NULL, "counter electrode foil thickness (half cells)")                                     \
    X(FIXTURE_MODE, "fixture.mode", SIASSB__CPK_CHOICE, "", 1, 0, 2,                              \
      "constant_pressure|fixed_gap|finite_stiffness", "how the fixture responds to swelling")    \
    X(FIXTURE_PRESSURE_MPA, "fixture.pressure_MPa", SIASSB__CPK_NUMBER, "MPa", 50, 0, 1000, NULL,  \
      "initial stack pressure")                                                                  \
    X(FIXTURE_STIFFNESS_MPA_PER_UM, "fixture.stiffness_MPa_per_um", SIASSB__CPK_NUMBER,           \
      "MPa/um", 1, 0, 1e6, NULL, "fixture stiffness (finite_stiffness mode)")                     \
    X(FIXTURE_FABRICATION_PRESSURE_MPA, "fixture.fabrication_pressure_MPa", SIASSB__CPK_NUMBER,   \
      "MPa", 0, 0, 5000, NULL,                                                                    \
      "highest pressure the layers have seen before cycling (cold pressing); consolidation "     \
      "starts above it or above fixture.pressure_MPa, whichever is higher")                      \
    X(CONTACT_LOSS, "contact.loss_per_strain", SIASSB__CPK_NUMBER, "1", 0.02, 0, 100, NULL,        \
      "k_loss: contact fraction lost per unit of linear shrinkage strain below the largest "     \
      "strain reached, at zero pressure (an estimate; fit it to capacity retention)")            \
    X(CONTACT_HEAL, "contact.heal_per_strain", SIASSB__CPK_NUMBER, "1", 5.0, 0, 100, NULL,        \
      "k_heal: lost contact regained per unit of expansion strain as P / (P + P_y), P_y the "   \
      "compaction yield of the electrolyte (an estimate)")                                       \
    X(CONTACT_ISOLATION, "contact.isolation_per_strain", SIASSB__CPK_NUMBER, "1", 0.5, 0, 100,    \
      NULL, "k_iso: Si isolated per unit of shrinkage strain, times (1 - f_iso)(1 - contact)^2 " \
      "(an estimate)")                                                                           \
    X(PROTOCOL_RATE_C, "protocol.rate_C", SIASSB__CPK_NUMBER, "1/h", 1.0 / 3.0, 1e-4, 100, NULL,  \
      "C-rate of the constant-current steps")                                                    \
    X(PROTOCOL_VMIN_V, "protocol.vmin_V", SIASSB__CPK_NUMBER, "V", 2.5, -5, 6, NULL,              \
      "lower cell-voltage cut-off")                                                              \
    X(PROTOCOL_VMAX_V, "protocol.vmax_V", SIASSB__CPK_NUMBER, "V", 4.2, -5, 6, NULL,              \
      "upper cell-voltage cut-off")                                                              \
    X(PROTOCOL_CV_CUTOFF_C, "protocol.cv_cutoff_C", SIASSB__CPK_NUMBER, "1/h", 0.05, 0, 100, NULL, \
      "current that ends the CV hold after Si lithiation, as a C-rate (0: no CV hold)")          \
    X(PROTOCOL_REST_S, "protocol.rest_s", SIASSB__CPK_NUMBER, "s", 0, 0, 1e7, NULL,                \
      "rest after each Si lithiation and each Si delithiation (0: none)")                        \
    X(PROTOCOL_CYCLES, "protocol.cycles", SIASSB__CPK_INTEGER, "1", 1, 1, 1e6, NULL,               \
      "number of cycles")                                                                        \
    X(PROTOCOL_NOMINAL_CAPACITY, "protocol.nominal_capacity_mAh_per_cm2", SIASSB__CPK_NUMBER,     \
      "mAh/cm2", 0, 0, 1e3, NULL,                                                                 \
      "capacity that defines 1C; 0 derives it (cathode practical capacity in full cells, "       \
      "3579 mAh/g of Si in half cells)")                                                         \
    X(NUMERICS_ANODE_SHELLS, "numerics.anode_shells", SIASSB__CPK_INTEGER, "1", 12, 2, 200, NULL, \
      "finite-volume shells (or layers) of the Si particle (or film)")                           \
    X(NUMERICS_CATHODE_SHELLS, "numerics.cathode_shells", SIASSB__CPK_INTEGER, "1", 8, 2, 200,    \
      NULL, "finite-volume shells of the cathode particle")                                      \
    X(NUMERICS_RTOL, "numerics.rtol", SIASSB__CPK_NUMBER, "1", 1e-5, 1e-10, 1e-2, NULL,           \
      "relative tolerance of the integrator's error control")                                    \
    X(MECH_FRONT, "mechanisms.two_phase_front", SIASSB__CPK_CHOICE, "", 1, 0, 1, "off|on",        \
      "first lithiation of crystalline Si by a two-phase front (off: the crystalline core "      \
      "lithiates like amorphous Si)")                                                            \
    X(MECH_LI15SI4, "mechanisms.li15si4", SIASSB__CPK_CHOICE, "", 1, 0, 1, "off|on",               \
      "crystallisation of Li15Si4 at high x and its two-phase delithiation "                     \
      "(only in particles and films above li15si4_min_size_m)")                                  \
    X(MECH_STRESS, "mechanisms.stress", SIASSB__CPK_CHOICE, "", 1, 0, 1, "off|on",                \
      "elastic-viscoplastic stress of planar Si films (biaxial) and its shift of the Si "        \
      "potential (particles: mechanisms.particle_stress)")                                       \
    X(MECH_PARTICLE_STRESS, "mechanisms.particle_stress", SIASSB__CPK_CHOICE, "", 0, 0, 1,        \
      "off|on", "elastic-viscoplastic stress in Si particles and its shift of the Si potential "  \
      "(off by default: see doc/model.md)")                                                      \
    X(MECH_STRESS_FLUX, "mechanisms.stress_flux", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",      \
      "Li flux driven towards tension by the hydrostatic stress gradient, and the lambda^2 "    \
      "frame correction of the diffusivity (needs the stress model; off by default: see "       \
      "doc/model.md)")                                            \
    X(MECH_HYSTERESIS, "mechanisms.hysteresis", SIASSB__CPK_CHOICE, "", 1, 0, 1, "off|on",        \
      "Li-Si OCV hysteresis state (off: the mean of the two branches)")                         \
    X(MECH_STACK, "mechanisms.stack", SIASSB__CPK_CHOICE, "", 1, 0, 1, "off|on",                  \
      "stack thickness and pressure from the free thickness change of the layers and the "      \
      "fixture (doc/model.md, stack)")                                                           \
    X(MECH_CONSOLIDATION, "mechanisms.consolidation", SIASSB__CPK_CHOICE, "", 1, 0, 1, "off|on",  \
      "Heckel compaction of porous layers above the highest pressure seen, with its memory")    \
    X(MECH_CONFINEMENT, "mechanisms.confinement", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",      \
      "the stack pressure loads the Si: adds to the particles' contact pressure (particle "      \
      "stress) or, normal to a film, to its hydrostatic stress")                                 \
    X(MECH_CONTACT, "mechanisms.contact", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",              \
      "Si | electrolyte contact lost on shrinkage, kept by pressure; its interface resistance "   \
      "and the isolation of Si that loses contact, with its trapped Li")                        \
    X(MECH_FRACTURE, "mechanisms.fracture", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",            \
      "brittle fracture of Si above its critical size on delithiation: contact loss, "          \
      "isolation, and fresh interphase where the electrolyte follows into the cracks")          \
    X(MECH_INTERPHASE, "mechanisms.interphase", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",        \
      "reduction of the anode electrolyte on the contacted Si below its reduction limit "        \
      "(passivating or growing per electrolyte), its Li loss, volume and resistance")           \
    X(MECH_NATIVE_OXIDE, "mechanisms.native_oxide", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",    \
      "irreversible lithiation of the native SiO2 (anode.native_oxide_thickness_m)")            \
    X(MECH_CARBON, "mechanisms.carbon_decomposition", SIASSB__CPK_CHOICE, "", 0, 0, 1, "off|on",  \
      "reduction of the anode electrolyte on the carbon additive")                               \
    X(MECH_CATHODE_INTERPHASE, "mechanisms.cathode_interphase", SIASSB__CPK_CHOICE, "", 0, 0, 1,  \
      "off|on", "parabolic oxidation of the cathode electrolyte above its oxidation limit, "     \
      "its charge in the Coulombic efficiency and its resistance (full cells)")

#define SIASSB__CP_ENUM(id, ...) SIASSB__CP_##id,
enum siassb__cell_param { SIASSB__CELL_PARAMS(SIASSB__CP_ENUM) SIASSB__CP_COUNT };
#undef SIASSB__CP_ENUM

typedef struct siassb__cell_param_def {
    const char *name;
    int kind;
    const char *unit;
    double def, lo, hi;
    const char *choices; /* CHOICE: "a|b"; MATERIAL: the class name */
    const char *description;
} siassb__cell_param_def;

const siassb__cell_param_def *siassb__cell_param_def_at(int index);
/* Index of a dotted name, or -1. */
int siassb__cell_param_index(const char *name);

struct siassb_cell {
    double value[SIASSB__CP_COUNT];                    /* NUMBER, INTEGER, CHOICE (index) */
    struct siassb_material *material[SIASSB__CP_COUNT]; /* MATERIAL rows, owned copies */
    /* Provenance of each value as the JSON text of its entry without "value"
     * ({"source": ..., "assumed": true, ...}), owned; NULL for a value set
     * through the API (siassb_cell_set and friends). */
    char *provenance[SIASSB__CP_COUNT];
    char *preset;                                      /* name it was opened from, or NULL */
    char *name, *description; /* "name" and "description" of its cell JSON, or NULL */
    char errmsg[SIASSB__MSG_CAP];
};

/* Derived quantities both the energy budget and the simulation use. */
typedef struct siassb__cell_derived {
    double si_mass_kg_per_m2;           /* Si per geometric area */
    double anode_capacity_mAh_per_cm2;  /* Si to x_full_lithiation */
    double cathode_capacity_mAh_per_cm2; /* practical, full cells */
    double np_ratio;                    /* anode / cathode capacity (full cells) */
    double nominal_capacity_mAh_per_cm2; /* 1C */
    double anode_electrolyte_volume_fraction, cathode_electrolyte_volume_fraction;
    double cathode_thickness_m, cathode_active_volume_fraction;
} siassb__cell_derived;

int siassb__cell_derive(const struct siassb_cell *cell, siassb__cell_derived *d, char *msg,
                        size_t cap);

/* Deep copy; NULL when out of memory. */
struct siassb_cell *siassb__cell_copy(const struct siassb_cell *cell);
void siassb__cell_destroy(struct siassb_cell *cell);

#endif
