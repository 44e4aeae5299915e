/*
 * virtio_net.h: the virtio network device (dev/virtio_net.c).  Frames go
 * in and out as pbufs (net/pbuf.h); the protocol stack above does not know
 * which device it drives.
 */
#ifndef KITE_DEV_VIRTIO_NET_H
#define KITE_DEV_VIRTIO_NET_H

#include "../abi/types.h"

struct pbuf;

#define ETH_ADDR_LEN 6

/* Find and set up the first virtio-net device: 0, or -E_NODEV / -E_IO. */
int virtio_net_init(void);
/* Is there a working device (virtio_net_init returned 0)? */
int virtio_net_ready(void);
void virtio_net_mac(uint8 mac[ETH_ADDR_LEN]);
/* 1 when the device reports the link up (or cannot report it). */
int virtio_net_link_up(void);
/* Send the Ethernet frame in p (takes p): 0, or -E_AGAIN if the transmit
 * ring is full (p is freed and the frame counted as dropped). */
int virtio_net_send(struct pbuf *p);
/* Sleep until a frame has arrived and return it (the caller owns it);
 * runs in the network's receive thread. */
struct pbuf *virtio_net_recv(void);

struct vnet_stats {
	uint64 rx_frames, tx_frames;
	uint64 rx_dropped; /* no memory for a fresh buffer, a bad length, or net_drop */
	uint64 tx_dropped; /* transmit ring full, or net_drop */
};
void virtio_net_stats(struct vnet_stats *out);

#endif
