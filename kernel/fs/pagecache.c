/*
 * pagecache.c: the table of cached file pages (design, locks: pagecache.h).
 *
 * PC_SLOTS entries, each on two lists: its hash chain (by inode and page
 * number, for lookups) and its inode's list (for write, truncate and
 * forget, which touch one file's pages).  Free entries are chained
 * through hnext.  Eviction sweeps the table with a clock hand and frees
 * the pages whose only holder is the cache: page_refcount 1, which cannot
 * rise under pc.lock, since every new holder either comes through
 * pagecache_get (under pc.lock) or copies a PTE that already holds one.
 */
#include "fs/pagecache.h"
#include "fs/inode.h"
#include "fs/idata.h"
#include "mm/page.h"
#include "sync/spinlock.h"
#include "sync/sleeplock.h"
#include "arch/riscv/cpu.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "riscv.h"
#include "../abi/sysinfo.h"

#define PC_SLOTS 4096 /* pages cached at most: 16 MiB */
#define PC_HASH 1024  /* hash chains */

struct pcpage {
	struct inode *ip; /* 0: a free entry */
	uint pgno;
	paddr_t pa;                    /* the cache's reference */
	struct pcpage *hnext, **hprev; /* hash chain (hnext: free list too) */
	struct pcpage *inext, **iprev; /* ip->pcpages */
};

static struct {
	struct spinlock lock; /* protects everything here and every inode's pcpages */
	struct pcpage slot[PC_SLOTS];
	struct pcpage *hash[PC_HASH];
	struct pcpage *free;
	uint hand; /* eviction clock */
	struct pcstats st;
} pc;

static struct pcpage **chain(struct inode *ip, uint pgno)
{
	uint64 h = ((uint64)ip >> 4) * 31 + pgno;
	return &pc.hash[h % PC_HASH];
}

/* The entry for (ip, pgno) or 0; pc.lock held. */
static struct pcpage *lookup(struct inode *ip, uint pgno)
{
	for (struct pcpage *e = *chain(ip, pgno); e; e = e->hnext)
		if (e->ip == ip && e->pgno == pgno)
			return e;
	return 0;
}

/* Take e off both lists, drop the cache's page reference, free e; pc.lock held. */
static void drop_entry(struct pcpage *e)
{
	KASSERT(holding(&pc.lock));
	*e->hprev = e->hnext;
	if (e->hnext)
		e->hnext->hprev = e->hprev;
	*e->iprev = e->inext;
	if (e->inext)
		e->inext->iprev = e->iprev;
	page_free(e->pa);
	e->ip = 0;
	e->hnext = pc.free;
	pc.free = e;
	pc.st.cached--;
}

/* Free up to want unmapped pages; pc.lock held. */
static uint64 sweep(uint64 want)
{
	uint64 freed = 0;
	for (uint i = 0; i < PC_SLOTS && freed < want; i++) {
		struct pcpage *e = &pc.slot[pc.hand];
		pc.hand = (pc.hand + 1) % PC_SLOTS;
		if (e->ip && page_refcount(e->pa) == 1) {
			drop_entry(e);
			freed++;
		}
	}
	pc.st.evictions += freed;
	return freed;
}

uint64 pagecache_reclaim(uint64 want)
{
	acquire(&pc.lock);
	uint64 n = sweep(want);
	release(&pc.lock);
	return n;
}

uint64 pagecache_pages(void)
{
	return __atomic_load_n(&pc.st.cached, __ATOMIC_RELAXED);
}

void pagecache_init(void)
{
	spin_init(&pc.lock, "pagecache");
	for (int i = PC_SLOTS - 1; i >= 0; i--) {
		pc.slot[i].hnext = pc.free;
		pc.free = &pc.slot[i];
	}
	page_set_reclaim(pagecache_reclaim, pagecache_pages);
}

/* Put the page pa in as (ip, pgno), with a reference for the caller: the
 * entry, or 0 if every entry holds a mapped page.  pc.lock held. */
static struct pcpage *insert(struct inode *ip, uint pgno, paddr_t pa)
{
	if (!pc.free)
		sweep(1);
	struct pcpage *e = pc.free;
	if (!e)
		return 0;
	pc.free = e->hnext;
	e->ip = ip;
	e->pgno = pgno;
	e->pa = pa;
	struct pcpage **h = chain(ip, pgno);
	e->hnext = *h;
	e->hprev = h;
	if (*h)
		(*h)->hprev = &e->hnext;
	*h = e;
	e->inext = ip->pcpages;
	e->iprev = &ip->pcpages;
	if (ip->pcpages)
		ip->pcpages->iprev = &e->inext;
	ip->pcpages = e;
	pc.st.cached++;
	page_ref(pa);
	return e;
}

/* A hit: the page with a reference for the caller, or 0. */
static paddr_t hit(struct inode *ip, uint pgno)
{
	acquire(&pc.lock);
	struct pcpage *e = lookup(ip, pgno);
	paddr_t pa = 0;
	if (e) {
		pa = e->pa;
		page_ref(pa);
		pc.st.hits++;
	}
	release(&pc.lock);
	return pa;
}

/* Read page pgno of ip into the zeroed page pa and cache it; ip locked. */
static int fill(struct inode *ip, uint pgno, paddr_t pa)
{
	uint64 off = (uint64)pgno * PGSIZE;
	if (off >= ip->size)
		return -E_FAULT; /* no byte of the file is in this page */
	int n = readi(ip, 0, (uint64)pa2kva(pa), (uint)off, PGSIZE);
	if (n < 0)
		return n;
	acquire(&pc.lock);
	struct pcpage *e = insert(ip, pgno, pa);
	if (e)
		pc.st.misses++;
	release(&pc.lock);
	return e ? 0 : -E_NOMEM;
}

int pagecache_get(struct inode *ip, uint pgno, paddr_t *pa)
{
	if ((*pa = hit(ip, pgno)) != 0)
		return 0;
	if (holding_any_spinlock() || holding_sleep(&ip->lock))
		return -E_FAULT; /* would sleep under a spin lock, or deadlock on ip */
	paddr_t page = page_alloc_zeroed();
	if (!page)
		return -E_NOMEM;
	int err = ilock(ip);
	if (err) {
		page_free(page);
		return err;
	}
	/* Another process may have read it while we allocated. */
	if ((*pa = hit(ip, pgno)) != 0)
		page_free(page);
	else if ((err = fill(ip, pgno, page)) == 0)
		*pa = page;
	else
		page_free(page);
	iunlock(ip);
	return err;
}

int pagecache_holds(struct inode *ip, uint pgno, paddr_t pa)
{
	acquire(&pc.lock);
	struct pcpage *e = lookup(ip, pgno);
	int held = e && e->pa == pa;
	release(&pc.lock);
	return held;
}

void pagecache_write(struct inode *ip, uint off, const void *data, uint n)
{
	KASSERT(holding_sleep(&ip->lock));
	KASSERT(off % PGSIZE + n <= PGSIZE);
	/* Pages are added only under ip's lock, which we hold: no pages
	 * now means none will appear during this write. */
	if (!ip->pcpages)
		return;
	acquire(&pc.lock);
	struct pcpage *e = lookup(ip, off / PGSIZE);
	if (e)
		memmove((char *)pa2kva(e->pa) + off % PGSIZE, data, n);
	release(&pc.lock);
}

void pagecache_truncate(struct inode *ip, uint size)
{
	KASSERT(holding_sleep(&ip->lock));
	if (!ip->pcpages)
		return;
	acquire(&pc.lock);
	struct pcpage *next;
	for (struct pcpage *e = ip->pcpages; e; e = next) {
		next = e->inext;
		uint64 start = (uint64)e->pgno * PGSIZE;
		if (start >= size)
			drop_entry(e);
		else if (start + PGSIZE > size) /* a later growth reads zeros here */
			memset((char *)pa2kva(e->pa) + (size - start), 0, start + PGSIZE - size);
	}
	release(&pc.lock);
}

void pagecache_forget(struct inode *ip)
{
	if (!ip->pcpages)
		return;
	acquire(&pc.lock);
	while (ip->pcpages)
		drop_entry(ip->pcpages);
	release(&pc.lock);
}

void pagecache_get_stats(struct pcstats *st)
{
	acquire(&pc.lock);
	*st = pc.st;
	release(&pc.lock);
}
