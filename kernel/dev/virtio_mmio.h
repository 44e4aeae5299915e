/*
 * virtio_mmio.h: finding a device on the virtio-mmio slots the device
 * tree listed (bootinfo.virtio), for the drivers (dev/virtio_blk.c,
 * dev/virtio_net.c).
 */
#ifndef KITE_DEV_VIRTIO_MMIO_H
#define KITE_DEV_VIRTIO_MMIO_H

#include "../abi/types.h"

/*
 * The first slot, from slot `from` on, that holds a modern (version 2)
 * device of type device_id (VIRTIO_ID_*), or -1 if none does.  A legacy
 * device of that type is reported under name and skipped.
 */
int virtio_mmio_find(int from, uint32 device_id, const char *name);

#endif
