/* Checkpoints: the whole state, the integrator's step-size proposal, the
 * protocol position and the cell with copies of its materials, as JSON.
 * Numbers are written with 17 significant digits, so every double reads back
 * exactly and a restored run continues bit for bit. */
#include "sim/sim.h"
#include "sim/cellmech.h"

#include "db/load.h"
#include "siassb.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIM_FAIL(sim, code, ...)                                                                  \
    do {                                                                                          \
        siassb__msg((sim)->errmsg, sizeof (sim)->errmsg, __VA_ARGS__);                            \
        return (code);                                                                            \
    } while (0)

/* A JSON number that reads back to the same double (null for NaN). */
static void put_num(FILE *f, const char *key, double v, int last)
{
    if (isnan(v))
        fprintf(f, "\"%s\": null%s\n", key, last ? "" : ",");
    else
        fprintf(f, "\"%s\": %.17g%s\n", key, v, last ? "" : ",");
}

static void put_array(FILE *f, const char *key, const double *v, size_t n, int last)
{
    fprintf(f, "\"%s\": [", key);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%.17g", i ? ", " : "", v[i]);
    fprintf(f, "]%s\n", last ? "" : ",");
}

/* The JSON object of one material (materials[0] of its database form). */
static char *material_object(struct siassb_material *m)
{
    size_t len;
    if (siassb_material_to_json(m, NULL, 0, &len) != SIASSB_E_BUFFER)
        return NULL;
    char *text = malloc(len + 1);
    if (!text || siassb_material_to_json(m, text, len + 1, &len) != SIASSB_OK) {
        free(text);
        return NULL;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    cJSON *mats = root ? cJSON_GetObjectItemCaseSensitive(root, "materials") : NULL;
    char *out = mats && mats->child ? cJSON_PrintUnformatted(mats->child) : NULL;
    cJSON_Delete(root);
    return out;
}

static int write_checkpoint(struct siassb_sim *sim, FILE *f)
{
    size_t len;
    if (siassb_cell_to_json(sim->cell, NULL, 0, &len) != SIASSB_E_BUFFER)
        SIM_FAIL(sim, SIASSB_E_STATE, "cannot write the cell: %s", siassb_cell_errmsg(sim->cell));
    char *cell_json = malloc(len + 1);
    if (!cell_json)
        SIM_FAIL(sim, SIASSB_E_NOMEM, "out of memory writing a checkpoint");
    if (siassb_cell_to_json(sim->cell, cell_json, len + 1, &len) != SIASSB_OK) {
        free(cell_json);
        SIM_FAIL(sim, SIASSB_E_STATE, "cannot write the cell: %s", siassb_cell_errmsg(sim->cell));
    }
    fprintf(f, "{\n\"format\": \"siassb-checkpoint\",\n\"format_version\": 1,\n");
    fprintf(f, "\"library_version\": \"%s\",\n\"cell\": %s,\n\"materials\": [", siassb_version(),
            cell_json);
    free(cell_json);
    int first = 1;
    for (int i = 0; i < SIASSB__CP_COUNT; i++) {
        struct siassb_material *m = sim->cell->material[i];
        int repeated = 0; /* one material may fill several roles */
        for (int j = 0; m && j < i; j++)
            repeated |= sim->cell->material[j] && strcmp(sim->cell->material[j]->id, m->id) == 0;
        if (!m || repeated)
            continue;
        char *obj = material_object(m);
        if (!obj)
            SIM_FAIL(sim, SIASSB_E_NOMEM, "out of memory writing material '%s'", m->id);
        fprintf(f, "%s\n%s", first ? "" : ",", obj);
        cJSON_free(obj);
        first = 0;
    }
    fprintf(f, "\n],\n\"state\": {\n");
    put_num(f, "t", sim->s.t, 0);
    put_num(f, "h", sim->s.h, 0);
    put_num(f, "current", sim->s.current, 0);
    put_num(f, "counter_mol", sim->s.counter_mol, 0);
    put_num(f, "charge_total", sim->s.charge_total, 0);
    put_num(f, "charge_mode", sim->s.charge_mode, 0);
    put_num(f, "energy_total", sim->s.energy_total, 0);
    put_num(f, "vq_abs_total", sim->s.vq_abs_total, 0);
    put_num(f, "dt_next", sim->s.dt_next, 0);
    put_num(f, "surface_hoop", sim->s.surface_hoop, 0);
    put_num(f, "surface_hydrostatic", sim->s.surface_hydrostatic, 0);
    put_num(f, "centre_stress", sim->s.centre_stress, 0);
#define PUT_CM(name) put_num(f, "cm_" #name, isinf(sim->s.m.name) ? NAN : sim->s.m.name, 0);
    SIASSB__CELLMECH_STATE(PUT_CM)
#undef PUT_CM
    put_array(f, "x", sim->x, sim->anode.n, 0);
    put_array(f, "sigma", sim->sigma, sim->anode.n, 0);
    put_array(f, "cryst", sim->cryst, sim->anode.n, 0);
    put_array(f, "li15si4", sim->li15, sim->anode.n, 0);
    put_array(f, "plastic", sim->plastic, sim->anode.n, 0);
    put_array(f, "theta", sim->theta, sim->full ? sim->cathode.n : 1, 1);
    fprintf(f, "},\n\"control\": {\n");
    put_num(f, "mode", sim->mode, 0);
    put_num(f, "setpoint", sim->setpoint, 0);
    fprintf(f, "\"events\": [");
    for (int e = 0; e < SIASSB__EVENT_KINDS; e++) {
        if (isnan(sim->event_threshold[e]))
            fprintf(f, "%snull", e ? ", " : "");
        else
            fprintf(f, "%s%.17g", e ? ", " : "", sim->event_threshold[e]);
    }
    fprintf(f, "]\n},\n\"protocol\": {\n");
    put_num(f, "cycles_done", sim->p.cycles_done, 0);
    put_num(f, "phase", sim->p.phase, 0);
    put_num(f, "started", sim->p.started, 0);
    put_num(f, "lith_charge", sim->p.lith_charge, 0);
    put_num(f, "delith_charge", sim->p.delith_charge, 0);
    put_num(f, "lith_vq", sim->p.lith_vq, 0);
    put_num(f, "delith_vq", sim->p.delith_vq, 0);
    put_num(f, "discharge_energy", sim->p.discharge_energy, 0);
    put_num(f, "cathode_discharge_charge", sim->p.cathode_discharge_charge, 0);
    put_num(f, "last_record_t", sim->p.last_record_t, 0);
    put_num(f, "phase_start_t", sim->p.phase_start_t, 0);
    put_num(f, "stress_min", isinf(sim->p.stress_min) ? NAN : sim->p.stress_min, 0);
    put_num(f, "stress_max", isinf(sim->p.stress_max) ? NAN : sim->p.stress_max, 0);
    put_num(f, "pressure_min", isinf(sim->p.pressure_min) ? NAN : sim->p.pressure_min, 0);
    put_num(f, "pressure_max", isinf(sim->p.pressure_max) ? NAN : sim->p.pressure_max, 0);
    put_num(f, "delith_energy_mark", sim->p.delith_energy_mark, 1);
    fprintf(f, "},\n");
    put_num(f, "inventory0", sim->inventory0, 0);
    put_num(f, "cyclable0", sim->cyclable0, 1);
    fprintf(f, "}\n");
    return SIASSB_OK;
}

SIASSB_API int siassb_sim_save_checkpoint(siassb_sim *sim, const char *path)
{
    if (!sim)
        return SIASSB_E_ARG;
    sim->errmsg[0] = '\0';
    if (!path)
        SIM_FAIL(sim, SIASSB_E_ARG, "siassb_sim_save_checkpoint: path is NULL");
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        SIM_FAIL(sim, SIASSB_E_NOMEM, "out of memory");
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        SIM_FAIL(sim, SIASSB_E_IO, "%s: cannot create a temporary file beside it: %s", path,
                 strerror(e));
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        free(tmp);
        SIM_FAIL(sim, SIASSB_E_IO, "%s: cannot write: %s", path, strerror(errno));
    }
    int rc = write_checkpoint(sim, f);
    int werr = ferror(f);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        werr = 1;
    if (fclose(f) != 0)
        werr = 1;
    if (rc == SIASSB_OK && werr) {
        siassb__msg(sim->errmsg, sizeof sim->errmsg, "%s: write error", path);
        rc = SIASSB_E_IO;
    }
    if (rc == SIASSB_OK && rename(tmp, path) != 0) {
        siassb__msg(sim->errmsg, sizeof sim->errmsg, "%s: cannot rename the temporary file: %s",
                    path, strerror(errno));
        rc = SIASSB_E_IO;
    }
    if (rc != SIASSB_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* ---- reading ---- */

static int get_num(const cJSON *obj, const char *key, double *out, char *msg, size_t cap,
                   const char *path)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsNull(it)) {
        *out = NAN;
        return SIASSB_OK;
    }
    if (!cJSON_IsNumber(it)) {
        siassb__msg(msg, cap, "%s: checkpoint key '%s' missing or not a number", path, key);
        return SIASSB_E_INVALID;
    }
    *out = it->valuedouble;
    return SIASSB_OK;
}

static int get_array(const cJSON *obj, const char *key, double *out, size_t n, char *msg,
                     size_t cap, const char *path)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != n) {
        siassb__msg(msg, cap, "%s: checkpoint key '%s' must be an array of %zu numbers", path, key,
                    n);
        return SIASSB_E_INVALID;
    }
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble)) {
            siassb__msg(msg, cap, "%s: checkpoint key '%s': element %zu is not a finite number",
                        path, key, i);
            return SIASSB_E_INVALID;
        }
        out[i] = e->valuedouble;
    }
    return SIASSB_OK;
}

static int restore_state(struct siassb_sim *sim, const cJSON *root, char *msg, size_t cap,
                         const char *path)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "state");
    const cJSON *ct = cJSON_GetObjectItemCaseSensitive(root, "control");
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(root, "protocol");
    if (!cJSON_IsObject(st) || !cJSON_IsObject(ct) || !cJSON_IsObject(pr)) {
        siassb__msg(msg, cap, "%s: checkpoint lacks 'state', 'control' or 'protocol'", path);
        return SIASSB_E_INVALID;
    }
    struct {
        const cJSON *obj;
        const char *key;
        double *dst;
    } nums[] = {
        {st, "t", &sim->s.t},
        {st, "h", &sim->s.h},
        {st, "current", &sim->s.current},
        {st, "counter_mol", &sim->s.counter_mol},
        {st, "charge_total", &sim->s.charge_total},
        {st, "charge_mode", &sim->s.charge_mode},
        {st, "energy_total", &sim->s.energy_total},
        {st, "vq_abs_total", &sim->s.vq_abs_total},
        {st, "dt_next", &sim->s.dt_next},
        {st, "surface_hoop", &sim->s.surface_hoop},
        {st, "surface_hydrostatic", &sim->s.surface_hydrostatic},
        {st, "centre_stress", &sim->s.centre_stress},
#define GET_CM(name) {st, "cm_" #name, &sim->s.m.name},
        SIASSB__CELLMECH_STATE(GET_CM)
#undef GET_CM
        {ct, "setpoint", &sim->setpoint},
        {pr, "lith_charge", &sim->p.lith_charge},
        {pr, "delith_charge", &sim->p.delith_charge},
        {pr, "lith_vq", &sim->p.lith_vq},
        {pr, "delith_vq", &sim->p.delith_vq},
        {pr, "discharge_energy", &sim->p.discharge_energy},
        {pr, "cathode_discharge_charge", &sim->p.cathode_discharge_charge},
        {pr, "last_record_t", &sim->p.last_record_t},
        {pr, "phase_start_t", &sim->p.phase_start_t},
        {pr, "stress_min", &sim->p.stress_min},
        {pr, "stress_max", &sim->p.stress_max},
        {pr, "pressure_min", &sim->p.pressure_min},
        {pr, "pressure_max", &sim->p.pressure_max},
        {pr, "delith_energy_mark", &sim->p.delith_energy_mark},
        {root, "inventory0", &sim->inventory0},
        {root, "cyclable0", &sim->cyclable0},
    };
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        int rc = get_num(nums[i].obj, nums[i].key, nums[i].dst, msg, cap, path);
        if (rc)
            return rc;
    }
    double mode, cycles, phase, started;
    int rc;
    if ((rc = get_num(ct, "mode", &mode, msg, cap, path)) ||
        (rc = get_num(pr, "cycles_done", &cycles, msg, cap, path)) ||
        (rc = get_num(pr, "phase", &phase, msg, cap, path)) ||
        (rc = get_num(pr, "started", &started, msg, cap, path)))
        return rc;
    /* a crafted or damaged file must not leave a state the stepping cannot
     * advance from */
    int bad_mode = !(mode == SIASSB_MODE_REST || mode == SIASSB_MODE_CURRENT ||
                     mode == SIASSB_MODE_VOLTAGE);
    int bad_count = !(phase >= 0 && phase <= 4 && phase == floor(phase)) ||
                    !(cycles >= 0 && cycles <= 1e6 && cycles == floor(cycles)) ||
                    !(started == 0 || started == 1);
    int bad_state = !isfinite(sim->s.t) || fabs(sim->s.t) > 1e12 || !(fabs(sim->s.h) <= 1.0) ||
                    !(sim->s.dt_next > 0 && sim->s.dt_next <= 1e9) || !isfinite(sim->s.current) ||
                    !isfinite(sim->s.counter_mol) || !isfinite(sim->setpoint) ||
                    !isfinite(sim->s.charge_total) || !isfinite(sim->s.charge_mode) ||
                    !isfinite(sim->s.energy_total) || !isfinite(sim->s.vq_abs_total);
    if (bad_mode || bad_count || bad_state) {
        siassb__msg(msg, cap,
                    "%s: checkpoint %s out of range (t finite, |h| <= 1, 0 < dt_next <= 1e9, "
                    "mode 1, 2 or 4, whole phase 0-4 and cycle count)",
                    path, bad_mode ? "mode" : bad_count ? "phase, cycle count or flag" : "state");
        return SIASSB_E_INVALID;
    }
    /* an empty stress or pressure record, and no step limit, were written as null */
    if (isnan(sim->p.stress_min))
        sim->p.stress_min = INFINITY;
    if (isnan(sim->p.stress_max))
        sim->p.stress_max = -INFINITY;
    if (isnan(sim->p.pressure_min))
        sim->p.pressure_min = INFINITY;
    if (isnan(sim->p.pressure_max))
        sim->p.pressure_max = -INFINITY;
    if (isnan(sim->s.m.dt_limit))
        sim->s.m.dt_limit = INFINITY;
    const siassb__cellmech_state *m = &sim->s.m;
    int bad_cm = 0;
#define CHECK_CM(name) bad_cm |= !(isfinite(m->name) || (&m->name == &m->dt_limit && m->dt_limit > 0));
    SIASSB__CELLMECH_STATE(CHECK_CM)
#undef CHECK_CM
    bad_cm |= !(m->pressure >= 0 && m->gap >= 0 && m->contact > 0 && m->contact <= 1 &&
                m->isolated >= 0 && m->isolated < 1);
    if (bad_cm) {
        siassb__msg(msg, cap,
                    "%s: checkpoint cell-mechanics state out of range (finite; pressure and gap "
                    ">= 0, 0 < contact <= 1, 0 <= isolated < 1)",
                    path);
        return SIASSB_E_INVALID;
    }
    sim->mode = (int)mode;
    sim->p.cycles_done = (int)cycles;
    sim->p.phase = (int)phase;
    sim->p.started = started != 0;
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(ct, "events");
    if (!cJSON_IsArray(ev) || cJSON_GetArraySize(ev) != SIASSB__EVENT_KINDS) {
        siassb__msg(msg, cap, "%s: checkpoint 'events' must hold %d entries", path,
                    SIASSB__EVENT_KINDS);
        return SIASSB_E_INVALID;
    }
    int e = 0;
    for (const cJSON *it = ev->child; it; it = it->next, e++)
        sim->event_threshold[e] = cJSON_IsNumber(it) ? it->valuedouble : NAN;
    if ((rc = get_array(st, "x", sim->x, sim->anode.n, msg, cap, path)) ||
        (rc = get_array(st, "sigma", sim->sigma, sim->anode.n, msg, cap, path)) ||
        (rc = get_array(st, "cryst", sim->cryst, sim->anode.n, msg, cap, path)) ||
        (rc = get_array(st, "li15si4", sim->li15, sim->anode.n, msg, cap, path)) ||
        (rc = get_array(st, "plastic", sim->plastic, sim->anode.n, msg, cap, path)))
        return rc;
    for (size_t k = 0; k < sim->anode.n; k++)
        if (!(sim->cryst[k] >= 0 && sim->cryst[k] <= 1) || !(sim->li15[k] >= 0 && sim->li15[k] < 1)) {
            siassb__msg(msg, cap, "%s: checkpoint crystalline or Li15Si4 fraction of shell %zu out "
                        "of range; allowed: 0 to 1", path, k);
            return SIASSB_E_INVALID;
        }
    if ((rc = get_array(st, "theta", sim->theta, sim->full ? sim->cathode.n : 1, msg, cap, path)))
        return rc;
    siassb__cellmech_refresh(sim);
    return SIASSB_OK;
}

SIASSB_API int siassb_sim_open_checkpoint(const char *path, siassb_sim **out, char *errbuf,
                                          size_t errcap)
{
    siassb__init_once();
    if (out)
        *out = NULL;
    if (!path || !out) {
        siassb__msg(errbuf, errcap, "siassb_sim_open_checkpoint: %s is NULL", !path ? "path" : "out");
        return SIASSB_E_ARG;
    }
    char *text;
    size_t len;
    int rc = siassb__read_file(path, &text, &len, errbuf, errcap);
    if (rc)
        return rc;
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *fmt = root ? cJSON_GetObjectItemCaseSensitive(root, "format") : NULL;
    if (!root || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, "siassb-checkpoint") != 0) {
        cJSON_Delete(root);
        siassb__msg(errbuf, errcap, "%s: not a siassb checkpoint (format \"siassb-checkpoint\")", path);
        return root ? SIASSB_E_INVALID : SIASSB_E_PARSE;
    }
    /* the materials as they were, loaded over the default database */
    siassb_db *db = NULL;
    siassb_cell *cell = NULL;
    siassb_sim *sim = NULL;
    char *mats_text = NULL, *cell_text = NULL;
    cJSON *file = cJSON_CreateObject();
    cJSON *mats = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(root, "materials"), 1);
    if (!file || !mats || !cJSON_AddStringToObject(file, "format", "siassb-materials") ||
        !cJSON_AddNumberToObject(file, "format_version", 1) ||
        !cJSON_AddItemToObject(file, "materials", mats)) {
        if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "materials")))
            siassb__msg(errbuf, errcap, "%s: checkpoint lacks its 'materials'", path);
        else
            siassb__msg(errbuf, errcap, "out of memory reading %s", path);
        cJSON_Delete(file);
        cJSON_Delete(root);
        return SIASSB_E_INVALID;
    }
    mats_text = cJSON_PrintUnformatted(file);
    const cJSON *cell_obj = cJSON_GetObjectItemCaseSensitive(root, "cell");
    cell_text = cJSON_IsObject(cell_obj) ? cJSON_PrintUnformatted(cell_obj) : NULL;
    cJSON_Delete(file);
    if (!cJSON_IsObject(cell_obj)) {
        cJSON_free(mats_text);
        cJSON_Delete(root);
        siassb__msg(errbuf, errcap, "%s: checkpoint lacks its 'cell' object", path);
        return SIASSB_E_INVALID;
    }
    rc = mats_text && cell_text ? siassb_db_open_default(&db, errbuf, errcap) : SIASSB_E_NOMEM;
    if (rc == SIASSB_OK && (rc = siassb_db_load_string(db, mats_text, strlen(mats_text), path)))
        siassb__msg(errbuf, errcap, "%s", siassb_db_errmsg(db));
    if (rc == SIASSB_OK)
        rc = siassb_cell_open_string(db, cell_text, strlen(cell_text), &cell, errbuf, errcap);
    if (rc == SIASSB_OK)
        rc = siassb_sim_create(cell, &sim, errbuf, errcap);
    if (rc == SIASSB_OK)
        rc = restore_state(sim, root, errbuf, errcap, path);
    cJSON_free(mats_text);
    cJSON_free(cell_text);
    cJSON_Delete(root);
    siassb_cell_free(cell);
    siassb_db_free(db);
    if (rc) {
        siassb_sim_free(sim);
        return rc;
    }
    siassb__msg(errbuf, errcap, "%s", "");
    *out = sim;
    return SIASSB_OK;
}
