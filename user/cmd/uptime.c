/* uptime: time since boot, in timer ticks and in seconds. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

#define CENTI 100 /* hundredths of a second */

int main(int argc, char *argv[])
{
	int t;

	(void)argv;
	if (argc != 1) {
		fprintf(2, "usage: uptime\n");
		exit(1);
	}
	t = uptime();
	if (t < 0) {
		fprintf(2, "uptime: failed\n");
		exit(1);
	}
	printf("up %d ticks, %d.%02d seconds\n", t, t / TICK_HZ, (t % TICK_HZ) * CENTI / TICK_HZ);
	return 0;
}
