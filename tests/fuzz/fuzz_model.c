/* Fuzz target: the model loader. Whatever the bytes, load either fails with a
 * status or gives a model that predicts and saves again to identical bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ps_memory.h"
#include "ps_model.h"
#include "ps_nb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX) return 0;
    ps_nb_model *m;
    if (ps_nb_model_load(data, (uint32_t)size, &m) != PS_OK) return 0;
    ps_nb_prediction *p;
    if (ps_nb_prediction_create(m, 5, &p) == PS_OK) {
        static const char text[] = "a good film, not a bad one <br /> &amp; great";
        if (ps_nb_predict(m, (const uint8_t *)text, sizeof text - 1, p) == PS_OK) {
            const double *probs = ps_nb_prediction_probs(p);
            double sum = 0.0;
            for (uint32_t c = 0; c < ps_nb_model_class_count(m); c++) sum += probs[c];
            if (!(sum > 0.999999 && sum < 1.000001)) abort();
        }
        ps_nb_prediction_destroy(p);
    }
    uint8_t *again;
    uint32_t len;
    if (ps_nb_model_save(m, &again, &len) == PS_OK) {
        if (len != size || memcmp(again, data, size) != 0) abort(); /* a loaded file saves back unchanged */
        ps_free(again);
    }
    ps_nb_model_destroy(m);
    return 0;
}
