/* The few 4-lane vector operations the hot loops use: WebAssembly SIMD when
 * the compiler has it (-msimd128), else plain C11 on four lanes. Every
 * operation is exact per lane (integer ops; float32 add, sub, mul and min,
 * correctly rounded by IEEE 754), so both give the same bits and a palette
 * does not depend on the build. */
#ifndef PS__SIMD_H
#define PS__SIMD_H
#include <stdint.h>
#include <string.h>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

typedef v128_t ps__u32x4;
typedef v128_t ps__u64x2;
typedef v128_t ps__f32x4;

/* Four little-endian 32-bit words from p (any alignment). */
static inline ps__u32x4 ps__u32x4_load(const void *p) { return wasm_v128_load(p); }
static inline ps__u32x4 ps__u32x4_splat(uint32_t x) { return wasm_i32x4_splat((int32_t)x); }
/* Lanes 0..3: 0, x, 2x, 3x. */
static inline ps__u32x4 ps__u32x4_steps(uint32_t x) { return wasm_u32x4_make(0, x, 2 * x, 3 * x); }
static inline ps__u32x4 ps__u32x4_and(ps__u32x4 a, ps__u32x4 b) { return wasm_v128_and(a, b); }
static inline ps__u32x4 ps__u32x4_or(ps__u32x4 a, ps__u32x4 b) { return wasm_v128_or(a, b); }
static inline ps__u32x4 ps__u32x4_shl(ps__u32x4 a, uint32_t n) { return wasm_i32x4_shl(a, n); }
static inline ps__u32x4 ps__u32x4_shr(ps__u32x4 a, uint32_t n) { return wasm_u32x4_shr(a, n); }
/* a & ~b. */
static inline ps__u32x4 ps__u32x4_andnot(ps__u32x4 a, ps__u32x4 b) { return wasm_v128_andnot(a, b); }
/* All ones in the lanes where a >= b (unsigned), or where a == b; zero in the others. */
static inline ps__u32x4 ps__u32x4_ge(ps__u32x4 a, ps__u32x4 b) { return wasm_u32x4_ge(a, b); }
static inline ps__u32x4 ps__u32x4_eq(ps__u32x4 a, ps__u32x4 b) { return wasm_i32x4_eq(a, b); }
static inline ps__u32x4 ps__u32x4_sub(ps__u32x4 a, ps__u32x4 b) { return wasm_i32x4_sub(a, b); }
static inline ps__u32x4 ps__u32x4_add(ps__u32x4 a, ps__u32x4 b) { return wasm_i32x4_add(a, b); }
/* Each lane: the products of the signed 16-bit halves of a and b, added. */
static inline ps__u32x4 ps__u32x4_madd16(ps__u32x4 a, ps__u32x4 b) { return wasm_i32x4_dot_i16x8(a, b); }
/* Lane 0 of a in every lane. */
static inline ps__u32x4 ps__u32x4_lane0(ps__u32x4 a) { return wasm_i32x4_shuffle(a, a, 0, 0, 0, 0); }
/* Whether every lane of a is >= the same lane of b (unsigned). */
static inline int ps__u32x4_all_ge(ps__u32x4 a, ps__u32x4 b) { return wasm_i32x4_all_true(wasm_u32x4_ge(a, b)); }
/* Whether a and b are equal in some lane. */
static inline int ps__u32x4_any_eq(ps__u32x4 a, ps__u32x4 b) { return wasm_v128_any_true(wasm_i32x4_eq(a, b)); }
#define ps__u32x4_lane(a, i) wasm_u32x4_extract_lane(a, i)
/* Whether every lane of a equals the same lane of b. */
static inline int ps__u32x4_all_eq(ps__u32x4 a, ps__u32x4 b) { return wasm_i32x4_all_true(wasm_i32x4_eq(a, b)); }
/* Whether every lane of a equals lane 0. */
static inline int ps__u32x4_all_lane0(ps__u32x4 a) { return wasm_i32x4_all_true(wasm_i32x4_eq(a, wasm_i32x4_shuffle(a, a, 0, 0, 0, 0))); }
static inline void ps__u32x4_store(uint32_t *p, ps__u32x4 a) { wasm_v128_store(p, a); }
/* Each byte of lanes 0..1 (lo) or 2..3 (hi) widened to 16 bits: lane i becomes
 * the 64-bit word b0 | b1 << 16 | b2 << 32 | b3 << 48. */
static inline ps__u32x4 ps__u32x4_widen_lo(ps__u32x4 a) { return wasm_u16x8_extend_low_u8x16(a); }
static inline ps__u32x4 ps__u32x4_widen_hi(ps__u32x4 a) { return wasm_u16x8_extend_high_u8x16(a); }
#define ps__u64x2_lane(a, i) wasm_u64x2_extract_lane(a, i)

static inline ps__f32x4 ps__f32x4_load(const float *p) { return wasm_v128_load(p); }
static inline void ps__f32x4_store(float *p, ps__f32x4 a) { wasm_v128_store(p, a); }
static inline ps__f32x4 ps__f32x4_splat(float x) { return wasm_f32x4_splat(x); }
static inline ps__f32x4 ps__f32x4_add(ps__f32x4 a, ps__f32x4 b) { return wasm_f32x4_add(a, b); }
static inline ps__f32x4 ps__f32x4_sub(ps__f32x4 a, ps__f32x4 b) { return wasm_f32x4_sub(a, b); }
static inline ps__f32x4 ps__f32x4_mul(ps__f32x4 a, ps__f32x4 b) { return wasm_f32x4_mul(a, b); }
/* Lane-wise a < b ? a : b (pmin: the same as the scalar expression, NaN aside). */
static inline ps__f32x4 ps__f32x4_min(ps__f32x4 a, ps__f32x4 b) { return wasm_f32x4_pmin(b, a); }
/* Lane-wise a < b ? x : y. */
static inline ps__u32x4 ps__f32x4_select_lt(ps__f32x4 a, ps__f32x4 b, ps__u32x4 x, ps__u32x4 y)
{
    return wasm_v128_bitselect(x, y, wasm_f32x4_lt(a, b));
}
#define ps__f32x4_lane(a, i) wasm_f32x4_extract_lane(a, i)

#else

typedef struct ps__u32x4 { uint32_t v[4]; } ps__u32x4;
typedef struct ps__f32x4 { float v[4]; } ps__f32x4;

static inline ps__u32x4 ps__u32x4_load(const void *p)
{
    ps__u32x4 r;
    memcpy(r.v, p, sizeof r.v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    for (int i = 0; i < 4; i++) r.v[i] = __builtin_bswap32(r.v[i]);
#endif
    return r;
}
static inline ps__u32x4 ps__u32x4_splat(uint32_t x) { return (ps__u32x4){{x, x, x, x}}; }
static inline ps__u32x4 ps__u32x4_steps(uint32_t x) { return (ps__u32x4){{0, x, 2 * x, 3 * x}}; }
#define PS__LANEWISE(type, expr) type r; for (int i = 0; i < 4; i++) r.v[i] = (expr); return r
static inline ps__u32x4 ps__u32x4_and(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] & b.v[i]); }
static inline ps__u32x4 ps__u32x4_or(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] | b.v[i]); }
static inline ps__u32x4 ps__u32x4_shl(ps__u32x4 a, uint32_t n) { PS__LANEWISE(ps__u32x4, a.v[i] << n); }
static inline ps__u32x4 ps__u32x4_shr(ps__u32x4 a, uint32_t n) { PS__LANEWISE(ps__u32x4, a.v[i] >> n); }
static inline ps__u32x4 ps__u32x4_andnot(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] & ~b.v[i]); }
static inline ps__u32x4 ps__u32x4_ge(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] >= b.v[i] ? ~0u : 0u); }
static inline ps__u32x4 ps__u32x4_eq(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] == b.v[i] ? ~0u : 0u); }
static inline ps__u32x4 ps__u32x4_sub(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] - b.v[i]); }
static inline ps__u32x4 ps__u32x4_add(ps__u32x4 a, ps__u32x4 b) { PS__LANEWISE(ps__u32x4, a.v[i] + b.v[i]); }
static inline int64_t ps__i16(uint32_t x) { return (int64_t)(x & 0xFFFFu) - (int64_t)(x & 0x8000u) * 2; }
static inline ps__u32x4 ps__u32x4_madd16(ps__u32x4 a, ps__u32x4 b)
{
    PS__LANEWISE(ps__u32x4, (uint32_t)(ps__i16(a.v[i]) * ps__i16(b.v[i]) + ps__i16(a.v[i] >> 16) * ps__i16(b.v[i] >> 16)));
}
static inline ps__u32x4 ps__u32x4_lane0(ps__u32x4 a) { return ps__u32x4_splat(a.v[0]); }
static inline int ps__u32x4_all_ge(ps__u32x4 a, ps__u32x4 b)
{
    return a.v[0] >= b.v[0] && a.v[1] >= b.v[1] && a.v[2] >= b.v[2] && a.v[3] >= b.v[3];
}
static inline int ps__u32x4_any_eq(ps__u32x4 a, ps__u32x4 b)
{
    return a.v[0] == b.v[0] || a.v[1] == b.v[1] || a.v[2] == b.v[2] || a.v[3] == b.v[3];
}
#define ps__u32x4_lane(a, i) ((a).v[i])
static inline int ps__u32x4_all_lane0(ps__u32x4 a) { return a.v[1] == a.v[0] && a.v[2] == a.v[0] && a.v[3] == a.v[0]; }
static inline int ps__u32x4_all_eq(ps__u32x4 a, ps__u32x4 b) { return memcmp(a.v, b.v, sizeof a.v) == 0; }
static inline void ps__u32x4_store(uint32_t *p, ps__u32x4 a) { memcpy(p, a.v, sizeof a.v); }
typedef struct ps__u64x2 { uint64_t v[2]; } ps__u64x2;
static inline uint64_t ps__widen_lane(uint32_t x)
{
    return (uint64_t)(x & 0xFFu) | (uint64_t)(x >> 8 & 0xFFu) << 16 | (uint64_t)(x >> 16 & 0xFFu) << 32 | (uint64_t)(x >> 24) << 48;
}
static inline ps__u64x2 ps__u32x4_widen_lo(ps__u32x4 a) { return (ps__u64x2){{ps__widen_lane(a.v[0]), ps__widen_lane(a.v[1])}}; }
static inline ps__u64x2 ps__u32x4_widen_hi(ps__u32x4 a) { return (ps__u64x2){{ps__widen_lane(a.v[2]), ps__widen_lane(a.v[3])}}; }
#define ps__u64x2_lane(a, i) ((a).v[i])

static inline ps__f32x4 ps__f32x4_load(const float *p) { ps__f32x4 r; memcpy(r.v, p, sizeof r.v); return r; }
static inline void ps__f32x4_store(float *p, ps__f32x4 a) { memcpy(p, a.v, sizeof a.v); }
static inline ps__f32x4 ps__f32x4_splat(float x) { return (ps__f32x4){{x, x, x, x}}; }
static inline ps__f32x4 ps__f32x4_add(ps__f32x4 a, ps__f32x4 b) { PS__LANEWISE(ps__f32x4, a.v[i] + b.v[i]); }
static inline ps__f32x4 ps__f32x4_sub(ps__f32x4 a, ps__f32x4 b) { PS__LANEWISE(ps__f32x4, a.v[i] - b.v[i]); }
static inline ps__f32x4 ps__f32x4_mul(ps__f32x4 a, ps__f32x4 b) { PS__LANEWISE(ps__f32x4, a.v[i] * b.v[i]); }
static inline ps__f32x4 ps__f32x4_min(ps__f32x4 a, ps__f32x4 b) { PS__LANEWISE(ps__f32x4, a.v[i] < b.v[i] ? a.v[i] : b.v[i]); }
static inline ps__u32x4 ps__f32x4_select_lt(ps__f32x4 a, ps__f32x4 b, ps__u32x4 x, ps__u32x4 y)
{
    PS__LANEWISE(ps__u32x4, a.v[i] < b.v[i] ? x.v[i] : y.v[i]);
}
#define ps__f32x4_lane(a, i) ((a).v[i])
#undef PS__LANEWISE

#endif
#endif
