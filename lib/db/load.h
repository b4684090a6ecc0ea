/* Reading, parsing and validating database files. */
#ifndef SIASSB_DB_LOAD_H
#define SIASSB_DB_LOAD_H

#include "db/material.h"

#include <stdarg.h>
#include <stddef.h>

#define SIASSB__DB_MAX_FILE_BYTES (16u * 1024u * 1024u)
#define SIASSB__DB_MAX_TABLE_POINTS 100000
#define SIASSB__DB_MAX_ID_LEN 64

/* A parsed, validated file: materials owned by the set. */
typedef struct siassb__matset {
    struct siassb_material **mats;
    size_t n;
} siassb__matset;

void siassb__matset_clear(siassb__matset *set);

/* Read a regular file of at most 16 MiB into a NUL-terminated buffer the
 * caller frees. Returns a status and writes the reason into msg. */
int siassb__read_file(const char *path, char **text, size_t *len, char *msg, size_t cap);

/* Parse and validate `len` bytes of JSON; `label` names the file in messages.
 * On success fills `set`; on failure leaves it empty and writes msg. */
/* The strict JSON front end of every file the library reads (databases,
 * cells): UTF-8, RFC 8259 tokens, one value, no duplicate keys, finite
 * numbers, depth <= 64. On success *root is the tree (cJSON_Delete it); on
 * failure NULL, with "LABEL: what; allowed" in msg. */
struct cJSON;
int siassb__json_parse_strict(const char *text, size_t len, const char *label, struct cJSON **root,
                              char *msg, size_t cap);

int siassb__parse_materials(const char *text, size_t len, const char *label, siassb__matset *set,
                            char *msg, size_t cap);

/* Nonzero for a valid material id (or cell name): 1-64 printable ASCII
 * characters without spaces, quotes or backslashes. */
int siassb__id_ok(const char *s);

/* The message of a refused file: "LABEL: material 'ID': key 'KEY': WHAT",
 * where id and key may be NULL; returns code. */
int siassb__vfail_at(char *msg, size_t cap, const char *label, const char *id, const char *key,
                     int code, const char *fmt, va_list ap) SIASSB__PRINTF(7, 0);

/* Add item under key (freeing item when that fails); 0 when item is NULL or
 * the add failed. */
struct cJSON;
int siassb__json_add(struct cJSON *obj, const char *key, struct cJSON *item);

#endif
