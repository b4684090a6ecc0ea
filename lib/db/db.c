#include "db/embedded.h"
#include "db/load.h"
#include "db/material.h"
#include "siassb.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>


struct siassb_db {
    struct siassb_material **mats; /* sorted by id (strcmp) */
    size_t n;
    char errmsg[SIASSB__MSG_CAP];
};

static int mat_cmp(const void *a, const void *b)
{
    const struct siassb_material *const *x = a, *const *y = b;
    return strcmp((*x)->id, (*y)->id);
}

static struct siassb_db *db_create_empty(void) { return calloc(1, sizeof(struct siassb_db)); }

/* Merge a validated set into db. All allocation happens before the swap, so a
 * failure leaves db untouched; on success the set is emptied (ownership moves). */
static int db_merge(struct siassb_db *db, siassb__matset *set, const char *label, char *msg,
                    size_t cap)
{
    /* Materials the set replaces (same id) drop out; check alias clashes with
     * the rest. */
    for (size_t i = 0; i < set->n; i++) {
        const struct siassb_material *m = set->mats[i];
        for (size_t j = 0; j < db->n; j++) {
            const struct siassb_material *o = db->mats[j];
            int replaced = 0;
            for (size_t k = 0; k < set->n; k++)
                replaced |= strcmp(o->id, set->mats[k]->id) == 0;
            if (replaced)
                continue;
            if (siassb__material_answers_to(o, m->id)) {
                siassb__msg(msg, cap,
                            "%s: material '%s': key 'id': '%s' is an alias of database material "
                            "'%s'; allowed: an id that is not another material's alias",
                            label, m->id, m->id, o->id);
                return SIASSB_E_INVALID;
            }
            for (size_t a = 0; a < m->n_aliases; a++)
                if (siassb__material_answers_to(o, m->aliases[a])) {
                    siassb__msg(msg, cap,
                                "%s: material '%s': key 'aliases': '%s' already names database "
                                "material '%s'; allowed: names no other material uses",
                                label, m->id, m->aliases[a], o->id);
                    return SIASSB_E_INVALID;
                }
        }
    }
    size_t n_new = db->n + set->n;
    struct siassb_material **merged = malloc((n_new ? n_new : 1) * sizeof *merged);
    struct siassb_material **dropped = malloc((set->n ? set->n : 1) * sizeof *dropped);
    if (!merged || !dropped) {
        free(merged);
        free(dropped);
        siassb__msg(msg, cap, "%s: out of memory merging %zu materials", label, set->n);
        return SIASSB_E_NOMEM;
    }
    size_t n = 0, n_dropped = 0;
    for (size_t j = 0; j < db->n; j++) {
        int replaced = 0;
        for (size_t k = 0; k < set->n; k++)
            replaced |= strcmp(db->mats[j]->id, set->mats[k]->id) == 0;
        if (replaced)
            dropped[n_dropped++] = db->mats[j];
        else
            merged[n++] = db->mats[j];
    }
    for (size_t k = 0; k < set->n; k++)
        merged[n++] = set->mats[k];
    qsort(merged, n, sizeof *merged, mat_cmp);
    for (size_t k = 0; k < n_dropped; k++)
        siassb__material_destroy(dropped[k]);
    free(dropped);
    free(db->mats);
    db->mats = merged;
    db->n = n;
    free(set->mats);
    set->mats = NULL;
    set->n = 0;
    return SIASSB_OK;
}

static int db_load_text(struct siassb_db *db, const char *text, size_t len, const char *label,
                        char *msg, size_t cap)
{
    siassb__matset set;
    int rc = siassb__parse_materials(text, len, label, &set, msg, cap);
    if (rc)
        return rc;
    rc = db_merge(db, &set, label, msg, cap);
    siassb__matset_clear(&set);
    return rc;
}

static int db_load_path(struct siassb_db *db, const char *path, char *msg, size_t cap)
{
    char *text;
    size_t len;
    int rc = siassb__read_file(path, &text, &len, msg, cap);
    if (rc)
        return rc;
    rc = db_load_text(db, text, len, path, msg, cap);
    free(text);
    return rc;
}

static int db_load_embedded(struct siassb_db *db, char *msg, size_t cap)
{
    for (size_t i = 0; i < siassb__embedded_materials_count; i++) {
        const siassb__embedded_file *f = &siassb__embedded_materials[i];
        int rc = db_load_text(db, f->text, f->len, f->name, msg, cap);
        if (rc)
            return rc;
    }
    return SIASSB_OK;
}

SIASSB_API void siassb_db_free(siassb_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n; i++)
        siassb__material_destroy(db->mats[i]);
    free(db->mats);
    free(db);
}

static int open_common(const char *path, siassb_db **out, char *errbuf, size_t errcap)
{
    siassb__init_once();
    if (!out) {
        siassb__msg(errbuf, errcap, "siassb_db_open: out is NULL");
        return SIASSB_E_ARG;
    }
    *out = NULL;
    struct siassb_db *db = db_create_empty();
    if (!db) {
        siassb__msg(errbuf, errcap, "out of memory creating a database");
        return SIASSB_E_NOMEM;
    }
    int rc = db_load_embedded(db, errbuf, errcap);
    if (!rc && path)
        rc = db_load_path(db, path, errbuf, errcap);
    if (rc) {
        siassb_db_free(db);
        return rc;
    }
    siassb__msg(errbuf, errcap, "%s", "");
    *out = db;
    return SIASSB_OK;
}

SIASSB_API int siassb_db_open_default(siassb_db **out, char *errbuf, size_t errcap)
{
    return open_common(NULL, out, errbuf, errcap);
}

SIASSB_API int siassb_db_open_file(const char *path, siassb_db **out, char *errbuf, size_t errcap)
{
    if (!path) {
        siassb__msg(errbuf, errcap, "siassb_db_open_file: path is NULL");
        if (out)
            *out = NULL;
        return SIASSB_E_ARG;
    }
    return open_common(path, out, errbuf, errcap);
}

SIASSB_API int siassb_db_load_file(siassb_db *db, const char *path)
{
    if (!db)
        return SIASSB_E_ARG;
    if (!path) {
        siassb__msg(db->errmsg, sizeof db->errmsg, "siassb_db_load_file: path is NULL");
        return SIASSB_E_ARG;
    }
    db->errmsg[0] = '\0';
    return db_load_path(db, path, db->errmsg, sizeof db->errmsg);
}

SIASSB_API int siassb_db_load_string(siassb_db *db, const char *json, size_t len, const char *name)
{
    if (!db)
        return SIASSB_E_ARG;
    if (!json) {
        siassb__msg(db->errmsg, sizeof db->errmsg, "siassb_db_load_string: json is NULL");
        return SIASSB_E_ARG;
    }
    db->errmsg[0] = '\0';
    return db_load_text(db, json, len, name ? name : "<string>", db->errmsg, sizeof db->errmsg);
}

SIASSB_API const char *siassb_db_errmsg(const siassb_db *db)
{
    return db ? db->errmsg : "database handle is NULL";
}

static int class_arg_ok(siassb_db *db, int cls, const char *fn)
{
    if (cls < SIASSB_CLASS_ANY || cls > SIASSB_CLASS_COUNTER) {
        siassb__msg(db->errmsg, sizeof db->errmsg,
                    "%s: class %d unknown; allowed: 0 (any) to 4 (SIASSB_CLASS_*)", fn, cls);
        return 0;
    }
    return 1;
}

SIASSB_API int siassb_db_count(siassb_db *db, int cls, size_t *n_out)
{
    if (!db)
        return SIASSB_E_ARG;
    db->errmsg[0] = '\0';
    if (!class_arg_ok(db, cls, "siassb_db_count"))
        return SIASSB_E_ARG;
    if (!n_out) {
        siassb__msg(db->errmsg, sizeof db->errmsg, "siassb_db_count: n_out is NULL");
        return SIASSB_E_ARG;
    }
    size_t n = 0;
    for (size_t i = 0; i < db->n; i++)
        n += cls == SIASSB_CLASS_ANY || db->mats[i]->cls == cls;
    *n_out = n;
    return SIASSB_OK;
}

SIASSB_API int siassb_db_id(siassb_db *db, int cls, size_t index, const char **id_out)
{
    if (!db)
        return SIASSB_E_ARG;
    db->errmsg[0] = '\0';
    if (!class_arg_ok(db, cls, "siassb_db_id"))
        return SIASSB_E_ARG;
    if (!id_out) {
        siassb__msg(db->errmsg, sizeof db->errmsg, "siassb_db_id: id_out is NULL");
        return SIASSB_E_ARG;
    }
    size_t k = 0;
    for (size_t i = 0; i < db->n; i++) {
        if (cls != SIASSB_CLASS_ANY && db->mats[i]->cls != cls)
            continue;
        if (k++ == index) {
            *id_out = db->mats[i]->id;
            return SIASSB_OK;
        }
    }
    siassb__msg(db->errmsg, sizeof db->errmsg,
                "siassb_db_id: index %zu out of range; %zu materials of class '%s'", index, k,
                siassb_class_name(cls));
    return SIASSB_E_RANGE;
}

SIASSB_API int siassb_material_open(const siassb_db *db, const char *id_or_alias,
                                    siassb_material **out, char *errbuf, size_t errcap)
{
    siassb__init_once();
    if (out)
        *out = NULL;
    if (!db || !id_or_alias || !out) {
        siassb__msg(errbuf, errcap, "siassb_material_open: %s is NULL",
                    !db ? "db" : !id_or_alias ? "id_or_alias" : "out");
        return SIASSB_E_ARG;
    }
    for (size_t i = 0; i < db->n; i++) {
        if (!siassb__material_answers_to(db->mats[i], id_or_alias))
            continue;
        struct siassb_material *m = siassb__material_copy(db->mats[i]);
        if (!m) {
            siassb__msg(errbuf, errcap, "out of memory copying material '%s'", id_or_alias);
            return SIASSB_E_NOMEM;
        }
        siassb__msg(errbuf, errcap, "%s", "");
        *out = m;
        return SIASSB_OK;
    }
    /* Suggest names that differ only in case. */
    char hint[SIASSB__MSG_CAP / 2] = "";
    for (size_t i = 0; i < db->n && !hint[0]; i++) {
        const struct siassb_material *m = db->mats[i];
        if (strcasecmp(m->id, id_or_alias) == 0)
            siassb__msg(hint, sizeof hint, "; did you mean '%s'?", m->id);
        for (size_t a = 0; a < m->n_aliases && !hint[0]; a++)
            if (strcasecmp(m->aliases[a], id_or_alias) == 0)
                siassb__msg(hint, sizeof hint, "; did you mean '%s' (alias of '%s')?",
                            m->aliases[a], m->id);
    }
    siassb__msg(errbuf, errcap,
                "no material with id or alias '%.64s' in the database (ids are case-sensitive; "
                "'siassb materials list' shows them)%s",
                id_or_alias, hint);
    return SIASSB_E_NOTFOUND;
}
