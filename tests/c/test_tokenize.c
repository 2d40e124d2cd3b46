/* Native tests of the tokenizer (ps_tokenize). */
#include "check.h"
#include "ps_tokenize.h"
#include "tokenize_internal.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char out_buf[1 << 20];

/* Tokens of text joined by '\n' (each followed by '\n'), in a static buffer. */
static const char *tokn(const ps_tok_options *o, const char *text, uint32_t len)
{
    uint32_t n = 0, count = 0;
    ps_status st = ps_tokenize_into(o, (const uint8_t *)text, len, (uint8_t *)out_buf, sizeof out_buf - 1, &n, &count);
    if (st != PS_OK) return "(error)";
    out_buf[n] = 0;
    return out_buf;
}
static const char *tok(const ps_tok_options *o, const char *text) { return tokn(o, text, (uint32_t)strlen(text)); }

static int valid_utf8(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        int i;
        if (!n) return 0;
        for (i = 1; i < n; i++) if ((p[i] & 0xC0) != 0x80) return 0;
        p += n;
    }
    return 1;
}

static int stop_after;
static ps_status failing_emit(void *ctx, const uint8_t *t, uint32_t len)
{
    (void)t; (void)len;
    if (++*(int *)ctx >= stop_after) return PS_ERR_NO_MEMORY;
    return PS_OK;
}

/* Hashed emit: the tokens must be those of ps_tokenize, in order, each with hash == ps__tok_hash(token). */
typedef struct hctx { const char *want; uint32_t pos, bad, n; uint64_t hs[4096]; } hctx;
static ps_status hash_emit(void *ctx, const uint8_t *t, uint32_t len, uint64_t h)
{
    hctx *c = (hctx *)ctx;
    uint8_t pad[PS_TOK_MAX_TOKEN + 8];
    memset(pad, 0xA5, sizeof pad);  /* the padding bytes must not matter */
    memcpy(pad, t, len);
    if (strncmp(c->want + c->pos, (const char *)t, len) != 0 || c->want[c->pos + len] != '\n') c->bad++;
    c->pos += len + 1;
    if (h != ps__tok_hash(t, len) || h != ps__tok_hash_padded(pad, len)) c->bad++;
    if (c->n < 4096) c->hs[c->n++] = h;
    return PS_OK;
}

static void check_hashed(const ps_tok_options *o, const char *text, uint32_t len)
{
    static char want[1 << 20];
    hctx c;
    uint32_t n = 0, count = 0;
    CHECK_EQ_INT(ps_tokenize_into(o, (const uint8_t *)text, len, (uint8_t *)want, sizeof want - 1, &n, &count), PS_OK);
    want[n] = 0;
    c.want = want; c.pos = 0; c.bad = 0; c.n = 0;
    CHECK_EQ_INT(ps__tokenize_h(o, (const uint8_t *)text, len, hash_emit, &c), PS_OK);
    CHECK_EQ_INT(c.bad, 0);
    CHECK_EQ_INT(c.pos, n);
}

/* Words as "token@start-end/flags" lines, from ps_tokenize_words with buffers of exactly the size it asks for. */
static const char *words_of(const ps_tok_options *o, const char *text)
{
    static char out[4096];
    uint32_t len = (uint32_t)strlen(text), n = 0, bytes = 0;
    CHECK_EQ_INT(ps_tokenize_words(o, (const uint8_t *)text, len, NULL, 0, NULL, 0, &n, &bytes),
                 n || bytes ? PS_ERR_BUFFER_TOO_SMALL : PS_OK);
    ps_tok_word words[64];
    uint8_t tokens[1024];
    if (n > 64 || bytes > sizeof tokens) return "(too many)";
    uint32_t n2 = 0, bytes2 = 0;
    CHECK_EQ_INT(ps_tokenize_words(o, (const uint8_t *)text, len, words, n, tokens, bytes, &n2, &bytes2), PS_OK);
    CHECK(n2 == n && bytes2 == bytes);
    size_t at = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < n2 && at < sizeof out - 200; i++)
        at += (size_t)snprintf(out + at, sizeof out - at, "%.*s@%u-%u/%u\n", (int)words[i].token_len,
                               (const char *)tokens + words[i].token, words[i].start, words[i].end, words[i].flags);
    return out;
}

static void test_words(void)
{
    ps_tok_options o, neg, stop;
    ps_tok_options_init(&o);
    ps_tok_options_init(&neg);
    ps_tok_options_init(&stop);
    CHECK_EQ_INT(ps_tok_options_set_negation(&neg, 1), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_stopwords(&stop, 1), PS_OK);
    /* byte spans of the input: an entity is one character, a tag none; flags 1 = function word */
    CHECK_STR(words_of(&o, "The &amp; <b>CAT</b>'s"), "the@0-3/1\ncat@13-16/0\ns@21-22/1\n");
    CHECK_STR(words_of(&o, "l\xE2\x80\x99\xC3\x89T\xC3\x89 don't"), "l'\xC3\xA9t\xC3\xA9@0-9/0\ndon't@10-15/0\n");
    CHECK_STR(words_of(&o, "caf&#233; it's"), "caf\xC3\xA9@0-9/0\nit's@10-14/1\n");
    /* negation: 2 = starts a scope, 4 = inside one ("!" token); a negation is never a function word */
    CHECK_STR(words_of(&neg, "not the good one. Fine"), "not@0-3/2\n!the@4-7/5\n!good@8-12/4\n!one@13-16/4\nfine@18-22/0\n");
    CHECK_STR(words_of(&o, "no nor didn"), "no@0-2/0\nnor@3-6/0\ndidn@7-11/0\n");
    /* removed stop words leave no word */
    CHECK_STR(words_of(&stop, "the best of all"), "best@4-8/0\n");
    /* a word cut at 64 bytes spans all of its characters */
    char long_word[101];
    memset(long_word, 'x', 100);
    long_word[100] = 0;
    char want[128];
    snprintf(want, sizeof want, "%.64s@0-100/0\n", long_word);
    CHECK_STR(words_of(&o, long_word), want);
    /* a trailing apostrophe is not part of the word */
    CHECK_STR(words_of(&o, "dogs' day"), "dogs@0-4/0\nday@6-9/0\n");
    CHECK_STR(words_of(&o, ""), "");
    uint32_t n = 7, bytes = 7;
    CHECK_EQ_INT(ps_tokenize_words(&o, NULL, 3, NULL, 0, NULL, 0, &n, &bytes), PS_ERR_INVALID_ARGUMENT);
    CHECK(n == 7 && bytes == 7);
}

/* options are range-checked and unchanged on error */
static void test_options(void)
{
    ps_tok_options o;
    ps_tok_options_init(&o);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&o, 0, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&o, 2, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&o, 1, 4), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_stopwords(&o, 2), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_negation(NULL, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(o.ngram_min, 1);
    CHECK_EQ_INT(o.ngram_max, 1);
    CHECK_EQ_INT(ps_tokenize(NULL, (const uint8_t *)"a", 1, failing_emit, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tokenize(&o, NULL, 3, failing_emit, NULL), PS_ERR_INVALID_ARGUMENT);
}

/* words, case, punctuation; HTML tags and entities */
static void test_words_and_html(void)
{
    ps_tok_options o;
    ps_tok_options_init(&o);
    CHECK_STR(tok(&o, "Hello, World!"), "hello\nworld\n");
    CHECK_STR(tok(&o, ""), "");
    CHECK_STR(tok(&o, "   ...  "), "");
    CHECK_STR(tok(&o, "It was 10/10, a_b"), "it\nwas\n10\n10\na\nb\n");
    CHECK_STR(tok(&o, "Great<br /><br />movie"), "great\nmovie\n");
    CHECK_STR(tok(&o, "<b>Bold</b>text <a href=\"x\">link</a>"), "bold\ntext\nlink\n");
    CHECK_STR(tok(&o, "a < b and c<3"), "a\nb\nand\nc\n3\n");
    CHECK_STR(tok(&o, "rock &amp; roll"), "rock\nroll\n");
    CHECK_STR(tok(&o, "don&#39;t &quot;wow&quot;"), "don't\nwow\n");
    CHECK_STR(tok(&o, "caf&#233; &#x45;T&#xC9;"), "caf\xC3\xA9\ne\x74\xC3\xA9\n");
    CHECK_STR(tok(&o, "fish&chips &bogus; x&#;"), "fish\nchips\nbogus\nx\n");
    CHECK_STR(tok(&o, "a&lt;b&gt;c"), "a\nb\nc\n");  /* decoded < does not start a tag */
    CHECK_STR(tok(&o, "wait&hellip;what&nbsp;now"), "wait\nwhat\nnow\n");
}

/* The rules of format 1.0: every option newer than it off. */
static ps_tok_options options_1_0(void)
{
    ps_tok_options o;
    ps_tok_options_init(&o);
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o, 0, 0), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_emoji(&o, 0), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_unicode_case(&o, 0), PS_OK);
    return o;
}

/* apostrophes; the 1.0 lower-casing of Latin-1 and beyond */
static void test_apostrophes_and_case(void)
{
    ps_tok_options o = options_1_0();
    CHECK_STR(tok(&o, "Don't"), "don't\n");
    CHECK_STR(tok(&o, "'quoted' students' rock'n'roll ''x"), "quoted\nstudents\nrock'n'roll\nx\n");
    CHECK_STR(tok(&o, "it\xE2\x80\x99s"), "it's\n");
    CHECK_STR(tok(&o, "a''b"), "a\nb\n");
    CHECK_STR(tok(&o, "\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9\n");                       /* ÉTÉ -> été */
    CHECK_STR(tok(&o, "\xC3\x80\xC3\x96\xC3\x98\xC3\x9E"), "\xC3\xA0\xC3\xB6\xC3\xB8\xC3\xBE\n"); /* ÀÖØÞ */
    CHECK_STR(tok(&o, "Stra\xC3\x9F" "e"), "stra\xC3\x9F" "e\n");                            /* ß stays */
    CHECK_STR(tok(&o, "\xC5\x81\xC3\xB3\x64\xC5\xBA"), "\xC5\x82\xC3\xB3\x64\xC5\xBA\n");   /* Łódź -> łódź */
    CHECK_STR(tok(&o, "\xD0\x9C\xD0\x98\xD0\xA0"), "\xD0\xBC\xD0\xB8\xD1\x80\n");           /* МИР -> мир */
    CHECK_STR(tok(&o, "x\xC3\x97y"), "x\ny\n");                                              /* × separates */
    CHECK_STR(tok(&o, "ok\xF0\x9F\x98\x80ok"), "ok\nok\n");                                  /* emoji separates */
}

/* invalid UTF-8: each bad byte is a word break, never a crash */
static void test_invalid_utf8(void)
{
    ps_tok_options o;
    char buf[8];
    int b, pos, bad = 0;
    ps_tok_options_init(&o);
    CHECK_STR(tok(&o, "ab\xFF" "cd"), "ab\ncd\n");
    CHECK_STR(tok(&o, "ab\xC0\xAF" "cd"), "ab\ncd\n");           /* overlong */
    CHECK_STR(tok(&o, "ab\xED\xA0\x80" "cd"), "ab\ncd\n");       /* surrogate */
    CHECK_STR(tok(&o, "ab\xF4\x90\x80\x80" "cd"), "ab\ncd\n");   /* > U+10FFFF */
    CHECK_STR(tok(&o, "ab\x80\x80"), "ab\n");                    /* stray continuation */
    CHECK_STR(tok(&o, "ab\xE2\x82"), "ab\n");                    /* truncated at the end */
    CHECK_STR(tok(&o, "ab\xC3"), "ab\n");
    CHECK_STR(tokn(&o, "a\0b", 3), "a\nb\n");                    /* NUL separates */
    /* every byte value in every position: output is valid UTF-8 */
    for (b = 0; b < 256; b++)
        for (pos = 0; pos < 4; pos++) {
            memcpy(buf, "\xC3\xA9t\xC3", 4);
            buf[pos] = (char)b;
            if (!valid_utf8(tokn(&o, buf, 4))) bad++;
        }
    CHECK_EQ_INT(bad, 0);
}

/* long words are cut at a code point boundary */
static void test_long_words(void)
{
    ps_tok_options o;
    char w[200];
    const char *r;
    ps_tok_options_init(&o);
    memset(w, 'a', 100);
    w[100] = 0;
    r = tok(&o, w);
    CHECK_EQ_INT(strlen(r), PS_TOK_MAX_WORD + 1);
    memset(w, 0, sizeof w);
    memset(w, 'a', 63);
    memcpy(w + 63, "\xC3\xA9\xC3\xA9", 4);  /* é would straddle byte 64 */
    r = tok(&o, w);
    CHECK_EQ_INT(strlen(r), 64);  /* 63 a's + '\n' */
    CHECK(valid_utf8(r));
}

static void test_ngrams(void)
{
    ps_tok_options bi, t23;
    char *text = (char *)malloc(20000), *p = text;
    uint32_t n = 0, count = 0, i;
    ps_tok_options_init(&bi);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&bi, 1, 2), PS_OK);
    CHECK_STR(tok(&bi, "A b, c"), "a\nb\na b\nc\nb c\n");  /* per word: its 1-gram, then longer ones ending at it */
    ps_tok_options_init(&t23);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&t23, 2, 3), PS_OK);
    CHECK_STR(tok(&t23, "a b c d"), "a b\nb c\na b c\nc d\nb c d\n");
    CHECK_STR(tok(&t23, "single"), "");
    /* many words: the window buffer is compacted; n-grams stay exact */
    for (i = 0; i < 2000; i++) p += sprintf(p, "w%u ", i);
    CHECK_EQ_INT(ps_tokenize_into(&t23, (const uint8_t *)text, (uint32_t)(p - text), (uint8_t *)out_buf,
                                  sizeof out_buf, &n, &count), PS_OK);
    CHECK_EQ_INT(count, 1999 + 1998);
    out_buf[n] = 0;
    CHECK(strstr(out_buf, "\nw1997 w1998 w1999\n") != NULL);
    CHECK(strstr(out_buf, "\nw1000 w1001 w1002\n") != NULL);
    free(text);
}

/* Stop words removed and negation marked; fields set directly, the setters are tested with their own options. */
static ps_tok_options stop_and_negation(void)
{
    ps_tok_options o;
    ps_tok_options_init(&o);
    o.stopwords = 1;
    o.negation = 1;
    return o;
}

/* stop words (removed before n-grams) */
static void test_stopwords(void)
{
    ps_tok_options stop, sb;
    ps_tok_options_init(&stop);
    CHECK_EQ_INT(ps_tok_options_set_stopwords(&stop, 1), PS_OK);
    CHECK_STR(tok(&stop, "This is THE best movie"), "best\nmovie\n");
    sb = stop;
    sb.ngram_max = 2;
    CHECK_STR(tok(&sb, "the best of the movies"), "best\nmovies\nbest movies\n");
    CHECK_STR(tok(&stop, "don't you'd"), "");
}

/* negation: "!" prefix until punctuation */
static void test_negation(void)
{
    /* each test sets up the option sets it reads, on purpose (test_words does the same) */
    ps_tok_options o, neg, both = stop_and_negation();
    ps_tok_options_init(&o);
    ps_tok_options_init(&neg);
    CHECK_EQ_INT(ps_tok_options_set_negation(&neg, 1), PS_OK);
    CHECK_STR(tok(&neg, "not good. good"), "not\n!good\ngood\n");
    CHECK_STR(tok(&neg, "I didn't like it, fine"), "i\ndidn't\n!like\n!it\nfine\n");
    CHECK_STR(tok(&neg, "never <br/> bad"), "never\nbad\n");
    CHECK_STR(tok(&neg, "no, good"), "no\ngood\n");
    /* a line break ends the scope, as <br /> does: LF, CR, VT, FF, NEL, U+2028, U+2029; in both word rules */
    const char *breaks = "no a\r\nb no c\vd no e\ff no g\xC2\x85h no i\u2028j no k\u2029l not\tgood";
    const char *scopes = "no\n!a\nb\nno\n!c\nd\nno\n!e\nf\nno\n!g\nh\nno\n!i\nj\nno\n!k\nl\nnot\n!good\n";
    ps_tok_options neg_1_0 = options_1_0();
    CHECK_EQ_INT(ps_tok_options_set_negation(&neg_1_0, 1), PS_OK);
    CHECK_STR(tok(&neg, "not good\nbad movie"), "not\n!good\nbad\nmovie\n");
    CHECK_STR(tok(&neg, breaks), scopes);
    CHECK_STR(tok(&neg_1_0, breaks), scopes);
    CHECK_STR(tok(&both, "it is not a good film"), "!good\n!film\n");
    CHECK_STR(tok(&o, "not good"), "not\ngood\n");  /* off by default */
}

/* buffer too small; an emit error stops tokenizing and is returned */
static void test_output_errors(void)
{
    ps_tok_options o;
    uint8_t small[4];
    uint32_t n = 0, count = 0;
    int calls = 0;
    ps_tok_options_init(&o);
    CHECK_EQ_INT(ps_tokenize_into(&o, (const uint8_t *)"hello world", 11, small, sizeof small, &n, &count),
                 PS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ_INT(n, 12);
    CHECK_EQ_INT(count, 2);
    stop_after = 2;
    CHECK_EQ_INT(ps_tokenize(&o, (const uint8_t *)"a b c d", 7, failing_emit, &calls), PS_ERR_NO_MEMORY);
    CHECK_EQ_INT(calls, 2);
}

/* hashed tokenizing (used by training and prediction): same tokens, hash of the token's words */
static void test_hashed(void)
{
    static char big[6000];
    uint32_t i, n = 0;
    ps_tok_options o, h3, hn, both = stop_and_negation();
    const char *texts[] = {
        "I didn't like it, not good at all. <br />Great &amp; moving!",
        "abcdefgh abcdefghi abcdefghabcdefgh abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghxyz",
        "\xC3\x89T\xC3\x89 tr\xC3\xA8s \xE2\x80\x9C\x62\x65\x61u\xE2\x80\x9D l\xE2\x80\x99\xC3\xA9t\xC3\xA9 a b c d e",
        "", "x", "no good no bad never ever",
    };
    ps_tok_options_init(&o);
    h3 = o;
    hn = o;
    hn.negation = 1;
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&h3, 1, 3), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&hn, 2, 3), PS_OK);
    for (i = 0; i < sizeof texts / sizeof *texts; i++) {
        check_hashed(&o, texts[i], (uint32_t)strlen(texts[i]));
        check_hashed(&h3, texts[i], (uint32_t)strlen(texts[i]));
        check_hashed(&hn, texts[i], (uint32_t)strlen(texts[i]));
        check_hashed(&both, texts[i], (uint32_t)strlen(texts[i]));
    }
    /* long text: the word window is compacted many times */
    for (i = 0; n + 40 < sizeof big; i++) n += (uint32_t)sprintf(big + n, "w%u not x%ua, ", i * 7919u % 1000u, i);
    check_hashed(&h3, big, n);
    check_hashed(&hn, big, n);
    CHECK_EQ_INT(ps__tokenize_h(&o, (const uint8_t *)"a", 1, NULL, NULL), PS_ERR_INVALID_ARGUMENT);
}

/* distinct tokens get distinct hashes, however their bytes split into words */
static void test_hash_distinct(void)
{
    const char *toks[] = {"ab c", "a bc", "a b c", "abc", "ab", "a b", "b a", "!a b", "a !b", "abcdefgh", "abcdefgh a",
                          "a abcdefgh", "abcdefghi", "abcdefgh i"};
    uint32_t i, j, nt = sizeof toks / sizeof *toks, dup = 0;
    for (i = 0; i < nt; i++)
        for (j = i + 1; j < nt; j++)
            dup += ps__tok_hash((const uint8_t *)toks[i], (uint32_t)strlen(toks[i])) ==
                   ps__tok_hash((const uint8_t *)toks[j], (uint32_t)strlen(toks[j]));
    CHECK_EQ_INT(dup, 0);
}

/* ---- options newer than format 1.0: golden cases ---- */

/* scripts without spaces: character n-grams of each run (default 1..2) */
static void test_scripts_without_spaces(void)
{
    ps_tok_options o, o1, o13, words12, legacy = options_1_0();
    ps_tok_options_init(&o);
    o1 = o13 = words12 = o;
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o1, 1, 1), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o13, 1, 3), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&words12, 1, 2), PS_OK);
    CHECK_STR(tok(&o, "这部电影非常好看"), "这\n部\n这部\n电\n部电\n影\n电影\n非\n影非\n常\n非常\n好\n常好\n看\n好看\n");
    CHECK_STR(tok(&o13, "很好用"), "很\n好\n很好\n用\n好用\n很好用\n");
    CHECK_STR(tok(&o, "很好，不错。"), "很\n好\n很好\n不\n错\n不错\n"); /* punctuation ends a run */
    CHECK_STR(tok(&legacy, "很好，不错。"), "很好\n不错\n");                /* 1.0: a run is a word */
    /* Japanese: kana and kanji form one run; the prolonged sound mark belongs to it */
    CHECK_STR(tok(&o, "コーヒーが好き"), "コ\nー\nコー\nヒ\nーヒ\nー\nヒー\nが\nーが\n好\nが好\nき\n好き\n");
    CHECK_STR(tok(&o, "か\u3099き"), "か\u3099\nき\nか\u3099き\n"); /* a decomposed voicing mark stays with its kana */
    CHECK_STR(tok(&o1, "人々"), "人\n々\n");
    CHECK_STR(tok(&o1, "葛\U000E0100城"), "葛\n城\n"); /* a variation selector is dropped */
    /* Thai: a vowel or tone mark joins the consonant before it */
    CHECK_STR(tok(&o1, "อร่อยมาก ๆ"), "อ\nร่\nอ\nย\nม\nา\nก\nๆ\n");
    /* mixed text: words as before; word n-grams do not span a run */
    CHECK_STR(tok(&o, "iPhone 很好用"), "iphone\n很\n好\n很好\n用\n好用\n");
    CHECK_STR(tok(&words12, "iPhone 很好 really good"), "iphone\n很\n好\n很好\nreally\ngood\nreally good\n");
    /* words: each character of a run (flag 8), joined to the one before in the same run (16) */
    CHECK_STR(words_of(&o, "好看 ok 不"), "好@0-3/8\n看@3-6/24\nok@7-9/0\n不@10-13/8\n");
}

/* emoji sequences and ASCII emoticons */
static void test_emoji_and_emoticons(void)
{
    ps_tok_options o, neg, legacy = options_1_0();
    ps_tok_options_init(&o);
    neg = o;
    CHECK_EQ_INT(ps_tok_options_set_negation(&neg, 1), PS_OK);
    CHECK_STR(tok(&o, "👍🏽 👍"), "👍\n👍\n");                    /* a skin tone is folded */
    CHECK_STR(tok(&o, "great😍😡"), "great\n😍\n😡\n");
    CHECK_STR(tok(&o, "❤️ ❤"), "❤\n❤\n");                      /* so is a variation selector */
    CHECK_STR(tok(&o, "👩🏽‍💻"), "👩\u200D💻\n");                 /* a ZWJ sequence stays whole */
    CHECK_STR(tok(&o, "👨‍👩‍👧‍👦!"), "👨\u200D👩\u200D👧\u200D👦\n");
    CHECK_STR(tok(&o, "👍\u200D ok"), "👍\nok\n");                /* a trailing ZWJ is dropped */
    CHECK_STR(tok(&o, "🇫🇷🇩🇪"), "🇫🇷\n🇩🇪\n");                      /* regional indicators pair into flags */
    CHECK_STR(tok(&o, "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"),
              "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F\n"); /* a subdivision flag */
    CHECK_STR(tok(&o, "1️⃣ #⃣ abc2⃣ 10️⃣"), "1\u20E3\n#\u20E3\nabc\n2\u20E3\n1\n0\u20E3\n");
    CHECK_STR(tok(&o, "<3⃣ :*⃣"), "<3\n:*\n");                    /* a character is in one token only */
    CHECK_STR(tok(&legacy, "ok👍🏽ok :)"), "ok\nok\n");
    CHECK_STR(tok(&neg, "not 👍 good :( bad"), "not\n👍\n!good\n:(\n!bad\n"); /* never negated; the scope goes on */
    CHECK_STR(tok(&o, ":) :-( :D <3"), ":)\n:(\n:D\n<3\n");
    CHECK_STR(tok(&o, ":-))) =] ;-) :'( </3 <333 ^_^ -_- :p :-/"), ":)\n:)\n;)\n:'(\n</3\n<3\n^^\n-_-\n:P\n:/\n");
    CHECK_STR(tok(&o, "great:) http://x.org 10:30 :Data a<3"), "great\n:)\nhttp\nx\norg\n10\n30\ndata\na\n3\n");
    CHECK_STR(tok(&o, "wow :// ok :/ :\\ :/\\"), "wow\nok\n:/\n:/\n"); /* ":/" is not followed by "/" */
    /* a letter is a letter in any script: as "Quality:Disastrous", "été;)" and "ete;)" hold no emoticon */
    CHECK_STR(tok(&o, "Qualité:Désastreuse été;) ö^^ö Santé:P"), "qualité\ndésastreuse\nété\nö\nö\nsanté\np\n");
    ps_tok_options basic_case = o; /* format 1's word characters, emoticons on */
    CHECK_EQ_INT(ps_tok_options_set_unicode_case(&basic_case, 0), PS_OK);
    CHECK_STR(tok(&basic_case, "Qualité:Désastreuse été;)"), "qualité\ndésastreuse\nété\n");
    CHECK_STR(tok(&o, "café:) é &lt;3 😀:D"), "café\n:)\né\n<3\n😀\n:D\n"); /* as "great:)"; not a word */
    CHECK_STR(tok(&o, "很好:D"), "很\n好\n很好\n:D\n");                 /* a run is no word here */
    /* nor before a letter of a word in any script: as " :Des" and "x<3y" hold no emoticon */
    CHECK_STR(tok(&o, " :Dés ;)été x<3ö ^^ж -_-Ω &lt;3é :)ａ"), "dés\nété\nx\n3ö\nж\nω\n3é\na\n");
    CHECK_STR(tok(&basic_case, " :Dés ;)été"), "dés\nété\n");
    CHECK_STR(tok(&o, ":D很好 ;)😀 <3\u0E14\u0E35"), ":D\n很\n好\n很好\n;)\n😀\n<3\n\u0E14\u0E35\n"); /* a run, an emoji */
    /* words: an emoji is one word over all its bytes */
    CHECK_STR(words_of(&o, "👍🏽:)"), "👍@0-8/0\n:)@8-10/0\n");
}

/* full case folding and accent folding */
static void test_case_and_accent_folding(void)
{
    ps_tok_options o, acc, acc_words, legacy = options_1_0();
    ps_tok_options_init(&o);
    acc = o;
    CHECK_EQ_INT(ps_tok_options_set_fold_accents(&acc, 1), PS_OK);
    acc_words = acc;
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&acc_words, 0, 0), PS_OK);
    /* Greek: capitals drop the accent, so only accent folding makes the two one word */
    CHECK_STR(tok(&o, "Υπέροχη ΥΠΕΡΟΧΗ"), "υπέροχη\nυπεροχη\n");
    CHECK_STR(tok(&acc, "Υπέροχη ΥΠΕΡΟΧΗ"), "υπεροχη\nυπεροχη\n");
    CHECK_STR(tok(&o, "ταινίας ΤΑΙΝΊΑΣ"), "ταινίασ\nταινίασ\n");      /* final sigma folds to sigma */
    CHECK_STR(tok(&legacy, "ταινίας ΤΑΙΝΊΑΣ"), "ταινίας\nταινίασ\n");
    /* Cyrillic */
    CHECK_STR(tok(&o, "ПРИВЕТ Ёлка ҐАНОК"), "привет\nёлка\nґанок\n");
    CHECK_STR(tok(&legacy, "ҐАНОК"), "Ґанок\n");                     /* beyond 1.0's basic Cyrillic */
    CHECK_STR(tok(&acc, "Ёлка Йогурт"), "елка\nиогурт\n");
    /* Turkish: no Turkic rules. İ folds to i + U+0307, ı stays; 1.0 lower-cased İ to ı */
    CHECK_STR(tok(&o, "İstanbul ILIK ılık"), "i\u0307stanbul\nilik\nılık\n");
    CHECK_STR(tok(&acc, "İstanbul"), "istanbul\n");
    CHECK_STR(tok(&legacy, "İstanbul"), "ıstanbul\n");
    /* foldings into several characters */
    CHECK_STR(tok(&o, "Straße STRASSE ẞ ﬁne"), "strasse\nstrasse\nss\nfine\n");
    /* accents: precomposed or decomposed, lone marks, letters without a decomposition, kana */
    CHECK_STR(tok(&acc, "Việt Nam café CAFÉ cafe\u0301"), "viet\nnam\ncafe\ncafe\ncafe\n");
    CHECK_STR(tok(&o, "cafe\u0301"), "cafe\u0301\n");
    CHECK_STR(tok(&acc, "\u0301\u0301 x"), "x\n");
    CHECK_STR(tok(&acc, "ø łódź æ"), "ø\nłodz\næ\n");
    /* an iota subscript is an accent too, though case folding makes it a full iota ("ᾳ" -> "αι" without accents) */
    CHECK_STR(tok(&acc, "ᾳ ᾼ ῷ ᾯ ᾷς α\u0345 \u0345 ἄι ΑΙ"), "α\nα\nω\nω\nασ\nα\nαι\nαι\n");
    CHECK_STR(tok(&o, "ᾳ ᾼ α\u0345"), "αι\nαι\nαι\n");
    CHECK_STR(tok(&acc_words, "がっこう"), "がっこう\n");
    /* unassigned code points are word characters, as in 1.0 */
    CHECK_STR(tok(&o, "a\u0378b"), "a\u0378b\n");
}

/* the Unicode word rules (with Unicode case): categories, not the ranges of 1.0 */
static void test_unicode_word_rules(void)
{
    ps_tok_options o, words, no_emoji, legacy = options_1_0();
    ps_tok_options_init(&o);
    words = no_emoji = o;
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&words, 0, 0), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_emoji(&no_emoji, 0), PS_OK);
    /* sentence punctuation of other scripts separates (and ends a negation scope) */
    CHECK_STR(tok(&o, "है। ठीक॥ رائع؟ جميل، اچھا۔ τι; καλό· ጥሩ። լավ։"), "है\nठीक\nرائع\nجميل\nاچھا\nτι\nκαλό\nጥሩ\nլավ\n");
    CHECK_STR(tok(&legacy, "है।"), "है।\n");
    /* invisible characters: neither a word nor a break */
    CHECK_STR(tok(&o, "\xEF\xBB\xBFgreat x\xEF\xBB\xBFy co\u00ADoperate"), "great\nxy\ncooperate\n");
    CHECK_STR(tok(&o, "ශ්\u200Dරී क्\u200Dष می\u200Cخواهم"), "ශ්රී\nक्ष\nمیخواهم\n");
    CHECK_STR(tok(&legacy, "\xEF\xBB\xBFgreat می\u200Cخواهم"), "\xEF\xBB\xBFgreat\nمی\nخواهم\n");
    CHECK_STR(tok(&o, "a\u200Bb"), "a\nb\n");                       /* ZERO WIDTH SPACE breaks words */
    /* spaces, letter-like symbols, superscripts */
    CHECK_STR(tok(&o, "good\u1680film 10 \u212A 5\u2126 x\u00B2"), "good\nfilm\n10\nk\n5ω\nx²\n");
    /* fullwidth ASCII is ASCII: digits and letters are words, fullwidth punctuation separates */
    CHECK_STR(tok(&o, "５星 等了１个小时 ＡＢＣ，ｄｏｎ＇ｔ"), "5\n星\n等\n了\n等了\n1\n个\n小\n个小\n时\n小时\nabc\ndon't\n");
    CHECK_STR(tok(&legacy, "１２３ ＡＢＣ"), "ＡＢＣ\n");
    /* with emoji off, variation selectors and keycaps are not word characters */
    CHECK_STR(tok(&no_emoji, "❤\uFE0F love 1\uFE0F\u20E3"), "love\n1\n");
    /* emoticons written with entities */
    CHECK_STR(tok(&o, "I &lt;3 it, &lt;/3 so sad &gt;:( x&lt;3"), "i\n<3\nit\n</3\nso\nsad\n:(\nx\n3\n");
    CHECK_STR(words_of(&o, "&lt;3!"), "<3@0-5/0\n");
    /* the South-East Asian scripts without spaces give character n-grams too; marks join their character */
    CHECK_STR(tok(&o, "ດີຫລາຍ"), "ດີ\nຫ\nດີຫ\nລ\nຫລ\nາ\nລາ\nຍ\nາຍ\n");
    CHECK_STR(tok(&o, "ល្អ"), "ល្\nអ\nល្អ\n");
    CHECK_STR(tok(&o, "น้ำ"), "น้ำ\n");                              /* SARA AM joins the cluster */
    CHECK_STR(tok(&o, "ﾊﾟﾝ"), "ﾊﾟ\nﾝ\nﾊﾟﾝ\n");                      /* so do halfwidth voicing marks */
    CHECK_STR(tok(&words, "ល្អណាស់"), "ល្អណាស់\n");
    CHECK_STR(tok(&o, "很\u200C好"), "很\n好\n很好\n");                 /* ZWNJ is no mark of a character */
    /* punctuation kept inside words (UAX #29), or dropped where it is written over a vowel */
    CHECK_STR(tok(&o, "צה\u05F4ל ג\u05F3ינס լա\u055Bվ ինչո\u055Eւ"), "צה\u05F4ל\nג\u05F3ינס\nլավ\nինչու\n");
    /* a middle dot between letters is part of the word; elsewhere it is sentence punctuation */
    CHECK_STR(tok(&o, "col\u00B7lecci\u00F3 \u00B7x x\u00B7 a\u00B7\u00B7b \u00C0\u00B7L"), "col\u00B7lecci\u00F3\nx\nx\na\nb\n\u00E0\u00B7l\n");
    CHECK_STR(tok(&legacy, "col\u00B7lecci\u00F3"), "col\nlecci\u00F3\n");
    check_hashed(&o, "col\u00B7lecci\u00F3 x\u00B7 y", (uint32_t)strlen("col\u00B7lecci\u00F3 x\u00B7 y"));
    /* "‼" ends a negation scope as an emoji too */
    ps_tok_options neg = o;
    CHECK_EQ_INT(ps_tok_options_set_negation(&neg, 1), PS_OK);
    CHECK_STR(tok(&neg, "not good\u203C great"), "not\n!good\n\u203C\ngreat\n");
    CHECK_STR(tok(&neg, "not good\u3002 great"), "not\n!good\ngreat\n");
    CHECK_STR(tok(&neg, "not good\u00B7 great, not l\u00B7l bad"), "not\n!good\ngreat\nnot\n!l\u00B7l\n!bad\n");
    CHECK_STR(tok(&neg, "not\u00B7 good"), "not\ngood\n");
    /* an entity emoticon is read to its end, however long its mouth */
    char lt[80] = "&lt;", plain[80] = "<";
    for (int i = 0; i < 40; i++) { strcat(lt, "3"); strcat(plain, "3"); }
    strcat(lt, "a");
    strcat(plain, "a");
    char from_entity[80];
    snprintf(from_entity, sizeof from_entity, "%s", tok(&o, lt));
    CHECK_STR(from_entity, "3333333333333333333333333333333333333333a\n");
    CHECK_STR(from_entity, tok(&o, plain));
    CHECK_STR(tok(&o, "&lt;" "3333333333" "3333333333" "3333333333" "3333333333"), "<3\n");
}

/* the new options' tokens through the hashed driver */
static void test_hashed_unicode(void)
{
    const char *text = "iPhone 很好用 👍🏽 :) Straße ΥΠΕΡΟΧΗ 👩‍💻 อร่อย cafe\u0301 1️⃣ no 好";
    ps_tok_options o, o13, acc;
    ps_tok_options_init(&o);
    o13 = acc = o;
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o13, 2, 3), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_ngrams(&o13, 1, 3), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_fold_accents(&acc, 1), PS_OK);
    CHECK_EQ_INT(ps_tok_options_set_negation(&acc, 1), PS_OK);
    check_hashed(&o, text, (uint32_t)strlen(text));
    check_hashed(&o13, text, (uint32_t)strlen(text));
    check_hashed(&acc, text, (uint32_t)strlen(text));
}

typedef struct count_ctx { uint32_t tokens, max_len, thumbs, bad; } count_ctx;
static ps_status count_emit(void *ctx, const uint8_t *t, uint32_t len)
{
    count_ctx *c = ctx;
    c->tokens++;
    if (len > c->max_len) c->max_len = len;
    for (uint32_t i = 0; i + 4 <= len; i++) c->thumbs += memcmp(t + i, "👍", 4) == 0;
    if (len >= 3 && memcmp(t + len - 3, "\u200D", 3) == 0) c->bad++;
    return PS_OK;
}

/* hostile input for the new options: bounded tokens, constant memory */
static void test_unicode_limits(void)
{
    ps_tok_options o;
    ps_tok_options_init(&o);
    /* 10 MB of Han without a break: one run, 2n - 1 tokens of 1..2 characters */
    const uint32_t han = 10u * 1024u * 1024u / 3u;
    uint8_t *big = malloc((size_t)han * 7u);
    CHECK(big != NULL);
    if (!big) return;
    for (uint32_t i = 0; i < han; i++) memcpy(big + 3u * i, "很", 3);
    count_ctx c = {0};
    CHECK_EQ_INT(ps_tokenize(&o, big, 3u * han, count_emit, &c), PS_OK);
    CHECK_EQ_INT(c.tokens, 2u * han - 1u);
    CHECK_EQ_INT(c.max_len, 6);
    /* a ZWJ chain of 1,000 emoji: tokens of at most PS_TOK_MAX_WORD bytes, none ending in a ZWJ, no emoji lost */
    uint32_t n = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        memcpy(big + n, "👍", 4);
        n += 4;
        if (i < 999) { memcpy(big + n, "\u200D", 3); n += 3; }
    }
    c = (count_ctx){0};
    CHECK_EQ_INT(ps_tokenize(&o, big, n, count_emit, &c), PS_OK);
    CHECK_EQ_INT(c.thumbs, 1000);
    CHECK(c.max_len <= PS_TOK_MAX_WORD);
    CHECK_EQ_INT(c.tokens, (1000 + 8) / 9); /* 9 thumbs and 8 ZWJs fill 60 of the 64 bytes */
    CHECK_EQ_INT(c.bad, 0);
    /* ten thousand marks on one Han character */
    memcpy(big, "很", 3);
    for (n = 3; n < 3 + 10000 * 3; n += 3) memcpy(big + n, "\u0E48", 3);
    CHECK_STR(tokn(&o, (const char *)big, n), "很\u0E48\u0E48\u0E48\u0E48\n"); /* a character holds 16 bytes at most */
    free(big);
}

/* options newer than 1.0 are range-checked */
static void test_new_options(void)
{
    ps_tok_options o;
    ps_tok_options_init(&o);
    CHECK_EQ_INT(o.char_ngram_min, 1);
    CHECK_EQ_INT(o.char_ngram_max, 2);
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o, 0, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o, 2, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_char_ngrams(&o, 1, 4), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_emoji(&o, 2), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_unicode_case(&o, 2), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_tok_options_set_fold_accents(NULL, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(o.char_ngram_max, 2);
    o.char_ngram_min = 0;
    CHECK_EQ_INT(ps_tok_options_check(&o), PS_ERR_INVALID_ARGUMENT);
}

int main(void)
{
    test_words();
    test_options();
    test_words_and_html();
    test_apostrophes_and_case();
    test_invalid_utf8();
    test_long_words();
    test_ngrams();
    test_stopwords();
    test_negation();
    test_output_errors();
    test_hashed();
    test_hash_distinct();
    test_scripts_without_spaces();
    test_emoji_and_emoticons();
    test_case_and_accent_folding();
    test_unicode_word_rules();
    test_hashed_unicode();
    test_unicode_limits();
    test_new_options();
    return check_report("test_tokenize");
}
