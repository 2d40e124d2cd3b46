/* ps_tokenize: see ps_tokenize.h for the rules. One pass, no allocation:
 * the current word is built in a small buffer, the last (ngram_max) words sit
 * in a window buffer separated by single spaces so an n-gram is a contiguous
 * slice of it and is emitted without copying. The characters of a run of a
 * script without spaces sit in a second window the same way, back to back; an
 * emoji sequence is built in the word buffer. */
#include "ps_tokenize.h"
#include "tokenize_internal.h"
#include "emoticon.h"
#include "unicode.h"
#include "utf8.h"
#include "char_class.h"
#include "markup.h"
#include "cold.h"
#include <string.h>

#define WIN_CAP 1024u
#define UNIT_MAX 16u /* bytes of a character of a run, its combining marks included */

#include "tokenize_tables.h"

/* Called for each finished word instead of forming n-grams (ps_tokenize_words). */
typedef ps_status (*word_fn)(void *ctx, const uint8_t *tok, uint32_t len, uint32_t start, uint32_t end, uint32_t flags);

typedef struct tk_state {
    const ps_tok_options *o;
    ps_tok_emit_fn emit;
    ps__tok_emit_h_fn emit_h; /* hashed variant (used instead of emit when set) */
    word_fn emit_word;        /* words only (used instead of both when set) */
    void *ctx;
    ps_status st;
    uint32_t wlen;
    uint32_t wstart, wend; /* input bytes of the current word's first and past its last character */
    int full;              /* the word hit PS_TOK_MAX_WORD: ignore the rest of it */
    uint32_t pending;      /* the word's last bytes are an apostrophe or a middle dot, dropped unless a letter follows */
    int neg;               /* inside a negation scope */
    uint32_t nwords;       /* words in the window (<= ngram_max) */
    uint32_t wpos;
    uint32_t start[PS_TOK_MAX_NGRAM], end[PS_TOK_MAX_NGRAM];
    uint64_t wh[PS_TOK_MAX_NGRAM]; /* word hashes (hashed mode) */
    uint8_t word[PS_TOK_MAX_WORD + 8];
    uint8_t win[WIN_CAP + 8]; /* + 8: word hashes read whole 8-byte chunks */
    const uint8_t *text;      /* the input (a keycap looks back at its base) */
    int uni;                  /* an option that needs the kinds of unicode.h is on */
    ps__uni_range kinds, classes; /* the last look-ups of unicode.h */
    /* a run of a script without spaces: its pending character, then the last char_ngram_max ones */
    int in_run;
    int run_joined;           /* a character of this run was reported (ps_tokenize_words) */
    uint32_t ulen, ustart, uend;
    uint32_t rn, rw;          /* characters and bytes in rwin */
    uint8_t rlen[PS_TOK_MAX_CHAR_NGRAM];
    uint8_t unit[UNIT_MAX];
    uint8_t rwin[PS_TOK_MAX_CHAR_NGRAM * UNIT_MAX + 8];
    /* an emoji sequence being built in word */
    int emo;                  /* EMO_*: what the last code point of the sequence was */
    uint32_t zwj_keep;        /* the sequence's length before its trailing ZWJ */
    uint32_t symbol_end;      /* the end of the last emoticon in the input */
} tk_state;

enum { EMO_NONE, EMO_ELEMENT, EMO_ZWJ, EMO_RI };

static int in_table(const uint16_t *tab, const char *words, uint32_t mask, const uint8_t *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    for (uint32_t i = h & mask; tab[i]; i = (i + 1) & mask) {
        const char *t = words + tab[i];
        uint32_t j = 0;
        while (j < n && (uint8_t)t[j] == s[j]) j++;
        if (j == n && t[n] == 0) return 1;
    }
    return 0;
}

static int ends_nt(const uint8_t *w, uint32_t n)
{
    return n >= 3 && w[n - 3] == 'n' && w[n - 2] == '\'' && w[n - 1] == 't';
}

static int is_negator(const uint8_t *w, uint32_t n) { return ends_nt(w, n) || in_table(neg_tab, neg_tab_words, PS__NEG_MASK, w, n); }

static int is_stop(const uint8_t *w, uint32_t n) { return in_table(stop_tab, stop_tab_words, PS__STOP_MASK, w, n); }

static int is_function_word(const uint8_t *w, uint32_t n)
{
    return is_stop(w, n) && !ends_nt(w, n) && !in_table(neg_stop_tab, neg_stop_tab_words, PS__NEG_STOP_MASK, w, n);
}

/* ---- character classes (char_class.h) ---- */

/* ASCII letters and digits -> the lower-cased byte; every other byte -> 0 (PS__CHAR_WORD in ps__char_class, ps__lower_1). */
static const uint8_t ascii_word[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6', ['7'] = '7',
    ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h',
    ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p',
    ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
    ['Y'] = 'y', ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h',
    ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p',
    ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
    ['y'] = 'y', ['z'] = 'z',
};

/* ---- words and n-grams ---- */

/* Keeps the last nmax-1 words of a full window, moved to its front. */
static void compact_window(tk_state *t)
{
    uint32_t keep = t->o->ngram_max - 1u;
    if (keep > t->nwords) keep = t->nwords;
    if (keep == 0) { t->wpos = 0; t->nwords = 0; return; }
    uint32_t src = t->start[t->nwords - keep];
    memmove(t->win, t->win + src, t->wpos - src);
    for (uint32_t i = 0; i < keep; i++) {
        t->start[i] = t->start[t->nwords - keep + i] - src;
        t->end[i] = t->end[t->nwords - keep + i] - src;
        t->wh[i] = t->wh[t->nwords - keep + i];
    }
    t->nwords = keep;
    t->wpos -= src;
}

/* Emits the n-grams that end with the newest word. */
static void emit_ngrams(tk_state *t)
{
    uint32_t last = t->nwords - 1u;
    for (uint32_t n = t->o->ngram_min; n <= t->o->ngram_max && n <= t->nwords; n++) {
        uint32_t s = t->start[t->nwords - n];
        ps_status st;
        if (t->emit_h) {
            uint64_t g = 0;
            for (uint32_t i = t->nwords - n; i < t->nwords; i++) g = ps__tok_hash_add(g, t->wh[i]);
            g = ps__tok_hash_final(g);
            st = t->emit_h(t->ctx, t->win + s, t->end[last] - s, g);
        } else {
            st = t->emit(t->ctx, t->win + s, t->end[last] - s);
        }
        if (st != PS_OK) { t->st = st; return; }
    }
}

static void push_word(tk_state *t, const uint8_t *w, uint32_t wl, int bang)
{
    uint32_t nmax = t->o->ngram_max;
    if (t->wpos + wl + (uint32_t)bang + 1u > WIN_CAP) compact_window(t);
    if (t->nwords == nmax) { /* shift out the oldest word */
        for (uint32_t i = 1; i < nmax; i++) { t->start[i - 1] = t->start[i]; t->end[i - 1] = t->end[i]; t->wh[i - 1] = t->wh[i]; }
        t->nwords--;
    }
    if (t->nwords > 0) t->win[t->wpos++] = ' ';
    t->start[t->nwords] = t->wpos;
    if (bang) t->win[t->wpos++] = '!';
    for (uint32_t j = 0; j < wl; j += 8) memcpy(t->win + t->wpos + j, w + j, 8); /* w and win have 8 bytes of slack */
    t->wpos += wl;
    t->end[t->nwords] = t->wpos;
    if (t->emit_h) {
        uint32_t s = t->start[t->nwords];
        t->wh[t->nwords] = ps__tok_word_hash_padded(t->win + s, t->wpos - s);
    }
    t->nwords++;
    emit_ngrams(t);
}

/* Hands a word to emit_word: its token ("!"-prefixed when bang), its place in the input and its flags. */
static void report_word(tk_state *t, const uint8_t *w, uint32_t wl, int bang, uint32_t start, uint32_t end, uint32_t flags)
{
    uint8_t tok[PS_TOK_MAX_WORD + 1];
    tok[0] = '!';
    memcpy(tok + (bang ? 1 : 0), w, wl);
    ps_status st = t->emit_word(t->ctx, tok, wl + (uint32_t)bang, start, end, flags | (bang ? PS_TOK_WORD_NEGATED : 0));
    if (st != PS_OK) t->st = st;
}

/* An emoji or an emoticon: a word that is never negated, never a stop word and leaves negation scopes as they are. */
static void put_symbol(tk_state *t, const uint8_t *w, uint32_t wl, uint32_t start, uint32_t end)
{
    if (t->emit_word) report_word(t, w, wl, 0, start, end, 0);
    else push_word(t, w, wl, 0);
}

/* ---- runs of a script without spaces: character n-grams ---- */

/* Emits the character n-grams that end with the newest character of the window. */
static void emit_char_ngrams(tk_state *t)
{
    uint32_t s = t->rw;
    for (uint32_t n = 1; n <= t->o->char_ngram_max && n <= t->rn; n++) {
        s -= t->rlen[t->rn - n];
        if (n < t->o->char_ngram_min) continue;
        ps_status st;
        if (t->emit_h) {
            uint64_t h = ps__tok_hash_final(ps__tok_hash_add(0, ps__tok_word_hash_padded(t->rwin + s, t->rw - s)));
            st = t->emit_h(t->ctx, t->rwin + s, t->rw - s, h);
        } else {
            st = t->emit(t->ctx, t->rwin + s, t->rw - s);
        }
        if (st != PS_OK) { t->st = st; return; }
    }
}

/* The pending character of the run is complete (no more marks): report it, or add it to the window. */
static void commit_char(tk_state *t)
{
    uint32_t ul = t->ulen;
    if (ul == 0) return;
    t->ulen = 0;
    if (t->emit_word) {
        report_word(t, t->unit, ul, 0, t->ustart, t->uend, PS_TOK_WORD_CHAR | (t->run_joined ? PS_TOK_WORD_JOINED : 0));
        t->run_joined = 1;
        return;
    }
    if (t->rn == t->o->char_ngram_max) { /* shift out the oldest character */
        uint32_t old = t->rlen[0];
        memmove(t->rwin, t->rwin + old, t->rw - old);
        t->rw -= old;
        for (uint32_t i = 1; i < t->rn; i++) t->rlen[i - 1] = t->rlen[i];
        t->rn--;
    }
    memcpy(t->rwin + t->rw, t->unit, ul);
    t->rw += ul;
    t->rlen[t->rn++] = (uint8_t)ul;
    emit_char_ngrams(t);
}

static void end_run(tk_state *t)
{
    commit_char(t);
    t->in_run = 0; t->run_joined = 0; t->rn = 0; t->rw = 0;
}

static void finish_word(tk_state *t)
{
    if (t->in_run) { end_run(t); return; }
    uint32_t wl = t->wlen;
    if (wl == 0) return;
    if (t->emo) { /* an emoji sequence: without its trailing ZWJ */
        if (t->emo == EMO_ZWJ) wl = t->zwj_keep;
        t->wlen = 0; t->emo = EMO_NONE;
        put_symbol(t, t->word, wl, t->wstart, t->wend);
        return;
    }
    uint32_t pending = t->pending; /* 1: an apostrophe; more: a middle dot (MID), which ends a sentence here */
    wl -= pending;
    t->wlen = 0; t->full = 0; t->pending = 0;
    if (wl == 0) return;
    int isneg = t->o->negation && is_negator(t->word, wl);
    if (!(t->o->stopwords && is_stop(t->word, wl))) {
        int bang = t->o->negation && t->neg && !isneg;
        if (t->emit_word) {
            uint32_t flags = (is_function_word(t->word, wl) ? PS_TOK_WORD_FUNCTION : 0) | (isneg ? PS_TOK_WORD_NEGATOR : 0);
            report_word(t, t->word, wl, bang, t->wstart, t->wend, flags);
        } else {
            push_word(t, t->word, wl, bang);
        }
    }
    if (isneg) t->neg = 1;
    if (pending > 1) t->neg = 0;
}

static void append_utf8(uint8_t *w, uint32_t cp, uint32_t need)
{
    if (need == 1) { w[0] = (uint8_t)cp; return; }
    if (need == 2) { w[0] = (uint8_t)(0xC0 | (cp >> 6)); w[1] = (uint8_t)(0x80 | (cp & 0x3F)); return; }
    if (need == 3) {
        w[0] = (uint8_t)(0xE0 | (cp >> 12)); w[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)); w[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return;
    }
    w[0] = (uint8_t)(0xF0 | (cp >> 18)); w[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    w[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)); w[3] = (uint8_t)(0x80 | (cp & 0x3F));
}

static uint32_t utf8_len(uint32_t cp) { return cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u; }

/* Appends cp to the word, or marks the word full at a code point boundary. */
static void append_word(tk_state *t, uint32_t cp)
{
    uint32_t need = utf8_len(cp);
    if (t->full) return;
    if (t->wlen + need > PS_TOK_MAX_WORD) { t->full = 1; return; }
    append_utf8(t->word + t->wlen, cp, need);
    t->wlen += need;
    t->pending = 0;
}

/* The case mapping of the options: full folding into out (1 to 3 code points), or the 1.0 lower-casing. */
static uint32_t fold_case(const tk_state *t, uint32_t cp, uint32_t out[3])
{
    if (t->o->unicode_case) return ps__uni_fold_case(cp, out);
    out[0] = ps__lower_1(cp);
    return 1;
}

/* Appends word character cp, case (and accent) folded. */
static void append_folded(tk_state *t, uint32_t cp)
{
    /* Accents first: full case folding makes an iota subscript, U+0345, a full iota ("ᾳ" -> "αι"), a mark no more. */
    if (t->o->fold_accents && t->o->unicode_case && (cp = ps__uni_fold_accent(cp)) == 0) return;
    uint32_t out[3], n = fold_case(t, cp, out);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = out[i];
        if (t->o->fold_accents) {
            uint32_t base = ps__uni_fold_accent(c);
            if (base == 0) continue; /* a combining diacritical mark */
            if (base != c) { uint32_t again[3]; fold_case(t, base, again); c = again[0]; } /* "Ḁ" -> "A" -> "a" */
        }
        append_word(t, c);
    }
}

/* A character of a run of a script without spaces, or one of its combining marks. */
static void add_run_cp(tk_state *t, uint32_t cp, int mark, uint32_t at, uint32_t next)
{
    if (!t->in_run) {
        finish_word(t);
        t->in_run = 1;
        t->nwords = 0; t->wpos = 0; /* word n-grams do not span a run */
    }
    if (!mark || t->ulen == 0) {
        commit_char(t);
        t->ustart = at;
    }
    uint32_t need = utf8_len(cp);
    if (t->ulen + need <= UNIT_MAX) { append_utf8(t->unit + t->ulen, cp, need); t->ulen += need; }
    t->uend = next;
}

/* Appends code point cp to the emoji sequence in word, if it fits. */
PS_COLD static int append_emoji(tk_state *t, uint32_t cp)
{
    uint32_t need = utf8_len(cp);
    if (t->wlen + need > PS_TOK_MAX_WORD) return 0;
    append_utf8(t->word + t->wlen, cp, need);
    t->wlen += need;
    return 1;
}

/* Starts an emoji sequence at input byte at. */
PS_COLD static void start_emoji(tk_state *t, uint32_t at, int state)
{
    finish_word(t);
    t->wstart = at;
    t->emo = state;
}

/* The base of a keycap ending at input byte at: its offset, or -1 ([0-9#*], maybe U+FE0F, then U+20E3). */
PS_COLD static int64_t keycap_base(const tk_state *t, uint32_t at)
{
    uint32_t b = at;
    if (b >= 3 && t->text[b - 3] == 0xEF && t->text[b - 2] == 0xB8 && t->text[b - 1] == 0x8F) b -= 3;
    if (b < 1) return -1;
    uint8_t c = t->text[b - 1];
    return (c >= '0' && c <= '9') || c == '#' || c == '*' ? (int64_t)b - 1 : -1;
}

/* Code point cp of a kind the options treat specially; returns 0 when they do not (then it is an ordinary one). */
static int add_special(tk_state *t, uint32_t kind, uint32_t cp, uint32_t at, uint32_t next)
{
    int emoji = t->o->emoji;
    switch (kind) {
    case PS__UNI_RUN:
        if (!t->o->char_ngram_max) return 0;
        add_run_cp(t, cp, 0, at, next);
        return 1;
    case PS__UNI_MARK:
        if (!t->in_run) return 0;
        add_run_cp(t, cp, 1, at, next);
        return 1;
    case PS__UNI_VS: /* dropped where it chooses a glyph */
        if (t->in_run) { t->uend = next; return 1; }
        if (t->emo) { t->wend = next; return 1; }
        return emoji;
    case PS__UNI_EMOJI_MOD:
        if (!emoji) return 0;
        if (t->emo == EMO_ELEMENT) { t->wend = next; return 1; } /* a skin tone */
        break;
    case PS__UNI_EMOJI: case PS__UNI_RI:
        if (!emoji) return 0;
        break;
    case PS__UNI_ZWJ:
        if (t->emo != EMO_ELEMENT && t->emo != EMO_RI) return 0;
        t->zwj_keep = t->wlen;
        if (append_emoji(t, cp)) t->emo = EMO_ZWJ;
        t->wend = next;
        return 1;
    case PS__UNI_TAG:
        if (t->emo != EMO_ELEMENT) return 0;
        append_emoji(t, cp);
        t->wend = next;
        return 1;
    case PS__UNI_KEYCAP: {
        int64_t b = emoji ? keycap_base(t, at) : -1;
        if (b < 0) return 0;
        uint8_t base = t->text[b];
        if (base >= '0' && base <= '9') { /* the end of the word: taken from it, or no keycap */
            if (!(t->wlen > 0 && !t->emo && !t->full && t->wend == (uint32_t)b + 1 && t->word[t->wlen - 1] == base)) return 0;
            t->wlen--;
            t->wend--;
        } else if ((uint32_t)b < t->symbol_end) {
            return 0; /* the mouth of an emoticon (":*") */
        }
        start_emoji(t, (uint32_t)b, EMO_ELEMENT);
        t->word[0] = base;
        t->wlen = 1;
        append_emoji(t, cp);
        t->wend = next;
        return 1;
    }
    default:
        return 0;
    }
    /* an emoji, a lone skin tone or a regional indicator */
    if (t->emo == EMO_RI && kind == PS__UNI_RI) {
        if (append_emoji(t, cp)) t->emo = EMO_ELEMENT; /* a flag */
    } else if (t->emo == EMO_ZWJ && append_emoji(t, cp)) {
        t->emo = kind == PS__UNI_RI ? EMO_RI : EMO_ELEMENT;
    } else {
        if (t->emo == EMO_ZWJ) t->wend = at; /* a chain too long for one token: the ZWJ is dropped */
        start_emoji(t, at, kind == PS__UNI_RI ? EMO_RI : EMO_ELEMENT);
        append_emoji(t, cp);
    }
    t->wend = next;
    return 1;
}

/* The class (char_class.h) of code point cp in the options' word rules. */
static int char_class_of(tk_state *t, uint32_t cp)
{
    return t->o->unicode_case && cp >= 0x80 ? (int)ps__uni_cached(&t->classes, cp, ps__uni_class_range) : ps__char_class(cp);
}

/* Adds code point cp, read from input bytes [at, next). */
static void add_cp(tk_state *t, uint32_t cp, uint32_t at, uint32_t next)
{
    int unicode = t->o->unicode_case;
    if (unicode && cp - 0xFF01u <= 0xFF5Eu - 0xFF01u) cp -= 0xFEE0u; /* fullwidth ASCII ("１", "Ａ", "，") */
    if (t->uni) {
        uint32_t kind = ps__uni_cached(&t->kinds, cp, ps__uni_kind_range);
        if (kind != PS__UNI_NONE && add_special(t, kind, cp, at, next)) {
            if (kind == PS__UNI_EMOJI && unicode && ps__uni_cached(&t->classes, cp, ps__uni_class_range) == PS__CHAR_PUNCT)
                t->neg = 0; /* "‼" and "⁉" end a sentence as emoji too */
            return;
        }
    }
    int c = char_class_of(t, cp);
    if (c == PS__CHAR_IGNORE) return;
    if (t->in_run || t->emo) finish_word(t);
    if (c == PS__CHAR_WORD) {
        if (t->wlen == 0) t->wstart = at;
        t->wend = next; /* characters past the cut still belong to the word in the text */
        if (t->o->unicode_case || t->o->fold_accents) append_folded(t, cp);
        else append_word(t, ps__lower_1(cp));
        return;
    }
    if ((c == PS__CHAR_APOS || c == PS__CHAR_MID) && t->wlen > 0 && !t->pending) {
        if (t->full) return;
        uint32_t need = c == PS__CHAR_APOS ? 1 : utf8_len(cp);
        if (t->wlen + need > PS_TOK_MAX_WORD) { t->full = 1; return; }
        append_utf8(t->word + t->wlen, c == PS__CHAR_APOS ? '\'' : cp, need);
        t->wlen += need;
        t->pending = need;
        return;
    }
    finish_word(t);
    if (c == PS__CHAR_PUNCT || c == PS__CHAR_MID) t->neg = 0;
}

/* The first bytes of ASCII emoticons (emoticon.h). */
static const uint8_t emoticon_start[256] = {[':'] = 1, [';'] = 1, ['='] = 1, ['<'] = 1, ['^'] = 1, ['-'] = 1};

/* The byte before an emoticon at input byte at, for its rules on letters: the last letter of a word that ends
 * there stands as 'a' whatever its script, so that "Qualité:Désastreuse" holds no ":D", as "Quality:Disastrous"
 * holds none. A run of a script without spaces ("很好:)") is no word here. */
static uint8_t emoticon_before(const tk_state *t, const uint8_t *utf8, uint32_t at)
{
    if (at == 0) return ' ';
    uint8_t b = utf8[at - 1];
    return b >= 0x80 && t->wlen > 0 && !t->in_run && !t->emo && t->wend == at ? 'a' : b;
}

/* Whether the character at input byte at is a letter of a word that is not ASCII (emoticon.c knows ASCII), in the
 * options' word rules, so that ":Dés" holds no ":D", as ":Des" holds none. Neither a character of a run of a
 * script without spaces (":D很好") nor an emoji is a letter of a word here. */
PS_COLD static int word_letter_at(tk_state *t, const uint8_t *utf8, uint32_t len, uint32_t at)
{
    uint32_t cp = 0;
    if (at >= len || utf8[at] < 0x80 || !ps__utf8_decode(utf8 + at, len - at, &cp)) return 0;
    uint32_t kind = ps__uni_cached(&t->kinds, cp, ps__uni_kind_range);
    if (kind == PS__UNI_RUN && t->o->char_ngram_max) return 0;
    if (kind == PS__UNI_EMOJI || kind == PS__UNI_EMOJI_MOD || kind == PS__UNI_RI || kind == PS__UNI_VS) return 0;
    return char_class_of(t, cp) == PS__CHAR_WORD; /* fullwidth ASCII too: its letters are letters by their category */
}

/* An emoticon at input byte at (not past len) whose first character, first, was written as an entity of adv
 * bytes ("&lt;3"): puts it and returns the input bytes it takes, or 0 if there is none. */
PS_COLD static uint32_t entity_emoticon(tk_state *t, const uint8_t *utf8, uint32_t len, uint32_t at, uint8_t first,
                                        uint32_t adv)
{
    uint8_t sym[PS__EMOTICON_MAX + 8] = {0}; /* + 8: words are copied by whole 8-byte chunks */
    uint32_t sym_len = 0;
    uint32_t n = ps__emoticon(emoticon_before(t, utf8, at), first, utf8 + at + adv, len - (at + adv), sym, &sym_len);
    uint32_t end = at + adv + (n - 1);
    if (!n || word_letter_at(t, utf8, len, end)) return 0;
    finish_word(t);
    put_symbol(t, sym, sym_len, at, end);
    t->symbol_end = end;
    return end - at;
}

/* The main loop: one call of add_cp per character, a run of ASCII letters and digits at once. Its length is
 * the common case's speed: the separators, tags and entities are tested in order of frequency. */
static void scan(tk_state *t, const uint8_t *utf8, uint32_t len)
{
    uint32_t i = 0;
    while (i < len && t->st == PS_OK) {
        uint32_t c = utf8[i];
        if (c >= 0x80) {
            uint32_t cp = 0, n = ps__utf8_decode(utf8 + i, len - i, &cp);
            if (n == 0) { finish_word(t); i++; continue; } /* invalid byte: a word break */
            add_cp(t, cp, i, i + n);
            i += n;
            continue;
        }
        if (ascii_word[c] && !t->full && t->wlen < PS_TOK_MAX_WORD) { /* a run extends the word (lower-cased) */
            if (t->in_run | t->emo) finish_word(t);
            uint32_t wl = t->wlen, lim = len - i < PS_TOK_MAX_WORD - wl ? len : i + (PS_TOK_MAX_WORD - wl);
            uint8_t x;
            if (wl == 0) t->wstart = i;
            while (i < lim && (x = ascii_word[utf8[i]]) != 0) { t->word[wl++] = x; i++; }
            t->wlen = wl;
            t->wend = i;
            t->pending = 0;
            continue;
        }
        if (c == ' ') { finish_word(t); i++; continue; } /* the commonest separator */
        if (t->o->emoji && emoticon_start[c]) {
            uint8_t sym[PS__EMOTICON_MAX + 8] = {0}; /* + 8: words are copied by whole 8-byte chunks */
            uint32_t sym_len = 0, n = ps__emoticon(emoticon_before(t, utf8, i), c, utf8 + i + 1, len - i - 1, sym, &sym_len);
            if (n && !word_letter_at(t, utf8, len, i + n)) {
                finish_word(t); put_symbol(t, sym, sym_len, i, i + n); i += n; t->symbol_end = i; continue;
            }
        }
        if (c == '<') {
            uint32_t close = ps__tag_end(utf8, len, i);
            if (close) { finish_word(t); t->neg = 0; i = close + 1; continue; }
        } else if (c == '&') {
            uint32_t adv = 0, cp = ps__entity(utf8 + i, len - i, &adv);
            uint32_t n = cp < 0x80 && t->o->emoji && emoticon_start[cp] ? entity_emoticon(t, utf8, len, i, (uint8_t)cp, adv) : 0;
            if (n) { i += n; continue; }
            if (cp) { add_cp(t, cp, i, i + adv); i += adv; continue; }
        }
        add_cp(t, c, i, i + 1);
        i++;
    }
    if (t->st == PS_OK) finish_word(t);
}

static ps_status tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit,
                          ps__tok_emit_h_fn emit_h, word_fn emit_word, void *ctx)
{
    if (!o || (!utf8 && len > 0) || ps_tok_options_check(o) != PS_OK) return PS_ERR_INVALID_ARGUMENT;
    tk_state t;
    t.o = o; t.emit = emit; t.emit_h = emit_h; t.emit_word = emit_word; t.ctx = ctx; t.st = PS_OK;
    memset(t.win, 0, sizeof t.win); /* words are copied and hashed by whole (masked) 8-byte chunks */
    memset(t.word, 0, sizeof t.word);
    t.wlen = 0; t.wstart = 0; t.wend = 0; t.full = 0; t.pending = 0; t.neg = 0; t.nwords = 0; t.wpos = 0;
    memset(t.rwin, 0, sizeof t.rwin);
    t.text = utf8; t.uni = o->char_ngram_max || o->emoji;
    t.kinds = t.classes = (ps__uni_range){0, 0, 0};
    t.in_run = 0; t.run_joined = 0; t.ulen = 0; t.ustart = 0; t.uend = 0; t.rn = 0; t.rw = 0; t.emo = EMO_NONE; t.zwj_keep = 0; t.symbol_end = 0;
    scan(&t, utf8, len);
    return t.st;
}

ps_status ps_tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit, void *ctx)
{
    return emit ? tokenize(o, utf8, len, emit, NULL, NULL, ctx) : PS_ERR_INVALID_ARGUMENT;
}

ps_status ps__tokenize_h(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps__tok_emit_h_fn emit, void *ctx)
{
    return emit ? tokenize(o, utf8, len, NULL, emit, NULL, ctx) : PS_ERR_INVALID_ARGUMENT;
}

/* ---- into caller buffers ---- */

typedef struct into_ctx { uint8_t *out; uint32_t cap, len, count; int overflow; } into_ctx;

static ps_status into_emit(void *ctx, const uint8_t *tok, uint32_t len)
{
    into_ctx *c = ctx;
    if (c->overflow || (uint64_t)c->len + len + 1 > UINT32_MAX) { c->overflow = 1; return PS_OK; }
    if (c->out && c->len + len + 1 <= c->cap) {
        memcpy(c->out + c->len, tok, len);
        c->out[c->len + len] = '\n';
    }
    c->len += len + 1;
    c->count++;
    return PS_OK;
}

ps_status ps_tokenize_into(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, uint8_t *out, uint32_t cap,
                           uint32_t *out_len, uint32_t *out_count)
{
    if (!out_len || !out_count || (!out && cap > 0)) return PS_ERR_INVALID_ARGUMENT;
    into_ctx c = {.out = out, .cap = cap};
    ps_status st = ps_tokenize(o, utf8, len, into_emit, &c);
    if (st != PS_OK) return st;
    if (c.overflow) return PS_ERR_NB_TOO_LARGE;
    *out_len = c.len;
    *out_count = c.count;
    return c.len > cap ? PS_ERR_BUFFER_TOO_SMALL : PS_OK;
}

typedef struct words_ctx {
    ps_tok_word *words;
    uint8_t *tokens;
    uint32_t words_cap, tokens_cap, n, bytes;
} words_ctx;

static ps_status words_emit(void *ctx, const uint8_t *tok, uint32_t len, uint32_t start, uint32_t end, uint32_t flags)
{
    words_ctx *c = ctx;
    if (c->n < c->words_cap) c->words[c->n] = (ps_tok_word){start, end, c->bytes, len, flags};
    if (c->bytes + len <= c->tokens_cap) memcpy(c->tokens + c->bytes, tok, len);
    c->n++;
    c->bytes += len; /* < 66 bytes a word of at least 1 input byte: no overflow below 2^32 / 66 input bytes */
    return PS_OK;
}

ps_status ps_tokenize_words(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_word *words,
                            uint32_t words_cap, uint8_t *tokens, uint32_t tokens_cap, uint32_t *out_words,
                            uint32_t *out_token_bytes)
{
    if (!out_words || !out_token_bytes || (!words && words_cap > 0) || (!tokens && tokens_cap > 0) ||
        len > UINT32_MAX / (PS_TOK_MAX_WORD + 2u))
        return PS_ERR_INVALID_ARGUMENT;
    words_ctx c = {.words = words, .tokens = tokens, .words_cap = words_cap, .tokens_cap = tokens_cap};
    ps_status st = tokenize(o, utf8, len, NULL, NULL, words_emit, &c);
    if (st != PS_OK) return st;
    *out_words = c.n;
    *out_token_bytes = c.bytes;
    return c.n > words_cap || c.bytes > tokens_cap ? PS_ERR_BUFFER_TOO_SMALL : PS_OK;
}
