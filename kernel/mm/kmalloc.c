/*
 * kmalloc.c: size classes over the page allocator.
 *
 * Small objects: each size class (16, 32, ... 2048 bytes) owns slab pages.
 * A slab page starts with a struct slab header, then equal-size objects;
 * free objects in it are linked through their first word.  A class keeps
 * the slabs that still have room on a doubly linked "partial" list; a slab
 * whose last object comes back is returned to the page allocator at once,
 * so an idle heap holds no pages.
 *
 * Large objects: a slot of KHEAP_SLOT bytes of kernel virtual space in the
 * KHEAP region, backed by as many pages as needed.  The slot index tells
 * kfree() where the object is and big_npages[] how many pages it has.
 *
 * kfree() tells the kinds apart by address: slab objects live in the
 * direct map, large ones in KHEAP.
 *
 * Locks: one per size class (guards its partial list and the headers of
 * its slabs); big_lock guards big_npages[].  They are never nested.
 *
 * Checking kernels poison a freed small object past its link (mm/poison.h;
 * a new slab's objects are poisoned already, its page came poisoned from
 * the page allocator), check the poison when kmalloc hands it out again,
 * and look a freed object up in its slab's free list, so a double kfree
 * panics even when the slab has other objects in use.  Large objects are
 * unmapped when freed, so a use after free faults.
 */
#include "mm/kmalloc.h"
#include "mm/poison.h"
#include "mm/page.h"
#include "mm/kvm.h"
#include "sync/spinlock.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "memlayout.h"

#define SLAB_MAGIC 0x51ab51abU
#define MIN_SHIFT 4 /* smallest class: 16 bytes */
#define NCLASSES 8  /* 16 .. 2048 */

struct slab {
	uint32 magic;
	uint16 class;             /* index into classes[] */
	uint16 inuse;             /* objects handed out */
	void *free;               /* first free object */
	struct slab *next, *prev; /* on the class's partial list */
};
_Static_assert(sizeof(struct slab) % 16 == 0, "objects must stay 16-byte aligned");

struct sizeclass {
	struct spinlock lock;
	struct slab *partial; /* slabs with at least one free object */
	uint32 size;
	uint32 per_slab;
};

static struct sizeclass classes[NCLASSES];
/* Changed under eight different class locks, so only with atomic adds. */
static uint64 slab_pages;

static struct spinlock big_lock = SPINLOCK_INIT("kheap big");
static uint16 big_npages[KHEAP_NSLOTS]; /* 0 = slot free */
static uint64 big_pages_total;

void kmalloc_init(void)
{
	for (int i = 0; i < NCLASSES; i++) {
		spin_init(&classes[i].lock, "kmalloc class");
		classes[i].size = 1U << (MIN_SHIFT + i);
		classes[i].per_slab = (PGSIZE - sizeof(struct slab)) / classes[i].size;
		KASSERT(classes[i].per_slab >= 1);
	}
}

static int class_of(uint64 size)
{
	for (int i = 0; i < NCLASSES; i++)
		if (size <= classes[i].size)
			return i;
	return -1;
}

static void list_remove(struct sizeclass *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = 0;
}

static void list_push(struct sizeclass *c, struct slab *s)
{
	s->prev = 0;
	s->next = c->partial;
	if (c->partial)
		c->partial->prev = s;
	c->partial = s;
}

static struct slab *slab_new(int ci)
{
	paddr_t pa = page_alloc();
	if (!pa)
		return 0;
	struct slab *s = pa2kva(pa);
	s->magic = SLAB_MAGIC;
	s->class = ci;
	s->inuse = 0;
	s->next = s->prev = 0;
	s->free = 0;
	char *obj = (char *)(s + 1);
	for (uint32 i = 0; i < classes[ci].per_slab; i++, obj += classes[ci].size) {
		*(void **)obj = s->free;
		s->free = obj;
	}
	return s;
}

static void *small_alloc(int ci)
{
	struct sizeclass *c = &classes[ci];
	acquire(&c->lock);
	struct slab *s = c->partial;
	if (!s) {
		/* Allocating a page under the class lock is fine: the page
		 * allocator never calls back into kmalloc. */
		s = slab_new(ci);
		if (!s) {
			release(&c->lock);
			return 0;
		}
		__atomic_add_fetch(&slab_pages, 1, __ATOMIC_RELAXED);
		list_push(c, s);
	}
	void *obj = s->free;
	s->free = *(void **)obj;
	s->inuse++;
	if (!s->free)
		list_remove(c, s);
	release(&c->lock);
	return obj;
}

#ifdef KITE_KCHECKS
/* Is p already on slab s's free list?  Call with the class lock held. */
static int on_free_list(const struct slab *s, const void *p)
{
	for (const void *o = s->free; o; o = *(void *const *)o)
		if (o == p)
			return 1;
	return 0;
}
#endif

static void small_free(void *p, void *caller)
{
	struct slab *s = (struct slab *)PGROUNDDOWN((uint64)p);
	if (s->magic != SLAB_MAGIC || s->class >= NCLASSES)
		panic("kfree: %p is not a heap object; caller %p", p, caller);
	struct sizeclass *c = &classes[s->class];
	if (((uint64)p - (uint64)(s + 1)) % c->size != 0)
		panic("kfree: %p is not the start of a %u-byte object; caller %p", p, c->size,
		      caller);
	acquire(&c->lock);
	if (s->inuse == 0)
		panic("kfree: %p freed twice (slab empty); caller %p", p, caller);
#ifdef KITE_KCHECKS
	if (on_free_list(s, p))
		panic("kfree: %p freed twice; caller %p", p, caller);
	poison_fill((char *)p + POISON_SKIP, c->size - POISON_SKIP);
#endif
	int was_full = s->free == 0;
	*(void **)p = s->free;
	s->free = p;
	s->inuse--;
	if (was_full)
		list_push(c, s);
	if (s->inuse == 0) {
		list_remove(c, s);
		s->magic = 0;
		__atomic_sub_fetch(&slab_pages, 1, __ATOMIC_RELAXED);
		release(&c->lock);
		page_free(kva2pa(s));
		return;
	}
	release(&c->lock);
}

static void *big_alloc(uint64 size)
{
	uint64 npages = PGROUNDUP(size) / PGSIZE;
	int slot = -1;
	acquire(&big_lock);
	for (int i = 0; i < KHEAP_NSLOTS; i++)
		if (!big_npages[i]) {
			big_npages[i] = npages;
			big_pages_total += npages;
			slot = i;
			break;
		}
	release(&big_lock);
	if (slot < 0)
		return 0;
	vaddr_t va = KHEAP_BASE + (uint64)slot * KHEAP_SLOT;
	for (uint64 i = 0; i < npages; i++) {
		paddr_t pa = page_alloc();
		if (!pa || kvm_map(va + i * PGSIZE, pa, PGSIZE, PTE_R | PTE_W) != 0) {
			if (pa)
				page_free(pa);
			if (i)
				kvm_unmap(va, i, 1);
			acquire(&big_lock);
			big_npages[slot] = 0;
			big_pages_total -= npages;
			release(&big_lock);
			return 0;
		}
	}
	return (void *)va;
}

static void big_free(void *p, void *caller)
{
	uint64 off = (uint64)p - KHEAP_BASE;
	if (off % KHEAP_SLOT)
		panic("kfree: %p is inside a large object; caller %p", p, caller);
	int slot = off / KHEAP_SLOT;
	acquire(&big_lock);
	uint64 npages = big_npages[slot];
	release(&big_lock);
	if (!npages)
		panic("kfree: large object %p freed twice; caller %p", p, caller);
	kvm_unmap((vaddr_t)p, npages, 1);
	acquire(&big_lock);
	big_npages[slot] = 0;
	big_pages_total -= npages;
	release(&big_lock);
}

void *kmalloc(uint64 size)
{
	if (size == 0 || size > KMALLOC_MAX)
		return 0;
	if (size > KMALLOC_SMALL_MAX)
		return big_alloc(size);
	void *p = small_alloc(class_of(size));
#ifdef KITE_KCHECKS
	uint32 csize = classes[class_of(size)].size;
	int64 off = p ? poison_find_change((char *)p + POISON_SKIP, csize - POISON_SKIP) : -1;
	if (off >= 0)
		panic("kmalloc: %u-byte object %p was written after it was freed (word at byte %ld "
		      "is 0x%lx); caller %p",
		      csize, p, off + (int64)POISON_SKIP,
		      *(uint64 *)((char *)p + POISON_SKIP + off), __builtin_return_address(0));
#endif
	return p;
}

void *kzalloc(uint64 size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	if ((uint64)p >= KHEAP_BASE && (uint64)p < KHEAP_END)
		big_free(p, __builtin_return_address(0));
	else
		small_free(p, __builtin_return_address(0));
}

uint64 kmalloc_pages_in_use(void)
{
	return __atomic_load_n(&slab_pages, __ATOMIC_RELAXED) + big_pages_total;
}
