/*
 * diskbench.h: the device-limit loop (fs/diskbench.c) for diskbench().
 */
#ifndef KITE_FS_DISKBENCH_H
#define KITE_FS_DISKBENCH_H

#include "../abi/types.h"

/* Move kib KiB to (write) or from the disk in large requests; 0, -E_INVAL, -E_NOMEM, -E_IO,
 * -E_ROFS. */
int diskbench_io(int write, uint64 kib);

#endif
