/*
 * fsstats.h: the file system's and the disk's counters, for kstats().
 */
#ifndef KITE_FS_FSSTATS_H
#define KITE_FS_FSSTATS_H

#include "../abi/sysinfo.h"

/* Fill log_commits, disk_reads, disk_writes and disk_max_inflight of ks. */
void fs_fill_stats(struct kstats *ks);

#endif
