/* PS_COLD marks a function that runs once per model, trainer or call, not per
 * token or pixel: the compiler optimises it for size and the rest for speed
 * (the WebAssembly build is -O3; see the Makefile). Any C11 compiler may ignore it. */
#ifndef PS__COLD_H
#define PS__COLD_H
#if defined(__clang__)
#define PS_COLD __attribute__((cold, minsize))
#elif defined(__GNUC__)
#define PS_COLD __attribute__((cold))
#else
#define PS_COLD
#endif
/* PS_SMALL marks a hot loop that waits on memory, not on instructions: built for size, it runs as fast. */
#if defined(__clang__)
#define PS_SMALL __attribute__((minsize))
#else
#define PS_SMALL
#endif
/* PS_NOINLINE keeps one copy of a loop over a whole array that several callers run: the call costs nothing
 * beside the loop, the copies would only weigh. */
#if defined(__GNUC__)
#define PS_NOINLINE __attribute__((noinline))
#else
#define PS_NOINLINE
#endif
#endif
