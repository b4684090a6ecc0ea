#include "core/core.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void siassb__vmsg(char *buf, size_t cap, const char *fmt, va_list ap)
{
    if (!buf || cap == 0)
        return;
    int n = vsnprintf(buf, cap, fmt, ap);
    if (n < 0)
        buf[0] = '\0';
}

void siassb__msg(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    siassb__vmsg(buf, cap, fmt, ap);
    va_end(ap);
}

char *siassb__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_gsl_handler(void)
{
    gsl_error_handler_t *prev = gsl_set_error_handler_off();
    if (prev)
        gsl_set_error_handler(prev);
}

void siassb__init_once(void) { pthread_once(&init_once, init_gsl_handler); }

int siassb__finite(double v) { return isfinite(v); }
