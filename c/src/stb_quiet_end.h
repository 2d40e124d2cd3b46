/* See stb_quiet_begin.h. */
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
