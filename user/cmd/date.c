/*
 * date [-u] [+FORMAT]: the time now, from the real-time clock, in UTC
 * (Kite has no time zones, so -u changes nothing).  Without a format:
 * "Wed Dec  2 12:34:56 UTC 2026", as POSIX's date prints it in the C
 * locale.  FORMAT takes %Y %m %d %e %H %M %S %j %a %b %F %T %s %n %t %%.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"

#define DEFAULT_FORMAT "%a %b %e %H:%M:%S UTC %Y"

static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Print one conversion; 0, or -1 if c is not one date knows. */
static int conversion(char c, uint64 now, const struct datetime *dt)
{
	switch (c) {
	case 'Y':
		printf("%d", dt->year);
		break;
	case 'm':
		printf("%02d", dt->month);
		break;
	case 'd':
		printf("%02d", dt->day);
		break;
	case 'e':
		printf("%2d", dt->day);
		break;
	case 'H':
		printf("%02d", dt->hour);
		break;
	case 'M':
		printf("%02d", dt->min);
		break;
	case 'S':
		printf("%02d", dt->sec);
		break;
	case 'j':
		printf("%03d", dt->yday + 1);
		break;
	case 'a':
		printf("%s", day_names[dt->wday]);
		break;
	case 'b':
		printf("%s", month_names[dt->month - 1]);
		break;
	case 'F':
		printf("%d-%02d-%02d", dt->year, dt->month, dt->day);
		break;
	case 'T':
		printf("%02d:%02d:%02d", dt->hour, dt->min, dt->sec);
		break;
	case 's':
		printf("%lu", now);
		break;
	case 'n':
		printf("\n");
		break;
	case 't':
		printf("\t");
		break;
	case '%':
		printf("%%");
		break;
	default:
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	struct datetime dt;
	const char *format = DEFAULT_FORMAT;

	opt_init(&o, argc, argv, "u", "date [-u] [+FORMAT]");
	while (opt_next(&o) != -1)
		; /* -u: every time Kite shows is UTC already */
	if (o.ind < argc) {
		if (argv[o.ind][0] != '+' || o.ind + 1 < argc)
			opt_usage(&o);
		format = argv[o.ind] + 1;
	}
	uint64 now = time(0);
	if (now == 0) {
		fprintf(2, "date: this machine has no real-time clock\n");
		exit(1);
	}
	split_time(now, &dt);
	for (const char *p = format; *p; p++) {
		if (*p != '%') {
			printf("%c", *p);
		} else if (!p[1] || conversion(*++p, now, &dt) < 0) {
			fprintf(2, "date: unknown conversion %%%c in the format\n", *p ? *p : ' ');
			exit(OPT_USAGE_STATUS);
		}
	}
	printf("\n");
	return out_check("date");
}
