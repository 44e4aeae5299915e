/* ps: list the processes (procinfo), a row per thread: TID is the
 * thread's id, the same as PID for a process's main thread. */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/kite.h"

static struct procinfo table[NPROC];

static const char *state_name(int s)
{
	switch (s) {
	case PS_USED:
		return "used";
	case PS_SLEEPING:
		return "sleep";
	case PS_RUNNABLE:
		return "runnable";
	case PS_RUNNING:
		return "run";
	case PS_ZOMBIE:
		return "zombie";
	case PS_STOPPED:
		return "stopped";
	default:
		return "?";
	}
}

int main(int argc, char *argv[])
{
	struct opt o;
	int n;

	opt_init(&o, argc, argv, "", "ps");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	n = procinfo(table, NPROC);
	if (n < 0) {
		fprintf(2, "ps: procinfo: %s\n", strerror(errno));
		exit(1);
	}
	printf("%5s %5s %5s %-8s %8s %s\n", "TID", "PID", "PPID", "STATE", "SIZE", "NAME");
	for (int i = 0; i < n && i < NPROC; i++) {
		struct procinfo *p = &table[i];

		p->name[PROCNAME_LEN - 1] = '\0';
		printf("%5d %5d %5d %-8s %8lu %s\n", p->tid, p->pid, p->ppid, state_name(p->state),
		       p->size, p->name);
	}
	return out_check("ps");
}
