#include "common.h"

#include <siassb.h>

#include <check.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *bigger = realloc(buf, 2 * cap + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

const char *test_src_path(int slot, const char *relative)
{
    static char paths[4][4096];
    snprintf(paths[slot & 3], sizeof paths[0], "%s/%s", SIASSB_SOURCE_DIR, relative);
    return paths[slot & 3];
}

static void failing_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    fprintf(stderr, "GSL error %d (%s) at %s:%d\n", gsl_errno, reason, file, line);
    abort();
}

void test_install_failing_gsl_handler(void) { gsl_set_error_handler(failing_handler); }

siassb_cell *test_preset(const siassb_db *db, const char *name)
{
    siassb_cell *cell;
    char err[512];
    ck_assert_msg(siassb_cell_open_preset(db, name, &cell, err, sizeof err) == SIASSB_OK, "%s", err);
    return cell;
}

siassb_sim *test_make(const siassb_cell *cell)
{
    siassb_sim *sim;
    char err[512];
    ck_assert_msg(siassb_sim_create(cell, &sim, err, sizeof err) == SIASSB_OK, "%s", err);
    return sim;
}

double test_out(siassb_sim *sim, int key)
{
    double v;
    ck_assert_int_eq(siassb_sim_output(sim, key, &v), SIASSB_OK);
    return v;
}

void test_step_ok(siassb_sim *sim, double dt)
{
    int ev;
    int rc = siassb_sim_step(sim, dt, NULL, &ev);
    ck_assert_msg(rc == SIASSB_OK, "step: %d %s (event %d)", rc, siassb_sim_errmsg(sim), ev);
}

siassb_sim *test_round_trip(siassb_sim *sim)
{
    char path[] = "/tmp/siassb-ckpt-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_msg(siassb_sim_save_checkpoint(sim, path) == SIASSB_OK, "%s", siassb_sim_errmsg(sim));
    siassb_sim *back = NULL;
    char err[512];
    int rc = siassb_sim_open_checkpoint(path, &back, err, sizeof err);
    unlink(path);
    ck_assert_msg(rc == SIASSB_OK, "%s", err);
    return back;
}
