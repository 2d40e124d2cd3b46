#include "ps_status.h"

#define PS__MESSAGE(name, message) [PS_ERR_##name] = message,
#define PS__NAME(name, message) [PS_ERR_##name] = #name,
static const char *const messages[PS_STATUS_COUNT] = {[PS_OK] = "ok", PS_STATUS_LIST(PS__MESSAGE)};
static const char *const names[PS_STATUS_COUNT] = {[PS_OK] = "OK", PS_STATUS_LIST(PS__NAME)};

const char *ps_status_str(ps_status status)
{
    return (unsigned)status < PS_STATUS_COUNT ? messages[status] : "unknown status";
}

const char *ps_status_name(ps_status status)
{
    return (unsigned)status < PS_STATUS_COUNT ? names[status] : "UNKNOWN";
}
