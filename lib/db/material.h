/* In-memory form of a database material and its parameters. */
#ifndef SIASSB_DB_MATERIAL_H
#define SIASSB_DB_MATERIAL_H

#include "core/core.h"

#include <stddef.h>

typedef struct siassb__param {
    char *name;
    int kind;            /* SIASSB_PARAM_* */
    double value;        /* scalar */
    char *choice;        /* choice */
    double *x, *y;       /* table */
    size_t n;
    char *abscissa;
    char *source;
    int provenance;      /* SIASSB_PROVENANCE_* */
    char **fitted_to;
    size_t n_fitted;
    char *family;
    char *note;
} siassb__param;

struct siassb_material {
    char *id;
    int cls;
    char *name, *description, *proxy_of;
    char **aliases;
    size_t n_aliases;
    siassb__param *params; /* sorted by name */
    size_t n_params;
    char errmsg[SIASSB__MSG_CAP];
};

void siassb__material_destroy(struct siassb_material *m);
/* Deep copy; NULL when out of memory. */
struct siassb_material *siassb__material_copy(const struct siassb_material *m);
const siassb__param *siassb__material_param(const struct siassb_material *m, const char *name);
/* Sort parameters by name (after building). */
void siassb__material_sort_params(struct siassb_material *m);
/* Nonzero when `name` is the id or one of the aliases of m. */
int siassb__material_answers_to(const struct siassb_material *m, const char *name);

#endif
