// The same listing from C++17, with RAII in user code.
// Build: c++ -std=c++17 list_materials.cpp $(pkg-config --cflags --libs siassb)
#include <siassb.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

using db_ptr = std::unique_ptr<siassb_db, decltype(&siassb_db_free)>;
using material_ptr = std::unique_ptr<siassb_material, decltype(&siassb_material_free)>;

int main()
{
    char err[512];
    siassb_db *raw = nullptr;
    if (siassb_db_open_default(&raw, err, sizeof err) != SIASSB_OK) {
        std::fprintf(stderr, "%s\n", err);
        return 1;
    }
    db_ptr db(raw, &siassb_db_free);
    std::size_t n = 0;
    siassb_db_count(db.get(), SIASSB_CLASS_ANY, &n);
    std::printf("libsiassb %s: %zu materials\n", siassb_version(), n);
    for (std::size_t i = 0; i < n; i++) {
        const char *id = nullptr;
        siassb_material *m = nullptr;
        if (siassb_db_id(db.get(), SIASSB_CLASS_ANY, i, &id) != SIASSB_OK ||
            siassb_material_open(db.get(), id, &m, err, sizeof err) != SIASSB_OK) {
            std::fprintf(stderr, "%s\n", err);
            return 1;
        }
        material_ptr mat(m, &siassb_material_free);
        int cls = 0;
        siassb_material_class(mat.get(), &cls);
        std::printf("  %-20s %s\n", id, siassb_class_name(cls));
    }
    return 0;
}
