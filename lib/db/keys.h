/* The registry of database keys: which parameters each material class may
 * carry, of which kind, in which bounds. The C validator, the generated JSON
 * Schema and the documentation all read this one table. */
#ifndef SIASSB_DB_KEYS_H
#define SIASSB_DB_KEYS_H

#include <stddef.h>

enum siassb__key_kind {
    SIASSB__KEY_SCALAR = 1, /* {"value": number} */
    SIASSB__KEY_CHOICE = 2, /* {"value": one of a fixed set of strings} */
    SIASSB__KEY_TABLE = 3   /* {"x": [...], "y": [...], "abscissa": ...} */
};

/* Bit masks of material classes (bit = 1 << (class - 1)). */
#define SIASSB__MASK_LISI 0x1u
#define SIASSB__MASK_ELECTROLYTE 0x2u
#define SIASSB__MASK_CATHODE 0x4u
#define SIASSB__MASK_COUNTER 0x8u
#define SIASSB__MASK_ALL 0xfu

typedef struct siassb__key {
    const char *name;
    unsigned classes;  /* classes that may carry it */
    unsigned required; /* classes that must carry it (subset of classes) */
    int kind;
    double lo, hi;     /* closed bounds on the value, or on every y of a table */
    int lo_open;       /* nonzero: the lower bound itself is excluded */
    const char *abscissa; /* tables: the abscissa allowed */
    const char *choices;  /* choice keys: allowed strings separated by '|' */
    /* Conditional requirement: required when the choice key `when_key` of the
     * same material has the value `when_value`. */
    const char *when_key, *when_value;
    const char *unit;
    const char *description;
} siassb__key;

size_t siassb__key_count(void);
const siassb__key *siassb__key_at(size_t i);
/* The entry for `name` that applies to class `cls` (1..4), or NULL. */
const siassb__key *siassb__key_find(const char *name, int cls);
/* Nonzero when `value` is one of key->choices. */
int siassb__key_choice_ok(const siassb__key *key, const char *value);
/* Lower and upper bounds of a table's x for the given abscissa name. */
int siassb__abscissa_bounds(const char *abscissa, double *lo, double *hi, int *lo_open);

#endif
