/* Thousands of mutated database files: each is either accepted or refused
 * with a message, never crashes, and a refusal leaves the database as it was. */
#include "../common.h"

#include <siassb.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
    /* xorshift64*: deterministic, so a failure reproduces */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

static const char specials[] = "{}[]\",:0123456789.eE+-tfnul \\\n\x80\xff";

static size_t mutate(char *buf, size_t len, size_t cap)
{
    size_t pos = len ? (size_t)(rng() % len) : 0;
    switch (rng() % 5) {
    case 0: /* replace a byte */
        if (len)
            buf[pos] = specials[rng() % (sizeof specials - 1)];
        return len;
    case 1: /* truncate */
        return pos;
    case 2: /* delete a span */
    {
        size_t span = 1 + (size_t)(rng() % 16);
        if (pos + span > len)
            span = len - pos;
        memmove(buf + pos, buf + pos + span, len - pos - span);
        return len - span;
    }
    case 3: /* insert a byte */
        if (len + 1 > cap)
            return len;
        memmove(buf + pos + 1, buf + pos, len - pos);
        buf[pos] = specials[rng() % (sizeof specials - 1)];
        return len + 1;
    default: /* duplicate a span (duplicate keys, repeated elements) */
    {
        size_t span = 1 + (size_t)(rng() % 64);
        if (pos + span > len)
            span = len - pos;
        if (len + span > cap)
            return len;
        memmove(buf + pos + span, buf + pos, len - pos);
        return len + span;
    }
    }
}

START_TEST(test_mutated_files)
{
    const char *files[] = {"data/materials/cathodes.json", "data/materials/counter.json",
                           "data/materials/electrolytes.json", "data/materials/lisi.json",
                           "tests/data/good/minimal.json"};
    siassb_db *db;
    char err[512];
    ck_assert_int_eq(siassb_db_open_default(&db, err, sizeof err), SIASSB_OK);
    size_t n0;
    siassb_db_count(db, SIASSB_CLASS_ANY, &n0);
    int accepted = 0, refused = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        size_t len;
        char *orig = test_read_file(test_src_path(0, files[f]), &len);
        ck_assert_ptr_nonnull(orig);
        size_t cap = len + 4096;
        char *buf = malloc(cap);
        for (int iter = 0; iter < 2000; iter++) {
            memcpy(buf, orig, len);
            size_t n = len;
            int rounds = 1 + (int)(rng() % 3);
            for (int r = 0; r < rounds; r++)
                n = mutate(buf, n, cap);
            siassb_db *scratch;
            ck_assert_int_eq(siassb_db_open_default(&scratch, NULL, 0), SIASSB_OK);
            size_t before;
            siassb_db_count(scratch, SIASSB_CLASS_ANY, &before);
            int rc = siassb_db_load_string(scratch, buf, n, "mutant.json");
            if (rc == SIASSB_OK) {
                accepted++;
            } else {
                refused++;
                ck_assert_msg(rc == SIASSB_E_PARSE || rc == SIASSB_E_INVALID, "status %d", rc);
                ck_assert_msg(strstr(siassb_db_errmsg(scratch), "mutant.json") != NULL, "%s",
                              siassb_db_errmsg(scratch));
                size_t after;
                siassb_db_count(scratch, SIASSB_CLASS_ANY, &after);
                ck_assert_uint_eq(after, before);
            }
            siassb_db_free(scratch);
        }
        free(buf);
        free(orig);
    }
    printf("mutants: %d accepted, %d refused\n", accepted, refused);
    ck_assert_int_gt(refused, accepted); /* most random damage must be caught */
    size_t n1;
    siassb_db_count(db, SIASSB_CLASS_ANY, &n1);
    ck_assert_uint_eq(n0, n1);
    siassb_db_free(db);
}
END_TEST

int main(void)
{
    test_install_failing_gsl_handler();
    Suite *s = suite_create("slow");
    TCase *tc = tcase_create("fuzz");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_mutated_files);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
