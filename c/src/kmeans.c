#include "kmeans.h"
#include "color.h"
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
void ps__kmeans_gaps(const double *centres, uint32_t k, double *gap2)
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

/* Index i with probability mass[i] / total (mass >= 0, total > 0). */
static uint32_t sample(const double *mass, uint32_t n, double total, rng *r)
{
    double target = rng_unit(r) * total, acc = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        acc += mass[i];
        if (target < acc) return i;
    }
    for (uint32_t i = n; i-- > 0;) if (mass[i] > 0.0) return i; /* rounding at the very end */
    return 0;
}

/* Greedy k-means++: each new centre is the best of a few D²-weighted candidates. */
static void seed_centres(const double *pts, const double *w, uint32_t n, uint32_t k,
                         double *centres, double *best_d, rng *r)
{
    double total = 0.0;
    for (uint32_t i = 0; i < n; i++) total += w[i];
    uint32_t first = sample(w, n, total, r);
    memcpy(centres, pts + 3 * first, 3 * sizeof(double));
    total = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        best_d[i] = w[i] * ps__color_dist2(pts + 3 * i, centres);
        total += best_d[i];
    }
    uint32_t trials = 2;
    for (uint32_t kk = k; kk > 1; kk >>= 1) trials++; /* 2 + log2(k), as scikit-learn */
    for (uint32_t c = 1; c < k; c++) {
        if (!(total > 0.0)) { /* all remaining points coincide with centres: take any unused */
            memcpy(centres + 3 * c, pts + 3 * (c % n), 3 * sizeof(double));
            continue;
        }
        double best_total = -1.0;
        uint32_t best_candidate = 0;
        for (uint32_t t = 0; t < trials; t++) {
            uint32_t cand = sample(best_d, n, total, r);
            double cand_total = 0.0;
            for (uint32_t i = 0; i < n; i++) {
                double d = w[i] * ps__color_dist2(pts + 3 * i, pts + 3 * cand);
                cand_total += d < best_d[i] ? d : best_d[i];
            }
            if (best_total < 0.0 || cand_total < best_total) { best_total = cand_total; best_candidate = cand; }
        }
        memcpy(centres + 3 * c, pts + 3 * best_candidate, 3 * sizeof(double));
        total = 0.0;
        for (uint32_t i = 0; i < n; i++) {
            double d = w[i] * ps__color_dist2(pts + 3 * i, centres + 3 * c);
            if (d < best_d[i]) best_d[i] = d;
            total += best_d[i];
        }
    }
}

/* Lloyd iterations from the given centres; returns the weighted squared error. */
static double lloyd(const double *pts, const double *w, uint32_t n, const ps__kmeans_params *p,
                    double *centres, uint32_t *assign, double *dist, double *sums, double *gap2)
{
    uint32_t k = p->k;
    double tol2 = p->tolerance * p->tolerance;
    for (uint32_t i = 0; i < n; i++) assign[i] = UINT32_MAX;
    for (uint32_t iter = 0; iter < p->max_iter; iter++) {
        int changed = 0;
        memset(sums, 0, 4 * k * sizeof(double));
        ps__kmeans_gaps(centres, k, gap2);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t c = ps__kmeans_nearest_from(centres, gap2, k, pts + 3 * i, assign[i], &dist[i]);
            if (c != assign[i]) { assign[i] = c; changed = 1; }
        }
        if (!changed) break;
        for (uint32_t i = 0; i < n; i++) {
            double *s = sums + 4 * assign[i];
            s[0] += w[i] * pts[3 * i]; s[1] += w[i] * pts[3 * i + 1]; s[2] += w[i] * pts[3 * i + 2];
            s[3] += w[i];
        }
        for (uint32_t c = 0; c < k; c++) {
            if (sums[4 * c + 3] > 0.0) continue;
            /* Empty cluster: move it onto the point that fits its centre worst. */
            uint32_t worst = 0;
            double worst_cost = -1.0;
            for (uint32_t i = 0; i < n; i++) {
                double cost = w[i] * dist[i];
                if (cost > worst_cost && sums[4 * assign[i] + 3] > w[i]) { worst_cost = cost; worst = i; }
            }
            if (worst_cost <= 0.0) continue;
            double *from = sums + 4 * assign[worst], *to = sums + 4 * c;
            for (int d = 0; d < 3; d++) { from[d] -= w[worst] * pts[3 * worst + d]; to[d] = w[worst] * pts[3 * worst + d]; }
            from[3] -= w[worst];
            to[3] = w[worst];
            assign[worst] = c;
            dist[worst] = 0.0;
        }
        double shift2 = 0.0;
        for (uint32_t c = 0; c < k; c++) {
            double *s = sums + 4 * c;
            if (!(s[3] > 0.0)) continue;
            double next[3] = {s[0] / s[3], s[1] / s[3], s[2] / s[3]};
            double d = ps__color_dist2(next, centres + 3 * c);
            if (d > shift2) shift2 = d;
            memcpy(centres + 3 * c, next, sizeof next);
        }
        if (shift2 <= tol2) break;
    }
    double sse = 0.0;
    ps__kmeans_gaps(centres, k, gap2);
    for (uint32_t i = 0; i < n; i++) {
        assign[i] = ps__kmeans_nearest_from(centres, gap2, k, pts + 3 * i, assign[i], &dist[i]);
        sse += w[i] * dist[i];
    }
    return sse;
}

/* Weiszfeld steps: moves each centre towards the weighted geometric median of
 * its points, which lowers the mean (not squared) distance; returns that mean. */
static double median_polish(const double *pts, const double *w, uint32_t n, uint32_t k, uint32_t steps,
                            double *centres, uint32_t *assign, double *dist, double *sums, double *gap2)
{
    for (uint32_t step = 0; step < steps; step++) {
        memset(sums, 0, 4 * k * sizeof(double));
        for (uint32_t i = 0; i < n; i++) {
            /* Smoothed distance: a bin stands for pixels spread about ~1 unit around
             * its mean, and the +1 keeps a centre from sticking to a heavy bin. */
            double f = w[i] / sqrt(dist[i] + 1.0);
            double *s = sums + 4 * assign[i];
            s[0] += f * pts[3 * i]; s[1] += f * pts[3 * i + 1]; s[2] += f * pts[3 * i + 2];
            s[3] += f;
        }
        for (uint32_t c = 0; c < k; c++) {
            double *s = sums + 4 * c;
            if (s[3] > 0.0) { centres[3 * c] = s[0] / s[3]; centres[3 * c + 1] = s[1] / s[3]; centres[3 * c + 2] = s[2] / s[3]; }
        }
        ps__kmeans_gaps(centres, k, gap2);
        for (uint32_t i = 0; i < n; i++) assign[i] = ps__kmeans_nearest_from(centres, gap2, k, pts + 3 * i, assign[i], &dist[i]);
    }
    double total = 0.0, weight = 0.0;
    for (uint32_t i = 0; i < n; i++) { total += w[i] * sqrt(dist[i]); weight += w[i]; }
    return total / weight;
}

ps_status ps__kmeans_run(const double *points, const double *weights, uint32_t n,
                        const ps__kmeans_params *params, double *centres, uint32_t *assignment)
{
    if (!points || !weights || !params || !centres || !assignment) return PS_ERR_INVALID_ARGUMENT;
    if (params->k < 1 || params->k > n || n > (1u << 24) || params->max_iter < 1 || params->restarts < 1)
        return PS_ERR_INVALID_ARGUMENT;
    uint32_t k = params->k;
    double *scratch = malloc(((size_t)2 * n + (size_t)8 * k) * sizeof(double));
    uint32_t *trial_assign = malloc((size_t)n * sizeof(uint32_t));
    if (!scratch || !trial_assign) { free(scratch); free(trial_assign); return PS_ERR_NO_MEMORY; }
    double *dist = scratch, *best_d = scratch + n;
    double *trial_centres = scratch + 2 * (size_t)n, *sums = trial_centres + 3 * (size_t)k, *gap2 = sums + 4 * (size_t)k;

    double best_sse = -1.0;
    for (uint32_t run = 0; run < params->restarts; run++) {
        rng r = {params->seed ^ (0xD1B54A32D192ED03ull * (run + 1))};
        seed_centres(points, weights, n, k, trial_centres, best_d, &r);
        double sse = lloyd(points, weights, n, params, trial_centres, trial_assign, dist, sums, gap2);
        if (params->median_steps)
            sse = median_polish(points, weights, n, k, params->median_steps, trial_centres, trial_assign, dist, sums, gap2);
        if (best_sse < 0.0 || sse < best_sse) {
            best_sse = sse;
            memcpy(centres, trial_centres, (size_t)3 * k * sizeof(double));
            memcpy(assignment, trial_assign, (size_t)n * sizeof(uint32_t));
        }
    }
    free(scratch);
    free(trial_assign);
    return PS_OK;
}
