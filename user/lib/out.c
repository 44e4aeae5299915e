/*
 * out.c: standard output that remembers its failures.  printf returns
 * nothing (xv6's interface), so every write to fd 1 made by printf or by
 * out_write is checked here; a utility calls out_check before exiting, and
 * a full disk or a closed pipe then gives a non-zero status.  A pipe whose
 * reader has gone (as in "yes | head -3") normally ends the writer with
 * SIGPIPE; a writer that ignores SIGPIPE sees EPIPE, which is not worth a
 * message either.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

static int out_errno; /* the cause of the first failed write, 0 if none */

ULIB_WEAK int out_write(const void *buf, int n)
{
	int done = write(1, buf, n);

	if (done == n)
		return 0;
	if (out_errno == 0)
		out_errno = done < 0 ? errno : ENOSPC; /* a short write: the disk is full */
	return -1;
}

ULIB_WEAK int out_failed(void)
{
	return out_errno != 0;
}

ULIB_WEAK int out_check(const char *prog)
{
	if (out_errno == 0)
		return 0;
	if (out_errno != EPIPE)
		fprintf(2, "%s: write error: %s\n", prog, strerror(out_errno));
	return 1;
}
