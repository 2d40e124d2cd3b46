/* Include before an stb header (after its #defines), with stb_quiet_end.h after it: stb's own code is
 * compiled without the warnings that our -Wall -Wextra -Werror would turn into errors. */
#if defined(__GNUC__)
/* Reported at the end of the file, so it cannot be popped: stb declares static functions it never defines. */
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
