/* test_uvm.c: user address spaces: the shared kernel half and copy-on-write counts. */
#include "test/ktest.h"
#include "proc/uvm.h"
#include "mm/vm.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "arch/riscv/trapframe.h"
#include "memlayout.h"

static int user_bits_in_kernel_half;
static void count_user_bits(vaddr_t va, pte_t pte, uint64 size, void *arg)
{
	(void)size, (void)arg;
	if (va >= USER_TOP && va < TRAPFRAME && (pte & PTE_U))
		user_bits_in_kernel_half++;
}

/* A user table maps the kernel exactly as the kernel's table does, never with PTE_U. */
KTEST(uvm_kernel_half)
{
	extern char kernel_start[];
	uint64 free0 = page_free_count();
	paddr_t tf = page_alloc_zeroed();
	pagetable_t pt = uvm_create(pa2kva(tf));
	KT_CHECK(pt);
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
	KT_CHECK(page_free_count() == free0);
}

/* fork's sharing: read-only + COW in both, one reference per mapping, all freed at the end. */
KTEST(uvm_cow_refcounts)
{
	uint64 free0 = page_free_count();
	paddr_t tf1 = page_alloc_zeroed(), tf2 = page_alloc_zeroed();
	pagetable_t parent = uvm_create(pa2kva(tf1)), child = uvm_create(pa2kva(tf2));
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
	paddr_t copy = uvm_user_page(child, PGSIZE, 1);
	KT_CHECK(copy && copy != pa);
	KT_CHECK(*(uint64 *)pa2kva(copy) == 0x636f77);
	KT_CHECK(page_refcount(pa) == 1 && page_refcount(copy) == 1);
	/* The parent, now the last holder, takes its page back without a copy. */
	KT_CHECK(uvm_user_page(parent, PGSIZE, 1) == pa);
	KT_CHECK(vm_translate(parent, PGSIZE, &pf) == pa && (pf & PTE_W) && !(pf & PTE_COW));
	/* Kernel-half addresses are never user pages. */
	KT_CHECK(uvm_user_page(child, KERNBASE, 0) == 0);
	KT_CHECK(uvm_user_page(child, TRAPFRAME, 0) == 0);
	uvm_destroy(child, sz);
	uvm_destroy(parent, sz);
	page_free(tf1);
	page_free(tf2);
	KT_CHECK(page_free_count() == free0);
}
