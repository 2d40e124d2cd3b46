/* ps_tokenize: see ps_tokenize.h for the rules. One pass, no allocation:
 * the current word is built in a small buffer, the last (ngram_max) words sit
 * in a window buffer separated by single spaces so an n-gram is a contiguous
 * slice of it and is emitted without copying. */
#include "ps_tokenize.h"
#include <string.h>

#define WIN_CAP 1024u
#define TAG_SCAN 1024u

typedef struct tk_state {
    const ps_tok_options *o;
    ps_tok_emit_fn emit;
    ps__tok_emit_h_fn emit_h;  /* hashed variant (used instead of emit when set) */
    void *ctx;
    ps_status st;
    uint32_t wlen;
    int full;          /* the word hit PS_TOK_MAX_WORD: ignore the rest of it */
    int pending_apos;  /* last byte of word is an apostrophe that may be dropped */
    int neg;           /* inside a negation scope */
    uint32_t nwords;   /* words in the window (<= ngram_max) */
    uint32_t wpos;
    uint32_t start[PS_TOK_MAX_NGRAM], end[PS_TOK_MAX_NGRAM];
    uint64_t wh[PS_TOK_MAX_NGRAM];  /* word hashes (hashed mode) */
    uint8_t word[PS_TOK_MAX_WORD + 8];
    uint8_t win[WIN_CAP + 8];       /* + 8: word hashes read whole 8-byte chunks */
} tk_state;

/* Generated (scripted) open-addressing tables: slot = FNV-1a-32(word) & (size-1), linear probing. */
/* NLTK English stop words (179). */
static const char *const stop_tab[512] = {
    0, 0, 0, 0, "doing", 0, "if", 0, "these", 0, "above", "off", 0, 0, "don", "herself", "it",
    "over", "it's", "too", "do", 0, 0, "so", 0, 0, "than", 0, "the", 0, 0, "shouldn't", 0, 0, 0, 0,
    "to", 0, 0, 0, 0, 0, "should", "those", 0, 0, 0, "what", 0, 0, 0, 0, 0, 0, 0, 0, 0, "why", 0,
    "same", 0, 0, "about", 0, 0, 0, "should've", "ourselves", 0, 0, 0, 0, 0, 0, 0, 0, 0, "any",
    "are", 0, 0, 0, 0, 0, 0, 0, 0, 0, "where", 0, 0, "ma", 0, 0, 0, "just", "out", 0, 0, "ain", 0,
    0, 0, "their", "of", "with", 0, 0, 0, "hers", 0, 0, 0, "some", "that'll", "d", 0, "from", 0, 0,
    0, 0, "doesn", "through", 0, 0, 0, 0, "be", "this", "you'll", 0, "won't", 0, 0, "wasn't",
    "during", 0, "not", 0, 0, "as", "how", "who", 0, 0, "had", "couldn't", "by", "my", "wasn", 0,
    "yourselves", 0, 0, 0, "you", 0, "in", "o", 0, "isn", "both", "themselves", 0, 0, "and",
    "hadn't", "me", 0, "aren't", "your", 0, 0, 0, 0, 0, 0, 0, 0, "hadn", 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, "been", "once", "ve", 0, 0, 0, 0, "needn't", "his", 0, "under", "while", 0, 0, 0,
    0, 0, 0, "him", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "which", 0, 0, 0, "an", "weren", 0, 0, 0, 0,
    "yourself", 0, 0, 0, "didn", 0, "below", "isn't", "mightn", "y", 0, "hasn", "now", "wouldn't",
    0, 0, 0, 0, 0, "they", "against", 0, 0, 0, 0, 0, 0, 0, "being", 0, 0, 0, "shouldn", 0, 0, 0, 0,
    0, 0, 0, 0, "down", "is", 0, "nor", "aren", "when", 0, 0, 0, 0, 0, "up", "very", 0, "into", 0,
    "ll", 0, "himself", "each", 0, 0, 0, "a", "that", "were", "won", 0, 0, "most", "mustn", 0, 0, 0,
    0, 0, "needn", "our", 0, 0, 0, "before", "did", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "hasn't", 0,
    0, "again", "re", "until", 0, "am", 0, 0, 0, 0, 0, 0, 0, "because", "having", "there", "such",
    0, 0, 0, 0, 0, "you're", "can", 0, 0, 0, 0, "itself", 0, 0, "don't", 0, "between", 0, 0, 0, 0,
    0, 0, "then", 0, "m", "shan", 0, 0, "theirs", 0, "ours", 0, 0, 0, "s", 0, "or", 0, 0, 0, "at",
    0, "shan't", 0, "but", "her", "will", "haven", "for", 0, 0, "didn't", 0, 0, 0, 0, 0, 0, 0,
    "yours", 0, 0, 0, 0, 0, "mustn't", 0, "t", 0, 0, 0, 0, 0, "we", 0, 0, 0, 0, 0, 0, "does", 0, 0,
    0, 0, 0, "he", 0, 0, 0, 0, 0, 0, "myself", 0, "own", 0, 0, 0, 0, "all", "i", "whom", 0, 0,
    "after", 0, "here", 0, 0, 0, 0, "on", 0, 0, "she's", 0, 0, 0, 0, 0, "its", 0, 0, 0, 0, 0,
    "you'd", "more", "mightn't", "she", "has", "haven't", "them", "weren't", "wouldn", 0, "doesn't",
    "further", 0, 0, 0, 0, 0, "couldn", "you've", "was", 0, 0, "other", 0, "only", 0, "few", "no",
    "have", 0, 0, 0, 0,
};
/* Negation triggers besides the "n't" suffix. */
static const char *const neg_tab[64] = {
    "hadnt", "nowhere", "wont", "cant", 0, 0, 0, 0, 0, "never", "doesnt", "not", "couldnt", "didnt",
    "dont", "isnt", "nothing", 0, 0, 0, 0, 0, "werent", "arent", "nor", 0, 0, "none", 0, 0,
    "nobody", 0, "wasnt", "havent", 0, "without", 0, 0, 0, 0, "neither", "shouldnt", "cannot", 0, 0,
    0, 0, 0, "wouldnt", 0, 0, 0, 0, "aint", 0, 0, 0, "hasnt", "no", 0, 0, 0, 0, 0,
};

static int in_table(const char *const *tab, uint32_t mask, const uint8_t *s, uint32_t n)
{
    uint32_t h = 2166136261u, i;
    for (i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    for (i = h & mask; tab[i]; i = (i + 1) & mask) {
        const char *t = tab[i];
        uint32_t j = 0;
        while (j < n && (uint8_t)t[j] == s[j]) j++;
        if (j == n && t[n] == 0) return 1;
    }
    return 0;
}

static int is_negator(const uint8_t *w, uint32_t n)
{
    if (n >= 3 && w[n - 3] == 'n' && w[n - 2] == '\'' && w[n - 1] == 't') return 1;
    return in_table(neg_tab, 63, w, n);
}

static int is_stop(const uint8_t *w, uint32_t n)
{
    return in_table(stop_tab, 511, w, n);
}

/* ---- token hashes (private to the library; see ps_tokenize.h) ---- */

#define H_K1 PS__TOK_H_K1
#define H_K2 PS__TOK_H_K2
#define rd64 ps__tok_rd64
#define word_hash_padded ps__tok_word_hash_padded
#define hash_add ps__tok_hash_add
#define hash_final ps__tok_hash_final

/* The same value, reading only p[0..n). */
static uint64_t word_hash_exact(const uint8_t *p, uint32_t n)
{
    uint64_t h = (uint64_t)n * H_K1, x = 0;
    uint32_t i;
    while (n > 8) { h = (h ^ rd64(p)) * H_K2; h ^= h >> 31; p += 8; n -= 8; }
    for (i = 0; i < n; i++) x |= (uint64_t)p[i] << (8 * i);
    return (h ^ x) * H_K2;
}

static uint64_t tok_hash(const uint8_t *tok, uint32_t len, int padded)
{
    uint64_t g = 0;
    uint32_t i = 0, j;
    for (;;) {
        for (j = i; j < len && tok[j] != ' '; j++) {}
        if (j > i) g = hash_add(g, padded ? word_hash_padded(tok + i, j - i) : word_hash_exact(tok + i, j - i));
        if (j >= len) break;
        i = j + 1;
    }
    return hash_final(g);
}

uint64_t ps__tok_hash(const uint8_t *tok, uint32_t len) { return tok_hash(tok, len, 0); }
uint64_t ps__tok_hash_padded(const uint8_t *tok, uint32_t len) { return tok_hash(tok, len, 1); }

void ps_tok_options_init(ps_tok_options *o)
{
    if (!o) return;
    o->ngram_min = 1;
    o->ngram_max = 1;
    o->stopwords = 0;
    o->negation = 0;
}

ps_status ps_tok_options_set_ngrams(ps_tok_options *o, uint32_t min, uint32_t max)
{
    if (!o || min < 1 || max < min || max > PS_TOK_MAX_NGRAM) return PS_ERR_INVALID_ARGUMENT;
    o->ngram_min = (uint8_t)min;
    o->ngram_max = (uint8_t)max;
    return PS_OK;
}

ps_status ps_tok_options_set_stopwords(ps_tok_options *o, uint32_t on)
{
    if (!o || on > 1) return PS_ERR_INVALID_ARGUMENT;
    o->stopwords = (uint8_t)on;
    return PS_OK;
}

ps_status ps_tok_options_set_negation(ps_tok_options *o, uint32_t on)
{
    if (!o || on > 1) return PS_ERR_INVALID_ARGUMENT;
    o->negation = (uint8_t)on;
    return PS_OK;
}

ps_status ps_tok_options_check(const ps_tok_options *o)
{
    if (!o || o->ngram_min < 1 || o->ngram_max < o->ngram_min || o->ngram_max > PS_TOK_MAX_NGRAM ||
        o->stopwords > 1 || o->negation > 1)
        return PS_ERR_INVALID_ARGUMENT;
    return PS_OK;
}

/* ---- character classes ---- */

enum { C_SEP = 0, C_WORD = 1, C_APOS = 2, C_PUNCT = 3 };

static uint32_t lower_cp(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0x100) return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 32 : cp;
    if (cp <= 0x17F) {
        if ((cp <= 0x137 || (cp >= 0x14A && cp <= 0x177)) && !(cp & 1)) return cp + 1;
        if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && (cp & 1)) return cp + 1;
        if (cp == 0x178) return 0xFF;
        return cp;
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 63;
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
    return cp;
}

static int class_cp(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) return C_WORD;
        if (cp == '\'') return C_APOS;
        if (cp == '.' || cp == ',' || cp == ':' || cp == ';' || cp == '!' || cp == '?') return C_PUNCT;
        return C_SEP;
    }
    if (cp < 0xC0) return cp == 0xA1 || cp == 0xBF ? C_PUNCT : C_SEP;   /* ¡ ¿ */
    if (cp == 0xD7 || cp == 0xF7) return C_SEP;
    if (cp == 0x2018 || cp == 0x2019) return C_APOS;
    if (cp >= 0x2000 && cp <= 0x2BFF) return cp == 0x2026 ? C_PUNCT : C_SEP;  /* … */
    if ((cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF))
        return (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF0C || cp == 0xFF0E || cp == 0xFF1F) ? C_PUNCT : C_SEP;
    return C_WORD;
}

/* ASCII letters and digits -> the lower-cased byte; every other byte -> 0 (C_WORD in class_cp, lower_cp). */
static const uint8_t ascii_word[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* ---- words and n-grams ---- */

static void push_word(tk_state *t, const uint8_t *w, uint32_t wl, int bang)
{
    const ps_tok_options *o = t->o;
    uint32_t nmax = o->ngram_max, need = wl + (uint32_t)bang + 1u;
    if (t->wpos + need > WIN_CAP) {  /* keep the last nmax-1 words, move them to the front */
        uint32_t keep = nmax - 1u, src, i;
        if (keep > t->nwords) keep = t->nwords;
        if (keep == 0) { t->wpos = 0; t->nwords = 0; }
        else {
            src = t->start[t->nwords - keep];
            memmove(t->win, t->win + src, t->wpos - src);
            for (i = 0; i < keep; i++) {
                t->start[i] = t->start[t->nwords - keep + i] - src;
                t->end[i] = t->end[t->nwords - keep + i] - src;
                t->wh[i] = t->wh[t->nwords - keep + i];
            }
            t->nwords = keep;
            t->wpos -= src;
        }
    }
    if (t->nwords == nmax) {  /* shift out the oldest word */
        uint32_t i;
        for (i = 1; i < nmax; i++) { t->start[i - 1] = t->start[i]; t->end[i - 1] = t->end[i]; t->wh[i - 1] = t->wh[i]; }
        t->nwords--;
    }
    if (t->nwords > 0) t->win[t->wpos++] = ' ';
    t->start[t->nwords] = t->wpos;
    if (bang) t->win[t->wpos++] = '!';
    {   /* whole 8-byte chunks: w and win both have 8 bytes of slack */
        uint32_t j;
        for (j = 0; j < wl; j += 8) memcpy(t->win + t->wpos + j, w + j, 8);
    }
    t->wpos += wl;
    t->end[t->nwords] = t->wpos;
    if (t->emit_h) {
        uint32_t s = t->start[t->nwords];
        t->wh[t->nwords] = word_hash_padded(t->win + s, t->wpos - s);
    }
    t->nwords++;
    {
        uint32_t n, last = t->nwords - 1u;
        for (n = o->ngram_min; n <= nmax && n <= t->nwords; n++) {
            uint32_t s = t->start[t->nwords - n];
            ps_status st;
            if (t->emit_h) {
                uint64_t g = 0;
                uint32_t i;
                for (i = t->nwords - n; i < t->nwords; i++) g = hash_add(g, t->wh[i]);
                st = t->emit_h(t->ctx, t->win + s, t->end[last] - s, hash_final(g));
            } else {
                st = t->emit(t->ctx, t->win + s, t->end[last] - s);
            }
            if (st != PS_OK) { t->st = st; return; }
        }
    }
}

static void finish_word(tk_state *t)
{
    uint32_t wl = t->wlen;
    int isneg = 0;
    if (wl == 0) return;
    if (t->pending_apos) wl--;
    t->wlen = 0; t->full = 0; t->pending_apos = 0;
    if (wl == 0) return;
    if (t->o->negation) isneg = is_negator(t->word, wl);
    if (!(t->o->stopwords && is_stop(t->word, wl)))
        push_word(t, t->word, wl, t->o->negation && t->neg && !isneg);
    if (isneg) t->neg = 1;
}

static void add_cp(tk_state *t, uint32_t cp)
{
    int c = class_cp(cp);
    if (c == C_WORD) {
        uint32_t lc = lower_cp(cp), need = lc < 0x80 ? 1u : lc < 0x800 ? 2u : lc < 0x10000 ? 3u : 4u;
        uint8_t *w;
        if (t->full) return;
        if (t->wlen + need > PS_TOK_MAX_WORD) { t->full = 1; return; }  /* cut at a code point boundary */
        w = t->word + t->wlen;
        t->wlen += need;
        t->pending_apos = 0;
        if (need == 1) w[0] = (uint8_t)lc;
        else if (need == 2) { w[0] = (uint8_t)(0xC0 | (lc >> 6)); w[1] = (uint8_t)(0x80 | (lc & 0x3F)); }
        else if (need == 3) {
            w[0] = (uint8_t)(0xE0 | (lc >> 12)); w[1] = (uint8_t)(0x80 | ((lc >> 6) & 0x3F));
            w[2] = (uint8_t)(0x80 | (lc & 0x3F));
        } else {
            w[0] = (uint8_t)(0xF0 | (lc >> 18)); w[1] = (uint8_t)(0x80 | ((lc >> 12) & 0x3F));
            w[2] = (uint8_t)(0x80 | ((lc >> 6) & 0x3F)); w[3] = (uint8_t)(0x80 | (lc & 0x3F));
        }
        return;
    }
    if (c == C_APOS && t->wlen > 0 && !t->pending_apos) {
        if (t->full) return;
        if (t->wlen + 1 > PS_TOK_MAX_WORD) { t->full = 1; return; }
        t->word[t->wlen++] = '\'';
        t->pending_apos = 1;
        return;
    }
    finish_word(t);
    if (c == C_PUNCT) t->neg = 0;
}

/* Decode an entity at s[0] == '&'; returns the code point and sets *adv, or 0 if not an entity. */
static uint32_t entity(const uint8_t *s, uint32_t avail, uint32_t *adv)
{
    static const struct { const char *name; uint32_t cp; } named[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
        {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018},
        {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    };
    uint32_t i, n = 0;
    for (i = 1; i < avail && i <= 10; i++) {
        if (s[i] == ';') { n = i; break; }
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '#'))
            return 0;
    }
    if (n < 2) return 0;
    *adv = n + 1;
    if (s[1] == '#') {
        uint32_t cp = 0, j = 2, digits = 0;
        int hex = (n > 2 && (s[2] == 'x' || s[2] == 'X'));
        if (hex) j = 3;
        for (; j < n; j++) {
            uint32_t d, ch = s[j];
            if (ch >= '0' && ch <= '9') d = ch - '0';
            else if (hex && ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
            else if (hex && ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
            else return 0;
            cp = cp * (hex ? 16u : 10u) + d;
            if (cp > 0x10FFFF) return 0xFFFD;
            digits++;
        }
        if (!digits) return 0;
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
        return cp;
    }
    for (i = 0; i < sizeof named / sizeof *named; i++) {
        uint32_t l = (uint32_t)strlen(named[i].name);
        if (l == n - 1 && memcmp(named[i].name, s + 1, l) == 0) return named[i].cp;
    }
    return 0;
}

/* Strict UTF-8 decode at s (avail >= 1 bytes, s[0] >= 0x80). Returns the length, 0 if invalid. */
static uint32_t utf8_decode(const uint8_t *s, uint32_t avail, uint32_t *cp)
{
    uint32_t c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        if (avail < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        uint32_t lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (avail < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80) return 0;
        *cp = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        uint32_t lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (avail < 4 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        *cp = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
    return 0;
}

static ps_status tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit,
                          ps__tok_emit_h_fn emit_h, void *ctx)
{
    tk_state t;
    uint32_t i = 0;
    if (!o || (!emit && !emit_h) || (!utf8 && len > 0) || ps_tok_options_check(o) != PS_OK) return PS_ERR_INVALID_ARGUMENT;
    t.o = o; t.emit = emit; t.emit_h = emit_h; t.ctx = ctx; t.st = PS_OK;
    memset(t.win, 0, sizeof t.win);  /* words are copied and hashed by whole (masked) 8-byte chunks */
    memset(t.word, 0, sizeof t.word);
    t.wlen = 0; t.full = 0; t.pending_apos = 0; t.neg = 0; t.nwords = 0; t.wpos = 0;
    while (i < len && t.st == PS_OK) {
        uint32_t c = utf8[i];
        if (c < 0x80) {
            /* fast path: a run of ASCII letters and digits extends the word (lower-cased) */
            if (ascii_word[c] && !t.full && t.wlen < PS_TOK_MAX_WORD) {
                uint32_t wl = t.wlen, lim = len - i < PS_TOK_MAX_WORD - wl ? len : i + (PS_TOK_MAX_WORD - wl);
                uint8_t x;
                while (i < lim && (x = ascii_word[utf8[i]]) != 0) { t.word[wl++] = x; i++; }
                t.wlen = wl;
                t.pending_apos = 0;
                continue;
            }
            if (c == ' ') { finish_word(&t); i++; continue; }  /* the commonest separator */
            if (c == '<' && i + 1 < len) {
                uint32_t n = utf8[i + 1];
                if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!' || n == '?') {
                    uint32_t j, lim = len - i > TAG_SCAN ? i + TAG_SCAN : len;
                    for (j = i + 2; j < lim && utf8[j] != '>'; j++) {}
                    if (j < lim) {
                        finish_word(&t);
                        t.neg = 0;
                        i = j + 1;
                        continue;
                    }
                }
            } else if (c == '&') {
                uint32_t adv = 0, cp = entity(utf8 + i, len - i, &adv);
                if (cp) { add_cp(&t, cp); i += adv; continue; }
            }
            add_cp(&t, c);
            i++;
        } else {
            uint32_t cp = 0, n = utf8_decode(utf8 + i, len - i, &cp);
            if (n == 0) { finish_word(&t); i++; continue; }  /* invalid byte: a word break */
            add_cp(&t, cp);
            i += n;
        }
    }
    if (t.st == PS_OK) finish_word(&t);
    return t.st;
}

ps_status ps_tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit, void *ctx)
{
    return emit ? tokenize(o, utf8, len, emit, NULL, ctx) : PS_ERR_INVALID_ARGUMENT;
}

ps_status ps__tokenize_h(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps__tok_emit_h_fn emit, void *ctx)
{
    return emit ? tokenize(o, utf8, len, NULL, emit, ctx) : PS_ERR_INVALID_ARGUMENT;
}

typedef struct into_ctx { uint8_t *out; uint32_t cap, len, count; int overflow; } into_ctx;

static ps_status into_emit(void *ctx, const uint8_t *tok, uint32_t len)
{
    into_ctx *c = (into_ctx *)ctx;
    if (c->overflow || (uint64_t)c->len + len + 1 > UINT32_MAX) { c->overflow = 1; return PS_OK; }
    if (c->out && c->len + len + 1 <= c->cap) {
        memcpy(c->out + c->len, tok, len);
        c->out[c->len + len] = '\n';
    }
    c->len += len + 1;
    c->count++;
    return PS_OK;
}

ps_status ps_tokenize_into(const ps_tok_options *o, const uint8_t *utf8, uint32_t len,
                           uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *out_count)
{
    into_ctx c;
    ps_status st;
    if (!out_len || !out_count || (!out && cap > 0)) return PS_ERR_INVALID_ARGUMENT;
    c.out = out; c.cap = cap; c.len = 0; c.count = 0; c.overflow = 0;
    st = ps_tokenize(o, utf8, len, into_emit, &c);
    if (st != PS_OK) return st;
    *out_len = c.len;
    *out_count = c.count;
    if (c.overflow || c.len > cap) return PS_ERR_NB_TOO_LARGE;
    return PS_OK;
}
