/* Cells through the public API: presets, the parameter registry, range
 * checks, cell JSON round trips and refusals, N/P and the energy budget. */
#include "../common.h"

#include <siassb.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static siassb_db *open_db(void)
{
    siassb_db *db = NULL;
    char err[512];
    int rc = siassb_db_open_default(&db, err, sizeof err);
    ck_assert_msg(rc == SIASSB_OK, "open_default: %s", err);
    return db;
}

static siassb_cell *open_preset(siassb_db *db, const char *name)
{
    siassb_cell *cell = NULL;
    char err[512];
    int rc = siassb_cell_open_preset(db, name, &cell, err, sizeof err);
    ck_assert_msg(rc == SIASSB_OK, "open_preset %s: %s", name, err);
    ck_assert_ptr_nonnull(cell);
    return cell;
}

static char *to_json(siassb_cell *cell)
{
    size_t len;
    ck_assert_int_eq(siassb_cell_to_json(cell, NULL, 0, &len), SIASSB_E_BUFFER);
    char *buf = malloc(len + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(siassb_cell_to_json(cell, buf, len + 1, &len), SIASSB_OK);
    ck_assert_uint_eq(strlen(buf), len);
    return buf;
}

static int open_json(siassb_db *db, const char *json, siassb_cell **out, char *err, size_t cap)
{
    return siassb_cell_open_string(db, json, strlen(json), out, err, cap);
}

/* data/cells/si-lpscl-ncm811.json with `from` replaced by `to` (first occurrence). */
static char *edited_preset(const char *from, const char *to)
{
    char *json = test_read_file(test_src_path(1, "data/cells/si-lpscl-ncm811.json"), NULL);
    ck_assert_ptr_nonnull(json);
    char *at = strstr(json, from);
    ck_assert_msg(at != NULL, "'%s' not in the preset file", from);
    size_t n = strlen(json) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    ck_assert_ptr_nonnull(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - json), json, to, at + strlen(from));
    free(json);
    return out;
}

static void energy(siassb_cell *cell, double *whkg, double *whl)
{
    int rc = siassb_cell_energy(cell, whkg, whl);
    ck_assert_msg(rc == SIASSB_OK, "energy: %s", siassb_cell_errmsg(cell));
    ck_assert(isfinite(*whkg) && isfinite(*whl));
}

START_TEST(test_presets_open)
{
    siassb_db *db = open_db();
    size_t n;
    ck_assert_int_eq(siassb_preset_count(&n), SIASSB_OK);
    ck_assert_uint_ge(n, 2);
    int seen_default = 0, seen_inli = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name, *desc;
        ck_assert_int_eq(siassb_preset_info(i, &name, &desc), SIASSB_OK);
        ck_assert(strlen(desc) > 20);
        /* the preset's name is its file name in data/cells */
        char rel[256];
        snprintf(rel, sizeof rel, "data/cells/%s.json", name);
        char err[512];
        siassb_cell *from_file = NULL;
        ck_assert_msg(siassb_cell_open_file(db, test_src_path(0, rel), &from_file, err,
                                            sizeof err) == SIASSB_OK,
                      "%s: %s", rel, err);
        siassb_cell *cell = open_preset(db, name);
        char *a = to_json(cell), *b = to_json(from_file);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
        siassb_cell_free(from_file);
        /* a full cell stores energy; a Si half cell's budget is of the
         * counter-electrode cell and need not be positive */
        double whkg, whl;
        energy(cell, &whkg, &whl);
        const char *kind;
        ck_assert_int_eq(siassb_cell_get_text(cell, "cell.kind", &kind), SIASSB_OK);
        if (strcmp(kind, "full") == 0)
            ck_assert_msg(whkg > 0 && whl > 0, "%s: %g Wh/kg, %g Wh/L", name, whkg, whl);
        else
            ck_assert(isfinite(whkg) && isfinite(whl));
        siassb_cell_free(cell);
        seen_default |= strcmp(name, "si-lpscl-ncm811") == 0;
        seen_inli |= strcmp(name, "si-lpscl-inli") == 0;
    }
    ck_assert(seen_default && seen_inli);
    ck_assert_int_eq(siassb_preset_info(n, NULL, NULL), SIASSB_E_RANGE);
    siassb_cell *cell = (siassb_cell *)1;
    char err[512];
    ck_assert_int_eq(siassb_cell_open_preset(db, "no-such-cell", &cell, err, sizeof err),
                     SIASSB_E_NOTFOUND);
    ck_assert_ptr_null(cell);
    ck_assert_ptr_nonnull(strstr(err, "si-lpscl-ncm811"));
    ck_assert_int_eq(siassb_cell_open_preset(NULL, "si-lpscl-ncm811", &cell, NULL, 0),
                     SIASSB_E_ARG);
    /* the half cell: In-Li counter, cut-offs of DESIGN.md */
    cell = open_preset(db, "si-lpscl-inli");
    const char *s;
    double v;
    ck_assert_int_eq(siassb_cell_get_text(cell, "cell.kind", &s), SIASSB_OK);
    ck_assert_str_eq(s, "half");
    ck_assert_int_eq(siassb_cell_get_text(cell, "counter.material", &s), SIASSB_OK);
    ck_assert_str_eq(s, "In-Li");
    ck_assert_int_eq(siassb_cell_get(cell, "protocol.vmin_V", &v), SIASSB_OK);
    ck_assert_double_eq(v, -0.61);
    ck_assert_int_eq(siassb_cell_get(cell, "protocol.vmax_V", &v), SIASSB_OK);
    ck_assert_double_eq(v, 0.38);
    siassb_cell_free(cell);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_registry_round_trip)
{
    siassb_db *db = open_db();
    siassb_cell *cell = open_preset(db, "si-lpscl-ncm811");
    size_t n;
    ck_assert_int_eq(siassb_cell_param_count(&n), SIASSB_OK);
    ck_assert_uint_ge(n, 40);
    for (size_t i = 0; i < n; i++) {
        const char *name, *unit, *choices, *desc;
        int kind;
        double def, lo, hi;
        ck_assert_int_eq(siassb_cell_param_info(i, &name, &unit, &kind, &def, &lo, &hi, &choices,
                                                &desc),
                         SIASSB_OK);
        ck_assert(desc[0] != '\0');
        if (kind == SIASSB_CELL_PARAM_NUMBER || kind == SIASSB_CELL_PARAM_INTEGER) {
            ck_assert(lo <= def && def <= hi);
            double probes[3] = {lo, hi, kind == SIASSB_CELL_PARAM_INTEGER ? floor((lo + hi) / 2)
                                                                          : (lo + hi) / 2};
            for (int k = 0; k < 3; k++) {
                double got;
                ck_assert_msg(siassb_cell_set(cell, name, probes[k]) == SIASSB_OK, "%s: %s", name,
                              siassb_cell_errmsg(cell));
                ck_assert_int_eq(siassb_cell_get(cell, name, &got), SIASSB_OK);
                ck_assert_double_eq(got, probes[k]);
            }
            ck_assert_int_eq(siassb_cell_set(cell, name, def), SIASSB_OK);
            const char *t;
            ck_assert_int_eq(siassb_cell_get_text(cell, name, &t), SIASSB_E_TYPE);
        } else if (kind == SIASSB_CELL_PARAM_CHOICE) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", choices);
            int k = 0;
            for (char *w = strtok(buf, "|"); w; w = strtok(NULL, "|"), k++) {
                const char *got;
                double idx;
                ck_assert_int_eq(siassb_cell_set_text(cell, name, w), SIASSB_OK);
                ck_assert_msg(siassb_cell_get_text(cell, name, &got) == SIASSB_OK, "%s: %s", name,
                              siassb_cell_errmsg(cell));
                ck_assert_str_eq(got, w);
                ck_assert_int_eq(siassb_cell_get(cell, name, &idx), SIASSB_OK);
                ck_assert_double_eq(idx, k);
            }
            ck_assert_int_eq(siassb_cell_set_text(cell, name, "no-such-word"), SIASSB_E_RANGE);
            ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), choices));
            ck_assert_int_eq(siassb_cell_set(cell, name, 0), SIASSB_E_TYPE);
        } else {
            ck_assert_int_eq(kind, SIASSB_CELL_PARAM_MATERIAL);
            int cls;
            ck_assert_int_eq(siassb_class_from_name(choices, &cls), SIASSB_OK);
            const char *id, *got;
            ck_assert_int_eq(siassb_db_id(db, cls, 0, &id), SIASSB_OK);
            ck_assert_int_eq(siassb_cell_set_material(cell, db, name, id), SIASSB_OK);
            ck_assert_int_eq(siassb_cell_get_text(cell, name, &got), SIASSB_OK);
            ck_assert_str_eq(got, id);
            double v;
            ck_assert_int_eq(siassb_cell_get(cell, name, &v), SIASSB_E_TYPE);
        }
    }
    ck_assert_int_eq(siassb_cell_param_info(n, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     SIASSB_E_RANGE);
    double v;
    ck_assert_int_eq(siassb_cell_get(cell, "no.such_param", &v), SIASSB_E_NOTFOUND);
    ck_assert_int_eq(siassb_cell_get(NULL, "temperature_K", &v), SIASSB_E_ARG);
    siassb_cell_free(cell);
    siassb_cell_free(NULL);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_out_of_range_refused)
{
    siassb_db *db = open_db();
    siassb_cell *cell = open_preset(db, "si-lpscl-ncm811");
    char *before = to_json(cell);
    ck_assert_int_eq(siassb_cell_set(cell, "separator.thickness_m", 30), SIASSB_E_RANGE);
    const char *msg = siassb_cell_errmsg(cell);
    ck_assert_msg(strstr(msg, "separator.thickness_m") && strstr(msg, "30") &&
                      strstr(msg, "1e-08 to 0.005 m"),
                  "message: %s", msg);
    ck_assert_int_eq(siassb_cell_set(cell, "anode.porosity", NAN), SIASSB_E_ARG);
    ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), "anode.porosity"));
    ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), "0 to 0.8"));
    ck_assert_int_eq(siassb_cell_set(cell, "temperature_K", INFINITY), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_cell_set(cell, "protocol.cycles", 2.5), SIASSB_E_RANGE);
    ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), "whole"));
    ck_assert_int_eq(siassb_cell_set(cell, "fixture.mode", 1), SIASSB_E_TYPE);
    /* wrong material class */
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "anode.active_material", "NCM811"),
                     SIASSB_E_TYPE);
    ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), "lisi"));
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "separator.material", "no-such-id"),
                     SIASSB_E_NOTFOUND);
    char *after = to_json(cell);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    /* a success clears the message */
    ck_assert_int_eq(siassb_cell_set(cell, "separator.thickness_m", 3e-5), SIASSB_OK);
    ck_assert_str_eq(siassb_cell_errmsg(cell), "");
    siassb_cell_free(cell);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_json_round_trip)
{
    siassb_db *db = open_db();
    const char *names[] = {"si-lpscl-ncm811", "si-lpscl-inli"};
    for (int p = 0; p < 2; p++) {
        siassb_cell *cell = open_preset(db, names[p]);
        ck_assert_int_eq(siassb_cell_set(cell, "separator.thickness_m", 1.0 / 3.0 * 1e-4),
                         SIASSB_OK);
        ck_assert_int_eq(siassb_cell_set_text(cell, "fixture.mode", "finite_stiffness"), SIASSB_OK);
        char *a = to_json(cell);
        siassb_cell *back = NULL;
        char err[512];
        ck_assert_msg(open_json(db, a, &back, err, sizeof err) == SIASSB_OK, "%s", err);
        char *b = to_json(back);
        ck_assert_str_eq(a, b);
        size_t n;
        siassb_cell_param_count(&n);
        for (size_t i = 0; i < n; i++) {
            const char *name;
            int kind;
            siassb_cell_param_info(i, &name, NULL, &kind, NULL, NULL, NULL, NULL, NULL);
            if (kind == SIASSB_CELL_PARAM_MATERIAL) {
                const char *x = NULL, *y = NULL;
                int rx = siassb_cell_get_text(cell, name, &x), ry = siassb_cell_get_text(back, name, &y);
                ck_assert_int_eq(rx, ry);
                if (rx == SIASSB_OK)
                    ck_assert_str_eq(x, y);
            } else {
                double x, y;
                ck_assert_int_eq(siassb_cell_get(cell, name, &x), SIASSB_OK);
                ck_assert_int_eq(siassb_cell_get(back, name, &y), SIASSB_OK);
                ck_assert_msg(x == y, "%s: %.17g != %.17g", name, x, y);
            }
        }
        free(a);
        free(b);
        siassb_cell_free(back);
        siassb_cell_free(cell);
    }
    siassb_db_free(db);
}
END_TEST

START_TEST(test_np_ratio_and_budget)
{
    siassb_db *db = open_db();
    siassb_cell *cell = open_preset(db, "si-lpscl-ncm811");
    /* N/P from the public API: Si mass (anode composite layer x Si fraction)
     * x 3579 mAh/g over the cathode loading x NCM811's practical capacity */
    size_t n;
    ck_assert_int_eq(siassb_cell_layer_count(cell, &n), SIASSB_OK);
    ck_assert_uint_eq(n, 5);
    double anode_mass = NAN, total_mass = 0, total_t = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name;
        double t, m;
        ck_assert_int_eq(siassb_cell_layer_info(cell, i, &name, &t, &m), SIASSB_OK);
        ck_assert(t >= 0 && m >= 0);
        if (strcmp(name, "anode composite") == 0)
            anode_mass = m;
        total_mass += m;
        total_t += t;
    }
    ck_assert_int_eq(siassb_cell_layer_info(cell, n, NULL, NULL, NULL), SIASSB_E_RANGE);
    double w_si, loading, q_cat, whkg, whl;
    ck_assert_int_eq(siassb_cell_get(cell, "anode.si_mass_fraction", &w_si), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_get(cell, "cathode.loading_kg_per_m2", &loading), SIASSB_OK);
    siassb_material *ncm;
    ck_assert_int_eq(siassb_material_open(db, "NCM811", &ncm, NULL, 0), SIASSB_OK);
    ck_assert_int_eq(siassb_material_get(ncm, "specific_capacity_mAh_per_g", &q_cat), SIASSB_OK);
    siassb_material_free(ncm);
    double np = w_si * anode_mass * 3579.0 / (loading * q_cat);
    ck_assert_msg(np >= 1.1 && np <= 1.2, "N/P = %g", np);
    /* layer masses add up to the total the budget divides by */
    energy(cell, &whkg, &whl);
    double wh_per_m2 = whkg * total_mass;
    ck_assert_double_eq_tol(wh_per_m2, whl * 1000.0 * total_t, 1e-9 * wh_per_m2);
    /* 2.0 mAh/cm2 at a mean OCV difference of 3-4 V: 60-80 Wh/m2 */
    ck_assert_msg(wh_per_m2 > 60 && wh_per_m2 < 80, "%g Wh/m2", wh_per_m2);

    /* a thicker separator lowers both */
    ck_assert_int_eq(siassb_cell_set(cell, "separator.thickness_m", 2e-4), SIASSB_OK);
    double whkg2, whl2;
    energy(cell, &whkg2, &whl2);
    ck_assert(whkg2 < whkg && whl2 < whl);
    /* a 30 m separator is refused and changes nothing */
    ck_assert_int_eq(siassb_cell_set(cell, "separator.thickness_m", 30), SIASSB_E_RANGE);
    double whkg3, whl3;
    energy(cell, &whkg3, &whl3);
    ck_assert_double_eq(whkg3, whkg2);
    ck_assert_double_eq(whl3, whl2);

    /* inconsistent designs are refused by the budget with the reason */
    ck_assert_int_eq(siassb_cell_set(cell, "anode.si_mass_fraction", 0.95), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_energy(cell, &whkg3, &whl3), SIASSB_E_INVALID);
    ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), "exceeds 1"));
    ck_assert_int_eq(siassb_cell_set(cell, "anode.si_mass_fraction", 0.6), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_set_text(cell, "cell.kind", "half"), SIASSB_OK);
    ck_assert_int_eq(siassb_cell_energy(cell, &whkg3, &whl3), SIASSB_E_INVALID);
    ck_assert_ptr_nonnull(strstr(siassb_cell_errmsg(cell), "counter.material"));
    ck_assert_int_eq(siassb_cell_set_material(cell, db, "counter.material", "In-Li"), SIASSB_OK);
    energy(cell, &whkg3, &whl3);
    siassb_cell_free(cell);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_bad_json_refused)
{
    siassb_db *db = open_db();
    struct {
        const char *from, *to, *expect;
    } cases[] = {
        {"\"parameters\": {", "\"parameters\": {\"anode.colour\": {\"value\": 1, \"source\": \"x\"}, ",
         "anode.colour"},
        {"\"parameters\": {", "\"parameters\": {\"separator.thickness_m\": {\"value\": 1e-5, "
                              "\"source\": \"x\"}, ", "duplicate"},
        {"\"format\": \"siassb-cell\"", "\"format\": \"siassb-cell\", \"colour\": 1", "colour"},
        {"\"format_version\": 1", "\"format_version\": NaN", "NaN"},
        {"\"value\": 5e-05", "\"value\": 1e400", "finite"},
        {"\"value\": 5e-05", "\"value\": 30", "1e-08 to 0.005 m"},
        {"\"value\": 5e-05", "\"value\": \"50 um\"", "number"},
        {"\"value\": \"c-Si\"", "\"value\": \"NCM811\"", "lisi"},
        {"\"value\": \"fixed_gap\"", "\"value\": \"bolted\"", "constant_pressure"},
        {"\"value\": 0.6,", "\"value\": 0.95,", "exceeds 1"},
        {"\"value\": \"NCM811\",", "\"valu\": \"NCM811\",", "valu"},
        {"\"assumed\": true", "\"assumed\": false", "assumed"},
        {"\"format\": \"siassb-cell\"", "\"format\": \"siassb-materials\"", "siassb-cell"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *json = edited_preset(cases[i].from, cases[i].to);
        siassb_cell *cell = (siassb_cell *)1;
        char err[512] = "";
        int rc = open_json(db, json, &cell, err, sizeof err);
        ck_assert_msg(rc < 0, "case %zu accepted", i);
        ck_assert_ptr_null(cell);
        ck_assert_msg(strstr(err, cases[i].expect) != NULL, "case %zu: '%s' lacks '%s'", i, err,
                      cases[i].expect);
        free(json);
    }
    /* a value without a source; an unknown field in an entry */
    siassb_cell *cell = NULL;
    char err[512];
    const char *nosource = "{\"format\": \"siassb-cell\", \"format_version\": 1, \"parameters\": {"
                           "\"temperature_K\": {\"value\": 300}}}";
    ck_assert_int_eq(open_json(db, nosource, &cell, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_msg(strstr(err, "source") != NULL, "%s", err);
    char *json = edited_preset("\"value\": 5e-05,", "\"value\": 5e-05, \"x\": 1,");
    ck_assert_int_eq(open_json(db, json, &cell, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_msg(strstr(err, "unknown field 'x'") != NULL, "%s", err);
    free(json);
    /* a full cell without a cathode */
    const char *bare = "{\"format\": \"siassb-cell\", \"format_version\": 1, \"parameters\": {"
                       "\"anode.active_material\": {\"value\": \"c-Si\", \"source\": \"t\"},"
                       "\"anode.electrolyte\": {\"value\": \"LPSCl\", \"source\": \"t\"},"
                       "\"separator.material\": {\"value\": \"Li6PS5Cl\", \"source\": \"t\"}}}";
    ck_assert_int_eq(open_json(db, bare, &cell, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_msg(strstr(err, "cathode.material") != NULL, "%s", err);
    /* the same as a half cell needs a counter electrode, and opens with one */
    char half[1024];
    snprintf(half, sizeof half, "%.*s, \"cell.kind\": {\"value\": \"half\", \"source\": \"t\"}}}",
             (int)(strlen(bare) - 2), bare);
    ck_assert_int_eq(open_json(db, half, &cell, err, sizeof err), SIASSB_E_INVALID);
    ck_assert_msg(strstr(err, "counter.material") != NULL, "%s", err);
    snprintf(half, sizeof half, "%.*s, \"cell.kind\": {\"value\": \"half\", \"source\": \"t\"}, "
             "\"counter.material\": {\"value\": \"Li\", \"source\": \"t\"}}}",
             (int)(strlen(bare) - 2), bare);
    ck_assert_msg(open_json(db, half, &cell, err, sizeof err) == SIASSB_OK, "%s", err);
    const char *id;
    ck_assert_int_eq(siassb_cell_get_text(cell, "anode.electrolyte", &id), SIASSB_OK);
    ck_assert_str_eq(id, "Li6PS5Cl"); /* the alias resolved to the id */
    ck_assert_int_eq(siassb_cell_get_text(cell, "cathode.material", &id), SIASSB_E_NOTFOUND);
    siassb_cell_free(cell);
    ck_assert_int_eq(siassb_cell_open_file(db, "/nonexistent/cell.json", &cell, err, sizeof err),
                     SIASSB_E_IO);
    ck_assert_int_eq(siassb_cell_open_string(db, "{}", 2, &cell, NULL, 0), SIASSB_E_INVALID);
    siassb_db_free(db);
}
END_TEST

static Suite *cell_suite(void)
{
    Suite *s = suite_create("cell");
    TCase *tc = tcase_create("cell");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_presets_open);
    tcase_add_test(tc, test_registry_round_trip);
    tcase_add_test(tc, test_out_of_range_refused);
    tcase_add_test(tc, test_json_round_trip);
    tcase_add_test(tc, test_np_ratio_and_budget);
    tcase_add_test(tc, test_bad_json_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    test_install_failing_gsl_handler();
    SRunner *sr = srunner_create(cell_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
