/*
 * forktest: fill the process table and make sure the kernel copes.
 *
 * The parent forks children until fork() refuses.  Each child blocks on a
 * pipe until the parent closes the write end, so every child is alive when
 * the table fills up.  Checks:
 *   - fork() fails with exactly -1 (not a crash, not some other value),
 *     and no more than NPROC processes were ever created;
 *   - every child can then be reaped, each exactly once, with status 0;
 *   - wait() with no children left returns -1 at once;
 *   - free memory is back to its earlier value once all are reaped.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"

static int pids[NPROC + 1];

static void die(const char *why)
{
	printf("forktest: %s\n", why);
	printf("fork test FAILED\n");
	exit(1);
}

static uint64 freemem(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		die("sysinfo failed");
	return si.freemem;
}

int main(void)
{
	int gate[2], n, i, j, pid, status, tries;
	uint64 before, after;
	char c;

	printf("fork test\n");
	before = freemem();
	if (pipe(gate) < 0)
		die("pipe failed");

	for (n = 0; n <= NPROC; n++) {
		pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			/* Child: wait for the parent to let go, then leave. */
			close(gate[1]);
			if (read(gate[0], &c, 1) != 0)
				exit(2);
			exit(0);
		}
		pids[n] = pid;
	}
	if (n > NPROC)
		die("fork never failed: more than NPROC processes");
	if (pid != -1) {
		printf("forktest: fork returned %d, not -1\n", pid);
		die("bad fork return value");
	}
	if (n == 0)
		die("could not fork a single child");

	/* Release the children: they all see end-of-file on the pipe. */
	close(gate[0]);
	close(gate[1]);

	for (i = 0; i < n; i++) {
		pid = wait(&status);
		if (pid < 0)
			die("wait returned -1 too early");
		for (j = 0; j < n; j++)
			if (pids[j] == pid)
				break;
		if (j == n)
			die("wait returned a pid that is not ours (or twice)");
		pids[j] = 0;
		if (status != 0)
			die("a child exited with a non-zero status");
	}
	if (wait(0) != -1)
		die("wait with no children did not return -1");

	/* Reaped children give back all their pages. */
	for (tries = 0; tries < 50; tries++) {
		after = freemem();
		if (after == before)
			break;
		sleep(1);
	}
	if (after != before) {
		printf("forktest: free memory %lu before, %lu after\n", before, after);
		die("memory not returned");
	}

	printf("forktest: %d children\n", n);
	printf("fork test OK\n");
	exit(0);
}
