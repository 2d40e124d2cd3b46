/* The status table (PS_STATUS_LIST in ps_status.h): each status has its own
 * message and name, and the name is the Error.code a JavaScript caller sees. */
#include "check.h"
#include "ps_status.h"

/* Non-empty, only A-Z, 0-9 and '_', not starting with a digit. */
static int is_upper_identifier(const char *s)
{
    if (!s || !s[0] || (s[0] >= '0' && s[0] <= '9')) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

static void test_known_names(void)
{
    CHECK_STR(ps_status_name(PS_OK), "OK");
    CHECK_STR(ps_status_name(PS_ERR_IMAGE_EMPTY), "IMAGE_EMPTY");
    CHECK_STR(ps_status_name(PS_ERR_IMAGE_UNSUPPORTED), "IMAGE_UNSUPPORTED");
    CHECK_STR(ps_status_name(PS_ERR_IMAGE_CORRUPT), "IMAGE_CORRUPT");
    CHECK_STR(ps_status_name(PS_ERR_IMAGE_TOO_LARGE), "IMAGE_TOO_LARGE");
    CHECK_STR(ps_status_name(PS_ERR_NO_PIXELS), "NO_PIXELS");
}

static void test_fallbacks(void)
{
    CHECK_STR(ps_status_name((ps_status)9999), "UNKNOWN");
    CHECK_STR(ps_status_str((ps_status)-1), "unknown status");
}

static void test_every_status(void)
{
    /* the fallbacks above mean a missing table entry */
    for (int s = 0; s < PS_STATUS_COUNT; s++) {
        const char *msg = ps_status_str((ps_status)s), *name = ps_status_name((ps_status)s);
        CHECK(msg && msg[0] && strcmp(msg, "unknown status") != 0);
        CHECK(name && strcmp(name, "UNKNOWN") != 0);
        CHECK(is_upper_identifier(name));
        for (int t = 0; t < s; t++) CHECK(strcmp(name, ps_status_name((ps_status)t)) != 0);
    }
}

static void test_numbering(void)
{
    CHECK_EQ_INT(PS_OK, 0);
    /* callers see the numbers, so a new status goes after the last one; these lines then name it */
    CHECK_EQ_INT(PS_ERR_MODEL_CORRUPT, 16);
    CHECK_EQ_INT(PS_ERR_BUFFER_TOO_SMALL, 17);
    CHECK_EQ_INT(PS_STATUS_COUNT - 1, PS_ERR_COUNTS_CORRUPT);
}

int main(void)
{
    test_known_names();
    test_fallbacks();
    test_every_status();
    test_numbering();
    return check_report("test_status");
}
