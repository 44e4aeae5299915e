/*
 * uvm.c: building, sharing and tearing down user address spaces, and the
 * page-fault path for copy-on-write and lazy heap pages.
 *
 * Reference counts (mm/page.c) make sharing safe: each PTE that points at
 * a page holds one reference; uvm_destroy drops them; the page returns to
 * the free lists only when the last holder is gone.
 *
 * Threads fault on one table from several harts at once: uvm_fault_lock
 * makes each fault's look at a PTE and its change (a lazy page mapped, a
 * copy-on-write broken, a shared page made writable) one step, so two
 * threads touching the same page cannot both map or copy it.  A mapping's
 * page is read from its file without the lock (that sleeps); if another
 * thread mapped the page meanwhile, its copy wins.  Permissions taken
 * away or pages moved are shot down on every hart running the table
 * (proc/tlb.h).
 */
#include "proc/uvm.h"
#include "proc/proc.h"
#include "proc/vma.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "mm/kvm.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "memlayout.h"
#include "proc/tlb.h"
#include "sync/spinlock.h"

extern char trampoline_start[];

uint64 uvm_cow_copies, uvm_cow_reuses; /* statistics: racy increments are fine */

struct spinlock uvm_fault_lock = SPINLOCK_INIT("uvmfault");

/* The kernel's half: the same lower-level tables as the kernel's own map. */
static void share_kernel_half(pagetable_t pt)
{
	for (uint64 i = KERNEL_L2_FIRST; i <= KERNEL_L2_LAST; i++)
		pt[i] = kernel_pagetable[i];
}

/* Forget the kernel's half before freeing a user table (those tables are not ours). */
static void unshare_kernel_half(pagetable_t pt)
{
	for (uint64 i = KERNEL_L2_FIRST; i <= KERNEL_L2_LAST; i++)
		pt[i] = 0;
}

pagetable_t uvm_create(struct trapframe *tf, struct usyscall *us)
{
	pagetable_t pt = pt_create();
	if (!pt)
		return 0;
	share_kernel_half(pt);
	/* The trampoline without PTE_U: user code cannot run it, the trap path can. */
	if (vm_map(pt, TRAMPOLINE, kva2pa(trampoline_start), PGSIZE, PTE_R | PTE_X) != 0 ||
	    vm_map(pt, TRAPFRAME, kva2pa(tf), PGSIZE, PTE_R | PTE_W) != 0 ||
	    (us && vm_map(pt, USYSCALL, kva2pa(us), PGSIZE, PTE_R | PTE_U) != 0)) {
		unshare_kernel_half(pt);
		pt_destroy(pt);
		return 0;
	}
	return pt;
}

/*
 * The level-0 table that maps va's 2 MiB region, or 0.  Fork and exit walk
 * whole level-0 tables (512 PTEs at a time) instead of walking from the
 * root for every page: for an 8 MiB process that is 4 walks, not 2048.
 */
static pte_t *leaf_table(pagetable_t pt, uint64 va)
{
	pte_t l2 = pt[PX(2, va)];
	if (!(l2 & PTE_V) || PTE_LEAF(l2))
		return 0;
	pte_t l1 = ((pagetable_t)pa2kva(PTE2PA(l2)))[PX(1, va)];
	if (!(l1 & PTE_V) || PTE_LEAF(l1))
		return 0;
	return pa2kva(PTE2PA(l1));
}

/*
 * The level-1 PTE for va's 2 MiB region (a superpage leaf, a pointer to a
 * level-0 table, or invalid), making the level-1 table if alloc; 0 if
 * there is none (or memory ran out).
 */
static pte_t *region_pte(pagetable_t pt, uint64 va, int alloc)
{
	pte_t *l2 = &pt[PX(2, va)];
	if (!(*l2 & PTE_V)) {
		if (!alloc)
			return 0;
		pagetable_t t = pt_create();
		if (!t)
			return 0;
		*l2 = PA2PTE(kva2pa(t)) | PTE_V;
	}
	if (PTE_LEAF(*l2))
		return 0; /* a 1 GiB leaf: never in a user table */
	return &((pagetable_t)pa2kva(PTE2PA(*l2)))[PX(1, va)];
}

static int is_superpage(const pte_t *e)
{
	return e && (*e & PTE_V) && PTE_LEAF(*e);
}

/* Map a zeroed superpage at the aligned va, if the reserve has one and the
 * region is empty; 1 if it did. */
static int map_superpage(pagetable_t pt, uint64 va, uint64 perm)
{
	pte_t *e = region_pte(pt, va, 1);
	if (!e || (*e & PTE_V))
		return 0;
	paddr_t pa = superpg_alloc();
	if (!pa)
		return 0;
	memset(pa2kva(pa), 0, SUPERPGSIZE);
	*e = PA2PTE(pa) | perm | PTE_U | PTE_V;
	return 1;
}

/*
 * Turn the superpage at *e into a level-0 table of 4 KiB pages with the
 * same contents: private copies (writable if it was copy-on-write), and
 * our reference to the block is dropped, so the block goes back to the
 * reserve whole when its last holder lets go.  0 or -E_NOMEM (then
 * nothing changed).  The caller flushes the TLB: the old 2 MiB
 * translation may be cached.
 */
static int split_superpage(pte_t *e)
{
	paddr_t pa = PTE2PA(*e);
	uint64 flags = PTE_FLAGS(*e);
	if (flags & PTE_COW)
		flags = (flags & ~PTE_COW) | PTE_W;
	pagetable_t t = pt_create();
	if (!t)
		return -E_NOMEM;
	for (uint64 i = 0; i < SUPERPG_PAGES; i++) {
		paddr_t copy = page_alloc();
		if (!copy) {
			for (uint64 j = 0; j < i; j++)
				page_free(PTE2PA(t[j]));
			pt_destroy(t);
			return -E_NOMEM;
		}
		memmove(pa2kva(copy), pa2kva(pa + i * PGSIZE), PGSIZE);
		t[i] = PA2PTE(copy) | flags;
	}
	superpg_free(pa);
	*e = PA2PTE(kva2pa(t)) | PTE_V;
	return 0;
}

/* Drop the pages mapped in [lo, hi) (page aligned), a leaf table at a time.
 * A superpage in the range must lie wholly inside it (uvm_shrink splits the
 * one it cuts first). */
static void unmap_range(pagetable_t pt, uint64 lo, uint64 hi)
{
	for (uint64 base = lo & ~(MEGAPAGE_SIZE - 1); base < hi; base += MEGAPAGE_SIZE) {
		pte_t *e = region_pte(pt, base, 0);
		if (is_superpage(e)) {
			KASSERT(base >= lo && base + SUPERPGSIZE <= hi);
			superpg_free(PTE2PA(*e));
			*e = 0;
			continue;
		}
		pte_t *t = leaf_table(pt, base);
		if (!t)
			continue;
		for (int i = 0; i < PTE_PER_PAGE; i++) {
			uint64 va = base + (uint64)i * PGSIZE;
			if (va < lo || va >= hi || !(t[i] & PTE_V))
				continue;
			page_free_mapped(PTE2PA(t[i]));
			t[i] = 0;
		}
	}
}

void uvm_unmap(pagetable_t pt, uint64 lo, uint64 hi)
{
	unmap_range(pt, lo, hi);
}

void uvm_destroy(pagetable_t pt, uint64 sz)
{
	unmap_range(pt, 0, PGROUNDUP(sz));
	unmap_range(pt, MMAP_BASE, MMAP_TOP); /* what vma_release_all left, if it ran */
	/* Trampoline, trap frame and system-call page are not ours to free
	 * (the last is absent from the self-tests' tables: no error matters). */
	vm_unmap(pt, TRAMPOLINE, 1, 0);
	vm_unmap(pt, TRAPFRAME, 1, 0);
	vm_unmap(pt, USYSCALL, 1, 0);
	unshare_kernel_half(pt);
	pt_destroy(pt);
}

int64 uvm_grow(pagetable_t pt, uint64 oldsz, uint64 newsz, uint64 perm)
{
	if (newsz > USER_TOP || newsz < oldsz)
		return -E_INVAL;
	for (uint64 va = PGROUNDUP(oldsz); va < newsz; va += PGSIZE) {
		/* A whole aligned 2 MiB inside the growth: one superpage if there is one. */
		if ((va & (SUPERPGSIZE - 1)) == 0 && newsz - va >= SUPERPGSIZE &&
		    map_superpage(pt, va, perm)) {
			va += SUPERPGSIZE - PGSIZE;
			continue;
		}
		paddr_t pa = page_alloc_zeroed();
		if (!pa || vm_map(pt, va, pa, PGSIZE, perm | PTE_U) != 0) {
			if (pa)
				page_free(pa);
			uvm_shrink(pt, va, oldsz);
			return -E_NOMEM;
		}
	}
	return newsz;
}

int64 uvm_shrink(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
	uint64 cut = PGROUNDUP(newsz);
	if (cut < PGROUNDUP(oldsz)) {
		/* A superpage the new end cuts through becomes 4 KiB pages first. */
		pte_t *e = region_pte(pt, cut, 0);
		if ((cut & (SUPERPGSIZE - 1)) && is_superpage(e)) {
			int err = split_superpage(e);
			if (err)
				return err;
		}
		unmap_range(pt, cut, PGROUNDUP(oldsz));
	}
	return newsz;
}

int uvm_share_cow(pagetable_t parent, pagetable_t child, uint64 sz)
{
	for (uint64 base = 0; base < sz; base += MEGAPAGE_SIZE) {
		pte_t *pe = region_pte(parent, base, 0);
		if (is_superpage(pe)) { /* shared whole, like a 4 KiB page */
			pte_t *ce = region_pte(child, base, 1);
			if (!ce) {
				uvm_shrink(child, base, 0);
				return -E_NOMEM;
			}
			KASSERT(!(*ce & PTE_V));
			if (*pe & PTE_W)
				*pe = (*pe & ~PTE_W) | PTE_COW;
			page_ref_mapped(PTE2PA(*pe));
			*ce = *pe;
			continue;
		}
		pte_t *pt = leaf_table(parent, base);
		pte_t *ct = 0; /* the child's table for this region, made on first use */
		if (!pt)
			continue;
		for (int i = 0; i < PTE_PER_PAGE; i++) {
			uint64 va = base + (uint64)i * PGSIZE;
			if (va >= sz)
				break;
			if (!(pt[i] & PTE_V))
				continue; /* lazy heap page not touched yet */
			if (!ct) {
				pte_t *c = vm_walk(child, va, 1);
				if (!c) {
					uvm_shrink(child, va, 0);
					return -E_NOMEM;
				}
				ct = c - i;
			}
			KASSERT(!(ct[i] & PTE_V));
			if (pt[i] &
			    PTE_W) /* writable data: both sides read-only until the first write */
				pt[i] = (pt[i] & ~PTE_W) | PTE_COW;
			page_ref_mapped(PTE2PA(pt[i]));
			ct[i] = pt[i];
		}
	}
	/* The parent's PTEs lost PTE_W: its caller flushes the parent's TLB. */
	return 0;
}

int uvm_share_range(pagetable_t parent, pagetable_t child, uint64 lo, uint64 hi, int cow)
{
	for (uint64 va = lo; va < hi; va += PGSIZE) {
		pte_t *pe = vm_walk(parent, va, 0);
		if (!pe || !(*pe & PTE_V))
			continue; /* not touched yet */
		pte_t *ce = vm_walk(child, va, 1);
		if (!ce)
			return -E_NOMEM;
		KASSERT(!(*ce & PTE_V));
		if (cow && (*pe & PTE_W))
			*pe = (*pe & ~PTE_W) | PTE_COW;
		page_ref_mapped(PTE2PA(*pe));
		*ce = *pe;
	}
	return 0;
}

void uvm_clear_user(pagetable_t pt, uint64 va)
{
	pte_t *pte = vm_walk(pt, va, 0);
	KASSERT(pte && (*pte & PTE_V));
	*pte &= ~PTE_U;
}

/* Make the COW page at *pte writable for its owner; 0 or -E_NOMEM. */
static int cow_break(pte_t *pte)
{
	paddr_t old = PTE2PA(*pte);
	uint64 flags = (PTE_FLAGS(*pte) & ~PTE_COW) | PTE_W;
	if (page_refcount(old) == 1) {
		/* Everyone else let go: take the page back as it is. */
		*pte = PA2PTE(old) | flags;
		uvm_cow_reuses++;
		return 0;
	}
	paddr_t copy = page_alloc();
	if (!copy)
		return -E_NOMEM;
	memmove(pa2kva(copy), pa2kva(old), PGSIZE);
	*pte = PA2PTE(copy) | flags;
	page_free(old); /* drop our reference to the shared page */
	uvm_cow_copies++;
	return 0;
}

/* Is va in the lazily allocated heap of the process owning pt? */
static struct proc *lazy_owner(pagetable_t pt, uint64 va)
{
	struct proc *p = myprocess();
	if (p && p->pagetable == pt && va >= p->heap_start && va < p->sz)
		return p;
	return 0;
}

static pte_t *populate_lazy(pagetable_t pt, uint64 va0)
{
	paddr_t pa = page_alloc_zeroed();
	if (!pa)
		return 0;
	if (vm_map(pt, va0, pa, PGSIZE, PTE_R | PTE_W | PTE_U) != 0) {
		page_free(pa);
		return 0;
	}
	return vm_walk(pt, va0, 0);
}

/* Make the COW superpage at *e writable: reuse it, copy it whole, or (no
 * block free) split it into private 4 KiB copies.  0 or -E_NOMEM. */
static int cow_break_super(pte_t *e)
{
	paddr_t old = PTE2PA(*e);
	uint64 flags = (PTE_FLAGS(*e) & ~PTE_COW) | PTE_W;
	if (page_refcount(old) == 1) {
		*e = PA2PTE(old) | flags;
		uvm_cow_reuses++;
		return 0;
	}
	paddr_t copy = superpg_alloc();
	if (!copy)
		return split_superpage(e);
	memmove(pa2kva(copy), pa2kva(old), SUPERPGSIZE);
	*e = PA2PTE(copy) | flags;
	superpg_free(old);
	uvm_cow_copies++;
	return 0;
}

/* uvm_resolve for an address in a superpage; uvm_fault_lock held. */
static int resolve_super(pagetable_t pt, pte_t *e, uint64 va0, int access, paddr_t *pa)
{
	int write = access == UVM_WRITE;
	if (!(*e & PTE_U) || !(*e & PTE_R) || (access == UVM_EXEC && !(*e & PTE_X)))
		return -E_FAULT;
	if (write && !(*e & PTE_W)) {
		if (!(*e & PTE_COW))
			return -E_FAULT;
		int err = cow_break_super(e);
		if (err)
			return err;
		/* Every 4 KiB of the region may be cached under the old leaf. */
		tlb_shootdown(pt, 0, TLB_ALL);
		if (!is_superpage(e))
			return 1; /* split: resolve the 4 KiB page as usual */
	}
	if (pa)
		*pa = PTE2PA(*e) + (va0 & (SUPERPGSIZE - 1));
	return 0;
}

/* uvm_resolve's work once the page is mapped, or is the heap's (or a
 * superpage); 1 if it is neither (a mapping's page or the program's, for
 * vma_fault).  uvm_fault_lock held. */
static int resolve_locked(pagetable_t pt, uint64 va0, int access, paddr_t *pa)
{
	int write = access == UVM_WRITE;
	pte_t *e = region_pte(pt, va0, 0);
	if (is_superpage(e)) {
		int r = resolve_super(pt, e, va0, access, pa);
		if (r <= 0)
			return r;
	}
	pte_t *pte = vm_walk(pt, va0, 0);
	if (!pte || !(*pte & PTE_V)) {
		if (!lazy_owner(pt, va0))
			return 1; /* read in by vma_fault, without the lock */
		if (!(pte = populate_lazy(pt, va0)))
			return -E_NOMEM;
	}
	if (!(*pte & PTE_U) || !(*pte & PTE_R))
		return -E_FAULT; /* the stack guard, the trap frame, the kernel, PROT_NONE */
	if (access == UVM_EXEC && !(*pte & PTE_X))
		return -E_FAULT; /* data, or a mapping without PROT_EXEC */
	if (write && !(*pte & PTE_W)) {
		int err = 0;
		if (*pte & PTE_COW)
			err = cow_break(pte);
		else if (vma_write_allowed(pt, va0))
			*pte |= PTE_W | PTE_D; /* a shared mapping's first write: now dirty */
		else
			return -E_FAULT; /* text, or another read-only page */
		if (err)
			return err;
		/* This hart may hold the read-only translation (the fault that
		 * brought us here came from it), and so may the harts where
		 * the process's other threads run (a copy moved the page). */
		tlb_shootdown(pt, va0, PGSIZE);
	}
	if (pa)
		*pa = PTE2PA(*pte);
	return 0;
}

int uvm_map_faulted(pagetable_t pt, uint64 va0, paddr_t pa, uint64 perm, pte_t **pte)
{
	acquire(&uvm_fault_lock);
	int err = vm_map(pt, va0, pa, PGSIZE, perm);
	if (err == -E_EXIST)
		err = 0; /* another thread's fault mapped it first */
	else if (err == 0)
		pa = 0;
	*pte = vm_walk(pt, va0, 0);
	release(&uvm_fault_lock);
	if (pa)
		page_free(pa);
	return err ? -E_NOMEM : 0;
}

int uvm_resolve(pagetable_t pt, uint64 va, int access, paddr_t *pa)
{
	uint64 va0 = PGROUNDDOWN(va);
	if (va0 >= USER_TOP)
		return -E_FAULT;
	acquire(&uvm_fault_lock);
	int r = resolve_locked(pt, va0, access, pa);
	release(&uvm_fault_lock);
	if (r <= 0)
		return r;
	pte_t *pte;
	int err = vma_fault(pt, va0, &pte); /* may sleep */
	acquire(&uvm_fault_lock);
	/* Mapped now, by this call or by another thread's (vma_fault then fails). */
	r = resolve_locked(pt, va0, access, pa);
	release(&uvm_fault_lock);
	if (r > 0)
		return err ? err : -E_FAULT;
	return r;
}

/* Is va in the kernel's half, which every user table shares (share_kernel_half)? */
static int in_kernel_half(uint64 va)
{
	return va >= MAXVA || (PX(2, va) >= KERNEL_L2_FIRST && PX(2, va) <= KERNEL_L2_LAST);
}

int64 uvm_pte(pagetable_t pt, uint64 va)
{
	if (in_kernel_half(va))
		return -E_FAULT;
	return (int64)vm_leaf(pt, va); /* bits 54..63 of a PTE are 0: never negative */
}

void uvm_print(pagetable_t pt)
{
	vm_print(pt, KERNEL_L2_FIRST, KERNEL_L2_LAST);
}
