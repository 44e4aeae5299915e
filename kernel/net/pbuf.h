/*
 * pbuf.h: packet buffers.
 *
 * A pbuf is one frame in one contiguous buffer with room in front for the
 * headers that lower layers prepend (the virtio-net header, Ethernet, IPv4,
 * TCP).  `off` and `len` describe the bytes in use; push/pull move the
 * front, put/trim the end.
 *
 * Ownership: a pbuf has exactly one owner, whoever holds the pointer.  A
 * function that takes a pbuf argument and whose comment says "takes p"
 * becomes its owner and must free it or pass it on; every other function
 * only borrows it for the call.  The receive path hands each frame from
 * the driver to net_input(), which takes it; the send path hands it down
 * layer by layer to the driver, which frees it once the device is done.
 */
#ifndef KITE_NET_PBUF_H
#define KITE_NET_PBUF_H

#include "../abi/types.h"

#define PBUF_ALLOC 2048   /* bytes per pbuf, header included (one kmalloc slab size) */
#define PBUF_HEADROOM 128 /* room kept in front of a new pbuf's data for headers */

struct pbuf {
	struct pbuf *next; /* link for whichever queue owns the pbuf */
	uint16 off;        /* start of the data in buf[] */
	uint16 len;        /* bytes of data */
	uint32 src_ip;     /* receive queues: sender (host order) */
	uint16 src_port;   /* receive queues: sender's port (host order) */
	uint8 buf[];
};

#define PBUF_CAP (PBUF_ALLOC - (int)sizeof(struct pbuf)) /* bytes in buf[] */

/* A new pbuf with len 0 and PBUF_HEADROOM in front; 0 when memory is short. */
struct pbuf *pbuf_alloc(void);
/* Free p (takes p); p may be 0. */
void pbuf_free(struct pbuf *p);
static inline uint8 *pbuf_data(struct pbuf *p)
{
	return p->buf + p->off;
}
/* Room after the data. */
static inline int pbuf_tailroom(const struct pbuf *p)
{
	return PBUF_CAP - p->off - p->len;
}
/* Prepend n bytes (a header); panics if the headroom is gone (a kernel bug). */
void *pbuf_push(struct pbuf *p, int n);
/* Strip n bytes from the front; the stripped header, or 0 if p is shorter. */
void *pbuf_pull(struct pbuf *p, int n);
/* Append n bytes; where they go, or 0 if they do not fit. */
void *pbuf_put(struct pbuf *p, int n);
/* Cut the data to n bytes (n <= len): drops padding after a packet. */
void pbuf_trim(struct pbuf *p, int n);
/* pbufs allocated and not yet freed (for leak tests and netstat). */
int pbuf_in_use(void);

#endif
