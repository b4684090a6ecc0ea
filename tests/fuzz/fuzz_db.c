/* libFuzzer harness: any bytes as a database file. The loader must refuse or
 * accept without crashing, leaking or reading out of bounds, and a refusal
 * must leave the database unchanged.
 * Build: CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
 * Run:   build-fuzz/tests/fuzz_db -max_total_time=60 tests/data/good tests/data/bad */
#include <siassb.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static siassb_db *db;
    if (!db && siassb_db_open_default(&db, NULL, 0) != SIASSB_OK)
        abort();
    size_t before, after;
    siassb_db_count(db, SIASSB_CLASS_ANY, &before);
    int rc = siassb_db_load_string(db, (const char *)data, size, "fuzz.json");
    int has_message = siassb_db_errmsg(db)[0] != '\0'; /* the next call clears it */
    siassb_db_count(db, SIASSB_CLASS_ANY, &after);
    if (rc != SIASSB_OK && (after != before || !has_message))
        abort();
    if (rc == SIASSB_OK) { /* start from the default again so the database stays small */
        siassb_db_free(db);
        db = NULL;
    }
    return 0;
}
