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

#endif
