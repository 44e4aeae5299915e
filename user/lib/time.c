/*
 * time.c: a time in seconds since 1970-01-01 00:00 UTC written as a UTC
 * date and time, by counting whole years and then months forward from
 * 1970 with the Gregorian leap-year rule.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"

#define SECS_PER_DAY 86400
#define SECS_PER_HOUR 3600
#define SECS_PER_MIN 60
#define EPOCH_YEAR 1970
#define DAYS_PER_YEAR 365
#define FEBRUARY 1 /* month index */

static int is_leap(uint64 y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

ULIB_WEAK int format_time(char *buf, int size, uint64 t)
{
	static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	uint64 days = t / SECS_PER_DAY, secs = t % SECS_PER_DAY, year = EPOCH_YEAR;
	int month = 0;

	while (days >= (uint64)(DAYS_PER_YEAR + is_leap(year)))
		days -= DAYS_PER_YEAR + is_leap(year++);
	for (;; month++) {
		uint64 len = (uint64)month_days[month] + (month == FEBRUARY && is_leap(year));
		if (days < len)
			break;
		days -= len;
	}
	return snprintf(buf, size, "%lu-%02d-%02lu %02lu:%02lu:%02lu", year, month + 1, days + 1,
			secs / SECS_PER_HOUR, secs % SECS_PER_HOUR / SECS_PER_MIN, secs % SECS_PER_MIN);
}
