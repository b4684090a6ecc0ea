/**
 * @file siassb.h
 * @brief libsiassb: silicon anodes and solid electrolytes in all-solid-state
 *        lithium batteries. The one public header.
 *
 * Conventions (see doc/api.md):
 * - Every fallible call returns an `int` status: ::SIASSB_OK (0), a negative
 *   error (`SIASSB_E_*`) or a positive information code (`SIASSB_INFO_*`)
 *   that still wrote its result. Values are pinned and never reused.
 * - Calls on an existing handle leave a one-line message on it
 *   (`siassb_db_errmsg`, `siassb_material_errmsg`). Calls that create a
 *   handle take `(char *errbuf, size_t errcap)` last; either may be NULL/0.
 * - A failed call leaves its object as it was.
 * - `_free(NULL)` is a no-op. Nothing in the library aborts, exits or prints.
 * - Threads: any object may be used from any thread, one thread at a time.
 *   `siassb_material_open()` only reads its database, so several threads may
 *   open materials from one database at once while nobody modifies it.
 * - The one global is GSL's error handler, switched off once (pthread_once)
 *   by the first creator call; a handler the host installed earlier is kept.
 */
#ifndef SIASSB_H
#define SIASSB_H

#include <stddef.h>

#define SIASSB_VERSION_MAJOR 0
#define SIASSB_VERSION_MINOR 1
#define SIASSB_VERSION_PATCH 0
/** "MAJOR.MINOR.PATCH" of the header. */
#define SIASSB_VERSION_STRING "0.1.0"
/** MAJOR*10000 + MINOR*100 + PATCH of the header. */
#define SIASSB_VERSION_NUMBER \
    (SIASSB_VERSION_MAJOR * 10000 + SIASSB_VERSION_MINOR * 100 + SIASSB_VERSION_PATCH)

#if defined(_WIN32) && defined(SIASSB_BUILDING)
#define SIASSB_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(SIASSB_STATIC)
#define SIASSB_API __declspec(dllimport)
#elif defined(__GNUC__)
#define SIASSB_API __attribute__((visibility("default")))
#else
#define SIASSB_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes. Values are pinned: never renumbered, never reused. */
enum siassb_status {
    SIASSB_OK = 0,                /**< success */
    SIASSB_INFO_EVENT = 1,        /**< a step stopped early at an event */
    SIASSB_INFO_EXTRAPOLATED = 2, /**< evaluated outside the validity range; value written */
    SIASSB_INFO_BUFFER_FULL = 3,  /**< the caller's record arrays are full; call again */
    SIASSB_E_NOMEM = -1,          /**< out of memory */
    SIASSB_E_ARG = -2,            /**< invalid argument: NULL, NaN, Inf, unknown enum */
    SIASSB_E_RANGE = -3,          /**< a value outside its allowed range */
    SIASSB_E_NOTFOUND = -4,       /**< no such material, parameter or key */
    SIASSB_E_IO = -5,             /**< a file could not be opened, read or written */
    SIASSB_E_PARSE = -6,          /**< malformed JSON */
    SIASSB_E_INVALID = -7,        /**< well-formed input that breaks a database or cell rule */
    SIASSB_E_BUFFER = -8,         /**< caller buffer too small; the needed size was written */
    SIASSB_E_TYPE = -9,           /**< the parameter exists but is of another kind */
    SIASSB_E_STATE = -10,         /**< the object is not in a state that allows the call */
    SIASSB_E_SOLVER = -11         /**< the numerical solver failed */
};

/** Material classes; the names are the JSON and CLI strings. */
enum siassb_class {
    SIASSB_CLASS_ANY = 0,         /**< no filter (listing only) */
    SIASSB_CLASS_LISI = 1,        /**< "lisi": Li-Si active material */
    SIASSB_CLASS_ELECTROLYTE = 2, /**< "electrolyte": solid electrolyte */
    SIASSB_CLASS_CATHODE = 3,     /**< "cathode": positive active material */
    SIASSB_CLASS_COUNTER = 4      /**< "counter": counter electrode (Li, In-Li) */
};

/** Kinds of stored material parameter. */
enum siassb_param_kind {
    SIASSB_PARAM_SCALAR = 1, /**< a number */
    SIASSB_PARAM_CHOICE = 2, /**< one of a fixed set of strings */
    SIASSB_PARAM_TABLE = 3   /**< y(x) as two arrays */
};

/** Provenance of a stored value (DESIGN.md, "The database"). */
enum siassb_provenance {
    SIASSB_PROVENANCE_SOURCE = 1,  /**< measured or published; `source` cites it */
    SIASSB_PROVENANCE_ASSUMED = 2, /**< a default by rule; `source` gives the reason */
    SIASSB_PROVENANCE_FITTED = 3   /**< fitted to observations listed in the file */
};

/** A materials database (opaque). */
typedef struct siassb_db siassb_db;
/** One material, an owned copy independent of its database (opaque). */
typedef struct siassb_material siassb_material;

/* ------------------------------------------------------------------ */
/** @name Library */
/** Version string of the library at run time, e.g. "0.1.0". Never NULL. */
SIASSB_API const char *siassb_version(void);
/** Version number of the library at run time (see ::SIASSB_VERSION_NUMBER). */
SIASSB_API int siassb_version_number(void);
/** Static name and meaning of a status code. Never NULL (unknown codes too). */
SIASSB_API const char *siassb_strerror(int code);
/** Class name ("lisi", ...) of a class value; "unknown" for others. Never NULL. */
SIASSB_API const char *siassb_class_name(int cls);
/** Class value of a class name. @return ::SIASSB_OK or ::SIASSB_E_NOTFOUND. */
SIASSB_API int siassb_class_from_name(const char *name, int *cls_out);

/* ------------------------------------------------------------------ */
/** @name Materials database */
/** Open the database embedded in the library (data/materials at build time). */
SIASSB_API int siassb_db_open_default(siassb_db **out, char *errbuf, size_t errcap);
/** Open the embedded database and merge one file over it. */
SIASSB_API int siassb_db_open_file(const char *path, siassb_db **out, char *errbuf, size_t errcap);
/**
 * Merge one more file, atomically: a material whose id exists replaces it
 * whole, a new id adds one. A refused file leaves the database as it was and
 * leaves the reason (file, material id, key, what is allowed) in
 * siassb_db_errmsg().
 */
SIASSB_API int siassb_db_load_file(siassb_db *db, const char *path);
/** As siassb_db_load_file() from `len` bytes of JSON text; `name` labels messages (may be NULL). */
SIASSB_API int siassb_db_load_string(siassb_db *db, const char *json, size_t len, const char *name);
/** Free a database; NULL is a no-op. Materials opened from it stay valid. */
SIASSB_API void siassb_db_free(siassb_db *db);
/** Message of the last failed call on `db` ("" after success). Never NULL. */
SIASSB_API const char *siassb_db_errmsg(const siassb_db *db);
/** Number of materials of class `cls` (::SIASSB_CLASS_ANY for all). */
SIASSB_API int siassb_db_count(siassb_db *db, int cls, size_t *n_out);
/**
 * Id of the `index`-th material of class `cls`, in ascending byte order of
 * ids. The string is borrowed: valid until the database is changed or freed.
 */
SIASSB_API int siassb_db_id(siassb_db *db, int cls, size_t index, const char **id_out);

/* ------------------------------------------------------------------ */
/** @name Materials */
/**
 * Look up a material by id or alias and return an owned copy, which
 * outlives the database. Only reads `db`.
 */
SIASSB_API int siassb_material_open(const siassb_db *db, const char *id_or_alias,
                                    siassb_material **out, char *errbuf, size_t errcap);
/** Free a material; NULL is a no-op. */
SIASSB_API void siassb_material_free(siassb_material *m);
/** Message of the last failed call on `m` ("" after success). Never NULL. */
SIASSB_API const char *siassb_material_errmsg(const siassb_material *m);
/** Id (borrowed, valid while `m` lives). */
SIASSB_API int siassb_material_id(siassb_material *m, const char **id_out);
/** Class (::siassb_class). */
SIASSB_API int siassb_material_class(siassb_material *m, int *cls_out);
/** Descriptive name ("" when the file gives none; borrowed). */
SIASSB_API int siassb_material_name(siassb_material *m, const char **name_out);
/** Number of aliases. */
SIASSB_API int siassb_material_alias_count(siassb_material *m, size_t *n_out);
/** The `index`-th alias (borrowed). */
SIASSB_API int siassb_material_alias(siassb_material *m, size_t index, const char **alias_out);
/** Number of stored parameters (scalars, choices and tables). */
SIASSB_API int siassb_material_param_count(siassb_material *m, size_t *n_out);
/** Name and kind (::siassb_param_kind) of the `index`-th parameter, in ascending name order. */
SIASSB_API int siassb_material_param_info(siassb_material *m, size_t index, const char **name_out,
                                          int *kind_out);
/** Value of a scalar parameter, in the unit its name states. */
SIASSB_API int siassb_material_get(siassb_material *m, const char *name, double *value_out);
/** Value of a choice parameter (borrowed string). */
SIASSB_API int siassb_material_get_choice(siassb_material *m, const char *name,
                                          const char **value_out);
/**
 * Copy a table into caller arrays of capacity `cap`. `*n_out` always
 * receives the number of points; with cap too small (e.g. x = y = NULL,
 * cap = 0) the call returns ::SIASSB_E_BUFFER and copies nothing.
 */
SIASSB_API int siassb_material_get_table(siassb_material *m, const char *name, double *x,
                                         double *y, size_t cap, size_t *n_out);
/** Abscissa name of a table ("sto", "x" or "T_K"; borrowed). */
SIASSB_API int siassb_material_table_abscissa(siassb_material *m, const char *name,
                                              const char **abscissa_out);
/**
 * Provenance of a parameter: its kind (::siassb_provenance) and its source
 * text (borrowed). Either output may be NULL.
 */
SIASSB_API int siassb_material_provenance(siassb_material *m, const char *name, int *provenance_out,
                                          const char **source_out);
/**
 * The material as database JSON (a complete file with one material),
 * NUL-terminated, snprintf-style: `*len_out` receives the length without the
 * NUL; with `cap` <= length the call returns ::SIASSB_E_BUFFER.
 */
SIASSB_API int siassb_material_to_json(siassb_material *m, char *buf, size_t cap, size_t *len_out);

/* ------------------------------------------------------------------ */
/** @name Material properties
 * Functions of state evaluated from the stored parameters. `composition` is
 * x in LixSi for "lisi" materials and the table stoichiometry (sto, 0..1) for
 * cathodes and counter electrodes; `temperature_K` in kelvin; `hysteresis`
 * from -1 (lithiation branch) to +1 (delithiation branch), used by the Li-Si
 * OCV only. Arguments a property does not use are ignored (NaN allowed).
 *
 * | property | classes | depends on | unit |
 * |---|---|---|---|
 * | ocv | lisi, cathode, counter | x and hysteresis, or sto | V vs Li/Li+ |
 * | specific_capacity | lisi (per g Si), cathode (from the charged state) | x or sto | mAh/g |
 * | volume_ratio | lisi (V/V0), cathode (vs discharged) | x or sto | 1 |
 * | density | all | x for lisi | kg/m3 |
 * | youngs_modulus | lisi, electrolyte | x for lisi | GPa |
 * | poisson_ratio | lisi, electrolyte | x for lisi | 1 |
 * | yield_stress | lisi | x | GPa |
 * | diffusivity | lisi, cathode | T | m2/s |
 * | conductivity | electrolyte | T | S/m |
 * | activation_energy | electrolyte | T (VTF: apparent) | eV |
 *
 * A property is available when its parameters are stored. Outside the range
 * of the data (a table's abscissa, an electrolyte's validity temperatures, a
 * cathode's practical window) the value is still written and the call
 * returns ::SIASSB_INFO_EXTRAPOLATED; tables hold their end values there. */
/** Number of properties available for `m`. */
SIASSB_API int siassb_material_property_count(siassb_material *m, size_t *n_out);
/**
 * Name, unit and dependence ("x", "x,hysteresis", "sto", "T" or "") of the
 * `index`-th available property (borrowed strings). Outputs may be NULL.
 */
SIASSB_API int siassb_material_property_info(siassb_material *m, size_t index,
                                             const char **name_out, const char **unit_out,
                                             const char **depends_out);
/**
 * Evaluate a property (or read a stored scalar parameter by its database
 * name) at the given state; `unit_out` (may be NULL) receives its unit.
 */
SIASSB_API int siassb_material_eval(siassb_material *m, const char *property, double composition,
                                    double temperature_K, double hysteresis, double *value_out,
                                    const char **unit_out);

#ifdef __cplusplus
}
#endif

#endif /* SIASSB_H */
