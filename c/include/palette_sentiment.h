/* palette-sentiment: dominant colours (k-means) and text classification
 * (multinomial Naive Bayes), in portable C11 with no global state.
 *
 *   // the five dominant colours of an image file's bytes
 *   uint8_t *rgba; uint32_t w, h;
 *   ps_palette *pal;
 *   if (ps_image_decode(bytes, len, 0, &rgba, &w, &h) == PS_OK) {
 *       if (ps_palette_extract(rgba, w, h, NULL, &pal) == PS_OK) {
 *           for (uint32_t i = 0; i < ps_palette_size(pal); i++)
 *               printf("#%06x %.3f\n", ps_palette_rgb(pal, i), ps_palette_share(pal, i));
 *           ps_palette_destroy(pal);
 *       }
 *       ps_free(rgba);
 *   }
 *
 *   // a review's sentiment with a saved model
 *   ps_nb_model *m = NULL; ps_nb_prediction *p = NULL; // a failed call leaves them as they are
 *   if (ps_nb_model_load(file, file_len, &m) == PS_OK && ps_nb_prediction_create(m, 5, &p) == PS_OK) {
 *       if (ps_nb_model_predict(m, text, text_len, p) == PS_OK)
 *           use(ps_nb_prediction_label(p), ps_nb_prediction_probs(p));
 *   }
 *   ps_nb_prediction_destroy(p); ps_nb_model_destroy(m);
 *
 * Every fallible function returns a ps_status (ps_status.h states the rules
 * for out-parameters and booleans); the library never prints, exits or
 * asserts on its inputs. Each header documents its module's limits. */
#ifndef PALETTE_SENTIMENT_H
#define PALETTE_SENTIMENT_H
#include "ps_status.h"
#include "ps_version.h"
#include "ps_memory.h"
#include "ps_image.h"
#include "ps_palette.h"
#include "ps_tokenize.h"
#include "ps_nb.h"
#endif
