/* Build-time tool: writes the JSON Schema of database files, or the key
 * tables of doc/database.md, from the key registry (lib/db/keys.c), so the
 * C validator, the schema and the documentation state one set of rules; and
 * doc/materials.md, every material of the embedded database with its values,
 * units and sources; and the generated part of doc/cell.md, the cell
 * parameter registry (lib/cell/cell.h) and every preset with its values,
 * sources, N/P and energy budget.
 * usage: gen_dbdoc schema|markdown|materials|cells [OUTPUT] */
#include "cell/cell.h"
#include "cli.h"
#include "db/keys.h"
#include "db/load.h"
#include "db/material.h"
#include "siassb.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON reports allocation failure through NULL returns; this tool is run at
 * build time only, so it gives up on the first one. */
static cJSON *must(cJSON *item)
{
    if (!item) {
        fprintf(stderr, "gen_dbdoc: out of memory\n");
        exit(1);
    }
    return item;
}

static void put(cJSON *obj, const char *key, cJSON *item)
{
    if (!cJSON_AddItemToObject(obj, key, must(item))) {
        fprintf(stderr, "gen_dbdoc: out of memory\n");
        exit(1);
    }
}

static void push(cJSON *arr, cJSON *item)
{
    if (!cJSON_AddItemToArray(arr, must(item))) {
        fprintf(stderr, "gen_dbdoc: out of memory\n");
        exit(1);
    }
}

static cJSON *ref(const char *target)
{
    cJSON *o = must(cJSON_CreateObject());
    put(o, "$ref", cJSON_CreateString(target));
    return o;
}

static cJSON *number_range(double lo, double hi, int lo_open)
{
    cJSON *o = must(cJSON_CreateObject());
    put(o, "type", cJSON_CreateString("number"));
    put(o, lo_open ? "exclusiveMinimum" : "minimum", cJSON_CreateNumber(lo));
    put(o, "maximum", cJSON_CreateNumber(hi));
    return o;
}

static cJSON *number_array(double lo, double hi, int lo_open)
{
    cJSON *o = must(cJSON_CreateObject());
    put(o, "type", cJSON_CreateString("array"));
    put(o, "minItems", cJSON_CreateNumber(1));
    put(o, "maxItems", cJSON_CreateNumber(SIASSB__DB_MAX_TABLE_POINTS));
    put(o, "items", number_range(lo, hi, lo_open));
    return o;
}

static cJSON *key_schema(const siassb__key *k)
{
    cJSON *o = must(cJSON_CreateObject());
    char desc[512];
    snprintf(desc, sizeof desc, "%s [%s]", k->description, k->unit);
    put(o, "description", cJSON_CreateString(desc));
    put(o, "type", cJSON_CreateString("object"));
    put(o, "additionalProperties", cJSON_CreateFalse());
    cJSON *req = must(cJSON_CreateArray());
    cJSON *props = must(cJSON_CreateObject());
    if (k->kind == SIASSB__KEY_TABLE) {
        double xlo, xhi;
        int xopen;
        siassb__abscissa_bounds(k->abscissa, &xlo, &xhi, &xopen);
        put(props, "x", number_array(xlo, xhi, xopen));
        put(props, "y", number_array(k->lo, k->hi, k->lo_open));
        cJSON *ab = must(cJSON_CreateObject());
        put(ab, "const", cJSON_CreateString(k->abscissa));
        put(props, "abscissa", ab);
        push(req, cJSON_CreateString("x"));
        push(req, cJSON_CreateString("y"));
        push(req, cJSON_CreateString("abscissa"));
    } else if (k->kind == SIASSB__KEY_CHOICE) {
        cJSON *v = must(cJSON_CreateObject());
        cJSON *e = must(cJSON_CreateArray());
        char buf[256];
        snprintf(buf, sizeof buf, "%s", k->choices);
        for (char *tok = strtok(buf, "|"); tok; tok = strtok(NULL, "|"))
            push(e, cJSON_CreateString(tok));
        put(v, "enum", e);
        put(props, "value", v);
        push(req, cJSON_CreateString("value"));
    } else {
        put(props, "value", number_range(k->lo, k->hi, k->lo_open));
        push(req, cJSON_CreateString("value"));
    }
    push(req, cJSON_CreateString("source"));
    put(props, "source", ref("#/$defs/source"));
    put(props, "assumed", ref("#/$defs/assumed"));
    put(props, "fitted", ref("#/$defs/fitted"));
    put(props, "family", ref("#/$defs/nonempty_string"));
    put(props, "note", ref("#/$defs/string"));
    put(o, "required", req);
    put(o, "properties", props);
    cJSON *not = must(cJSON_CreateObject());
    cJSON *both = must(cJSON_CreateArray());
    push(both, cJSON_CreateString("assumed"));
    push(both, cJSON_CreateString("fitted"));
    put(not, "required", both);
    put(o, "not", not);
    return o;
}

static cJSON *class_parameters(int cls)
{
    unsigned mask = 1u << (cls - 1);
    cJSON *o = must(cJSON_CreateObject());
    put(o, "type", cJSON_CreateString("object"));
    put(o, "additionalProperties", cJSON_CreateFalse());
    cJSON *props = must(cJSON_CreateObject());
    cJSON *req = must(cJSON_CreateArray());
    cJSON *all = must(cJSON_CreateArray());
    for (size_t i = 0; i < siassb__key_count(); i++) {
        const siassb__key *k = siassb__key_at(i);
        if (!(k->classes & mask))
            continue;
        put(props, k->name, key_schema(k));
        if (k->required & mask)
            push(req, cJSON_CreateString(k->name));
        if (k->when_key) {
            /* {"if": {"required": [when_key], "properties": {when_key: {"properties":
             *  {"value": {"const": when_value}}}}}, "then": {"required": [name]}} */
            cJSON *cond = must(cJSON_CreateObject());
            cJSON *iff = must(cJSON_CreateObject());
            cJSON *ireq = must(cJSON_CreateArray());
            push(ireq, cJSON_CreateString(k->when_key));
            put(iff, "required", ireq);
            cJSON *ip = must(cJSON_CreateObject());
            cJSON *wk = must(cJSON_CreateObject());
            cJSON *wkp = must(cJSON_CreateObject());
            cJSON *val = must(cJSON_CreateObject());
            put(val, "const", cJSON_CreateString(k->when_value));
            put(wkp, "value", val);
            put(wk, "properties", wkp);
            put(ip, k->when_key, wk);
            put(iff, "properties", ip);
            put(cond, "if", iff);
            cJSON *then = must(cJSON_CreateObject());
            cJSON *treq = must(cJSON_CreateArray());
            push(treq, cJSON_CreateString(k->name));
            put(then, "required", treq);
            put(cond, "then", then);
            push(all, cond);
        }
    }
    put(o, "required", req);
    put(o, "properties", props);
    if (cJSON_GetArraySize(all) > 0)
        put(o, "allOf", all);
    else
        cJSON_Delete(all);
    return o;
}

static cJSON *string_schema(int min_len)
{
    cJSON *o = must(cJSON_CreateObject());
    put(o, "type", cJSON_CreateString("string"));
    if (min_len)
        put(o, "minLength", cJSON_CreateNumber(min_len));
    return o;
}

static cJSON *schema(void)
{
    cJSON *root = must(cJSON_CreateObject());
    put(root, "$schema", cJSON_CreateString("https://json-schema.org/draft/2020-12/schema"));
    put(root, "title", cJSON_CreateString("libsiassb materials database file, format_version 1"));
    put(root, "description",
        cJSON_CreateString("Generated from lib/db/keys.c by tools/build/gen_dbdoc.c; do not edit. "
                           "Rules JSON Schema cannot state (duplicate keys, non-finite numbers, "
                           "equal table lengths, strictly increasing x, aliases distinct from "
                           "ids, file size) are listed in doc/database.md."));
    put(root, "type", cJSON_CreateString("object"));
    put(root, "additionalProperties", cJSON_CreateFalse());
    cJSON *req = must(cJSON_CreateArray());
    push(req, cJSON_CreateString("format"));
    push(req, cJSON_CreateString("format_version"));
    push(req, cJSON_CreateString("materials"));
    put(root, "required", req);
    cJSON *props = must(cJSON_CreateObject());
    cJSON *f = must(cJSON_CreateObject());
    put(f, "const", cJSON_CreateString("siassb-materials"));
    put(props, "format", f);
    cJSON *v = must(cJSON_CreateObject());
    put(v, "const", cJSON_CreateNumber(1));
    put(props, "format_version", v);
    put(props, "description", ref("#/$defs/string"));
    cJSON *mats = must(cJSON_CreateObject());
    put(mats, "type", cJSON_CreateString("array"));
    put(mats, "minItems", cJSON_CreateNumber(1));
    put(mats, "items", ref("#/$defs/material"));
    put(props, "materials", mats);
    put(root, "properties", props);

    cJSON *defs = must(cJSON_CreateObject());
    put(defs, "string", string_schema(0));
    put(defs, "nonempty_string", string_schema(1));
    put(defs, "source", string_schema(1));
    cJSON *id = string_schema(0);
    /* printable ASCII without space, '"' and '\\', 1-64 characters; the
     * lookahead stops '$' from matching before a final newline (Python re) */
    put(id, "pattern", cJSON_CreateString("^[!#-\\[\\]-~]{1,64}(?!\\n)$"));
    put(defs, "id", id);
    cJSON *assumed = must(cJSON_CreateObject());
    put(assumed, "const", cJSON_CreateTrue());
    put(defs, "assumed", assumed);
    cJSON *fitted = must(cJSON_CreateObject());
    put(fitted, "type", cJSON_CreateString("object"));
    put(fitted, "additionalProperties", cJSON_CreateFalse());
    cJSON *freq = must(cJSON_CreateArray());
    push(freq, cJSON_CreateString("to"));
    put(fitted, "required", freq);
    cJSON *fprops = must(cJSON_CreateObject());
    cJSON *to = must(cJSON_CreateObject());
    put(to, "type", cJSON_CreateString("array"));
    put(to, "minItems", cJSON_CreateNumber(1));
    put(to, "items", ref("#/$defs/nonempty_string"));
    put(fprops, "to", to);
    put(fitted, "properties", fprops);
    put(defs, "fitted", fitted);

    cJSON *mat = must(cJSON_CreateObject());
    put(mat, "type", cJSON_CreateString("object"));
    put(mat, "additionalProperties", cJSON_CreateFalse());
    cJSON *mreq = must(cJSON_CreateArray());
    push(mreq, cJSON_CreateString("id"));
    push(mreq, cJSON_CreateString("class"));
    push(mreq, cJSON_CreateString("parameters"));
    put(mat, "required", mreq);
    cJSON *mprops = must(cJSON_CreateObject());
    put(mprops, "id", ref("#/$defs/id"));
    cJSON *cls = must(cJSON_CreateObject());
    cJSON *enm = must(cJSON_CreateArray());
    for (int c = SIASSB_CLASS_LISI; c <= SIASSB_CLASS_COUNTER; c++)
        push(enm, cJSON_CreateString(siassb_class_name(c)));
    put(cls, "enum", enm);
    put(mprops, "class", cls);
    put(mprops, "name", ref("#/$defs/string"));
    put(mprops, "description", ref("#/$defs/string"));
    put(mprops, "proxy_of", ref("#/$defs/id"));
    cJSON *aliases = must(cJSON_CreateObject());
    put(aliases, "type", cJSON_CreateString("array"));
    put(aliases, "uniqueItems", cJSON_CreateTrue());
    put(aliases, "items", ref("#/$defs/id"));
    put(mprops, "aliases", aliases);
    cJSON *params = must(cJSON_CreateObject());
    put(params, "type", cJSON_CreateString("object"));
    put(mprops, "parameters", params);
    put(mat, "properties", mprops);
    cJSON *all = must(cJSON_CreateArray());
    for (int c = SIASSB_CLASS_LISI; c <= SIASSB_CLASS_COUNTER; c++) {
        char name[64];
        snprintf(name, sizeof name, "parameters_%s", siassb_class_name(c));
        put(defs, name, class_parameters(c));
        cJSON *cond = must(cJSON_CreateObject());
        cJSON *iff = must(cJSON_CreateObject());
        cJSON *ip = must(cJSON_CreateObject());
        cJSON *cc = must(cJSON_CreateObject());
        put(cc, "const", cJSON_CreateString(siassb_class_name(c)));
        put(ip, "class", cc);
        put(iff, "properties", ip);
        cJSON *ireq = must(cJSON_CreateArray());
        push(ireq, cJSON_CreateString("class"));
        put(iff, "required", ireq);
        put(cond, "if", iff);
        cJSON *then = must(cJSON_CreateObject());
        cJSON *tp = must(cJSON_CreateObject());
        char target[96];
        snprintf(target, sizeof target, "#/$defs/%s", name);
        put(tp, "parameters", ref(target));
        put(then, "properties", tp);
        put(cond, "then", then);
        push(all, cond);
    }
    put(mat, "allOf", all);
    put(defs, "material", mat);
    put(root, "$defs", defs);
    return root;
}

static void markdown(FILE *out)
{
    for (int c = SIASSB_CLASS_LISI; c <= SIASSB_CLASS_COUNTER; c++) {
        unsigned mask = 1u << (c - 1);
        fprintf(out, "\n### Class `%s`\n\n", siassb_class_name(c));
        fprintf(out, "| key | kind | required | allowed values | unit | meaning |\n");
        fprintf(out, "|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < siassb__key_count(); i++) {
            const siassb__key *k = siassb__key_at(i);
            if (!(k->classes & mask))
                continue;
            char req[96] = "no";
            if (k->required & mask)
                snprintf(req, sizeof req, "yes");
            else if (k->when_key)
                snprintf(req, sizeof req, "if %s = %s", k->when_key, k->when_value);
            char allowed[160];
            if (k->kind == SIASSB__KEY_CHOICE)
                snprintf(allowed, sizeof allowed, "%s", k->choices);
            else if (k->kind == SIASSB__KEY_TABLE)
                snprintf(allowed, sizeof allowed, "y in %s%g, %g] vs `%s`", k->lo_open ? "(" : "[",
                         k->lo, k->hi, k->abscissa);
            else
                snprintf(allowed, sizeof allowed, "%s%g, %g]", k->lo_open ? "(" : "[", k->lo, k->hi);
            fprintf(out, "| `%s` | %s | %s | %s | %s | %s |\n", k->name,
                    k->kind == SIASSB__KEY_SCALAR   ? "scalar"
                    : k->kind == SIASSB__KEY_CHOICE ? "choice"
                                                    : "table",
                    req, allowed, k->unit[0] ? k->unit : "-", k->description);
        }
    }
}

/* Markdown table cells: no '|' or line breaks. */
static void cell(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
}

static int materials_doc(FILE *out)
{
    siassb_db *db;
    char err[512];
    if (siassb_db_open_default(&db, err, sizeof err) != SIASSB_OK) {
        fprintf(stderr, "gen_dbdoc: %s\n", err);
        return 1;
    }
    fprintf(out, "# Materials of the embedded database\n\n"
                 "Generated from data/materials/*.json by `ninja -C build update-schema`\n"
                 "(tools/build/gen_dbdoc.c); a test fails when this file is stale. Units are in the\n"
                 "parameter names and in the unit column; provenance: *assumed* values are defaults\n"
                 "by rule (the source gives the reason), *fitted* values name what they were fitted\n"
                 "to, *family* values are known only for the material family.\n\n"
                 "Not modelled in this version: conversion electrodes (sulfur, Li2S). The review's\n"
                 "Li-S cells are outside the library's scope until a conversion cathode exists.\n");
    for (int c = SIASSB_CLASS_LISI; c <= SIASSB_CLASS_COUNTER; c++) {
        size_t n;
        siassb_db_count(db, c, &n);
        fprintf(out, "\n## Class `%s` (%zu materials)\n", siassb_class_name(c), n);
        for (size_t i = 0; i < n; i++) {
            const char *id;
            siassb_material *m;
            siassb_db_id(db, c, i, &id);
            if (siassb_material_open(db, id, &m, err, sizeof err) != SIASSB_OK) {
                fprintf(stderr, "gen_dbdoc: %s\n", err);
                siassb_db_free(db);
                return 1;
            }
            fprintf(out, "\n### %s", m->id);
            if (m->name)
                fprintf(out, ": %s", m->name);
            fprintf(out, "\n\n");
            if (m->n_aliases) {
                fprintf(out, "Aliases:");
                for (size_t a = 0; a < m->n_aliases; a++)
                    fprintf(out, "%s `%s`", a ? "," : "", m->aliases[a]);
                fprintf(out, ". ");
            }
            if (m->proxy_of)
                fprintf(out, "Stands in for `%s`. ", m->proxy_of);
            if (m->description)
                cell(out, m->description);
            fprintf(out, "\n\n| parameter | value | unit | provenance | source |\n|---|---|---|---|---|\n");
            for (size_t k = 0; k < m->n_params; k++) {
                const siassb__param *p = &m->params[k];
                const siassb__key *key = siassb__key_find(p->name, m->cls);
                fprintf(out, "| `%s` | ", p->name);
                if (p->kind == SIASSB__KEY_SCALAR) {
                    fprintf(out, "%.6g", p->value);
                } else if (p->kind == SIASSB__KEY_CHOICE) {
                    fprintf(out, "%s", p->choice);
                } else {
                    double lo = p->y[0], hi = p->y[0];
                    for (size_t j = 1; j < p->n; j++) {
                        lo = p->y[j] < lo ? p->y[j] : lo;
                        hi = p->y[j] > hi ? p->y[j] : hi;
                    }
                    if (p->n == 1)
                        fprintf(out, "%.6g (constant)", p->y[0]);
                    else
                        fprintf(out, "table, %zu points, %s %.4g-%.4g, values %.4g-%.4g", p->n,
                                p->abscissa, p->x[0], p->x[p->n - 1], lo, hi);
                }
                fprintf(out, " | %s | %s", key && key->unit[0] ? key->unit : "-",
                        p->provenance == SIASSB_PROVENANCE_ASSUMED  ? "assumed"
                        : p->provenance == SIASSB_PROVENANCE_FITTED ? "fitted"
                                                                    : "source");
                if (p->family)
                    fprintf(out, ", family: %s", p->family);
                fprintf(out, " | ");
                cell(out, p->source);
                if (p->provenance == SIASSB_PROVENANCE_FITTED) {
                    fprintf(out, " Fitted to:");
                    for (size_t j = 0; j < p->n_fitted; j++) {
                        fputc(' ', out);
                        cell(out, p->fitted_to[j]);
                    }
                }
                if (p->note) {
                    fprintf(out, " Note: ");
                    cell(out, p->note);
                }
                fprintf(out, " |\n");
            }
            siassb_material_free(m);
        }
    }
    siassb_db_free(db);
    return 0;
}



static int cells_doc(FILE *out)
{
    fprintf(out, "\n### Parameters\n\n"
                 "Generated from the registry in lib/cell/cell.h. Bounds are closed; a value\n"
                 "outside them is refused, never clamped. Material rows take a database id of\n"
                 "the class shown; they have no library default.\n\n"
                 "| parameter | kind | unit | default | allowed | meaning |\n"
                 "|---|---|---|---|---|---|\n");
    for (int i = 0; i < SIASSB__CP_COUNT; i++) {
        const siassb__cell_param_def *d = siassb__cell_param_def_at(i);
        char def[64], allowed[128];
        const char *kind = d->kind == SIASSB__CPK_NUMBER    ? "number"
                           : d->kind == SIASSB__CPK_INTEGER ? "integer"
                           : d->kind == SIASSB__CPK_CHOICE  ? "choice"
                                                            : "material";
        if (d->kind == SIASSB__CPK_CHOICE) {
            choice_word(d->choices, (int)d->def, def, sizeof def);
            snprintf(allowed, sizeof allowed, "%s", d->choices);
        } else if (d->kind == SIASSB__CPK_MATERIAL) {
            snprintf(def, sizeof def, "-");
            snprintf(allowed, sizeof allowed, "class `%s`", d->choices);
        } else {
            snprintf(def, sizeof def, "%.6g", d->def);
            snprintf(allowed, sizeof allowed, "[%g, %g]%s", d->lo, d->hi,
                     d->kind == SIASSB__CPK_INTEGER ? ", whole" : "");
        }
        fprintf(out, "| `%s` | %s | %s | %s | ", d->name, kind, d->unit[0] ? d->unit : "-", def);
        cell(out, allowed);
        fprintf(out, " | ");
        cell(out, d->description);
        fprintf(out, " |\n");
    }
    siassb_db *db;
    char err[512];
    if (siassb_db_open_default(&db, err, sizeof err) != SIASSB_OK) {
        fprintf(stderr, "gen_dbdoc: %s\n", err);
        return 1;
    }
    size_t n;
    siassb_preset_count(&n);
    fprintf(out, "\n### Presets\n\n"
                 "Generated from data/cells/*.json. *assumed* values are defaults by rule (the\n"
                 "source gives the reason); rows a preset does not give take the library default.\n");
    for (size_t p = 0; p < n; p++) {
        const char *name, *desc;
        siassb_preset_info(p, &name, &desc);
        siassb_cell *c;
        if (siassb_cell_open_preset(db, name, &c, err, sizeof err) != SIASSB_OK) {
            fprintf(stderr, "gen_dbdoc: %s\n", err);
            siassb_db_free(db);
            return 1;
        }
        siassb__cell_derived d;
        double whkg = NAN, whl = NAN;
        if (siassb__cell_derive(c, &d, err, sizeof err) != SIASSB_OK ||
            siassb_cell_energy(c, &whkg, &whl) != SIASSB_OK) {
            fprintf(stderr, "gen_dbdoc: %s: %s\n", name, siassb_cell_errmsg(c));
            siassb_cell_free(c);
            siassb_db_free(db);
            return 1;
        }
        fprintf(out, "\n#### `%s`\n\n", name);
        cell(out, desc);
        fprintf(out, "\n\nDerived: Si %.4g mg/cm2, anode %.4g mAh/cm2", d.si_mass_kg_per_m2 * 100,
                d.anode_capacity_mAh_per_cm2);
        if (isfinite(d.np_ratio))
            fprintf(out, ", cathode %.4g mAh/cm2 (%.4g um thick), N/P %.3f",
                    d.cathode_capacity_mAh_per_cm2, d.cathode_thickness_m * 1e6, d.np_ratio);
        fprintf(out, "; 1C = %.4g mA/cm2; %.1f Wh/kg and %.1f Wh/L (`siassb cell energy "
                     "--preset %s`).\n\n",
                d.nominal_capacity_mAh_per_cm2, whkg, whl, name);
        fprintf(out, "| parameter | value | provenance | source |\n|---|---|---|---|\n");
        for (int i = 0; i < SIASSB__CP_COUNT; i++) {
            const siassb__cell_param_def *def = siassb__cell_param_def_at(i);
            char value[96];
            if (def->kind == SIASSB__CPK_MATERIAL) {
                if (!c->material[i])
                    continue;
                snprintf(value, sizeof value, "%s", c->material[i]->id);
            } else if (def->kind == SIASSB__CPK_CHOICE) {
                choice_word(def->choices, (int)c->value[i], value, sizeof value);
            } else {
                snprintf(value, sizeof value, "%.6g", c->value[i]);
            }
            cJSON *prov = c->provenance[i] ? cJSON_Parse(c->provenance[i]) : NULL;
            const cJSON *src = cJSON_GetObjectItemCaseSensitive(prov, "source");
            const cJSON *note = cJSON_GetObjectItemCaseSensitive(prov, "note");
            const cJSON *fitted = cJSON_GetObjectItemCaseSensitive(prov, "fitted");
            int assumed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(prov, "assumed"));
            fprintf(out, "| `%s` | %s | %s | ", def->name, value,
                    assumed ? "assumed" : fitted ? "fitted" : "source");
            cell(out, cJSON_IsString(src) ? src->valuestring : "");
            if (cJSON_IsString(note)) {
                fprintf(out, " Note: ");
                cell(out, note->valuestring);
            }
            fprintf(out, " |\n");
            cJSON_Delete(prov);
        }
        siassb_cell_free(c);
    }
    siassb_db_free(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 ||
        (strcmp(argv[1], "schema") != 0 && strcmp(argv[1], "markdown") != 0 &&
         strcmp(argv[1], "materials") != 0 && strcmp(argv[1], "cells") != 0)) {
        fprintf(stderr, "usage: gen_dbdoc schema|markdown|materials|cells [OUTPUT]\n");
        return 1;
    }
    FILE *out = argc == 3 ? fopen(argv[2], "w") : stdout;
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    if (strcmp(argv[1], "schema") == 0) {
        cJSON *s = schema();
        char *text = cJSON_Print(s);
        if (!text) {
            fprintf(stderr, "gen_dbdoc: out of memory\n");
            return 1;
        }
        fprintf(out, "%s\n", text);
        cJSON_free(text);
        cJSON_Delete(s);
    } else if (strcmp(argv[1], "markdown") == 0) {
        markdown(out);
    } else if (strcmp(argv[1], "cells") == 0) {
        if (cells_doc(out) != 0)
            return 1;
    } else if (materials_doc(out) != 0) {
        return 1;
    }
    if (out != stdout && fclose(out) != 0) {
        perror(argv[2]);
        return 1;
    }
    return 0;
}
