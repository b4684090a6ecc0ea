/* Internals: the embedded database, the key registry, the parser. */
#include "../common.h"

#include "db/embedded.h"
#include "db/keys.h"
#include "db/load.h"
#include "materials/materials.h"
#include "siassb.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(test_embedded_equals_data_files)
{
    ck_assert_uint_eq(siassb__embedded_materials_count, 4);
    for (size_t i = 0; i < siassb__embedded_materials_count; i++) {
        const siassb__embedded_file *f = &siassb__embedded_materials[i];
        char rel[256];
        snprintf(rel, sizeof rel, "data/materials/%s", f->name);
        size_t len;
        char *text = test_read_file(test_src_path(0, rel), &len);
        ck_assert_msg(text != NULL, "cannot read %s", rel);
        ck_assert_uint_eq(len, f->len);
        ck_assert_msg(memcmp(text, f->text, len) == 0, "%s differs from its embedded copy", rel);
        free(text);
        if (i > 0)
            ck_assert_int_lt(strcmp(siassb__embedded_materials[i - 1].name, f->name), 0);
    }
}
END_TEST

START_TEST(test_registry_consistent)
{
    size_t n = siassb__key_count();
    ck_assert_uint_gt(n, 20);
    for (size_t i = 0; i < n; i++) {
        const siassb__key *k = siassb__key_at(i);
        ck_assert_msg((k->required & ~k->classes) == 0, "%s required outside its classes", k->name);
        ck_assert_msg(k->classes && (k->classes & ~SIASSB__MASK_ALL) == 0, "%s classes", k->name);
        ck_assert_msg(k->unit && k->description && k->description[0], "%s undocumented", k->name);
        if (k->kind != SIASSB__KEY_CHOICE)
            ck_assert_msg(k->lo < k->hi, "%s bounds", k->name);
        if (k->kind == SIASSB__KEY_TABLE) {
            double lo, hi;
            int open;
            ck_assert_msg(siassb__abscissa_bounds(k->abscissa, &lo, &hi, &open), "%s abscissa",
                          k->name);
        }
        if (k->kind == SIASSB__KEY_CHOICE)
            ck_assert_msg(k->choices && k->choices[0], "%s has no choices", k->name);
        if (k->when_key) {
            for (int c = 1; c <= 4; c++) {
                if (!(k->classes & (1u << (c - 1))))
                    continue;
                const siassb__key *w = siassb__key_find(k->when_key, c);
                ck_assert_msg(w && w->kind == SIASSB__KEY_CHOICE && siassb__key_choice_ok(w, k->when_value),
                              "%s: condition %s=%s is not a choice of its class", k->name,
                              k->when_key, k->when_value);
            }
        }
        /* one entry per (name, class) */
        for (size_t j = 0; j < i; j++) {
            const siassb__key *o = siassb__key_at(j);
            ck_assert_msg(strcmp(o->name, k->name) != 0 || (o->classes & k->classes) == 0,
                          "%s listed twice for one class", k->name);
        }
    }
    ck_assert_ptr_null(siassb__key_find("density_kg_per_m3", 0));
    ck_assert_ptr_null(siassb__key_find("conductivity_law", SIASSB_CLASS_LISI));
    ck_assert_ptr_nonnull(siassb__key_find("conductivity_law", SIASSB_CLASS_ELECTROLYTE));
    const siassb__key *law = siassb__key_find("conductivity_law", SIASSB_CLASS_ELECTROLYTE);
    ck_assert(siassb__key_choice_ok(law, "vtf"));
    ck_assert(!siassb__key_choice_ok(law, "vt"));
    ck_assert(!siassb__key_choice_ok(law, "arrhenius|vtf"));
}
END_TEST

static int parse(const char *json, char *msg, size_t cap)
{
    siassb__matset set;
    int rc = siassb__parse_materials(json, strlen(json), "t.json", &set, msg, cap);
    siassb__matset_clear(&set);
    return rc;
}

#define WRAP(params)                                                                              \
    "{\"format\": \"siassb-materials\", \"format_version\": 1, \"materials\": [{\"id\": \"C\", "   \
    "\"class\": \"counter\", \"parameters\": {" params "}}]}"

START_TEST(test_parser_rules)
{
    char msg[512];
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [0.62], \"abscissa\": \"sto\", "
                                "\"source\": \"s\"}"),
                           msg, sizeof msg),
                     SIASSB_OK);
    /* a duplicate key deep inside a table object */
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [0.62], \"y\": [0.6], "
                                "\"abscissa\": \"sto\", \"source\": \"s\"}"),
                           msg, sizeof msg),
                     SIASSB_E_INVALID);
    ck_assert_msg(strstr(msg, "duplicate") != NULL, "%s", msg);
    /* 1e400 overflows to inf */
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [1e400], \"abscissa\": \"sto\", "
                                "\"source\": \"s\"}"),
                           msg, sizeof msg),
                     SIASSB_E_INVALID);
    ck_assert_msg(strstr(msg, "finite") != NULL, "%s", msg);
    /* overlong UTF-8 encoding of '/' and a lone surrogate */
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [0.6], \"abscissa\": \"sto\", "
                                "\"source\": \"\xc0\xaf\"}"),
                           msg, sizeof msg),
                     SIASSB_E_PARSE);
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [0.6], \"abscissa\": \"sto\", "
                                "\"source\": \"\xed\xa0\x80\"}"),
                           msg, sizeof msg),
                     SIASSB_E_PARSE);
    ck_assert_msg(strstr(msg, "UTF-8") && strstr(msg, "line 1"), "%s", msg);
    /* valid multi-byte UTF-8 passes (micro sign, en dash, emoji) */
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [0.6], \"abscissa\": \"sto\", "
                                "\"source\": \"\xc2\xb5m \xe2\x80\x93 \xf0\x9f\x94\x8b\"}"),
                           msg, sizeof msg),
                     SIASSB_OK);
    /* assumed and fitted together */
    ck_assert_int_eq(parse(WRAP("\"ocv_V\": {\"x\": [0.5], \"y\": [0.6], \"abscissa\": \"sto\", "
                                "\"source\": \"s\", \"assumed\": true, \"fitted\": {\"to\": "
                                "[\"a\"]}}"),
                           msg, sizeof msg),
                     SIASSB_E_INVALID);
    /* deep nesting is refused, not recursed into without bound */
    char deep[4096];
    size_t k = (size_t)snprintf(deep, sizeof deep, "%s", "{\"format\": ");
    for (int i = 0; i < 200; i++)
        deep[k++] = '[';
    for (int i = 0; i < 200; i++)
        deep[k++] = ']';
    snprintf(deep + k, sizeof deep - k, "}");
    ck_assert_int_ne(parse(deep, msg, sizeof msg), SIASSB_OK);
}
END_TEST

/* The stress-potential coupling Omega_Li sigma_h / F with the database's
 * partial molar volume of Li gives the measured 0.093 V per GPa of
 * hydrostatic stress (pointers.md; Sethuraman et al., J. Electrochem. Soc.
 * 157 (2010) A1253), within 5%; compression lowers the potential. */
START_TEST(test_stress_potential_coupling)
{
    siassb__matset set;
    char msg[512];
    size_t len;
    char *text = test_read_file(test_src_path(0, "data/materials/lisi.json"), &len);
    ck_assert_int_eq(siassb__parse_materials(text, len, "lisi.json", &set, msg, sizeof msg), SIASSB_OK);
    free(text);
    for (size_t i = 0; i < set.n; i++) {
        double omega = siassb__material_param(set.mats[i], "partial_molar_volume_Li_m3_per_mol")->value;
        double dv = siassb__stress_potential_shift(omega, 1e9, 0.0);
        ck_assert_msg(fabs(dv / 0.093 - 1) < 0.05, "%s: %g V per GPa", set.mats[i]->id, dv);
        ck_assert(siassb__stress_potential_shift(omega, -1e9, 0.0) < 0);
    }
    siassb__matset_clear(&set);
    /* the film stress update: elastic below yield, flow at yield (slow), overstress when fast */
    double M = 100e9, Y = 1e9;
    ck_assert_double_eq_tol(siassb__film_stress_step(0, M, 0.001, 1, Y, 1e-5, 4), -1e8, 1);
    double slow = siassb__film_stress_step(-Y, M, 1e-6, 100, Y, 1e-5, 4); /* rate 1e-8/s */
    double fast = siassb__film_stress_step(-Y, M, 1e-3, 100, Y, 1e-5, 4); /* rate 1e-5/s */
    ck_assert(slow < -Y && slow > -1.01 * Y);
    ck_assert(fast < slow && fast > -1.3 * Y);
}
END_TEST

static Suite *unit_suite(void)
{
    Suite *s = suite_create("internal");
    TCase *tc = tcase_create("db");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_embedded_equals_data_files);
    tcase_add_test(tc, test_registry_consistent);
    tcase_add_test(tc, test_parser_rules);
    tcase_add_test(tc, test_stress_potential_coupling);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    test_install_failing_gsl_handler();
    SRunner *sr = srunner_create(unit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
