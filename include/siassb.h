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

/** Kinds of cell parameter (siassb_cell_param_info()). */
enum siassb_cell_param_kind {
    SIASSB_CELL_PARAM_NUMBER = 1,  /**< a number in its unit; siassb_cell_set() */
    SIASSB_CELL_PARAM_INTEGER = 2, /**< a whole number; siassb_cell_set() */
    SIASSB_CELL_PARAM_CHOICE = 3,  /**< one of a fixed set of words; siassb_cell_set_text() */
    SIASSB_CELL_PARAM_MATERIAL = 4 /**< a database id; siassb_cell_set_material() */
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
/** A cell description: layers, materials, fixture, protocol defaults (opaque). */
typedef struct siassb_cell siassb_cell;
/** The state of one simulation of a cell (opaque). */
typedef struct siassb_sim siassb_sim;

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

/* ------------------------------------------------------------------ */
/** @name Cells
 * A cell description resolves its material ids through a database when it is
 * opened and keeps owned copies, so the database may be freed afterwards.
 * Parameters are named by dotted names with their unit in the name
 * ("separator.thickness_m"); doc/cell.md and `siassb cell params` list them.
 * Out-of-range values are refused with the allowed range, never clamped. */
/** Number of presets embedded in the library. */
SIASSB_API int siassb_preset_count(size_t *n_out);
/** Name and one-line description (with its source) of the `index`-th preset (borrowed). */
SIASSB_API int siassb_preset_info(size_t index, const char **name_out, const char **description_out);
/** Open a preset by name ("si-lpscl-ncm811", ...). */
SIASSB_API int siassb_cell_open_preset(const siassb_db *db, const char *name, siassb_cell **out,
                                       char *errbuf, size_t errcap);
/** Open a cell JSON file (doc/cell.md gives the format). */
SIASSB_API int siassb_cell_open_file(const siassb_db *db, const char *path, siassb_cell **out,
                                     char *errbuf, size_t errcap);
/** Open a cell from `len` bytes of JSON text. */
SIASSB_API int siassb_cell_open_string(const siassb_db *db, const char *json, size_t len,
                                       siassb_cell **out, char *errbuf, size_t errcap);
/** Free a cell; NULL is a no-op. */
SIASSB_API void siassb_cell_free(siassb_cell *cell);
/** Message of the last failed call on `cell` ("" after success). Never NULL. */
SIASSB_API const char *siassb_cell_errmsg(const siassb_cell *cell);
/** Number of cell parameters (the registry; no handle needed). */
SIASSB_API int siassb_cell_param_count(size_t *n_out);
/**
 * The `index`-th cell parameter: name, unit, kind (::siassb_cell_param_kind),
 * default, bounds and description; choices ("a|b") or the material class for
 * choice and material kinds. Outputs may be NULL; strings are static.
 */
SIASSB_API int siassb_cell_param_info(size_t index, const char **name_out, const char **unit_out,
                                      int *kind_out, double *default_out, double *lo_out,
                                      double *hi_out, const char **choices_out,
                                      const char **description_out);
/** Set a number or integer parameter. */
SIASSB_API int siassb_cell_set(siassb_cell *cell, const char *name, double value);
/** Read a number, integer or choice (as its index) parameter. */
SIASSB_API int siassb_cell_get(siassb_cell *cell, const char *name, double *value_out);
/** Set a choice parameter by its word ("full", "planar", "fixed_gap", ...). */
SIASSB_API int siassb_cell_set_text(siassb_cell *cell, const char *name, const char *value);
/** Read a choice parameter as its word, or a material parameter as its id (borrowed). */
SIASSB_API int siassb_cell_get_text(siassb_cell *cell, const char *name, const char **value_out);
/** Set a material parameter to a database material of the right class. */
SIASSB_API int siassb_cell_set_material(siassb_cell *cell, const siassb_db *db, const char *name,
                                        const char *id_or_alias);
/** The cell as cell JSON (snprintf-style, like siassb_material_to_json()). */
SIASSB_API int siassb_cell_to_json(siassb_cell *cell, char *buf, size_t cap, size_t *len_out);
/**
 * Energy budget of the full layer stack (collectors included) from the design
 * alone: specific energy and energy density of one discharge at the nominal
 * capacity and the mean open-circuit voltage.
 */
SIASSB_API int siassb_cell_energy(siassb_cell *cell, double *wh_per_kg_out, double *wh_per_l_out);
/** Number of layers in the budget of siassb_cell_energy(). */
SIASSB_API int siassb_cell_layer_count(siassb_cell *cell, size_t *n_out);
/** Name, thickness (m) and areal mass (kg/m2) of the `index`-th layer of the budget. */
SIASSB_API int siassb_cell_layer_info(siassb_cell *cell, size_t index, const char **name_out,
                                      double *thickness_m_out, double *areal_mass_kg_per_m2_out);

/* ------------------------------------------------------------------ */
/** @name Simulation
 * Sign convention: a current density i > 0 discharges the cell as built. In a
 * full cell that delithiates Si; in a Si half cell (against Li or In-Li) it
 * lithiates Si. A cycle is one Si lithiation followed by one Si delithiation.
 * Voltage cut-offs apply to the cell voltage; electrode potentials are vs Li/Li+. */

/** Operating modes of siassb_sim_set_mode(). */
enum siassb_mode {
    SIASSB_MODE_REST = 1,    /**< zero current; value ignored */
    SIASSB_MODE_CURRENT = 2, /**< constant current density, A/m2 (> 0 discharges) */
    SIASSB_MODE_CRATE = 3,   /**< constant current as a C-rate of the nominal capacity (> 0 discharges) */
    SIASSB_MODE_VOLTAGE = 4  /**< constant cell voltage, V; the current is solved */
};

/** Events that stop siassb_sim_step() early (set with siassb_sim_set_event()). */
enum siassb_event {
    SIASSB_EVENT_NONE = 0,
    SIASSB_EVENT_VOLTAGE_MIN = 1,   /**< cell voltage fell to the threshold (V) */
    SIASSB_EVENT_VOLTAGE_MAX = 2,   /**< cell voltage rose to the threshold (V) */
    SIASSB_EVENT_CURRENT_BELOW = 3, /**< |current| fell to the threshold (A/m2), voltage mode */
    SIASSB_EVENT_CAPACITY = 4,      /**< charge passed in this mode reached the threshold (mAh/cm2) */
    SIASSB_EVENT_COMPOSITION = 5    /**< an electrode surface reached its composition limit (always on) */
};

/** Output keys of siassb_sim_output(); the names are the CSV columns. */
enum siassb_output {
    SIASSB_OUT_TIME_S = 1,
    SIASSB_OUT_CURRENT_A_PER_M2 = 2,
    SIASSB_OUT_VOLTAGE_V = 3,
    SIASSB_OUT_ANODE_POTENTIAL_V = 4,
    SIASSB_OUT_CATHODE_POTENTIAL_V = 5,
    SIASSB_OUT_SI_X_MEAN = 6,
    SIASSB_OUT_SI_X_SURFACE = 7,
    SIASSB_OUT_HYSTERESIS = 8,
    SIASSB_OUT_CATHODE_STO_MEAN = 9,
    SIASSB_OUT_CATHODE_STO_SURFACE = 10,
    SIASSB_OUT_CHARGE_MAH_PER_CM2 = 11,
    SIASSB_OUT_CYCLE = 12,
    SIASSB_OUT_OHMIC_DROP_V = 13,
    SIASSB_OUT_STACK_PRESSURE_MPA = 14,
    SIASSB_OUT_PARTICLE_SURFACE_HOOP_STRESS_PA = 15,
    SIASSB_OUT_ANODE_THICKNESS_M = 16,
    SIASSB_OUT_SEI_THICKNESS_M = 17,
    SIASSB_OUT_LITHIUM_INVENTORY_MOL_PER_M2 = 18,
    SIASSB_OUT_SI_CAPACITY_MAH_PER_G = 19,
    SIASSB_OUT_CRYSTALLINE_FRACTION = 20, /**< crystalline Si left by the two-phase front */
    SIASSB_OUT_FRONT_POSITION_M = 21,     /**< pristine radius (film: depth from the collector) of the front */
    SIASSB_OUT_LI15SI4_FRACTION = 22,     /**< volume fraction of Si held as crystalline Li15Si4 */
    SIASSB_OUT_SURFACE_HYDROSTATIC_STRESS_PA = 23, /**< at the Si surface (films: 2/3 of the film stress) */
    SIASSB_OUT_CENTRE_STRESS_PA = 24,     /**< hoop (= radial) stress at the particle centre */
    SIASSB_OUT_SURFACE_PLASTIC_STRAIN = 25, /**< hoop (films: in-plane) plastic strain at the Si surface */
    SIASSB_OUT_CONTACT_FRACTION = 26,     /**< of the Si surface with the electrolyte (mechanisms.contact) */
    SIASSB_OUT_ISOLATED_FRACTION = 27,    /**< of the Si, isolated with its Li */
    SIASSB_OUT_STACK_THICKNESS_CHANGE_M = 28, /**< since creation; a fixed gap holds it at 0 until lift-off */
    SIASSB_OUT_INTERPHASE_LITHIUM_MOL_PER_M2 = 29, /**< Li consumed by interphases on Si and carbon and the oxide */
    SIASSB_OUT_TRAPPED_LITHIUM_MOL_PER_M2 = 30,    /**< Li held in isolated Si */
    SIASSB_OUT_CATHODE_INTERPHASE_THICKNESS_M = 31, /**< oxidised electrolyte on the cathode */
    SIASSB_OUT_LIFT_OFF_GAP_M = 32,       /**< gap between stack and fixture after lift-off (P = 0) */
    SIASSB_OUT_SI_LITHIUM_MOL_PER_M2 = 33, /**< Li in the active (not isolated) Si */
    SIASSB_OUT_POSITIVE_LITHIUM_MOL_PER_M2 = 34, /**< Li in the cathode (half cells: the counter electrode) */
    SIASSB_OUT_ELECTROLYTE_LITHIUM_RELEASED_MOL_PER_M2 = 35 /**< the electrolyte's own Li its oxidation gave the cell */
};

/** Create a simulation of `cell` at rest, fully delithiated Si (full cells: discharged cathode). */
SIASSB_API int siassb_sim_create(const siassb_cell *cell, siassb_sim **out, char *errbuf,
                                 size_t errcap);
/** Free a simulation; NULL is a no-op. */
SIASSB_API void siassb_sim_free(siassb_sim *sim);
/** An owned copy of the cell the simulation runs (e.g. after siassb_sim_open_checkpoint()). */
SIASSB_API int siassb_sim_copy_cell(siassb_sim *sim, siassb_cell **out);
/** Message of the last failed (or informing) call on `sim`. Never NULL. */
SIASSB_API const char *siassb_sim_errmsg(const siassb_sim *sim);
/** Set the operating mode (::siassb_mode) and its set-point; clears the mode's charge counter. */
SIASSB_API int siassb_sim_set_mode(siassb_sim *sim, int mode, double value);
/** Arm (threshold finite) or disarm (NaN) an event (::siassb_event). */
SIASSB_API int siassb_sim_set_event(siassb_sim *sim, int event, double threshold);
/**
 * Advance at most `dt_s` seconds. Returns ::SIASSB_OK when dt was reached,
 * ::SIASSB_INFO_EVENT with `*event` set when an armed event stopped it
 * (located within 1e-4 V, 1e-4 relative in current or charge), or an error;
 * a failed step leaves the state exactly as it was. Either output may be NULL.
 */
SIASSB_API int siassb_sim_step(siassb_sim *sim, double dt_s, double *t_reached_s, int *event);
/** One output (::siassb_output) of the current state. */
SIASSB_API int siassb_sim_output(siassb_sim *sim, int key, double *value_out);
/** Several outputs at once into `values` (n entries). */
SIASSB_API int siassb_sim_outputs(siassb_sim *sim, const int *keys, size_t n, double *values);
/** Output key of a CSV column name ("voltage_V", ...). */
SIASSB_API int siassb_output_from_name(const char *name, int *key_out);
/** CSV column name of an output key; "unknown" for others. Never NULL. */
SIASSB_API const char *siassb_output_name(int key);

/** Columns of the per-cycle summary rows of siassb_sim_run(). */
enum siassb_cycle_column {
    SIASSB_CYCLE_INDEX = 0,
    SIASSB_CYCLE_SI_LITHIATION_MAH_PER_G = 1,
    SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_G = 2,
    SIASSB_CYCLE_SI_DELITHIATION_MAH_PER_CM2 = 3,
    SIASSB_CYCLE_CATHODE_DISCHARGE_MAH_PER_G = 4, /**< NaN in half cells */
    SIASSB_CYCLE_DISCHARGE_ENERGY_WH_PER_KG = 5,  /**< on the full layer stack; NaN in half cells */
    SIASSB_CYCLE_DISCHARGE_ENERGY_WH_PER_L = 6,
    SIASSB_CYCLE_COULOMBIC_EFFICIENCY = 7,        /**< delithiation / lithiation */
    SIASSB_CYCLE_MEAN_LITHIATION_VOLTAGE_V = 8,
    SIASSB_CYCLE_MEAN_DELITHIATION_VOLTAGE_V = 9,
    SIASSB_CYCLE_PRESSURE_MIN_MPA = 10,           /**< NaN with mechanisms.stack = off */
    SIASSB_CYCLE_PRESSURE_MAX_MPA = 11,
    SIASSB_CYCLE_SEI_THICKNESS_M = 12,
    SIASSB_CYCLE_LITHIUM_LOST_FRACTION = 13,
    SIASSB_CYCLE_ACTIVE_MATERIAL_LOST_FRACTION = 14,
    SIASSB_CYCLE_STRESS_MIN_PA = 15,             /**< lowest surface stress of the cycle (films) */
    SIASSB_CYCLE_STRESS_MAX_PA = 16              /**< highest: max - min is the stress hysteresis */
};
/** Number of columns of a cycle row (17 in this version). */
SIASSB_API int siassb_cycle_column_count(size_t *n_out);
/** Name of a cycle column ("coulombic_efficiency", ...); "unknown" for others. Never NULL. */
SIASSB_API const char *siassb_cycle_column_name(int column);

/**
 * Run the cell's protocol (CC, CV hold at the end of Si lithiation, CC) up to
 * `cycles` completed cycles in total. Each recorded step appends one row of
 * `n_keys` outputs (`keys`) to `step_rows` (row-major, capacity `step_cap`
 * rows; `record_every_s` > 0 decimates, 0 records every step, NULL/0 records
 * none); each completed cycle appends one row of siassb_cycle_column_count()
 * values to `cycle_rows` (capacity `cycle_cap`). `*n_step_rows` and
 * `*n_cycle_rows` receive the rows written by this call. Returns
 * ::SIASSB_INFO_BUFFER_FULL when either array filled up before the target:
 * call again with emptied arrays to continue where it stopped.
 */
SIASSB_API int siassb_sim_run(siassb_sim *sim, int cycles, const int *keys, size_t n_keys,
                              double record_every_s, double *step_rows, size_t step_cap,
                              size_t *n_step_rows, double *cycle_rows, size_t cycle_cap,
                              size_t *n_cycle_rows);
/** Completed cycles so far. */
SIASSB_API int siassb_sim_cycles_done(siassb_sim *sim, int *cycles_out);
/** Write the full state, the integrator's state and the cell as JSON (atomically: temp file + rename). */
SIASSB_API int siassb_sim_save_checkpoint(siassb_sim *sim, const char *path);
/** Restore a simulation from a checkpoint; it continues bit for bit like an uninterrupted run. */
SIASSB_API int siassb_sim_open_checkpoint(const char *path, siassb_sim **out, char *errbuf,
                                          size_t errcap);

#ifdef __cplusplus
}
#endif

#endif /* SIASSB_H */
