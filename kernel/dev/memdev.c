/*
 * memdev.c: devices with no hardware behind them.  /dev/null: a read
 * returns 0 (end of file), a write takes every byte and drops it.
 * /dev/zero: a read fills the buffer with zeros, a write is dropped.
 * No state, so no lock.
 */
#include "dev/memdev.h"
#include "fs/file.h"
#include "proc/uaccess.h"
#include "../abi/devno.h"
#include "lib/errno.h"

#define ZERO_CHUNK 512

static const char zeros[ZERO_CHUNK];

static int null_read(int user_dst, uint64 dst, int n)
{
	(void)user_dst;
	(void)dst;
	(void)n;
	return 0;
}

static int drop_write(int user_src, uint64 src, int n)
{
	(void)user_src;
	(void)src;
	return n;
}

static int zero_read(int user_dst, uint64 dst, int n)
{
	int done = 0;
	while (done < n) {
		int m = n - done < ZERO_CHUNK ? n - done : ZERO_CHUNK;
		if (either_copyout(user_dst, dst + (uint64)done, zeros, (uint64)m) < 0)
			return done > 0 ? done : -E_FAULT;
		done += m;
	}
	return done;
}

void memdev_init(void)
{
	devsw[NULLDEV].read = null_read;
	devsw[NULLDEV].write = drop_write;
	devsw[ZERODEV].read = zero_read;
	devsw[ZERODEV].write = drop_write;
}
