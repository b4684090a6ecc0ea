/* Speed of the simulation engine. Prints one JSON object per line:
 *   {"case": ..., "metric": ..., "value": ..., "unit": ...}
 * Run: ninja -C build bench/bench_cycle && build/bench/bench_cycle [cycles]
 * Allocations are counted by wrapping malloc/calloc/realloc at link time
 * (-Wl,--wrap), so every allocation inside the library is seen. */
#include "sim/sim.h"
#include "siassb.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static unsigned long long allocations, bytes;

void *__wrap_malloc(size_t n)
{
    allocations++, bytes += n;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    allocations++, bytes += n * size;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    allocations++, bytes += n;
    return __real_realloc(p, n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void metric(const char *scenario, const char *name, double value, const char *unit)
{
    printf("{\"case\": \"%s\", \"metric\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"}\n",
           scenario, name, value, unit);
}

/* Cases: the default preset as shipped, then with the cell's interfaces
 * (interphases, oxide, carbon, contact, fracture, confinement, cathode
 * oxidation), the particle stress model (and its stress-driven flux) and
 * everything switched on, so one run gives the cost ratio of each on this
 * machine. The stress flux needs about 2e4 steps per cycle (doc/model.md),
 * so it runs cycles / cycle_divisor cycles; with the interfaces on, the
 * default cell in its fixed gap has lost its capacity after about 200
 * cycles, so those cases run a tenth. */
#define INTERFACES                                                                                \
    "mechanisms.interphase", "mechanisms.native_oxide", "mechanisms.carbon_decomposition",        \
        "mechanisms.contact", "mechanisms.fracture", "mechanisms.confinement",                    \
        "mechanisms.cathode_interphase"
static const struct bench_case {
    const char *name;
    const char *on[10]; /* switches set to "on", NULL-terminated */
    int cycle_divisor;
} cases[] = {
    {"default", {NULL}, 1},
    {"interfaces", {INTERFACES, NULL}, 10},
    {"particle_stress", {"mechanisms.particle_stress", NULL}, 1},
    {"every_mechanism", {INTERFACES, "mechanisms.particle_stress", NULL}, 10},
    {"particle_stress+flux", {"mechanisms.particle_stress", "mechanisms.stress_flux", NULL}, 100},
};

static int run_case(siassb_db *db, const struct bench_case *c, int cycles, double *per_cycle)
{
    siassb_cell *cell;
    char err[512];
    if (siassb_cell_open_preset(db, "si-lpscl-ncm811", &cell, err, sizeof err)) {
        fprintf(stderr, "bench: %s: %s\n", c->name, err);
        return 1;
    }
    for (size_t k = 0; c->on[k]; k++)
        if (siassb_cell_set_text(cell, c->on[k], "on")) {
            fprintf(stderr, "bench: %s: %s\n", c->name, siassb_cell_errmsg(cell));
            siassb_cell_free(cell);
            return 1;
        }
    unsigned long long a0 = allocations, b0 = bytes;
    siassb_sim *sim;
    if (siassb_sim_create(cell, &sim, err, sizeof err)) {
        fprintf(stderr, "bench: %s: %s\n", c->name, err);
        siassb_cell_free(cell);
        return 1;
    }
    metric(c->name, "bytes_per_simulation", (double)(bytes - b0), "B");
    metric(c->name, "allocations_per_simulation", (double)(allocations - a0), "1");
    unsigned long long a1 = allocations;
    size_t ns, nc;
    double t0 = now();
    int rc = siassb_sim_run(sim, cycles, NULL, 0, 0, NULL, 0, &ns, NULL, 0, &nc);
    double wall = now() - t0;
    int done = 0;
    siassb_sim_cycles_done(sim, &done);
    if (rc < 0 || done < 1) {
        fprintf(stderr, "bench: %s: %s\n", c->name, siassb_sim_errmsg(sim));
        siassb_sim_free(sim);
        siassb_cell_free(cell);
        return 1;
    }
    unsigned long long steps = sim->steps_accepted;
    *per_cycle = wall / done;
    metric(c->name, "cycles", done, "1");
    metric(c->name, "wall_time", wall, "s");
    metric(c->name, "wall_time_per_cycle", wall / done * 1e3, "ms");
    metric(c->name, "wall_time_1000_cycles_extrapolated", wall / done * 1000, "s");
    metric(c->name, "steps_per_cycle", (double)steps / done, "1");
    metric(c->name, "attempts_per_cycle", (double)sim->steps_attempted / done, "1");
    metric(c->name, "microseconds_per_step", wall / (double)steps * 1e6, "us");
    metric(c->name, "allocations_per_step", (double)(allocations - a1) / (double)steps, "1");
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    return 0;
}

int main(int argc, char **argv)
{
    int cycles = argc > 1 ? atoi(argv[1]) : 1000;
    if (cycles < 1)
        cycles = 1;
    siassb_db *db;
    char err[512];
    if (siassb_db_open_default(&db, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    int failed = 0;
    double base = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double per_cycle = 0;
        int n = cycles / cases[k].cycle_divisor;
        if (run_case(db, &cases[k], n > 0 ? n : 1, &per_cycle)) {
            failed = 1;
            continue;
        }
        if (k == 0)
            base = per_cycle;
        else if (base > 0)
            metric(cases[k].name, "cost_relative_to_default", per_cycle / base, "1");
    }
    siassb_db_free(db);
    return failed;
}
