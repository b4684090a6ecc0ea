/* Cell JSON (doc/cell.md): reading with the database's strict JSON front end
 * and the setters' range checks, writing back, and the embedded presets. */
#include "cell/cell.h"

#include "db/embedded.h"
#include "db/load.h"
#include "siassb.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN SIASSB__DB_MAX_ID_LEN

/* Provenance written for a value the file did not give, and for one set
 * through the API (whose source the library cannot know). */
static const char default_provenance[] =
    "{\"source\":\"not given in the cell file: the library default (doc/cell.md)\","
    "\"assumed\":true}";
static const char api_provenance[] =
    "{\"source\":\"set through the API or the command line; no source recorded\","
    "\"assumed\":true}";

typedef struct ctx {
    const char *label;
    char *msg;
    size_t cap;
} ctx;

static int fail(ctx *c, int code, const char *key, const char *fmt, ...) SIASSB__PRINTF(4, 5);

/* "LABEL: key 'KEY': what is wrong; what is allowed" */
static int fail(ctx *c, int code, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = siassb__vfail_at(c->msg, c->cap, c->label, NULL, key, code, fmt, ap);
    va_end(ap);
    return code;
}


static struct siassb_cell *cell_new_default(void)
{
    struct siassb_cell *cell = calloc(1, sizeof *cell);
    if (!cell)
        return NULL;
    for (int i = 0; i < SIASSB__CP_COUNT; i++) {
        const siassb__cell_param_def *d = siassb__cell_param_def_at(i);
        cell->value[i] = d->kind == SIASSB__CPK_MATERIAL ? 0.0 : d->def;
    }
    return cell;
}

/* Checks the provenance fields of one entry and returns them as compact JSON
 * (everything but "value") in *out. */
static int take_provenance(ctx *c, const cJSON *entry, const char *key, char **out)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(entry, "source");
    if (!src)
        return fail(c, SIASSB_E_INVALID, key,
                    "no 'source'; every value needs one (the paper and table or figure, or the "
                    "reason for an assumed value)");
    if (!cJSON_IsString(src) || !src->valuestring[0])
        return fail(c, SIASSB_E_INVALID, key, "'source' must be a non-empty string");
    const cJSON *assumed = cJSON_GetObjectItemCaseSensitive(entry, "assumed");
    const cJSON *fitted = cJSON_GetObjectItemCaseSensitive(entry, "fitted");
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(entry, "note");
    if (assumed && !cJSON_IsTrue(assumed))
        return fail(c, SIASSB_E_INVALID, key, "'assumed' must be true when present");
    if (fitted) {
        if (assumed)
            return fail(c, SIASSB_E_INVALID, key, "a value is either assumed or fitted, not both");
        const cJSON *to = cJSON_IsObject(fitted) ? cJSON_GetObjectItemCaseSensitive(fitted, "to")
                                                 : NULL;
        int ok = to && cJSON_GetArraySize(fitted) == 1 && cJSON_IsArray(to) &&
                 cJSON_GetArraySize(to) >= 1;
        for (const cJSON *e = to ? to->child : NULL; ok && e; e = e->next)
            ok = cJSON_IsString(e) && e->valuestring[0];
        if (!ok)
            return fail(c, SIASSB_E_INVALID, key,
                        "'fitted' must be {\"to\": [\"observation\", ...]} with at least one "
                        "non-empty observation");
    }
    if (note && !cJSON_IsString(note))
        return fail(c, SIASSB_E_INVALID, key, "'note' must be a string");
    cJSON *copy = cJSON_Duplicate(entry, 1);
    if (copy)
        cJSON_DeleteItemFromObjectCaseSensitive(copy, "value");
    char *text = copy ? cJSON_PrintUnformatted(copy) : NULL;
    cJSON_Delete(copy);
    if (!text)
        return fail(c, SIASSB_E_NOMEM, key, "out of memory");
    *out = siassb__strdup(text);
    cJSON_free(text);
    if (!*out)
        return fail(c, SIASSB_E_NOMEM, key, "out of memory");
    return SIASSB_OK;
}

static int parse_entry(ctx *c, const siassb_db *db, struct siassb_cell *cell, const cJSON *entry)
{
    const char *key = entry->string;
    int i = siassb__cell_param_index(key);
    if (i < 0)
        return fail(c, SIASSB_E_INVALID, key,
                    "not a cell parameter; 'siassb cell params' and doc/cell.md list them");
    const siassb__cell_param_def *d = siassb__cell_param_def_at(i);
    if (!cJSON_IsObject(entry))
        return fail(c, SIASSB_E_INVALID, key,
                    "must be an object such as {\"value\": ..., \"source\": \"...\"}");
    for (const cJSON *f = entry->child; f; f = f->next)
        if (strcmp(f->string, "value") != 0 && strcmp(f->string, "source") != 0 &&
            strcmp(f->string, "assumed") != 0 && strcmp(f->string, "fitted") != 0 &&
            strcmp(f->string, "note") != 0)
            return fail(c, SIASSB_E_INVALID, key,
                        "unknown field '%s'; allowed: value, source, assumed, fitted, note",
                        f->string);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, "value");
    int rc;
    if (d->kind == SIASSB__CPK_NUMBER || d->kind == SIASSB__CPK_INTEGER) {
        if (!cJSON_IsNumber(v))
            return fail(c, SIASSB_E_INVALID, key, "'value' must be a number from %g to %g %s",
                        d->lo, d->hi, d->unit);
        rc = siassb_cell_set(cell, key, v->valuedouble);
    } else {
        if (!cJSON_IsString(v))
            return fail(c, SIASSB_E_INVALID, key, "'value' must be a string (%s)",
                        d->kind == SIASSB__CPK_CHOICE ? d->choices : "a material id");
        rc = d->kind == SIASSB__CPK_CHOICE ? siassb_cell_set_text(cell, key, v->valuestring)
                                           : siassb_cell_set_material(cell, db, key,
                                                                      v->valuestring);
    }
    if (rc)
        return fail(c, rc == SIASSB_E_NOMEM ? rc : SIASSB_E_INVALID, key, "%s", cell->errmsg);
    return take_provenance(c, entry, key, &cell->provenance[i]);
}

static int parse_root(ctx *c, const siassb_db *db, const cJSON *root, struct siassb_cell *cell)
{
    if (!cJSON_IsObject(root))
        return fail(c, SIASSB_E_INVALID, NULL,
                    "the top level must be an object with format, format_version and parameters");
    for (const cJSON *f = root->child; f; f = f->next)
        if (strcmp(f->string, "format") != 0 && strcmp(f->string, "format_version") != 0 &&
            strcmp(f->string, "name") != 0 && strcmp(f->string, "description") != 0 &&
            strcmp(f->string, "parameters") != 0)
            return fail(c, SIASSB_E_INVALID, f->string,
                        "unknown top-level key; allowed: format, format_version, name, "
                        "description, parameters");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "siassb-cell") != 0)
        return fail(c, SIASSB_E_INVALID, "format", "must be \"siassb-cell\"");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "format_version");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1.0)
        return fail(c, SIASSB_E_INVALID, "format_version", "must be 1 (this library reads 1)");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name) {
        if (!cJSON_IsString(name) || !siassb__id_ok(name->valuestring))
            return fail(c, SIASSB_E_INVALID, "name",
                        "must be 1-64 printable ASCII characters without spaces, quotes or "
                        "backslashes");
        if (!(cell->name = siassb__strdup(name->valuestring)))
            return fail(c, SIASSB_E_NOMEM, "name", "out of memory");
    }
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
    if (desc) {
        if (!cJSON_IsString(desc))
            return fail(c, SIASSB_E_INVALID, "description", "must be a string");
        if (!(cell->description = siassb__strdup(desc->valuestring)))
            return fail(c, SIASSB_E_NOMEM, "description", "out of memory");
    }
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    if (!cJSON_IsObject(params))
        return fail(c, SIASSB_E_INVALID, "parameters",
                    "missing or not an object; allowed: an object of parameters by dotted name");
    int rc;
    for (const cJSON *p = params->child; p; p = p->next)
        if ((rc = parse_entry(c, db, cell, p)))
            return rc;
    for (int i = 0; i < SIASSB__CP_COUNT; i++) {
        if (cell->provenance[i] || siassb__cell_param_def_at(i)->kind == SIASSB__CPK_MATERIAL)
            continue;
        if (!(cell->provenance[i] = siassb__strdup(default_provenance)))
            return fail(c, SIASSB_E_NOMEM, NULL, "out of memory");
    }
    siassb__cell_derived d;
    char why[SIASSB__MSG_CAP];
    if ((rc = siassb__cell_derive(cell, &d, why, sizeof why)))
        return fail(c, rc, NULL, "inconsistent cell: %s", why);
    return SIASSB_OK;
}

static int open_text(const siassb_db *db, const char *text, size_t len, const char *label,
                     const char *preset, siassb_cell **out, char *errbuf, size_t errcap)
{
    ctx c = {label, errbuf, errcap};
    cJSON *root = NULL;
    int rc = siassb__json_parse_strict(text, len, label, &root, errbuf, errcap);
    if (rc)
        return rc;
    struct siassb_cell *cell = cell_new_default();
    if (!cell || (preset && !(cell->preset = siassb__strdup(preset)))) {
        cJSON_Delete(root);
        siassb__cell_destroy(cell);
        return fail(&c, SIASSB_E_NOMEM, NULL, "out of memory");
    }
    rc = parse_root(&c, db, root, cell);
    cJSON_Delete(root);
    if (rc) {
        siassb__cell_destroy(cell);
        return rc;
    }
    cell->errmsg[0] = '\0';
    *out = cell;
    if (errbuf && errcap)
        errbuf[0] = '\0';
    return SIASSB_OK;
}

static int open_check(const siassb_db *db, siassb_cell **out, const void *arg, const char *fn,
                      char *errbuf, size_t errcap)
{
    siassb__init_once();
    if (out)
        *out = NULL;
    if (!db || !out || !arg) {
        siassb__msg(errbuf, errcap, "%s: %s is NULL", fn,
                    !db ? "db" : !out ? "out" : "the input");
        return SIASSB_E_ARG;
    }
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_open_string(const siassb_db *db, const char *json, size_t len,
                                       siassb_cell **out, char *errbuf, size_t errcap)
{
    int rc = open_check(db, out, json, "siassb_cell_open_string", errbuf, errcap);
    if (rc)
        return rc;
    return open_text(db, json, len, "<string>", NULL, out, errbuf, errcap);
}

SIASSB_API int siassb_cell_open_file(const siassb_db *db, const char *path, siassb_cell **out,
                                     char *errbuf, size_t errcap)
{
    int rc = open_check(db, out, path, "siassb_cell_open_file", errbuf, errcap);
    if (rc)
        return rc;
    char *text;
    size_t len;
    if ((rc = siassb__read_file(path, &text, &len, errbuf, errcap)))
        return rc;
    rc = open_text(db, text, len, path, NULL, out, errbuf, errcap);
    free(text);
    return rc;
}

/* ---- presets ---- */

/* Names and descriptions of the embedded presets, read once from their JSON
 * (pthread_once, like the GSL handler): afterwards they are constant. */
#define MAX_PRESETS 64
#define DESC_CAP 1024
static pthread_once_t presets_once = PTHREAD_ONCE_INIT;
static char preset_names[MAX_PRESETS][NAME_MAX_LEN + 1];
static char preset_descs[MAX_PRESETS][DESC_CAP];

static void read_presets(void)
{
    for (size_t i = 0; i < siassb__embedded_presets_count && i < MAX_PRESETS; i++) {
        const siassb__embedded_file *f = &siassb__embedded_presets[i];
        cJSON *root = cJSON_ParseWithLength(f->text, f->len);
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(root, "name");
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "description");
        /* the name defaults to the file name without .json */
        if (cJSON_IsString(n) && siassb__id_ok(n->valuestring)) {
            siassb__msg(preset_names[i], sizeof preset_names[i], "%s", n->valuestring);
        } else {
            siassb__msg(preset_names[i], sizeof preset_names[i], "%s", f->name);
            char *dot = strrchr(preset_names[i], '.');
            if (dot)
                *dot = '\0';
        }
        siassb__msg(preset_descs[i], sizeof preset_descs[i], "%s",
                    cJSON_IsString(d) ? d->valuestring : "");
        cJSON_Delete(root);
    }
}

static size_t preset_total(void)
{
    pthread_once(&presets_once, read_presets);
    return siassb__embedded_presets_count < MAX_PRESETS ? siassb__embedded_presets_count
                                                        : MAX_PRESETS;
}

SIASSB_API int siassb_preset_count(size_t *n_out)
{
    if (!n_out)
        return SIASSB_E_ARG;
    *n_out = preset_total();
    return SIASSB_OK;
}

SIASSB_API int siassb_preset_info(size_t index, const char **name_out, const char **description_out)
{
    if (index >= preset_total())
        return SIASSB_E_RANGE;
    if (name_out)
        *name_out = preset_names[index];
    if (description_out)
        *description_out = preset_descs[index];
    return SIASSB_OK;
}

SIASSB_API int siassb_cell_open_preset(const siassb_db *db, const char *name, siassb_cell **out,
                                       char *errbuf, size_t errcap)
{
    int rc = open_check(db, out, name, "siassb_cell_open_preset", errbuf, errcap);
    if (rc)
        return rc;
    size_t n = preset_total();
    for (size_t i = 0; i < n; i++)
        if (strcmp(preset_names[i], name) == 0)
            return open_text(db, siassb__embedded_presets[i].text, siassb__embedded_presets[i].len,
                             siassb__embedded_presets[i].name, preset_names[i], out, errbuf,
                             errcap);
    char list[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof list; i++) {
        siassb__msg(list + used, sizeof list - used, "%s%s", i ? ", " : "", preset_names[i]);
        used = strlen(list);
    }
    siassb__msg(errbuf, errcap, "no preset '%s'; allowed: %s ('siassb presets list')", name, list);
    return SIASSB_E_NOTFOUND;
}

/* ---- writing ---- */


static cJSON *entry_json(const struct siassb_cell *cell, int i)
{
    const siassb__cell_param_def *d = siassb__cell_param_def_at(i);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int ok;
    if (d->kind == SIASSB__CPK_MATERIAL) {
        ok = siassb__json_add(o, "value", cJSON_CreateString(cell->material[i]->id));
    } else if (d->kind == SIASSB__CPK_CHOICE) {
        char buf[64];
        const char *p = d->choices;
        for (int k = 0; k < (int)cell->value[i] && p; k++)
            if ((p = strchr(p, '|')))
                p++;
        size_t len = p ? strcspn(p, "|") : 0;
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, p ? p : "", len);
        buf[len] = '\0';
        ok = siassb__json_add(o, "value", cJSON_CreateString(buf));
    } else {
        ok = siassb__json_add(o, "value", cJSON_CreateNumber(cell->value[i]));
    }
    cJSON *prov = cJSON_Parse(cell->provenance[i] ? cell->provenance[i] : api_provenance);
    ok = ok && prov;
    while (ok && prov->child) {
        cJSON *f = cJSON_DetachItemViaPointer(prov, prov->child);
        ok = siassb__json_add(o, f->string, f);
    }
    cJSON_Delete(prov);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

SIASSB_API int siassb_cell_to_json(siassb_cell *cell, char *buf, size_t cap, size_t *len_out)
{
    if (!cell)
        return SIASSB_E_ARG;
    cell->errmsg[0] = '\0';
    if (!len_out) {
        siassb__msg(cell->errmsg, sizeof cell->errmsg, "siassb_cell_to_json: len_out is NULL");
        return SIASSB_E_ARG;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *params = cJSON_CreateObject();
    const char *name = cell->name ? cell->name : cell->preset;
    int ok = root && params && siassb__json_add(root, "format", cJSON_CreateString("siassb-cell")) &&
             siassb__json_add(root, "format_version", cJSON_CreateNumber(1)) &&
             (!name || siassb__json_add(root, "name", cJSON_CreateString(name))) &&
             (!cell->description ||
              siassb__json_add(root, "description", cJSON_CreateString(cell->description))) &&
             siassb__json_add(root, "parameters", params);
    if (!ok && params && !cJSON_GetObjectItemCaseSensitive(root, "parameters"))
        cJSON_Delete(params);
    for (int i = 0; ok && i < SIASSB__CP_COUNT; i++) {
        if (siassb__cell_param_def_at(i)->kind == SIASSB__CPK_MATERIAL && !cell->material[i])
            continue;
        ok = siassb__json_add(params, siassb__cell_param_def_at(i)->name, entry_json(cell, i));
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) {
        siassb__msg(cell->errmsg, sizeof cell->errmsg, "out of memory writing the cell as JSON");
        return SIASSB_E_NOMEM;
    }
    size_t len = strlen(text);
    *len_out = len;
    if (!buf || cap <= len) {
        cJSON_free(text);
        siassb__msg(cell->errmsg, sizeof cell->errmsg,
                    "the cell JSON needs %zu bytes plus the NUL; cap is %zu", len, cap);
        return SIASSB_E_BUFFER;
    }
    memcpy(buf, text, len + 1);
    cJSON_free(text);
    return SIASSB_OK;
}
