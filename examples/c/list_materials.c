/* List the solid electrolytes of the embedded database with their room-
 * temperature conductivity. Build: cc list_materials.c $(pkg-config --cflags --libs siassb) */
#include <siassb.h>

#include <stdio.h>

int main(void)
{
    siassb_db *db = NULL;
    char err[512];
    int rc = siassb_db_open_default(&db, err, sizeof err);
    if (rc != SIASSB_OK) {
        fprintf(stderr, "%s: %s\n", siassb_strerror(rc), err);
        return 1;
    }
    size_t n = 0;
    siassb_db_count(db, SIASSB_CLASS_ELECTROLYTE, &n);
    printf("libsiassb %s: %zu solid electrolytes\n", siassb_version(), n);
    for (size_t i = 0; i < n; i++) {
        const char *id;
        siassb_material *m = NULL;
        double sigma, T;
        if (siassb_db_id(db, SIASSB_CLASS_ELECTROLYTE, i, &id) != SIASSB_OK ||
            siassb_material_open(db, id, &m, err, sizeof err) != SIASSB_OK) {
            fprintf(stderr, "%s\n", err);
            siassb_db_free(db);
            return 1;
        }
        if (siassb_material_get(m, "conductivity_ref_S_per_m", &sigma) == SIASSB_OK &&
            siassb_material_get(m, "reference_temperature_K", &T) == SIASSB_OK)
            printf("  %-20s %10.3g mS/cm at %.1f K\n", id, sigma * 10.0, T);
        siassb_material_free(m);
    }
    siassb_db_free(db);
    return 0;
}
