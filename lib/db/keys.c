#include "db/keys.h"

#include <math.h>
#include <string.h>

#define L SIASSB__MASK_LISI
#define E SIASSB__MASK_ELECTROLYTE
#define C SIASSB__MASK_CATHODE
#define N SIASSB__MASK_COUNTER
#define S SIASSB__KEY_SCALAR
#define CH SIASSB__KEY_CHOICE
#define T SIASSB__KEY_TABLE

/* Bounds are physical plausibility limits, wide enough for any real material
 * and narrow enough to catch unit mistakes (a conductivity in S/cm written
 * as S/m passes; one in mS/cm beyond 100 S/m does not). */
static const siassb__key keys[] = {
    /* every class */
    {"density_kg_per_m3", L | E | C | N, L | E | C, S, 0, 30000, 1, NULL, NULL, NULL, NULL,
     "kg/m3", "mass density of the dense material"},
    {"molar_mass_g_per_mol", L | E | C | N, L, S, 0, 2000, 1, NULL, NULL, NULL, NULL, "g/mol",
     "molar mass per formula unit (for Li-Si: per Si)"},

    /* Li-Si */
    {"initial_crystalline_fraction", L, L, S, 0, 1, 0, NULL, NULL, NULL, NULL, "1",
     "volume fraction of crystalline Si in the pristine material"},
    {"molar_volume_m3_per_mol", L, L, S, 0, 1e-3, 1, NULL, NULL, NULL, NULL, "m3/mol",
     "molar volume of the unlithiated host per mol Si"},
    {"partial_molar_volume_Li_m3_per_mol", L, L, S, 0, 1e-4, 1, NULL, NULL, NULL, NULL, "m3/mol",
     "partial molar volume of Li in amorphous LixSi (volume grows linearly with x)"},
    {"x_full_lithiation", L, L, S, 1, 5, 0, NULL, NULL, NULL, NULL, "1",
     "x in LixSi at full room-temperature lithiation (Li15Si4: 3.75); sto = x / x_full_lithiation"},
    {"ocv_lithiation_V", L, L, T, -0.5, 3, 0, "x", NULL, NULL, NULL, "V vs Li/Li+",
     "open-circuit potential of amorphous LixSi on the lithiation branch, vs x in LixSi"},
    {"ocv_delithiation_V", L, 0, T, -0.5, 3, 0, "x", NULL, NULL, NULL, "V vs Li/Li+",
     "open-circuit potential of amorphous LixSi on the delithiation branch, vs x in LixSi "
     "(without it the lithiation branch serves both directions: no hysteresis)"},
    {"ocv_reference_stress", L, 0, CH, 0, 0, 0, NULL, "flow|given", NULL, NULL, "",
     "stress the OCV branches carry from their measuring electrode: flow, its Si flowed "
     "equibiaxially at the yield stress (hydrostatic -2 sigma_Y(x)/3 on the lithiation branch, "
     "+2 sigma_Y(x)/3 on the delithiation branch); given (the default), the two "
     "ocv_*_reference_stress_Pa values"},
    {"ocv_lithiation_reference_stress_Pa", L, 0, S, -1e10, 1e10, 0, NULL, NULL, NULL, NULL, "Pa",
     "hydrostatic stress in the electrode on which the lithiation branch was measured "
     "(ocv_reference_stress given)"},
    {"ocv_delithiation_reference_stress_Pa", L, 0, S, -1e10, 1e10, 0, NULL, NULL, NULL, NULL, "Pa",
     "hydrostatic stress in the electrode on which the delithiation branch was measured "
     "(ocv_reference_stress given)"},
    {"ocv_x_at_10mV", L, 0, S, 1, 5, 0, NULL, NULL, NULL, NULL, "1",
     "x at which the rule extending both OCV branches beyond their tables reaches 10 mV "
     "(straight line from the last table point)"},
    {"two_phase_plateau_V", L, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "potential of the first-lithiation two-phase plateau (c-Si -> a-LixSi)"},
    {"two_phase_front_x", L, 0, S, 0, 5, 1, NULL, NULL, NULL, NULL, "1",
     "x of the amorphous phase behind a two-phase lithiation front"},
    {"two_phase_front_rate_constant_m_per_s", L, 0, S, 0, 1e-3, 1, NULL, NULL, NULL, NULL, "m/s",
     "rate constant k_c of the two-phase lithiation front (MODEL.md section 2)"},
    {"two_phase_front_transfer_coefficient", L, 0, S, 0, 1, 1, NULL, NULL, NULL, NULL, "1",
     "transfer coefficient alpha_c of the two-phase lithiation front"},
    {"li15si4_formation_x", L, 0, S, 3, 4.4, 0, NULL, NULL, NULL, NULL, "1",
     "x above which amorphous LixSi crystallises to Li15Si4"},
    {"li15si4_crystallisation_rate_per_s", L, 0, S, 0, 1e3, 1, NULL, NULL, NULL, NULL, "1/s",
     "first-order rate constant of Li15Si4 crystallisation above li15si4_formation_x"},
    {"li15si4_delithiation_product_x", L, 0, S, 0, 3.75, 0, NULL, NULL, NULL, NULL, "1",
     "x of the amorphous phase formed by the two-phase delithiation of Li15Si4"},
    {"flow_reference_strain_rate_per_s", L, 0, S, 0, 1, 1, NULL, NULL, NULL, NULL, "1/s",
     "reference plastic strain rate of the viscoplastic flow law "
     "eps_dot_p = eps_dot_0 ((sigma_e/sigma_Y)^m - 1) for sigma_e > sigma_Y"},
    {"flow_stress_exponent", L, 0, S, 1, 100, 0, NULL, NULL, NULL, NULL, "1",
     "stress exponent m of the viscoplastic flow law"},
    {"li15si4_formation_potential_V", L, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "potential below which amorphous Li~3.75Si crystallises to Li15Si4"},
    {"li15si4_delithiation_plateau_V", L, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "two-phase delithiation plateau of crystalline Li15Si4"},
    {"li15si4_min_size_m", L, 0, S, 0, 1e-3, 0, NULL, NULL, NULL, NULL, "m",
     "film thickness or particle diameter below which Li15Si4 does not form"},
    {"diffusivity_m2_per_s", L | C, 0, S, 0, 1e-8, 1, NULL, NULL, NULL, NULL, "m2/s",
     "chemical diffusion coefficient of Li at the reference temperature"},
    {"diffusivity_activation_energy_eV", L | C, 0, S, 0, 3, 0, NULL, NULL, NULL, NULL, "eV",
     "activation energy of the diffusion coefficient"},
    {"diffusivity_reference_temperature_K", L | C, 0, S, 150, 700, 0, NULL, NULL, NULL, NULL, "K",
     "temperature at which diffusivity_m2_per_s holds"},
    {"youngs_modulus_GPa", L, 0, T, 0, 1000, 1, "x", NULL, NULL, NULL, "GPa",
     "Young's modulus of LixSi as a function of x"},
    {"poisson_ratio", L, 0, T, -1, 0.5, 1, "x", NULL, NULL, NULL, "1",
     "Poisson's ratio of LixSi as a function of x"},
    {"yield_stress_GPa", L, 0, T, 0, 100, 1, "x", NULL, NULL, NULL, "GPa",
     "yield stress of LixSi as a function of x"},
    {"brittle_ductile_x", L, 0, S, 0, 5, 0, NULL, NULL, NULL, NULL, "1",
     "x above which LixSi fractures in a ductile manner"},
    {"fracture_toughness_MPa_sqrt_m", L | E, 0, S, 0, 100, 1, NULL, NULL, NULL, NULL, "MPa m^1/2",
     "mode-I fracture toughness"},
    {"critical_fracture_diameter_m", L, 0, S, 0, 1e-3, 1, NULL, NULL, NULL, NULL, "m",
     "particle diameter above which first lithiation fractures the particle"},

    /* solid electrolytes */
    {"conductivity_law", E, E, CH, 0, 0, 0, NULL, "arrhenius|vtf", NULL, NULL, "",
     "temperature law of the ionic conductivity: arrhenius, sigma = sigma_ref exp(-Ea/k (1/T - 1/T_ref)); "
     "vtf, sigma = sigma_ref exp(-B/k (1/(T - T0) - 1/(T_ref - T0)))"},
    {"conductivity_ref_S_per_m", E, E, S, 0, 100, 1, NULL, NULL, NULL, NULL, "S/m",
     "ionic conductivity at reference_temperature_K"},
    {"reference_temperature_K", E, E, S, 150, 700, 0, NULL, NULL, NULL, NULL, "K",
     "temperature at which conductivity_ref_S_per_m holds"},
    {"activation_energy_eV", E, 0, S, 0, 3, 0, NULL, NULL, "conductivity_law", "arrhenius", "eV",
     "Arrhenius activation energy of the ionic conductivity"},
    {"vtf_pseudo_activation_energy_eV", E, 0, S, 0, 3, 0, NULL, NULL, "conductivity_law", "vtf", "eV",
     "VTF pseudo-activation energy B"},
    {"vtf_ideal_glass_temperature_K", E, 0, S, 0, 500, 0, NULL, NULL, "conductivity_law", "vtf", "K",
     "VTF ideal glass-transition temperature T0"},
    {"validity_min_temperature_K", E, 0, S, 0, 1000, 0, NULL, NULL, NULL, NULL, "K",
     "lowest temperature of the measurements behind the conductivity law"},
    {"validity_max_temperature_K", E, 0, S, 0, 1000, 0, NULL, NULL, NULL, NULL, "K",
     "highest temperature of the measurements behind the conductivity law"},
    {"transference_number", E, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "1",
     "Li+ transference number"},
    {"electronic_resistivity_ohm_m", E, 0, S, 0, 1e20, 1, NULL, NULL, NULL, NULL, "ohm m",
     "electronic resistivity"},
    {"youngs_modulus_GPa", E, 0, S, 0, 1000, 1, NULL, NULL, NULL, NULL, "GPa", "Young's modulus"},
    {"shear_modulus_GPa", E, 0, S, 0, 1000, 1, NULL, NULL, NULL, NULL, "GPa", "shear modulus"},
    {"bulk_modulus_GPa", E, 0, S, 0, 1000, 1, NULL, NULL, NULL, NULL, "GPa", "bulk modulus"},
    {"poisson_ratio", E, 0, S, -1, 0.5, 1, NULL, NULL, NULL, NULL, "1", "Poisson's ratio"},
    {"hardness_GPa", E, 0, S, 0, 100, 1, NULL, NULL, NULL, NULL, "GPa", "indentation hardness"},
    {"reduction_limit_V", E, 0, S, 0, 10, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "thermodynamic reduction limit: below it the electrolyte is reduced"},
    {"oxidation_limit_V", E, 0, S, 0, 10, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "thermodynamic oxidation limit: above it the electrolyte is oxidised"},
    {"practical_window_low_V", E, 0, S, 0, 10, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "lower end of the practical (kinetic) stability window seen in cells or voltammetry"},
    {"practical_window_high_V", E, 0, S, 0, 10, 0, NULL, NULL, NULL, NULL, "V vs Li/Li+",
     "upper end of the practical (kinetic) stability window seen in cells or voltammetry"},
    {"interphase_passivating", E, 0, CH, 0, 0, 0, NULL, "yes|no", NULL, NULL, "",
     "reduction interphase: yes, electronically insulating and self-limiting; no, mixed-conducting, keeps growing"},
    {"interphase_li_per_formula", E, 0, S, 0, 100, 1, NULL, NULL, NULL, NULL, "mol/mol",
     "mol Li consumed per mol electrolyte (formula unit of molar_mass_g_per_mol) reduced to its 0 V products"},
    {"interphase_molar_volume_m3_per_mol", E, 0, S, 0, 1e-2, 1, NULL, NULL, NULL, NULL, "m3/mol",
     "volume of the 0 V reduction products per mol electrolyte (formula unit of molar_mass_g_per_mol) reduced"},
    {"coating_thickness_m", E, 0, S, 0, 1e-6, 1, NULL, NULL, NULL, NULL, "m",
     "typical thickness of the layer when used as a cathode coating"},
    {"interphase_reaction_current_A_per_m2", E, 0, S, 0, 1e3, 0, NULL, NULL, NULL, NULL, "A/m2",
     "reduction current per contacted area of a bare surface at 0.1 V vs Li/Li+ (below the reduction limit)"},
    {"interphase_transport_A_per_m", E, 0, S, 0, 1, 1, NULL, NULL, NULL, NULL, "A/m",
     "passivating interphases: growth current times thickness in the transport limit (parabolic growth)"},
    {"interphase_conductivity_S_per_m", E, 0, S, 0, 1e3, 1, NULL, NULL, NULL, NULL, "S/m",
     "Li-ion conductivity of the interphase products (their area-specific resistance is thickness / this)"},
    {"crack_infiltration_factor", E, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "1",
     "share of fresh crack area in Si the electrolyte follows into and contacts"},
    {"compaction_heckel_per_MPa", E, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "1/MPa",
     "Heckel constant K of the cold-pressed powder, ln(1/porosity) = K P + A (0: does not compact)"},
    {"oxidation_li_per_formula", E, 0, S, 0, 100, 1, NULL, NULL, NULL, NULL, "mol/mol",
     "mol Li+ released per mol electrolyte oxidised above its oxidation limit"},
    {"cathode_interphase_rate_m2_per_s", E, 0, S, 0, 1e-10, 0, NULL, NULL, NULL, NULL, "m2/s",
     "parabolic rate constant k of electrolyte oxidation on an uncoated cathode, thickness^2 = 2 k t"},

    /* cathodes and counter electrodes */
    {"ocv_V", C | N, C | N, T, 0, 6, 0, "sto", NULL, NULL, NULL, "V vs Li/Li+",
     "open-circuit potential vs lithiation stoichiometry (counter electrodes: a single point "
     "for a two-phase electrode)"},
    {"specific_capacity_mAh_per_g", C | N, C, S, 0, 5000, 1, NULL, NULL, NULL, NULL, "mAh/g",
     "practical specific capacity between sto_charged and sto_discharged"},
    {"theoretical_specific_capacity_mAh_per_g", C | N, 0, S, 0, 5000, 1, NULL, NULL, NULL, NULL,
     "mAh/g", "theoretical specific capacity"},
    {"sto_charged", C, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "1",
     "stoichiometry of the ocv_V table at full charge (upper cut-off)"},
    {"sto_discharged", C, 0, S, 0, 1, 0, NULL, NULL, NULL, NULL, "1",
     "stoichiometry of the ocv_V table at full discharge (lower cut-off)"},
    {"volume_change_charged_fraction", C, 0, S, -0.5, 0.5, 0, NULL, NULL, NULL, NULL, "1",
     "relative volume change from discharged to charged state"},
    {"exchange_current_density_A_per_m2", C | N, 0, S, 0, 1e6, 1, NULL, NULL, NULL, NULL, "A/m2",
     "exchange current density of the charge-transfer reaction at 25 C"},
    {"youngs_modulus_GPa", C | N, 0, S, 0, 1000, 1, NULL, NULL, NULL, NULL, "GPa", "Young's modulus"},
    {"poisson_ratio", C | N, 0, S, -1, 0.5, 1, NULL, NULL, NULL, NULL, "1", "Poisson's ratio"},
    {"molar_volume_m3_per_mol", N, 0, S, 0, 1e-2, 1, NULL, NULL, NULL, NULL, "m3/mol",
     "volume the counter electrode gains per mol Li it takes (Li metal: its molar volume)"},
};

#undef L
#undef E
#undef C
#undef N
#undef S
#undef CH
#undef T

size_t siassb__key_count(void) { return sizeof keys / sizeof keys[0]; }

const siassb__key *siassb__key_at(size_t i) { return i < siassb__key_count() ? &keys[i] : NULL; }

const siassb__key *siassb__key_find(const char *name, int cls)
{
    if (!name || cls < 1 || cls > 4)
        return NULL;
    unsigned mask = 1u << (cls - 1);
    for (size_t i = 0; i < siassb__key_count(); i++)
        if ((keys[i].classes & mask) && strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

int siassb__key_choice_ok(const siassb__key *key, const char *value)
{
    if (!key || !key->choices || !value)
        return 0;
    size_t len = strlen(value);
    const char *p = key->choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, value, n) == 0)
            return 1;
        if (!bar)
            break;
        p = bar + 1;
    }
    return 0;
}

int siassb__abscissa_bounds(const char *abscissa, double *lo, double *hi, int *lo_open)
{
    if (!abscissa)
        return 0;
    if (strcmp(abscissa, "sto") == 0) {
        *lo = 0, *hi = 1, *lo_open = 0;
        return 1;
    }
    if (strcmp(abscissa, "x") == 0) {
        *lo = 0, *hi = 10, *lo_open = 0;
        return 1;
    }
    if (strcmp(abscissa, "T_K") == 0) {
        *lo = 0, *hi = 5000, *lo_open = 1;
        return 1;
    }
    return 0;
}
