/* test_uvm.c: user address spaces: the shared kernel half and copy-on-write counts. */
#include "test/ktest.h"
#include "proc/uvm.h"
#include "mm/vm.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "arch/riscv/trapframe.h"
#include "memlayout.h"
#include "lib/errno.h"

static int user_bits_in_kernel_half;
static void count_user_bits(vaddr_t va, pte_t pte, uint64 size, void *arg)
{
	(void)size, (void)arg;
	if (va >= USER_TOP && va < USYSCALL && (pte & PTE_U))
		user_bits_in_kernel_half++;
}

/* A user table maps the kernel exactly as the kernel's table does, never with PTE_U;
 * the system-call page is user read-only. */
KTEST(uvm_kernel_half)
{
	extern char kernel_start[];
	uint64 free0 = page_free_count();
	paddr_t tf = page_alloc_zeroed(), us = page_alloc_zeroed();
	pagetable_t pt = uvm_create(pa2kva(tf), pa2kva(us));
	KT_CHECK(pt);
	uint64 usflags;
	KT_CHECK(vm_translate(pt, USYSCALL, &usflags) == us);
	KT_CHECK((usflags & PTE_U) && (usflags & PTE_R) && !(usflags & (PTE_W | PTE_X)));
	KT_CHECK(vm_translate(pt, (vaddr_t)kernel_start, 0) == (paddr_t)kernel_start);
	KT_CHECK(vm_translate(pt, KSTACK_BASE + KSTACK_SIZE, 0) ==
	         vm_translate(kernel_pagetable, KSTACK_BASE + KSTACK_SIZE, 0));
	KT_CHECK(vm_translate(pt, TRAPFRAME, 0) == tf);
	KT_CHECK(vm_translate(kernel_pagetable, TRAPFRAME, 0) == 0);
	KT_CHECK(vm_translate(pt, 0, 0) == 0); /* nothing below USER_TOP yet */
	user_bits_in_kernel_half = 0;
	vm_for_each_leaf(pt, count_user_bits, 0);
	KT_CHECK(user_bits_in_kernel_half == 0);
	uvm_destroy(pt, 0);
	/* The kernel's shared tables survived the destruction. */
	KT_CHECK(vm_translate(kernel_pagetable, (vaddr_t)kernel_start, 0) == (paddr_t)kernel_start);
	page_free(tf);
	page_free(us);
	KT_CHECK(page_free_count() == free0);
}

/* fork's sharing: read-only + COW in both, one reference per mapping, all freed at the end. */
KTEST(uvm_cow_refcounts)
{
	uint64 free0 = page_free_count();
	paddr_t tf1 = page_alloc_zeroed(), tf2 = page_alloc_zeroed();
	pagetable_t parent = uvm_create(pa2kva(tf1), 0), child = uvm_create(pa2kva(tf2), 0);
	KT_CHECK(parent && child);
	uint64 sz = 3 * PGSIZE;
	KT_CHECK(uvm_grow(parent, 0, sz, PTE_R | PTE_W) == (int64)sz);
	paddr_t pa = vm_translate(parent, PGSIZE, 0);
	*(uint64 *)pa2kva(pa) = 0x636f77;
	KT_CHECK(uvm_share_cow(parent, child, sz) == 0);
	uint64 pf, cf;
	KT_CHECK(vm_translate(child, PGSIZE, &cf) == pa);
	KT_CHECK(vm_translate(parent, PGSIZE, &pf) == pa);
	KT_CHECK(!(pf & PTE_W) && (pf & PTE_COW) && !(cf & PTE_W) && (cf & PTE_COW));
	KT_CHECK((cf & PTE_U) && (pf & PTE_U));
	KT_CHECK(page_refcount(pa) == 2);
	/* The child writes (as copyout would): it gets its own copy with the same contents. */
	paddr_t copy = 0;
	KT_CHECK(uvm_resolve(child, PGSIZE, 1, &copy) == 0);
	KT_CHECK(copy && copy != pa);
	KT_CHECK(*(uint64 *)pa2kva(copy) == 0x636f77);
	KT_CHECK(page_refcount(pa) == 1 && page_refcount(copy) == 1);
	/* The parent, now the last holder, takes its page back without a copy. */
	paddr_t back = 0;
	KT_CHECK(uvm_resolve(parent, PGSIZE, 1, &back) == 0 && back == pa);
	KT_CHECK(vm_translate(parent, PGSIZE, &pf) == pa && (pf & PTE_W) && !(pf & PTE_COW));
	/* Kernel-half addresses are never user pages. */
	KT_CHECK(uvm_resolve(child, KERNBASE, 0, 0) == -E_FAULT);
	KT_CHECK(uvm_resolve(child, TRAPFRAME, 0, 0) == -E_FAULT);
	uvm_destroy(child, sz);
	uvm_destroy(parent, sz);
	page_free(tf1);
	page_free(tf2);
	KT_CHECK(page_free_count() == free0);
}

/* Take every free page, chained through their first words; the chain's head. */
static paddr_t drain_pages(void)
{
	paddr_t head = 0, pa;
	while ((pa = page_alloc()) != 0) {
		*(paddr_t *)pa2kva(pa) = head;
		head = pa;
	}
	return head;
}

static void undrain_pages(paddr_t head)
{
	while (head) {
		paddr_t next = *(paddr_t *)pa2kva(head);
		page_free(head);
		head = next;
	}
}

/* uvm_resolve tells a bad access (-E_FAULT) from a lack of memory (-E_NOMEM). */
KTEST(uvm_resolve_errors)
{
	uint64 free0 = page_free_count();
	paddr_t tf1 = page_alloc_zeroed(), tf2 = page_alloc_zeroed();
	pagetable_t parent = uvm_create(pa2kva(tf1), 0), child = uvm_create(pa2kva(tf2), 0);
	KT_CHECK(parent && child);
	uint64 sz = 2 * PGSIZE;
	KT_CHECK(uvm_grow(parent, 0, PGSIZE, PTE_R | PTE_X) == (int64)PGSIZE); /* "text" */
	KT_CHECK(uvm_grow(parent, PGSIZE, sz, PTE_R | PTE_W) == (int64)sz);
	KT_CHECK(uvm_resolve(parent, 0, 0, 0) == 0);         /* text is readable */
	KT_CHECK(uvm_resolve(parent, 0, 1, 0) == -E_FAULT);  /* and not writable */
	KT_CHECK(uvm_resolve(parent, sz, 0, 0) == -E_FAULT); /* unmapped, not a heap */
	KT_CHECK(uvm_resolve(parent, USER_TOP, 0, 0) == -E_FAULT);
	uvm_clear_user(parent, PGSIZE); /* a guard page */
	KT_CHECK(uvm_resolve(parent, PGSIZE, 0, 0) == -E_FAULT);
	KT_CHECK(uvm_grow(parent, sz, 2 * sz, PTE_R | PTE_W) == (int64)(2 * sz));
	KT_CHECK(uvm_share_cow(parent, child, 2 * sz) == 0);
	/* A copy-on-write break with no page to copy into is out of memory. */
	paddr_t drained = drain_pages();
	KT_CHECK(uvm_resolve(child, sz, 1, 0) == -E_NOMEM);
	undrain_pages(drained);
	KT_CHECK(uvm_resolve(child, sz, 1, 0) == 0);
	uvm_destroy(child, 2 * sz);
	uvm_destroy(parent, 2 * sz);
	page_free(tf1);
	page_free(tf2);
	KT_CHECK(page_free_count() == free0);
}
