/* The one way an options setter is written: NULL or a value that fails `valid`
 * (an expression of `value`) is PS_ERR_INVALID_ARGUMENT and changes nothing. */
#ifndef PS__OPTIONS_H
#define PS__OPTIONS_H
#include "ps_status.h"

#define PS__SETTER(function, handle_type, field, value_type, valid) \
    ps_status function(handle_type *opts, value_type value)          \
    {                                                                \
        if (!opts || !(valid)) return PS_ERR_INVALID_ARGUMENT;       \
        opts->field = value;                                         \
        return PS_OK;                                                \
    }

#endif
