/* uptime: time since boot, in timer ticks and in seconds. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define CENTI 100 /* hundredths of a second */

int main(int argc, char *argv[])
{
	struct opt o;
	int t;

	opt_init(&o, argc, argv, "", "uptime");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	t = uptime();
	if (t < 0) {
		fprintf(2, "uptime: %s\n", strerror(errno));
		exit(1);
	}
	printf("up %d ticks, %d.%02d seconds\n", t, t / TICK_HZ, (t % TICK_HZ) * CENTI / TICK_HZ);
	return out_check("uptime");
}
