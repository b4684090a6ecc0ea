/* Shared pieces of the siassb command-line program (public header only). */
#ifndef SIASSB_CLI_H
#define SIASSB_CLI_H

#include <siassb.h>

#include <stddef.h>

enum exit_code { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_BAD_INPUT = 2, EXIT_FAILED = 3, EXIT_IO = 4 };

/* Exit code for a library status. */
int exit_for(int status);
/* Print "siassb: <fmt with arg> (try 'siassb --help')" to stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, const char *arg);
/* Parse a whole string as a number, or report a usage error naming opt. */
int parse_number(const char *opt, const char *text, double *out);
/* Print s as a JSON string literal. */
void json_string(const char *s);
/* Open the default database and load the --db files over it; on failure
 * prints the reason and returns the exit code. */
int cli_open_db(const char *const *files, int n, siassb_db **out);

/* The k-th word of "a|b|c" into buf (cap > 0); returns buf. */
const char *choice_word(const char *choices, int k, char *buf, size_t cap);

/* siassb cell ... and siassb presets ... (cli_cell.c); `what` is "cell" or "presets". */
int cli_cell(const char *what, int argc, char **argv, const char *const *db_files, int n_db);
/* siassb cycle ... (cli_cycle.c) */
int cli_cycle(int argc, char **argv, const char *const *db_files, int n_db);

#endif
