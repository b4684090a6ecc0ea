/* siassb presets list, siassb cell params, siassb cell energy (public header only). */
#include "cli_cell.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_format(const char *v, int *json)
{
    if (strcmp(v, "json") != 0 && strcmp(v, "table") != 0)
        return usage_error("unknown format '%s'; allowed: table, json", v);
    *json = v[0] == 'j';
    return EXIT_OK;
}

/* --format only */
static int format_only(int argc, char **argv, int *json)
{
    *json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argv[i]);
            int rc = parse_format(argv[++i], json);
            if (rc)
                return rc;
        } else {
            return usage_error(argv[i][0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'",
                               argv[i]);
        }
    }
    return EXIT_OK;
}

static int presets_list(int argc, char **argv)
{
    int json, rc = format_only(argc, argv, &json);
    if (rc)
        return rc;
    size_t n;
    siassb_preset_count(&n);
    if (json)
        printf("[");
    else
        printf("%-20s %s\n", "name", "description");
    for (size_t i = 0; i < n; i++) {
        const char *name, *desc;
        siassb_preset_info(i, &name, &desc);
        if (json) {
            printf("%s\n  {\"name\": ", i ? "," : "");
            json_string(name);
            printf(", \"description\": ");
            json_string(desc);
            printf("}");
        } else {
            printf("%-20s %s\n", name, desc);
        }
    }
    if (json)
        printf("%s]\n", n ? "\n" : "");
    return EXIT_OK;
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case SIASSB_CELL_PARAM_NUMBER: return "number";
    case SIASSB_CELL_PARAM_INTEGER: return "integer";
    case SIASSB_CELL_PARAM_CHOICE: return "choice";
    default: return "material";
    }
}


static int cell_params(int argc, char **argv)
{
    int json, rc = format_only(argc, argv, &json);
    if (rc)
        return rc;
    size_t n;
    siassb_cell_param_count(&n);
    if (json)
        printf("[");
    else
        printf("%-42s %-8s %-12s %-28s %s\n", "name", "unit", "default", "allowed", "description");
    for (size_t i = 0; i < n; i++) {
        const char *name, *unit, *choices, *desc;
        int kind;
        double def, lo, hi;
        siassb_cell_param_info(i, &name, &unit, &kind, &def, &lo, &hi, &choices, &desc);
        char defbuf[64], allowed[96];
        if (kind == SIASSB_CELL_PARAM_CHOICE) {
            choice_word(choices, (int)def, defbuf, sizeof defbuf);
            snprintf(allowed, sizeof allowed, "%s", choices);
        } else if (kind == SIASSB_CELL_PARAM_MATERIAL) {
            snprintf(defbuf, sizeof defbuf, "(preset)");
            snprintf(allowed, sizeof allowed, "a %s material id", choices);
        } else {
            snprintf(defbuf, sizeof defbuf, "%.6g", def);
            snprintf(allowed, sizeof allowed, "%s%g to %g", kind == SIASSB_CELL_PARAM_INTEGER ? "whole, " : "", lo, hi);
        }
        if (json) {
            printf("%s\n  {\"name\": ", i ? "," : "");
            json_string(name);
            printf(", \"unit\": ");
            json_string(unit);
            printf(", \"kind\": \"%s\", \"default\": ", kind_name(kind));
            if (kind == SIASSB_CELL_PARAM_NUMBER || kind == SIASSB_CELL_PARAM_INTEGER)
                printf("%.17g, \"min\": %.17g, \"max\": %.17g", def, lo, hi);
            else if (kind == SIASSB_CELL_PARAM_CHOICE)
                json_string(defbuf), printf(", \"choices\": "), json_string(choices);
            else
                printf("null, \"class\": "), json_string(choices);
            printf(", \"description\": ");
            json_string(desc);
            printf("}");
        } else {
            printf("%-42s %-8s %-12s %-28s %s\n", name, unit[0] && strcmp(unit, "1") ? unit : "-",
                   defbuf, allowed, desc);
        }
    }
    if (json)
        printf("%s]\n", n ? "\n" : "");
    return EXIT_OK;
}

static int apply_set(siassb_db *db, siassb_cell *cell, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return usage_error("--set needs NAME=VALUE, not '%s'", arg);
    char name[128];
    size_t len = (size_t)(eq - arg);
    if (len >= sizeof name)
        return usage_error("--set: parameter name too long in '%s'", arg);
    memcpy(name, arg, len);
    name[len] = '\0';
    const char *value = eq + 1;
    size_t n;
    siassb_cell_param_count(&n);
    int kind = 0;
    for (size_t i = 0; i < n && !kind; i++) {
        const char *pname;
        int k;
        siassb_cell_param_info(i, &pname, NULL, &k, NULL, NULL, NULL, NULL, NULL);
        if (strcmp(pname, name) == 0)
            kind = k;
    }
    int rc;
    if (kind == SIASSB_CELL_PARAM_NUMBER || kind == SIASSB_CELL_PARAM_INTEGER) {
        double v;
        if ((rc = parse_number(name, value, &v)))
            return rc;
        rc = siassb_cell_set(cell, name, v);
    } else if (kind == SIASSB_CELL_PARAM_CHOICE) {
        rc = siassb_cell_set_text(cell, name, value);
    } else if (kind == SIASSB_CELL_PARAM_MATERIAL) {
        rc = siassb_cell_set_material(cell, db, name, value);
    } else {
        rc = siassb_cell_set(cell, name, 0); /* leaves the "no such parameter" message */
    }
    if (rc != SIASSB_OK) {
        fprintf(stderr, "siassb: --set %s: %s\n", arg, siassb_cell_errmsg(cell));
        return exit_for(rc);
    }
    return EXIT_OK;
}

int cli_cell_from_args(siassb_db *db, const char *cell_file, const char *preset, char **sets,
                       int n_sets, siassb_cell **out)
{
    *out = NULL;
    if (cell_file && preset)
        return usage_error("give --cell or --preset, not both (%s)", "a cell comes from one source");
    char err[512];
    siassb_cell *cell = NULL;
    int rc = cell_file ? siassb_cell_open_file(db, cell_file, &cell, err, sizeof err)
                       : siassb_cell_open_preset(db, preset ? preset : CLI_DEFAULT_PRESET, &cell,
                                                 err, sizeof err);
    if (rc != SIASSB_OK) {
        fprintf(stderr, "siassb: %s\n", err);
        return exit_for(rc);
    }
    for (int i = 0; i < n_sets; i++) {
        int code = apply_set(db, cell, sets[i]);
        if (code != EXIT_OK) {
            siassb_cell_free(cell);
            return code;
        }
    }
    *out = cell;
    return EXIT_OK;
}

/* N/P from the public API: the Si mass of the anode composite layer times the
 * Li-Si capacity at full lithiation, over the cathode loading times its
 * practical capacity (the same rule as the library's budget, doc/cell.md). */
static double np_ratio(siassb_db *db, siassb_cell *cell, double anode_mass_kg_per_m2)
{
    const char *kind, *si_id, *cat_id;
    double w_si, loading, x_full, q_si, q_cat;
    if (siassb_cell_get_text(cell, "cell.kind", &kind) != SIASSB_OK || strcmp(kind, "full") != 0 ||
        siassb_cell_get_text(cell, "anode.active_material", &si_id) != SIASSB_OK ||
        siassb_cell_get_text(cell, "cathode.material", &cat_id) != SIASSB_OK ||
        siassb_cell_get(cell, "anode.si_mass_fraction", &w_si) != SIASSB_OK ||
        siassb_cell_get(cell, "cathode.loading_kg_per_m2", &loading) != SIASSB_OK)
        return NAN;
    siassb_material *si = NULL, *cat = NULL;
    double np = NAN;
    if (siassb_material_open(db, si_id, &si, NULL, 0) == SIASSB_OK &&
        siassb_material_open(db, cat_id, &cat, NULL, 0) == SIASSB_OK &&
        siassb_material_get(si, "x_full_lithiation", &x_full) == SIASSB_OK &&
        siassb_material_eval(si, "specific_capacity", x_full, NAN, NAN, &q_si, NULL) >= 0 &&
        siassb_material_get(cat, "specific_capacity_mAh_per_g", &q_cat) == SIASSB_OK)
        np = (w_si * anode_mass_kg_per_m2 * q_si) / (loading * q_cat);
    siassb_material_free(si);
    siassb_material_free(cat);
    return np;
}

static int cell_energy(siassb_db *db, int argc, char **argv)
{
    const char *file = NULL, *preset = NULL;
    int json = 0, n_sets = 0, rc;
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    if (!sets) {
        fprintf(stderr, "siassb: out of memory\n");
        return EXIT_FAILED;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] == '-' && a[1] == '-' && !v) {
            free(sets);
            return usage_error("%s needs a value", a);
        }
        if (strcmp(a, "--cell") == 0) {
            file = v;
        } else if (strcmp(a, "--preset") == 0) {
            preset = v;
        } else if (strcmp(a, "--set") == 0) {
            sets[n_sets++] = argv[i + 1];
        } else if (strcmp(a, "--format") == 0) {
            if ((rc = parse_format(v, &json))) {
                free(sets);
                return rc;
            }
        } else {
            free(sets);
            return usage_error(a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
        }
        i++;
    }
    if (!file && !preset) {
        free(sets);
        return usage_error("%s needs --cell FILE or --preset NAME", "cell energy");
    }
    siassb_cell *cell = NULL;
    int code = cli_cell_from_args(db, file, preset, sets, n_sets, &cell);
    free(sets);
    if (code != EXIT_OK)
        return code;
    double whkg, whl;
    size_t n = 0;
    if ((rc = siassb_cell_energy(cell, &whkg, &whl)) != SIASSB_OK ||
        (rc = siassb_cell_layer_count(cell, &n)) != SIASSB_OK) {
        fprintf(stderr, "siassb: %s\n", siassb_cell_errmsg(cell));
        siassb_cell_free(cell);
        return exit_for(rc);
    }
    const char *names[16];
    double thick[16], mass[16], total_t = 0, total_m = 0, anode_mass = NAN;
    for (size_t i = 0; i < n && i < 16; i++) {
        if ((rc = siassb_cell_layer_info(cell, i, &names[i], &thick[i], &mass[i])) != SIASSB_OK) {
            fprintf(stderr, "siassb: %s\n", siassb_cell_errmsg(cell));
            siassb_cell_free(cell);
            return exit_for(rc);
        }
        total_t += thick[i];
        total_m += mass[i];
        if (strcmp(names[i], "anode composite") == 0)
            anode_mass = mass[i];
    }
    double np = np_ratio(db, cell, anode_mass);
    if (json) {
        printf("{\"specific_energy_Wh_per_kg\": %.17g, \"energy_density_Wh_per_L\": %.17g, "
               "\"np_ratio\": ", whkg, whl);
        if (isfinite(np))
            printf("%.17g", np);
        else
            printf("null");
        printf(", \"layers\": [");
        for (size_t i = 0; i < n && i < 16; i++) {
            printf("%s\n  {\"name\": ", i ? "," : "");
            json_string(names[i]);
            printf(", \"thickness_m\": %.17g, \"areal_mass_kg_per_m2\": %.17g}", thick[i], mass[i]);
        }
        printf("\n]}\n");
    } else {
        printf("specific energy   %.1f Wh/kg\n", whkg);
        printf("energy density    %.1f Wh/L\n", whl);
        if (isfinite(np))
            printf("N/P ratio         %.3f\n", np);
        else
            printf("N/P ratio         - (half cell)\n");
        printf("\n%-34s %14s %22s\n", "layer", "thickness (um)", "areal mass (mg/cm2)");
        for (size_t i = 0; i < n && i < 16; i++)
            printf("%-34s %14.2f %22.3f\n", names[i], thick[i] * 1e6, mass[i] * 100.0);
        printf("%-34s %14.2f %22.3f\n", "total", total_t * 1e6, total_m * 100.0);
    }
    siassb_cell_free(cell);
    return EXIT_OK;
}

int cli_cell(const char *what, int argc, char **argv, const char *const *db_files, int n_db)
{
    if (strcmp(what, "presets") == 0) {
        if (argc < 1 || strcmp(argv[0], "list") != 0)
            return usage_error("'presets' needs a subcommand: %s", "list");
        return presets_list(argc - 1, argv + 1);
    }
    if (argc >= 1 && strcmp(argv[0], "params") == 0)
        return cell_params(argc - 1, argv + 1);
    if (argc < 1 || strcmp(argv[0], "energy") != 0)
        return usage_error("'cell' needs a subcommand: %s", "params or energy");
    siassb_db *db = NULL;
    int code = cli_open_db(db_files, n_db, &db);
    if (code == EXIT_OK)
        code = cell_energy(db, argc - 1, argv + 1);
    siassb_db_free(db);
    return code;
}
