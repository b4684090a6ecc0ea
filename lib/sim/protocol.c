/* The protocol runner: CC lithiation of Si, an optional CV hold at the end of
 * lithiation, CC delithiation; per-step records and per-cycle summaries into
 * caller arrays, resumable when they fill up. */
#include "sim/sim.h"
#include "sim/cellmech.h"

#include "core/constants.h"
#include "siassb.h"

#include <math.h>
#include <string.h>

enum {
    PHASE_LITHIATION = 0,
    PHASE_HOLD = 1,
    PHASE_DELITHIATION = 2,
    PHASE_REST_AFTER_LITHIATION = 3,
    PHASE_REST_AFTER_DELITHIATION = 4
};

static const char *const cycle_columns[] = {
    "cycle",
    "si_lithiation_capacity_mAh_per_g",
    "si_delithiation_capacity_mAh_per_g",
    "si_delithiation_capacity_mAh_per_cm2",
    "cathode_discharge_capacity_mAh_per_g",
    "discharge_energy_Wh_per_kg",
    "discharge_energy_Wh_per_L",
    "coulombic_efficiency",
    "mean_lithiation_voltage_V",
    "mean_delithiation_voltage_V",
    "pressure_min_MPa",
    "pressure_max_MPa",
    "sei_thickness_m",
    "lithium_lost_fraction",
    "active_material_lost_fraction",
    "stress_min_Pa",
    "stress_max_Pa",
};
#define N_COLUMNS (sizeof cycle_columns / sizeof *cycle_columns)

SIASSB_API int siassb_cycle_column_count(size_t *n_out)
{
    if (!n_out)
        return SIASSB_E_ARG;
    *n_out = N_COLUMNS;
    return SIASSB_OK;
}

SIASSB_API const char *siassb_cycle_column_name(int column)
{
    return column >= 0 && (size_t)column < N_COLUMNS ? cycle_columns[column] : "unknown";
}

#define SIM_FAIL(sim, code, ...)                                                                  \
    do {                                                                                          \
        siassb__msg((sim)->errmsg, sizeof (sim)->errmsg, __VA_ARGS__);                            \
        return (code);                                                                            \
    } while (0)

/* Set the mode and events of a phase; remember where its counters started. */
static void start_phase(struct siassb_sim *sim, int phase)
{
    const double *v = sim->cell->value;
    double rate = v[SIASSB__CP_PROTOCOL_RATE_C];
    /* lithiation is the charge of a full cell and the discharge of a half cell */
    double lith_sign = sim->full ? -1.0 : 1.0;
    double v_end_lith = sim->full ? v[SIASSB__CP_PROTOCOL_VMAX_V] : v[SIASSB__CP_PROTOCOL_VMIN_V];
    double v_end_delith = sim->full ? v[SIASSB__CP_PROTOCOL_VMIN_V] : v[SIASSB__CP_PROTOCOL_VMAX_V];
    for (int e = 1; e < SIASSB__EVENT_KINDS; e++)
        sim->event_threshold[e] = NAN;
    if (phase == PHASE_LITHIATION) {
        siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, lith_sign * rate);
        sim->event_threshold[sim->full ? SIASSB_EVENT_VOLTAGE_MAX : SIASSB_EVENT_VOLTAGE_MIN] =
            v_end_lith;
        sim->p.lith_charge = sim->s.charge_total;
        sim->p.lith_vq = sim->s.vq_abs_total;
        if (!sim->full)
            sim->p.discharge_energy = sim->s.energy_total;
    } else if (phase == PHASE_REST_AFTER_LITHIATION || phase == PHASE_REST_AFTER_DELITHIATION) {
        siassb_sim_set_mode(sim, SIASSB_MODE_REST, 0.0);
    } else if (phase == PHASE_HOLD) {
        siassb_sim_set_mode(sim, SIASSB_MODE_VOLTAGE, v_end_lith);
        sim->event_threshold[SIASSB_EVENT_CURRENT_BELOW] =
            v[SIASSB__CP_PROTOCOL_CV_CUTOFF_C] * sim->nominal_A_per_m2_per_C;
    } else {
        siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -lith_sign * rate);
        sim->event_threshold[sim->full ? SIASSB_EVENT_VOLTAGE_MIN : SIASSB_EVENT_VOLTAGE_MAX] =
            v_end_delith;
        sim->p.delith_charge = sim->s.charge_total;
        sim->p.delith_vq = sim->s.vq_abs_total;
        if (sim->full)
            sim->p.discharge_energy = sim->s.energy_total;
    }
    sim->p.phase = phase;
    sim->p.started = 1;
}

/* Close the lithiation half (at the start of delithiation) or the cycle. */
static void finish_cycle(struct siassb_sim *sim, double *row)
{
    const double *v = sim->cell->value;
    double si_g_per_m2 = sim->derived.si_mass_kg_per_m2 * 1000.0;
    double q_lith = fabs(sim->p.delith_charge - sim->p.lith_charge);         /* C/m2 */
    double vq_lith = sim->p.delith_vq - sim->p.lith_vq;
    double q_delith = fabs(sim->s.charge_total - sim->p.delith_charge);
    double vq_delith = sim->s.vq_abs_total - sim->p.delith_vq;
    /* the cell's discharge: delithiation in full cells, lithiation in half cells */
    double e_dis = sim->full ? sim->s.energy_total - sim->p.discharge_energy
                             : sim->p.delith_energy_mark - sim->p.discharge_energy;
    double q_dis = sim->full ? q_delith : q_lith;
    row[SIASSB_CYCLE_INDEX] = sim->p.cycles_done + 1;
    row[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G] = q_lith / 3.6 / si_g_per_m2;
    row[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G] = q_delith / 3.6 / si_g_per_m2;
    row[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_CM2] = q_delith / 3.6 / 1e4;
    row[SIASSB_CYCLE_CATHODE_DISCHARGE_MAH_PER_G] =
        sim->full ? q_dis / 3.6 / (v[SIASSB__CP_CATHODE_LOADING_KG_PER_M2] * 1000.0) : NAN;
    /* the energy of a stack is a full-cell figure: a Si half cell discharges
     * at a negative or near-zero voltage and stores nothing useful */
    row[SIASSB_CYCLE_DISCHARGE_ENERGY_WH_PER_KG] =
        sim->full && sim->stack_mass_kg_per_m2 > 0 ? e_dis / 3600.0 / sim->stack_mass_kg_per_m2
                                                   : NAN;
    row[SIASSB_CYCLE_DISCHARGE_ENERGY_WH_PER_L] =
        sim->full && sim->stack_thickness_m > 0
            ? e_dis / 3600.0 / (sim->stack_thickness_m * 1000.0)
            : NAN;
    row[SIASSB_CYCLE_COULOMBIC_EFFICIENCY] = q_lith > 0 ? q_delith / q_lith : NAN;
    row[SIASSB_CYCLE_MEAN_LITHIATION_VOLTAGE_V] = q_lith > 0 ? vq_lith / q_lith : NAN;
    row[SIASSB_CYCLE_MEAN_DELITHIATION_VOLTAGE_V] = q_delith > 0 ? vq_delith / q_delith : NAN;
    row[SIASSB_CYCLE_PRESSURE_MIN_MPA] = sim->cm.stack ? sim->p.pressure_min * 1e-6 : NAN;
    row[SIASSB_CYCLE_PRESSURE_MAX_MPA] = sim->cm.stack ? sim->p.pressure_max * 1e-6 : NAN;
    double sei;
    siassb_sim_output(sim, SIASSB_OUT_SEI_THICKNESS_M, &sei);
    row[SIASSB_CYCLE_SEI_THICKNESS_M] = sei;
    /* Li no longer cyclable: in interphases, the oxide and isolated Si, less
     * what the electrolyte's oxidation gave, over what the cell could cycle */
    row[SIASSB_CYCLE_LITHIUM_LOST_FRACTION] = siassb__cellmech_bound_li(sim) / sim->cyclable0;
    row[SIASSB_CYCLE_ACTIVE_MATERIAL_LOST_FRACTION] = sim->s.m.isolated;
    row[SIASSB_CYCLE_STRESS_MIN_PA] = sim->stress_on ? sim->p.stress_min : NAN;
    row[SIASSB_CYCLE_STRESS_MAX_PA] = sim->stress_on ? sim->p.stress_max : NAN;
    sim->p.stress_min = INFINITY;
    sim->p.stress_max = -INFINITY;
    sim->p.pressure_min = INFINITY;
    sim->p.pressure_max = -INFINITY;
}

SIASSB_API int siassb_sim_cycles_done(siassb_sim *sim, int *cycles_out)
{
    if (!sim || !cycles_out)
        return SIASSB_E_ARG;
    *cycles_out = sim->p.cycles_done;
    return SIASSB_OK;
}

SIASSB_API int siassb_sim_run(siassb_sim *sim, int cycles, const int *keys, size_t n_keys,
                              double record_every_s, double *step_rows, size_t step_cap,
                              size_t *n_step_rows, double *cycle_rows, size_t cycle_cap,
                              size_t *n_cycle_rows)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (n_step_rows)
        *n_step_rows = 0;
    if (n_cycle_rows)
        *n_cycle_rows = 0;
    if (cycles < 0 || cycles > 1000000)
        SIM_FAIL(sim, SIASSB_E_RANGE, "cycles = %d; allowed: 0 to 1000000", cycles);
    int record_steps = step_rows && step_cap > 0 && keys && n_keys > 0;
    if ((step_rows && step_cap > 0) && (!keys || n_keys == 0))
        SIM_FAIL(sim, SIASSB_E_ARG, "step rows requested without output keys");
    if (!(record_every_s >= 0) || isinf(record_every_s))
        SIM_FAIL(sim, SIASSB_E_ARG, "record_every_s = %g; allowed: 0 (every step) or a positive "
                 "number of seconds", record_every_s);
    for (size_t k = 0; record_steps && k < n_keys; k++) {
        double dummy;
        int rc = siassb_sim_output(sim, keys[k], &dummy);
        if (rc)
            return rc;
    }
    int record_cycles = cycle_rows && cycle_cap > 0;
    size_t ns = 0, nc = 0;
    double rate = sim->cell->value[SIASSB__CP_PROTOCOL_RATE_C];
    /* a phase that lasts 20x the time the larger electrode would take to
     * fill at this current has failed (1C may be set far below the
     * capacity: a current density printed as 1C) */
    double nominal = sim->derived.nominal_capacity_mAh_per_cm2;
    double largest = fmax(nominal, fmax(sim->derived.anode_capacity_mAh_per_cm2,
                                        sim->full ? sim->derived.cathode_capacity_mAh_per_cm2 : 0.0));
    double phase_time_limit = 20.0 * 3600.0 / rate * (nominal > 0 ? largest / nominal : 1.0);
    while (sim->p.cycles_done < cycles) {
        if (!sim->p.started) {
            start_phase(sim, sim->p.phase);
            sim->p.phase_start_t = sim->s.t;
        }
        if ((record_steps && ns == step_cap) ||
            (record_cycles && nc == cycle_cap && sim->p.phase == PHASE_DELITHIATION)) {
            if (n_step_rows)
                *n_step_rows = ns;
            if (n_cycle_rows)
                *n_cycle_rows = nc;
            siassb__msg(sim->errmsg, sizeof sim->errmsg,
                        "the %s array is full after %zu rows; call again to continue",
                        record_steps && ns == step_cap ? "step" : "cycle",
                        record_steps && ns == step_cap ? ns : nc);
            return SIASSB_INFO_BUFFER_FULL;
        }
        int resting = sim->p.phase >= PHASE_REST_AFTER_LITHIATION;
        double rest_end = sim->p.phase_start_t + sim->cell->value[SIASSB__CP_PROTOCOL_REST_S];
        int event = SIASSB_EVENT_NONE;
        int rc = siassb__sim_advance(
            sim, resting ? fmin(sim->s.dt_next, rest_end - sim->s.t) : sim->s.dt_next, &event);
        if (rc < 0) {
            if (n_step_rows)
                *n_step_rows = ns;
            if (n_cycle_rows)
                *n_cycle_rows = nc;
            return rc;
        }
        int rest_over = resting && sim->s.t >= rest_end;
        if (sim->stress_on) { /* the stress hysteresis of the cycle */
            double sf;
            siassb_sim_output(sim, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA, &sf);
            sim->p.stress_min = fmin(sim->p.stress_min, sf);
            sim->p.stress_max = fmax(sim->p.stress_max, sf);
        }
        if (record_steps && (record_every_s == 0 || event != SIASSB_EVENT_NONE || rest_over ||
                             sim->s.t - sim->p.last_record_t >= record_every_s)) {
            siassb_sim_outputs(sim, keys, n_keys, step_rows + ns * n_keys);
            sim->p.last_record_t = sim->s.t;
            ns++;
        }
        if (rest_over) {
            sim->p.phase = sim->p.phase == PHASE_REST_AFTER_LITHIATION ? PHASE_DELITHIATION
                                                                      : PHASE_LITHIATION;
            sim->p.started = 0;
            continue;
        }
        if (event == SIASSB_EVENT_NONE) {
            if (!resting && sim->s.t - sim->p.phase_start_t > phase_time_limit) {
                if (n_step_rows)
                    *n_step_rows = ns;
                if (n_cycle_rows)
                    *n_cycle_rows = nc;
                SIM_FAIL(sim, SIASSB_E_SOLVER,
                         "cycle %d, phase %d did not reach its cut-off within %.3g h", 
                         sim->p.cycles_done + 1, sim->p.phase, phase_time_limit / 3600.0);
            }
            continue;
        }
        /* an event ends the phase; one that ends it before it has begun
         * means the cell cannot do what the protocol asks */
        if (event != SIASSB_EVENT_CURRENT_BELOW && sim->s.t == sim->p.phase_start_t &&
            sim->p.phase < PHASE_REST_AFTER_LITHIATION) {
            if (n_step_rows)
                *n_step_rows = ns;
            if (n_cycle_rows)
                *n_cycle_rows = nc;
            SIM_FAIL(sim, SIASSB_E_STATE,
                     "cycle %d, phase %d ended before it began (event %d at t = %g s): the "
                     "cut-off or a composition limit holds already; change the protocol",
                     sim->p.cycles_done + 1, sim->p.phase, event, sim->s.t);
        }
        double cv_cutoff = sim->cell->value[SIASSB__CP_PROTOCOL_CV_CUTOFF_C];
        int rest = sim->cell->value[SIASSB__CP_PROTOCOL_REST_S] > 0;
        int after_lithiation = rest ? PHASE_REST_AFTER_LITHIATION : PHASE_DELITHIATION;
        if (sim->p.phase == PHASE_LITHIATION) {
            if (!sim->full)
                sim->p.delith_energy_mark = sim->s.energy_total;
            sim->p.phase = cv_cutoff > 0 && event != SIASSB_EVENT_COMPOSITION ? PHASE_HOLD
                                                                               : after_lithiation;
        } else if (sim->p.phase == PHASE_HOLD) {
            if (!sim->full)
                sim->p.delith_energy_mark = sim->s.energy_total;
            sim->p.phase = after_lithiation;
        } else if (sim->p.phase == PHASE_DELITHIATION) {
            if (record_cycles)
                finish_cycle(sim, cycle_rows + nc++ * N_COLUMNS);
            sim->p.cycles_done++;
            sim->p.phase = rest ? PHASE_REST_AFTER_DELITHIATION : PHASE_LITHIATION;
        } else {
            /* only the composition limit is armed during a rest: end the rest */
            sim->p.phase = sim->p.phase == PHASE_REST_AFTER_LITHIATION ? PHASE_DELITHIATION
                                                                      : PHASE_LITHIATION;
        }
        sim->p.started = 0;
    }
    if (n_step_rows)
        *n_step_rows = ns;
    if (n_cycle_rows)
        *n_cycle_rows = nc;
    sim->errmsg[0] = '\0'; /* events along the way left notes; the call succeeded */
    return SIASSB_OK;
}
