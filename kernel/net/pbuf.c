/*
 * pbuf.c: packet buffers from the kernel heap (see pbuf.h for the
 * ownership rule).  A pbuf is exactly one kmalloc slab object, so its
 * buffer is physically contiguous and a device can DMA into it.
 */
#include "net/pbuf.h"
#include "mm/kmalloc.h"
#include "lib/panic.h"

_Static_assert(PBUF_ALLOC <= KMALLOC_SMALL_MAX, "a pbuf must be one slab object");

static int nalloc; /* pbufs live; atomic */

struct pbuf *pbuf_alloc(void)
{
	struct pbuf *p = kmalloc(PBUF_ALLOC);
	if (!p)
		return 0;
	p->next = 0;
	p->off = PBUF_HEADROOM;
	p->len = 0;
	p->src_ip = 0;
	p->src_port = 0;
	__atomic_fetch_add(&nalloc, 1, __ATOMIC_RELAXED);
	return p;
}

void pbuf_free(struct pbuf *p)
{
	if (!p)
		return;
	__atomic_fetch_sub(&nalloc, 1, __ATOMIC_RELAXED);
	kfree(p);
}

void *pbuf_push(struct pbuf *p, int n)
{
	if (n < 0 || n > p->off)
		panic("pbuf_push: %d bytes, only %u of headroom", n, p->off);
	p->off -= n;
	p->len += n;
	return pbuf_data(p);
}

void *pbuf_pull(struct pbuf *p, int n)
{
	if (n < 0 || n > p->len)
		return 0;
	void *h = pbuf_data(p);
	p->off += n;
	p->len -= n;
	return h;
}

void *pbuf_put(struct pbuf *p, int n)
{
	if (n < 0 || n > pbuf_tailroom(p))
		return 0;
	void *t = pbuf_data(p) + p->len;
	p->len += n;
	return t;
}

void pbuf_trim(struct pbuf *p, int n)
{
	KASSERT(n >= 0 && n <= p->len);
	p->len = n;
}

int pbuf_in_use(void)
{
	return __atomic_load_n(&nalloc, __ATOMIC_RELAXED);
}
