/* Fuzz target: the model loader. Whatever the bytes, load either fails with a
 * status or gives a model that predicts (probabilities summing to 1, the label
 * the highest score whatever the calibration), and whose saved form round-trips.
 * Each input is tried as is and with its length field and CRC-32 repaired, so
 * mutations reach the count and field checks behind the checksum. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ps_memory.h"
#include "crc32.h"
#include "ps_nb.h"

static void try_load(const uint8_t *data, size_t size)
{
    ps_nb_model *m;
    if (ps_nb_model_load(data, (uint32_t)size, &m) != PS_OK) return;
    ps_nb_prediction *p;
    if (ps_nb_prediction_create(m, 5, &p) == PS_OK) {
        static const char text[] = "a good film, not a bad one <br /> &amp; great";
        if (ps_nb_model_predict(m, (const uint8_t *)text, sizeof text - 1, p) == PS_OK) {
            const double *probs = ps_nb_prediction_probs(p);
            double sum = 0.0;
            const double *scores = ps_nb_prediction_scores(p);
            uint32_t label = ps_nb_prediction_label(p);
            for (uint32_t c = 0; c < ps_nb_model_class_count(m); c++) {
                sum += probs[c];
                if (scores[c] > scores[label]) abort(); /* calibration never changes the label */
            }
            if (!(sum > 0.999999 && sum < 1.000001)) abort();
        }
        ps_nb_prediction_destroy(p);
    }
    uint8_t *again;
    uint32_t len;
    if (ps_nb_model_save(m, &again, &len) == PS_OK) {
        /* Saving is canonical: a loaded file may save differently (an absent
         * META section is written empty, a newer minor as this one), but what
         * was saved must load and save again to the very same bytes. */
        ps_nb_model *m2;
        uint8_t *third;
        uint32_t len3;
        if (ps_nb_model_load(again, len, &m2) != PS_OK) abort();
        if (ps_nb_model_save(m2, &third, &len3) != PS_OK) abort();
        if (len3 != len || memcmp(third, again, len) != 0) abort();
        ps_free(third);
        ps_nb_model_destroy(m2);
        ps_free(again);
    }
    ps_nb_model_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 24)) return 0;
    try_load(data, size);
    if (size < 20) return 0;
    uint8_t *fixed = malloc(size);
    if (!fixed) return 0;
    memcpy(fixed, data, size);
    uint32_t n = (uint32_t)size, crc;
    fixed[12] = (uint8_t)n; fixed[13] = (uint8_t)(n >> 8); fixed[14] = (uint8_t)(n >> 16); fixed[15] = (uint8_t)(n >> 24);
    crc = ps__crc32(0, fixed, n - 4);
    fixed[n - 4] = (uint8_t)crc; fixed[n - 3] = (uint8_t)(crc >> 8); fixed[n - 2] = (uint8_t)(crc >> 16); fixed[n - 1] = (uint8_t)(crc >> 24);
    try_load(fixed, size);
    free(fixed);
    return 0;
}
