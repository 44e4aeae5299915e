/* test_vm.c: the kernel page table and the map/unmap/walk interface. */
#include "test/ktest.h"
#include "mm/kvm.h"
#include "mm/vm.h"
#include "mm/page.h"
#include "arch/riscv/trap.h"
#include "lib/errno.h"
#include "memlayout.h"

static int wx_pages;
static void count_wx(vaddr_t va, pte_t pte, uint64 size, void *arg)
{
	(void)va, (void)size, (void)arg;
	if ((pte & PTE_W) && (pte & PTE_X))
		wx_pages++;
}

/* No kernel mapping is both writable and executable; text is R-X, rodata R--. */
KTEST(kvm_wx)
{
	extern char kernel_start[], etext[], erodata[];
	wx_pages = 0;
	vm_for_each_leaf(kernel_pagetable, count_wx, 0);
	KT_CHECK(wx_pages == 0);
	uint64 f;
	KT_CHECK(vm_translate(kernel_pagetable, (vaddr_t)kernel_start, &f) ==
	         (paddr_t)kernel_start);
	KT_CHECK((f & (PTE_R | PTE_W | PTE_X)) == (PTE_R | PTE_X));
	KT_CHECK(vm_translate(kernel_pagetable, (vaddr_t)etext, &f) != 0);
	KT_CHECK((f & (PTE_R | PTE_W | PTE_X)) == PTE_R);
	KT_CHECK(vm_translate(kernel_pagetable, (vaddr_t)erodata, &f) != 0);
	KT_CHECK((f & (PTE_R | PTE_W | PTE_X)) == (PTE_R | PTE_W));
	KT_CHECK(vm_translate(kernel_pagetable, TRAMPOLINE, &f) != 0);
	KT_CHECK((f & PTE_U) == 0);
}

/* Map a fresh page, write through it, read through the direct map, unmap. */
KTEST(kvm_map_unmap)
{
	uint64 free0 = page_free_count();
	paddr_t pa = page_alloc_zeroed();
	KT_CHECK(pa);
	KT_CHECK(kvm_map(KTEST_VA, pa, PGSIZE, PTE_R | PTE_W) == 0);
	volatile uint64 *v = (uint64 *)KTEST_VA;
	*v = 0x6b697465;
	KT_CHECK(*(uint64 *)pa2kva(pa) == 0x6b697465);
	KT_CHECK(vm_translate(kernel_pagetable, KTEST_VA, 0) == pa);
	/* A second mapping over it is refused, not overwritten. */
	paddr_t pb = page_alloc();
	KT_CHECK(kvm_map(KTEST_VA, pb, PGSIZE, PTE_R) == -E_EXIST);
	KT_CHECK(vm_translate(kernel_pagetable, KTEST_VA, 0) == pa);
	/* Mapping over the direct map (a 2 MiB leaf) is refused too. */
	KT_CHECK(kvm_map(PGROUNDUP((uint64)kernel_pagetable) + MEGAPAGE_SIZE * 4, pb, PGSIZE,
	                 PTE_R) == -E_EXIST);
	page_free(pb);
	uint64 got = 0;
	KT_CHECK(probe_load(KTEST_VA, &got) == 0 && got == 0x6b697465);
	KT_CHECK(kvm_unmap(KTEST_VA, 1, 1) == 0);
	KT_CHECK(probe_load(KTEST_VA, &got) == -1); /* now it faults */
	KT_CHECK(vm_translate(kernel_pagetable, KTEST_VA, 0) == 0);
	KT_CHECK(kvm_unmap(KTEST_VA, 1, 0) == -E_INVAL);
	/* Table pages for KTEST_VA were made at boot: nothing leaks. */
	KT_CHECK(page_free_count() == free0);
}

/* Guarded stacks: the page below each stack is unmapped. */
KTEST(kstack_guard)
{
	vaddr_t top = kstack_alloc();
	KT_CHECK(top != 0);
	KT_CHECK(vm_translate(kernel_pagetable, top - PGSIZE, 0) != 0);
	KT_CHECK(vm_translate(kernel_pagetable, top - KSTACK_SIZE, 0) != 0);
	KT_CHECK(vm_translate(kernel_pagetable, top - KSTACK_SIZE - 1, 0) == 0);
	kstack_free(top);
	KT_CHECK(vm_translate(kernel_pagetable, top - PGSIZE, 0) == 0);
}
