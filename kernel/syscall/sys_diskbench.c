/*
 * sys_diskbench.c: diskbench(op, arg) (kernel/diskbench.h), for make
 * bench: the device-limit loop, a cold buffer cache, the disk's counters.
 */
#include "syscall/syscall.h"
#include "../abi/diskbench.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "fs/bcache.h"
#include "fs/diskbench.h"
#include "fs/fs.h"
#include "dev/virtio_blk.h"
#include "lib/errno.h"

int64 sys_diskbench(void)
{
	int op = arg_int(0);
	uint64 arg = arg_raw(1);
	switch (op) {
	case DISKBENCH_DROP:
		return bdrop_clean(fs_dev);
	case DISKBENCH_READ:
	case DISKBENCH_WRITE:
		return diskbench_io(op == DISKBENCH_WRITE, arg);
	case DISKBENCH_STATS: {
		struct vblk_stats vs;
		virtio_blk_stats(&vs);
		struct diskstats ds = {.reads = vs.reads,
		                       .writes = vs.writes,
		                       .read_reqs = vs.read_reqs,
		                       .write_reqs = vs.write_reqs,
		                       .flushes = vs.flushes};
		return copyout(myproc()->pagetable, arg, &ds, sizeof(ds));
	}
	}
	return -E_INVAL;
}
