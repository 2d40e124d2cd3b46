/* A tiny assertion header for the native tests: CHECK counts failures and
 * keeps going; each test file's main returns check_report(). */
#ifndef PS_CHECK_H
#define PS_CHECK_H
#include <stdio.h>
#include <string.h>
#include <math.h>

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond) do { check_count++; if (!(cond)) { check_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ_INT(a, b) do { long long va_ = (long long)(a), vb_ = (long long)(b); check_count++; \
    if (va_ != vb_) { check_failures++; fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
    __FILE__, __LINE__, #a, #b, va_, vb_); } } while (0)
#define CHECK_NEAR(a, b, tol) do { double va_ = (a), vb_ = (b); check_count++; \
    if (!(fabs(va_ - vb_) <= (tol))) { check_failures++; fprintf(stderr, "%s:%d: %s ~ %s failed: %.9g vs %.9g\n", \
    __FILE__, __LINE__, #a, #b, va_, vb_); } } while (0)
#define CHECK_STR(a, b) do { const char *va_ = (a), *vb_ = (b); check_count++; \
    if (!va_ || !vb_ || strcmp(va_, vb_) != 0) { check_failures++; fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" vs \"%s\"\n", \
    __FILE__, __LINE__, #a, #b, va_ ? va_ : "(null)", vb_ ? vb_ : "(null)"); } } while (0)

static int check_report(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_count - check_failures, check_failures);
    return check_failures ? 1 : 0;
}
#endif
