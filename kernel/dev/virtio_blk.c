/*
 * virtio_blk.c: driver for a virtio block device on the modern (version 2)
 * virtio-mmio transport (virtio 1.1, sections 3.1 "Device
 * Initialization", 4.2 "Virtio Over MMIO", 5.2 "Block Device").
 *
 * One split virtqueue of up to VQ_MAX descriptors is shared by every
 * caller.  A read or write is a chain of the request header (device
 * reads), one BSIZE data descriptor per block of the run (device reads or
 * writes) and a one-byte status (device writes); a flush has no data
 * descriptor.  A run of consecutive blocks is one request, so the device
 * (QEMU: one host system call per request) sees 64 KiB where it used to
 * see 64 requests of 1 KiB; the buffers need not be contiguous in memory.
 * The header and status live in per-head arrays indexed by the chain's
 * first descriptor, so a completed used-ring entry leads straight back to
 * its request.
 *
 * Write cache (virtio 1.1, 5.2.6): when the device offers VIRTIO_BLK_F_FLUSH we
 * accept it, so a completed write may sit in the device's volatile cache
 * and reach the medium in any order until a flush completes.  The log
 * (fs/log.c) issues the flushes its ordering needs.  A device without
 * the feature writes through: virtio_blk_flush() then has nothing to do.
 * The boot argument vblk_noflush=1 accepts the cache but skips every
 * flush: a deliberately unsafe kernel, for showing that the crash-state
 * explorer (scripts/crashcheck.py) catches a missing barrier.
 *
 * Flow: submit takes the chain's free descriptors from a stack of free
 * ones (sleeping on `vblk.freedesc` when too few are free), publishes the
 * chain in the available ring and notifies the device; the interrupt
 * handler walks the used ring from `used_seen`, records each request's
 * status, frees its descriptors and wakes the request's waiter (channel:
 * the request itself), or, for a request with a `complete` function,
 * calls it after dropping vblk.lock.
 *
 * Locking: vblk.lock (a spinlock, so interrupts are off while it is held)
 * guards the rings, the free-descriptor stack, `inflight[]`, every queued
 * request's done/status fields and the counters.  Fields set at init
 * (regs, capacity, queue size, ring pointers) are read-only afterwards.
 */
#include "mm/kvm.h"
#include "dev/virtio_blk.h"
#include "dev/virtio.h"
#include "dev/virtio_mmio.h"
#include "dev/plic.h"
#include "arch/riscv/fdt.h"
#include "sync/spinlock.h"
#include "proc/sched.h"
#include "mm/page.h"
#include "lib/addr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "riscv.h"
#include "../abi/fs.h"

#define VQ_MAX 256           /* most descriptors in the queue (a power of two) */
#define VQ_MIN 64            /* fewer and the device is refused */
#define DESC_PER_REQ_FIXED 2 /* header and status, around the data descriptors */
#define SECTORS_PER_BLOCK (BSIZE / VIRTIO_BLK_SECTOR_SIZE)
#define STATUS_PENDING 0xff /* status byte before the device writes it */

/* The descriptor table fills one page; both rings share a second one. */
#define USED_OFFSET 1024
_Static_assert(VQ_MAX * sizeof(struct vring_desc) <= PGSIZE, "descriptors do not fit in a page");
_Static_assert(sizeof(struct vring_avail_hdr) + (VQ_MAX + 1) * sizeof(uint16) <= USED_OFFSET,
               "available ring overlaps the used ring");
_Static_assert(USED_OFFSET + sizeof(struct vring_used_hdr) +
                       VQ_MAX * sizeof(struct vring_used_elem) + sizeof(uint16) <=
                   PGSIZE,
               "used ring does not fit in a page");
_Static_assert(USED_OFFSET % VRING_USED_ALIGN == 0, "ring alignment");

static struct {
	struct spinlock lock; /* guards the rings, the descriptor free list, requests and stats */
	volatile uint8 *regs;
	uint64 nblocks;
	int ready;
	int has_flush;  /* VIRTIO_BLK_F_FLUSH negotiated: the device caches writes */
	int skip_flush; /* boot argument vblk_noflush: pretend flushes happen */

	uint qsize;   /* descriptors in the queue: a power of two, VQ_MIN..VQ_MAX */
	int max_segs; /* most data descriptors in one request */

	struct vring_desc *desc;
	struct vring_avail_hdr *avail;
	uint16 *avail_ring;
	volatile struct vring_used_hdr *used;
	volatile struct vring_used_elem *used_ring;

	uint16 freedesc[VQ_MAX];               /* a stack of the free descriptors' numbers */
	int nfree;                             /* how many of freedesc[] are valid */
	uint16 used_seen;                      /* next used-ring entry to look at */
	struct virtio_blk_req_hdr hdr[VQ_MAX]; /* by head descriptor */
	volatile uint8 status[VQ_MAX];         /* by head descriptor */
	struct vblk_req *inflight[VQ_MAX];     /* by head descriptor */
	int ninflight;

	struct vblk_stats stats;
	int fail_skip; /* test hook: matching requests to let through first */
	int fail_next; /* test hook: then requests to misdirect */
	int fail_writes_only;
} vblk;

int virtio_blk_quiet;

static inline uint32 rd(uint32 off)
{
	return *(volatile uint32 *)(vblk.regs + off);
}
static inline void wr(uint32 off, uint32 v)
{
	*(volatile uint32 *)(vblk.regs + off) = v;
}

static void wr64(uint32 lo_off, uint64 v)
{
	wr(lo_off, (uint32)v);
	wr(lo_off + 4, (uint32)(v >> 32));
}

/* The 64-bit capacity, read until the configuration generation is stable. */
static uint64 read_capacity(void)
{
	uint32 gen, lo, hi;
	do {
		gen = rd(VIRTIO_MMIO_CONFIG_GENERATION);
		lo = rd(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY);
		hi = rd(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4);
	} while (gen != rd(VIRTIO_MMIO_CONFIG_GENERATION));
	return ((uint64)hi << 32) | lo;
}

static int fail(const char *why)
{
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
	printf("virtio-blk: %s\n", why);
	return -E_IO;
}

/* Features: VERSION_1 (required of a modern driver), FLUSH and SEG_MAX if offered. */
static int negotiate_features(void)
{
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint32 high = rd(VIRTIO_MMIO_DEVICE_FEATURES);
	if (!(high & (1U << (VIRTIO_F_VERSION_1 - 32))))
		return fail("device does not offer VIRTIO_F_VERSION_1");
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32 low = rd(VIRTIO_MMIO_DEVICE_FEATURES) &
	             ((1U << VIRTIO_BLK_F_FLUSH) | (1U << VIRTIO_BLK_F_SEG_MAX));
	vblk.has_flush = (low & (1U << VIRTIO_BLK_F_FLUSH)) != 0;
	vblk.max_segs = VBLK_MAX_SEGS;
	if (low & (1U << VIRTIO_BLK_F_SEG_MAX)) {
		uint32 seg_max = rd(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_SEG_MAX);
		if (seg_max >= 1 && seg_max < (uint32)vblk.max_segs)
			vblk.max_segs = (int)seg_max;
	}
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, low);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1U << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return fail("device refused our features");
	return 0;
}

static int setup_queue(void)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	if (rd(VIRTIO_MMIO_QUEUE_READY))
		return fail("queue 0 already in use");
	uint32 max = rd(VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max < VQ_MIN)
		return fail("queue 0 too small");
	vblk.qsize = VQ_MAX;
	while (vblk.qsize > max) /* stays a power of two, >= VQ_MIN */
		vblk.qsize /= 2;
	paddr_t dpa = page_alloc_zeroed(), rpa = page_alloc_zeroed();
	if (!dpa || !rpa) {
		if (dpa)
			page_free(dpa);
		if (rpa)
			page_free(rpa);
		return fail("no memory for the queue");
	}
	uint8 *rings = pa2kva(rpa);
	vblk.desc = (struct vring_desc *)pa2kva(dpa);
	vblk.avail = (struct vring_avail_hdr *)rings;
	vblk.avail_ring = (uint16 *)(vblk.avail + 1);
	vblk.used = (struct vring_used_hdr *)(rings + USED_OFFSET);
	vblk.used_ring = (struct vring_used_elem *)(vblk.used + 1);
	wr(VIRTIO_MMIO_QUEUE_NUM, vblk.qsize);
	wr64(VIRTIO_MMIO_QUEUE_DESC_LOW, kva2pa(vblk.desc));
	wr64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, kva2pa(vblk.avail));
	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, kva2pa((void *)vblk.used));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	for (uint i = 0; i < vblk.qsize; i++)
		vblk.freedesc[i] = (uint16)i;
	vblk.nfree = (int)vblk.qsize;
	/* Two of the longest requests fit in the queue at once. */
	int fit = (int)vblk.qsize / 2 - DESC_PER_REQ_FIXED;
	if (vblk.max_segs > fit)
		vblk.max_segs = fit;
	return 0;
}

static void virtio_blk_intr(void *arg);

/* Section 3.1.1: reset, acknowledge, features, queue, DRIVER_OK. */
static int device_setup(paddr_t base, uint32 irq)
{
	vblk.regs = (volatile uint8 *)kdev(base);
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	int err = negotiate_features();
	if (!err)
		err = setup_queue();
	if (err)
		return err;
	vblk.nblocks = read_capacity() / SECTORS_PER_BLOCK;
	uint64 noflush = 0;
	vblk.skip_flush = bootarg_uint("vblk_noflush", &noflush) == 0 && noflush != 0;
	if (vblk.skip_flush)
		printf(
		    "virtio-blk: vblk_noflush: write barriers off, a crash may corrupt the disk\n");
	plic_register(irq, virtio_blk_intr, 0);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	return 0;
}

int virtio_blk_init(void)
{
	static struct spinlock init_lock = SPINLOCK_INIT("virtio-blk init"); /* one initialiser */
	acquire(&init_lock);
	int ready = vblk.ready;
	if (!ready)
		vblk.ready = -1; /* being set up: others see "no disk" meanwhile */
	release(&init_lock);
	if (ready)
		return ready > 0 ? 0 : -E_IO;

	spin_init(&vblk.lock, "virtio-blk");
	for (int i = virtio_mmio_find(0, VIRTIO_ID_BLOCK, "virtio-blk"); i >= 0;
	     i = virtio_mmio_find(i + 1, VIRTIO_ID_BLOCK, "virtio-blk")) {
		if (device_setup(bootinfo.virtio[i].base, bootinfo.virtio_irq[i]) == 0) {
			__atomic_store_n(&vblk.ready, 1, __ATOMIC_RELEASE);
			return 0;
		}
	}
	printf("virtio-blk: no usable disk\n");
	return -E_IO;
}

uint64 virtio_blk_nblocks(void)
{
	return vblk.ready > 0 ? vblk.nblocks : 0;
}

int virtio_blk_max_segs(void)
{
	return vblk.ready > 0 ? vblk.max_segs : 1;
}

/* Take one free descriptor; vblk.lock held and one known to be free. */
static int alloc_desc(void)
{
	KASSERT(holding(&vblk.lock));
	if (vblk.nfree <= 0)
		panic("virtio-blk: descriptor count out of step");
	return vblk.freedesc[--vblk.nfree];
}

/* Free the chain starting at head; vblk.lock held. */
static void free_chain(int head)
{
	KASSERT(holding(&vblk.lock));
	for (int i = head;;) {
		KASSERT(vblk.nfree < (int)vblk.qsize);
		int more = vblk.desc[i].flags & VRING_DESC_F_NEXT;
		int next = vblk.desc[i].next;
		memset(&vblk.desc[i], 0, sizeof(vblk.desc[i]));
		vblk.freedesc[vblk.nfree++] = (uint16)i;
		if (!more)
			break;
		i = next;
	}
	wakeup(&vblk.freedesc);
}

/* Blocks r moves: 0 for a flush. */
static int req_blocks(const struct vblk_req *r, uint32 type)
{
	if (type == VIRTIO_BLK_T_FLUSH)
		return 0;
	return r->seg ? r->nseg : 1;
}

/* The buffer of block i of r. */
static void *req_buf(const struct vblk_req *r, int i)
{
	return r->seg ? (void *)r->seg[i] : r->data;
}

/*
 * Queue r as a request of the given type (T_IN, T_OUT or T_FLUSH): take
 * the descriptors (sleeping while too few are free), fill the chain
 * (header, one descriptor per block, status), publish it and notify the
 * device.
 */
static void queue_request(struct vblk_req *r, uint32 type)
{
	KASSERT(vblk.ready > 0);
	int flush = type == VIRTIO_BLK_T_FLUSH;
	int nblk = req_blocks(r, type);
	KASSERT(flush || (nblk >= 1 && nblk <= vblk.max_segs));
	int ndesc = nblk + DESC_PER_REQ_FIXED;
	acquire(&vblk.lock);
	while (vblk.nfree < ndesc)
		sleep(&vblk.freedesc, &vblk.lock);
	int head = alloc_desc();

	uint64 sector = flush ? 0 : (uint64)r->blockno * SECTORS_PER_BLOCK;
	if (!flush && vblk.fail_next > 0 && (r->write || !vblk.fail_writes_only)) {
		if (vblk.fail_skip > 0) {
			vblk.fail_skip--;
		} else {
			vblk.fail_next--;
			sector = vblk.nblocks * SECTORS_PER_BLOCK; /* just past the end */
		}
	}
	struct virtio_blk_req_hdr *h = &vblk.hdr[head];
	h->type = type;
	h->reserved = 0;
	h->sector = sector;
	vblk.status[head] = STATUS_PENDING;

	/* Each descriptor is filled, then linked from the one before it. */
	struct vring_desc *prev = &vblk.desc[head];
	*prev = (struct vring_desc){kva2pa(h), sizeof(*h), VRING_DESC_F_NEXT, 0};
	uint16 dflags = (uint16)(VRING_DESC_F_NEXT | (r->write ? 0 : VRING_DESC_F_WRITE));
	for (int i = 0; i < nblk; i++) {
		int d = alloc_desc();
		vblk.desc[d] = (struct vring_desc){kva2pa(req_buf(r, i)), BSIZE, dflags, 0};
		prev->next = (uint16)d;
		prev = &vblk.desc[d];
	}
	int st = alloc_desc();
	vblk.desc[st] =
	    (struct vring_desc){kva2pa((void *)&vblk.status[head]), 1, VRING_DESC_F_WRITE, 0};
	prev->next = (uint16)st;

	r->done = 0;
	r->status = 0;
	vblk.inflight[head] = r;
	if (++vblk.ninflight > (int)vblk.stats.max_inflight)
		vblk.stats.max_inflight = vblk.ninflight;
	if (flush) {
		vblk.stats.flushes++;
	} else if (r->write) {
		vblk.stats.writes += (uint64)nblk;
		vblk.stats.write_reqs++;
	} else {
		vblk.stats.reads += (uint64)nblk;
		vblk.stats.read_reqs++;
	}

	/* Publish: the ring entry must be visible before the index moves. */
	vblk.avail_ring[vblk.avail->idx % vblk.qsize] = (uint16)head;
	__sync_synchronize();
	vblk.avail->idx++;
	__sync_synchronize();
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	release(&vblk.lock);
}

void virtio_blk_submit(struct vblk_req *r)
{
	queue_request(r, r->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN);
}

int virtio_blk_flush(void)
{
	KASSERT(vblk.ready > 0);
	if (!vblk.has_flush || vblk.skip_flush)
		return 0;
	struct vblk_req r = {0};
	queue_request(&r, VIRTIO_BLK_T_FLUSH);
	acquire(&vblk.lock);
	while (!r.done)
		sleep(&r, &vblk.lock);
	int quiet = virtio_blk_quiet;
	release(&vblk.lock);
	if (r.status && !quiet)
		printf("virtio-blk: flush error\n");
	return r.status;
}

int virtio_blk_has_cache(void)
{
	return vblk.ready > 0 && vblk.has_flush;
}

int virtio_blk_wait(struct vblk_req *r)
{
	acquire(&vblk.lock);
	while (!r->done)
		sleep(r, &vblk.lock);
	int st = r->status;
	int quiet = virtio_blk_quiet;
	release(&vblk.lock);
	if (st && !quiet)
		printf("virtio-blk: %s error at block %u (%d blocks)\n",
		       r->write ? "write" : "read", r->blockno, r->seg ? r->nseg : 1);
	return st;
}

int virtio_blk_rw(struct vblk_req *r)
{
	virtio_blk_submit(r);
	return virtio_blk_wait(r);
}

static void virtio_blk_intr(void *arg)
{
	(void)arg;
	struct vblk_req *to_complete = 0; /* called once vblk.lock is released */
	acquire(&vblk.lock);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, rd(VIRTIO_MMIO_INTERRUPT_STATUS) & 0x3);
	__sync_synchronize();
	while (vblk.used_seen != vblk.used->idx) {
		__sync_synchronize();
		uint32 id = vblk.used_ring[vblk.used_seen % vblk.qsize].id;
		vblk.used_seen++;
		if (id >= vblk.qsize || !vblk.inflight[id]) {
			printf("virtio-blk: device completed unknown descriptor %u\n", id);
			continue;
		}
		struct vblk_req *r = vblk.inflight[id];
		vblk.inflight[id] = 0;
		vblk.ninflight--;
		if (vblk.status[id] != VIRTIO_BLK_S_OK) {
			r->status = -E_IO;
			vblk.stats.errors++;
		}
		r->done = 1;
		free_chain((int)id);
		if (r->complete) {
			r->done_next = to_complete;
			to_complete = r;
		} else {
			wakeup(r);
		}
	}
	release(&vblk.lock);
	while (to_complete) {
		struct vblk_req *r = to_complete;
		to_complete = r->done_next; /* before r goes back to its owner */
		r->complete(r);
	}
}

void virtio_blk_stats(struct vblk_stats *out)
{
	acquire(&vblk.lock);
	*out = vblk.stats;
	/* The high-water mark is per reading: the next one starts from now. */
	vblk.stats.max_inflight = vblk.ninflight;
	release(&vblk.lock);
}

void virtio_blk_fail_after(int skip, int n, int writes_only)
{
	acquire(&vblk.lock);
	vblk.fail_skip = skip;
	vblk.fail_next = n;
	vblk.fail_writes_only = writes_only;
	release(&vblk.lock);
}
