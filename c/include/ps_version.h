/* ps_version: the library's version, the same as the npm package's. */
#ifndef PS_VERSION_H
#define PS_VERSION_H

#define PS_VERSION_MAJOR 0
#define PS_VERSION_MINOR 1
#define PS_VERSION_PATCH 0

/* "MAJOR.MINOR.PATCH", a static string. */
const char *ps_version(void);

#endif
