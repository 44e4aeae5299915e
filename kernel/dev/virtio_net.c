/*
 * virtio_net.c: driver for a virtio network device on the modern
 * virtio-mmio transport (virtio 1.1 sections 3.1, 4.2 and 5.1).
 *
 * Two split virtqueues of VQ_SIZE descriptors, each in its own page:
 * receiveq (0) and transmitq (1).  Every buffer is one pbuf and one
 * descriptor: the 12-byte virtio_net_hdr followed by the frame.
 *
 * Receive: at set-up every receive descriptor gets an empty pbuf, so
 * VQ_SIZE frames can arrive before the driver looks.  virtio_net_recv()
 * (the network's receive thread) sleeps until the used ring has an entry,
 * takes that pbuf as the frame and posts a fresh pbuf in the same
 * descriptor; if no memory is free it reposts the old one and the frame
 * is dropped.  The interrupt handler only wakes the receiver.
 *
 * Transmit: virtio_net_send() pushes the header in front of the frame and
 * publishes it in a free descriptor; the interrupt handler (and the next
 * send) reclaims the descriptors the device has used and frees their pbufs.
 * When every descriptor is in use, up to TXQ_MAX frames wait in a list
 * (txq) and go out as descriptors come back, so a burst (a TCP window of
 * 45 segments) is not cut short; only past that is a frame dropped.
 *
 * Testing loss: the boot argument net_drop=N makes the driver drop every
 * Nth frame it receives and every Nth it is given to send (counted in
 * rx_dropped and tx_dropped), so tests can show that TCP retransmits and
 * still delivers every byte in order.
 *
 * Locking: vnet.lock (a spinlock) guards both rings, tx_pbuf[], rx_pbuf[],
 * the txq and the counters.  Fields set in device_setup (regs, mac, the ring
 * pointers, has_status) are read-only once `ready` is 1.
 */
#include "mm/kvm.h"
#include "dev/virtio_net.h"
#include "dev/virtio.h"
#include "dev/virtio_mmio.h"
#include "dev/plic.h"
#include "arch/riscv/fdt.h"
#include "net/pbuf.h"
#include "sync/spinlock.h"
#include "proc/sched.h"
#include "mm/page.h"
#include "lib/addr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "riscv.h"

#define VQ_SIZE 32 /* descriptors per queue (a power of two) */
#define NQUEUES 2
#define HDR_LEN ((int)sizeof(struct virtio_net_hdr))
#define RX_BUF_LEN PBUF_CAP /* a receive buffer is a whole pbuf */
#define TXQ_MAX 128
/* The device's hint that it is already working through the queue, so a
 * notification (a trap into QEMU) is not needed (virtio 1.1, 2.6.7.2). */
#define USED_F_NO_NOTIFY 1 /* frames waiting for a transmit descriptor */

#define AVAIL_OFFSET (VQ_SIZE * sizeof(struct vring_desc))
#define USED_OFFSET 2048
_Static_assert(AVAIL_OFFSET + sizeof(struct vring_avail_hdr) + (VQ_SIZE + 1) * sizeof(uint16) <=
                   USED_OFFSET,
               "available ring overlaps the used ring");
_Static_assert(USED_OFFSET + sizeof(struct vring_used_hdr) +
                       VQ_SIZE * sizeof(struct vring_used_elem) + sizeof(uint16) <=
                   PGSIZE,
               "virtqueue does not fit in a page");
_Static_assert(PBUF_HEADROOM >= HDR_LEN, "no room for the virtio-net header");

struct vq {
	struct vring_desc *desc;
	struct vring_avail_hdr *avail;
	uint16 *avail_ring;
	volatile struct vring_used_hdr *used;
	volatile struct vring_used_elem *used_ring;
	uint16 used_seen; /* next used-ring entry to look at */
};

static struct {
	struct spinlock lock; /* guards the queues, rx_pbuf, tx_pbuf, ntx_free and stats */
	volatile uint8 *regs;
	int ready; /* 1 once set up; never changes afterwards */
	int has_status;
	uint8 mac[ETH_ADDR_LEN];

	struct vq q[NQUEUES];
	struct pbuf *rx_pbuf[VQ_SIZE]; /* by descriptor: the buffer posted there */
	struct pbuf *tx_pbuf[VQ_SIZE]; /* by descriptor: the frame being sent; 0 = free */
	int ntx_free;
	struct pbuf *txq_head, *txq_tail; /* frames waiting for a descriptor, oldest first */
	int txq_len;
	uint64 drop_every; /* net_drop=N: drop each Nth frame received (0: none) */
	uint64 nreceived;  /* frames taken from the receive ring, for drop_every */
	uint64 nsent;      /* frames given to send, for drop_every */
	struct vnet_stats stats;
} vnet;

static inline uint32 rd(uint32 off)
{
	return *(volatile uint32 *)(vnet.regs + off);
}
static inline void wr(uint32 off, uint32 v)
{
	*(volatile uint32 *)(vnet.regs + off) = v;
}
static inline uint8 rd8(uint32 off)
{
	return *(volatile uint8 *)(vnet.regs + off);
}

static void wr64(uint32 lo_off, uint64 v)
{
	wr(lo_off, (uint32)v);
	wr(lo_off + 4, (uint32)(v >> 32));
}

static int fail(const char *why)
{
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
	printf("virtio-net: %s\n", why);
	return -E_IO;
}

/* VERSION_1 is required; MAC and STATUS are taken when offered.  No
 * checksum offload, no merged buffers: every frame fits one pbuf. */
static int negotiate_features(void)
{
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32 low = rd(VIRTIO_MMIO_DEVICE_FEATURES);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint32 high = rd(VIRTIO_MMIO_DEVICE_FEATURES);
	if (!(high & (1U << (VIRTIO_F_VERSION_1 - 32))))
		return fail("device does not offer VIRTIO_F_VERSION_1");
	if (!(low & (1U << VIRTIO_NET_F_MAC)))
		return fail("device has no MAC address");
	uint32 want = (1U << VIRTIO_NET_F_MAC) | (low & (1U << VIRTIO_NET_F_STATUS));
	vnet.has_status = (want & (1U << VIRTIO_NET_F_STATUS)) != 0;
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, want);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1U << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return fail("device refused our features");
	return 0;
}

static int setup_queue(int qi)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, qi);
	if (rd(VIRTIO_MMIO_QUEUE_READY))
		return fail("queue already in use");
	if (rd(VIRTIO_MMIO_QUEUE_NUM_MAX) < VQ_SIZE)
		return fail("queue too small");
	paddr_t pa = page_alloc_zeroed();
	if (!pa)
		return fail("no memory for a queue");
	uint8 *page = pa2kva(pa);
	struct vq *q = &vnet.q[qi];
	q->desc = (struct vring_desc *)page;
	q->avail = (struct vring_avail_hdr *)(page + AVAIL_OFFSET);
	q->avail_ring = (uint16 *)(q->avail + 1);
	q->used = (struct vring_used_hdr *)(page + USED_OFFSET);
	q->used_ring = (struct vring_used_elem *)(q->used + 1);
	wr(VIRTIO_MMIO_QUEUE_NUM, VQ_SIZE);
	wr64(VIRTIO_MMIO_QUEUE_DESC_LOW, kva2pa(q->desc));
	wr64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, kva2pa(q->avail));
	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, kva2pa((void *)q->used));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

/* Make descriptor d of queue qi available to the device; vnet.lock held
 * (or still single-threaded set-up). */
static void publish(int qi, int d)
{
	struct vq *q = &vnet.q[qi];
	q->avail_ring[q->avail->idx % VQ_SIZE] = (uint16)d;
	__sync_synchronize(); /* the entry before the index */
	q->avail->idx++;
	__sync_synchronize(); /* the index before reading the device's flags */
	if (!(q->used->flags & USED_F_NO_NOTIFY))
		wr(VIRTIO_MMIO_QUEUE_NOTIFY, qi);
}

/* Give the device pbuf p to receive into, in descriptor d. */
static void post_rx(int d, struct pbuf *p)
{
	vnet.rx_pbuf[d] = p;
	vnet.q[VIRTIO_NET_Q_RX].desc[d] =
	    (struct vring_desc){kva2pa(p->buf), RX_BUF_LEN, VRING_DESC_F_WRITE, 0};
	publish(VIRTIO_NET_Q_RX, d);
}

static int fill_rx(void)
{
	for (int d = 0; d < VQ_SIZE; d++) {
		struct pbuf *p = pbuf_alloc();
		if (!p)
			return fail("no memory for receive buffers");
		post_rx(d, p);
	}
	return 0;
}

static void virtio_net_intr(void *arg);

static int device_setup(paddr_t base, uint32 irq)
{
	vnet.regs = (volatile uint8 *)kdev(base);
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	int err = negotiate_features();
	for (int qi = 0; !err && qi < NQUEUES; qi++)
		err = setup_queue(qi);
	if (err)
		return err;
	uint32 gen;
	do {
		gen = rd(VIRTIO_MMIO_CONFIG_GENERATION);
		for (int i = 0; i < ETH_ADDR_LEN; i++)
			vnet.mac[i] = rd8(VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_MAC + i);
	} while (gen != rd(VIRTIO_MMIO_CONFIG_GENERATION));
	vnet.ntx_free = VQ_SIZE;
	if (bootarg_uint("net_drop", &vnet.drop_every) != 0)
		vnet.drop_every = 0;
	plic_register(irq, virtio_net_intr, 0);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	/* Buffers after DRIVER_OK: the spec lets the driver notify only then. */
	return fill_rx();
}

int virtio_net_init(void)
{
	spin_init(&vnet.lock, "virtio-net");
	int i = virtio_mmio_find(0, VIRTIO_ID_NET, "virtio-net");
	if (i >= 0) {
		if (device_setup(bootinfo.virtio[i].base, bootinfo.virtio_irq[i]) == 0) {
			__atomic_store_n(&vnet.ready, 1, __ATOMIC_RELEASE);
			return 0;
		}
		return -E_IO;
	}
	return -E_NODEV;
}

int virtio_net_ready(void)
{
	return __atomic_load_n(&vnet.ready, __ATOMIC_ACQUIRE);
}

void virtio_net_mac(uint8 mac[ETH_ADDR_LEN])
{
	memcpy(mac, vnet.mac, ETH_ADDR_LEN);
}

int virtio_net_link_up(void)
{
	if (!virtio_net_ready())
		return 0;
	if (!vnet.has_status)
		return 1;
	uint16 st = rd8(VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_STATUS);
	return (st & VIRTIO_NET_S_LINK_UP) != 0;
}

/* Put frame p (header pushed) in a free transmit descriptor; vnet.lock held. */
static void start_tx(struct pbuf *p)
{
	KASSERT(holding(&vnet.lock) && vnet.ntx_free > 0);
	int d = 0;
	while (vnet.tx_pbuf[d])
		d++;
	vnet.tx_pbuf[d] = p;
	vnet.ntx_free--;
	vnet.q[VIRTIO_NET_Q_TX].desc[d] = (struct vring_desc){kva2pa(pbuf_data(p)), p->len, 0, 0};
	vnet.stats.tx_frames++;
	publish(VIRTIO_NET_Q_TX, d);
}

/* Free the frames the device has finished sending and start the waiting
 * ones in the descriptors that frees; vnet.lock held. */
static void reclaim_tx(void)
{
	KASSERT(holding(&vnet.lock));
	struct vq *q = &vnet.q[VIRTIO_NET_Q_TX];
	while (q->used_seen != q->used->idx) {
		__sync_synchronize();
		uint32 d = q->used_ring[q->used_seen % VQ_SIZE].id;
		q->used_seen++;
		if (d >= VQ_SIZE || !vnet.tx_pbuf[d]) {
			printf("virtio-net: device completed unknown transmit descriptor %u\n", d);
			continue;
		}
		pbuf_free(vnet.tx_pbuf[d]);
		vnet.tx_pbuf[d] = 0;
		vnet.ntx_free++;
	}
	while (vnet.txq_head && vnet.ntx_free > 0) {
		struct pbuf *p = vnet.txq_head;
		vnet.txq_head = p->next;
		if (!vnet.txq_head)
			vnet.txq_tail = 0;
		vnet.txq_len--;
		p->next = 0;
		start_tx(p);
	}
}

int virtio_net_send(struct pbuf *p)
{
	if (!virtio_net_ready()) {
		pbuf_free(p);
		return -E_NODEV;
	}
	struct virtio_net_hdr *h = pbuf_push(p, HDR_LEN);
	memset(h, 0, sizeof(*h));
	h->gso_type = VIRTIO_NET_HDR_GSO_NONE;
	acquire(&vnet.lock);
	reclaim_tx();
	if (vnet.drop_every && ++vnet.nsent % vnet.drop_every == 0) {
		vnet.stats.tx_dropped++;
		release(&vnet.lock);
		pbuf_free(p);
		return 0; /* lost on the wire, as far as the sender can tell */
	}
	if (vnet.ntx_free > 0 && !vnet.txq_head) {
		start_tx(p);
	} else if (vnet.txq_len < TXQ_MAX) {
		p->next = 0;
		if (vnet.txq_tail)
			vnet.txq_tail->next = p;
		else
			vnet.txq_head = p;
		vnet.txq_tail = p;
		vnet.txq_len++;
	} else {
		vnet.stats.tx_dropped++;
		release(&vnet.lock);
		pbuf_free(p);
		return -E_AGAIN;
	}
	release(&vnet.lock);
	return 0;
}

struct pbuf *virtio_net_recv(void)
{
	KASSERT(virtio_net_ready());
	struct vq *q = &vnet.q[VIRTIO_NET_Q_RX];
	acquire(&vnet.lock);
	for (;;) {
		while (q->used_seen == q->used->idx)
			sleep(&vnet.rx_pbuf, &vnet.lock);
		__sync_synchronize();
		uint32 d = q->used_ring[q->used_seen % VQ_SIZE].id;
		uint32 len = q->used_ring[q->used_seen % VQ_SIZE].len;
		q->used_seen++;
		if (d >= VQ_SIZE) {
			printf("virtio-net: device used unknown receive descriptor %u\n", d);
			continue;
		}
		struct pbuf *p = vnet.rx_pbuf[d];
		struct pbuf *fresh = pbuf_alloc();
		int drop = vnet.drop_every && ++vnet.nreceived % vnet.drop_every == 0;
		if (!fresh || drop || len < (uint32)HDR_LEN || len > RX_BUF_LEN) {
			vnet.stats.rx_dropped++;
			post_rx((int)d, p); /* the old buffer goes back; the frame is lost */
			if (fresh)
				pbuf_free(fresh);
			continue;
		}
		post_rx((int)d, fresh);
		vnet.stats.rx_frames++;
		release(&vnet.lock);
		p->off = HDR_LEN;
		p->len = (uint16)(len - HDR_LEN);
		return p;
	}
}

static void virtio_net_intr(void *arg)
{
	(void)arg;
	acquire(&vnet.lock);
	wr(VIRTIO_MMIO_INTERRUPT_ACK,
	   rd(VIRTIO_MMIO_INTERRUPT_STATUS) & (VIRTIO_INT_USED_RING | VIRTIO_INT_CONFIG_CHANGE));
	__sync_synchronize();
	reclaim_tx();
	wakeup(&vnet.rx_pbuf);
	release(&vnet.lock);
}

void virtio_net_stats(struct vnet_stats *out)
{
	acquire(&vnet.lock);
	*out = vnet.stats;
	release(&vnet.lock);
}
