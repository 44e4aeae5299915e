/*
 * time.c: a time in seconds since 1970-01-01 00:00 UTC written as a UTC
 * date and time, by counting whole years and then months forward from
 * 1970 with the Gregorian leap-year rule; and the time now, from the
 * real-time clock through kstats().
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/kite.h"

#define SECS_PER_DAY 86400
#define SECS_PER_HOUR 3600
#define SECS_PER_MIN 60
#define EPOCH_YEAR 1970
#define DAYS_PER_YEAR 365
#define FEBRUARY 1 /* month index */
#define DAYS_PER_WEEK 7
#define EPOCH_WDAY 4 /* 1970-01-01 was a Thursday (0 = Sunday) */

static int is_leap(uint64 y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

ULIB_WEAK void split_time(uint64 t, struct datetime *dt)
{
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	uint64 days = t / SECS_PER_DAY, secs = t % SECS_PER_DAY, year = EPOCH_YEAR;
	int month = 0;

	dt->wday = (int)((days + EPOCH_WDAY) % DAYS_PER_WEEK);
	while (days >= (uint64)(DAYS_PER_YEAR + is_leap(year)))
		days -= DAYS_PER_YEAR + is_leap(year++);
	dt->yday = (int)days;
	for (;; month++) {
		uint64 len = (uint64)month_days[month] + (month == FEBRUARY && is_leap(year));
		if (days < len)
			break;
		days -= len;
	}
	dt->year = (int)year;
	dt->month = month + 1;
	dt->day = (int)days + 1;
	dt->hour = (int)(secs / SECS_PER_HOUR);
	dt->min = (int)(secs % SECS_PER_HOUR / SECS_PER_MIN);
	dt->sec = (int)(secs % SECS_PER_MIN);
}

ULIB_WEAK int format_time(char *buf, int size, uint64 t)
{
	struct datetime dt;
	split_time(t, &dt);
	return snprintf(buf, size, "%d-%02d-%02d %02d:%02d:%02d", dt.year, dt.month, dt.day,
	                dt.hour, dt.min, dt.sec);
}

ULIB_WEAK uint64 time(uint64 *t)
{
	struct kstats ks;
	uint64 now = kstats(&ks) < 0 ? 0 : ks.now;
	if (t)
		*t = now;
	return now;
}
