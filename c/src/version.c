#include "ps_version.h"

#define PS__STR(x) #x
#define PS__VERSION(a, b, c) PS__STR(a) "." PS__STR(b) "." PS__STR(c)

const char *ps_version(void) { return PS__VERSION(PS_VERSION_MAJOR, PS_VERSION_MINOR, PS_VERSION_PATCH); }
