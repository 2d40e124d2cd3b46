/* Calibration of the probabilities: softmax(s * score) with s = exp(a + b * log(1 + evidence)), fitted by
 * maximum likelihood on held-out examples. s > 0 scales every class's score alike, so the label never changes;
 * b lets short texts (little evidence) be trusted less or more than long ones.
 *
 * With u = a + b * L (L = log(1 + evidence)) an example's negative log-likelihood has
 *     d/du = e^u (E_q[z] - z_y),   d2/du2 = d/du + e^2u Var_q[z]     (q = the calibrated probabilities)
 * so a damped Newton step on (a, b) needs one pass over the examples. Only + - * / and the library's own
 * exp/log: the same examples give the same calibration everywhere. */
#include "nb_internal.h"
#include "detmath.h"
#include <stdlib.h>

#define ITERATIONS 100

typedef struct fit { uint32_t k, n; const double *scores; const uint32_t *evidence, *labels; } fit;

/* The mean negative log-likelihood at (a, b); with g and h, its gradient and Hessian (h: aa, ab, bb). */
static double nll(const fit *f, double a, double b, double *g, double *h)
{
    double total = 0.0;
    if (g) g[0] = g[1] = h[0] = h[1] = h[2] = 0.0;
    for (uint32_t i = 0; i < f->n; i++) {
        const double *z = f->scores + (size_t)i * f->k;
        double L = ps__log(1.0 + (double)f->evidence[i]), s = ps__exp(a + b * L), mx = z[0], sum = 0.0, ez = 0.0,
               ez2 = 0.0;
        for (uint32_t c = 1; c < f->k; c++) if (z[c] > mx) mx = z[c];
        for (uint32_t c = 0; c < f->k; c++) {
            double d = z[c] - mx, e = ps__exp(s * d);
            sum += e;
            ez += e * d;
            ez2 += e * d * d;
        }
        ez /= sum;
        ez2 /= sum;
        double dy = z[f->labels[i]] - mx;
        total += ps__log(sum) - s * dy;
        if (!g) continue;
        double gu = s * (ez - dy), hu = gu + s * s * (ez2 - ez * ez);
        g[0] += gu; g[1] += gu * L;
        h[0] += hu; h[1] += hu * L; h[2] += hu * L * L;
    }
    double n = (double)f->n;
    if (g) { g[0] /= n; g[1] /= n; h[0] /= n; h[1] /= n; h[2] /= n; }
    return total / n;
}

static double clamp(double x, double lim) { return x < -lim ? -lim : x > lim ? lim : x; }

ps_status ps_nb_calibration_fit(uint32_t k, uint32_t n, const double *scores, const uint32_t *evidence,
                                const uint32_t *labels, uint32_t length_aware, double *out_a, double *out_b)
{
    if (k < 2 || n == 0 || !scores || !evidence || !labels || !out_a || !out_b || length_aware > 1)
        return PS_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < (size_t)n * k; i++)
        if (!(scores[i] >= -1e300 && scores[i] <= 1e300)) return PS_ERR_INVALID_ARGUMENT;
    for (uint32_t i = 0; i < n; i++) if (labels[i] >= k) return PS_ERR_INVALID_ARGUMENT;
    fit f = {k, n, scores, evidence, labels};
    double a = 0.0, b = 0.0, g[2], h[3], mu = 1e-6;
    double cur = nll(&f, a, b, g, h);
    for (int it = 0; it < ITERATIONS; it++) {
        double da, db;
        for (;;) { /* damped Newton: raise the damping until the step lowers the loss */
            double haa = h[0] + mu, hab = length_aware ? h[1] : 0.0, hbb = length_aware ? h[2] + mu : 1.0;
            double det = haa * hbb - hab * hab, gb = length_aware ? g[1] : 0.0;
            if (haa > 0 && det > 0) {
                da = -(hbb * g[0] - hab * gb) / det;
                db = -(haa * gb - hab * g[0]) / det;
                double na = clamp(a + da, PS_NB_CAL_A_MAX), nb = clamp(b + db, PS_NB_CAL_B_MAX);
                double next = nll(&f, na, nb, NULL, NULL);
                if (next <= cur) { da = na - a; db = nb - b; cur = next; break; }
            }
            mu = mu * 10.0 + 1e-6;
            if (mu > 1e12) { da = db = 0.0; break; }
        }
        if (da == 0.0 && db == 0.0) break;
        a += da;
        b += db;
        mu = mu > 1e-6 ? mu / 10.0 : mu;
        if (da < 1e-12 && da > -1e-12 && db < 1e-12 && db > -1e-12) break;
        cur = nll(&f, a, b, g, h);
    }
    *out_a = a + 0.0;
    *out_b = b + 0.0;
    return PS_OK;
}
