/* Files compiled into the library at build time (tools/build/embed.c). */
#ifndef SIASSB_DB_EMBEDDED_H
#define SIASSB_DB_EMBEDDED_H

#include <stddef.h>

typedef struct siassb__embedded_file {
    const char *name; /* base name of the source file */
    const char *text; /* its bytes, NUL-terminated */
    size_t len;       /* without the NUL */
} siassb__embedded_file;

/* the JSON files of data/materials, in name order */
extern const siassb__embedded_file siassb__embedded_materials[];
extern const size_t siassb__embedded_materials_count;

/* the presets (JSON files of data/cells), in name order */
extern const siassb__embedded_file siassb__embedded_presets[];
extern const size_t siassb__embedded_presets_count;

#endif
