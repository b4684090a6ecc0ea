#include "siassb.h"

#include <string.h>

SIASSB_API const char *siassb_version(void) { return SIASSB_VERSION_STRING; }

SIASSB_API int siassb_version_number(void) { return SIASSB_VERSION_NUMBER; }

SIASSB_API const char *siassb_strerror(int code)
{
    switch (code) {
    case SIASSB_OK: return "success";
    case SIASSB_INFO_EVENT: return "information: the step stopped early at an event";
    case SIASSB_INFO_EXTRAPOLATED:
        return "information: evaluated outside the validity range; the value was written";
    case SIASSB_INFO_BUFFER_FULL: return "information: the record arrays are full; call again";
    case SIASSB_E_NOMEM: return "out of memory";
    case SIASSB_E_ARG: return "invalid argument (NULL, NaN, Inf or unknown value)";
    case SIASSB_E_RANGE: return "value outside its allowed range";
    case SIASSB_E_NOTFOUND: return "not found";
    case SIASSB_E_IO: return "input/output error";
    case SIASSB_E_PARSE: return "malformed JSON";
    case SIASSB_E_INVALID: return "input breaks a database or cell rule";
    case SIASSB_E_BUFFER: return "buffer too small; the needed size was written";
    case SIASSB_E_TYPE: return "parameter is of another kind";
    case SIASSB_E_STATE: return "object is not in a state that allows the call";
    case SIASSB_E_SOLVER: return "numerical solver failed";
    default: return "unknown status code";
    }
}

static const char *const class_names[] = {"any", "lisi", "electrolyte", "cathode", "counter"};

SIASSB_API const char *siassb_class_name(int cls)
{
    if (cls < SIASSB_CLASS_ANY || cls > SIASSB_CLASS_COUNTER)
        return "unknown";
    return class_names[cls];
}

SIASSB_API int siassb_class_from_name(const char *name, int *cls_out)
{
    if (!name || !cls_out)
        return SIASSB_E_ARG;
    for (int c = SIASSB_CLASS_LISI; c <= SIASSB_CLASS_COUNTER; c++)
        if (strcmp(name, class_names[c]) == 0) {
            *cls_out = c;
            return SIASSB_OK;
        }
    return SIASSB_E_NOTFOUND;
}
