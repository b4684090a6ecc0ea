/* Opening a cell from the command line (cli_cell.c), shared with `siassb cycle`. */
#ifndef SIASSB_CLI_CELL_H
#define SIASSB_CLI_CELL_H

#include <siassb.h>

/* The default preset, used when neither a cell file nor a preset is named. */
#define CLI_DEFAULT_PRESET "si-lpscl-ncm811"

/* Open the cell of --cell FILE or --preset NAME (both NULL: the default
 * preset; both given: a usage error) and apply the --set NAME=VALUE list in
 * order (numbers, choice words or material ids, by the parameter's kind).
 * Prints any error to stderr and returns an exit code (EXIT_OK with *out set,
 * else *out is NULL). */
int cli_cell_from_args(siassb_db *db, const char *cell_file, const char *preset, char **sets,
                       int n_sets, siassb_cell **out);

#endif
