#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int exit_for(int status)
{
    switch (status) {
    case SIASSB_E_IO: return EXIT_IO;
    case SIASSB_E_SOLVER:
    case SIASSB_E_STATE:
    case SIASSB_E_NOMEM: return EXIT_FAILED;
    default: return status < 0 ? EXIT_BAD_INPUT : EXIT_OK;
    }
}

int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "siassb: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (try 'siassb --help')\n");
    return EXIT_USAGE;
}

int parse_number(const char *opt, const char *text, double *out)
{
    char *end;
    *out = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(*out))
        return usage_error("%s needs a finite number", opt);
    return EXIT_OK;
}

void json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

int cli_open_db(const char *const *files, int n, siassb_db **out)
{
    char err[512];
    int rc = siassb_db_open_default(out, err, sizeof err);
    for (int i = 0; rc == SIASSB_OK && i < n; i++)
        if ((rc = siassb_db_load_file(*out, files[i])) != SIASSB_OK)
            snprintf(err, sizeof err, "%s", siassb_db_errmsg(*out));
    if (rc != SIASSB_OK) {
        fprintf(stderr, "siassb: %s\n", err);
        siassb_db_free(*out);
        *out = NULL;
        return exit_for(rc);
    }
    return EXIT_OK;
}

const char *choice_word(const char *choices, int k, char *buf, size_t cap)
{
    const char *p = choices;
    for (int j = 0; j < k && p; j++)
        if ((p = strchr(p, '|')))
            p++;
    size_t len = p ? strcspn(p, "|") : 0;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, p ? p : "", len);
    buf[len] = '\0';
    return buf;
}
