#include "kmeans.h"
#include "color.h"
#include "simd.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct rng { uint64_t state; } rng;

/* splitmix64: tiny, fast and the same everywhere. */
static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform double in [0, 1). */
static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }

uint32_t ps__kmeans_nearest(const double *centres, uint32_t k, const double p[3], double *dist2)
{
    uint32_t best = 0;
    double best_d = ps__color_dist2(p, centres);
    for (uint32_t c = 1; c < k; c++) {
        double d = ps__color_dist2(p, centres + 3 * c);
        if (d < best_d) { best_d = d; best = c; }
    }
    *dist2 = best_d;
    return best;
}

/* gap2[c]: a quarter of the squared distance from centre c to its nearest
 * other centre, shrunk by a margin far above rounding error. A point closer
 * than that to c has c as its strictly nearest centre (triangle inequality),
 * so checking it first gives exactly what a full search would. */
PS_COLD void ps__kmeans_gaps(const double *centres, uint32_t k, double *gap2)
{
    for (uint32_t c = 0; c < k; c++) gap2[c] = -1.0;
    for (uint32_t a = 0; a < k; a++) {
        for (uint32_t b = a + 1; b < k; b++) {
            double d = ps__color_dist2(centres + 3 * a, centres + 3 * b);
            if (gap2[a] < 0.0 || d < gap2[a]) gap2[a] = d;
            if (gap2[b] < 0.0 || d < gap2[b]) gap2[b] = d;
        }
    }
    for (uint32_t c = 0; c < k; c++) gap2[c] = gap2[c] < 0.0 ? INFINITY : gap2[c] * (0.25 * (1.0 - 1e-9));
}

uint32_t ps__kmeans_nearest_from(const double *centres, const double *gap2, uint32_t k, const double p[3],
                                 uint32_t prev, double *dist2)
{
    if (prev < k) {
        double d = ps__color_dist2(p, centres + 3 * prev);
        if (d < gap2[prev]) {
            *dist2 = d;
            return prev;
        }
    }
    return ps__kmeans_nearest(centres, k, p, dist2);
}

/* The points as given (double xyz triples and weights: the centres' sums
 * use these) and in float32 for the distance loops, one array a coordinate,
 * padded to a multiple of PAD by repeating the last point with weight 0, so the
 * vector loops of simd.h run on whole blocks of 4 (nearest_all on pairs of them).
 * Points of weight 0 add nothing to any sum, so the padding changes no result. */
typedef struct cloud {
    uint32_t n, npad;
    const double *xyz, *weight;
    float *x, *y, *z, *w;
} cloud;

/* Centres in float32 for the distance loops (their exact values stay in double). */
typedef struct centres32 { float x[PS__KMEANS_K_MAX], y[PS__KMEANS_K_MAX], z[PS__KMEANS_K_MAX]; } centres32;

PS_COLD static void to_float(const double *centres, uint32_t k, centres32 *c)
{
    for (uint32_t j = 0; j < k; j++) {
        c->x[j] = (float)centres[3 * j]; c->y[j] = (float)centres[3 * j + 1]; c->z[j] = (float)centres[3 * j + 2];
    }
}

#if defined(__wasm_simd128__)
#define PAD 8u

static inline ps__f32x4 dist2x4(ps__f32x4 x, ps__f32x4 y, ps__f32x4 z, float cx, float cy, float cz)
{
    ps__f32x4 dx = ps__f32x4_sub(x, ps__f32x4_splat(cx)), dy = ps__f32x4_sub(y, ps__f32x4_splat(cy)),
              dz = ps__f32x4_sub(z, ps__f32x4_splat(cz));
    return ps__f32x4_add(ps__f32x4_add(ps__f32x4_mul(dx, dx), ps__f32x4_mul(dy, dy)), ps__f32x4_mul(dz, dz));
}

/* For every point, the nearest of the k centres (the lowest index on a tie) and its squared distance; two
 * blocks of 4 at a time, so that their chains of minima overlap. */
PS_NOINLINE static void nearest_all(const cloud *p, const centres32 *c, uint32_t k, uint32_t *assign, float *dist)
{
    for (uint32_t i = 0; i < p->npad; i += 8) {
        ps__f32x4 x = ps__f32x4_load(p->x + i), y = ps__f32x4_load(p->y + i), z = ps__f32x4_load(p->z + i);
        ps__f32x4 x2 = ps__f32x4_load(p->x + i + 4), y2 = ps__f32x4_load(p->y + i + 4), z2 = ps__f32x4_load(p->z + i + 4);
        ps__f32x4 best = dist2x4(x, y, z, c->x[0], c->y[0], c->z[0]), best2 = dist2x4(x2, y2, z2, c->x[0], c->y[0], c->z[0]);
        ps__u32x4 index = ps__u32x4_splat(0), index2 = index;
        for (uint32_t j = 1; j < k; j++) {
            ps__f32x4 d = dist2x4(x, y, z, c->x[j], c->y[j], c->z[j]), d2 = dist2x4(x2, y2, z2, c->x[j], c->y[j], c->z[j]);
            index = ps__f32x4_select_lt(d, best, ps__u32x4_splat(j), index);
            index2 = ps__f32x4_select_lt(d2, best2, ps__u32x4_splat(j), index2);
            best = ps__f32x4_min(d, best);
            best2 = ps__f32x4_min(d2, best2);
        }
        ps__u32x4_store(assign + i, index);
        ps__f32x4_store(dist + i, best);
        ps__u32x4_store(assign + i + 4, index2);
        ps__f32x4_store(dist + i + 4, best2);
    }
}

/* The weighted squared distance of every point to point `to`, or the smaller
 * of it and best[i]; returns their sum (four lane sums, added in lane order). */
PS_NOINLINE static double weighted_dist(const cloud *p, uint32_t to, const float *best, float *out)
{
    ps__f32x4 sum = ps__f32x4_splat(0.0f);
    float cx = p->x[to], cy = p->y[to], cz = p->z[to];
    for (uint32_t i = 0; i < p->npad; i += 4) {
        ps__f32x4 d = ps__f32x4_mul(ps__f32x4_load(p->w + i),
                                    dist2x4(ps__f32x4_load(p->x + i), ps__f32x4_load(p->y + i), ps__f32x4_load(p->z + i), cx, cy, cz));
        if (best) d = ps__f32x4_min(d, ps__f32x4_load(best + i));
        if (out) ps__f32x4_store(out + i, d);
        sum = ps__f32x4_add(sum, d);
    }
    return (double)ps__f32x4_lane(sum, 0) + ps__f32x4_lane(sum, 1) + ps__f32x4_lane(sum, 2) + ps__f32x4_lane(sum, 3);
}

#else
#define PAD 4u /* the lanes of weighted_dist's four sums */

/* The same arithmetic one point at a time, as each vector lane does it: plain
 * C compiles this better than four-lane structs (the fuzzer runs it). */
static inline float dist2(const cloud *p, uint32_t i, float cx, float cy, float cz)
{
    float dx = p->x[i] - cx, dy = p->y[i] - cy, dz = p->z[i] - cz;
    return dx * dx + dy * dy + dz * dz;
}

static void nearest_all(const cloud *p, const centres32 *c, uint32_t k, uint32_t *assign, float *dist)
{
    for (uint32_t i = 0; i < p->npad; i++) {
        float best = dist2(p, i, c->x[0], c->y[0], c->z[0]);
        uint32_t index = 0;
        for (uint32_t j = 1; j < k; j++) {
            float d = dist2(p, i, c->x[j], c->y[j], c->z[j]);
            if (d < best) { index = j; best = d; }
        }
        assign[i] = index;
        dist[i] = best;
    }
}

static double weighted_dist(const cloud *p, uint32_t to, const float *best, float *out)
{
    float sum[4] = {0.0f, 0.0f, 0.0f, 0.0f}, cx = p->x[to], cy = p->y[to], cz = p->z[to];
    for (uint32_t i = 0; i < p->npad; i++) {
        float d = p->w[i] * dist2(p, i, cx, cy, cz);
        if (best && !(d < best[i])) d = best[i];
        if (out) out[i] = d;
        sum[i & 3] += d;
    }
    return (double)sum[0] + sum[1] + sum[2] + sum[3];
}

#endif

/* cum[i] = mass[0] + ... + mass[i], added in that order in double; returns their total. */
PS_NOINLINE PS_SMALL static double cumulate(const float *mass, uint32_t n, double *cum)
{
    double acc = 0.0;
    for (uint32_t i = 0; i < n; i++) cum[i] = acc += mass[i];
    return acc;
}

/* Index i < n with probability mass[i] / total (mass >= 0, total = cumulate(mass, n, cum) > 0): the first
 * whose running sum passes a uniform target, found by bisection, as the running sums never decrease. */
static uint32_t sample(const float *mass, const double *cum, uint32_t n, double total, rng *r)
{
    double target = rng_unit(r) * total;
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (target < cum[mid]) hi = mid;
        else lo = mid + 1;
    }
    if (lo < n) return lo;
    for (uint32_t i = n; i-- > 0;) if (mass[i] > 0.0f) return i; /* rounding at the very end */
    return 0;
}

static void copy_point(const cloud *p, uint32_t i, double *centre) { memcpy(centre, p->xyz + 3 * (size_t)i, 3 * sizeof *centre); }

/* Greedy k-means++: each new centre is the best of a few D²-weighted
 * candidates. best_d[i]: point i's weighted squared distance to its nearest
 * centre so far; cand_d holds a candidate's; cum the running sums sampled. */
static void seed_centres(const cloud *p, uint32_t k, double *centres, float *best_d, float *cand_d, double *cum, rng *r)
{
    uint32_t n = p->n;
    uint32_t first = sample(p->w, cum, n, cumulate(p->w, n, cum), r);
    copy_point(p, first, centres);
    weighted_dist(p, first, NULL, best_d);
    double total = cumulate(best_d, n, cum);
    uint32_t trials = 2;
    for (uint32_t kk = k; kk > 1; kk >>= 1) trials++; /* 2 + log2(k), as scikit-learn */
    for (uint32_t c = 1; c < k; c++) {
        if (!(total > 0.0)) { /* all remaining points coincide with centres: take any unused */
            copy_point(p, c % n, centres + 3 * c);
            continue;
        }
        double best_total = -1.0;
        uint32_t best_candidate = 0;
        for (uint32_t t = 0; t < trials; t++) {
            uint32_t cand = sample(best_d, cum, n, total, r);
            double cand_total = weighted_dist(p, cand, best_d, NULL);
            if (best_total < 0.0 || cand_total < best_total) { best_total = cand_total; best_candidate = cand; }
        }
        copy_point(p, best_candidate, centres + 3 * c);
        weighted_dist(p, best_candidate, best_d, cand_d);
        memcpy(best_d, cand_d, (size_t)p->npad * sizeof *best_d);
        total = cumulate(best_d, n, cum);
    }
}

/* Scratch space of one k-means run. */
typedef struct work {
    uint32_t *assign, *next;
    float *dist, *best_d, *cand_d;
    double *sums; /* 4 a centre: weighted x, y, z and weight */
    double *cum;  /* a double a point: the running sums seeding samples */
    centres32 c32;
} work;

static void zero_sums(double *sums, uint32_t k) { memset(sums, 0, 4 * (size_t)k * sizeof *sums); }

/* Moves each centre to the mean of its sums (those with weight); returns the largest squared move. */
PS_COLD static double move_centres(const double *sums, uint32_t k, double *centres)
{
    double shift2 = 0.0;
    for (uint32_t c = 0; c < k; c++) {
        const double *s = sums + 4 * c;
        if (!(s[3] > 0.0)) continue;
        double next[3] = {s[0] / s[3], s[1] / s[3], s[2] / s[3]};
        double d = ps__color_dist2(next, centres + 3 * c);
        if (d > shift2) shift2 = d;
        memcpy(centres + 3 * c, next, sizeof next);
    }
    return shift2;
}

/* Empty cluster c: moves it onto the point that fits its centre worst (and whose own cluster keeps others). */
PS_COLD static void refill(const cloud *p, uint32_t c, work *wk)
{
    uint32_t worst = 0;
    double worst_cost = -1.0;
    for (uint32_t i = 0; i < p->n; i++) {
        double cost = p->weight[i] * wk->dist[i];
        if (cost > worst_cost && wk->sums[4 * wk->assign[i] + 3] > p->weight[i]) { worst_cost = cost; worst = i; }
    }
    if (worst_cost <= 0.0) return;
    const double *pt = p->xyz + 3 * (size_t)worst, w = p->weight[worst];
    double *from = wk->sums + 4 * wk->assign[worst], *to = wk->sums + 4 * c;
    for (int d = 0; d < 3; d++) { from[d] -= w * pt[d]; to[d] = w * pt[d]; }
    from[3] -= w;
    to[3] = w;
    wk->assign[worst] = c;
    wk->dist[worst] = 0.0f;
}

/* Lloyd iterations from the given centres; returns the weighted squared error. */
static double lloyd(const cloud *p, const ps__kmeans_params *params, double *centres, work *wk)
{
    uint32_t k = params->k, n = p->n;
    double tol2 = params->tolerance * params->tolerance;
    for (uint32_t iter = 0; iter < params->max_iter; iter++) {
        to_float(centres, k, &wk->c32);
        nearest_all(p, &wk->c32, k, wk->next, wk->dist);
        if (iter > 0 && memcmp(wk->next, wk->assign, (size_t)n * sizeof *wk->assign) == 0) break;
        uint32_t *t = wk->assign; wk->assign = wk->next; wk->next = t;
        zero_sums(wk->sums, k);
        for (uint32_t i = 0; i < n; i++) {
            double *s = wk->sums + 4 * wk->assign[i], w = p->weight[i];
            const double *pt = p->xyz + 3 * (size_t)i;
            s[0] += w * pt[0]; s[1] += w * pt[1]; s[2] += w * pt[2];
            s[3] += w;
        }
        for (uint32_t c = 0; c < k; c++) if (!(wk->sums[4 * c + 3] > 0.0)) refill(p, c, wk);
        if (move_centres(wk->sums, k, centres) <= tol2) break;
    }
    to_float(centres, k, &wk->c32);
    nearest_all(p, &wk->c32, k, wk->assign, wk->dist);
    double sse = 0.0;
    for (uint32_t i = 0; i < n; i++) sse += p->weight[i] * wk->dist[i];
    return sse;
}

/* Weiszfeld steps: moves each centre towards the weighted geometric median of
 * its points, which lowers the mean (not squared) distance, until no centre
 * moves further than the tolerance; returns that mean. */
static double median_polish(const cloud *p, uint32_t k, uint32_t steps, double tolerance, double *centres, work *wk,
                            int *settled)
{
    uint32_t n = p->n;
    *settled = 0;
    for (uint32_t step = 0; step < steps; step++) {
        zero_sums(wk->sums, k);
        for (uint32_t i = 0; i < n; i++) {
            /* Smoothed distance: a bin stands for pixels spread about ~1 unit around
             * its mean, and the +1 keeps a centre from sticking to a heavy bin. */
            double f = p->weight[i] / sqrt((double)wk->dist[i] + 1.0);
            double *s = wk->sums + 4 * wk->assign[i];
            const double *pt = p->xyz + 3 * (size_t)i;
            s[0] += f * pt[0]; s[1] += f * pt[1]; s[2] += f * pt[2];
            s[3] += f;
        }
        double shift2 = move_centres(wk->sums, k, centres);
        to_float(centres, k, &wk->c32);
        nearest_all(p, &wk->c32, k, wk->assign, wk->dist);
        if (shift2 <= tolerance * tolerance) { *settled = 1; break; }
    }
    double total = 0.0, weight = 0.0;
    for (uint32_t i = 0; i < n; i++) { total += p->weight[i] * sqrt((double)wk->dist[i]); weight += p->weight[i]; }
    return total / weight;
}

/* Weiszfeld steps every run takes before the runs are compared by their mean distance; only the best run
 * takes the rest. Against comparing them after every step, this picks another run for 3 of the 54
 * benchmark image-and-k pairs (mean ΔE76 0.2-0.5 % higher, no set's median moved) and is 7-8 % faster
 * on UI screenshots and photos. */
#define RANK_STEPS 3u

/* Relative difference under which two runs' errors are the same clustering found twice. */
#define SAME_ERROR 1e-12

ps_status ps__kmeans_run(const double *points, const double *weights, uint32_t n,
                        const ps__kmeans_params *params, double *centres, uint32_t *assignment)
{
    if (!points || !weights || !params || !centres || !assignment) return PS_ERR_INVALID_ARGUMENT;
    if (params->k < 1 || params->k > n || params->k > PS__KMEANS_K_MAX || n > (1u << 24) || params->max_iter < 1 ||
        params->restarts < 1)
        return PS_ERR_INVALID_ARGUMENT;
    uint32_t k = params->k, npad = (n + PAD - 1) & ~(PAD - 1);
    float *floats = malloc((size_t)npad * 7 * sizeof *floats);
    uint32_t *indexes = malloc((size_t)npad * 2 * sizeof *indexes);
    double *doubles = malloc(((size_t)k * 7 + npad) * sizeof *doubles);
    if (!floats || !indexes || !doubles) { free(floats); free(indexes); free(doubles); return PS_ERR_NO_MEMORY; }
    cloud p = {n, npad, points, weights, floats, floats + npad, floats + 2 * (size_t)npad, floats + 3 * (size_t)npad};
    work wk = {.assign = indexes, .next = indexes + npad, .dist = floats + 4 * (size_t)npad, .best_d = floats + 5 * (size_t)npad,
               .cand_d = floats + 6 * (size_t)npad, .sums = doubles, .cum = doubles + 7 * (size_t)k};
    double *trial = doubles + 4 * (size_t)k;
    for (uint32_t i = 0; i < npad; i++) {
        uint32_t j = i < n ? i : n - 1;
        p.x[i] = (float)points[3 * j]; p.y[i] = (float)points[3 * j + 1]; p.z[i] = (float)points[3 * j + 2];
        p.w[i] = i < n ? (float)weights[i] : 0.0f;
    }

    double best_sse = -1.0;
    uint32_t rank_steps = params->median_steps < RANK_STEPS ? params->median_steps : RANK_STEPS;
    int best_is_last = 0, best_settled = 0;
    for (uint32_t run = 0; run < params->restarts; run++) {
        rng r = {params->seed ^ (0xD1B54A32D192ED03ull * (run + 1))};
        seed_centres(&p, k, trial, wk.best_d, wk.cand_d, wk.cum, &r);
        double sse = lloyd(&p, params, trial, &wk);
        int settled = 0;
        if (rank_steps) sse = median_polish(&p, k, rank_steps, params->tolerance, trial, &wk, &settled);
        int again = best_sse >= 0.0 && fabs(sse - best_sse) <= SAME_ERROR * best_sse;
        best_is_last = best_sse < 0.0 || sse < best_sse;
        if (best_is_last) {
            best_sse = sse;
            best_settled = settled;
            memcpy(centres, trial, (size_t)3 * k * sizeof *centres);
        }
        if (again) break; /* two runs reached the same clustering: more would most likely too */
    }
    if (!best_is_last) { /* the assignment and distances left are the last run's */
        to_float(centres, k, &wk.c32);
        nearest_all(&p, &wk.c32, k, wk.assign, wk.dist);
    }
    if (!best_settled && params->median_steps > rank_steps)
        median_polish(&p, k, params->median_steps - rank_steps, params->tolerance, centres, &wk, &best_settled);
    memcpy(assignment, wk.assign, (size_t)n * sizeof *assignment);
    free(floats);
    free(indexes);
    free(doubles);
    return PS_OK;
}
