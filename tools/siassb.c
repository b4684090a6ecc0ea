/* siassb: command-line front end of libsiassb. Uses the public header only. */
#include "cli.h"

#include <siassb.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DB_FILES 64

static const char usage_text[] =
    "usage: siassb [--db FILE]... COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  version                                   print the library version\n"
    "  materials list [--class CLASS] [--format table|json]\n"
    "                                            list the materials (CLASS: lisi, electrolyte,\n"
    "                                            cathode, counter)\n"
    "  materials show ID [--format table|json]   show one material with every parameter and its\n"
    "                                            source\n"
    "  materials properties ID                   list the properties ID can evaluate\n"
    "  materials eval ID PROPERTY [--x X | --sto S] [--branch lith|delith] [--T KELVIN]\n"
    "                 [--format table|json]      evaluate a property (or read a stored\n"
    "                                            parameter) at one state\n"
    "  materials curve ID PROPERTY --var x|sto|T --from A --to B --points N\n"
    "                 [--x X | --sto S] [--branch lith|delith] [--T KELVIN]\n"
    "                                            print a property over a range as CSV\n"
    "  cell params                               list the cell parameters (name, unit, default, range)\n"
    "  cell energy (--cell FILE | --preset NAME) [--set NAME=VALUE]... [--format table|json]\n"
    "                                            energy budget of the layer stack\n"
    "  presets list                              list the embedded cell presets\n"
    "  cycle [--cell FILE | --preset NAME] [--set NAME=VALUE]... [--cycles N]\n"
    "        [--rate C | --current-density A_PER_M2] [--vmin V] [--vmax V] [--cv-cutoff C]\n"
    "        [--out steps.csv] [--checkpoint FILE] [--format table|json]\n"
    "  cycle --resume FILE --cycles N [...]      cycle a cell; per-cycle results on stdout\n"
    "\n"
    "options:\n"
    "  --db FILE   load a materials file over the embedded default (repeatable)\n"
    "  -h, --help  show this help\n"
    "\n"
    "exit codes: 0 success, 1 usage error, 2 bad input, 3 simulation failed, 4 I/O error\n";

/* Options shared by the materials subcommands. */
typedef struct opts {
    int cls;
    int json;
    const char *id, *property;
    double composition, T, hysteresis;
    int have_composition;
    const char *var; /* curve: x, sto or T */
    double from, to;
    long points;
} opts;

/* positional: the number of positional arguments the command takes (ID, PROPERTY) */
static int parse_opts(int argc, char **argv, int positional, opts *o)
{
    memset(o, 0, sizeof *o);
    o->cls = SIASSB_CLASS_ANY;
    o->T = 298.15;
    o->hysteresis = -1; /* lithiation branch unless --branch says otherwise */
    o->composition = NAN;
    int npos = 0, rc;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] == '-' && a[1] == '-' && !v)
            return usage_error("%s needs a value", a);
        if (strcmp(a, "--class") == 0) {
            if (siassb_class_from_name(v, &o->cls) != SIASSB_OK)
                return usage_error("unknown class '%s'; allowed: lisi, electrolyte, cathode, counter", v);
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "json") != 0 && strcmp(v, "table") != 0)
                return usage_error("unknown format '%s'; allowed: table, json", v);
            o->json = v[0] == 'j';
        } else if (strcmp(a, "--x") == 0 || strcmp(a, "--sto") == 0) {
            if ((rc = parse_number(a, v, &o->composition)))
                return rc;
            o->have_composition = 1;
        } else if (strcmp(a, "--T") == 0) {
            if ((rc = parse_number(a, v, &o->T)))
                return rc;
        } else if (strcmp(a, "--branch") == 0) {
            if (strcmp(v, "lith") != 0 && strcmp(v, "delith") != 0)
                return usage_error("unknown branch '%s'; allowed: lith, delith", v);
            o->hysteresis = v[0] == 'l' ? -1.0 : 1.0;
        } else if (strcmp(a, "--var") == 0) {
            if (strcmp(v, "x") != 0 && strcmp(v, "sto") != 0 && strcmp(v, "T") != 0)
                return usage_error("unknown variable '%s'; allowed: x, sto, T", v);
            o->var = v;
        } else if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
            if ((rc = parse_number(a, v, a[2] == 'f' ? &o->from : &o->to)))
                return rc;
        } else if (strcmp(a, "--points") == 0) {
            double n;
            if ((rc = parse_number(a, v, &n)))
                return rc;
            if (n < 2 || n > 100000 || n != (double)(long)n)
                return usage_error("--points needs a whole number from 2 to 100000, not %s", v);
            o->points = (long)n;
        } else if (a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9')) {
            return usage_error("unknown option '%s'", a);
        } else if (npos < positional) {
            *(npos++ == 0 ? &o->id : &o->property) = a;
            continue;
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
        i++; /* the option's value */
    }
    if (npos < positional)
        return usage_error("missing argument: %s", positional == 1 ? "ID" : "ID PROPERTY");
    return EXIT_OK;
}

static int material_failed(const char *what, siassb_material *m, int rc)
{
    fprintf(stderr, "siassb: %s: %s\n", what, siassb_material_errmsg(m));
    return exit_for(rc);
}

static int cmd_list(siassb_db *db, int argc, char **argv)
{
    opts o;
    int rc = parse_opts(argc, argv, 0, &o);
    if (rc)
        return rc;
    size_t n;
    if ((rc = siassb_db_count(db, o.cls, &n)) != SIASSB_OK) {
        fprintf(stderr, "siassb: %s\n", siassb_db_errmsg(db));
        return exit_for(rc);
    }
    if (o.json)
        printf("[");
    else
        printf("%-32s %-12s %s\n", "id", "class", "name [aliases]");
    for (size_t i = 0; i < n; i++) {
        const char *id;
        siassb_material *m = NULL;
        char err[512];
        if ((rc = siassb_db_id(db, o.cls, i, &id)) != SIASSB_OK) {
            fprintf(stderr, "siassb: %s\n", siassb_db_errmsg(db));
            return exit_for(rc);
        }
        if ((rc = siassb_material_open(db, id, &m, err, sizeof err)) != SIASSB_OK) {
            fprintf(stderr, "siassb: %s\n", err);
            return exit_for(rc);
        }
        int cls;
        const char *name;
        size_t n_alias;
        siassb_material_class(m, &cls);
        siassb_material_name(m, &name);
        siassb_material_alias_count(m, &n_alias);
        if (o.json) {
            printf("%s\n  {\"id\": ", i ? "," : "");
            json_string(id);
            printf(", \"class\": \"%s\", \"name\": ", siassb_class_name(cls));
            json_string(name);
            printf(", \"aliases\": [");
            for (size_t a = 0; a < n_alias; a++) {
                const char *alias;
                siassb_material_alias(m, a, &alias);
                printf("%s", a ? ", " : "");
                json_string(alias);
            }
            printf("]}");
        } else {
            printf("%-32s %-12s %s", id, siassb_class_name(cls), name);
            for (size_t a = 0; a < n_alias; a++) {
                const char *alias;
                siassb_material_alias(m, a, &alias);
                printf("%s%s", a ? ", " : " [", alias);
            }
            printf("%s\n", n_alias ? "]" : "");
        }
        siassb_material_free(m);
    }
    if (o.json)
        printf("%s]\n", n ? "\n" : "");
    return EXIT_OK;
}

static const char *provenance_tag(int p)
{
    return p == SIASSB_PROVENANCE_ASSUMED ? "assumed" : p == SIASSB_PROVENANCE_FITTED ? "fitted" : "";
}

static int show_param(siassb_material *m, const char *name, int kind)
{
    int prov = 0, rc;
    const char *source = "";
    if ((rc = siassb_material_provenance(m, name, &prov, &source)) != SIASSB_OK)
        return material_failed(name, m, rc);
    if (kind == SIASSB_PARAM_SCALAR) {
        double v;
        if ((rc = siassb_material_get(m, name, &v)) != SIASSB_OK)
            return material_failed(name, m, rc);
        printf("  %-40s %-14.6g", name, v);
    } else if (kind == SIASSB_PARAM_CHOICE) {
        const char *v;
        if ((rc = siassb_material_get_choice(m, name, &v)) != SIASSB_OK)
            return material_failed(name, m, rc);
        printf("  %-40s %-14s", name, v);
    } else {
        size_t n;
        const char *ab;
        siassb_material_get_table(m, name, NULL, NULL, 0, &n);
        double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        if (!x || !y || (rc = siassb_material_get_table(m, name, x, y, n, &n)) != SIASSB_OK ||
            (rc = siassb_material_table_abscissa(m, name, &ab)) != SIASSB_OK) {
            free(x);
            free(y);
            if (!x || !y) {
                fprintf(stderr, "siassb: out of memory\n");
                return EXIT_FAILED;
            }
            return material_failed(name, m, rc);
        }
        double ylo = y[0], yhi = y[0];
        for (size_t i = 1; i < n; i++) {
            ylo = y[i] < ylo ? y[i] : ylo;
            yhi = y[i] > yhi ? y[i] : yhi;
        }
        printf("  %-40s table of %zu points, %s %g..%g, y %g..%g\n  %-40s %-14s", name, n, ab, x[0],
               x[n - 1], ylo, yhi, "", "");
        free(x);
        free(y);
    }
    printf(" %s%s%s\n", provenance_tag(prov), prov != SIASSB_PROVENANCE_SOURCE ? ": " : "", source);
    return EXIT_OK;
}

static int cmd_show(siassb_db *db, int argc, char **argv)
{
    opts o;
    int rc = parse_opts(argc, argv, 1, &o);
    if (rc)
        return rc;
    siassb_material *m = NULL;
    char err[512];
    if ((rc = siassb_material_open(db, o.id, &m, err, sizeof err)) != SIASSB_OK) {
        fprintf(stderr, "siassb: %s\n", err);
        return exit_for(rc);
    }
    int code = EXIT_OK;
    if (o.json) {
        size_t len;
        siassb_material_to_json(m, NULL, 0, &len);
        char *buf = malloc(len + 1);
        if (!buf) {
            fprintf(stderr, "siassb: out of memory\n");
            code = EXIT_FAILED;
        } else if ((rc = siassb_material_to_json(m, buf, len + 1, &len)) != SIASSB_OK) {
            code = material_failed("json", m, rc);
        } else {
            printf("%s\n", buf);
        }
        free(buf);
    } else {
        const char *id, *name;
        int cls;
        size_t n_alias, n_param;
        siassb_material_id(m, &id);
        siassb_material_name(m, &name);
        siassb_material_class(m, &cls);
        siassb_material_alias_count(m, &n_alias);
        siassb_material_param_count(m, &n_param);
        printf("id:      %s\nclass:   %s\nname:    %s\naliases:", id, siassb_class_name(cls), name);
        for (size_t a = 0; a < n_alias; a++) {
            const char *alias;
            siassb_material_alias(m, a, &alias);
            printf(" %s", alias);
        }
        printf("\nparameters (%zu):\n", n_param);
        for (size_t i = 0; i < n_param && code == EXIT_OK; i++) {
            const char *pname;
            int kind;
            siassb_material_param_info(m, i, &pname, &kind);
            code = show_param(m, pname, kind);
        }
    }
    siassb_material_free(m);
    return code;
}

static siassb_material *open_or_report(siassb_db *db, const char *id, int *code)
{
    siassb_material *m = NULL;
    char err[512];
    int rc = siassb_material_open(db, id, &m, err, sizeof err);
    if (rc != SIASSB_OK) {
        fprintf(stderr, "siassb: %s\n", err);
        *code = exit_for(rc);
    }
    return m;
}

static int cmd_properties(siassb_db *db, int argc, char **argv)
{
    opts o;
    int code = parse_opts(argc, argv, 1, &o);
    siassb_material *m = code ? NULL : open_or_report(db, o.id, &code);
    if (!m)
        return code;
    size_t n;
    siassb_material_property_count(m, &n);
    printf("%-20s %-8s %s\n", "property", "unit", "depends on");
    for (size_t i = 0; i < n; i++) {
        const char *name, *unit, *depends;
        siassb_material_property_info(m, i, &name, &unit, &depends);
        printf("%-20s %-8s %s\n", name, unit, depends[0] ? depends : "-");
    }
    printf("(every stored scalar parameter of 'siassb materials show %s' can be read too)\n", o.id);
    siassb_material_free(m);
    return EXIT_OK;
}

static int cmd_eval(siassb_db *db, int argc, char **argv)
{
    opts o;
    int code = parse_opts(argc, argv, 2, &o);
    siassb_material *m = code ? NULL : open_or_report(db, o.id, &code);
    if (!m)
        return code;
    double v;
    const char *unit = "";
    int rc = siassb_material_eval(m, o.property, o.composition, o.T, o.hysteresis, &v, &unit);
    if (rc < 0) {
        fprintf(stderr, "siassb: %s\n", siassb_material_errmsg(m));
        siassb_material_free(m);
        return exit_for(rc);
    }
    if (rc == SIASSB_INFO_EXTRAPOLATED)
        fprintf(stderr, "siassb: warning: %s\n", siassb_material_errmsg(m));
    const char *id;
    siassb_material_id(m, &id);
    if (o.json) {
        printf("{\"id\": ");
        json_string(id);
        printf(", \"property\": ");
        json_string(o.property);
        printf(", \"value\": %.17g, \"unit\": ", v);
        json_string(unit);
        printf(", \"extrapolated\": %s}\n", rc == SIASSB_INFO_EXTRAPOLATED ? "true" : "false");
    } else {
        printf("%.10g %s\n", v, unit);
    }
    siassb_material_free(m);
    return EXIT_OK;
}

static int cmd_curve(siassb_db *db, int argc, char **argv)
{
    opts o;
    int code = parse_opts(argc, argv, 2, &o);
    if (code)
        return code;
    if (!o.var || !o.points)
        return usage_error("%s needs --var, --from, --to and --points", "materials curve");
    siassb_material *m = open_or_report(db, o.id, &code);
    if (!m)
        return code;
    const char *unit = "";
    int warned = 0;
    for (long i = 0; i < o.points && code == EXIT_OK; i++) {
        double at = o.from + (o.to - o.from) * (double)i / (double)(o.points - 1);
        double c = o.var[0] == 'T' ? o.composition : at, T = o.var[0] == 'T' ? at : o.T, v;
        int rc = siassb_material_eval(m, o.property, c, T, o.hysteresis, &v, &unit);
        if (rc < 0) {
            fprintf(stderr, "siassb: %s\n", siassb_material_errmsg(m));
            code = exit_for(rc);
            break;
        }
        if (rc == SIASSB_INFO_EXTRAPOLATED && !warned) {
            fprintf(stderr, "siassb: warning: %s\n", siassb_material_errmsg(m));
            warned = 1;
        }
        if (i == 0)
            printf("%s,%s [%s]\n", o.var, o.property, unit);
        printf("%.10g,%.10g\n", at, v);
    }
    siassb_material_free(m);
    return code;
}

int main(int argc, char **argv)
{
    const char *db_files[MAX_DB_FILES];
    int n_db = 0;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int n_rest = 0;
    if (!rest) {
        fprintf(stderr, "siassb: out of memory\n");
        return EXIT_FAILED;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *file = NULL;
        if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc) {
                free(rest);
                return usage_error("%s needs a file name", a);
            }
            file = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            file = a + 5;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            free(rest);
            return EXIT_OK;
        } else {
            rest[n_rest++] = argv[i];
            continue;
        }
        if (n_db == MAX_DB_FILES) {
            free(rest);
            return usage_error("more than %s --db files", "64");
        }
        db_files[n_db++] = file;
    }
    int code;
    if (n_rest == 0) {
        fputs(usage_text, stderr);
        code = EXIT_USAGE;
    } else if (strcmp(rest[0], "version") == 0) {
        code = n_rest == 1 ? (printf("siassb %s (libsiassb %s)\n", SIASSB_VERSION_STRING,
                                     siassb_version()),
                              EXIT_OK)
                           : usage_error("unexpected argument '%s'", rest[1]);
    } else if (strcmp(rest[0], "materials") == 0) {
        static const char *const subcommands[] = {"list", "show", "properties", "eval", "curve"};
        int which = -1;
        for (int k = 0; n_rest >= 2 && k < 5; k++)
            if (strcmp(rest[1], subcommands[k]) == 0)
                which = k;
        if (which < 0) {
            code = usage_error("'materials' needs a subcommand: %s",
                               "list, show, properties, eval or curve");
        } else {
            siassb_db *db = NULL;
            code = cli_open_db(db_files, n_db, &db);
            if (code == EXIT_OK) {
                int (*const commands[])(siassb_db *, int, char **) = {
                    cmd_list, cmd_show, cmd_properties, cmd_eval, cmd_curve};
                code = commands[which](db, n_rest - 2, rest + 2);
            }
            siassb_db_free(db);
        }
    } else if (strcmp(rest[0], "cell") == 0 || strcmp(rest[0], "presets") == 0) {
        code = cli_cell(rest[0], n_rest - 1, rest + 1, db_files, n_db);
    } else if (strcmp(rest[0], "cycle") == 0) {
        code = cli_cycle(n_rest - 1, rest + 1, db_files, n_db);
    } else {
        code = usage_error("unknown command '%s'", rest[0]);
    }
    free(rest);
    if (fflush(stdout) != 0 && code == EXIT_OK) {
        fprintf(stderr, "siassb: cannot write output\n");
        code = EXIT_IO;
    }
    return code;
}
