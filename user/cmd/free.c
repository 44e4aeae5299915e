/* free: physical memory (total, used, free, in KiB) and the process count. */
#include "kernel/types.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/kite.h"

#define KIB 1024

int main(int argc, char *argv[])
{
	struct opt o;
	struct sysinfo si;
	struct kstats ks;

	opt_init(&o, argc, argv, "", "free");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	if (sysinfo(&si) < 0 || kstats(&ks) < 0) {
		fprintf(2, "free: %s\n", strerror(errno));
		exit(1);
	}
	printf("%-6s %10s %10s %10s\n", "KiB", "total", "used", "free");
	printf("%-6s %10lu %10lu %10lu\n", "Mem:", ks.totalmem / KIB,
	       (ks.totalmem - si.freemem) / KIB, si.freemem / KIB);
	printf("processes: %lu\n", si.nproc);
	return out_check("free");
}
