/*
 * sleep SECONDS: pause for SECONDS, a decimal number that may have a
 * fraction ("0.5").  The kernel counts in ticks (TICK_HZ per second); a
 * fraction of a tick is rounded up, so the pause is never too short.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define FRAC_SCALE 1000000    /* a fraction counts to the microsecond */
#define MAX_SECONDS 100000000 /* keeps the ticks within an int */

/* The ticks in s, or -1 if it is not a number of seconds. */
static int ticks_of(const char *s)
{
	int64 whole = 0, frac = 0, scale = 1;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > MAX_SECONDS)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale < FRAC_SCALE) {
				frac = frac * 10 + (*p - '0');
				scale *= 10;
			}
		}
	}
	if (*p != '\0' || p == s || (p == s + 1 && *s == '.'))
		return -1;
	return whole * TICK_HZ + (frac * TICK_HZ + scale - 1) / scale;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int ticks;

	opt_init(&o, argc, argv, "", "sleep SECONDS");
	while (opt_next(&o) != -1)
		;
	if (argc - o.ind != 1)
		opt_usage(&o);
	if ((ticks = ticks_of(argv[o.ind])) < 0) {
		fprintf(2, "sleep: %s: not a number of seconds\n", argv[o.ind]);
		opt_usage(&o);
	}
	if (pause(ticks) < 0) {
		fprintf(2, "sleep: %s\n", strerror(errno));
		exit(1);
	}
	return 0;
}
