/*
 * uvm.c: building, sharing and tearing down user address spaces, and the
 * page-fault path for copy-on-write and lazy heap pages.
 *
 * Reference counts (mm/page.c) make sharing safe: each PTE that points at
 * a page holds one reference; uvm_destroy drops them; the page returns to
 * the free lists only when the last holder is gone.
 */
#include "proc/uvm.h"
#include "proc/proc.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "mm/kvm.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "memlayout.h"
#include "arch/riscv/mmu.h"

extern char trampoline_start[];

uint64 uvm_cow_copies, uvm_cow_reuses; /* statistics: racy increments are fine */

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

/* Drop the pages mapped in [lo, hi) (page aligned), a leaf table at a time. */
static void unmap_range(pagetable_t pt, uint64 lo, uint64 hi)
{
	for (uint64 base = lo & ~(MEGAPAGE_SIZE - 1); base < hi; base += MEGAPAGE_SIZE) {
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

void uvm_destroy(pagetable_t pt, uint64 sz)
{
	unmap_range(pt, 0, PGROUNDUP(sz));
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

uint64 uvm_shrink(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
	if (PGROUNDUP(newsz) < PGROUNDUP(oldsz))
		unmap_range(pt, PGROUNDUP(newsz), PGROUNDUP(oldsz));
	return newsz;
}

int uvm_share_cow(pagetable_t parent, pagetable_t child, uint64 sz)
{
	for (uint64 base = 0; base < sz; base += MEGAPAGE_SIZE) {
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
			if (pt[i] & PTE_W) /* writable data: both sides read-only until the first write */
				pt[i] = (pt[i] & ~PTE_W) | PTE_COW;
			page_ref_mapped(PTE2PA(pt[i]));
			ct[i] = pt[i];
		}
	}
	/* The parent's PTEs lost PTE_W: its caller flushes the parent's TLB. */
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
	struct proc *p = myproc();
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

int uvm_resolve(pagetable_t pt, uint64 va, int write, paddr_t *pa)
{
	uint64 va0 = PGROUNDDOWN(va);
	if (va0 >= USER_TOP)
		return -E_FAULT;
	pte_t *pte = vm_walk(pt, va0, 0);
	if (!pte || !(*pte & PTE_V)) {
		if (!lazy_owner(pt, va0))
			return -E_FAULT;
		if (!(pte = populate_lazy(pt, va0)))
			return -E_NOMEM;
	}
	if (!(*pte & PTE_U) || !(*pte & PTE_R))
		return -E_FAULT; /* the stack guard, the trap frame, the kernel */
	if (write && !(*pte & PTE_W)) {
		if (!(*pte & PTE_COW))
			return -E_FAULT; /* text, or another read-only page */
		int err = cow_break(pte);
		if (err)
			return err;
		/* This hart may hold the read-only translation (the fault that
		 * brought us here came from it); other harts flush on their
		 * next return to this process. */
		mmu_flush_page(va0);
	}
	if (pa)
		*pa = PTE2PA(*pte);
	return 0;
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
