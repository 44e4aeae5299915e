/*
 * lockstat: the kernel's lock statistics: acquires and test-and-set spins
 * for each class of spinlock (all locks of one name), then the most
 * contended (kernel/sync/lockstat.h).  The same text as the lock lab's
 * statistics().
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define REPORT_MAX 8192

static char report[REPORT_MAX]; /* not on the one-page stack */

int main(int argc, char *argv[])
{
	struct opt o;

	opt_init(&o, argc, argv, "", "lockstat");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	int n = lockstat(report, sizeof(report));
	if (n < 0) {
		fprintf(2, "lockstat: %s\n", strerror(errno));
		exit(1);
	}
	out_write(report, n);
	return out_check("lockstat");
}
