/* Speed of the simulation engine. Prints one JSON object per line:
 *   {"metric": ..., "value": ..., "unit": ...}
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

static void metric(const char *name, double value, const char *unit)
{
    printf("{\"metric\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"}\n", name, value, unit);
}

int main(int argc, char **argv)
{
    int cycles = argc > 1 ? atoi(argv[1]) : 1000;
    if (cycles < 1)
        cycles = 1;
    siassb_db *db;
    siassb_cell *cell;
    char err[512];
    if (siassb_db_open_default(&db, err, sizeof err) ||
        siassb_cell_open_preset(db, "si-lpscl-ncm811", &cell, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    unsigned long long a0 = allocations, b0 = bytes;
    siassb_sim *sim;
    if (siassb_sim_create(cell, &sim, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    metric("bytes_per_simulation", (double)(bytes - b0), "B");
    metric("allocations_per_simulation", (double)(allocations - a0), "1");
    unsigned long long a1 = allocations;
    size_t ns, nc;
    double t0 = now();
    int rc = siassb_sim_run(sim, cycles, NULL, 0, 0, NULL, 0, &ns, NULL, 0, &nc);
    double wall = now() - t0;
    if (rc < 0) {
        fprintf(stderr, "bench: %s\n", siassb_sim_errmsg(sim));
        return 1;
    }
    unsigned long long steps = sim->steps_accepted;
    metric("cycles", cycles, "1");
    metric("wall_time", wall, "s");
    metric("wall_time_per_cycle", wall / cycles * 1e3, "ms");
    metric("wall_time_1000_cycles_extrapolated", wall / cycles * 1000, "s");
    metric("steps_per_cycle", (double)steps / cycles, "1");
    metric("attempts_per_cycle", (double)sim->steps_attempted / cycles, "1");
    metric("microseconds_per_step", wall / (double)steps * 1e6, "us");
    metric("allocations_per_step", (double)(allocations - a1) / (double)steps, "1");
    siassb_sim_free(sim);
    siassb_cell_free(cell);
    siassb_db_free(db);
    return 0;
}
