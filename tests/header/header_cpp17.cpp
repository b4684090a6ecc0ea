// The public header compiles as C++17 with -Wall -Wextra -Wpedantic -Werror
// and its functions link with C linkage; RAII belongs in user code.
#include <siassb.h>

#include <cstdio>
#include <cstring>
#include <memory>

int main()
{
    siassb_db *raw = nullptr;
    char err[256];
    if (siassb_db_open_default(&raw, err, sizeof err) != SIASSB_OK) {
        std::printf("open failed: %s\n", err);
        return 1;
    }
    std::unique_ptr<siassb_db, decltype(&siassb_db_free)> db(raw, &siassb_db_free);
    std::size_t n = 0;
    if (siassb_db_count(db.get(), SIASSB_CLASS_ANY, &n) != SIASSB_OK || n == 0)
        return 1;
    if (std::strcmp(siassb_version(), SIASSB_VERSION_STRING) != 0)
        return 1;
    std::printf("C++17: libsiassb %s, %zu materials\n", siassb_version(), n);
    return 0;
}
