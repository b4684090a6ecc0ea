/* Helpers shared by the Check suites. */
#ifndef SIASSB_TEST_COMMON_H
#define SIASSB_TEST_COMMON_H

#include <stddef.h>

/* Read a whole file (NUL-terminated); NULL on failure. Caller frees. */
char *test_read_file(const char *path, size_t *len);
/* Path below the source tree, in a static buffer per call site slot (0-3). */
const char *test_src_path(int slot, const char *relative);
/* Make GSL abort on any error so that a reachable GSL error fails the test
 * (Check forks each test); call before the first libsiassb creator. */
void test_install_failing_gsl_handler(void);

/* Simulation helpers that fail the running Check test on any error. */
struct siassb_db;
struct siassb_cell;
struct siassb_sim;
struct siassb_cell *test_preset(const struct siassb_db *db, const char *name);
struct siassb_sim *test_make(const struct siassb_cell *cell);
double test_out(struct siassb_sim *sim, int key);
void test_step_ok(struct siassb_sim *sim, double dt);
/* Save a checkpoint of sim and open it again: the restored simulation. */
struct siassb_sim *test_round_trip(struct siassb_sim *sim);

#endif
