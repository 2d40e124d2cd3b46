/* Fixed-width reads and writes of byte buffers, explicitly little-endian
 * (big-endian where a name says so), for the file formats and the tokenizer,
 * and the index of a word's lowest set bit. */
#ifndef PS__BYTES_H
#define PS__BYTES_H
#include <stdint.h>
#include <string.h>

static inline uint32_t ps__rd16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static inline uint32_t ps__rd32(const uint8_t *p) { return ps__rd16(p) | ps__rd16(p + 2) << 16; }
static inline uint64_t ps__rd64(const uint8_t *p) { return (uint64_t)ps__rd32(p) | (uint64_t)ps__rd32(p + 4) << 32; }
static inline uint32_t ps__rd32_be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline double ps__rd_f64(const uint8_t *p)
{
    uint64_t b = ps__rd64(p);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static inline void ps__wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Writes v as a LEB128 varint (1-5 bytes) at p; returns its length. */
static inline size_t ps__put_varint(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    for (; v >= 0x80; v >>= 7) p[n++] = (uint8_t)(v | 0x80);
    p[n++] = (uint8_t)v;
    return n;
}

/* The index of the lowest set bit of x != 0: the compiler's count of trailing zeros, else a de Bruijn
 * multiplication. */
static inline uint32_t ps__lowest_bit(uint64_t x)
{
#if defined(__GNUC__)
    return (uint32_t)__builtin_ctzll(x);
#else
    static const uint8_t index[64] = {
        0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4, 62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
        63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6};
    return index[((x & (~x + 1)) * 0x03F79D71B4CB0A89ull) >> 58];
#endif
}

/* a[0..n) == b[0..n), comparing whole 8-byte chunks (masked): both must stay readable 8 bytes past n.
 * The library's libc compares byte by byte in WebAssembly; tokens are compared on every table hit. */
static inline int ps__eq_padded(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    uint32_t j = 0;
    for (; j + 8 <= n; j += 8)
        if (ps__rd64(a + j) != ps__rd64(b + j)) return 0;
    return j == n || ((ps__rd64(a + j) ^ ps__rd64(b + j)) & (~0ull >> (64 - 8 * (n - j)))) == 0;
}

#endif
