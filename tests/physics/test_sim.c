/* The simulation engine against independent checks: conservation, the
 * textbook solution for diffusion in a sphere, mesh convergence, relaxation,
 * ohmic scaling, events and checkpoints. */
#include "../common.h"

#include <siassb.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FARADAY 96485.33212
#define NCOL 17 /* columns of a cycle row in this version (checked below) */

static siassb_db *db;

/* A small user Li-Si material for tests, as JSON text in three parts: the
 * head with its id and the basic keys; the elastic-viscoplastic keys of a
 * Si that flows at a constant 1.2 GPa, with ocv_reference_stress flow; and
 * one measured (lithiation) OCV branch, which closes the text. */
#define TEST_SI_HEAD(id) \
        "{\"format\": \"siassb-materials\", \"format_version\": 1, \"materials\": [{" \
        "\"id\": \"" id "\", \"class\": \"lisi\", \"parameters\": {" \
        "\"density_kg_per_m3\": {\"value\": 2329, \"source\": \"test\"}," \
        "\"molar_mass_g_per_mol\": {\"value\": 28.0855, \"source\": \"test\"}," \
        "\"initial_crystalline_fraction\": {\"value\": 0, \"source\": \"test\"}," \
        "\"molar_volume_m3_per_mol\": {\"value\": 1.2059e-5, \"source\": \"test\"}," \
        "\"partial_molar_volume_Li_m3_per_mol\": {\"value\": 9.0e-6, \"source\": \"test\"}," \
        "\"x_full_lithiation\": {\"value\": 3.75, \"source\": \"test\"}," \
        "\"diffusivity_m2_per_s\": {\"value\": 1e-16, \"source\": \"test\"},"
#define TEST_SI_FLOWING \
        "\"youngs_modulus_GPa\": {\"x\": [0, 3.75], \"y\": [80, 40], \"abscissa\": \"x\", \"source\": \"test\"}," \
        "\"poisson_ratio\": {\"x\": [0, 3.75], \"y\": [0.22, 0.22], \"abscissa\": \"x\", \"source\": \"test\"}," \
        "\"yield_stress_GPa\": {\"x\": [0, 3.75], \"y\": [1.2, 1.2], \"abscissa\": \"x\", \"source\": \"test\"}," \
        "\"flow_reference_strain_rate_per_s\": {\"value\": 3.4e-5, \"source\": \"test\"}," \
        "\"flow_stress_exponent\": {\"value\": 4, \"source\": \"test\"}," \
        "\"ocv_reference_stress\": {\"value\": \"flow\", \"source\": \"test\"},"
#define TEST_SI_ONE_BRANCH \
        "\"ocv_lithiation_V\": {\"x\": [0, 1, 2, 3, 3.75], \"y\": [0.8, 0.35, 0.22, 0.1, 0.02]," \
        " \"abscissa\": \"x\", \"source\": \"test\"}}}]}"


static void setup(void)
{
    char err[512];
    ck_assert_msg(siassb_db_open_default(&db, err, sizeof err) == SIASSB_OK, "%s", err);
}

static void teardown(void) { siassb_db_free(db); }

static siassb_cell *preset(const char *name) { return test_preset(db, name); }
#define make test_make
#define out test_out
#define step_ok test_step_ok
#define round_trip test_round_trip

/* Li inventory constant to round-off over 100 cycles; the cycle summaries
 * report no lithium lost. */
START_TEST(test_conservation_100_cycles)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    siassb_cell_set(cell, "protocol.rate_C", 1.0);
    siassb_sim *sim = make(cell);
    double inv0 = out(sim, SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2);
    size_t ncol;
    siassb_cycle_column_count(&ncol);
    double *rows = malloc(100 * ncol * sizeof *rows);
    size_t ns, nc;
    int rc = siassb_sim_run(sim, 100, NULL, 0, 0, NULL, 0, &ns, rows, 100, &nc);
    ck_assert_msg(rc == SIASSB_OK, "%s", siassb_sim_errmsg(sim));
    ck_assert_uint_eq(nc, 100);
    double inv = out(sim, SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2);
    ck_assert_msg(fabs(inv / inv0 - 1) < 1e-11, "inventory drift %g", inv / inv0 - 1);
    for (size_t c = 0; c < nc; c++) {
        double ce = rows[c * ncol + SIASSB_CYCLE_COULOMBIC_EFFICIENCY];
        ck_assert_msg(ce > 0.5 && ce < 1.5, "cycle %zu CE %g", c + 1, ce);
        ck_assert(fabs(rows[c * ncol + SIASSB_CYCLE_LITHIUM_LOST_FRACTION]) < 1e-10);
    }
    /* without loss mechanisms the steady cycle returns what it stored */
    double ce_last = rows[99 * ncol + SIASSB_CYCLE_COULOMBIC_EFFICIENCY];
    ck_assert_msg(fabs(ce_last - 1) < 2e-3, "CE of cycle 100 = %g", ce_last);
    free(rows);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* The charge passed equals the change of the Si inventory, an independent
 * check: x from the shells, charge from the time integral of the current. */
START_TEST(test_charge_equals_inventory_change)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    siassb_sim *sim = make(cell);
    double x0 = out(sim, SIASSB_OUT_SI_X_MEAN), cap0 = out(sim, SIASSB_OUT_SI_CAPACITY_MAH_PER_G);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.5), SIASSB_OK);
    step_ok(sim, 1800);
    double q = out(sim, SIASSB_OUT_CHARGE_MAH_PER_CM2); /* discharge lithiates Si in a half cell */
    double cap = out(sim, SIASSB_OUT_SI_CAPACITY_MAH_PER_G) - cap0;
    double x = out(sim, SIASSB_OUT_SI_X_MEAN);
    ck_assert(x > x0);
    /* mAh/cm2 over mAh/g gives g/cm2 of Si: constant */
    double si_g_per_cm2 = q / cap;
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -0.25), SIASSB_OK);
    step_ok(sim, 1200);
    double q2 = out(sim, SIASSB_OUT_CHARGE_MAH_PER_CM2);
    double cap2 = out(sim, SIASSB_OUT_SI_CAPACITY_MAH_PER_G) - cap0;
    ck_assert_msg(fabs(q2 / cap2 / si_g_per_cm2 - 1) < 1e-10, "%g vs %g", q2 / cap2, si_g_per_cm2);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Constant flux into a sphere with constant D (Crank, The Mathematics of
 * Diffusion, eq. 6.47 form): x_s - x0 = (J R/D) [3 tau + 1/5 - 2 sum exp(-a_n^2 tau)/a_n^2],
 * tau = D t / R^2, tan a_n = a_n. */
static double sphere_series(double tau)
{
    double sum = 0;
    for (int n = 1; n <= 200; n++) {
        /* roots of tan a = a lie just below (n + 1/2) pi */
        double a = (n + 0.5) * 3.14159265358979323846 - 0.1;
        for (int it = 0; it < 50; it++)
            a -= (tan(a) - a) / (1.0 / (cos(a) * cos(a)) - 1.0);
        sum += exp(-a * a * tau) / (a * a);
    }
    return 3 * tau + 0.2 - 2 * sum;
}

START_TEST(test_sphere_textbook)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set(cell, "numerics.anode_shells", 60), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.particle_radius_m", 2e-6), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "numerics.rtol", 1e-7), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.hysteresis", "off"), SIASSB_OK);
    /* the textbook problem: one phase, no crystalline core */
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.two_phase_front", "off"), SIASSB_OK);
    siassb_sim *sim = make(cell);
    siassb_material *si;
    const char *id;
    ck_assert_int_eq(siassb_cell_get_text(cell, "anode.active_material", &id), SIASSB_OK);
    ck_assert_int_eq(siassb_material_open(db, id, &si, NULL, 0), SIASSB_OK);
    double D, T, R = 2e-6;
    siassb_cell_get(cell, "temperature_K", &T);
    ck_assert(siassb_material_eval(si, "diffusivity", NAN, T, NAN, &D, NULL) >= 0);
    siassb_material_free(si);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.05), SIASSB_OK);
    double t = 0, x0 = out(sim, SIASSB_OUT_SI_X_MEAN);
    double worst = 0;
    for (int k = 1; k <= 8; k++) {
        double t_next = 0.05 * k * R * R / D; /* tau up to 0.4 */
        step_ok(sim, t_next - t);
        t = t_next;
        double xm = out(sim, SIASSB_OUT_SI_X_MEAN), xs = out(sim, SIASSB_OUT_SI_X_SURFACE);
        double J = (xm - x0) * R / (3 * t); /* flux in x m/s, from the mean */
        double expect = x0 + J * R / D * sphere_series(D * t / (R * R));
        double rise = expect - x0;
        worst = fmax(worst, fabs(xs - expect) / rise);
    }
    ck_assert_msg(worst < 0.02, "surface composition off the series solution by %.3g of the rise",
                  worst);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* End-of-lithiation voltage converges as the mesh is refined. */
START_TEST(test_mesh_convergence)
{
    double v[3];
    int shells[3] = {6, 12, 24};
    for (int k = 0; k < 3; k++) {
        siassb_cell *cell = preset("si-lpscl-inli");
        siassb_cell_set(cell, "numerics.anode_shells", shells[k]);
        siassb_cell_set(cell, "anode.particle_radius_m", 1e-6);
        siassb_cell_set(cell, "numerics.rtol", 1e-7);
        siassb_cell_set_text(cell, "mechanisms.two_phase_front", "off");
        siassb_sim *sim = make(cell);
        siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.5);
        step_ok(sim, 3600);
        v[k] = out(sim, SIASSB_OUT_VOLTAGE_V);
        siassb_sim_free(sim);
        siassb_cell_free(cell);
    }
    double d1 = fabs(v[1] - v[0]), d2 = fabs(v[2] - v[1]);
    ck_assert_msg(d2 < 0.5 * d1 + 1e-6, "no convergence: %g %g %g", v[0], v[1], v[2]);
    ck_assert_msg(d2 < 2e-3, "fine meshes differ by %g V", d2);
}
END_TEST

/* Rest relaxes to the open-circuit voltage of the mean composition and
 * leaves the hysteresis state unchanged. */
START_TEST(test_rest_relaxes)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    /* amorphous Si: the OCV of the mean composition is the one to relax to */
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    siassb_sim *sim = make(cell);
    siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 1.0);
    step_ok(sim, 1200);
    double h = out(sim, SIASSB_OUT_HYSTERESIS);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_REST, 0), SIASSB_OK);
    step_ok(sim, 10 * 3600);
    ck_assert_double_eq(out(sim, SIASSB_OUT_HYSTERESIS), h);
    double x = out(sim, SIASSB_OUT_SI_X_MEAN);
    siassb_material *si, *ctr;
    const char *sid, *cid;
    siassb_cell_get_text(cell, "anode.active_material", &sid);
    siassb_cell_get_text(cell, "counter.material", &cid);
    siassb_material_open(db, sid, &si, NULL, 0);
    siassb_material_open(db, cid, &ctr, NULL, 0);
    double u_si, u_ctr;
    ck_assert(siassb_material_eval(si, "ocv", x, 298.15, h, &u_si, NULL) >= 0);
    ck_assert(siassb_material_eval(ctr, "ocv", 0.5, 298.15, 0, &u_ctr, NULL) >= 0);
    double v = out(sim, SIASSB_OUT_VOLTAGE_V);
    ck_assert_msg(fabs(v - (u_si - u_ctr)) < 1e-3, "rest voltage %g vs OCV %g", v, u_si - u_ctr);
    siassb_material_free(si);
    siassb_material_free(ctr);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

static double ohmic_drop(const char *separator, double thickness, double T)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "separator.material", separator), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "separator.thickness_m", thickness), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "temperature_K", T), SIASSB_OK);
    siassb_sim *sim = make(cell);
    siassb_sim_set_mode(sim, SIASSB_MODE_CURRENT, 10.0);
    step_ok(sim, 1.0);
    double d = out(sim, SIASSB_OUT_OHMIC_DROP_V);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return d;
}

/* Thicker separators raise the ohmic drop in proportion; temperature lowers
 * it strongly for PEO-LiTFSI (VTF) and weakly for Li6PS5Cl. */
START_TEST(test_ohmic_scaling)
{
    double d1 = ohmic_drop("Li6PS5Cl", 50e-6, 298.15), d2 = ohmic_drop("Li6PS5Cl", 100e-6, 298.15);
    double d3 = ohmic_drop("Li6PS5Cl", 150e-6, 298.15);
    ck_assert_msg(fabs((d3 - d2) / (d2 - d1) - 1) < 1e-9, "not linear: %g %g %g", d1, d2, d3);
    ck_assert(d2 > d1);
    double peo = ohmic_drop("PEO-LiTFSI", 50e-6, 333.15) / ohmic_drop("PEO-LiTFSI", 50e-6, 353.15);
    double lps = ohmic_drop("Li6PS5Cl", 50e-6, 333.15) / ohmic_drop("Li6PS5Cl", 50e-6, 353.15);
    ck_assert_msg(peo > lps && lps > 1, "PEO ratio %g, Li6PS5Cl ratio %g", peo, lps);
}
END_TEST

/* A voltage cut-off stops the step within 1e-4 V of its threshold. */
START_TEST(test_cutoff_event)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    siassb_sim *sim = make(cell);
    siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -1.0);
    siassb_sim_set_event(sim, SIASSB_EVENT_VOLTAGE_MAX, 4.1);
    int ev = 0;
    double t;
    int rc = siassb_sim_step(sim, 3 * 3600.0, &t, &ev);
    ck_assert_int_eq(rc, SIASSB_INFO_EVENT);
    ck_assert_int_eq(ev, SIASSB_EVENT_VOLTAGE_MAX);
    double v = out(sim, SIASSB_OUT_VOLTAGE_V);
    ck_assert_msg(v >= 4.1 && v < 4.1 + 1e-4, "stopped at %.6f V", v);
    ck_assert(t < 3 * 3600.0);
    /* a voltage hold then lets the current decay to its threshold */
    siassb_sim_set_event(sim, SIASSB_EVENT_VOLTAGE_MAX, NAN);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_VOLTAGE, 4.1), SIASSB_OK);
    siassb_sim_set_event(sim, SIASSB_EVENT_CURRENT_BELOW, 0.5);
    rc = siassb_sim_step(sim, 20 * 3600.0, &t, &ev);
    ck_assert_msg(rc == SIASSB_INFO_EVENT, "%d %s", rc, siassb_sim_errmsg(sim));
    ck_assert_int_eq(ev, SIASSB_EVENT_CURRENT_BELOW);
    ck_assert_double_eq_tol(fabs(out(sim, SIASSB_OUT_CURRENT_A_PER_M2)), 0.5, 0.5e-3);
    ck_assert_double_eq_tol(out(sim, SIASSB_OUT_VOLTAGE_V), 4.1, 1e-8);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A restored checkpoint continues bit for bit like the uninterrupted run. */
START_TEST(test_checkpoint_continuation)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    siassb_sim *a = make(cell);
    size_t ncol, ns, nc;
    siassb_cycle_column_count(&ncol);
    double ra[3 * NCOL], rb[3 * NCOL], steps[40];
    int key = SIASSB_OUT_TIME_S;
    ck_assert_int_eq(siassb_sim_run(a, 1, NULL, 0, 0, NULL, 0, &ns, ra, 3, &nc), SIASSB_OK);
    /* stop in the middle of cycle 2: the step array fills up */
    ck_assert_int_eq(siassb_sim_run(a, 3, &key, 1, 0, steps, 40, &ns, NULL, 0, &nc),
                     SIASSB_INFO_BUFFER_FULL);
    ck_assert_uint_eq(ns, 40);
    siassb_sim *b = round_trip(a);
    ck_assert_int_eq(siassb_sim_run(a, 3, NULL, 0, 0, NULL, 0, &ns, ra, 3, &nc), SIASSB_OK);
    ck_assert_uint_eq(nc, 2);
    ck_assert_int_eq(siassb_sim_run(b, 3, NULL, 0, 0, NULL, 0, &ns, rb, 3, &nc), SIASSB_OK);
    ck_assert_uint_eq(nc, 2);
    for (size_t i = 0; i < 2 * ncol; i++)
        ck_assert_msg(memcmp(&ra[i], &rb[i], sizeof(double)) == 0 || (isnan(ra[i]) && isnan(rb[i])),
                      "column %zu: %.17g vs %.17g", i % ncol, ra[i], rb[i]);
    int keys[] = {SIASSB_OUT_TIME_S, SIASSB_OUT_VOLTAGE_V, SIASSB_OUT_SI_X_MEAN};
    double va[3], vb[3];
    siassb_sim_outputs(a, keys, 3, va);
    siassb_sim_outputs(b, keys, 3, vb);
    ck_assert(memcmp(va, vb, sizeof va) == 0);
    siassb_sim_free(a);
    siassb_sim_free(b);
    siassb_cell_free(cell);
}
END_TEST

/* A failed call leaves the state exactly as it was. */
START_TEST(test_failed_calls_leave_state)
{
    size_t ncol;
    ck_assert_int_eq(siassb_cycle_column_count(&ncol), SIASSB_OK);
    ck_assert_uint_eq(ncol, NCOL);
    siassb_cell *cell = preset("si-lpscl-ncm811");
    siassb_sim *sim = make(cell);
    siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -0.5);
    step_ok(sim, 600);
    double t0 = out(sim, SIASSB_OUT_TIME_S), x0 = out(sim, SIASSB_OUT_SI_X_MEAN);
    ck_assert_int_eq(siassb_sim_step(sim, NAN, NULL, NULL), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_sim_step(sim, -1, NULL, NULL), SIASSB_E_RANGE);
    ck_assert_int_eq(siassb_sim_set_mode(sim, 9, 1), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, INFINITY), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_sim_set_event(sim, 17, 1), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_sim_output(sim, 999, &t0), SIASSB_E_ARG);
    ck_assert_double_eq(out(sim, SIASSB_OUT_TIME_S), 600);
    ck_assert_double_eq(out(sim, SIASSB_OUT_SI_X_MEAN), x0);
    ck_assert_int_eq(siassb_sim_step(NULL, 1, NULL, NULL), SIASSB_E_ARG);
    siassb_sim_free(NULL);
    int key;
    ck_assert_int_eq(siassb_output_from_name("voltage_V", &key), SIASSB_OK);
    ck_assert_int_eq(key, SIASSB_OUT_VOLTAGE_V);
    ck_assert_str_eq(siassb_output_name(SIASSB_OUT_SEI_THICKNESS_M), "sei_thickness_m");
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Rests between the half cycles add their time and change no capacity much;
 * a user material with a single OCV branch cycles without hysteresis. */
START_TEST(test_protocol_rest_and_single_branch)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.rest_s", 1800), SIASSB_OK);
    siassb_sim *a = make(cell);
    size_t ns, nc;
    double ra[NCOL], rb[NCOL];
    ck_assert_int_eq(siassb_sim_run(a, 1, NULL, 0, 0, NULL, 0, &ns, ra, 1, &nc), SIASSB_OK);
    double t_rest = out(a, SIASSB_OUT_TIME_S);
    siassb_cell_set(cell, "protocol.rest_s", 0);
    siassb_sim *b = make(cell);
    ck_assert_int_eq(siassb_sim_run(b, 1, NULL, 0, 0, NULL, 0, &ns, rb, 1, &nc), SIASSB_OK);
    double t_plain = out(b, SIASSB_OUT_TIME_S);
    ck_assert_msg(t_rest - t_plain > 1800 - 1 && t_rest - t_plain < 1800 + 600,
                  "rest added %g s", t_rest - t_plain);
    ck_assert_double_eq_tol(ra[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G],
                            rb[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G], 30);
    siassb_sim_free(a);
    siassb_sim_free(b);
    siassb_cell_free(cell);

    /* a user Li-Si material with one OCV table and a constant diffusivity */
    static const char user_si[] = TEST_SI_HEAD("user-Si") TEST_SI_ONE_BRANCH;
    ck_assert_msg(siassb_db_load_string(db, user_si, sizeof user_si - 1, "user.json") == SIASSB_OK,
                  "%s", siassb_db_errmsg(db));
    siassb_material *si;
    ck_assert_int_eq(siassb_material_open(db, "user-Si", &si, NULL, 0), SIASSB_OK);
    double ul, ud;
    ck_assert(siassb_material_eval(si, "ocv", 1.5, 298.15, -1, &ul, NULL) >= 0);
    ck_assert(siassb_material_eval(si, "ocv", 1.5, 298.15, 1, &ud, NULL) >= 0);
    ck_assert_double_eq(ul, ud);
    siassb_material_free(si);
    siassb_cell *uc = preset("si-lpscl-ncm811");
    ck_assert_int_eq(siassb_cell_set_material(uc, db, "anode.active_material", "user-Si"), SIASSB_OK);
    /* without elastic constants the stack mechanics cannot run, and says so */
    siassb_sim *u = NULL;
    char err[512];
    ck_assert_int_eq(siassb_sim_create(uc, &u, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_msg(strstr(err, "user-Si") && strstr(err, "mechanisms.stack = off"), "%s", err);
    ck_assert_int_eq(siassb_cell_set_text(uc, "mechanisms.stack", "off"), SIASSB_OK);
    u = make(uc);
    double rows[2 * NCOL];
    ck_assert_msg(siassb_sim_run(u, 2, NULL, 0, 0, NULL, 0, &ns, rows, 2, &nc) == SIASSB_OK, "%s",
                  siassb_sim_errmsg(u));
    ck_assert_double_eq_tol(rows[NCOL + SIASSB_CYCLE_COULOMBIC_EFFICIENCY], 1.0, 2e-3);
    siassb_sim_free(u);
    siassb_cell_free(uc);
}
END_TEST

static siassb_cell *film_cell(const char *stress)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set_text(cell, "anode.geometry", "planar"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.thickness_m", 2e-7), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.carbon_mass_fraction", 0), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.si_mass_fraction", 1), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.porosity", 0), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.rate_C", 0.1), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.stress", stress), SIASSB_OK);
    return cell;
}

/* An a-Si film on a rigid substrate flows in compression on lithiation, near
 * -1.75 GPa (Sethuraman et al., J. Power Sources 195 (2010) 5062; 30%), and
 * turns tensile on delithiation; at C/10 its compression exceeds the flow
 * stress the lithiation branch carries (the rate's overstress), which lowers
 * the Si potential, so less capacity fits above the same cut-off. */
START_TEST(test_film_stress)
{
    siassb_cell *cell = film_cell("on");
    siassb_sim *sim = make(cell);
    int keys[] = {SIASSB_OUT_CURRENT_A_PER_M2, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA};
    static double rows[200000 * 2];
    double cyc[NCOL];
    size_t ns, nc;
    ck_assert_msg(siassb_sim_run(sim, 1, keys, 2, 0, rows, 200000, &ns, cyc, 1, &nc) == SIASSB_OK,
                  "%s", siassb_sim_errmsg(sim));
    double most_compressive = 0, most_tensile = 0;
    for (size_t r = 0; r < ns; r++) {
        double i = rows[2 * r], s = rows[2 * r + 1];
        if (i > 0) /* half cell: discharge lithiates Si */
            most_compressive = fmin(most_compressive, s);
        else if (i < 0)
            most_tensile = fmax(most_tensile, s);
    }
    ck_assert_msg(fabs(most_compressive / -1.75e9 - 1) < 0.3, "lithiation flow at %g GPa",
                  most_compressive / 1e9);
    ck_assert_msg(most_tensile > 0.5e9, "delithiation peak %g GPa", most_tensile / 1e9);
    /* the cycle row carries the same hysteresis */
    ck_assert_double_eq(cyc[SIASSB_CYCLE_STRESS_MIN_PA], most_compressive);
    ck_assert_double_eq(cyc[SIASSB_CYCLE_STRESS_MAX_PA], most_tensile);
    siassb_cell *plain = film_cell("off");
    siassb_sim *ref = make(plain);
    double cyc0[NCOL];
    ck_assert_int_eq(siassb_sim_run(ref, 1, NULL, 0, 0, NULL, 0, &ns, cyc0, 1, &nc), SIASSB_OK);
    ck_assert(isnan(out(ref, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA)));
    ck_assert_msg(cyc[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G] < cyc0[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G],
                  "stress did not lower the lithiation capacity: %g vs %g",
                  cyc[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G], cyc0[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G]);
    siassb_sim_free(ref);
    siassb_cell_free(plain);

    /* halfway through a lithiation the film has flowed: nearly all of the
     * in-plane chemical strain ln(lambda) is plastic, only |sigma|/M (below
     * 0.03 at yield) is elastic */
    siassb_cell *half = film_cell("on");
    siassb_sim *flow = make(half);
    ck_assert_int_eq(siassb_sim_set_mode(flow, SIASSB_MODE_CRATE, 0.1), SIASSB_OK);
    step_ok(flow, 5 * 3600.0);
    double xs = out(flow, SIASSB_OUT_SI_X_SURFACE), ep = out(flow, SIASSB_OUT_SURFACE_PLASTIC_STRAIN);
    ck_assert(xs > 1.0);
    siassb_material *si;
    double v0, vl;
    ck_assert_int_eq(siassb_material_open(db, "a-Si", &si, NULL, 0), SIASSB_OK);
    ck_assert_int_eq(siassb_material_eval(si, "volume_ratio", 0.0, 298.15, 0, &v0, NULL), SIASSB_OK);
    ck_assert_int_eq(siassb_material_eval(si, "volume_ratio", 1.0, 298.15, 0, &vl, NULL), SIASSB_OK);
    siassb_material_free(si);
    double chemical = log1p((vl - v0) / v0 * xs) / 3.0;
    ck_assert_msg(ep < 0 && fabs(ep + chemical) < 0.03, "plastic %g, chemical %g at x = %g", ep,
                  chemical, xs);
    siassb_sim_free(flow);
    siassb_cell_free(half);

    /* the stress is state: a checkpoint mid-cycle continues bit for bit */
    ck_assert_int_eq(siassb_sim_run(sim, 2, keys, 2, 0, rows, 50, &ns, NULL, 0, &nc),
                     SIASSB_INFO_BUFFER_FULL);
    siassb_sim *back = round_trip(sim);
    double ra[NCOL], rb[NCOL];
    ck_assert_int_eq(siassb_sim_run(sim, 2, NULL, 0, 0, NULL, 0, &ns, ra, 1, &nc), SIASSB_OK);
    ck_assert_int_eq(siassb_sim_run(back, 2, NULL, 0, 0, NULL, 0, &ns, rb, 1, &nc), SIASSB_OK);
    double sa = out(sim, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
    double sb = out(back, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
    ck_assert(memcmp(&sa, &sb, sizeof sa) == 0);
    ck_assert(memcmp(&ra[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G], &rb[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G],
                     sizeof(double)) == 0);
    siassb_sim_free(back);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Lithiation of the half cell's Si at C-rate `rate`: mean and spread of the
 * anode potential between 10% and 70% of the capacity reached, and that
 * capacity (mAh/g). */
static void first_lithiation(double rate, double radius, double *mean, double *spread,
                             double *capacity, double *cryst_end)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.rate_C", rate), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.cv_cutoff_C", 0), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.particle_radius_m", radius), SIASSB_OK);
    siassb_sim *sim = make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, rate), SIASSB_OK);
    ck_assert_int_eq(siassb_sim_set_event(sim, SIASSB_EVENT_VOLTAGE_MIN, -0.61), SIASSB_OK);
    static double rows[400000];
    size_t n = 0;
    int ev = 0;
    while (ev == 0 && n < 200000) {
        int rc = siassb_sim_step(sim, 60.0 / rate, NULL, &ev);
        ck_assert_msg(rc >= 0, "%s", siassb_sim_errmsg(sim));
        rows[2 * n] = out(sim, SIASSB_OUT_SI_CAPACITY_MAH_PER_G);
        rows[2 * n + 1] = out(sim, SIASSB_OUT_ANODE_POTENTIAL_V);
        n++;
    }
    *capacity = rows[2 * (n - 1)];
    double lo = 1e9, hi = -1e9, sum = 0;
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        double q = rows[2 * k], u = rows[2 * k + 1];
        if (q < 0.1 * *capacity || q > 0.7 * *capacity)
            continue;
        lo = fmin(lo, u), hi = fmax(hi, u), sum += u, m++;
    }
    *mean = sum / (double)m;
    *spread = hi - lo;
    *cryst_end = out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}

/* First lithiation of crystalline Si: a flat plateau near 0.10 V vs Li at
 * C/50 (review ref [32], trends L-1); at a high rate or in micron particles
 * the plateau tilts and the capacity above the cut-off falls. */
START_TEST(test_crystalline_first_lithiation)
{
    double mean, spread, q_slow, c_end;
    first_lithiation(0.02, 50e-9, &mean, &spread, &q_slow, &c_end);
    ck_assert_msg(fabs(mean - 0.10) < 0.02 && spread < 0.01, "C/50: %g V mean, %g V spread", mean,
                  spread);
    ck_assert_msg(c_end < 1e-9, "crystalline Si left: %g", c_end);
    ck_assert_msg(fabs(q_slow / 3579.0 - 1) < 0.03, "C/50 capacity %g mAh/g", q_slow);
    double mean_fast, spread_fast, q_fast;
    first_lithiation(2.0, 50e-9, &mean_fast, &spread_fast, &q_fast, &c_end);
    ck_assert_msg(mean_fast < mean - 0.005, "2C plateau %g V not below C/50's %g V", mean_fast, mean);
    double mean_big, spread_big, q_big;
    first_lithiation(0.02, 2.5e-6, &mean_big, &spread_big, &q_big, &c_end);
    ck_assert_msg(mean_big < mean - 0.01 && q_big < 0.9 * q_slow,
                  "5 um particles: %g V, %g mAh/g against %g V, %g mAh/g", mean_big, q_big, mean,
                  q_slow);
    ck_assert_msg(c_end > 0.05, "5 um particles lithiated through: %g crystalline left", c_end);
}
END_TEST

/* a-Si has no crystalline core; a checkpoint taken while the front is half
 * way continues bit for bit. */
START_TEST(test_front_state)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    siassb_sim *sim = make(cell);
    ck_assert_double_eq(out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION), 1.0);
    siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.2);
    step_ok(sim, 3600);
    double f = out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION);
    ck_assert(f > 0.05 && f < 0.95);
    ck_assert(out(sim, SIASSB_OUT_FRONT_POSITION_M) < 50e-9);
    siassb_sim *back = round_trip(sim);
    step_ok(sim, 2000);
    step_ok(back, 2000);
    int keys[] = {SIASSB_OUT_VOLTAGE_V, SIASSB_OUT_CRYSTALLINE_FRACTION, SIASSB_OUT_SI_X_MEAN};
    double va[3], vb[3];
    siassb_sim_outputs(sim, keys, 3, va);
    siassb_sim_outputs(back, keys, 3, vb);
    ck_assert(memcmp(va, vb, sizeof va) == 0);
    siassb_sim_free(back);
    siassb_sim_free(sim);
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    sim = make(cell);
    ck_assert_double_eq(out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION), 0.0);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Charge in mAh/cm2: 1C for half an hour passes half the nominal capacity;
 * of two events in one step the earlier wins; a capacity event lands on its
 * charge. */
START_TEST(test_charge_units_and_event_order)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.nominal_capacity_mAh_per_cm2", 2.0), SIASSB_OK);
    siassb_sim *sim = make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -1.0), SIASSB_OK);
    step_ok(sim, 1800);
    ck_assert_double_eq_tol(out(sim, SIASSB_OUT_CHARGE_MAH_PER_CM2), -1.0, 1e-9);
    /* capacity 0.1 mAh/cm2 more, with a voltage cut-off that comes later */
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -1.0), SIASSB_OK);
    siassb_sim_set_event(sim, SIASSB_EVENT_CAPACITY, 0.1);
    siassb_sim_set_event(sim, SIASSB_EVENT_VOLTAGE_MAX, 4.25);
    int ev = 0;
    ck_assert_int_eq(siassb_sim_step(sim, 3600, NULL, &ev), SIASSB_INFO_EVENT);
    ck_assert_int_eq(ev, SIASSB_EVENT_CAPACITY);
    ck_assert_double_eq_tol(out(sim, SIASSB_OUT_CHARGE_MAH_PER_CM2), -1.1, 1e-4);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A counter electrode that runs out ends the phase it limits, not the
 * phases that refill it: the next delithiation still runs. */
START_TEST(test_counter_runs_out)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set(cell, "counter.thickness_m", 2e-6), SIASSB_OK);
    siassb_sim *sim = make(cell);
    double rows[3 * NCOL];
    size_t ns, nc;
    ck_assert_msg(siassb_sim_run(sim, 3, NULL, 0, 0, NULL, 0, &ns, rows, 3, &nc) == SIASSB_OK, "%s",
                  siassb_sim_errmsg(sim));
    for (size_t c = 0; c < 3; c++)
        ck_assert_msg(rows[c * NCOL + SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G] > 10,
                      "cycle %zu delithiated %g mAh/g", c + 1,
                      rows[c * NCOL + SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G]);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* The checkpoint of sim with one number replaced is refused, naming what. */
static void refuses(siassb_sim *sim, const char *key, const char *value, const char *named)
{
    char path[] = "/tmp/siassb-bad-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    ck_assert_int_eq(siassb_sim_save_checkpoint(sim, path), SIASSB_OK);
    size_t len;
    char *text = test_read_file(path, &len);
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\": ", key);
    char *p = strstr(text, quoted);
    ck_assert_msg(p != NULL, "%s not in the checkpoint", key);
    char *comma = strchr(p, ',');
    ck_assert_ptr_nonnull(comma);
    FILE *f = fopen(path, "w");
    fwrite(text, 1, (size_t)(p - text), f);
    fprintf(f, "%s%s", quoted, value);
    fputs(comma, f);
    fclose(f);
    free(text);
    siassb_sim *back = NULL;
    char err[512];
    ck_assert_int_eq(siassb_sim_open_checkpoint(path, &back, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_ptr_null(back);
    ck_assert_msg(strstr(err, named) != NULL, "%s = %s: %s", key, value, err);
    unlink(path);
}

/* A damaged checkpoint is refused, not run: the integrator's state and the
 * cell mechanics' (a negative pressure, contact outside (0, 1], all Si
 * isolated). */
START_TEST(test_checkpoint_refuses_damage)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    siassb_sim *sim = make(cell);
    refuses(sim, "dt_next", "-1", "dt_next");
    refuses(sim, "cm_pressure", "-1", "cell-mechanics");
    refuses(sim, "cm_contact", "1.5", "cell-mechanics");
    refuses(sim, "cm_isolated", "1", "cell-mechanics");
    refuses(sim, "cm_sei_mol", "1e400", "cell-mechanics");
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Slow lithiation to 10 mV (CC at C/200, then a hold to C/2000) and
 * delithiation at C/200 of a half cell; returns the lithiation capacity and
 * the charge share of the delithiation spent flat at 0.43 V (0.425-0.44 V). */
static void slow_cycle(siassb_cell *cell, double *capacity, double *plateau_share, double *li15)
{
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.rate_C", 0.005), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.cv_cutoff_C", 0.0005), SIASSB_OK);
    siassb_sim *sim = make(cell);
    int keys[] = {SIASSB_OUT_CURRENT_A_PER_M2, SIASSB_OUT_ANODE_POTENTIAL_V,
                  SIASSB_OUT_CHARGE_MAH_PER_CM2, SIASSB_OUT_LI15SI4_FRACTION};
    static double rows[4 * 100000];
    double cyc[NCOL];
    size_t ns, nc;
    ck_assert_msg(siassb_sim_run(sim, 1, keys, 4, 0, rows, 100000, &ns, cyc, 1, &nc) == SIASSB_OK,
                  "%s", siassb_sim_errmsg(sim));
    *capacity = cyc[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G];
    double on = 0, total = 0;
    *li15 = 0;
    for (size_t r = 1; r < ns; r++) {
        *li15 = fmax(*li15, rows[4 * r + 3]);
        if (rows[4 * r] >= 0) /* half cell: delithiation is the charge */
            continue;
        double dq = fabs(rows[4 * r + 2] - rows[4 * (r - 1) + 2]);
        total += dq;
        if (fabs(rows[4 * r + 1] - 0.4325) < 0.0075) /* the plateau is flat */
            on += dq;
    }
    *plateau_share = total > 0 ? on / total : 0;
    siassb_sim_free(sim);
}

/* Li15Si4 (Obrovac & Krause 2007; Hatchard & Dahn 2004): 5 um particles
 * taken slowly to 10 mV reach 3579 mAh/g within 2% and delithiate on the
 * 0.43 V plateau; a 150 nm film forms no Li15Si4 and shows none. */
START_TEST(test_li15si4)
{
    double q, share, f, q_film, share_film, f_film;
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set(cell, "anode.particle_radius_m", 2.5e-6), SIASSB_OK);
    slow_cycle(cell, &q, &share, &f);
    siassb_cell_free(cell);
    cell = film_cell("off");
    ck_assert_int_eq(siassb_cell_set(cell, "anode.thickness_m", 150e-9), SIASSB_OK);
    slow_cycle(cell, &q_film, &share_film, &f_film);
    siassb_cell_free(cell);
    printf("5 um particles: %.1f mAh/g, Li15Si4 %.3f, %.3f of the delithiation flat at 0.43 V\n", q,
           f, share);
    printf("150 nm film: %.1f mAh/g, Li15Si4 %.3f, %.3f of the delithiation at 0.43 V\n", q_film,
           f_film, share_film);
    ck_assert_msg(fabs(q / 3579.0 - 1) < 0.02, "5 um: %g mAh/g", q);
    ck_assert_msg(f > 0.5, "5 um: Li15Si4 fraction %g", f);
    /* a plateau: several times the charge the sloping amorphous branch
     * passes in the same 15 mV window */
    ck_assert_msg(share > 0.15 && share > 5 * share_film, "plateau %g against %g without Li15Si4",
                  share, share_film);
    ck_assert_msg(f_film == 0, "150 nm film formed Li15Si4: %g", f_film);
}
END_TEST

/* A half cell of 1 um a-Si particles on 40 shells with particle stress on:
 * the elastic-stress scenarios below. */
static siassb_cell *asi_particle_cell(void)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.particle_radius_m", 0.5e-6), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "numerics.anode_shells", 40), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.particle_stress", "on"), SIASSB_OK);
    return cell;
}

/* Elastic diffusion-induced stress in a sphere: the surface hoop stress is
 * E/(1 - nu) (mean chemical strain - surface chemical strain), the thermal
 * stress of Timoshenko & Goodier with the chemical strain for the thermal
 * one; early in a slow lithiation of a 1 um a-Si particle (constant E below
 * x = 0.32, stresses well below yield) the engine must reproduce it. */
START_TEST(test_particle_stress_elastic)
{
    siassb_cell *cell = asi_particle_cell();
    siassb_sim *sim = make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.02), SIASSB_OK);
    step_ok(sim, 2000);
    /* one more short step so the recorded stress belongs to this state */
    step_ok(sim, 1e-3);
    double xm = out(sim, SIASSB_OUT_SI_X_MEAN), xs = out(sim, SIASSB_OUT_SI_X_SURFACE);
    ck_assert(xs < 0.32);
    siassb_material *si;
    ck_assert_int_eq(siassb_material_open(db, "a-Si", &si, NULL, 0), SIASSB_OK);
    double E, nu, v0, vl;
    ck_assert(siassb_material_eval(si, "youngs_modulus", 0.1, 298.15, 0, &E, NULL) >= 0);
    ck_assert(siassb_material_eval(si, "poisson_ratio", 0.1, 298.15, 0, &nu, NULL) >= 0);
    ck_assert_int_eq(siassb_material_eval(si, "volume_ratio", 0.0, 298.15, 0, &v0, NULL), SIASSB_OK);
    ck_assert_int_eq(siassb_material_eval(si, "volume_ratio", 1.0, 298.15, 0, &vl, NULL), SIASSB_OK);
    siassb_material_free(si);
    double omega_ratio = vl - v0; /* V/V0 = 1 + omega_ratio x */
    /* small x: ln(1 + a x)/3 ~ a x/3, so the strain difference is linear in x */
    double expect = E * 1e9 / (1 - nu) * omega_ratio / 3.0 * (xm - xs);
    double hoop = out(sim, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
    ck_assert_msg(hoop < 0 && fabs(hoop / expect - 1) < 0.1, "surface hoop %g Pa, analytical %g Pa",
                  hoop, expect);
    printf("1 um a-Si at C/50: surface hoop %.4g Pa, analytical %.4g Pa\n", hoop, expect);
    /* below yield nothing flows */
    ck_assert_double_eq(out(sim, SIASSB_OUT_SURFACE_PLASTIC_STRAIN), 0.0);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* On delithiation the film first unloads elastically and starts to flow in
 * tension at about +1 GPa (Sethuraman et al., J. Power Sources 195 (2010)
 * 5062: "a tensile stress of ca. 1 GPa; subsequently, it deforms
 * plastically"; 30%); the flow stress then evolves with x. The onset is
 * where the stress-composition slope falls to half its elastic value. */
START_TEST(test_film_tensile_flow_onset)
{
    siassb_cell *cell = film_cell("on");
    siassb_sim *sim = make(cell);
    int keys[] = {SIASSB_OUT_CURRENT_A_PER_M2, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA,
                  SIASSB_OUT_SI_X_MEAN};
    static double rows[200000 * 3];
    double cyc[NCOL];
    size_t ns, nc;
    ck_assert_msg(siassb_sim_run(sim, 1, keys, 3, 0, rows, 200000, &ns, cyc, 1, &nc) == SIASSB_OK,
                  "%s", siassb_sim_errmsg(sim));
    size_t start = 0;
    while (start < ns && !(rows[3 * start] < 0))
        start++;
    ck_assert(start + 10 < ns);
    /* elastic slope: over the first 0.01 of x of the delithiation */
    size_t e = start + 1;
    while (e < ns && rows[3 * start + 2] - rows[3 * e + 2] < 0.01)
        e++;
    double elastic = (rows[3 * e + 1] - rows[3 * start + 1]) / (rows[3 * start + 2] - rows[3 * e + 2]);
    ck_assert(elastic > 0);
    double onset = NAN;
    for (size_t r = e, q = e; r < ns; r++) {
        double dx = rows[3 * q + 2] - rows[3 * r + 2];
        if (dx < 0.01)
            continue;
        double slope = (rows[3 * r + 1] - rows[3 * q + 1]) / dx;
        if (slope < 0.5 * elastic) {
            onset = rows[3 * q + 1];
            break;
        }
        q = r;
    }
    printf("200 nm a-Si film: tensile flow starts at %.3g GPa on delithiation (elastic %.3g GPa per x)\n",
           onset / 1e9, elastic / 1e9);
    ck_assert_msg(fabs(onset / 1e9 - 1.0) < 0.3, "tensile flow onset %g GPa", onset / 1e9);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* Anode potential and stresses of a fresh a-Si particle after a 1 s rest
 * under contact pressure p_MPa. */
static void pressed_particle(double p_MPa, double *potential, double *hoop, double *hydro,
                             double *centre)
{
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "a-Si"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.particle_stress", "on"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.particle_contact_pressure_MPa", p_MPa), SIASSB_OK);
    siassb_sim *sim = make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_REST, 0), SIASSB_OK);
    step_ok(sim, 1.0);
    *potential = out(sim, SIASSB_OUT_ANODE_POTENTIAL_V);
    *hoop = out(sim, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
    *hydro = out(sim, SIASSB_OUT_SURFACE_HYDROSTATIC_STRESS_PA);
    *centre = out(sim, SIASSB_OUT_CENTRE_STRESS_PA);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}

/* Mean anode potential over the middle (20-70 %) of the first lithiation and
 * of the first delithiation of the film cell at C/20. */
static void film_branch_means(const char *stress, const char *material, double *lith,
                              double *delith)
{
    siassb_cell *cell = film_cell(stress);
    if (material)
        ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", material),
                         SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.rate_C", 0.05), SIASSB_OK);
    siassb_sim *sim = make(cell);
    int keys[] = {SIASSB_OUT_CURRENT_A_PER_M2, SIASSB_OUT_SI_X_MEAN, SIASSB_OUT_ANODE_POTENTIAL_V};
    static double rows[200000 * 3];
    double cyc[NCOL];
    size_t ns, nc;
    ck_assert_msg(siassb_sim_run(sim, 1, keys, 3, 0, rows, 200000, &ns, cyc, 1, &nc) == SIASSB_OK,
                  "%s", siassb_sim_errmsg(sim));
    double x_top = 0;
    for (size_t r = 0; r < ns; r++)
        x_top = fmax(x_top, rows[3 * r + 1]);
    double sum[2] = {0, 0};
    size_t m[2] = {0, 0};
    for (size_t r = 0; r < ns; r++) {
        double i = rows[3 * r], x = rows[3 * r + 1] / x_top;
        int d = i < 0; /* half cell: a charge delithiates Si */
        if (i != 0 && x > 0.2 && x < 0.7)
            sum[d] += rows[3 * r + 2], m[d]++;
    }
    ck_assert(m[0] > 10 && m[1] > 10);
    *lith = sum[0] / (double)m[0];
    *delith = sum[1] / (double)m[1];
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}

/* The OCV branches carry the flow stress of the electrode they were
 * measured on (ocv_reference_stress flow, MODEL.md section 2): a film that
 * flows at its yield stress sits on them, and only the stress beyond yield
 * (the rate's overstress at C/20, about 5 % of sigma_Y) moves its potential,
 * by a few mV, down on lithiation and up on delithiation. Read as
 * stress-free, the branches would count the flow stress twice: about
 * Omega 2 sigma_Y / (3 F) = 0.09-0.11 V on each branch. */
START_TEST(test_film_on_measured_branches)
{
    double lith_on, delith_on, lith_off, delith_off;
    film_branch_means("on", NULL, &lith_on, &delith_on);
    film_branch_means("off", NULL, &lith_off, &delith_off);
    printf("200 nm a-Si film at C/20, stress on - off: lithiation %+.1f mV, delithiation %+.1f mV\n",
           1e3 * (lith_on - lith_off), 1e3 * (delith_on - delith_off));
    ck_assert_msg(lith_on - lith_off < 0 && lith_on - lith_off > -0.025, "lithiation %+g V",
                  lith_on - lith_off);
    ck_assert_msg(delith_on - delith_off > 0 && delith_on - delith_off < 0.025, "delithiation %+g V",
                  delith_on - delith_off);
}
END_TEST

/* A material that says its OCV branches carry the flow stress and also
 * gives numeric reference stresses is contradictory: the simulation refuses
 * it, naming the material and both keys. */
START_TEST(test_reference_stress_conflict)
{
    static const char conflicting[] =
        TEST_SI_HEAD("both-Si") TEST_SI_FLOWING
        "\"ocv_lithiation_reference_stress_Pa\": {\"value\": -1e9, \"source\": \"test\"},"
        TEST_SI_ONE_BRANCH;
    ck_assert_msg(siassb_db_load_string(db, conflicting, sizeof conflicting - 1, "both.json") ==
                      SIASSB_OK,
                  "%s", siassb_db_errmsg(db));
    siassb_cell *cell = film_cell("on");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "both-Si"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.stack", "off"), SIASSB_OK);
    siassb_sim *sim = NULL;
    char err[512];
    ck_assert_int_eq(siassb_sim_create(cell, &sim, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_ptr_null(sim);
    ck_assert_msg(strstr(err, "both-Si") && strstr(err, "ocv_reference_stress") &&
                      strstr(err, "ocv_*_reference_stress_Pa"),
                  "%s", err);
    /* without the stress model the reference stress is not read: it runs */
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.stress", "off"), SIASSB_OK);
    sim = make(cell);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A material with one measured (lithiation) branch and flow: the branch
 * carries the compressive flow stress in both directions, so a film
 * delithiating at tensile yield sits above it by about
 * Omega 2 (sigma_Y + sigma_Y) / (3 F), the hysteresis the stress makes,
 * while its lithiation stays on the branch. */
START_TEST(test_single_branch_flow)
{
    static const char single[] = TEST_SI_HEAD("single-Si") TEST_SI_FLOWING TEST_SI_ONE_BRANCH;
    ck_assert_msg(siassb_db_load_string(db, single, sizeof single - 1, "single.json") == SIASSB_OK,
                  "%s", siassb_db_errmsg(db));
    double lith_on, delith_on, lith_off, delith_off;
    film_branch_means("on", "single-Si", &lith_on, &delith_on);
    film_branch_means("off", "single-Si", &lith_off, &delith_off);
    double expect = 9.0e-6 * 2.0 / 3.0 * 2.4e9 / 96485.33212;
    printf("one branch with flow, film stress on - off: lithiation %+.1f mV, delithiation %+.1f mV "
           "(2 sigma_Y: %.1f mV)\n",
           1e3 * (lith_on - lith_off), 1e3 * (delith_on - delith_off), 1e3 * expect);
    ck_assert_msg(fabs(lith_on - lith_off) < 0.025, "lithiation %+g V", lith_on - lith_off);
    ck_assert_msg(fabs((delith_on - delith_off) / expect - 1) < 0.3, "delithiation %+g V",
                  delith_on - delith_off);
}
END_TEST

/* The surface turns from two-phase to amorphous when its last crystalline Si
 * converts: the model's potential steps there, by more than any step size
 * resolves when the plateau sits far above the branch it hands over to. The
 * shipped c-Si with its plateau at 0.75 V (inside the key's allowed range)
 * stopped with "the error control could not meet the tolerance" 22 s into
 * its first lithiation; the step is now taken, and the lithiation runs to
 * its end with all the Si converted. */
START_TEST(test_front_handover_step)
{
    size_t len;
    char *text = test_read_file(test_src_path(0, "data/materials/lisi.json"), &len);
    ck_assert_ptr_nonnull(text);
    char *key = strstr(text, "\"two_phase_plateau_V\"");
    ck_assert_ptr_nonnull(key);
    char *value = strstr(key, "\"value\": 0.1,");
    ck_assert_ptr_nonnull(value);
    size_t head = (size_t)(value - text) + strlen("\"value\": 0.1");
    char *edited = malloc(len + 2);
    ck_assert_ptr_nonnull(edited);
    memcpy(edited, text, head - 1); /* up to "0." */
    memcpy(edited + head - 1, "75", 2);
    memcpy(edited + head + 1, text + head, len - head + 1);
    ck_assert_msg(siassb_db_load_string(db, edited, len + 1, "lisi-0.75V.json") == SIASSB_OK, "%s",
                  siassb_db_errmsg(db));
    free(edited);
    free(text);
    siassb_cell *cell = preset("si-lpscl-inli");
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "c-Si"), SIASSB_OK);
    siassb_sim *sim = make(cell);
    double cyc[NCOL];
    size_t ns, nc;
    ck_assert_msg(siassb_sim_run(sim, 1, NULL, 0, 0, NULL, 0, &ns, cyc, 1, &nc) == SIASSB_OK, "%s",
                  siassb_sim_errmsg(sim));
    printf("c-Si with a 0.75 V plateau: first cycle %.0f mAh/g lithiated, %.0f delithiated\n",
           cyc[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G], cyc[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G]);
    ck_assert_double_eq(out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION), 0.0);
    ck_assert_double_gt(cyc[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G], 3000.0);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

/* A solid elastic sphere under surface pressure p is in uniform hydrostatic
 * compression, sigma_r = sigma_theta = -p (Lame), and its potential falls
 * by Omega_Li p / F (0.093 V per GPa): 9.3 mV at 100 MPa. */
START_TEST(test_particle_contact_pressure)
{
    double u0, hoop0, hydro0, centre0, u1, hoop1, hydro1, centre1;
    pressed_particle(0, &u0, &hoop0, &hydro0, &centre0);
    pressed_particle(100, &u1, &hoop1, &hydro1, &centre1);
    ck_assert(fabs(hoop0) < 1 && fabs(centre0) < 1);
    ck_assert_msg(fabs(hoop1 / -1e8 - 1) < 1e-6 && fabs(hydro1 / -1e8 - 1) < 1e-6 &&
                      fabs(centre1 / -1e8 - 1) < 1e-6,
                  "hoop %g, hydrostatic %g, centre %g Pa", hoop1, hydro1, centre1);
    siassb_material *si;
    double omega;
    ck_assert_int_eq(siassb_material_open(db, "a-Si", &si, NULL, 0), SIASSB_OK);
    ck_assert_int_eq(siassb_material_eval(si, "partial_molar_volume_Li_m3_per_mol", 0, 298.15, 0,
                                          &omega, NULL), SIASSB_OK);
    siassb_material_free(si);
    double expect = -omega * 1e8 / 96485.33212;
    ck_assert_msg(fabs((u1 - u0) / expect - 1) < 0.01, "shift %g V, expected %g V", u1 - u0, expect);
}
END_TEST

/* Steps one cycle of the default cell takes (its rows, every step
 * recorded), with particle stress on or off. */
static size_t steps_of_first_cycle(const char *particle_stress)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.particle_stress", particle_stress),
                     SIASSB_OK);
    siassb_sim *sim = make(cell);
    enum { CAP = 20000 };
    static double rows[CAP], cycle_row[32];
    int key = SIASSB_OUT_TIME_S;
    size_t ns = 0, nc = 0;
    int rc = siassb_sim_run(sim, 1, &key, 1, 0, rows, CAP, &ns, cycle_row, 1, &nc);
    ck_assert_msg(rc == SIASSB_OK && nc == 1, "run: %d %s, %zu steps", rc, siassb_sim_errmsg(sim),
                  ns);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return ns;
}

/* The stress shift of the Si potential returns smoothly as the last
 * crystalline Si goes: switched on at once it would jump the potential by
 * tens of mV, which the step control cannot resolve (the cycle then took
 * 1e5 steps instead of 300). */
START_TEST(test_particle_stress_costs_no_steps)
{
    size_t off = steps_of_first_cycle("off"), on = steps_of_first_cycle("on");
    printf("first cycle of the default cell: %zu steps, %zu with particle stress\n", off, on);
    ck_assert_msg(on < 2 * off, "%zu steps with particle stress, %zu without", on, off);
}
END_TEST

/* Surface-minus-mean composition of the elastic-stress scenario above after
 * 2000 s at C/50, with the stress-driven flux on or off. */
static double elastic_gradient(int flux_on, double *x_mean, double *hyst, double *dinv)
{
    siassb_cell *cell = asi_particle_cell();
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.stress_flux", flux_on ? "on" : "off"),
                     SIASSB_OK);
    siassb_sim *sim = make(cell);
    double inv0 = out(sim, SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, 0.02), SIASSB_OK);
    step_ok(sim, 2000);
    *x_mean = out(sim, SIASSB_OUT_SI_X_MEAN);
    *hyst = out(sim, SIASSB_OUT_HYSTERESIS);
    *dinv = out(sim, SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2) / inv0 - 1; /* Si + counter: constant */
    double g = out(sim, SIASSB_OUT_SI_X_SURFACE) - *x_mean;
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return g;
}

/* Stress-driven flux (MODEL.md section 2): Li flows towards tension, down
 * the surface compression of a lithiating sphere. In an elastic sphere
 * sigma_h = (2/3) E/(1 - nu) (mean strain - local strain), so the flux is
 * D (1 + theta) grad x with theta = 2 Omega E omega / (9 (1 - nu) F |dU/dx|),
 * and the frame correction divides D by lambda^2: in the quasi-steady
 * profile the surface excess shrinks by lambda^2 / (1 + theta). Lithium is
 * conserved with the extra flux. */
START_TEST(test_stress_flux_elastic)
{
    double xm_off, h_off, dinv_off, xm_on, h, dinv_on;
    double g_off = elastic_gradient(0, &xm_off, &h_off, &dinv_off);
    double g_on = elastic_gradient(1, &xm_on, &h, &dinv_on);
    ck_assert(g_off > 0 && g_on > 0);
    ck_assert_msg(fabs(xm_on / xm_off - 1) < 1e-9, "same charge: x %g vs %g", xm_on, xm_off);
    ck_assert_msg(fabs(dinv_on) < 1e-12 && fabs(dinv_off) < 1e-12, "inventory changed by %g and %g",
                  dinv_on, dinv_off);
    siassb_material *si;
    ck_assert_int_eq(siassb_material_open(db, "a-Si", &si, NULL, 0), SIASSB_OK);
    double E, nu, v0, vl, omega, u_lo, u_hi;
    ck_assert(siassb_material_eval(si, "youngs_modulus", xm_on, 298.15, 0, &E, NULL) >= 0);
    ck_assert(siassb_material_eval(si, "poisson_ratio", xm_on, 298.15, 0, &nu, NULL) >= 0);
    ck_assert_int_eq(siassb_material_eval(si, "volume_ratio", 0.0, 298.15, 0, &v0, NULL), SIASSB_OK);
    ck_assert_int_eq(siassb_material_eval(si, "volume_ratio", 1.0, 298.15, 0, &vl, NULL), SIASSB_OK);
    ck_assert_int_eq(siassb_material_eval(si, "partial_molar_volume_Li_m3_per_mol", 0, 298.15, 0,
                                          &omega, NULL), SIASSB_OK);
    double dx = 0.01;
    ck_assert(siassb_material_eval(si, "ocv", xm_on - dx, 298.15, h, &u_lo, NULL) >= 0);
    ck_assert(siassb_material_eval(si, "ocv", xm_on + dx, 298.15, h, &u_hi, NULL) >= 0);
    siassb_material_free(si);
    double slope = fabs(u_hi - u_lo) / (2 * dx), omega_ratio = vl - v0;
    double theta = 2 * omega * E * 1e9 * omega_ratio / (9 * (1 - nu) * 96485.33212 * slope);
    double lambda2 = pow(1 + omega_ratio * xm_on, 2.0 / 3.0);
    double expect = lambda2 / (1 + theta), got = g_on / g_off;
    printf("stress flux in 1 um a-Si at x = %.3f: surface excess x %.4g -> %.4g, ratio %.3f, "
           "elastic theory %.3f (theta %.2f)\n", xm_on, g_off, g_on, got, expect, theta);
    ck_assert_msg(fabs(got / expect - 1) < 0.15, "ratio %g, theory %g", got, expect);
}
END_TEST

/* First lithiation of a crystalline sphere: the lithiated shell starts in
 * compression against the core and its surface hoop stress turns tensile as
 * the front moves in (MODEL.md section 3; Liu et al. 2012); a checkpoint
 * with the plastic strains continues bit for bit. */
START_TEST(test_particle_stress_turns_tensile)
{
    siassb_cell *cell = preset("si-lpscl-ncm811");
    ck_assert_int_eq(siassb_cell_set_text(cell, "mechanisms.particle_stress", "on"), SIASSB_OK);
    siassb_sim *sim = make(cell);
    ck_assert_int_eq(siassb_sim_set_mode(sim, SIASSB_MODE_CRATE, -1.0 / 3), SIASSB_OK);
    double first = NAN, last = NAN;
    for (int k = 0; k < 20; k++) {
        step_ok(sim, 300);
        double s = out(sim, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
        if (k == 0)
            first = s;
        last = s;
    }
    ck_assert_msg(first < 0 && last > 0, "surface hoop %g then %g Pa", first, last);
    /* the surface shell flowed in hoop compression while the core held it
     * in, and the later tension has not undone that */
    double hoop_plastic = out(sim, SIASSB_OUT_SURFACE_PLASTIC_STRAIN);
    ck_assert_msg(hoop_plastic < -0.01, "surface hoop plastic strain %g", hoop_plastic);
    ck_assert(out(sim, SIASSB_OUT_CRYSTALLINE_FRACTION) > 0);
    siassb_sim *back = round_trip(sim);
    step_ok(sim, 900);
    step_ok(back, 900);
    double a = out(sim, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
    double b = out(back, SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA);
    ck_assert(memcmp(&a, &b, sizeof a) == 0);
    siassb_sim_free(back);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
}
END_TEST

int main(void)
{
    test_install_failing_gsl_handler();
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("engine");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_failed_calls_leave_state);
    tcase_add_test(tc, test_charge_equals_inventory_change);
    tcase_add_test(tc, test_sphere_textbook);
    tcase_add_test(tc, test_mesh_convergence);
    tcase_add_test(tc, test_rest_relaxes);
    tcase_add_test(tc, test_ohmic_scaling);
    tcase_add_test(tc, test_cutoff_event);
    tcase_add_test(tc, test_checkpoint_continuation);
    tcase_add_test(tc, test_conservation_100_cycles);
    tcase_add_test(tc, test_protocol_rest_and_single_branch);
    tcase_add_test(tc, test_film_stress);
    tcase_add_test(tc, test_film_on_measured_branches);
    tcase_add_test(tc, test_reference_stress_conflict);
    tcase_add_test(tc, test_single_branch_flow);
    tcase_add_test(tc, test_front_handover_step);
    tcase_add_test(tc, test_crystalline_first_lithiation);
    tcase_add_test(tc, test_front_state);
    tcase_add_test(tc, test_charge_units_and_event_order);
    tcase_add_test(tc, test_counter_runs_out);
    tcase_add_test(tc, test_checkpoint_refuses_damage);
    tcase_add_test(tc, test_li15si4);
    tcase_add_test(tc, test_particle_stress_elastic);
    tcase_add_test(tc, test_particle_stress_turns_tensile);
    tcase_add_test(tc, test_stress_flux_elastic);
    tcase_add_test(tc, test_particle_stress_costs_no_steps);
    tcase_add_test(tc, test_particle_contact_pressure);
    tcase_add_test(tc, test_film_tensile_flow_onset);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
