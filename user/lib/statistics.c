/*
 * statistics.c: the 6.1810 lock lab's statistics(buf, n): the kernel's
 * lock statistics report (lockstat, kernel/sync/lockstat.h) in buf, whose
 * first '=' is followed by a space and the total test-and-set spins on the
 * page allocator's and buffer cache's locks.  The report's length, or -1
 * with errno ERANGE when it does not fit in n bytes.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int statistics(void *buf, int n)
{
	return lockstat(buf, n);
}
