/* Cell mechanics and interfaces (issue 6; doc/model.md "Stack and
 * interfaces"): the fixture law, lift-off, consolidation, confinement,
 * contact and isolation, fracture, interphases, and the Li and charge
 * bookkeeping they must keep. */
#include "../common.h"

#include <siassb.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FARADAY 96485.33212
#define NCOL 17

static siassb_db *db;

static void setup(void)
{
    char err[512];
    ck_assert_msg(siassb_db_open_default(&db, err, sizeof err) == SIASSB_OK, "%s", err);
}

static void teardown(void) { siassb_db_free(db); }

/* Set a cell parameter from text: numbers by value, choices by name. */
static void set(siassb_cell *cell, const char *name, const char *value)
{
    char *end;
    double v = strtod(value, &end);
    int rc = *end == '\0' ? siassb_cell_set(cell, name, v) : siassb_cell_set_text(cell, name, value);
    ck_assert_msg(rc == SIASSB_OK, "%s = %s: %s", name, value, siassb_cell_errmsg(cell));
}

/* Run n cycles recording every step's keys; returns the rows (caller frees). */
static double *run(siassb_sim *sim, int n_cycles, const int *keys, size_t n_keys, size_t *ns,
                   double *cycle_rows)
{
    size_t cap = 400000, nc;
    double *rows = malloc(cap * n_keys * sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    ck_assert_msg(siassb_sim_run(sim, n_cycles, keys, n_keys, 0, rows, cap, ns, cycle_rows,
                                 (size_t)n_cycles, &nc) == SIASSB_OK,
                  "%s", siassb_sim_errmsg(sim));
    ck_assert_uint_eq(nc, (size_t)n_cycles);
    return rows;
}

/* Run n cycles of the cell's protocol, writing n cycle rows. */
static void cycles(siassb_sim *sim, int n, double *rows)
{
    size_t ns = 0, nc = 0;
    ck_assert_msg(siassb_sim_run(sim, n, NULL, 0, 0, NULL, 0, &ns, rows, (size_t)n, &nc) == SIASSB_OK,
                  "%s", siassb_sim_errmsg(sim));
    ck_assert_uint_eq(nc, (size_t)n);
}

static const char *const INTERFACES[] = {"mechanisms.interphase", "mechanisms.native_oxide",
                                         "mechanisms.carbon_decomposition",
                                         "mechanisms.cathode_interphase", "mechanisms.contact"};

static siassb_cell *all_on(void)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    for (size_t k = 0; k < sizeof INTERFACES / sizeof *INTERFACES; k++)
        set(cell, INTERFACES[k], "on");
    return cell;
}

/* The default composite full cell in its fixed-gap fixture: the pressure
 * rises over each lithiation of the Si and falls over each delithiation
 * (step by step it may not: early in a charge the pores take the Si's
 * swelling while the NCM contracts); after the first loading has compacted
 * the layers the stack lifts off on delithiation (P = 0 with a gap), and P
 * is never negative. */
START_TEST(test_fixed_gap_pressure_follows_si)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    siassb_sim *sim = test_make(cell);
    double p0 = test_out(sim, SIASSB_OUT_STACK_PRESSURE_MPA);
    ck_assert_double_eq_tol(p0, 50.0, 1e-12);
    int keys[] = {SIASSB_OUT_SI_X_MEAN, SIASSB_OUT_STACK_PRESSURE_MPA, SIASSB_OUT_LIFT_OFF_GAP_M,
                  SIASSB_OUT_STACK_THICKNESS_CHANGE_M};
    size_t ns;
    double cyc[2 * NCOL];
    double *r = run(sim, 2, keys, 4, &ns, cyc);
    double p_top = 0, rises = 0, falls = 0, gap_max = 0;
    double p_turn = p0; /* pressure where the Si last turned */
    int lithiating = 1;
    for (size_t k = 0; k < ns; k++) {
        double x = r[4 * k], p = r[4 * k + 1], gap = r[4 * k + 2], dl = r[4 * k + 3];
        ck_assert_msg(p >= 0.0, "negative pressure %g MPa", p);
        ck_assert_msg(gap == 0.0 || p == 0.0, "a gap of %g m under %g MPa", gap, p);
        /* the stack leaves the fixed plates only by the gap it opened */
        ck_assert_msg(fabs(dl + gap) < 1e-12, "stack moved by %g m with a gap of %g m", dl, gap);
        p_top = fmax(p_top, p);
        gap_max = fmax(gap_max, gap);
        if (k == 0)
            continue;
        double dx = x - r[4 * (k - 1)], p_prev = r[4 * (k - 1) + 1];
        if ((lithiating && dx < -1e-6) || (!lithiating && dx > 1e-6) || k + 1 == ns) {
            /* a half cycle ended at the previous step */
            double change = (k + 1 == ns ? p : p_prev) - p_turn;
            if (lithiating) {
                ck_assert_msg(change > 50.0, "pressure changed by %g MPa over a lithiation", change);
                rises += change;
            } else {
                ck_assert_msg(change < -50.0, "pressure changed by %g MPa over a delithiation", change);
                falls -= change;
            }
            lithiating = !lithiating;
            p_turn = p_prev;
        }
    }
    printf("fixed gap: 50 -> %.1f MPa on lithiation, rises %.1f, falls %.1f MPa, lift-off gap %.2f um\n",
           p_top, rises, falls, gap_max * 1e6);
    ck_assert_double_gt(p_top, 80.0);
    ck_assert_double_gt(falls, 80.0);
    ck_assert_double_gt(gap_max, 0.0);
    ck_assert_double_eq_tol(cyc[SIASSB_CYCLE_PRESSURE_MAX_MPA], p_top, 1.0);
    ck_assert_double_eq(cyc[SIASSB_CYCLE_PRESSURE_MIN_MPA], 0.0);
    free(r);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A constant-pressure fixture holds its pressure exactly and the stack
 * thickness breathes instead: up by micrometres on lithiation, and the
 * anode alone by more than its Si's swelling net of its pores. */
START_TEST(test_constant_pressure_holds)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    set(cell, "fixture.mode", "constant_pressure");
    set(cell, "fixture.pressure_MPa", "20");
    siassb_sim *sim = test_make(cell);
    double l0 = test_out(sim, SIASSB_OUT_ANODE_THICKNESS_M);
    int keys[] = {SIASSB_OUT_STACK_PRESSURE_MPA, SIASSB_OUT_STACK_THICKNESS_CHANGE_M,
                  SIASSB_OUT_ANODE_THICKNESS_M};
    size_t ns;
    double cyc[NCOL];
    double *r = run(sim, 1, keys, 3, &ns, cyc);
    double lo = 0, hi = 0, anode_hi = 0;
    for (size_t k = 0; k < ns; k++) {
        ck_assert_double_eq(r[3 * k], 20.0);
        lo = fmin(lo, r[3 * k + 1]);
        hi = fmax(hi, r[3 * k + 1]);
        anode_hi = fmax(anode_hi, r[3 * k + 2]);
    }
    printf("constant 20 MPa: stack %.2f .. %.2f um, anode %.2f -> %.2f um\n", lo * 1e6, hi * 1e6,
           l0 * 1e6, anode_hi * 1e6);
    ck_assert_double_gt(hi - lo, 2e-6);
    ck_assert_double_gt(anode_hi, 1.5 * l0);
    /* back near the start once the Si is delithiated */
    ck_assert_double_lt(fabs(r[3 * (ns - 1) + 1]), 0.1 * (hi - lo));
    free(r);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Rest voltage of an a-Si full cell lithiated for an hour at C/10 under a
 * constant stack pressure. */
static double rest_voltage(double pressure_MPa, const char *confinement)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    set(cell, "mechanisms.particle_stress", "on");
    set(cell, "mechanisms.confinement", confinement);
    set(cell, "fixture.mode", "constant_pressure");
    char p[32];
    snprintf(p, sizeof p, "%g", pressure_MPa);
    set(cell, "fixture.pressure_MPa", p);
    siassb_sim *sim = test_make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -0.1), SIASSB_OK);
    test_step_ok(sim, 3600);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_REST, 0), SIASSB_OK);
    test_step_ok(sim, 7200);
    double v = test_out(sim, SIASSB_OUT_VOLTAGE_V);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return v;
}

/* 50 MPa on the stack moves the open-circuit voltage by less than 5 mV:
 * through confined particles by Omega_Li P / F (4.7 mV with the database's
 * partial molar volume; the compressed Si sits lower, the cell voltage
 * higher), and not at all without confinement. */
START_TEST(test_stack_pressure_ocv_shift)
{
    siassb_material *si;
    ck_assert_int_eq(siassb_material_open(db, "a-Si", &si, NULL, 0), SIASSB_OK);
    double omega;
    ck_assert_int_eq(siassb_material_eval(si, "partial_molar_volume_Li_m3_per_mol", NAN, 298.15, 0,
                                          &omega, NULL),
                     SIASSB_OK);
    siassb_material_free(si);
    double expected = omega * 50e6 / FARADAY;
    double confined = rest_voltage(50, "on") - rest_voltage(0, "on");
    double free_ = rest_voltage(50, "off") - rest_voltage(0, "off");
    printf("50 MPa: OCV shift %.2f mV confined (Omega P / F = %.2f mV), %.2g mV unconfined\n",
           confined * 1e3, expected * 1e3, free_ * 1e3);
    ck_assert_double_lt(fabs(confined), 5e-3);
    ck_assert_double_eq_tol(confined, expected, 0.1 * expected);
    ck_assert_double_eq(free_, 0.0);
}
END_TEST

/* With interphases on, the first cycle's Coulombic efficiency is below
 * every later one (native oxide and the first interphase), and the later
 * ones stay above 98 % (a passivating argyrodite). */
START_TEST(test_first_cycle_efficiency)
{
    siassb_cell *cell = all_on();
    siassb_sim *sim = test_make(cell);
    double cyc[4 * NCOL];
    cycles(sim, 4, cyc);
    double ce1 = cyc[SIASSB_CYCLE_COULOMBIC_EFFICIENCY];
    printf("default cell, interphases on: CE");
    for (int c = 0; c < 4; c++)
        printf(" %.4f", cyc[c * NCOL + SIASSB_CYCLE_COULOMBIC_EFFICIENCY]);
    printf(", Li lost %.4f, SEI %.2f nm\n", cyc[3 * NCOL + SIASSB_CYCLE_LITHIUM_LOST_FRACTION],
           cyc[3 * NCOL + SIASSB_CYCLE_SEI_THICKNESS_M] * 1e9);
    for (int c = 1; c < 4; c++) {
        double ce = cyc[c * NCOL + SIASSB_CYCLE_COULOMBIC_EFFICIENCY];
        ck_assert_double_lt(ce1, ce - 0.01);
        ck_assert_double_gt(ce, 0.98);
        ck_assert_double_lt(ce, 1.0);
    }
    ck_assert_double_lt(ce1, 0.97);
    ck_assert_double_gt(ce1, 0.5);
    /* the Li lost is what the interphases hold, and it only grows */
    ck_assert_double_gt(cyc[3 * NCOL + SIASSB_CYCLE_LITHIUM_LOST_FRACTION],
                        cyc[SIASSB_CYCLE_LITHIUM_LOST_FRACTION]);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A dense a-Si film of the given thickness on a separator of the given
 * electrolyte, against In-Li. */
static siassb_cell *film_on(const char *electrolyte, const char *thickness)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-inli");
    set(cell, "anode.geometry", "planar");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "separator.material", electrolyte), SIASSB_OK);
    set(cell, "anode.thickness_m", thickness);
    set(cell, "anode.carbon_mass_fraction", "0");
    set(cell, "anode.si_mass_fraction", "1");
    set(cell, "anode.porosity", "0");
    return cell;
}

/* First-cycle efficiency of a 200 nm a-Si film against In-Li on a separator
 * of the given electrolyte, with its interphase and the native oxide. */
static double film_ice(const char *electrolyte)
{
    siassb_cell *cell = film_on(electrolyte, "2e-7");
    set(cell, "separator.thickness_m", "1e-6");
    set(cell, "protocol.rate_C", "0.1");
    set(cell, "mechanisms.interphase", "on");
    set(cell, "mechanisms.native_oxide", "on");
    siassb_sim *sim = test_make(cell);
    double cyc[NCOL];
    cycles(sim, 1, cyc);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return cyc[SIASSB_CYCLE_COULOMBIC_EFFICIENCY];
}

/* Review section 3 (trend I-3): a Si film's first-cycle efficiency is
 * higher on a garnet (kinetically stable) or on LiPON (a thin passivating
 * interphase below 0.68 V) than on Li6PS5Cl (reduced below 1.71 V). */
START_TEST(test_film_efficiency_by_electrolyte)
{
    double lpscl = film_ice("Li6PS5Cl"), llzto = film_ice("LLZTO"), lipon = film_ice("LiPON");
    printf("200 nm a-Si film, first-cycle CE: LLZTO %.4f, LiPON %.4f, Li6PS5Cl %.4f\n", llzto, lipon,
           lpscl);
    ck_assert_double_gt(llzto, lpscl + 0.001);
    ck_assert_double_gt(lipon, lpscl + 0.001);
    ck_assert_double_lt(llzto, 1.0); /* the native oxide still costs Li */
}
END_TEST

/* Interphase thickness on a 1 um a-Si film held at 0.05 V vs Li (the cell
 * at -0.57 V against In-Li at 0.62 V), where the argyrodite's growth is
 * transport-limited, at three times after the film has filled; returns the
 * growth over two equal intervals of delta (power 1) or delta^2 (power 2). */
static void hold_growth(const char *electrolyte, int power, double *first, double *second)
{
    siassb_cell *cell = film_on(electrolyte, "1e-6");
    set(cell, "mechanisms.interphase", "on");
    siassb_sim *sim = test_make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_VOLTAGE, -0.57), SIASSB_OK);
    double d[3];
    double waits[3] = {2e5, 1e5, 1e5};
    for (int k = 0; k < 3; k++) {
        test_step_ok(sim, waits[k]);
        d[k] = pow(test_out(sim, SIASSB_OUT_SEI_THICKNESS_M), power);
    }
    *first = d[1] - d[0];
    *second = d[2] - d[1];
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}

/* MODEL.md section 6: an argyrodite's interphase passivates, so its
 * thickness squared grows linearly in time (parabolic growth); LGPS's is
 * mixed-conducting and its thickness itself keeps growing linearly. Over
 * two equal rests the increments must match. */
START_TEST(test_interphase_growth_laws)
{
    double a1, a2, g1, g2, n1, n2;
    hold_growth("Li6PS5Cl", 2, &a1, &a2);
    hold_growth("Li10GeP2S12", 1, &g1, &g2);
    hold_growth("Li6PS5Cl", 1, &n1, &n2);
    printf("held at 0.05 V: Li6PS5Cl delta^2 increments ratio %.3f (delta %.3f); LGPS delta increments "
           "ratio %.3f\n",
           a2 / a1, n2 / n1, g2 / g1);
    ck_assert_double_gt(a1, 0.0);
    ck_assert_double_eq_tol(a2 / a1, 1.0, 0.05);
    ck_assert_double_eq_tol(g2 / g1, 1.0, 0.05);
    /* and the argyrodite's thickness itself slows down */
    ck_assert_double_lt(n2 / n1, 0.9);
}
END_TEST

/* Contact is kept better under higher pressure: 20 cycles at a constant
 * 50 MPa against 5 MPa. */
static void contact_after(const char *pressure, double *contact, double *isolated, double *retention)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    set(cell, "mechanisms.contact", "on");
    set(cell, "fixture.mode", "constant_pressure");
    set(cell, "fixture.pressure_MPa", pressure);
    siassb_sim *sim = test_make(cell);
    double cyc[20 * NCOL];
    cycles(sim, 20, cyc);
    *contact = test_out(sim, SIASSB_OUT_CONTACT_FRACTION);
    *isolated = test_out(sim, SIASSB_OUT_ISOLATED_FRACTION);
    *retention = cyc[19 * NCOL + SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G] /
                 cyc[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G];
    ck_assert_double_eq(cyc[19 * NCOL + SIASSB_CYCLE_ACTIVE_MATERIAL_LOST_FRACTION], *isolated);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}

START_TEST(test_contact_kept_under_pressure)
{
    double c50, i50, r50, c5, i5, r5;
    contact_after("50", &c50, &i50, &r50);
    contact_after("5", &c5, &i5, &r5);
    printf("20 cycles: contact %.3f at 50 MPa, %.3f at 5 MPa; isolated %.4f vs %.4f; retention "
           "%.3f vs %.3f\n",
           c50, c5, i50, i5, r50, r5);
    ck_assert_double_gt(c50, c5 + 0.02);
    ck_assert_double_lt(i50, i5);
    ck_assert_double_gt(r50, r5);
    ck_assert_double_lt(c50, 1.0);
}
END_TEST

/* Per-electrode charge balances with every interphase on, after three
 * cycles: the charge through the anode is F times the Li that entered the
 * active and isolated Si and the anode's interphases; the charge through
 * the cathode is F times the Li it took, less what the electrolyte's
 * oxidation gave. The whole inventory, the electrolyte's Li included, is
 * constant. */
START_TEST(test_charge_balances_with_interphases)
{
    siassb_cell *cell = all_on();
    siassb_sim *sim = test_make(cell);
    int keys[] = {SIASSB_OUT_CHARGE_MAH_PER_CM2,           SIASSB_OUT_SI_LITHIUM_MOL_PER_M2,
                  SIASSB_OUT_TRAPPED_LITHIUM_MOL_PER_M2,   SIASSB_OUT_INTERPHASE_LITHIUM_MOL_PER_M2,
                  SIASSB_OUT_POSITIVE_LITHIUM_MOL_PER_M2,  SIASSB_OUT_ELECTROLYTE_LITHIUM_RELEASED_MOL_PER_M2,
                  SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2};
    double v0[7], v1[7];
    ck_assert_int_eq(siassb_sim_outputs(sim, keys, 7, v0), SIASSB_OK);
    double cyc[3 * NCOL];
    cycles(sim, 3, cyc);
    ck_assert_int_eq(siassb_sim_outputs(sim, keys, 7, v1), SIASSB_OK);
    double q = (v1[0] - v0[0]) * 36000.0 / FARADAY; /* mol of electrons, discharge > 0 */
    double anode = (v1[1] - v0[1]) + (v1[2] - v0[2]) + (v1[3] - v0[3]);
    double cathode = (v1[4] - v0[4]) - (v1[5] - v0[5]);
    double scale = v0[6];
    printf("3 cycles, all interphases: anode balance %.2e, cathode %.2e, inventory %.2e (relative); "
           "interphase Li %.3e, trapped %.3e, released %.3e mol/m2\n",
           (anode + q) / scale, (cathode - q) / scale, (v1[6] - v0[6]) / scale, v1[3], v1[2], v1[5]);
    ck_assert_double_gt(v1[3], 1e-3 * scale); /* the interphases did take Li */
    ck_assert_double_gt(v1[5], 0.0);
    ck_assert_double_lt(fabs(anode + q), 1e-10 * scale); /* a full cell's discharge delithiates Si */
    ck_assert_double_lt(fabs(cathode - q), 1e-10 * scale);
    ck_assert_double_lt(fabs(v1[6] - v0[6]), 1e-10 * scale);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A restored checkpoint continues bit for bit with every mechanism on,
 * from the middle of a cycle (lifted off, interphases growing). */
START_TEST(test_checkpoint_with_every_mechanism)
{
    siassb_cell *cell = all_on();
    set(cell, "mechanisms.fracture", "on");
    set(cell, "mechanisms.confinement", "on");
    set(cell, "mechanisms.particle_stress", "on");
    siassb_sim *a = test_make(cell);
    double cyc[2 * NCOL];
    cycles(a, 1, cyc);
    ck_assert_int_eq(siassb_sim_set_mode(a, SIASSB_MODE_CRATE, -0.5), SIASSB_OK);
    test_step_ok(a, 1800);
    siassb_sim *b = test_round_trip(a);
    for (int k = 0; k < 3; k++) {
        test_step_ok(a, 1000);
        test_step_ok(b, 1000);
    }
    for (int key = 1; key <= SIASSB_OUT_ELECTROLYTE_LITHIUM_RELEASED_MOL_PER_M2; key++) {
        double va = test_out(a, key), vb = test_out(b, key);
        ck_assert_msg((isnan(va) && isnan(vb)) || memcmp(&va, &vb, sizeof va) == 0,
                      "output %s: %.17g vs %.17g", siassb_output_name(key), va, vb);
    }
    ck_assert_double_gt(test_out(a, SIASSB_OUT_INTERPHASE_LITHIUM_MOL_PER_M2), 0.0);
    siassb_sim_free(a);
    siassb_sim_free(b);
    siassb_cell_free(cell);
}
END_TEST

/* Isolated fraction of a default cell with fracture on after two C/10
 * cycles, for the particle radius, the tolerance and the contact law
 * (on/off); writes the contact fraction. */
static double isolated_after_fracture(const char *radius, const char *rtol, const char *contact,
                                      double *contact_out)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    set(cell, "mechanisms.fracture", "on");
    set(cell, "mechanisms.contact", contact);
    set(cell, "anode.particle_radius_m", radius);
    set(cell, "protocol.rate_C", "0.1");
    set(cell, "numerics.rtol", rtol);
    siassb_sim *sim = test_make(cell);
    double cyc[2 * NCOL];
    cycles(sim, 2, cyc);
    double iso = test_out(sim, SIASSB_OUT_ISOLATED_FRACTION);
    *contact_out = test_out(sim, SIASSB_OUT_CONTACT_FRACTION);
    printf("fracture, r = %s m, rtol %s, contact law %s: contact %.4f, isolated %.4f\n", radius, rtol,
           contact, *contact_out, iso);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return iso;
}

/* Fracture: crystalline Si above its critical size (150 nm) cracks on
 * delithiation, losing contact and isolating Si; nanoparticles below it do
 * not. */
START_TEST(test_fracture_above_critical_size)
{
    double contact;
    ck_assert_double_eq(isolated_after_fracture("5e-8", "1e-5", "off", &contact), 0.0);
    ck_assert_double_eq(contact, 1.0);
    ck_assert_double_gt(isolated_after_fracture("1e-6", "1e-5", "off", &contact), 1e-3);
    ck_assert_double_lt(contact, 1.0);
}
END_TEST

/* Cathode-side oxidation of the argyrodite above 2.01 V: its charge passes
 * on charging (counted in the charge and so in the efficiency) and the
 * electrolyte's Li it releases joins the cell (a negative Li loss); a
 * coating that cuts the parabolic rate 100-fold cuts the layer about 10-fold
 * (delta ~ sqrt(k), less the 1 nm it starts with). */
static void cathode_side(const char *coating, double *charge, double *lost, double *thickness)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    set(cell, "mechanisms.cathode_interphase", "on");
    set(cell, "cathode.coating_rate_factor", coating);
    siassb_sim *sim = test_make(cell);
    double cyc[NCOL];
    cycles(sim, 1, cyc);
    *charge = cyc[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G];
    *lost = cyc[SIASSB_CYCLE_LITHIUM_LOST_FRACTION];
    *thickness = test_out(sim, SIASSB_OUT_CATHODE_INTERPHASE_THICKNESS_M);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}

START_TEST(test_cathode_coating)
{
    double q_bare, lost_bare, d_bare, q_coated, lost_coated, d_coated;
    cathode_side("1", &q_bare, &lost_bare, &d_bare);
    cathode_side("0.01", &q_coated, &lost_coated, &d_coated);
    printf("cathode oxidation: bare %.2f nm, charge %.2f mAh/g, Li lost %.5f; coated (k/100) %.2f nm, "
           "%.2f mAh/g, %.5f\n",
           d_bare * 1e9, q_bare, lost_bare, d_coated * 1e9, q_coated, lost_coated);
    ck_assert_double_gt(q_bare, q_coated);
    ck_assert_double_lt(lost_bare, lost_coated);
    ck_assert_double_lt(lost_coated, 0.0);
    ck_assert_double_gt(d_bare, 3.0 * d_coated);
    ck_assert_double_lt(d_bare, 30.0 * d_coated);
}
END_TEST

/* Pressure rise over the first lithiation of the default cell in a fixture
 * of the given mode and stiffness. */
static double first_rise(const char *mode, const char *stiffness, const char *consolidation)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    set(cell, "fixture.mode", mode);
    set(cell, "fixture.stiffness_MPa_per_um", stiffness);
    set(cell, "mechanisms.consolidation", consolidation);
    siassb_sim *sim = test_make(cell);
    int keys[] = {SIASSB_OUT_STACK_PRESSURE_MPA};
    size_t ns;
    double cyc[NCOL];
    double *r = run(sim, 1, keys, 1, &ns, cyc);
    double top = 0;
    for (size_t k = 0; k < ns; k++)
        top = fmax(top, r[k]);
    free(r);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return top - 50.0;
}

/* A finite-stiffness fixture sits between the constant-pressure (k = 0)
 * and the fixed-gap (k -> infinity) limits and approaches each; without
 * consolidation the elastic layers alone make the fixed gap far stiffer. */
START_TEST(test_fixture_stiffness_limits)
{
    double fixed = first_rise("fixed_gap", "1", "on");
    double soft = first_rise("finite_stiffness", "0.001", "on");
    double mid = first_rise("finite_stiffness", "10", "on");
    double stiff = first_rise("finite_stiffness", "1e5", "on");
    double elastic = first_rise("fixed_gap", "1", "off");
    printf("first-lithiation pressure rise: fixed gap %.1f MPa (elastic layers only %.0f), finite "
           "1e-3 / 10 / 1e5 MPa/um: %.3f / %.1f / %.1f MPa\n",
           fixed, elastic, soft, mid, stiff);
    ck_assert_double_lt(soft, 0.01);
    ck_assert_double_gt(mid, soft);
    ck_assert_double_lt(mid, fixed);
    ck_assert_double_eq_tol(stiff, fixed, 0.02 * fixed);
    ck_assert_double_gt(elastic, 3.0 * fixed);
}
END_TEST

/* Consolidation has a memory: the first loading compacts the layers, so
 * the second cycle starts lifted off and climbs back only to about the
 * first peak (no new set below it), and the stack ends thinner. */
START_TEST(test_consolidation_memory)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
    siassb_sim *sim = test_make(cell);
    double cyc[3 * NCOL];
    cycles(sim, 3, cyc);
    double p1 = cyc[SIASSB_CYCLE_PRESSURE_MAX_MPA], p2 = cyc[NCOL + SIASSB_CYCLE_PRESSURE_MAX_MPA],
           p3 = cyc[2 * NCOL + SIASSB_CYCLE_PRESSURE_MAX_MPA];
    double gap = test_out(sim, SIASSB_OUT_LIFT_OFF_GAP_M);
    printf("consolidation: peak pressure %.2f, %.2f, %.2f MPa; gap after 3 cycles %.2f um\n", p1, p2,
           p3, gap * 1e6);
    ck_assert_double_eq_tol(p2, p1, 0.03 * p1);
    ck_assert_double_eq_tol(p3, p2, 0.03 * p1);
    ck_assert_double_gt(gap, 1e-6);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A Si | Li6PS5Cl | Li half cell at constant pressure: Li leaves the foil
 * (13.0 cm3/mol) as the Si swells, so the stack grows by less than the
 * anode; Li returns on delithiation. */
START_TEST(test_half_cell_counter_shrinks)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "counter.material", "Li"), SIASSB_OK);
    set(cell, "fixture.mode", "constant_pressure");
    set(cell, "fixture.pressure_MPa", "5");
    siassb_sim *sim = test_make(cell);
    double l0 = test_out(sim, SIASSB_OUT_ANODE_THICKNESS_M);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.1), SIASSB_OK);
    test_step_ok(sim, 5 * 3600);
    double grow_anode = test_out(sim, SIASSB_OUT_ANODE_THICKNESS_M) - l0;
    double grow_stack = test_out(sim, SIASSB_OUT_STACK_THICKNESS_CHANGE_M);
    double li = test_out(sim, SIASSB_OUT_SI_LITHIUM_MOL_PER_M2);
    printf("half cell vs Li at 5 MPa: anode +%.3f um, stack +%.3f um, Li moved %.4f mol/m2 "
           "(13.0 cm3/mol: %.3f um)\n",
           grow_anode * 1e6, grow_stack * 1e6, li, li * 13.0e-6 * 1e6);
    ck_assert_double_gt(grow_anode, 0.5e-6);
    ck_assert_double_lt(grow_stack, grow_anode);
    /* the difference is the foil's loss, less the layers' elastic response */
    ck_assert_double_eq_tol(grow_anode - grow_stack, li * 1.2997e-5, 0.05 * li * 1.2997e-5);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Side reactions never take Li the Si does not hold: with the native oxide
 * and the interphase on, the mean composition stays >= 0 from the first
 * lithiation on, at C/3 and at 2C. */
START_TEST(test_side_reactions_keep_si_nonnegative)
{
    const char *rates[] = {"0.3333", "2"};
    for (int k = 0; k < 2; k++) {
        siassb_cell *cell = test_preset(db, "si-lpscl-ncm811");
        set(cell, "mechanisms.native_oxide", "on");
        set(cell, "mechanisms.interphase", "on");
        set(cell, "mechanisms.carbon_decomposition", "on");
        set(cell, "protocol.rate_C", rates[k]);
        siassb_sim *sim = test_make(cell);
        int keys[] = {SIASSB_OUT_SI_X_MEAN, SIASSB_OUT_SI_X_SURFACE};
        size_t ns;
        double cyc[2 * NCOL];
        double *r = run(sim, 2, keys, 2, &ns, cyc);
        double lowest = INFINITY;
        for (size_t j = 0; j < ns; j++)
            lowest = fmin(lowest, r[2 * j]);
        printf("side reactions at %s C: lowest mean x %.3g\n", rates[k], lowest);
        ck_assert_double_ge(lowest, -1e-9);
        free(r);
        siassb_sim_free(sim);
        siassb_cell_free(cell);
    }
}
END_TEST

/* A bonded c-Si film thicker than the critical size cracks into islands
 * that keep their contact: nothing is isolated. */
START_TEST(test_film_fracture_keeps_contact)
{
    siassb_cell *cell = test_preset(db, "si-lpscl-inli");
    set(cell, "anode.geometry", "planar");
    set(cell, "anode.thickness_m", "3e-7");
    set(cell, "anode.carbon_mass_fraction", "0");
    set(cell, "anode.si_mass_fraction", "1");
    set(cell, "anode.porosity", "0");
    set(cell, "mechanisms.fracture", "on");
    set(cell, "mechanisms.contact", "on");
    set(cell, "protocol.rate_C", "0.2");
    siassb_sim *sim = test_make(cell);
    double cyc[NCOL];
    cycles(sim, 1, cyc);
    ck_assert_double_eq(test_out(sim, SIASSB_OUT_CONTACT_FRACTION), 1.0);
    ck_assert_double_eq(test_out(sim, SIASSB_OUT_ISOLATED_FRACTION), 0.0);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Fracture and isolation do not depend on the step size: the tolerance
 * changes the steps by about 3x and the outcome by little. */
START_TEST(test_fracture_step_size)
{
    double contact;
    double coarse = isolated_after_fracture("1e-6", "1e-4", "on", &contact);
    double fine = isolated_after_fracture("1e-6", "1e-6", "on", &contact);
    ck_assert_double_gt(fine, 1e-3);
    ck_assert_double_eq_tol(coarse, fine, 0.05 * fine);
}
END_TEST

/* An electrolyte with no reduction limit in the database (a polymer) forms
 * no interphase and reduces nothing on carbon, and the cell still cycles
 * with every interface switched on (its kinetics once made the voltage
 * NaN). */
START_TEST(test_no_reduction_limit_no_interphase)
{
    siassb_cell *cell = all_on();
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.electrolyte", "PEO-LiTFSI"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "separator.material", "PEO-LiTFSI"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "cathode.electrolyte", "PEO-LiTFSI"), SIASSB_OK);
    set(cell, "temperature_K", "333.15");
    set(cell, "mechanisms.native_oxide", "off");
    siassb_sim *sim = test_make(cell);
    double cyc[NCOL];
    cycles(sim, 1, cyc);
    ck_assert_double_eq(test_out(sim, SIASSB_OUT_INTERPHASE_LITHIUM_MOL_PER_M2), 0.0);
    ck_assert(isfinite(cyc[SIASSB_CYCLE_COULOMBIC_EFFICIENCY]));
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Li conserved to round-off over 20 cycles with every mechanism on. */
START_TEST(test_inventory_every_mechanism)
{
    siassb_cell *cell = all_on();
    set(cell, "mechanisms.fracture", "on");
    set(cell, "anode.particle_radius_m", "2e-7");
    siassb_sim *sim = test_make(cell);
    double inv0 = test_out(sim, SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2);
    double cyc[20 * NCOL];
    cycles(sim, 20, cyc);
    double inv = test_out(sim, SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2);
    printf("20 cycles, every mechanism: inventory drift %.2e, capacity %.0f -> %.0f mAh/g\n",
           (inv - inv0) / inv0, cyc[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G],
           cyc[19 * NCOL + SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G]);
    ck_assert_double_lt(fabs(inv - inv0), 1e-11 * inv0);
    ck_assert_double_lt(cyc[19 * NCOL + SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G],
                        cyc[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G]);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* The first lithiation of c-Si with side reactions drawing Li: on the
 * front's flat plateau the steps grow long, and a step may not carry the
 * front shell past its conversion. The defect this guards against stopped
 * a slow first lithiation of 50 nm c-Si at x = 1.2 with 69 % of the Si still
 * crystalline (the front shell overfilled to x = 5.1 in one 1.1e5 s step,
 * then the surface collapsed to the cut-off). */
START_TEST(test_front_survives_long_steps)
{
    /* T1-06's cell: 50 um of 50 nm c-Si in Li6PS5Cl at 0.1 mA/cm2 (C/70 of
     * its Si), with the interfaces of rule G-6, on a counter that does not
     * run out */
    siassb_cell *cell = test_preset(db, "val-t1-06");
    set(cell, "counter.thickness_m", "5e-4");
    siassb_sim *sim = test_make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 1.0), SIASSB_OK);
    ck_assert_int_eq(siassb_sim_set_event(sim, SIASSB_EVENT_VOLTAGE_MIN, -0.60), SIASSB_OK);
    int ev = 0;
    for (int k = 0; k < 200000 && ev == 0; k++)
        ck_assert_msg(siassb_sim_step(sim, 1e6, NULL, &ev) >= 0, "%s", siassb_sim_errmsg(sim));
    double x = test_out(sim, SIASSB_OUT_SI_X_MEAN), c = test_out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION);
    printf("c-Si first lithiation at C/70 with side reactions: x %.3f, crystalline %.3g at the "
           "cut-off\n",
           x, c);
    ck_assert_msg(c < 0.01 && x > 3.0, "stopped at x %g with %g crystalline", x, c);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

int main(void)
{
    test_install_failing_gsl_handler();
    Suite *s = suite_create("cellmech");
    TCase *tc = tcase_create("cellmech");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_fixed_gap_pressure_follows_si);
    tcase_add_test(tc, test_constant_pressure_holds);
    tcase_add_test(tc, test_stack_pressure_ocv_shift);
    tcase_add_test(tc, test_first_cycle_efficiency);
    tcase_add_test(tc, test_film_efficiency_by_electrolyte);
    tcase_add_test(tc, test_interphase_growth_laws);
    tcase_add_test(tc, test_contact_kept_under_pressure);
    tcase_add_test(tc, test_charge_balances_with_interphases);
    tcase_add_test(tc, test_checkpoint_with_every_mechanism);
    tcase_add_test(tc, test_fracture_above_critical_size);
    tcase_add_test(tc, test_inventory_every_mechanism);
    tcase_add_test(tc, test_cathode_coating);
    tcase_add_test(tc, test_fixture_stiffness_limits);
    tcase_add_test(tc, test_consolidation_memory);
    tcase_add_test(tc, test_half_cell_counter_shrinks);
    tcase_add_test(tc, test_side_reactions_keep_si_nonnegative);
    tcase_add_test(tc, test_fracture_step_size);
    tcase_add_test(tc, test_no_reduction_limit_no_interphase);
    tcase_add_test(tc, test_film_fracture_keeps_contact);
    tcase_add_test(tc, test_front_survives_long_steps);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
