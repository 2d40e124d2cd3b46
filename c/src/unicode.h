/* Unicode properties for the tokenizer's options, from tables generated out of
 * the Unicode Character Database (scripts/gen-unicode-tables.mjs, unicode_tables.h). */
#ifndef PS__UNICODE_H
#define PS__UNICODE_H
#include <stdint.h>

/* What the tokenizer may treat specially; every other code point is PS__UNI_NONE. */
enum {
    PS__UNI_NONE,
    PS__UNI_RUN,       /* a letter or digit of a script written without spaces: Han, Hiragana, Katakana, Thai */
    PS__UNI_MARK,      /* a combining mark of those scripts or of none (script Inherited): joins the character before */
    PS__UNI_VS,        /* a variation selector (U+FE00-FE0F, U+E0100-E01EF): chooses a glyph */
    PS__UNI_EMOJI,     /* Emoji=Yes outside ASCII, but for the kinds below */
    PS__UNI_EMOJI_MOD, /* a skin-tone modifier (U+1F3FB-1F3FF) */
    PS__UNI_RI,        /* a regional indicator (U+1F1E6-1F1FF): two make a flag */
    PS__UNI_ZWJ,       /* U+200D ZERO WIDTH JOINER */
    PS__UNI_TAG,       /* U+E0020-E007F: the tags of a subdivision flag */
    PS__UNI_KEYCAP     /* U+20E3 COMBINING ENCLOSING KEYCAP */
};

/* A property value and the code points [lo, hi) that share it: text runs in one script, so the range of the
 * last code point usually holds the next one too. Start with {0, 0, 0}. */
typedef struct ps__uni_range { uint32_t lo, hi, value; } ps__uni_range;

/* Sets *r to the PS__UNI_* kind of cp and its range. */
void ps__uni_kind_range(uint32_t cp, ps__uni_range *r);
/* Sets *r to the class (char_class.h's PS__CHAR_*) of cp >= U+0080 in the Unicode word rules, and its range: by
 * General Category, letters, marks and numbers (and unassigned and private-use code points) are word characters,
 * format characters are ignored, Terminal_Punctuation ends a negation scope, anything else separates words
 * (ps_tokenize.h). */
void ps__uni_class_range(uint32_t cp, ps__uni_range *r);

/* The value of cp's range, looked up only when cp is outside the last one. */
static inline uint32_t ps__uni_cached(ps__uni_range *r, uint32_t cp, void (*lookup)(uint32_t, ps__uni_range *))
{
    if (cp - r->lo >= r->hi - r->lo) lookup(cp, r);
    return r->value;
}
/* Full case folding (CaseFolding.txt statuses C and F, not the Turkic T): writes 1 to 3 code points to out and
 * returns how many ("ẞ" -> "ss", "İ" -> "i" U+0307). */
uint32_t ps__uni_fold_case(uint32_t cp, uint32_t out[3]);
/* Accent folding: the base of a letter that decomposes into it and combining diacritical marks ("é" -> "e"),
 * 0 for a combining diacritical mark (dropped), else cp. */
uint32_t ps__uni_fold_accent(uint32_t cp);

#endif
