/* The public API through the shared library: status codes and messages,
 * handle lifecycles, database rules, merging, lookups. */
#include "../common.h"

#include <siassb.h>

#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A minimal valid electrolyte, used to build good and bad variants. */
#define ELECTROLYTE(id, extra)                                                                    \
    "{\"format\": \"siassb-materials\", \"format_version\": 1, \"materials\": [{"                 \
    "\"id\": \"" id "\", \"class\": \"electrolyte\", \"aliases\": [\"" id "-alias\"],"            \
    "\"parameters\": {"                                                                           \
    "\"density_kg_per_m3\": {\"value\": 1900, \"source\": \"test\"},"                             \
    "\"conductivity_law\": {\"value\": \"arrhenius\", \"source\": \"test\"},"                     \
    "\"conductivity_ref_S_per_m\": {\"value\": 0.1, \"source\": \"test\"},"                       \
    "\"reference_temperature_K\": {\"value\": 298.15, \"source\": \"test\"},"                     \
    "\"activation_energy_eV\": {\"value\": 0.3, \"source\": \"test\"}" extra "}}]}"

static siassb_db *open_default(void)
{
    siassb_db *db = NULL;
    char err[512];
    int rc = siassb_db_open_default(&db, err, sizeof err);
    ck_assert_msg(rc == SIASSB_OK, "open_default: %s", err);
    ck_assert_ptr_nonnull(db);
    return db;
}

static int load(siassb_db *db, const char *json)
{
    return siassb_db_load_string(db, json, strlen(json), "test.json");
}

/* A fingerprint of the whole database: ids with their JSON. */
static char *db_fingerprint(siassb_db *db)
{
    size_t n, total = 0;
    ck_assert_int_eq(siassb_db_count(db, SIASSB_CLASS_ANY, &n), SIASSB_OK);
    char *out = calloc(1, 1);
    for (size_t i = 0; i < n; i++) {
        const char *id;
        siassb_material *m;
        ck_assert_int_eq(siassb_db_id(db, SIASSB_CLASS_ANY, i, &id), SIASSB_OK);
        ck_assert_int_eq(siassb_material_open(db, id, &m, NULL, 0), SIASSB_OK);
        size_t len;
        ck_assert_int_eq(siassb_material_to_json(m, NULL, 0, &len), SIASSB_E_BUFFER);
        out = realloc(out, total + len + 2);
        ck_assert_int_eq(siassb_material_to_json(m, out + total, len + 1, &len), SIASSB_OK);
        total += len;
        siassb_material_free(m);
    }
    return out;
}

START_TEST(test_version_and_strerror)
{
    ck_assert_str_eq(siassb_version(), SIASSB_VERSION_STRING);
    ck_assert_int_eq(siassb_version_number(), 100);
    const int codes[] = {SIASSB_OK,         SIASSB_INFO_EVENT, SIASSB_INFO_EXTRAPOLATED,
                         SIASSB_INFO_BUFFER_FULL, SIASSB_E_NOMEM, SIASSB_E_ARG,
                         SIASSB_E_RANGE,     SIASSB_E_NOTFOUND, SIASSB_E_IO,
                         SIASSB_E_PARSE,     SIASSB_E_INVALID,  SIASSB_E_BUFFER,
                         SIASSB_E_TYPE,      SIASSB_E_STATE,    SIASSB_E_SOLVER};
    const char *unknown = siassb_strerror(12345);
    ck_assert_ptr_nonnull(unknown);
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        const char *s = siassb_strerror(codes[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_ne(s, unknown);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(s, siassb_strerror(codes[j]));
    }
    /* pinned values: a change here breaks every binding */
    ck_assert_int_eq(SIASSB_E_INVALID, -7);
    ck_assert_int_eq(SIASSB_INFO_EXTRAPOLATED, 2);
}
END_TEST

START_TEST(test_class_names)
{
    const char *names[] = {"lisi", "electrolyte", "cathode", "counter"};
    for (int c = 1; c <= 4; c++) {
        int back = 0;
        ck_assert_str_eq(siassb_class_name(c), names[c - 1]);
        ck_assert_int_eq(siassb_class_from_name(names[c - 1], &back), SIASSB_OK);
        ck_assert_int_eq(back, c);
    }
    int cls = 99;
    ck_assert_str_eq(siassb_class_name(17), "unknown");
    ck_assert_int_eq(siassb_class_from_name("anode", &cls), SIASSB_E_NOTFOUND);
    ck_assert_int_eq(cls, 99);
    ck_assert_int_eq(siassb_class_from_name(NULL, &cls), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_class_from_name("lisi", NULL), SIASSB_E_ARG);
}
END_TEST

START_TEST(test_null_handles)
{
    siassb_db_free(NULL);
    siassb_material_free(NULL);
    ck_assert_ptr_nonnull(siassb_db_errmsg(NULL));
    ck_assert_ptr_nonnull(siassb_material_errmsg(NULL));
    size_t n;
    const char *s;
    double v;
    int i;
    ck_assert_int_eq(siassb_db_count(NULL, 0, &n), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_db_id(NULL, 0, 0, &s), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_db_load_file(NULL, "x"), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_db_load_string(NULL, "{}", 2, NULL), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_get(NULL, "density_kg_per_m3", &v), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_class(NULL, &i), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_id(NULL, &s), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_get_table(NULL, "ocv_V", NULL, NULL, 0, &n), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_db_open_default(NULL, NULL, 0), SIASSB_E_ARG);
    char err[128];
    siassb_db *db = (siassb_db *)&err; /* must be overwritten with NULL */
    ck_assert_int_eq(siassb_db_open_file(NULL, &db, err, sizeof err), SIASSB_E_ARG);
    ck_assert_ptr_null(db);
    ck_assert_msg(strstr(err, "path") != NULL, "message names the argument: %s", err);
    siassb_material *m = (siassb_material *)&err;
    ck_assert_int_eq(siassb_material_open(NULL, "LiPON", &m, err, sizeof err), SIASSB_E_ARG);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(test_default_database)
{
    siassb_db *db = open_default();
    const struct {
        const char *id;
        int cls;
    } expected[] = {{"c-Si", SIASSB_CLASS_LISI},           {"a-Si", SIASSB_CLASS_LISI},
                    {"Li6PS5Cl", SIASSB_CLASS_ELECTROLYTE}, {"LiPON", SIASSB_CLASS_ELECTROLYTE},
                    {"LLZTO", SIASSB_CLASS_ELECTROLYTE},    {"PEO-LiTFSI", SIASSB_CLASS_ELECTROLYTE},
                    {"NCM811", SIASSB_CLASS_CATHODE},       {"LFP", SIASSB_CLASS_CATHODE},
                    {"Li", SIASSB_CLASS_COUNTER},           {"In-Li", SIASSB_CLASS_COUNTER}};
    size_t total = 0, sum = 0;
    ck_assert_int_eq(siassb_db_count(db, SIASSB_CLASS_ANY, &total), SIASSB_OK);
    for (int c = 1; c <= 4; c++) {
        size_t n;
        ck_assert_int_eq(siassb_db_count(db, c, &n), SIASSB_OK);
        ck_assert_uint_gt(n, 0);
        sum += n;
        /* ids come in ascending byte order and all of the class */
        const char *prev = NULL;
        for (size_t i = 0; i < n; i++) {
            const char *id;
            ck_assert_int_eq(siassb_db_id(db, c, i, &id), SIASSB_OK);
            if (prev)
                ck_assert_int_lt(strcmp(prev, id), 0);
            prev = id;
            siassb_material *m;
            int cls;
            ck_assert_int_eq(siassb_material_open(db, id, &m, NULL, 0), SIASSB_OK);
            ck_assert_int_eq(siassb_material_class(m, &cls), SIASSB_OK);
            ck_assert_int_eq(cls, c);
            siassb_material_free(m);
        }
        const char *id;
        ck_assert_int_eq(siassb_db_id(db, c, n, &id), SIASSB_E_RANGE);
        ck_assert_msg(strstr(siassb_db_errmsg(db), "out of range") != NULL, "%s",
                      siassb_db_errmsg(db));
    }
    ck_assert_uint_eq(sum, total);
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        siassb_material *m;
        char err[512];
        int cls;
        ck_assert_msg(siassb_material_open(db, expected[i].id, &m, err, sizeof err) == SIASSB_OK,
                      "%s: %s", expected[i].id, err);
        ck_assert_int_eq(siassb_material_class(m, &cls), SIASSB_OK);
        ck_assert_int_eq(cls, expected[i].cls);
        siassb_material_free(m);
    }
    size_t n;
    ck_assert_int_eq(siassb_db_count(db, 7, &n), SIASSB_E_ARG);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "allowed") != NULL, "%s", siassb_db_errmsg(db));
    siassb_db_free(db);
}
END_TEST

START_TEST(test_lookup_alias_and_hint)
{
    siassb_db *db = open_default();
    siassb_material *a, *b;
    const char *id;
    ck_assert_int_eq(siassb_material_open(db, "LPSCl", &a, NULL, 0), SIASSB_OK);
    ck_assert_int_eq(siassb_material_id(a, &id), SIASSB_OK);
    ck_assert_str_eq(id, "Li6PS5Cl");
    char err[512];
    ck_assert_int_eq(siassb_material_open(db, "lpscl", &b, err, sizeof err), SIASSB_E_NOTFOUND);
    ck_assert_ptr_null(b);
    ck_assert_msg(strstr(err, "lpscl") && strstr(err, "LPSCl"), "hint missing: %s", err);
    /* an owned copy outlives its database */
    siassb_db_free(db);
    double rho;
    ck_assert_int_eq(siassb_material_get(a, "density_kg_per_m3", &rho), SIASSB_OK);
    ck_assert(rho > 1000 && rho < 3000);
    siassb_material_free(a);
}
END_TEST

START_TEST(test_parameter_access)
{
    siassb_db *db = open_default();
    siassb_material *si;
    ck_assert_int_eq(siassb_material_open(db, "c-Si", &si, NULL, 0), SIASSB_OK);
    double v = -1;
    ck_assert_int_eq(siassb_material_get(si, "molar_mass_g_per_mol", &v), SIASSB_OK);
    ck_assert_double_eq_tol(v, 28.0855, 1e-4);
    /* a table read as a scalar is a type error and leaves the output alone */
    v = -1;
    ck_assert_int_eq(siassb_material_get(si, "ocv_lithiation_V", &v), SIASSB_E_TYPE);
    ck_assert_double_eq(v, -1);
    ck_assert_msg(strstr(siassb_material_errmsg(si), "table") != NULL, "%s",
                  siassb_material_errmsg(si));
    ck_assert_int_eq(siassb_material_get(si, "conductivity_ref_S_per_m", &v), SIASSB_E_NOTFOUND);
    ck_assert_int_eq(siassb_material_get(si, NULL, &v), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_get(si, "molar_mass_g_per_mol", NULL), SIASSB_E_ARG);
    /* table sizing: (NULL, NULL, 0, &n) reports the size */
    size_t n = 0;
    ck_assert_int_eq(siassb_material_get_table(si, "ocv_lithiation_V", NULL, NULL, 0, &n),
                     SIASSB_E_BUFFER);
    ck_assert_uint_gt(n, 10);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    size_t n2 = 0;
    ck_assert_int_eq(siassb_material_get_table(si, "ocv_lithiation_V", x, y, n - 1, &n2),
                     SIASSB_E_BUFFER);
    ck_assert_uint_eq(n2, n);
    ck_assert_int_eq(siassb_material_get_table(si, "ocv_lithiation_V", x, y, n, &n2), SIASSB_OK);
    for (size_t i = 1; i < n; i++)
        ck_assert(x[i] > x[i - 1]);
    const char *ab;
    ck_assert_int_eq(siassb_material_table_abscissa(si, "ocv_lithiation_V", &ab), SIASSB_OK);
    ck_assert_str_eq(ab, "x");
    free(x);
    free(y);
    /* every parameter has a kind and a non-empty source */
    size_t np;
    ck_assert_int_eq(siassb_material_param_count(si, &np), SIASSB_OK);
    ck_assert_uint_gt(np, 5);
    for (size_t i = 0; i < np; i++) {
        const char *name, *src;
        int kind, prov;
        ck_assert_int_eq(siassb_material_param_info(si, i, &name, &kind), SIASSB_OK);
        ck_assert(kind >= SIASSB_PARAM_SCALAR && kind <= SIASSB_PARAM_TABLE);
        ck_assert_int_eq(siassb_material_provenance(si, name, &prov, &src), SIASSB_OK);
        ck_assert(prov >= SIASSB_PROVENANCE_SOURCE && prov <= SIASSB_PROVENANCE_FITTED);
        ck_assert_uint_gt(strlen(src), 3);
    }
    const char *name;
    ck_assert_int_eq(siassb_material_param_info(si, np, &name, NULL), SIASSB_E_RANGE);
    siassb_material_free(si);

    siassb_material *e;
    ck_assert_int_eq(siassb_material_open(db, "LLZTO", &e, NULL, 0), SIASSB_OK);
    const char *law;
    ck_assert_int_eq(siassb_material_get_choice(e, "conductivity_law", &law), SIASSB_OK);
    ck_assert_str_eq(law, "arrhenius");
    siassb_material_free(e);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_to_json_round_trip)
{
    siassb_db *db = open_default();
    char *before = db_fingerprint(db);
    size_t n;
    ck_assert_int_eq(siassb_db_count(db, SIASSB_CLASS_ANY, &n), SIASSB_OK);
    /* writing each material out and loading it back changes nothing */
    for (size_t i = 0; i < n; i++) {
        const char *id;
        siassb_material *m;
        ck_assert_int_eq(siassb_db_id(db, SIASSB_CLASS_ANY, i, &id), SIASSB_OK);
        ck_assert_int_eq(siassb_material_open(db, id, &m, NULL, 0), SIASSB_OK);
        size_t len;
        siassb_material_to_json(m, NULL, 0, &len);
        char *json = malloc(len + 1);
        ck_assert_int_eq(siassb_material_to_json(m, json, len + 1, &len), SIASSB_OK);
        ck_assert_msg(load(db, json) == SIASSB_OK, "%s", siassb_db_errmsg(db));
        free(json);
        siassb_material_free(m);
    }
    char *after = db_fingerprint(db);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_merge_adds_and_replaces)
{
    siassb_db *db = open_default();
    size_t n0, n1, n2;
    siassb_db_count(db, SIASSB_CLASS_ANY, &n0);
    ck_assert_int_eq(load(db, ELECTROLYTE("Test-SE", "")), SIASSB_OK);
    siassb_db_count(db, SIASSB_CLASS_ANY, &n1);
    ck_assert_uint_eq(n1, n0 + 1);
    /* replacing LiPON: the new one has no transference number etc. */
    ck_assert_msg(load(db, ELECTROLYTE("LiPON", "")) == SIASSB_OK, "%s", siassb_db_errmsg(db));
    siassb_db_count(db, SIASSB_CLASS_ANY, &n2);
    ck_assert_uint_eq(n2, n1);
    siassb_material *m;
    ck_assert_int_eq(siassb_material_open(db, "LiPON", &m, NULL, 0), SIASSB_OK);
    double sigma;
    ck_assert_int_eq(siassb_material_get(m, "conductivity_ref_S_per_m", &sigma), SIASSB_OK);
    ck_assert_double_eq(sigma, 0.1);
    size_t np;
    siassb_material_param_count(m, &np);
    ck_assert_uint_eq(np, 5); /* replaced whole, not merged key by key */
    siassb_material_free(m);
    /* the alias of the replacement answers, the old alias of LiPON (if any) is gone */
    ck_assert_int_eq(siassb_material_open(db, "LiPON-alias", &m, NULL, 0), SIASSB_OK);
    siassb_material_free(m);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_alias_clash_refused)
{
    siassb_db *db = open_default();
    char *before = db_fingerprint(db);
    /* a new material may not take an existing material's alias as its id */
    const char *clash =
        "{\"format\": \"siassb-materials\", \"format_version\": 1, \"materials\": [{"
        "\"id\": \"X\", \"class\": \"counter\", \"aliases\": [\"LPSCl\"], \"parameters\": {"
        "\"ocv_V\": {\"x\": [0.5], \"y\": [0.0], \"abscissa\": \"sto\", \"source\": \"t\"}}}]}";
    ck_assert_int_eq(load(db, clash), SIASSB_E_INVALID);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "LPSCl") && strstr(siassb_db_errmsg(db), "test.json"),
                  "%s", siassb_db_errmsg(db));
    char *after = db_fingerprint(db);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    siassb_db_free(db);
}
END_TEST

/* Each file of the bad corpus is refused, with a message naming the file,
 * and leaves the database exactly as it was. */
START_TEST(test_bad_corpus_refused)
{
    siassb_db *db = open_default();
    char *before = db_fingerprint(db);
    const char *dir = test_src_path(0, "tests/data/bad");
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[4352];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int rc = siassb_db_load_file(db, path);
        ck_assert_msg(rc == SIASSB_E_INVALID || rc == SIASSB_E_PARSE,
                      "%s: expected refusal, got %d (%s)", e->d_name, rc, siassb_db_errmsg(db));
        ck_assert_msg(strstr(siassb_db_errmsg(db), e->d_name) != NULL,
                      "%s: message does not name the file: %s", e->d_name, siassb_db_errmsg(db));
        files++;
    }
    closedir(d);
    ck_assert_int_ge(files, 30);
    char *after = db_fingerprint(db);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_messages_name_id_and_key)
{
    siassb_db *db = open_default();
    int rc = load(db, ELECTROLYTE("Y", ",\"transference_number\": {\"value\": 1.5, \"source\": \"t\"}"));
    ck_assert_int_eq(rc, SIASSB_E_INVALID);
    const char *msg = siassb_db_errmsg(db);
    ck_assert_msg(strstr(msg, "test.json") && strstr(msg, "'Y'") &&
                      strstr(msg, "transference_number") && strstr(msg, "[0, 1]"),
                  "%s", msg);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_special_files)
{
    siassb_db *db = open_default();
    char *before = db_fingerprint(db);
    ck_assert_int_eq(siassb_db_load_file(db, "/nonexistent/materials.json"), SIASSB_E_IO);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "/nonexistent/materials.json") != NULL, "%s",
                  siassb_db_errmsg(db));
    ck_assert_int_eq(siassb_db_load_file(db, test_src_path(0, "tests/data")), SIASSB_E_INVALID);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "directory") != NULL, "%s", siassb_db_errmsg(db));
    ck_assert_int_eq(siassb_db_load_file(db, "/dev/zero"), SIASSB_E_INVALID);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "regular") != NULL, "%s", siassb_db_errmsg(db));
    /* over 16 MiB: a valid file padded with spaces */
    char path[] = "/tmp/siassb-big-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    const char *json = ELECTROLYTE("Big", "");
    fputs(json, f);
    for (size_t i = 0; i < 16u * 1024u * 1024u; i += 64)
        fputs("                                                                ", f);
    fclose(f);
    ck_assert_int_eq(siassb_db_load_file(db, path), SIASSB_E_INVALID);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "16 MiB") != NULL, "%s", siassb_db_errmsg(db));
    unlink(path);
    char *after = db_fingerprint(db);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_open_file_and_errbuf)
{
    siassb_db *db = NULL;
    char err[512] = "untouched";
    ck_assert_int_eq(siassb_db_open_file(test_src_path(0, "tests/data/good/minimal.json"), &db,
                                         err, sizeof err),
                     SIASSB_OK);
    ck_assert_str_eq(err, "");
    size_t n_def, n;
    siassb_db *def = open_default();
    siassb_db_count(def, SIASSB_CLASS_ANY, &n_def);
    siassb_db_count(db, SIASSB_CLASS_ANY, &n);
    ck_assert_uint_gt(n, n_def);
    siassb_db_free(def);
    siassb_db_free(db);
    /* a bad file: no handle, the message in errbuf, truncated safely */
    db = (siassb_db *)err;
    char tiny[8];
    ck_assert_int_eq(siassb_db_open_file(test_src_path(0, "tests/data/bad/nan.json"), &db, tiny,
                                         sizeof tiny),
                     SIASSB_E_PARSE);
    ck_assert_ptr_null(db);
    ck_assert_uint_eq(strlen(tiny), sizeof tiny - 1);
    ck_assert_int_eq(siassb_db_open_file(test_src_path(0, "tests/data/bad/nan.json"), &db, NULL, 0),
                     SIASSB_E_PARSE);
}
END_TEST

START_TEST(test_load_string_edge_cases)
{
    siassb_db *db = open_default();
    ck_assert_int_eq(siassb_db_load_string(db, NULL, 0, NULL), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_db_load_string(db, "", 0, NULL), SIASSB_E_PARSE);
    /* an embedded NUL inside the length is refused, not read as the end */
    const char *json = ELECTROLYTE("Z", "");
    size_t len = strlen(json);
    char *copy = malloc(len + 2);
    memcpy(copy, json, len);
    copy[len] = '\0';
    copy[len + 1] = ' ';
    ck_assert_int_eq(siassb_db_load_string(db, copy, len + 2, "nul.json"), SIASSB_E_PARSE);
    /* a length shorter than the text is a truncated file */
    ck_assert_int_eq(siassb_db_load_string(db, json, len - 3, "cut.json"), SIASSB_E_PARSE);
    ck_assert_msg(strstr(siassb_db_errmsg(db), "cut.json") != NULL, "%s", siassb_db_errmsg(db));
    ck_assert_int_eq(siassb_db_load_string(db, json, len, NULL), SIASSB_OK);
    ck_assert_str_eq(siassb_db_errmsg(db), "");
    free(copy);
    siassb_db_free(db);
}
END_TEST

START_TEST(test_eval_arguments)
{
    siassb_db *db = open_default();
    siassb_material *si;
    ck_assert_int_eq(siassb_material_open(db, "c-Si", &si, NULL, 0), SIASSB_OK);
    double v = -7;
    const char *unit = NULL;
    ck_assert_int_eq(siassb_material_eval(si, "ocv", NAN, 298.15, -1, &v, &unit), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_eval(si, "ocv", 6.0, 298.15, -1, &v, &unit), SIASSB_E_RANGE);
    ck_assert_msg(strstr(siassb_material_errmsg(si), "0 <= x <= 5") != NULL, "%s",
                  siassb_material_errmsg(si));
    ck_assert_int_eq(siassb_material_eval(si, "ocv", 1.0, 298.15, 1.5, &v, &unit), SIASSB_E_RANGE);
    ck_assert_int_eq(siassb_material_eval(si, "ocv", 1.0, 298.15, INFINITY, &v, &unit),
                     SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_eval(si, "diffusivity", 1.0, -3, 0, &v, &unit), SIASSB_E_RANGE);
    ck_assert_int_eq(siassb_material_eval(si, "conductivity", 1.0, 300, 0, &v, &unit),
                     SIASSB_E_NOTFOUND);
    ck_assert_int_eq(siassb_material_eval(si, NULL, 1.0, 300, 0, &v, &unit), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_eval(si, "ocv", 1.0, 300, 0, NULL, &unit), SIASSB_E_ARG);
    ck_assert_double_eq(v, -7); /* failed calls leave the output alone */
    /* unused arguments are ignored, NaN included */
    ck_assert_int_eq(siassb_material_eval(si, "specific_capacity", 1.0, NAN, NAN, &v, &unit),
                     SIASSB_OK);
    ck_assert_str_eq(unit, "mAh/g");
    /* stored scalars read through the same call, in the unit of their name */
    ck_assert_int_eq(siassb_material_eval(si, "molar_mass_g_per_mol", NAN, NAN, NAN, &v, &unit),
                     SIASSB_OK);
    ck_assert_double_eq_tol(v, 28.0855, 1e-4);
    ck_assert_str_eq(unit, "g/mol");
    size_t n;
    ck_assert_int_eq(siassb_material_property_count(si, &n), SIASSB_OK);
    ck_assert_uint_ge(n, 5);
    const char *name, *depends;
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(siassb_material_property_info(si, i, &name, &unit, &depends), SIASSB_OK);
    ck_assert_int_eq(siassb_material_property_info(si, n, &name, &unit, &depends), SIASSB_E_RANGE);
    ck_assert_int_eq(siassb_material_property_count(NULL, &n), SIASSB_E_ARG);
    ck_assert_int_eq(siassb_material_eval(NULL, "ocv", 1, 300, 0, &v, NULL), SIASSB_E_ARG);
    siassb_material_free(si);

    /* an electrolyte outside its validity range: value written, information code */
    siassb_material *e;
    ck_assert_int_eq(siassb_material_open(db, "LLZTO", &e, NULL, 0), SIASSB_OK);
    v = -1;
    ck_assert_int_eq(siassb_material_eval(e, "conductivity", NAN, 250, NAN, &v, &unit),
                     SIASSB_INFO_EXTRAPOLATED);
    ck_assert(v > 0);
    ck_assert_msg(strstr(siassb_material_errmsg(e), "250 K") != NULL, "%s", siassb_material_errmsg(e));
    ck_assert_int_eq(siassb_material_eval(e, "conductivity", NAN, 320, NAN, &v, &unit), SIASSB_OK);
    ck_assert_str_eq(siassb_material_errmsg(e), "");
    siassb_material_free(e);
    siassb_db_free(db);
}
END_TEST

static Suite *public_suite(void)
{
    Suite *s = suite_create("public");
    TCase *tc = tcase_create("api");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_version_and_strerror);
    tcase_add_test(tc, test_class_names);
    tcase_add_test(tc, test_null_handles);
    tcase_add_test(tc, test_default_database);
    tcase_add_test(tc, test_lookup_alias_and_hint);
    tcase_add_test(tc, test_parameter_access);
    tcase_add_test(tc, test_to_json_round_trip);
    tcase_add_test(tc, test_merge_adds_and_replaces);
    tcase_add_test(tc, test_alias_clash_refused);
    tcase_add_test(tc, test_bad_corpus_refused);
    tcase_add_test(tc, test_messages_name_id_and_key);
    tcase_add_test(tc, test_special_files);
    tcase_add_test(tc, test_open_file_and_errbuf);
    tcase_add_test(tc, test_load_string_edge_cases);
    tcase_add_test(tc, test_eval_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    test_install_failing_gsl_handler();
    SRunner *sr = srunner_create(public_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
