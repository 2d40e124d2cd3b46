/* ps__kmeans: weighted k-means on points in a 3-D space (CIELAB or RGB).
 *
 * Seeded greedy k-means++ initialisation, weighted Lloyd iterations, empty
 * clusters re-seeded from the worst-fit point, optional Weiszfeld steps
 * towards k-medians (lower mean distance), a few restarts keeping the lowest
 * error: each run takes the first Weiszfeld steps, the best one the rest.
 * Deterministic for a given seed on every platform.
 * Distances are computed in float32 (simd.h), sums and centres in double.
 * Limits: 1 <= k <= n, k <= PS__KMEANS_K_MAX; n up to 2^24 points. */
#ifndef PS__KMEANS_H
#define PS__KMEANS_H
#include <stdint.h>
#include "ps_status.h"

#define PS__KMEANS_K_MAX 256u

typedef struct ps__kmeans_params {
    uint32_t k;          /* clusters, 1..min(n, PS__KMEANS_K_MAX) */
    uint32_t max_iter;   /* Lloyd iterations per restart, >= 1 */
    uint32_t restarts;   /* independent runs, >= 1; the lowest error wins */
    uint32_t median_steps; /* at most this many Weiszfeld steps after Lloyd, towards k-medians; 0 for plain k-means */
    double tolerance;    /* stop when no centre moves further than this */
    uint64_t seed;
} ps__kmeans_params;

/* Clusters n points (xyz triples in points[3n]) with positive weights[n].
 * Writes the k centres to centres[3k] and each point's cluster to assignment[n]
 * (both caller-sized). Returns PS_ERR_INVALID_ARGUMENT for k out of range or
 * NULL arrays, PS_ERR_NO_MEMORY if scratch space cannot be allocated. */
ps_status ps__kmeans_run(const double *points, const double *weights, uint32_t n,
                        const ps__kmeans_params *params, double *centres, uint32_t *assignment);

/* Index of the centre nearest to point p among k centres; writes its squared distance. */
uint32_t ps__kmeans_nearest(const double *centres, uint32_t k, const double p[3], double *dist2);
/* Fills gap2[k] for ps__kmeans_nearest_from (INFINITY when k is 1). */
void ps__kmeans_gaps(const double *centres, uint32_t k, double *gap2);
/* The same as ps__kmeans_nearest, faster when p's previous centre prev (any value >= k for none) is still
 * clearly nearest; gap2 from ps__kmeans_gaps of these centres. */
uint32_t ps__kmeans_nearest_from(const double *centres, const double *gap2, uint32_t k, const double p[3],
                                 uint32_t prev, double *dist2);

#endif
