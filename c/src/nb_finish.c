/* Naive Bayes: from a trainer's counts to a model, through the builder
 * (nb_builder.c), with the classes in the order of their labels' bytes. */
#include "nb_internal.h"
#include <stdlib.h>
#include <string.h>

int ps__nb_label_less(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c < 0 : al < bl;
}

void ps__nb_label_order(uint8_t *const *labels, const uint32_t *len, uint32_t k, uint32_t *order)
{
    for (uint32_t i = 0; i < k; i++) { /* insertion sort: k <= PS_NB_MAX_CLASSES and usually 2 */
        uint32_t j = i;
        while (j > 0 && ps__nb_label_less(labels[i], len[i], labels[order[j - 1]], len[order[j - 1]])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
}

/* A builder for the trainer's classes in label order; order[c] = the trainer's class of builder class c. */
static ps_status empty_builder(const ps_nb_trainer *t, uint32_t *order, ps__nb_builder **out)
{
    uint8_t *labels[PS_NB_MAX_CLASSES];
    uint32_t len[PS_NB_MAX_CLASSES], docs[PS_NB_MAX_CLASSES];
    ps__nb_label_order(t->labels, t->label_len, t->k, order);
    for (uint32_t c = 0; c < t->k; c++) {
        labels[c] = t->labels[order[c]];
        len[c] = t->label_len[order[c]];
        docs[c] = t->class_docs[order[c]];
    }
    return ps__nb_builder_create(&t->opts, t->k, labels, len, docs, out);
}

ps_status ps__nb_trainer_builder(const ps_nb_trainer *t, ps__nb_builder **out)
{
    uint32_t order[PS_NB_MAX_CLASSES], counts[PS_NB_MAX_CLASSES];
    ps__nb_builder *b = NULL;
    ps_status st = empty_builder(t, order, &b);
    for (uint32_t off = 0; st == PS_OK && off < t->used; off = ps__trainer_next(t, off)) {
        const ps__tentry *e = ps__trainer_entry(t, off);
        const uint32_t *row = ps__trainer_counts(t, off);
        const uint8_t *key = ps__trainer_key(t, off);
        for (uint32_t c = 0; c < t->k; c++) counts[c] = row[order[c]];
        st = ps__nb_builder_add(b, key + 1, key[0], (uint64_t)e->hhi << 32 | e->hash, e->df, counts);
    }
    if (st != PS_OK) { ps__nb_builder_destroy(b); return st; }
    *out = b;
    return PS_OK;
}

ps_status ps_nb_trainer_finish(const ps_nb_trainer *t, ps_nb_model **out)
{
    if (!out || !t || t->spilled || t->spill || t->parts > 1) return PS_ERR_INVALID_ARGUMENT;
    if (t->docs == 0 || t->k < 2) return PS_ERR_NB_NO_DATA;
    ps__nb_builder *b;
    ps_status st = ps__nb_trainer_builder(t, &b);
    if (st != PS_OK) return st;
    st = ps__nb_builder_finish(b, out);
    ps__nb_builder_destroy(b);
    return st;
}
