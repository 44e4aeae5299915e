/*
 * diskbench.h: the diskbench() call (make bench's device-limit figures
 * and cold reads), shared by the kernel and user programs.
 *
 *   int diskbench(int op, uint64 arg);   0 (or a count), or -E_*
 */
#ifndef KITE_DISKBENCH_H
#define KITE_DISKBENCH_H

#include "types.h"

/* Forget the buffer cache's clean, unused blocks, so the next reads are cold; returns how many. */
#define DISKBENCH_DROP 0
/* Read arg KiB from the disk in the largest requests the driver makes, several in flight. */
#define DISKBENCH_READ 1
/* Write arg KiB the same way (over the log's free slots), then one flush. */
#define DISKBENCH_WRITE 2
/* Copy the driver's counters (struct diskstats) to user address arg. */
#define DISKBENCH_STATS 3

#define DISKBENCH_MAX_KIB (1024 * 1024) /* the most one READ or WRITE moves: 1 GiB */

struct diskstats {
	uint64 reads;      /* blocks read since boot */
	uint64 writes;     /* blocks written */
	uint64 read_reqs;  /* read requests (a run of blocks is one) */
	uint64 write_reqs; /* write requests */
	uint64 flushes;    /* flush requests */
};

#endif
