/*
 * virtio.h: the parts of the virtio 1.1 specification Kite uses.
 *
 *   - the virtio-mmio transport, version 2 ("modern"), register layout
 *     from spec section 4.2.2 (MMIO Device Register Layout);
 *   - device status bits (2.1) and the reserved feature bits (6);
 *   - split virtqueues (2.6): descriptor table, driver ("available") ring
 *     and device ("used") ring;
 *   - the block device's configuration and request format (5.2);
 *   - the network device's features, configuration and header (5.1).
 *
 * Everything on the wire is little-endian, which RISC-V is too, so the
 * fields are plain integers.  Only definitions live here; the drivers use
 * them (dev/virtio_blk.c, dev/virtio_net.c).
 */
#ifndef KITE_DEV_VIRTIO_H
#define KITE_DEV_VIRTIO_H

#include "../abi/types.h"

/* ---- virtio-mmio registers (byte offsets from the slot's base) ---- */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000 /* reads VIRTIO_MMIO_MAGIC */
#define VIRTIO_MMIO_VERSION 0x004     /* 2 for the modern interface */
#define VIRTIO_MMIO_DEVICE_ID 0x008   /* VIRTIO_ID_*; 0 = empty slot */
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010     /* 32 feature bits, chosen by ..._SEL */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014 /* 0: bits 0..31, 1: bits 32..63 */
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034 /* largest queue the device supports; 0 = none */
#define VIRTIO_MMIO_QUEUE_NUM 0x038     /* queue size the driver chose */
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050 /* write the queue index: new buffers */
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070 /* VIRTIO_STATUS_*; write 0 to reset */
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090 /* the available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0 /* the used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100 /* device-specific configuration */

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */
#define VIRTIO_MMIO_MODERN 2

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_RING 0x1 /* the device used a buffer */
#define VIRTIO_INT_CONFIG_CHANGE 0x2

/* Device IDs (5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2

/* Device status (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1 /* the guest noticed the device */
#define VIRTIO_STATUS_DRIVER 2      /* ...and knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK 4   /* the driver is ready */
#define VIRTIO_STATUS_FEATURES_OK 8 /* feature negotiation is complete */
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128 /* the driver gave up */

/* Reserved feature bits (6), as bit numbers. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32 /* modern device: must be accepted */

/* ---- split virtqueue (2.6) ---- */
#define VRING_DESC_F_NEXT 1  /* the chain continues in `next` */
#define VRING_DESC_F_WRITE 2 /* the device writes this buffer */

struct vring_desc {
	uint64 addr; /* physical address */
	uint32 len;
	uint16 flags;
	uint16 next;
};

/* Alignment the spec requires of each part (2.6, table "Virtqueue Part Alignment"). */
#define VRING_DESC_ALIGN 16
#define VRING_AVAIL_ALIGN 2
#define VRING_USED_ALIGN 4

/* The driver ("available") ring, for a queue of `qsize` entries. */
struct vring_avail_hdr {
	uint16 flags;
	uint16 idx; /* where the driver will put the next entry (mod qsize) */
	            /* uint16 ring[qsize]; uint16 used_event; follow */
};

struct vring_used_elem {
	uint32 id;  /* head descriptor of the chain the device finished */
	uint32 len; /* bytes the device wrote into the chain */
};

struct vring_used_hdr {
	uint16 flags;
	uint16 idx; /* where the device will put the next entry (mod qsize) */
	            /* struct vring_used_elem ring[qsize]; uint16 avail_event; follow */
};

/* ---- block device (5.2) ---- */
#define VIRTIO_BLK_F_SEG_MAX 2 /* seg_max in the configuration is valid */
#define VIRTIO_BLK_F_RO 5      /* the disk is read-only */
/*
 * The device has a volatile write cache and takes VIRTIO_BLK_T_FLUSH.  A
 * driver that accepts it must flush for durability; one that does not gets
 * a write-through disk (QEMU turns its cache off) -- safe but slow.
 */
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_SECTOR_SIZE 512 /* request sectors are always 512 bytes */

/* Configuration space: the fields used here. */
#define VIRTIO_BLK_CFG_CAPACITY 0x00 /* uint64, in 512-byte sectors */
#define VIRTIO_BLK_CFG_SEG_MAX 0x0c  /* uint32: most data buffers in one request */

#define VIRTIO_BLK_T_IN 0    /* read */
#define VIRTIO_BLK_T_OUT 1   /* write */
#define VIRTIO_BLK_T_FLUSH 4 /* make every completed write durable; sector 0, no data */

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

/* The device-readable header that starts every request. */
struct virtio_blk_req_hdr {
	uint32 type; /* VIRTIO_BLK_T_* */
	uint32 reserved;
	uint64 sector;
};

/* ---- network device (5.1) ---- */
#define VIRTIO_NET_F_MAC 5     /* config has the MAC address */
#define VIRTIO_NET_F_STATUS 16 /* config has the link status */

#define VIRTIO_NET_Q_RX 0 /* receiveq1 */
#define VIRTIO_NET_Q_TX 1 /* transmitq1 */

/* Configuration space. */
#define VIRTIO_NET_CFG_MAC 0x00    /* uint8[6] */
#define VIRTIO_NET_CFG_STATUS 0x06 /* uint16, VIRTIO_NET_S_* */
#define VIRTIO_NET_S_LINK_UP 1

/* The header in front of every frame, both ways (5.1.6); with
 * VIRTIO_F_VERSION_1 it always has num_buffers. */
struct virtio_net_hdr {
	uint8 flags;
	uint8 gso_type; /* VIRTIO_NET_HDR_GSO_NONE */
	uint16 hdr_len;
	uint16 gso_size;
	uint16 csum_start;
	uint16 csum_offset;
	uint16 num_buffers;
};
#define VIRTIO_NET_HDR_GSO_NONE 0
_Static_assert(sizeof(struct virtio_net_hdr) == 12, "virtio-net header layout");

#endif
