/* ps_nb_model_load: reads the model file of FORMAT.md. Every count and length
 * is checked against the bytes left before anything is allocated; only then is
 * the file decoded, in one pass, into the model's records. */
#include "nb_internal.h"
#include "model_format.h"
#include "crc32.h"
#include "utf8.h"
#include <stdlib.h>
#include <string.h>

typedef struct section { const uint8_t *p; uint32_t len; int found; } section;

/* What the checks found: the sections and the counts the decoding needs. */
typedef struct layout {
    uint32_t major, minor, features;
    section opts, clas, vocb, wght, meta, feat, linr, calb;
    ps_nb_options o;
    uint32_t k, v, tok_bytes, meta_n;
} layout;

static int finite_in(double x, double lim) { return x >= -lim && x <= lim; } /* false for NaN */

/* Length, magic, version, declared length and checksum, in that order. */
static ps_status check_header(const uint8_t *data, uint32_t len, layout *l)
{
    if (len < PS__MODEL_HEADER + PS__MODEL_CRC)
        return (len >= 8 && memcmp(data, PS__MODEL_MAGIC, 8) != 0) ? PS_ERR_MODEL_MAGIC : PS_ERR_MODEL_TRUNCATED;
    if (memcmp(data, PS__MODEL_MAGIC, 8) != 0) return PS_ERR_MODEL_MAGIC;
    l->major = ps__rd16(data + 8);
    if (l->major != PS_MODEL_MAJOR && l->major != PS_MODEL_MAJOR_FEATURES) return PS_ERR_MODEL_VERSION;
    l->minor = ps__rd16(data + 10);
    uint32_t file_len = ps__rd32(data + 12);
    if (file_len > len) return PS_ERR_MODEL_TRUNCATED;
    if (file_len < len || file_len < PS__MODEL_HEADER + PS__MODEL_CRC) return PS_ERR_MODEL_CORRUPT;
    if (ps__crc32(0, data, len - PS__MODEL_CRC) != ps__rd32(data + len - PS__MODEL_CRC)) return PS_ERR_MODEL_CHECKSUM;
    return PS_OK;
}

/* The sections between the header and the CRC: each known tag once; unknown tags only in newer minors. */
static ps_status find_sections(const uint8_t *data, uint32_t len, layout *l)
{
    uint32_t end = len - PS__MODEL_CRC;
    for (uint32_t pos = PS__MODEL_HEADER; pos < end;) {
        if (end - pos < PS__MODEL_SECTION) return PS_ERR_MODEL_CORRUPT;
        uint32_t slen = ps__rd32(data + pos + 4);
        if (slen > end - pos - PS__MODEL_SECTION) return PS_ERR_MODEL_CORRUPT;
        const uint8_t *tag = data + pos;
        section *s = memcmp(tag, "OPTS", 4) == 0 ? &l->opts : memcmp(tag, "CLAS", 4) == 0 ? &l->clas
                   : memcmp(tag, "VOCB", 4) == 0 ? &l->vocb : memcmp(tag, "WGHT", 4) == 0 ? &l->wght
                   : memcmp(tag, "META", 4) == 0 ? &l->meta : memcmp(tag, "FEAT", 4) == 0 ? &l->feat
                   : memcmp(tag, "LINR", 4) == 0 ? &l->linr : memcmp(tag, "CALB", 4) == 0 ? &l->calb : NULL;
        if (s) {
            if (s->found) return PS_ERR_MODEL_CORRUPT;
            *s = (section){.p = data + pos + PS__MODEL_SECTION, .len = slen, .found = 1};
        } else if (l->minor <= PS_MODEL_MINOR) {
            return PS_ERR_MODEL_CORRUPT;
        }
        pos += PS__MODEL_SECTION + slen;
    }
    return l->opts.found && l->clas.found && l->vocb.found && l->wght.found ? PS_OK : PS_ERR_MODEL_CORRUPT;
}

/* A section of `size` bytes in this reader's minors, at least that in newer ones. */
static int sized(const layout *l, const section *s, uint32_t size)
{
    return s->len == size || (s->len > size && l->minor > PS_MODEL_MINOR);
}

/* Major 2 names what it needs in FEAT (never empty); a bit this reader does not know is a newer format. */
static ps_status read_features(layout *l)
{
    const section *s = &l->feat;
    if (l->major == PS_MODEL_MAJOR) return s->found ? PS_ERR_MODEL_CORRUPT : PS_OK;
    if (!s->found || !sized(l, s, PS__MODEL_FEAT)) return PS_ERR_MODEL_CORRUPT;
    l->features = ps__rd32(s->p);
    if (l->features & ~(uint32_t)PS__MODEL_FEATURES_KNOWN) return PS_ERR_MODEL_VERSION;
    return l->features ? PS_OK : PS_ERR_MODEL_CORRUPT;
}

static ps_status read_opts(layout *l)
{
    if (!sized(l, &l->opts, PS__MODEL_OPTS)) return PS_ERR_MODEL_CORRUPT;
    if (ps__nb_options_get(l->opts.p, &l->o) != PS_OK) return PS_ERR_MODEL_CORRUPT;
    /* options newer than 1.0 only in a file that says it needs them (a 1.x reader must never misread it) */
    uint32_t needed = ps__tok_options_features(&l->o.tok) << PS__MODEL_FEATURES_TOKENIZER_SHIFT;
    return (needed & ~l->features) ? PS_ERR_MODEL_CORRUPT : PS_OK;
}

/* LINR: exactly when FEAT says a linear kind; its options in range, K finite bases (after CLAS). */
static ps_status check_linr(layout *l)
{
    const section *s = &l->linr;
    if (!(l->features & PS__MODEL_FEAT_LINEAR)) return s->found ? PS_ERR_MODEL_CORRUPT : PS_OK;
    if (!s->found || !sized(l, s, PS__MODEL_LINR_FIXED + 8u * l->k)) return PS_ERR_MODEL_CORRUPT;
    const uint8_t *p = s->p;
    ps_nb_options o = l->o;
    ps_status st = ps_nb_options_set_kind(&o, p[0]);
    if (st == PS_OK) st = ps_nb_options_set_pieces(&o, p[1]);
    if (st == PS_OK) st = ps_nb_options_set_epochs(&o, ps__rd32(p + 4));
    if (st == PS_OK) st = ps_nb_options_set_seed(&o, ps__rd32(p + 8));
    if (st == PS_OK) st = ps_nb_options_set_l2(&o, ps__rd_f64(p + 12));
    if (st == PS_OK) st = ps_nb_options_set_nb_mix(&o, ps__rd_f64(p + 20));
    if (st != PS_OK || o.kind == PS_NB_KIND_NB || ps__rd16(p + 2) != 0) return PS_ERR_MODEL_CORRUPT;
    if (o.kind == PS_NB_KIND_NBLR && !o.binary) return PS_ERR_MODEL_CORRUPT; /* its features are presences */
    for (uint32_t c = 0; c < l->k; c++)
        if (!finite_in(ps__rd_f64(p + PS__MODEL_LINR_FIXED + 8u * c), 1e6)) return PS_ERR_MODEL_CORRUPT;
    l->o = o;
    return PS_OK;
}

/* CALB (optional, from minor 1): a calibration ps_nb_model_set_calibration accepts, never the identity. */
static ps_status check_calb(const layout *l)
{
    const section *s = &l->calb;
    if (!s->found) return PS_OK;
    if (l->minor < PS__MODEL_CALB_MINOR || !sized(l, s, PS__MODEL_CALB)) return PS_ERR_MODEL_CORRUPT;
    double a = ps__rd_f64(s->p), b = ps__rd_f64(s->p + 8);
    if (!finite_in(a, PS_NB_CAL_A_MAX) || !finite_in(b, PS_NB_CAL_B_MAX) || (a == 0.0 && b == 0.0))
        return PS_ERR_MODEL_CORRUPT;
    return PS_OK;
}

/* One class record at pos: finite prior and quantisation, a UTF-8 label distinct from those before it. */
static ps_status check_class(const layout *l, uint32_t c, uint32_t pos)
{
    const section *s = &l->clas;
    uint32_t bits = l->o.weight_bits;
    if (s->len - pos < PS__MODEL_CLASS_FIXED) return PS_ERR_MODEL_CORRUPT;
    double lp = ps__rd_f64(s->p + pos + 4), wmin = ps__rd_f64(s->p + pos + 12), wscale = ps__rd_f64(s->p + pos + 20);
    uint32_t ll = ps__rd16(s->p + pos + 28);
    if (!finite_in(lp, 1e6) || lp > 0 || !finite_in(wmin, 1e6) || !finite_in(wscale, 1e6) || wscale < 0 ||
        (bits != 32 && !finite_in(wmin + ps__nb_levels(bits) * wscale, 1e6)))
        return PS_ERR_MODEL_CORRUPT;
    pos += PS__MODEL_CLASS_FIXED;
    if (ll == 0 || ll > PS_NB_MAX_LABEL || ll > s->len - pos || !ps__utf8_valid(s->p + pos, ll)) return PS_ERR_MODEL_CORRUPT;
    for (uint32_t j = 8, i = 0; i < c; i++) { /* labels must be distinct */
        uint32_t jl = ps__rd16(s->p + j + 28);
        if (jl == ll && memcmp(s->p + j + PS__MODEL_CLASS_FIXED, s->p + pos, ll) == 0) return PS_ERR_MODEL_CORRUPT;
        j += PS__MODEL_CLASS_FIXED + jl;
    }
    return PS_OK;
}

static ps_status check_clas(layout *l)
{
    const section *s = &l->clas;
    if (s->len < 8) return PS_ERR_MODEL_CORRUPT;
    uint32_t k = ps__rd32(s->p);
    if (k < 2 || k > PS_NB_MAX_CLASSES || k > (s->len - 8) / PS__MODEL_CLASS_FIXED) return PS_ERR_MODEL_CORRUPT;
    uint64_t docs = 0;
    uint32_t pos = 8;
    for (uint32_t c = 0; c < k; c++) {
        ps_status st = check_class(l, c, pos);
        if (st != PS_OK) return st;
        docs += ps__rd32(s->p + pos);
        pos += PS__MODEL_CLASS_FIXED + ps__rd16(s->p + pos + 28);
    }
    if (pos != s->len || docs != ps__rd32(s->p + 4)) return PS_ERR_MODEL_CORRUPT;
    l->k = k;
    return PS_OK;
}

/* Every front-coded entry against the bytes left, and the token bytes they add up to. */
static ps_status check_vocb(layout *l)
{
    const section *s = &l->vocb;
    if (s->len < 8) return PS_ERR_MODEL_CORRUPT;
    uint32_t v = ps__rd32(s->p), tok_bytes = ps__rd32(s->p + 4), pos = 8, sum = 0, prev = 0;
    if (v < 1 || v > PS_NB_MAX_VOCAB || v > (s->len - 8) / 3 || (uint64_t)tok_bytes > (uint64_t)v * 255u)
        return PS_ERR_MODEL_CORRUPT;
    for (uint32_t i = 0; i < v; i++) {
        if (s->len - pos < 2) return PS_ERR_MODEL_CORRUPT;
        uint32_t pre = s->p[pos], suf = s->p[pos + 1];
        if (pre > prev || suf == 0 || pre + suf > 255 || suf > s->len - pos - 2) return PS_ERR_MODEL_CORRUPT;
        prev = pre + suf;
        sum += prev;
        pos += 2 + suf;
    }
    if (pos != s->len || sum != tok_bytes) return PS_ERR_MODEL_CORRUPT;
    l->v = v;
    l->tok_bytes = tok_bytes;
    return PS_OK;
}

/* v x k weights of weight_bits each, nothing more. */
static ps_status check_wght(const layout *l)
{
    return (uint64_t)l->wght.len == (uint64_t)l->v * l->k * (l->o.weight_bits / 8) ? PS_OK : PS_ERR_MODEL_CORRUPT;
}

static ps_status check_meta(layout *l)
{
    const section *s = &l->meta;
    if (!s->found) return PS_OK;
    if (s->len < 4) return PS_ERR_MODEL_CORRUPT;
    uint32_t n = ps__rd32(s->p), pos = 4;
    if (n > PS_NB_MAX_META || n > (s->len - 4) / 6) return PS_ERR_MODEL_CORRUPT;
    for (uint32_t i = 0; i < n; i++) {
        if (s->len - pos < 2) return PS_ERR_MODEL_CORRUPT;
        uint32_t kl = ps__rd16(s->p + pos);
        pos += 2;
        if (kl == 0 || kl > PS_NB_MAX_META_KEY || s->len - pos < kl + 4u || !ps__utf8_valid(s->p + pos, kl))
            return PS_ERR_MODEL_CORRUPT;
        pos += kl;
        uint32_t vl = ps__rd32(s->p + pos);
        pos += 4;
        if (vl > PS_NB_MAX_META_VALUE || vl > s->len - pos || !ps__utf8_valid(s->p + pos, vl)) return PS_ERR_MODEL_CORRUPT;
        pos += vl;
    }
    if (pos != s->len) return PS_ERR_MODEL_CORRUPT;
    l->meta_n = n;
    return PS_OK;
}

static ps_status decode_classes(const layout *l, ps_nb_model *m)
{
    const uint8_t *p = l->clas.p;
    m->opts = l->o;
    m->total_docs = ps__rd32(p + 4);
    if (l->calb.found) { m->cal_a = ps__rd_f64(l->calb.p) + 0.0; m->cal_b = ps__rd_f64(l->calb.p + 8) + 0.0; }
    for (uint32_t pos = 8, c = 0; c < l->k; c++) {
        uint32_t ll = ps__rd16(p + pos + 28);
        m->class_docs[c] = ps__rd32(p + pos);
        m->log_prior[c] = ps__rd_f64(p + pos + 4);
        m->wmin[c] = ps__rd_f64(p + pos + 12);
        m->wscale[c] = ps__rd_f64(p + pos + 20);
        m->base[c] = l->linr.found ? ps__rd_f64(l->linr.p + PS__MODEL_LINR_FIXED + 8u * c) : m->log_prior[c];
        ps_status st = ps__nb_model_set_label(m, c, p + pos + PS__MODEL_CLASS_FIXED, ll);
        if (st != PS_OK) return st;
        pos += PS__MODEL_CLASS_FIXED + ll;
    }
    return PS_OK;
}

/* Copies n bytes by whole 8-byte chunks when src has 8 readable bytes past them (dst always has). */
static void copy_chunks(uint8_t *dst, const uint8_t *src, uint32_t n, const uint8_t *src_end)
{
    if ((size_t)(src_end - src) >= n + 8u) for (uint32_t j = 0; j < n; j += 8) memcpy(dst + j, src + j, 8);
    else memcpy(dst, src, n);
}

/* One pass undoes the front coding straight into the records, next to each token's weights, and hashes
 * every token (reusing the words of a prefix shared with the previous token). Tokens must be strictly
 * ascending: the new one extends the previous one or its first differing byte is larger. Its length is
 * the load time of a model: one loop over the vocabulary, no second pass. */
static ps_status decode_vocb(const layout *l, const uint8_t *data_end, ps_nb_model *m, uint64_t *hashes)
{
    const uint8_t *vp = l->vocb.p, *wp = l->wght.p, *prev = NULL;
    uint32_t off = 0, prev_len = 0, wb = m->wb, pos = 8;
    ps__tok_hasher hasher;
    ps__tok_hasher_init(&hasher);
    for (uint32_t i = 0; i < l->v; i++) {
        uint32_t pre = vp[pos], suf = vp[pos + 1];
        const uint8_t *src = vp + pos + 2;
        uint8_t *r = m->rec + off, *t = r + PS__REC_HDR;
        if (i && !(pre == prev_len || src[0] > prev[pre])) return PS_ERR_MODEL_CORRUPT;
        ps__wr32(r, i);
        r[4] = (uint8_t)(pre + suf);
        for (uint32_t j = 0; j < pre; j += 8) memcpy(t + j, prev + j, 8);
        copy_chunks(t + pre, src, suf, data_end);
        copy_chunks(t + pre + suf, wp, wb, data_end);
        if (l->o.weight_bits == 32)
            for (uint32_t j = 0; j < wb; j += 4)
                if ((ps__rd32(wp + j) & 0x7FFFFFFFu) > 0x7149F2CAu) return PS_ERR_MODEL_CORRUPT; /* |w| > 1e30 or NaN */
        hashes[i] = ps__tok_hasher_next(&hasher, t, pre + suf, pre);
        m->rec_off[i] = off;
        prev = t;
        prev_len = pre + suf;
        off += PS__REC_HDR + prev_len + wb;
        wp += wb;
        pos += 2 + suf;
    }
    return PS_OK;
}

static ps_status decode_meta(const layout *l, ps_nb_model *m)
{
    const uint8_t *p = l->meta.p;
    for (uint32_t pos = 4, i = 0; i < l->meta_n; i++) {
        uint32_t kl = ps__rd16(p + pos), vl = ps__rd32(p + pos + 2 + kl);
        ps_status st = ps_nb_model_meta_set(m, p + pos + 2, kl, p + pos + 6 + kl, vl);
        if (st != PS_OK) return st;
        if (m->meta_n != i + 1) return PS_ERR_MODEL_CORRUPT; /* a duplicate key */
        pos += 6 + kl + vl;
    }
    return PS_OK;
}

static ps_status check_file(const uint8_t *data, uint32_t len, layout *l)
{
    ps_status st = check_header(data, len, l);
    if (st == PS_OK) st = find_sections(data, len, l);
    if (st == PS_OK) st = read_features(l);
    if (st == PS_OK) st = read_opts(l);
    if (st == PS_OK) st = check_clas(l);
    if (st == PS_OK) st = check_linr(l);
    if (st == PS_OK) st = check_calb(l);
    if (st == PS_OK) st = check_vocb(l);
    if (st == PS_OK) st = check_wght(l);
    if (st == PS_OK) st = check_meta(l);
    return st;
}

static ps_status decode_file(const layout *l, const uint8_t *data_end, ps_nb_model *m)
{
    uint64_t *hashes = malloc((size_t)l->v * sizeof *hashes);
    ps_status st = hashes ? decode_classes(l, m) : PS_ERR_NO_MEMORY;
    if (st == PS_OK) st = decode_vocb(l, data_end, m, hashes);
    if (st == PS_OK) st = ps__nb_model_index(m, hashes);
    free(hashes);
    return st == PS_OK ? decode_meta(l, m) : st;
}

ps_status ps_nb_model_load(const uint8_t *data, uint32_t len, ps_nb_model **out)
{
    if (!out || (!data && len > 0)) return PS_ERR_INVALID_ARGUMENT;
    layout l = {0};
    ps_status st = check_file(data, len, &l);
    if (st != PS_OK) return st;
    ps_nb_model *m;
    st = ps__nb_model_alloc(l.k, l.v, l.tok_bytes, l.o.weight_bits, &m);
    if (st != PS_OK) return st;
    st = decode_file(&l, data + len, m);
    if (st != PS_OK) { ps_nb_model_destroy(m); return st; }
    *out = m;
    return PS_OK;
}
