#include "db/load.h"

#include "db/keys.h"
#include "siassb.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void siassb__matset_clear(siassb__matset *set)
{
    for (size_t i = 0; i < set->n; i++)
        siassb__material_destroy(set->mats[i]);
    free(set->mats);
    set->mats = NULL;
    set->n = 0;
}

int siassb__read_file(const char *path, char **text, size_t *len, char *msg, size_t cap)
{
    *text = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        siassb__msg(msg, cap, "%s: cannot open: %s", path, strerror(errno));
        return SIASSB_E_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        siassb__msg(msg, cap, "%s: cannot stat: %s", path, strerror(errno));
        close(fd);
        return SIASSB_E_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        siassb__msg(msg, cap, "%s: not a regular file (%s); a database file must be a regular file",
                    path, S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
        close(fd);
        return SIASSB_E_INVALID;
    }
    if ((uintmax_t)st.st_size > SIASSB__DB_MAX_FILE_BYTES) {
        siassb__msg(msg, cap, "%s: %jd bytes; a database file may have at most 16 MiB (%u bytes)",
                    path, (intmax_t)st.st_size, SIASSB__DB_MAX_FILE_BYTES);
        close(fd);
        return SIASSB_E_INVALID;
    }
    /* The file may grow between fstat and read: read at most the limit + 1. */
    size_t want = (size_t)st.st_size + 1;
    char *buf = malloc(want + 1);
    if (!buf) {
        close(fd);
        siassb__msg(msg, cap, "%s: out of memory reading %zu bytes", path, want);
        return SIASSB_E_NOMEM;
    }
    size_t got = 0;
    for (;;) {
        if (got == want) {
            char *bigger = got > SIASSB__DB_MAX_FILE_BYTES ? NULL : realloc(buf, 2 * want + 1);
            if (!bigger) {
                free(buf);
                close(fd);
                siassb__msg(msg, cap, "%s: larger than 16 MiB (%u bytes), or grew while read",
                            path, SIASSB__DB_MAX_FILE_BYTES);
                return SIASSB_E_INVALID;
            }
            buf = bigger;
            want *= 2;
        }
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            siassb__msg(msg, cap, "%s: read error: %s", path, strerror(e));
            return SIASSB_E_IO;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got > SIASSB__DB_MAX_FILE_BYTES) {
        free(buf);
        siassb__msg(msg, cap, "%s: larger than 16 MiB (%u bytes)", path, SIASSB__DB_MAX_FILE_BYTES);
        return SIASSB_E_INVALID;
    }
    buf[got] = '\0';
    *text = buf;
    *len = got;
    return SIASSB_OK;
}

/* ---- parsing helpers ---- */

typedef struct ctx {
    const char *label; /* file name for messages */
    const char *id;    /* current material id, or NULL */
    char *msg;
    size_t cap;
} ctx;

static int fail(ctx *c, int code, const char *key, const char *fmt, ...) SIASSB__PRINTF(4, 5);

int siassb__vfail_at(char *msg, size_t cap, const char *label, const char *id, const char *key,
                     int code, const char *fmt, va_list ap)
{
    char what[SIASSB__MSG_CAP];
    siassb__vmsg(what, sizeof what, fmt, ap);
    char where[SIASSB__MSG_CAP / 2] = "";
    if (id && key)
        siassb__msg(where, sizeof where, "material '%s': key '%s': ", id, key);
    else if (id)
        siassb__msg(where, sizeof where, "material '%s': ", id);
    else if (key)
        siassb__msg(where, sizeof where, "key '%s': ", key);
    siassb__msg(msg, cap, "%s: %s%s", label, where, what);
    return code;
}

int siassb__json_add(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return 0;
    if (!cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

/* Messages read "FILE: material 'ID': key 'KEY': what is wrong; what is allowed". */
static int fail(ctx *c, int code, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = siassb__vfail_at(c->msg, c->cap, c->label, c->id, key, code, fmt, ap);
    va_end(ap);
    return code;
}

static int utf8_valid(const unsigned char *s, size_t n, size_t *bad_at)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        size_t extra;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xe0) == 0xc0) {
            extra = 1, cp = b & 0x1f;
        } else if ((b & 0xf0) == 0xe0) {
            extra = 2, cp = b & 0x0f;
        } else if ((b & 0xf8) == 0xf0) {
            extra = 3, cp = b & 0x07;
        } else {
            *bad_at = i;
            return 0;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (i + k >= n || (s[i + k] & 0xc0) != 0x80) {
                *bad_at = i;
                return 0;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        /* reject overlong forms, surrogates and code points beyond U+10FFFF */
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
            (extra == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            *bad_at = i;
            return 0;
        }
        i += extra + 1;
    }
    return 1;
}

static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n')
            (*line)++, *col = 1;
        else
            (*col)++;
    }
}

/* cJSON is lenient where RFC 8259 is not (leading zeros, control characters
 * in strings, other whitespace). This lexical pass holds the text to the RFC
 * so that the C loader and strict JSON tools refuse the same files; cJSON
 * then checks the structure. Returns the offset of the first bad byte, or
 * len when the tokens are all valid. */
static size_t strict_json_lex(const char *t, size_t len, const char **what)
{
    size_t i = 0;
    while (i < len) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '{' || ch == '}' ||
            ch == '[' || ch == ']' || ch == ',' || ch == ':') {
            i++;
        } else if (ch == '"') {
            for (i++;; i++) {
                if (i >= len) {
                    *what = "unterminated string";
                    return i;
                }
                unsigned char c = (unsigned char)t[i];
                if (c == '"')
                    break;
                if (c < 0x20) {
                    *what = "control character inside a string (write it as an escape)";
                    return i;
                }
                if (c == '\\') {
                    if (i + 1 >= len || !strchr("\"\\/bfnrtu", t[i + 1])) {
                        *what = "invalid escape in a string";
                        return i;
                    }
                    i++;
                }
            }
            i++;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t start = i;
            if (t[i] == '-')
                i++;
            if (i < len && t[i] == '0') {
                i++;
            } else if (i < len && t[i] >= '1' && t[i] <= '9') {
                while (i < len && t[i] >= '0' && t[i] <= '9')
                    i++;
            } else {
                *what = "invalid number";
                return start;
            }
            if (i < len && t[i] >= '0' && t[i] <= '9') {
                *what = "number with a leading zero";
                return start;
            }
            if (i < len && t[i] == '.') {
                i++;
                if (i >= len || t[i] < '0' || t[i] > '9') {
                    *what = "invalid number (digits must follow '.')";
                    return start;
                }
                while (i < len && t[i] >= '0' && t[i] <= '9')
                    i++;
            }
            if (i < len && (t[i] == 'e' || t[i] == 'E')) {
                i++;
                if (i < len && (t[i] == '+' || t[i] == '-'))
                    i++;
                if (i >= len || t[i] < '0' || t[i] > '9') {
                    *what = "invalid number (digits must follow the exponent)";
                    return start;
                }
                while (i < len && t[i] >= '0' && t[i] <= '9')
                    i++;
            }
        } else if (len - i >= 4 && (memcmp(t + i, "true", 4) == 0 || memcmp(t + i, "null", 4) == 0)) {
            i += 4;
        } else if (len - i >= 5 && memcmp(t + i, "false", 5) == 0) {
            i += 5;
        } else {
            *what = "not JSON here (NaN, Infinity, comments and single quotes are not JSON)";
            return i;
        }
    }
    return len;
}

/* Finds a duplicate key in any object of the tree, or a non-finite number. */
static int check_tree(ctx *c, const cJSON *node, int depth)
{
    if (depth > 64)
        return fail(c, SIASSB_E_INVALID, NULL, "JSON nested deeper than 64 levels; allowed: 64");
    if (cJSON_IsNumber(node) && !isfinite(node->valuedouble))
        return fail(c, SIASSB_E_INVALID, node->string,
                    "a number overflows a double (e.g. 1e400); allowed: finite numbers");
    if (cJSON_IsObject(node)) {
        if (cJSON_GetArraySize(node) > 4096)
            return fail(c, SIASSB_E_INVALID, node->string,
                        "an object with %d keys; allowed: at most 4096", cJSON_GetArraySize(node));
        for (const cJSON *a = node->child; a; a = a->next)
            for (const cJSON *b = a->next; b; b = b->next)
                if (a->string && b->string && strcmp(a->string, b->string) == 0)
                    return fail(c, SIASSB_E_INVALID, a->string,
                                "duplicate key in one object; allowed: each key once");
    }
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
        int rc = check_tree(c, ch, depth + 1);
        if (rc)
            return rc;
    }
    return SIASSB_OK;
}

int siassb__id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SIASSB__DB_MAX_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            return 0;
    }
    return 1;
}

#define ID_RULE "1-64 printable ASCII characters without spaces, quotes or backslashes"

static int take_string(ctx *c, const cJSON *item, const char *key, char **out, int nonempty)
{
    if (!cJSON_IsString(item) || !item->valuestring)
        return fail(c, SIASSB_E_INVALID, key, "must be a string");
    if (nonempty && item->valuestring[0] == '\0')
        return fail(c, SIASSB_E_INVALID, key, "must be a non-empty string");
    *out = siassb__strdup(item->valuestring);
    if (!*out)
        return fail(c, SIASSB_E_NOMEM, key, "out of memory");
    return SIASSB_OK;
}

static int in_bounds(double v, double lo, double hi, int lo_open)
{
    return (lo_open ? v > lo : v >= lo) && v <= hi;
}

static int take_numbers(ctx *c, const cJSON *arr, const char *pkey, const char *which, double **out,
                        size_t *n)
{
    char key[160];
    siassb__msg(key, sizeof key, "%s.%s", pkey, which);
    if (!cJSON_IsArray(arr))
        return fail(c, SIASSB_E_INVALID, key, "must be an array of numbers");
    int count = cJSON_GetArraySize(arr);
    if (count < 1)
        return fail(c, SIASSB_E_INVALID, key, "empty table; allowed: 1 to %d points",
                    SIASSB__DB_MAX_TABLE_POINTS);
    if (count > SIASSB__DB_MAX_TABLE_POINTS)
        return fail(c, SIASSB_E_INVALID, key, "%d points; allowed: 1 to %d", count,
                    SIASSB__DB_MAX_TABLE_POINTS);
    double *v = malloc((size_t)count * sizeof *v);
    if (!v)
        return fail(c, SIASSB_E_NOMEM, key, "out of memory");
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        if (!cJSON_IsNumber(e)) {
            free(v);
            return fail(c, SIASSB_E_INVALID, key, "element %zu is not a number", i);
        }
        v[i] = e->valuedouble;
    }
    *out = v;
    *n = (size_t)count;
    return SIASSB_OK;
}

static int fmt_bounds(char *buf, size_t cap, double lo, double hi, int lo_open)
{
    siassb__msg(buf, cap, "%s%g, %g]", lo_open ? "(" : "[", lo, hi);
    return 0;
}

static int parse_provenance(ctx *c, const cJSON *obj, const char *pkey, siassb__param *p)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(obj, "source");
    char key[160];
    siassb__msg(key, sizeof key, "%s.source", pkey);
    if (!src)
        return fail(c, SIASSB_E_INVALID, pkey,
                    "no 'source'; every value needs one (the paper and table or figure, or the "
                    "reason for an assumed value)");
    int rc = take_string(c, src, key, &p->source, 1);
    if (rc)
        return rc;
    p->provenance = SIASSB_PROVENANCE_SOURCE;
    const cJSON *assumed = cJSON_GetObjectItemCaseSensitive(obj, "assumed");
    const cJSON *fitted = cJSON_GetObjectItemCaseSensitive(obj, "fitted");
    if (assumed) {
        siassb__msg(key, sizeof key, "%s.assumed", pkey);
        if (!cJSON_IsTrue(assumed))
            return fail(c, SIASSB_E_INVALID, key, "must be true when present");
        p->provenance = SIASSB_PROVENANCE_ASSUMED;
    }
    if (fitted) {
        siassb__msg(key, sizeof key, "%s.fitted", pkey);
        if (assumed)
            return fail(c, SIASSB_E_INVALID, key, "a value is either assumed or fitted, not both");
        const cJSON *to = cJSON_IsObject(fitted) ? cJSON_GetObjectItemCaseSensitive(fitted, "to")
                                                 : NULL;
        if (!to || cJSON_GetArraySize(fitted) != 1 || !cJSON_IsArray(to) ||
            cJSON_GetArraySize(to) < 1)
            return fail(c, SIASSB_E_INVALID, key,
                        "must be {\"to\": [\"observation\", ...]} with at least one observation");
        size_t n = (size_t)cJSON_GetArraySize(to);
        p->fitted_to = calloc(n, sizeof *p->fitted_to);
        if (!p->fitted_to)
            return fail(c, SIASSB_E_NOMEM, key, "out of memory");
        for (const cJSON *e = to->child; e; e = e->next) {
            rc = take_string(c, e, key, &p->fitted_to[p->n_fitted], 1);
            if (rc)
                return rc;
            p->n_fitted++;
        }
        p->provenance = SIASSB_PROVENANCE_FITTED;
    }
    const cJSON *family = cJSON_GetObjectItemCaseSensitive(obj, "family");
    if (family) {
        siassb__msg(key, sizeof key, "%s.family", pkey);
        if ((rc = take_string(c, family, key, &p->family, 1)))
            return rc;
    }
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(obj, "note");
    if (note) {
        siassb__msg(key, sizeof key, "%s.note", pkey);
        if ((rc = take_string(c, note, key, &p->note, 0)))
            return rc;
    }
    return SIASSB_OK;
}

static int parse_param(ctx *c, int cls, const cJSON *item, siassb__param *p)
{
    const char *pkey = item->string;
    const siassb__key *k = siassb__key_find(pkey, cls);
    if (!k)
        return fail(c, SIASSB_E_INVALID, pkey,
                    "not a parameter of class '%s'; allowed: the keys listed for it in "
                    "doc/database.md ('siassb materials keys --class %s')",
                    siassb_class_name(cls), siassb_class_name(cls));
    if (!cJSON_IsObject(item))
        return fail(c, SIASSB_E_INVALID, pkey,
                    "must be an object such as {\"value\": ..., \"source\": \"...\"}");
    p->name = siassb__strdup(pkey);
    if (!p->name)
        return fail(c, SIASSB_E_NOMEM, pkey, "out of memory");
    p->kind = k->kind;
    static const char *const common[] = {"source", "assumed", "fitted", "family", "note"};
    static const char *const scalar_fields[] = {"value"};
    static const char *const table_fields[] = {"x", "y", "abscissa"};
    for (const cJSON *f = item->child; f; f = f->next) {
        int known = 0;
        for (size_t i = 0; i < sizeof common / sizeof *common; i++)
            known |= strcmp(f->string, common[i]) == 0;
        if (k->kind == SIASSB__KEY_TABLE)
            for (size_t i = 0; i < 3; i++)
                known |= strcmp(f->string, table_fields[i]) == 0;
        else
            known |= strcmp(f->string, scalar_fields[0]) == 0;
        if (!known)
            return fail(c, SIASSB_E_INVALID, pkey,
                        "unknown field '%s'; allowed: %s, source, assumed, fitted, family, note",
                        f->string, k->kind == SIASSB__KEY_TABLE ? "x, y, abscissa" : "value");
    }
    char b[64];
    if (k->kind == SIASSB__KEY_SCALAR) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, "value");
        if (!v || !cJSON_IsNumber(v))
            return fail(c, SIASSB_E_INVALID, pkey, "'value' must be a number in %s (%s)",
                        (fmt_bounds(b, sizeof b, k->lo, k->hi, k->lo_open), b), k->unit);
        if (!in_bounds(v->valuedouble, k->lo, k->hi, k->lo_open))
            return fail(c, SIASSB_E_INVALID, pkey, "value %g out of range; allowed: %s (%s)",
                        v->valuedouble, (fmt_bounds(b, sizeof b, k->lo, k->hi, k->lo_open), b),
                        k->unit);
        p->value = v->valuedouble;
    } else if (k->kind == SIASSB__KEY_CHOICE) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, "value");
        if (!v || !cJSON_IsString(v) || !siassb__key_choice_ok(k, v->valuestring))
            return fail(c, SIASSB_E_INVALID, pkey, "'value' must be one of: %s", k->choices);
        p->choice = siassb__strdup(v->valuestring);
        if (!p->choice)
            return fail(c, SIASSB_E_NOMEM, pkey, "out of memory");
    } else {
        const cJSON *ab = cJSON_GetObjectItemCaseSensitive(item, "abscissa");
        if (!ab || !cJSON_IsString(ab) || strcmp(ab->valuestring, k->abscissa) != 0)
            return fail(c, SIASSB_E_INVALID, pkey, "'abscissa' must be \"%s\" for this table",
                        k->abscissa);
        p->abscissa = siassb__strdup(ab->valuestring);
        if (!p->abscissa)
            return fail(c, SIASSB_E_NOMEM, pkey, "out of memory");
        const cJSON *xs = cJSON_GetObjectItemCaseSensitive(item, "x");
        const cJSON *ys = cJSON_GetObjectItemCaseSensitive(item, "y");
        if (!xs || !ys)
            return fail(c, SIASSB_E_INVALID, pkey, "a table needs both 'x' and 'y' arrays");
        size_t nx = 0, ny = 0;
        int rc = take_numbers(c, xs, pkey, "x", &p->x, &nx);
        if (rc)
            return rc;
        if ((rc = take_numbers(c, ys, pkey, "y", &p->y, &ny)))
            return rc;
        p->n = nx; /* the arrays are owned either way */
        if (nx != ny)
            return fail(c, SIASSB_E_INVALID, pkey,
                        "'x' has %zu points and 'y' %zu; allowed: equal lengths", nx, ny);
        double xlo, xhi;
        int xopen;
        siassb__abscissa_bounds(k->abscissa, &xlo, &xhi, &xopen);
        for (size_t i = 0; i < nx; i++) {
            if (!in_bounds(p->x[i], xlo, xhi, xopen))
                return fail(c, SIASSB_E_INVALID, pkey, "x[%zu] = %g out of range; allowed for "
                            "abscissa '%s': %s", i, p->x[i], k->abscissa,
                            (fmt_bounds(b, sizeof b, xlo, xhi, xopen), b));
            if (i > 0 && !(p->x[i] > p->x[i - 1]))
                return fail(c, SIASSB_E_INVALID, pkey,
                            "x[%zu] = %g does not exceed x[%zu] = %g; allowed: strictly "
                            "increasing x", i, p->x[i], i - 1, p->x[i - 1]);
            if (!in_bounds(p->y[i], k->lo, k->hi, k->lo_open))
                return fail(c, SIASSB_E_INVALID, pkey, "y[%zu] = %g out of range; allowed: %s (%s)",
                            i, p->y[i], (fmt_bounds(b, sizeof b, k->lo, k->hi, k->lo_open), b),
                            k->unit);
        }
    }
    return parse_provenance(c, item, pkey, p);
}

static const char *const material_fields[] = {"id",          "class",    "name",      "aliases",
                                              "description", "proxy_of", "parameters"};

static int parse_material(ctx *c, const cJSON *obj, size_t index, struct siassb_material *m)
{
    char key[48];
    siassb__msg(key, sizeof key, "materials[%zu]", index);
    if (!cJSON_IsObject(obj))
        return fail(c, SIASSB_E_INVALID, key, "must be an object");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    if (!id)
        return fail(c, SIASSB_E_INVALID, key, "no 'id'; allowed: %s", ID_RULE);
    if (!cJSON_IsString(id) || !siassb__id_ok(id->valuestring))
        return fail(c, SIASSB_E_INVALID, key, "bad 'id'; allowed: %s", ID_RULE);
    if (!(m->id = siassb__strdup(id->valuestring)))
        return fail(c, SIASSB_E_NOMEM, key, "out of memory");
    c->id = m->id;
    for (const cJSON *f = obj->child; f; f = f->next) {
        int known = 0;
        for (size_t i = 0; i < sizeof material_fields / sizeof *material_fields; i++)
            known |= strcmp(f->string, material_fields[i]) == 0;
        if (!known)
            return fail(c, SIASSB_E_INVALID, f->string,
                        "unknown material field; allowed: id, class, name, aliases, description, "
                        "proxy_of, parameters");
    }
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(obj, "class");
    if (!cls || !cJSON_IsString(cls) ||
        siassb_class_from_name(cls->valuestring, &m->cls) != SIASSB_OK)
        return fail(c, SIASSB_E_INVALID, "class",
                    "must be one of: lisi, electrolyte, cathode, counter");
    int rc;
    const cJSON *s;
    if ((s = cJSON_GetObjectItemCaseSensitive(obj, "name")) &&
        (rc = take_string(c, s, "name", &m->name, 0)))
        return rc;
    if ((s = cJSON_GetObjectItemCaseSensitive(obj, "description")) &&
        (rc = take_string(c, s, "description", &m->description, 0)))
        return rc;
    if ((s = cJSON_GetObjectItemCaseSensitive(obj, "proxy_of"))) {
        if (!cJSON_IsString(s) || !siassb__id_ok(s->valuestring))
            return fail(c, SIASSB_E_INVALID, "proxy_of", "must be a material id: %s", ID_RULE);
        if ((rc = take_string(c, s, "proxy_of", &m->proxy_of, 1)))
            return rc;
    }
    const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(obj, "aliases");
    if (aliases) {
        if (!cJSON_IsArray(aliases))
            return fail(c, SIASSB_E_INVALID, "aliases", "must be an array of ids (%s)", ID_RULE);
        size_t n = (size_t)cJSON_GetArraySize(aliases);
        m->aliases = n ? calloc(n, sizeof *m->aliases) : NULL;
        if (n && !m->aliases)
            return fail(c, SIASSB_E_NOMEM, "aliases", "out of memory");
        for (const cJSON *a = aliases->child; a; a = a->next) {
            if (!cJSON_IsString(a) || !siassb__id_ok(a->valuestring))
                return fail(c, SIASSB_E_INVALID, "aliases", "alias %zu is not an id (%s)",
                            m->n_aliases, ID_RULE);
            if (siassb__material_answers_to(m, a->valuestring))
                return fail(c, SIASSB_E_INVALID, "aliases",
                            "'%s' repeats the id or another alias; allowed: distinct names",
                            a->valuestring);
            if ((rc = take_string(c, a, "aliases", &m->aliases[m->n_aliases], 1)))
                return rc;
            m->n_aliases++;
        }
    }
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(obj, "parameters");
    if (!params || !cJSON_IsObject(params))
        return fail(c, SIASSB_E_INVALID, "parameters",
                    "missing or not an object; allowed: an object of parameters by name");
    size_t n = (size_t)cJSON_GetArraySize(params);
    m->params = n ? calloc(n, sizeof *m->params) : NULL;
    if (n && !m->params)
        return fail(c, SIASSB_E_NOMEM, "parameters", "out of memory");
    for (const cJSON *p = params->child; p; p = p->next) {
        rc = parse_param(c, m->cls, p, &m->params[m->n_params++]);
        if (rc)
            return rc;
    }
    siassb__material_sort_params(m);
    unsigned mask = 1u << (m->cls - 1);
    for (size_t i = 0; i < siassb__key_count(); i++) {
        const siassb__key *k = siassb__key_at(i);
        if (!(k->classes & mask) || siassb__material_param(m, k->name))
            continue;
        if (k->required & mask)
            return fail(c, SIASSB_E_INVALID, k->name, "required for class '%s' but missing (%s)",
                        siassb_class_name(m->cls), k->description);
        if (k->when_key) {
            const siassb__param *w = siassb__material_param(m, k->when_key);
            if (w && w->choice && strcmp(w->choice, k->when_value) == 0)
                return fail(c, SIASSB_E_INVALID, k->name, "required when %s is '%s' but missing",
                            k->when_key, k->when_value);
        }
    }
    return SIASSB_OK;
}

static const char *const top_fields[] = {"format", "format_version", "description", "materials"};

static int parse_root(ctx *c, const cJSON *root, siassb__matset *set)
{
    if (!cJSON_IsObject(root))
        return fail(c, SIASSB_E_INVALID, NULL,
                    "the top level must be an object with format, format_version and materials");
    for (const cJSON *f = root->child; f; f = f->next) {
        int known = 0;
        for (size_t i = 0; i < sizeof top_fields / sizeof *top_fields; i++)
            known |= strcmp(f->string, top_fields[i]) == 0;
        if (!known)
            return fail(c, SIASSB_E_INVALID, f->string,
                        "unknown top-level key; allowed: format, format_version, description, "
                        "materials");
    }
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "siassb-materials") != 0)
        return fail(c, SIASSB_E_INVALID, "format", "must be \"siassb-materials\"");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "format_version");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1.0)
        return fail(c, SIASSB_E_INVALID, "format_version", "must be 1 (this library reads 1)");
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
    if (desc && !cJSON_IsString(desc))
        return fail(c, SIASSB_E_INVALID, "description", "must be a string");
    const cJSON *mats = cJSON_GetObjectItemCaseSensitive(root, "materials");
    if (!cJSON_IsArray(mats) || cJSON_GetArraySize(mats) < 1)
        return fail(c, SIASSB_E_INVALID, "materials", "must be a non-empty array of materials");
    size_t n = (size_t)cJSON_GetArraySize(mats);
    set->mats = calloc(n, sizeof *set->mats);
    if (!set->mats)
        return fail(c, SIASSB_E_NOMEM, "materials", "out of memory");
    size_t i = 0;
    for (const cJSON *mo = mats->child; mo; mo = mo->next, i++) {
        struct siassb_material *m = calloc(1, sizeof *m);
        if (!m)
            return fail(c, SIASSB_E_NOMEM, "materials", "out of memory");
        set->mats[set->n++] = m;
        c->id = NULL;
        int rc = parse_material(c, mo, i, m);
        if (rc)
            return rc;
        /* ids and aliases are unique across the file */
        for (size_t j = 0; j + 1 < set->n; j++) {
            const struct siassb_material *o = set->mats[j];
            if (siassb__material_answers_to(o, m->id))
                return fail(c, SIASSB_E_INVALID, "id",
                            "'%s' is already used by material '%s' in this file; allowed: "
                            "unique ids", m->id, o->id);
            for (size_t a = 0; a < m->n_aliases; a++)
                if (siassb__material_answers_to(o, m->aliases[a]))
                    return fail(c, SIASSB_E_INVALID, "aliases",
                                "'%s' is already used by material '%s' in this file; allowed: "
                                "names used once", m->aliases[a], o->id);
        }
    }
    c->id = NULL;
    return SIASSB_OK;
}

int siassb__json_parse_strict(const char *text, size_t len, const char *label, cJSON **root_out,
                              char *msg, size_t cap)
{
    ctx c = {label ? label : "<string>", NULL, msg, cap};
    *root_out = NULL;
    if (len > SIASSB__DB_MAX_FILE_BYTES)
        return fail(&c, SIASSB_E_INVALID, NULL, "%zu bytes; allowed: at most 16 MiB", len);
    size_t bad = 0;
    if (!utf8_valid((const unsigned char *)text, len, &bad)) {
        size_t line, col;
        line_col(text, bad, &line, &col);
        return fail(&c, SIASSB_E_PARSE, NULL, "invalid UTF-8 at line %zu, column %zu", line, col);
    }
    if (memchr(text, '\0', len))
        return fail(&c, SIASSB_E_PARSE, NULL, "contains a NUL byte; allowed: UTF-8 JSON text");
    const char *what = NULL;
    size_t bad_tok = strict_json_lex(text, len, &what);
    if (bad_tok < len) {
        size_t line, col;
        line_col(text, bad_tok, &line, &col);
        return fail(&c, SIASSB_E_PARSE, NULL, "malformed JSON at line %zu, column %zu: %s", line,
                    col, what);
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        if (len == 0)
            return fail(&c, SIASSB_E_PARSE, NULL, "empty file; allowed: a JSON object");
        size_t line, col;
        line_col(text, off, &line, &col);
        return fail(&c, SIASSB_E_PARSE, NULL,
                    "malformed JSON near line %zu, column %zu (NaN, Infinity, comments and "
                    "trailing commas are not JSON)",
                    line, col);
    }
    size_t off = (size_t)(end - text);
    while (off < len && (text[off] == ' ' || text[off] == '\t' || text[off] == '\n' ||
                         text[off] == '\r'))
        off++;
    int rc = SIASSB_OK;
    if (off < len) {
        size_t line, col;
        line_col(text, off, &line, &col);
        rc = fail(&c, SIASSB_E_PARSE, NULL, "text after the JSON value at line %zu, column %zu",
                  line, col);
    }
    if (!rc)
        rc = check_tree(&c, root, 0);
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    *root_out = root;
    return SIASSB_OK;
}

int siassb__parse_materials(const char *text, size_t len, const char *label, siassb__matset *set,
                            char *msg, size_t cap)
{
    ctx c = {label ? label : "<string>", NULL, msg, cap};
    set->mats = NULL;
    set->n = 0;
    cJSON *root = NULL;
    int rc = siassb__json_parse_strict(text, len, c.label, &root, msg, cap);
    if (rc)
        return rc;
    rc = parse_root(&c, root, set);
    cJSON_Delete(root);
    if (rc)
        siassb__matset_clear(set);
    return rc;
}
