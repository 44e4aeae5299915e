/*
 * page.c: physical pages, with per-hart caches so that harts do not all
 * queue on one lock.
 *
 * Free pages are linked through their first word.  Each hart keeps a cache
 * (a short free list) that it allocates from and frees to; only when its
 * cache is empty or too full does it touch the shared pool, moving
 * PAGE_BATCH pages at a time.  When the pool is empty too, a hart steals
 * from the other harts' caches.
 *
 * Locks: each cache has its own lock (taken by its owner, and by thieves),
 * the pool has pool.lock.  A hart never holds two of them at once, so
 * there is no lock order to respect.
 *
 * Reference counts live in one array indexed by page number and are
 * changed with atomic instructions (amoadd), never under a lock.
 *
 * Superpages (page.h): superpool.lock guards the reserve's stack of free
 * blocks; it is never held with a cache's or the pool's lock.
 *
 * Checking kernels poison every page on a free list (mm/poison.h) and
 * check the poison when page_alloc hands the page out.
 */
#include "mm/page.h"
#include "mm/poison.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/cpu.h"
#include "sync/spinlock.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "riscv.h"

#define PAGE_BATCH 32               /* pages moved between a cache and the pool */
#define CACHE_HIGH (4 * PAGE_BATCH) /* a cache above this gives a batch back */

struct freepage {
	struct freepage *next;
};

struct freelist {
	struct spinlock lock; /* protects head and count */
	struct freepage *head;
	uint64 count;
} __attribute__((aligned(64))); /* one cache line each: no false sharing */

static struct freelist pool;
static struct freelist cache[NCPU];

static struct {
	struct spinlock lock;       /* protects block and n */
	paddr_t block[SUPERPG_MAX]; /* free 2 MiB blocks */
	int n;
} superpool;

/* Set once by page_init(); read-only afterwards. */
static paddr_t mem_lo, mem_hi; /* managed page numbers cover [mem_lo, mem_hi) */
static uint32 *refcnt;         /* one per page in [mem_lo, mem_hi) */
/* The same two, for page.h's inline fast paths. */
uint32 *page_refcnt_array;
paddr_t page_mem_lo;
static uint64 total_pages;

static inline uint64 pfn(paddr_t pa)
{
	return (pa - mem_lo) >> PGSHIFT;
}

int page_managed(paddr_t pa)
{
	return pa >= mem_lo && pa < mem_hi && (pa & (PGSIZE - 1)) == 0;
}

static void push(struct freelist *fl, paddr_t pa)
{
	struct freepage *p = pa2kva(pa);
#ifdef KITE_KCHECKS
	poison_fill((char *)p + POISON_SKIP, PGSIZE - POISON_SKIP);
#endif
	p->next = fl->head;
	fl->head = p;
	fl->count++;
}

static int overlaps(paddr_t a, uint64 asz, paddr_t b, uint64 bsz)
{
	return a < b + bsz && b < a + asz;
}

/* May page pa go to the free lists?  Not if the kernel, the DTB or a reserved region uses it. */
static int usable(paddr_t pa, paddr_t first_free)
{
	if (pa < first_free)
		return 0;
	if (overlaps(pa, PGSIZE, bootinfo.fdt_base, bootinfo.fdt_size))
		return 0;
	for (int i = 0; i < bootinfo.nresv; i++)
		if (overlaps(pa, PGSIZE, bootinfo.resv[i].base, bootinfo.resv[i].size))
			return 0;
	return 1;
}

/* The blocks page_init set aside, free or not (read-only afterwards). */
static paddr_t reserved[SUPERPG_MAX];
static int nreserved;

static int in_reserve(paddr_t pa)
{
	paddr_t block = pa & ~(MEGAPAGE_SIZE - 1);
	for (int i = 0; i < nreserved; i++)
		if (reserved[i] == block)
			return 1;
	return 0;
}

/* Is the whole block at pa free for the taking? */
static int block_usable(paddr_t pa, paddr_t first_free)
{
	for (paddr_t p = pa; p < pa + MEGAPAGE_SIZE; p += PGSIZE)
		if (!usable(p, first_free))
			return 0;
	return 1;
}

/* The reserve: the highest aligned, wholly usable blocks of the last memory
 * region (the device tree often sits in the very top one). */
static void reserve_superpages(paddr_t first_free)
{
	spin_init(&superpool.lock, "page superpool");
	int want = (int)(((mem_hi - mem_lo) >> SUPERPG_RESERVE_SHIFT) / MEGAPAGE_SIZE);
	if (want > SUPERPG_MAX)
		want = SUPERPG_MAX;
	const struct fdt_region *m = &bootinfo.mem[bootinfo.nmem - 1];
	paddr_t lo = PGROUNDUP(m->base);
	paddr_t hi = (m->base + m->size) & ~(MEGAPAGE_SIZE - 1);
	for (paddr_t pa = hi - MEGAPAGE_SIZE; nreserved < want && pa >= lo && pa < hi;
	     pa -= MEGAPAGE_SIZE) {
		if (!block_usable(pa, first_free))
			continue;
		reserved[nreserved++] = pa;
		superpool.block[superpool.n++] = pa;
		total_pages += SUPERPG_PAGES;
	}
}

void page_init(void)
{
	extern char kernel_end[];
	spin_init(&pool.lock, "page pool");
	for (int i = 0; i < NCPU; i++)
		spin_init(&cache[i].lock, "page cache");

	mem_lo = ~0UL;
	mem_hi = 0;
	for (int i = 0; i < bootinfo.nmem; i++) {
		paddr_t lo = PGROUNDUP(bootinfo.mem[i].base);
		paddr_t hi = PGROUNDDOWN(bootinfo.mem[i].base + bootinfo.mem[i].size);
		if (lo < mem_lo)
			mem_lo = lo;
		if (hi > mem_hi)
			mem_hi = hi;
	}
	KASSERT(mem_lo < mem_hi);

	/* The reference-count array takes the first pages after the kernel. */
	uint64 npages = (mem_hi - mem_lo) >> PGSHIFT;
	refcnt = pa2kva(PGROUNDUP(kva2pa(kernel_end)));
	memset(refcnt, 0, npages * sizeof(uint32));
	paddr_t first_free = PGROUNDUP(kva2pa(refcnt) + npages * sizeof(uint32));
	page_refcnt_array = refcnt;
	page_mem_lo = mem_lo;

	reserve_superpages(first_free);
	/* Push high addresses first so that allocation starts low. */
	for (int i = 0; i < bootinfo.nmem; i++) {
		paddr_t lo = PGROUNDUP(bootinfo.mem[i].base);
		paddr_t hi = PGROUNDDOWN(bootinfo.mem[i].base + bootinfo.mem[i].size);
		for (paddr_t pa = hi - PGSIZE; pa >= lo && pa < hi; pa -= PGSIZE)
			if (usable(pa, first_free) && !in_reserve(pa)) {
				push(&pool, pa);
				total_pages++;
			}
	}
}

/* Move up to n pages from `from` to `to`; caller holds neither lock. */
static uint64 move_batch(struct freelist *from, struct freelist *to, uint64 n)
{
	struct freepage *batch = 0, *tail = 0;
	uint64 got = 0;
	acquire(&from->lock);
	while (got < n && from->head) {
		struct freepage *p = from->head;
		from->head = p->next;
		from->count--;
		p->next = batch;
		batch = p;
		if (!tail)
			tail = p;
		got++;
	}
	release(&from->lock);
	if (got) {
		acquire(&to->lock);
		tail->next = to->head;
		to->head = batch;
		to->count += got;
		release(&to->lock);
	}
	return got;
}

/* Out of 4 KiB pages: break a reserve block into the pool; 0 if none is left. */
static int donate_superpage(void)
{
	acquire(&superpool.lock);
	paddr_t pa = superpool.n ? superpool.block[--superpool.n] : 0;
	release(&superpool.lock);
	if (!pa)
		return 0;
	acquire(&pool.lock);
	for (uint64 i = 0; i < SUPERPG_PAGES; i++)
		push(&pool, pa + i * PGSIZE);
	release(&pool.lock);
	return 1;
}

static paddr_t alloc_4k(void);

/* Set once at boot (page.h). */
static uint64 (*reclaimer)(uint64 want);
static uint64 (*cached_count)(void);

void page_set_reclaim(uint64 (*reclaim)(uint64 want), uint64 (*cached)(void))
{
	reclaimer = reclaim;
	cached_count = cached;
}

paddr_t page_alloc(void)
{
	paddr_t pa = alloc_4k();
	while (!pa && donate_superpage())
		pa = alloc_4k();
	/* A batch at once, so the next allocations find pages too. */
	if (!pa && reclaimer && reclaimer(PAGE_BATCH) > 0)
		pa = alloc_4k();
#ifdef KITE_KCHECKS
	const uint64 *w = pa2kva(pa);
	int64 off = pa ? poison_find_change((char *)w + POISON_SKIP, PGSIZE - POISON_SKIP) : -1;
	if (off >= 0)
		panic("page_alloc: page %p was written after it was freed (word at byte %ld is "
		      "0x%lx); caller %p",
		      (void *)pa, off + (int64)POISON_SKIP, w[(off + POISON_SKIP) / sizeof(*w)],
		      __builtin_return_address(0));
#endif
	return pa;
}

static paddr_t alloc_4k(void)
{
	push_off(); /* stay on this hart while using its cache */
	struct freelist *mine = &cache[cpuid()];
	for (int attempt = 0; attempt < 2; attempt++) {
		acquire(&mine->lock);
		struct freepage *p = mine->head;
		if (p) {
			mine->head = p->next;
			mine->count--;
			release(&mine->lock);
			pop_off();
			paddr_t pa = kva2pa(p);
			uint32 old = __atomic_fetch_add(&refcnt[pfn(pa)], 1, __ATOMIC_RELAXED);
			if (old != 0)
				panic("page_alloc: free page %p has refcount %u", (void *)pa, old);
			return pa;
		}
		release(&mine->lock);
		if (attempt == 0 && move_batch(&pool, mine, PAGE_BATCH) == 0) {
			/* Pool empty: steal from the other harts. */
			for (int i = 0; i < NCPU; i++)
				if (&cache[i] != mine && move_batch(&cache[i], mine, PAGE_BATCH))
					break;
		}
	}
	pop_off();
	return 0;
}

paddr_t page_alloc_zeroed(void)
{
	paddr_t pa = page_alloc();
	if (pa)
		memset(pa2kva(pa), 0, PGSIZE);
	return pa;
}

void page_ref(paddr_t pa)
{
	if (!page_managed(pa))
		panic("page_ref: %p is not a managed page", (void *)pa);
	uint32 old = __atomic_fetch_add(&refcnt[pfn(pa)], 1, __ATOMIC_RELAXED);
	if (old == 0)
		panic("page_ref: page %p is free", (void *)pa);
}

uint32 page_refcount(paddr_t pa)
{
	if (!page_managed(pa))
		return 0;
	return __atomic_load_n(&refcnt[pfn(pa)], __ATOMIC_RELAXED);
}

void page_free(paddr_t pa)
{
	if (!page_managed(pa))
		panic("page_free: %p is not a managed page; caller %p", (void *)pa,
		      __builtin_return_address(0));
	uint32 old = __atomic_fetch_sub(&refcnt[pfn(pa)], 1, __ATOMIC_ACQ_REL);
	if (old == 0)
		panic("page_free: page %p freed twice; caller %p", (void *)pa,
		      __builtin_return_address(0));
	if (old > 1)
		return; /* other holders remain */
	push_off();
	struct freelist *mine = &cache[cpuid()];
	acquire(&mine->lock);
	push(mine, pa);
	int spill = mine->count > CACHE_HIGH;
	release(&mine->lock);
	if (spill)
		move_batch(mine, &pool, PAGE_BATCH);
	pop_off();
}

paddr_t superpg_alloc(void)
{
	acquire(&superpool.lock);
	paddr_t pa = superpool.n ? superpool.block[--superpool.n] : 0;
	release(&superpool.lock);
	if (pa) {
		uint32 old = __atomic_fetch_add(&refcnt[pfn(pa)], 1, __ATOMIC_RELAXED);
		if (old != 0)
			panic("superpg_alloc: free block %p has refcount %u", (void *)pa, old);
	}
	return pa;
}

void superpg_free(paddr_t pa)
{
	if (!in_reserve(pa) || (pa & (MEGAPAGE_SIZE - 1)))
		panic("superpg_free: %p is not a superpage", (void *)pa);
	uint32 old = __atomic_fetch_sub(&refcnt[pfn(pa)], 1, __ATOMIC_ACQ_REL);
	if (old == 0)
		panic("superpg_free: block %p freed twice", (void *)pa);
	if (old > 1)
		return;
	acquire(&superpool.lock);
	KASSERT(superpool.n < SUPERPG_MAX);
	superpool.block[superpool.n++] = pa;
	release(&superpool.lock);
}

uint64 superpg_free_count(void)
{
	return __atomic_load_n(&superpool.n, __ATOMIC_RELAXED);
}

uint64 page_free_count(void)
{
	/* Unlocked sums: exact when nothing is allocating, close otherwise. */
	uint64 n = pool.count + superpg_free_count() * SUPERPG_PAGES;
	for (int i = 0; i < NCPU; i++)
		n += cache[i].count;
	if (cached_count)
		n += cached_count();
	return n;
}

uint64 page_total_count(void)
{
	return total_pages;
}

uint64 mem_total_bytes(void)
{
	uint64 n = 0;
	for (int i = 0; i < bootinfo.nmem; i++)
		n += bootinfo.mem[i].size;
	return n;
}
