#include "common.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>

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
