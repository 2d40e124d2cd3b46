/* ps_tokenize: the text tokenizer used by the Naive Bayes classifier (ps_nb).
 *
 * Pipeline, in one pass over the input with no allocation:
 *   UTF-8 decode -> HTML tags stripped -> entities decoded -> lower-cased ->
 *   split into words -> optional negation marking -> optional stop-word removal ->
 *   word n-grams (ngram_min..ngram_max words joined by one space).
 *
 * Rules (stable: they are part of every saved model's meaning):
 *  - Invalid UTF-8 (stray continuation bytes, overlong forms, surrogates,
 *    > U+10FFFF, truncated sequences) is skipped one byte at a time and acts as
 *    a word break. It never stops tokenization.
 *  - A '<' followed by a letter, '/', '!' or '?' starts a tag that is dropped up
 *    to the next '>' (if no '>' follows within 1024 bytes the '<' is a plain
 *    separator). A tag breaks words and ends a negation scope (<br /> is a line break).
 *  - Entities: &amp; &lt; &gt; &quot; &apos; &nbsp; a few typographic ones
 *    (&hellip; &mdash; &ndash; &lsquo; &rsquo; &ldquo; &rdquo;) and numeric
 *    &#39; / &#x27; forms are decoded and then treated like the character itself.
 *    Unknown entities are left as text.
 *  - Word characters: ASCII letters and digits, and every code point >= U+00C0
 *    except U+00D7, U+00F7, U+2000-U+2BFF (punctuation, symbols, arrows),
 *    U+2E00-U+2E7F, U+3000-U+303F, U+FE30-U+FE4F, U+FF00-U+FF20, U+FFF0-U+FFFF and
 *    U+1F000-U+1FAFF (emoji). Everything else separates words. (So U+FEFF, ZWJ
 *    and ZWNJ are word characters or breaks as their code point falls, and the
 *    sentence punctuation of most scripts sticks to its word: the Unicode word
 *    rules below fix that for new models.)
 *  - Lower-casing: ASCII, Latin-1 (U+00C0-U+00DE), Latin Extended-A, basic
 *    Greek and Cyrillic capitals. "ÉTÉ" -> "été". It lower-cases "İ" (U+0130)
 *    to "ı" (U+0131), as format 1.0 models were trained.
 *  - An apostrophe (' U+2018 U+2019, or &#39;) between two word characters is
 *    kept as ASCII ' ("don't", "l'été"); elsewhere it separates.
 *  - Words longer than PS_TOK_MAX_WORD bytes are cut at a code point boundary.
 *  - Negation (option): after "not", "no", "never", "nor", "cannot", "nothing",
 *    "nobody", "none", "neither", "nowhere", "without" or a word ending in "n't"
 *    (also "dont", "didnt", "doesnt", "isnt", "wasnt", "cant", "wont", ...),
 *    following words get a "!" prefix ("!good") until . , : ; ! ? a tag, a line break
 *    (LF, CR, VT, FF, NEL, U+2028, U+2029), or the end.
 *  - Stop words (option): the NLTK English list (179 words, contractions
 *    included) is removed before n-grams are formed, after negation detection.
 *  - N-grams run across sentence punctuation (as scikit-learn does).
 *
 * Options that format 1.0 models do not have (a model that uses one is written as
 * major 2: FORMAT.md); all off gives exactly the rules above. On by default for new
 * options except accent folding:
 *  - Character n-grams (char_ngram_min..max, 0 = off): a run of letters and digits of
 *    the scripts written without spaces (Unicode Script or Script_Extensions Han,
 *    Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tai Tham, Tai Viet, New Tai Lue
 *    or Tai Le: "々", "ー", Thai digits too) is not a word but gives the character
 *    n-grams of each run, joined without a space ("很好用" -> "很" "好" "用" "很好"
 *    "好用" for 1..2). A character is a code point with the marks that follow it
 *    (General Category M, or Grapheme_Cluster_Break Extend or SpacingMark: Thai vowel
 *    and tone marks, SARA AM, halfwidth kana voicing marks; at most 16 bytes, more are
 *    dropped);
 *    variation selectors are dropped. A run breaks word n-grams: "iPhone 很好用 ok"
 *    forms no "iphone ok". A run of any length takes constant memory.
 *  - Emoji (emoji): each emoji sequence is one token, never negated and not a stop
 *    word: an Emoji=Yes code point, its skin-tone modifier and variation selectors
 *    dropped ("👍🏽" -> "👍"); elements joined by U+200D stay one token ("👩‍💻") up to
 *    PS_TOK_MAX_WORD bytes (a longer chain continues as a new token); two regional
 *    indicators are a flag, tags after an emoji stay with it (subdivision flags);
 *    a keycap "1️⃣" is "1" U+20E3. Variation selectors elsewhere are dropped too.
 *    ASCII emoticons are tokens too, folded to one form: eyes : ; = (= as :), an
 *    optional nose - or tear ' (":'(" ":')"), a mouth ) ] ( [ D P p O o / \ | * (] as ),
 *    [ as (, p as P, o as O, \ as /), the mouth repeated (":)))" -> ":)"); "<3" "</3"
 *    (more 3s too), "^^" "^_^" "^.^" (as "^^"), "-_-". An emoticon is not next to an
 *    ASCII letter or digit ("http://", ":Data", "10:30" hold none), nor next to a letter
 *    of a word in any script ("Qualité:Désastreuse", ":Dés" hold none), except that ":)"
 *    and ":(" may follow a letter ("great:)", "café:)", "很好:)"), and that a run of a
 *    script without spaces is no word here ("很好:D", ":D很好"); ":/" is not followed by "/". Its first
 *    character may be written as an entity ("&lt;3").
 *  - Unicode case (unicode_case): full Unicode case folding (CaseFolding.txt C and F,
 *    Unicode 15.0) instead of the lower-casing above, of text given in NFC (the tokenizer
 *    does not normalize; the JS API gives it NFC): "ΥΠΕΡΟΧΗΣ" -> "υπεροχησ" like
 *    "υπεροχης", "Straße" -> "strasse". Not the Turkic rules: "I" -> "i", "İ" -> "i"
 *    U+0307 (so "İ" differs from "I" unless accents are folded), "ı" stays "ı".
 *    It brings the Unicode word rules instead of the word characters above (ASCII
 *    is unchanged): by General Category, letters, marks and numbers are word
 *    characters (unassigned and private-use code points too); format characters
 *    (U+FEFF, the soft hyphen, ZWJ and ZWNJ inside a word, direction marks) and
 *    variation selectors are ignored, neither part of a word nor a break, so
 *    "می‌خواهم" and "क्‍ष" stay one word; Terminal_Punctuation ("।", "؟", "。", "።",
 *    "‼" even as an emoji) and ¡ ¿ … end a negation scope like . , : ; ! ?; the
 *    punctuation that UAX #29 keeps inside words is a word character (Hebrew
 *    geresh and gershayim, "צה״ל"; Armenian apostrophe, hyphen, abbreviation mark)
 *    or, for the Armenian emphasis, exclamation and question marks written over a
 *    vowel, ignored ("ինչո՞ւ" -> "ինչու"); a middle dot (U+00B7, U+0387), the
 *    hyphenation point and small colons are kept between two word characters
 *    (Catalan "col·lecció") and end a negation scope elsewhere (Greek "·");
 *    everything else separates, U+200B ZERO WIDTH SPACE included. Fullwidth ASCII (U+FF01-FF5E) is read as
 *    ASCII: "５星" -> "5" "星", "ＡＢＣ" -> "abc".
 *  - Accent folding (fold_accents): after case folding, a letter whose canonical
 *    decomposition is a base and combining diacritical marks becomes the base, and those
 *    marks (U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F) are
 *    dropped: "Υπέροχη" and "ΥΠΕΡΟΧΗ" -> "υπεροχη", "Việt" -> "viet", "İ" -> "i"; with Unicode
 *    case, before case folding, so that an iota subscript goes like any accent ("ᾳ", "ᾼ" -> "α",
 *    where full case folding alone gives "αι"). Letters
 *    without such a decomposition stay ("ø", "ł", "æ"); kana keep their voicing marks.
 *
 * Usage:
 *     static ps_status count(void *ctx, const uint8_t *tok, uint32_t len) { ...; return PS_OK; }
 *     ps_tok_options o; ps_tok_options_init(&o);
 *     ps_tok_options_set_ngrams(&o, 1, 2);
 *     ps_status s = ps_tokenize(&o, text, text_len, count, &my_ctx);
 *
 * Limits: a word is at most PS_TOK_MAX_WORD bytes (+1 for the "!" prefix), a
 * token at most PS_TOK_MAX_TOKEN bytes; tokens never contain NUL, '\n' or ' '
 * except the single spaces joining n-gram words. Thread-safe: no global state. */
#ifndef PS_TOKENIZE_H
#define PS_TOKENIZE_H
#include <stdint.h>
#include "ps_status.h"

#define PS_TOK_MAX_WORD 64u
#define PS_TOK_MAX_NGRAM 3u
#define PS_TOK_MAX_TOKEN (PS_TOK_MAX_NGRAM * (PS_TOK_MAX_WORD + 1u) + PS_TOK_MAX_NGRAM - 1u)
/* The defaults of ps_tok_options_init. */
#define PS_TOK_NGRAM_MIN_DEFAULT 1u
#define PS_TOK_NGRAM_MAX_DEFAULT 1u
#define PS_TOK_STOPWORDS_DEFAULT 0u
#define PS_TOK_NEGATION_DEFAULT 0u
#define PS_TOK_MAX_CHAR_NGRAM 3u
#define PS_TOK_CHAR_NGRAM_MIN_DEFAULT 1u
#define PS_TOK_CHAR_NGRAM_MAX_DEFAULT 2u
#define PS_TOK_EMOJI_DEFAULT 1u
#define PS_TOK_UNICODE_CASE_DEFAULT 1u
#define PS_TOK_FOLD_ACCENTS_DEFAULT 0u

/* Tokenizer options; set with ps_tok_options_init then the range-checked setters. */
typedef struct ps_tok_options {
    uint8_t ngram_min;  /* 1..3, default 1 */
    uint8_t ngram_max;  /* ngram_min..3, default 1 */
    uint8_t stopwords;  /* 1 = remove English stop words; default 0 */
    uint8_t negation;   /* 1 = mark words after a negation with "!"; default 0 */
    uint8_t char_ngram_min; /* character n-grams of scripts without spaces: 0 (off) or 1..3, default 1 */
    uint8_t char_ngram_max; /* 0 (off) or char_ngram_min..3, default 2 */
    uint8_t emoji;          /* 1 = emoji and emoticons as tokens; default 1 */
    uint8_t unicode_case;   /* 1 = full Unicode case folding, 0 = the 1.0 lower-casing; default 1 */
    uint8_t fold_accents;   /* 1 = fold accented letters to their base; default 0 */
} ps_tok_options;

/* Called once per token; tok is valid only during the call. A non-PS_OK return stops tokenizing and is returned by ps_tokenize. */
typedef ps_status (*ps_tok_emit_fn)(void *ctx, const uint8_t *tok, uint32_t len);

/* Fill *o with the defaults (word unigrams, no stop words, no negation, character 1..2-grams, emoji, Unicode case
 * folding, no accent folding). o must not be NULL. */
void ps_tok_options_init(ps_tok_options *o);
/* Set the n-gram range; errors: PS_ERR_INVALID_ARGUMENT unless 1 <= min <= max <= 3 (o unchanged). */
PS_NODISCARD ps_status ps_tok_options_set_ngrams(ps_tok_options *o, uint32_t min, uint32_t max);
/* Enable (1) or disable (0) stop-word removal; PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_stopwords(ps_tok_options *o, uint32_t on);
/* Enable (1) or disable (0) negation marking; PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_negation(ps_tok_options *o, uint32_t on);
/* Set the character n-gram range of scripts without spaces: 1 <= min <= max <= 3, or 0, 0 for none (a run is a
 * word, as in format 1.0); else PS_ERR_INVALID_ARGUMENT (o unchanged). */
PS_NODISCARD ps_status ps_tok_options_set_char_ngrams(ps_tok_options *o, uint32_t min, uint32_t max);
/* Emoji and emoticons as tokens (1) or not (0, as in format 1.0); PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_emoji(ps_tok_options *o, uint32_t on);
/* Full Unicode case folding (1) or the 1.0 lower-casing (0); PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_unicode_case(ps_tok_options *o, uint32_t on);
/* Fold accented letters to their base (1) or not (0); PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_fold_accents(ps_tok_options *o, uint32_t on);
/* PS_OK if every field of o is in range, else PS_ERR_INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_tok_options_check(const ps_tok_options *o);

/* Tokenize len bytes of utf8 (borrowed; may be NULL when len is 0), calling emit for each token in order.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL o/emit, NULL text with len > 0, bad options), or emit's status. */
PS_NODISCARD ps_status ps_tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit, void *ctx);

/* Tokenize into out (caller-owned, cap bytes): each token followed by '\n'. *out_len gets the bytes written and
 * *out_count the token count. Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_BUFFER_TOO_SMALL when cap is too small
 * (*out_len and *out_count then hold the size and count needed; out holds a prefix), PS_ERR_NB_TOO_LARGE when
 * the tokens would take 4 GiB or more (out-parameters untouched). */
PS_NODISCARD ps_status ps_tokenize_into(const ps_tok_options *o, const uint8_t *utf8, uint32_t len,
                                        uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *out_count);

/* Flags of a word (ps_tokenize_words). */
#define PS_TOK_WORD_FUNCTION 1u /* a stop word that carries no sentiment of its own (negations do) */
#define PS_TOK_WORD_NEGATOR 2u  /* starts a negation scope (with the negation option) */
#define PS_TOK_WORD_NEGATED 4u  /* inside a negation scope: its token has the "!" prefix */
#define PS_TOK_WORD_CHAR 8u     /* a character of a script without spaces: it forms character n-grams, not words */
#define PS_TOK_WORD_JOINED 16u  /* a character that follows the previous word's character in the same run */

/* A word as the tokenizer forms n-grams from it, and where it stands in the text. */
typedef struct ps_tok_word {
    uint32_t start, end;       /* bytes of the input: its first character to one past its last (an entity whole) */
    uint32_t token, token_len; /* its token (lower-cased, maybe "!"-prefixed): bytes [token, token + token_len) of
                                  the tokens buffer */
    uint32_t flags;            /* PS_TOK_WORD_* */
} ps_tok_word;

/* The words of len bytes of utf8 (borrowed), in order, before n-grams: the words every n-gram is made of
 * (stop words are left out when o removes them), the characters of runs that character n-grams are made of
 * (PS_TOK_WORD_CHAR: its n-grams join the characters of one run, each JOINED to the one before, without a
 * space; word n-grams join the other words that no such character separates), and emoji and emoticons. Writes up to words_cap entries to words and their tokens
 * back to back to tokens (tokens_cap bytes); *out_words and *out_token_bytes get the counts written.
 * Errors: PS_ERR_INVALID_ARGUMENT (also for len over UINT32_MAX / (PS_TOK_MAX_WORD + 2), about 65 MB: its
 * words might not be counted in 32 bits), PS_ERR_BUFFER_TOO_SMALL (*out_words and *out_token_bytes then hold
 * the sizes needed; call again with buffers that large). */
PS_NODISCARD ps_status ps_tokenize_words(const ps_tok_options *o, const uint8_t *utf8, uint32_t len,
                                         ps_tok_word *words, uint32_t words_cap, uint8_t *tokens, uint32_t tokens_cap,
                                         uint32_t *out_words, uint32_t *out_token_bytes);

#endif
