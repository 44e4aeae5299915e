/*
 * fsstats.c: gathering the counters the log and the disk driver keep
 * (each under its own lock or atomically) into a kstats record.
 */
#include "fs/fsstats.h"
#include "fs/log.h"
#include "dev/virtio_blk.h"

void fs_fill_stats(struct kstats *ks)
{
	struct vblk_stats vs;
	virtio_blk_stats(&vs);
	ks->disk_reads = vs.reads;
	ks->disk_writes = vs.writes;
	ks->disk_max_inflight = vs.max_inflight;
	ks->log_commits = log_commits();
}
