/* The public header compiles as strict C11 with -Wpedantic -Werror, and the
 * version macros agree with the library at run time. */
#include <siassb.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    if (siassb_version_number() != SIASSB_VERSION_NUMBER ||
        strcmp(siassb_version(), SIASSB_VERSION_STRING) != 0) {
        printf("header %s, library %s\n", SIASSB_VERSION_STRING, siassb_version());
        return 1;
    }
    printf("C11: libsiassb %s\n", siassb_version());
    return 0;
}
