/* siassb cycle: run the protocol of a cell, print per-cycle results. */
#include "cli.h"
#include "cli_cell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SETS 256
#define STEP_ROWS 4096

static const int csv_keys[] = {
    SIASSB_OUT_TIME_S,
    SIASSB_OUT_CYCLE,
    SIASSB_OUT_CURRENT_A_PER_M2,
    SIASSB_OUT_VOLTAGE_V,
    SIASSB_OUT_ANODE_POTENTIAL_V,
    SIASSB_OUT_CATHODE_POTENTIAL_V,
    SIASSB_OUT_SI_X_MEAN,
    SIASSB_OUT_SI_X_SURFACE,
    SIASSB_OUT_SI_CAPACITY_MAH_PER_G,
    SIASSB_OUT_CHARGE_MAH_PER_CM2,
    SIASSB_OUT_HYSTERESIS,
    SIASSB_OUT_CRYSTALLINE_FRACTION,
    SIASSB_OUT_LI15SI4_FRACTION,
    SIASSB_OUT_STACK_PRESSURE_MPA,
    SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA,
    SIASSB_OUT_ANODE_THICKNESS_M,
    SIASSB_OUT_SEI_THICKNESS_M,
    SIASSB_OUT_STACK_THICKNESS_CHANGE_M,
    SIASSB_OUT_LIFT_OFF_GAP_M,
    SIASSB_OUT_CONTACT_FRACTION,
    SIASSB_OUT_ISOLATED_FRACTION,
    SIASSB_OUT_INTERPHASE_LITHIUM_MOL_PER_M2,
    SIASSB_OUT_TRAPPED_LITHIUM_MOL_PER_M2,
    SIASSB_OUT_CATHODE_INTERPHASE_THICKNESS_M,
};
#define N_CSV (sizeof csv_keys / sizeof *csv_keys)

typedef struct cycle_opts {
    const char *cell_file, *preset, *out, *checkpoint, *resume;
    char *sets[MAX_SETS];
    int n_sets;
    double cycles, rate, current_density, vmin, vmax, cv_cutoff;
    int json;
} cycle_opts;

static int parse(int argc, char **argv, cycle_opts *o)
{
    memset(o, 0, sizeof *o);
    o->cycles = o->rate = o->current_density = o->vmin = o->vmax = o->cv_cutoff = NAN;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = EXIT_OK;
        if (!v && a[0] == '-')
            return usage_error("%s needs a value", a);
        if (strcmp(a, "--cell") == 0)
            o->cell_file = v;
        else if (strcmp(a, "--preset") == 0)
            o->preset = v;
        else if (strcmp(a, "--out") == 0)
            o->out = v;
        else if (strcmp(a, "--checkpoint") == 0)
            o->checkpoint = v;
        else if (strcmp(a, "--resume") == 0)
            o->resume = v;
        else if (strcmp(a, "--set") == 0) {
            if (o->n_sets == MAX_SETS)
                return usage_error("more than %s --set options", "256");
            o->sets[o->n_sets++] = argv[i + 1];
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "json") != 0 && strcmp(v, "table") != 0)
                return usage_error("unknown format '%s'; allowed: table, json", v);
            o->json = v[0] == 'j';
        } else if (strcmp(a, "--cycles") == 0)
            rc = parse_number(a, v, &o->cycles);
        else if (strcmp(a, "--rate") == 0)
            rc = parse_number(a, v, &o->rate);
        else if (strcmp(a, "--current-density") == 0)
            rc = parse_number(a, v, &o->current_density);
        else if (strcmp(a, "--vmin") == 0)
            rc = parse_number(a, v, &o->vmin);
        else if (strcmp(a, "--vmax") == 0)
            rc = parse_number(a, v, &o->vmax);
        else if (strcmp(a, "--cv-cutoff") == 0)
            rc = parse_number(a, v, &o->cv_cutoff);
        else
            return usage_error("unknown argument '%s' for 'cycle'", a);
        if (rc)
            return rc;
        i++;
    }
    if (o->cell_file && o->preset)
        return usage_error("%s: give --cell or --preset, not both", "cycle");
    if (o->resume && (o->cell_file || o->preset || o->n_sets || !isnan(o->rate) ||
                      !isnan(o->current_density) || !isnan(o->vmin) || !isnan(o->vmax) ||
                      !isnan(o->cv_cutoff)))
        return usage_error("%s: --resume continues the checkpoint's own cell and protocol; drop "
                           "--cell, --preset, --set, --rate, --current-density, --vmin, --vmax "
                           "and --cv-cutoff", "cycle");
    if (!isnan(o->current_density) && !(o->current_density > 0))
        return usage_error("--current-density needs a current above 0 A/m2%s", "");
    if (!isnan(o->rate) && !isnan(o->current_density))
        return usage_error("%s: give --rate or --current-density, not both", "cycle");
    if (!isnan(o->cycles) && (o->cycles < 1 || o->cycles > 1e6 || o->cycles != floor(o->cycles)))
        return usage_error("--cycles needs a whole number from 1 to 1000000%s", "");
    return EXIT_OK;
}

/* Command-line flags override the cell's protocol defaults. */
static int apply_protocol_flags(siassb_cell *cell, const cycle_opts *o)
{
    struct {
        const char *name;
        double v;
    } set[] = {{"protocol.rate_C", o->rate},   {"protocol.vmin_V", o->vmin},
               {"protocol.vmax_V", o->vmax},   {"protocol.cv_cutoff_C", o->cv_cutoff},
               {"protocol.cycles", o->cycles}};
    for (size_t i = 0; i < sizeof set / sizeof *set; i++) {
        if (isnan(set[i].v))
            continue;
        int rc = siassb_cell_set(cell, set[i].name, set[i].v);
        if (rc) {
            fprintf(stderr, "siassb: %s\n", siassb_cell_errmsg(cell));
            return exit_for(rc);
        }
    }
    if (!isnan(o->current_density)) {
        /* a constant current density: 1C := that current (10 A/m2 per mAh/cm2 in an hour) */
        int rc = siassb_cell_set(cell, "protocol.nominal_capacity_mAh_per_cm2",
                                 o->current_density / 10.0);
        if (!rc)
            rc = siassb_cell_set(cell, "protocol.rate_C", 1.0);
        if (rc) {
            fprintf(stderr, "siassb: --current-density: %s\n", siassb_cell_errmsg(cell));
            return exit_for(rc);
        }
    }
    return EXIT_OK;
}

static void print_number(FILE *f, double v, int json)
{
    if (isnan(v))
        fputs(json ? "null" : "", f);
    else
        fprintf(f, "%.10g", v);
}

static int write_csv_rows(FILE *f, const double *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        for (size_t k = 0; k < N_CSV; k++) {
            if (k)
                fputc(',', f);
            print_number(f, rows[r * N_CSV + k], 0);
        }
        fputc('\n', f);
    }
    return ferror(f) ? EXIT_IO : EXIT_OK;
}

static void print_cycle(const double *row, size_t ncol, int json, int first)
{
    if (json) {
        printf("%s\n    {", first ? "" : ",");
        for (size_t c = 0; c < ncol; c++) {
            printf("%s\"%s\": ", c ? ", " : "", siassb_cycle_column_name((int)c));
            print_number(stdout, row[c], 1);
        }
        printf("}");
        return;
    }
    if (first)
        printf("%5s %10s %10s %10s %9s %9s %9s %8s %8s %7s %7s %8s\n", "cycle", "lith", "delith",
               "delith", "CE", "Vlith", "Vdelith", "Wh/kg", "Wh/L", "Pmin", "Pmax", "Li lost");
    if (first)
        printf("%5s %10s %10s %10s %9s %9s %9s %8s %8s %7s %7s %8s\n", "", "mAh/g", "mAh/g",
               "mAh/cm2", "", "V", "V", "", "", "MPa", "MPa", "");
    printf("%5.0f %10.1f %10.1f %10.4f %9.5f %9.4f %9.4f %8.1f %8.1f %7.1f %7.1f %8.5f\n",
           row[SIASSB_CYCLE_INDEX], row[SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G],
           row[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G],
           row[SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_CM2], row[SIASSB_CYCLE_COULOMBIC_EFFICIENCY],
           row[SIASSB_CYCLE_MEAN_LITHIATION_VOLTAGE_V], row[SIASSB_CYCLE_MEAN_DELITHIATION_VOLTAGE_V],
           row[SIASSB_CYCLE_DISCHARGE_ENERGY_WH_PER_KG], row[SIASSB_CYCLE_DISCHARGE_ENERGY_WH_PER_L],
           row[SIASSB_CYCLE_PRESSURE_MIN_MPA], row[SIASSB_CYCLE_PRESSURE_MAX_MPA],
           row[SIASSB_CYCLE_LITHIUM_LOST_FRACTION]);
}

static int run(siassb_sim *sim, siassb_cell *cell, const cycle_opts *o, int target)
{
    FILE *csv = NULL;
    if (o->out) {
        /* a resumed run appends to the rows of the run it continues */
        csv = fopen(o->out, o->resume ? "a" : "w");
        if (!csv) {
            fprintf(stderr, "siassb: %s: cannot write\n", o->out);
            return EXIT_IO;
        }
        if (!o->resume || ftell(csv) == 0) {
            for (size_t k = 0; k < N_CSV; k++)
                fprintf(csv, "%s%s", k ? "," : "", siassb_output_name(csv_keys[k]));
            fputc('\n', csv);
        }
    }
    size_t ncol;
    siassb_cycle_column_count(&ncol);
    double *steps = csv ? malloc(STEP_ROWS * N_CSV * sizeof *steps) : NULL;
    double *row = malloc(ncol * sizeof *row);
    int code = (csv && !steps) || !row ? EXIT_FAILED : EXIT_OK;
    int done;
    siassb_sim_cycles_done(sim, &done);
    int start = done, tty = isatty(2);
    if (o->json && code == EXIT_OK) {
        size_t len = 0;
        char *cj = NULL;
        if (siassb_cell_to_json(cell, NULL, 0, &len) == SIASSB_E_BUFFER && (cj = malloc(len + 1)) &&
            siassb_cell_to_json(cell, cj, len + 1, &len) == SIASSB_OK)
            printf("{\n  \"cell\": %s,\n", cj);
        else
            printf("{\n  \"cell\": null,\n");
        free(cj);
        double r, vmin, vmax, cv, nom;
        siassb_cell_get(cell, "protocol.rate_C", &r);
        siassb_cell_get(cell, "protocol.vmin_V", &vmin);
        siassb_cell_get(cell, "protocol.vmax_V", &vmax);
        siassb_cell_get(cell, "protocol.cv_cutoff_C", &cv);
        siassb_cell_get(cell, "protocol.nominal_capacity_mAh_per_cm2", &nom);
        printf("  \"protocol\": {\"cycles\": %d, \"rate_C\": %.10g, \"vmin_V\": %.10g, "
               "\"vmax_V\": %.10g, \"cv_cutoff_C\": %.10g, \"nominal_capacity_mAh_per_cm2\": %.10g},\n"
               "  \"cycles\": [",
               target, r, vmin, vmax, cv, nom);
    }
    while (code == EXIT_OK && done < target) {
        size_t ns = 0, nc = 0;
        int rc = siassb_sim_run(sim, done + 1, csv ? csv_keys : NULL, csv ? N_CSV : 0, 0, steps,
                                csv ? STEP_ROWS : 0, &ns, row, 1, &nc);
        if (csv && ns)
            code = write_csv_rows(csv, steps, ns);
        if (rc < 0) {
            fprintf(stderr, "%ssiassb: %s\n", tty ? "\n" : "", siassb_sim_errmsg(sim));
            code = exit_for(rc);
            break;
        }
        if (nc == 1) {
            print_cycle(row, ncol, o->json, done == start);
            fflush(stdout);
            done++;
            if (o->checkpoint && siassb_sim_save_checkpoint(sim, o->checkpoint) != SIASSB_OK) {
                fprintf(stderr, "siassb: %s\n", siassb_sim_errmsg(sim));
                code = EXIT_IO;
            }
            if (tty) {
                int width = 40, filled = (int)((double)width * (done - start) / (target - start));
                fprintf(stderr, "\r[%.*s%*s] %d/%d cycles", filled,
                        "########################################", width - filled, "", done,
                        target);
            }
        }
    }
    if (tty)
        fputc('\n', stderr);
    if (o->json)
        printf("\n  ]\n}\n");
    if (csv && fclose(csv) != 0 && code == EXIT_OK) {
        fprintf(stderr, "siassb: %s: write error\n", o->out);
        code = EXIT_IO;
    }
    free(steps);
    free(row);
    return code;
}

int cli_cycle(int argc, char **argv, const char *const *db_files, int n_db)
{
    cycle_opts o;
    int code = parse(argc, argv, &o);
    if (code)
        return code;
    siassb_sim *sim = NULL;
    siassb_cell *cell = NULL;
    siassb_db *db = NULL;
    char err[512];
    int target;
    if (o.resume) {
        int rc = siassb_sim_open_checkpoint(o.resume, &sim, err, sizeof err);
        if (rc) {
            fprintf(stderr, "siassb: %s\n", err);
            return exit_for(rc);
        }
        int done;
        siassb_sim_cycles_done(sim, &done);
        target = isnan(o.cycles) ? done + 1 : (int)o.cycles;
        if (target <= done) {
            fprintf(stderr, "siassb: %s holds %d cycles already; --cycles must exceed that\n",
                    o.resume, done);
            siassb_sim_free(sim);
            return EXIT_USAGE;
        }
        (void)db_files, (void)n_db; /* the checkpoint carries its own materials */
        if ((rc = siassb_sim_copy_cell(sim, &cell)) != SIASSB_OK) {
            fprintf(stderr, "siassb: %s\n", siassb_sim_errmsg(sim));
            code = exit_for(rc);
        }
    } else {
        code = cli_open_db(db_files, n_db, &db);
        if (!code)
            code = cli_cell_from_args(db, o.cell_file, o.preset ? o.preset : (o.cell_file ? NULL : "si-lpscl-ncm811"),
                                      o.sets, o.n_sets, &cell);
        if (!code)
            code = apply_protocol_flags(cell, &o);
        double cycles = 1;
        if (!code)
            siassb_cell_get(cell, "protocol.cycles", &cycles);
        target = (int)cycles;
        if (!code) {
            int rc = siassb_sim_create(cell, &sim, err, sizeof err);
            if (rc) {
                fprintf(stderr, "siassb: %s\n", err);
                code = exit_for(rc);
            }
        }
    }
    if (!code)
        code = run(sim, cell, &o, target);
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    siassb_db_free(db);
    return code;
}
