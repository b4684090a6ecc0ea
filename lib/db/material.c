#include "db/material.h"

#include "db/keys.h"
#include "db/load.h"
#include "siassb.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void param_clear(siassb__param *p)
{
    free(p->name);
    free(p->choice);
    free(p->x);
    free(p->y);
    free(p->abscissa);
    free(p->source);
    for (size_t i = 0; i < p->n_fitted; i++)
        free(p->fitted_to[i]);
    free(p->fitted_to);
    free(p->family);
    free(p->note);
    memset(p, 0, sizeof *p);
}

void siassb__material_destroy(struct siassb_material *m)
{
    if (!m)
        return;
    free(m->id);
    free(m->name);
    free(m->description);
    free(m->proxy_of);
    for (size_t i = 0; i < m->n_aliases; i++)
        free(m->aliases[i]);
    free(m->aliases);
    for (size_t i = 0; i < m->n_params; i++)
        param_clear(&m->params[i]);
    free(m->params);
    free(m);
}

static int dup_field(char **dst, const char *src)
{
    if (!src) {
        *dst = NULL;
        return 1;
    }
    *dst = siassb__strdup(src);
    return *dst != NULL;
}

static int dup_doubles(double **dst, const double *src, size_t n)
{
    *dst = NULL;
    if (!src || n == 0)
        return 1;
    *dst = malloc(n * sizeof **dst);
    if (!*dst)
        return 0;
    memcpy(*dst, src, n * sizeof **dst);
    return 1;
}

static int dup_strings(char ***dst, char *const *src, size_t n)
{
    *dst = NULL;
    if (n == 0)
        return 1;
    *dst = calloc(n, sizeof **dst);
    if (!*dst)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!dup_field(&(*dst)[i], src[i]))
            return 0;
    return 1;
}

static int param_copy(siassb__param *d, const siassb__param *s)
{
    *d = *s;
    d->name = d->choice = d->abscissa = d->source = d->family = d->note = NULL;
    d->x = d->y = NULL;
    d->fitted_to = NULL;
    d->n_fitted = 0;
    if (!dup_field(&d->name, s->name) || !dup_field(&d->choice, s->choice) ||
        !dup_field(&d->abscissa, s->abscissa) || !dup_field(&d->source, s->source) ||
        !dup_field(&d->family, s->family) || !dup_field(&d->note, s->note) ||
        !dup_doubles(&d->x, s->x, s->n) || !dup_doubles(&d->y, s->y, s->n))
        return 0;
    if (!dup_strings(&d->fitted_to, s->fitted_to, s->n_fitted))
        return 0;
    d->n_fitted = s->n_fitted;
    return 1;
}

struct siassb_material *siassb__material_copy(const struct siassb_material *s)
{
    struct siassb_material *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->cls = s->cls;
    if (!dup_field(&d->id, s->id) || !dup_field(&d->name, s->name) ||
        !dup_field(&d->description, s->description) || !dup_field(&d->proxy_of, s->proxy_of))
        goto fail;
    if (!dup_strings(&d->aliases, s->aliases, s->n_aliases)) {
        d->n_aliases = s->n_aliases; /* so destroy frees what was copied */
        goto fail;
    }
    d->n_aliases = s->n_aliases;
    if (s->n_params) {
        d->params = calloc(s->n_params, sizeof *d->params);
        if (!d->params)
            goto fail;
        for (size_t i = 0; i < s->n_params; i++) {
            d->n_params = i + 1;
            if (!param_copy(&d->params[i], &s->params[i]))
                goto fail;
        }
    }
    return d;
fail:
    siassb__material_destroy(d);
    return NULL;
}

static int param_cmp(const void *a, const void *b)
{
    return strcmp(((const siassb__param *)a)->name, ((const siassb__param *)b)->name);
}

void siassb__material_sort_params(struct siassb_material *m)
{
    if (m->n_params > 1)
        qsort(m->params, m->n_params, sizeof *m->params, param_cmp);
}

const siassb__param *siassb__material_param(const struct siassb_material *m, const char *name)
{
    size_t lo = 0, hi = m->n_params;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->params[mid].name, name);
        if (c == 0)
            return &m->params[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int siassb__material_answers_to(const struct siassb_material *m, const char *name)
{
    if (strcmp(m->id, name) == 0)
        return 1;
    for (size_t i = 0; i < m->n_aliases; i++)
        if (strcmp(m->aliases[i], name) == 0)
            return 1;
    return 0;
}

/* ---- public accessors ---- */

#define MAT_CHECK(m)                                                                              \
    do {                                                                                          \
        if (!(m))                                                                                 \
            return SIASSB_E_ARG;                                                                  \
        (m)->errmsg[0] = '\0';                                                                    \
    } while (0)

#define MAT_FAIL(m, code, ...)                                                                    \
    do {                                                                                          \
        siassb__msg((m)->errmsg, sizeof (m)->errmsg, __VA_ARGS__);                                \
        return (code);                                                                            \
    } while (0)

SIASSB_API void siassb_material_free(siassb_material *m) { siassb__material_destroy(m); }

SIASSB_API const char *siassb_material_errmsg(const siassb_material *m)
{
    return m ? m->errmsg : "material handle is NULL";
}

SIASSB_API int siassb_material_id(siassb_material *m, const char **id_out)
{
    MAT_CHECK(m);
    if (!id_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_id: id_out is NULL");
    *id_out = m->id;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_class(siassb_material *m, int *cls_out)
{
    MAT_CHECK(m);
    if (!cls_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_class: cls_out is NULL");
    *cls_out = m->cls;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_name(siassb_material *m, const char **name_out)
{
    MAT_CHECK(m);
    if (!name_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_name: name_out is NULL");
    *name_out = m->name ? m->name : "";
    return SIASSB_OK;
}

SIASSB_API int siassb_material_alias_count(siassb_material *m, size_t *n_out)
{
    MAT_CHECK(m);
    if (!n_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_alias_count: n_out is NULL");
    *n_out = m->n_aliases;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_alias(siassb_material *m, size_t index, const char **alias_out)
{
    MAT_CHECK(m);
    if (!alias_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_alias: alias_out is NULL");
    if (index >= m->n_aliases)
        MAT_FAIL(m, SIASSB_E_RANGE, "alias index %zu out of range: '%s' has %zu aliases", index,
                 m->id, m->n_aliases);
    *alias_out = m->aliases[index];
    return SIASSB_OK;
}

SIASSB_API int siassb_material_param_count(siassb_material *m, size_t *n_out)
{
    MAT_CHECK(m);
    if (!n_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_param_count: n_out is NULL");
    *n_out = m->n_params;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_param_info(siassb_material *m, size_t index, const char **name_out,
                                          int *kind_out)
{
    MAT_CHECK(m);
    if (index >= m->n_params)
        MAT_FAIL(m, SIASSB_E_RANGE, "parameter index %zu out of range: '%s' has %zu parameters",
                 index, m->id, m->n_params);
    if (name_out)
        *name_out = m->params[index].name;
    if (kind_out)
        *kind_out = m->params[index].kind;
    return SIASSB_OK;
}

static const char *kind_name(int kind)
{
    return kind == SIASSB_PARAM_SCALAR   ? "a scalar"
           : kind == SIASSB_PARAM_CHOICE ? "a choice"
                                         : "a table";
}

/* Finds `name` of the wanted kind (0 = any) or leaves the reason on m. */
static int find_param(siassb_material *m, const char *fn, const char *name, int kind,
                      const siassb__param **out)
{
    if (!name)
        MAT_FAIL(m, SIASSB_E_ARG, "%s: parameter name is NULL", fn);
    const siassb__param *p = siassb__material_param(m, name);
    if (!p) {
        const siassb__key *k = siassb__key_find(name, m->cls);
        if (k)
            MAT_FAIL(m, SIASSB_E_NOTFOUND,
                     "material '%s' has no value for '%s' (an optional %s key the database "
                     "does not give for it)",
                     m->id, name, siassb_class_name(m->cls));
        MAT_FAIL(m, SIASSB_E_NOTFOUND,
                 "'%s' is not a parameter of %s materials; 'siassb materials show %s' lists "
                 "those of '%s'",
                 name, siassb_class_name(m->cls), m->id, m->id);
    }
    if (kind && p->kind != kind)
        MAT_FAIL(m, SIASSB_E_TYPE, "%s: '%s' of '%s' is %s, not %s", fn, name, m->id,
                 kind_name(p->kind), kind_name(kind));
    *out = p;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_get(siassb_material *m, const char *name, double *value_out)
{
    MAT_CHECK(m);
    const siassb__param *p;
    int rc = find_param(m, "siassb_material_get", name, SIASSB_PARAM_SCALAR, &p);
    if (rc)
        return rc;
    if (!value_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_get: value_out is NULL");
    *value_out = p->value;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_get_choice(siassb_material *m, const char *name,
                                          const char **value_out)
{
    MAT_CHECK(m);
    const siassb__param *p;
    int rc = find_param(m, "siassb_material_get_choice", name, SIASSB_PARAM_CHOICE, &p);
    if (rc)
        return rc;
    if (!value_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_get_choice: value_out is NULL");
    *value_out = p->choice;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_get_table(siassb_material *m, const char *name, double *x,
                                         double *y, size_t cap, size_t *n_out)
{
    MAT_CHECK(m);
    const siassb__param *p;
    int rc = find_param(m, "siassb_material_get_table", name, SIASSB_PARAM_TABLE, &p);
    if (rc)
        return rc;
    if (!n_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_get_table: n_out is NULL");
    *n_out = p->n;
    if (cap < p->n)
        MAT_FAIL(m, SIASSB_E_BUFFER, "table '%s' of '%s' has %zu points; the buffers hold %zu",
                 name, m->id, p->n, cap);
    if (!x || !y)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_get_table: x or y is NULL with cap %zu", cap);
    memcpy(x, p->x, p->n * sizeof *x);
    memcpy(y, p->y, p->n * sizeof *y);
    return SIASSB_OK;
}

SIASSB_API int siassb_material_table_abscissa(siassb_material *m, const char *name,
                                              const char **abscissa_out)
{
    MAT_CHECK(m);
    const siassb__param *p;
    int rc = find_param(m, "siassb_material_table_abscissa", name, SIASSB_PARAM_TABLE, &p);
    if (rc)
        return rc;
    if (!abscissa_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_table_abscissa: abscissa_out is NULL");
    *abscissa_out = p->abscissa;
    return SIASSB_OK;
}

SIASSB_API int siassb_material_provenance(siassb_material *m, const char *name, int *provenance_out,
                                          const char **source_out)
{
    MAT_CHECK(m);
    const siassb__param *p;
    int rc = find_param(m, "siassb_material_provenance", name, 0, &p);
    if (rc)
        return rc;
    if (provenance_out)
        *provenance_out = p->provenance;
    if (source_out)
        *source_out = p->source;
    return SIASSB_OK;
}

/* ---- JSON form ---- */

static cJSON *doubles_json(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *num = cJSON_CreateNumber(v[i]);
        if (!num || !cJSON_AddItemToArray(a, num)) {
            cJSON_Delete(num);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *strings_json(char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}


static int add_string_if(cJSON *obj, const char *key, const char *s)
{
    return !s || siassb__json_add(obj, key, cJSON_CreateString(s));
}

static cJSON *param_json(const siassb__param *p)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int ok = 1;
    if (p->kind == SIASSB_PARAM_SCALAR)
        ok = siassb__json_add(o, "value", cJSON_CreateNumber(p->value));
    else if (p->kind == SIASSB_PARAM_CHOICE)
        ok = siassb__json_add(o, "value", cJSON_CreateString(p->choice));
    else
        ok = siassb__json_add(o, "x", doubles_json(p->x, p->n)) &&
             siassb__json_add(o, "y", doubles_json(p->y, p->n)) &&
             siassb__json_add(o, "abscissa", cJSON_CreateString(p->abscissa));
    ok = ok && siassb__json_add(o, "source", cJSON_CreateString(p->source));
    if (ok && p->provenance == SIASSB_PROVENANCE_ASSUMED)
        ok = siassb__json_add(o, "assumed", cJSON_CreateTrue());
    if (ok && p->provenance == SIASSB_PROVENANCE_FITTED) {
        cJSON *f = cJSON_CreateObject();
        ok = siassb__json_add(o, "fitted", f) && siassb__json_add(f, "to", strings_json(p->fitted_to, p->n_fitted));
    }
    ok = ok && add_string_if(o, "family", p->family) && add_string_if(o, "note", p->note);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *material_json(const struct siassb_material *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int ok = siassb__json_add(o, "id", cJSON_CreateString(m->id)) &&
             siassb__json_add(o, "class", cJSON_CreateString(siassb_class_name(m->cls))) &&
             add_string_if(o, "name", m->name) &&
             (m->n_aliases == 0 ||
              siassb__json_add(o, "aliases", strings_json(m->aliases, m->n_aliases))) &&
             add_string_if(o, "description", m->description) &&
             add_string_if(o, "proxy_of", m->proxy_of);
    cJSON *params = ok ? cJSON_CreateObject() : NULL;
    ok = ok && siassb__json_add(o, "parameters", params);
    for (size_t i = 0; ok && i < m->n_params; i++)
        ok = siassb__json_add(params, m->params[i].name, param_json(&m->params[i]));
    cJSON *root = ok ? cJSON_CreateObject() : NULL;
    cJSON *list = root ? cJSON_CreateArray() : NULL;
    ok = root && siassb__json_add(root, "format", cJSON_CreateString("siassb-materials")) &&
         siassb__json_add(root, "format_version", cJSON_CreateNumber(1)) &&
         siassb__json_add(root, "materials", list) && cJSON_AddItemToArray(list, o);
    if (!ok) {
        cJSON_Delete(root);
        cJSON_Delete(o);
        return NULL;
    }
    return root;
}

SIASSB_API int siassb_material_to_json(siassb_material *m, char *buf, size_t cap, size_t *len_out)
{
    MAT_CHECK(m);
    if (!len_out)
        MAT_FAIL(m, SIASSB_E_ARG, "siassb_material_to_json: len_out is NULL");
    cJSON *root = material_json(m);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        MAT_FAIL(m, SIASSB_E_NOMEM, "out of memory writing '%s' as JSON", m->id);
    size_t len = strlen(text);
    *len_out = len;
    if (!buf || cap <= len) {
        cJSON_free(text);
        MAT_FAIL(m, SIASSB_E_BUFFER, "the JSON of '%s' needs %zu bytes plus the NUL; cap is %zu",
                 m->id, len, cap);
    }
    memcpy(buf, text, len + 1);
    cJSON_free(text);
    return SIASSB_OK;
}
