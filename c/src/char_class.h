/* Private to the library: the character classes of the tokenizer's word rules (ps_tokenize.h), and
 * the 1.0 lower-casing. Inline: the tokenizer calls them for every character outside ASCII. */
#ifndef PS__CHAR_CLASS_H
#define PS__CHAR_CLASS_H
#include <stdint.h>

/* The Unicode word rules only (unicode.h): IGNORE is invisible, neither part of a word nor a break; MID is
 * kept between two word characters ("l·l") and is sentence punctuation elsewhere (Greek "·"). */
enum { PS__CHAR_SEP = 0, PS__CHAR_WORD = 1, PS__CHAR_APOS = 2, PS__CHAR_PUNCT = 3, PS__CHAR_IGNORE = 4, PS__CHAR_MID = 5 };

/* The lower-casing of format 1.0 models (unicode_case off): ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic capitals. */
static inline uint32_t ps__lower_1(uint32_t cp)
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

/* What a code point is to the 1.0 word rules: part of a word, an apostrophe, punctuation that ends a
 * negation scope (a line break too: LF, VT, FF, CR, NEL, U+2028, U+2029), or a separator. (ASCII is the same
 * in the Unicode word rules, ps__uni_class_range.) */
static inline int ps__char_class(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) return PS__CHAR_WORD;
        if (cp == '\'') return PS__CHAR_APOS;
        if (cp == '.' || cp == ',' || cp == ':' || cp == ';' || cp == '!' || cp == '?') return PS__CHAR_PUNCT;
        return cp - '\n' <= '\r' - '\n' ? PS__CHAR_PUNCT : PS__CHAR_SEP;
    }
    if (cp < 0xC0) return cp == 0x85 || cp == 0xA1 || cp == 0xBF ? PS__CHAR_PUNCT : PS__CHAR_SEP; /* NEL ¡ ¿ */
    if (cp == 0xD7 || cp == 0xF7) return PS__CHAR_SEP;
    if (cp == 0x2018 || cp == 0x2019) return PS__CHAR_APOS;
    if (cp >= 0x2000 && cp <= 0x2BFF) return cp == 0x2026 || cp == 0x2028 || cp == 0x2029 ? PS__CHAR_PUNCT : PS__CHAR_SEP; /* … */
    if ((cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF))
        return (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF0C || cp == 0xFF0E || cp == 0xFF1F) ? PS__CHAR_PUNCT : PS__CHAR_SEP;
    return PS__CHAR_WORD;
}

#endif
