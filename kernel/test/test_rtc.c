/*
 * test_rtc.c: the real-time clock gives a plausible wall-clock time (QEMU
 * sets it from the host) that does not run backwards.
 */
#include "test/ktest.h"
#include "dev/rtc.h"

#define YEAR_2024 1704067200ULL /* 2024-01-01 00:00 UTC, in seconds since 1970 */
#define YEAR_2200 7258118400ULL /* 2200-01-01 */

KTEST(rtc_plausible)
{
	uint64 a = rtc_seconds();
	KT_CHECK(a >= YEAR_2024 && a < YEAR_2200);
	uint64 b = rtc_seconds();
	KT_CHECK(b >= a);
}
