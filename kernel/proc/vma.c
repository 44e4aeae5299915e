/*
 * vma.c: the per-process mapping table and what mmap, munmap, mprotect,
 * fork, exec, exit and the page-fault path do with it.  Design, kinds of
 * mapping and locking: vma.h.
 *
 * Every change is checked first (free slots for the splits it needs, a
 * hole in the range) and then made in a way that cannot fail, except for
 * write-back errors, which munmap, exec and exit cannot report (as POSIX
 * munmap has no error for them) and ignore.
 */
#include "proc/vma.h"
#include "proc/proc.h"
#include "proc/uvm.h"
#include "sync/spinlock.h"
#include "proc/sched.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "fs/fsops.h"
#include "fs/pagecache.h"
#include "sync/sleeplock.h"
#include "arch/riscv/cpu.h"
#include "proc/tlb.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "../abi/fcntl.h"
#include "memlayout.h"

static int is_free(const struct vma *v)
{
	return v->start == v->end;
}

static int is_shared_file(const struct vma *v)
{
	return v->ip && (v->flags & MAP_SHARED);
}

static int free_slots(const struct vma_table *t)
{
	int n = 0;
	for (int i = 0; i < NVMA; i++)
		n += is_free(&t->v[i]);
	return n;
}

static struct vma *free_slot(struct vma_table *t)
{
	for (int i = 0; i < NVMA; i++)
		if (is_free(&t->v[i]))
			return &t->v[i];
	return 0;
}

static struct vma *find(struct vma_table *t, uint64 va)
{
	for (int i = 0; i < NVMA; i++)
		if (!is_free(&t->v[i]) && va >= t->v[i].start && va < t->v[i].end)
			return &t->v[i];
	return 0;
}

/* The current process, if pt is its page table (faults on other tables,
 * the self-tests' for one, have no mappings). */
static struct proc *owner(pagetable_t pt)
{
	struct proc *p = myprocess(); /* the mappings are the process's, for every thread */
	return p && p->pagetable == pt ? p : 0;
}

/* PTE bits for a page of v when first mapped.  A shared file page gets
 * PTE_W only at its first write (uvm_resolve), which is how it is known
 * to be dirty; a private file page is the cache's, so copy-on-write. */
static uint64 pte_perm(const struct vma *v)
{
	uint64 perm = PTE_U | PTE_R;
	if (v->prot & PROT_EXEC)
		perm |= PTE_X;
	if ((v->prot & PROT_WRITE) && !v->ip)
		perm |= PTE_W;
	else if ((v->prot & PROT_WRITE) && !(v->flags & MAP_SHARED))
		perm |= PTE_COW;
	return perm;
}

/* The file page number of va in file mapping v. */
static uint file_page(const struct vma *v, uint64 va)
{
	return (uint)((v->off + (va - v->start)) / PGSIZE);
}

/* Split v at page-aligned at (start < at < end) into two mappings; the
 * caller made sure a slot is free. */
static void split(struct vma_table *t, struct vma *v, uint64 at)
{
	KASSERT(at > v->start && at < v->end);
	struct vma *w = free_slot(t);
	KASSERT(w);
	*w = *v;
	w->start = at;
	w->off = v->off + (at - v->start);
	if (w->ip)
		w->ip = inode_dup(v->ip);
	v->end = at;
}

/* Slots that cutting [lo, hi) into mappings needs (its boundaries each
 * cut one at most): for munmap, only a mapping cut in its middle needs
 * one; for mprotect, each boundary inside a mapping does. */
static int middle_cut(struct vma_table *t, uint64 lo, uint64 hi)
{
	struct vma *v = find(t, lo);
	return v && v->start < lo && hi < v->end;
}

static int boundary_cuts(struct vma_table *t, uint64 lo, uint64 hi)
{
	int n = 0;
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &t->v[i];
		if (is_free(v))
			continue;
		n += lo > v->start && lo < v->end;
		n += hi > v->start && hi < v->end;
	}
	return n;
}

/*
 * Write v's dirty pages in [lo, hi) back to its file; if clean, mark them
 * clean again (msync: PTE_W goes too, so the next write marks the page
 * dirty; the caller flushes the TLB).  0 or the first error.
 */
static int write_back(pagetable_t pt, struct vma *v, uint64 lo, uint64 hi, int clean)
{
	if (!is_shared_file(v))
		return 0;
	int64 size = inode_size(v->ip);
	int err = size < 0 ? (int)size : 0;
	for (uint64 va = lo; va < hi && size > 0; va += PGSIZE) {
		pte_t *pte = vm_walk(pt, va, 0);
		if (!pte || !(*pte & PTE_V) || !(*pte & PTE_D))
			continue;
		uint64 off = v->off + (va - v->start);
		if (off >= (uint64)size)
			break; /* the file shrank: nothing past its end is written */
		if (!pagecache_holds(v->ip, file_page(v, va), PTE2PA(*pte)))
			continue; /* truncate took the page from the file */
		uint64 n = (uint64)size - off < PGSIZE ? (uint64)size - off : PGSIZE;
		int r = inode_write(v->ip, 0, (uint64)pa2kva(PTE2PA(*pte)), off, n);
		if (r < 0 && !err)
			err = r;
		if (clean && r >= 0)
			*pte &= ~(PTE_W | PTE_D);
	}
	return err;
}

/* Unmap and forget all of v (written back already); its file's reference
 * is the caller's to drop (inode_put may run a transaction). */
static struct inode *drop(pagetable_t pt, struct vma *v)
{
	uvm_unmap(pt, v->start, v->end);
	struct inode *ip = v->ip;
	v->ip = 0;
	v->start = v->end = 0;
	return ip;
}

/* Files whose mappings a change dropped, put after it (vma_change_end). */
struct dropped {
	struct inode *ip[NVMA];
	int n;
};

static void put_dropped(struct dropped *d)
{
	for (int i = 0; i < d->n; i++)
		inode_put(d->ip[i]);
	d->n = 0;
}

/* Unmap [lo, hi) of v (written back already) and keep only [keep_lo, keep_hi). */
static void trim(pagetable_t pt, struct vma *v, uint64 lo, uint64 hi, uint64 keep_lo,
                 uint64 keep_hi)
{
	uvm_unmap(pt, lo, hi);
	v->off += keep_lo - v->start;
	v->start = keep_lo;
	v->end = keep_hi;
}

/* Write back the dirty shared pages in [lo, hi) of every mapping: before
 * a change, outside it, since a fault waiting for the change may hold the
 * file's inode lock (a read() into a mapping).  A store another thread
 * makes to the range between this and the unmap is lost, as POSIX allows
 * for memory used while it is unmapped. */
static void write_back_range(struct proc *p, uint64 lo, uint64 hi)
{
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &p->vmas.v[i];
		if (!is_free(v) && v->end > lo && v->start < hi)
			write_back(p->pagetable, v, v->start > lo ? v->start : lo,
			           v->end < hi ? v->end : hi, 0);
	}
}

/* Cut [lo, hi) out of every mapping: the whole, its start, its end or its
 * middle (the caller checked middle_cut's slot and wrote the range back). */
static void remove_range(struct proc *p, uint64 lo, uint64 hi, struct dropped *d)
{
	struct vma_table *t = &p->vmas;
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &t->v[i];
		if (is_free(v) || v->end <= lo || v->start >= hi)
			continue;
		if (v->start < lo && hi < v->end)
			split(t, v, hi); /* the part above hi moves to a slot of its own */
		if (v->start < lo)
			trim(p->pagetable, v, lo, v->end, v->start, lo);
		else if (hi < v->end)
			trim(p->pagetable, v, v->start, hi, hi, v->end);
		else if ((d->ip[d->n] = drop(p->pagetable, v)) != 0)
			d->n++;
	}
	tlb_shootdown(p->pagetable, 0, TLB_ALL); /* every hart running the process's threads */
}

/* Top-down first fit for len bytes in the mmap region; 0 if none. */
static uint64 find_room(struct vma_table *t, uint64 len)
{
	uint64 hi = MMAP_TOP;
	while (hi - MMAP_BASE >= len) {
		uint64 lo = hi - len, lowest = hi;
		for (int i = 0; i < NVMA; i++) {
			struct vma *v = &t->v[i];
			if (!is_free(v) && v->start < hi && lo < v->end && v->start < lowest)
				lowest = v->start;
		}
		if (lowest == hi)
			return lo;
		hi = lowest;
	}
	return 0;
}

/* Map fresh zeroed pages over all of v now (shared anonymous memory);
 * the caller checked that there are that many free pages, but other
 * harts may take them first. */
static int populate_anon(pagetable_t pt, struct vma *v)
{
	for (uint64 va = v->start; va < v->end; va += PGSIZE) {
		paddr_t pa = page_alloc_zeroed();
		if (!pa || vm_map(pt, va, pa, PGSIZE, pte_perm(v)) != 0) {
			if (pa)
				page_free(pa);
			uvm_unmap(pt, v->start, va);
			return -E_NOMEM;
		}
	}
	return 0;
}

int64 vma_map(struct proc *p, uint64 addr, uint64 len, int prot, int flags, struct inode *ip,
              uint64 off, int file_writable)
{
	struct vma_table *t = &p->vmas;
	len = PGROUNDUP(len);
	if (flags & MAP_FIXED) {
		if (middle_cut(t, addr, addr + len) + 1 > free_slots(t))
			return -E_NOMEM;
	} else {
		if (!free_slot(t) || !(addr = find_room(t, len)))
			return -E_NOMEM;
	}
	int eager = (flags & MAP_SHARED) && !ip;
	if (eager && len / PGSIZE > page_free_count())
		return -E_NOMEM;
	struct vma nv = {.start = addr,
	                 .end = addr + len,
	                 .prot = prot,
	                 .flags = flags,
	                 .ip = 0,
	                 .off = off,
	                 .file_writable = file_writable};
	if (flags & MAP_FIXED)
		write_back_range(p, addr, addr + len);
	struct dropped d = {.n = 0};
	vma_change_begin(p);
	if (flags & MAP_FIXED)
		remove_range(p, addr, addr + len,
		             &d); /* POSIX: MAP_FIXED replaces what was there */
	int err = eager ? populate_anon(p->pagetable, &nv) : 0;
	if (!err) {
		struct vma *v = free_slot(t);
		KASSERT(v);
		*v = nv;
		if (ip)
			v->ip = inode_dup(ip);
	}
	vma_change_end(p);
	put_dropped(&d);
	return err ? err : (int64)addr;
}

int vma_unmap(struct proc *p, uint64 addr, uint64 len)
{
	uint64 hi = addr + PGROUNDUP(len);
	if (middle_cut(&p->vmas, addr, hi) && !free_slot(&p->vmas))
		return -E_NOMEM;
	write_back_range(p, addr, hi);
	struct dropped d = {.n = 0};
	vma_change_begin(p);
	remove_range(p, addr, hi, &d);
	vma_change_end(p);
	put_dropped(&d);
	return 0;
}

/* Change the PTE bits of v's mapped pages to v->prot.  PTE_R stays (a
 * valid PTE without R, W and X would point to a table): PROT_NONE takes
 * PTE_U away instead. */
static void reprotect(pagetable_t pt, struct vma *v)
{
	for (uint64 va = v->start; va < v->end; va += PGSIZE) {
		pte_t *pte = vm_walk(pt, va, 0);
		if (!pte || !(*pte & PTE_V))
			continue;
		uint64 e = *pte & ~(PTE_U | PTE_W | PTE_X | PTE_COW);
		if (v->prot != PROT_NONE)
			e |= PTE_U;
		if (v->prot & PROT_EXEC)
			e |= PTE_X;
		if (v->prot & PROT_WRITE) {
			if (!(v->flags & MAP_SHARED))
				e |= (*pte & PTE_W) ? PTE_W : PTE_COW; /* may be a fork's too */
			else if (!v->ip || (*pte & PTE_D))
				e |= PTE_W; /* a clean file page waits for its first write */
		}
		*pte = e;
	}
}

int vma_protect(struct proc *p, uint64 addr, uint64 len, int prot)
{
	struct vma_table *t = &p->vmas;
	uint64 hi = addr + PGROUNDUP(len);
	/* Check: all of the range mapped, and write allowed where asked. */
	for (uint64 va = addr; va < hi;) {
		struct vma *v = find(t, va);
		if (!v)
			return -E_NOMEM;
		if ((prot & PROT_WRITE) && is_shared_file(v) && !v->file_writable)
			return -E_ACCES;
		va = v->end;
	}
	if (boundary_cuts(t, addr, hi) > free_slots(t))
		return -E_NOMEM;
	vma_change_begin(p);
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &t->v[i];
		if (!is_free(v) && addr > v->start && addr < v->end)
			split(t, v, addr);
	}
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &t->v[i];
		if (!is_free(v) && hi > v->start && hi < v->end)
			split(t, v, hi);
	}
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &t->v[i];
		if (is_free(v) || v->start < addr || v->end > hi)
			continue;
		v->prot = prot;
		reprotect(p->pagetable, v);
	}
	tlb_shootdown(p->pagetable, 0, TLB_ALL); /* every hart running the process's threads */
	vma_change_end(p);
	return 0;
}

int vma_sync(struct proc *p, uint64 addr, uint64 len)
{
	struct vma_table *t = &p->vmas;
	uint64 hi = addr + PGROUNDUP(len);
	for (uint64 va = addr; va < hi;) {
		struct vma *v = find(t, va);
		if (!v)
			return -E_NOMEM; /* POSIX: part of the range is not mapped */
		va = v->end;
	}
	int err = 0;
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &t->v[i];
		if (is_free(v) || v->end <= addr || v->start >= hi)
			continue;
		int r = write_back(p->pagetable, v, v->start > addr ? v->start : addr,
		                   v->end < hi ? v->end : hi, 1);
		if (r && !err)
			err = r;
	}
	tlb_shootdown(p->pagetable, 0,
	              TLB_ALL); /* the cleaned pages, on every hart of the process */
	return err;
}

void vma_release_all(struct proc *p)
{
	write_back_range(p, 0, USER_TOP);
	for (int i = 0; i < NVMA; i++)
		if (!is_free(&p->vmas.v[i])) {
			struct inode *ip = drop(p->pagetable, &p->vmas.v[i]);
			if (ip)
				inode_put(ip);
		}
	execmap_release(&p->vmas.img);
	tlb_shootdown(p->pagetable, 0, TLB_ALL); /* every hart running the process's threads */
}

int vma_fork(struct proc *child, struct proc *parent)
{
	for (int i = 0; i < NVMA; i++) {
		struct vma *v = &parent->vmas.v[i];
		if (is_free(v))
			continue;
		if (uvm_share_range(parent->pagetable, child->pagetable, v->start, v->end,
		                    !(v->flags & MAP_SHARED)) != 0)
			return -E_NOMEM;
	}
	child->vmas = parent->vmas;
	for (int i = 0; i < NVMA; i++)
		if (child->vmas.v[i].ip)
			inode_dup(child->vmas.v[i].ip);
	execmap_dup(&child->vmas.img);
	child->vmas.faulting = child->vmas.changing = child->vmas.waiting = 0; /* the parent's */
	return 0;
}

/* Guards every table's faulting and changing (vma.h).  Taken before
 * p->lock (sleep), never with uvm_fault_lock held. */
static struct spinlock gate = SPINLOCK_INIT("vma gate");

void vma_change_begin(struct proc *p)
{
	struct vma_table *t = &p->vmas;
	acquire(&gate);
	t->changing = 1;
	while (t->faulting > 0)
		sleep(t, &gate);
	release(&gate);
}

void vma_change_end(struct proc *p)
{
	acquire(&gate);
	p->vmas.changing = 0;
	int wake = p->vmas.waiting > 0;
	release(&gate);
	if (wake)
		wakeup(&p->vmas); /* after the gate: wakeup takes every p->lock */
}

/* The page for va0 of mapping m, read in: 0 or -E_*. */
static int fault_page(const struct vma *m, uint64 va0, paddr_t *pa)
{
	if (m->ip)
		return pagecache_get(m->ip, file_page(m, va0), pa); /* past the end: -E_FAULT */
	return (*pa = page_alloc_zeroed()) ? 0 : -E_NOMEM;
}

int vma_fault(pagetable_t pt, uint64 va0, pte_t **pte)
{
	struct proc *p = owner(pt);
	if (p && va0 < MMAP_BASE)
		return execmap_fault(&p->vmas.img, pt, va0, pte);
	if (!p)
		return -E_FAULT;
	struct vma_table *t = &p->vmas;
	/* Under a spin lock it cannot wait for a change: it can only map a
	 * page the cache already holds, without counting itself. */
	int can_sleep = !holding_any_spinlock();
	acquire(&gate);
	while (can_sleep && t->changing) {
		t->waiting++;
		sleep(t, &gate);
		t->waiting--;
	}
	struct vma *v = find(t, va0);
	if (!v || v->prot == PROT_NONE) {
		release(&gate);
		return -E_FAULT;
	}
	struct vma m = *v; /* as it is now: a change waits for this fault to end */
	if (can_sleep)
		t->faulting++;
	release(&gate);
	paddr_t pa = 0;
	int err = fault_page(&m, va0, &pa);
	if (!err)
		err = uvm_map_faulted(pt, va0, pa, pte_perm(&m), pte);
	if (can_sleep) {
		acquire(&gate);
		int wake = --t->faulting == 0 && t->changing; /* a change waits for it */
		release(&gate);
		if (wake)
			wakeup(t);
	}
	return err;
}

int vma_write_allowed(pagetable_t pt, uint64 va0)
{
	struct proc *p = owner(pt);
	struct vma *v = p ? find(&p->vmas, va0) : 0;
	return v && (v->flags & MAP_SHARED) && (v->prot & PROT_WRITE);
}
