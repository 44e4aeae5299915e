/*
 * mmu.h: what portable code asks of the MMU: run on a page table, and
 * forget translations.  On RISC-V that is satp and sfence.vma (privileged
 * spec, "Supervisor Address Translation and Protection Register" and
 * "Supervisor Memory-Management Fence Instruction"); nothing outside
 * arch/riscv/ writes satp or issues sfence.vma itself.  Every operation
 * acts on the calling hart only; other harts are reached through SBI
 * RFENCE (kvm.c).
 */
#ifndef KITE_ARCH_MMU_H
#define KITE_ARCH_MMU_H

#include "../../abi/types.h"
#include "lib/addr.h"
#include "arch/riscv/sv39.h"
#include "arch/riscv/csr.h"

/* Turn translation on with pt (boot): fence the table writes, then switch. */
static inline void mmu_enable(pagetable_t pt)
{
	sfence_vma(); /* finish writes to the tables before the walker reads them */
	w_satp(MAKE_SATP(kva2pa(pt)));
	sfence_vma(); /* drop any stale translations */
}

/* Run on pt from now on.  Every table maps the kernel, so this may happen
 * anywhere in kernel code; it costs a TLB flush, so only if pt changes. */
static inline void mmu_switch(pagetable_t pt)
{
	uint64 satp = MAKE_SATP(kva2pa(pt));
	if (r_satp() != satp) {
		w_satp(satp);
		sfence_vma();
	}
}

/* Forget every translation of this hart (after PTEs lost permissions or went away). */
static inline void mmu_flush_all(void)
{
	sfence_vma();
}

/* Forget the translation of one page. */
static inline void mmu_flush_page(vaddr_t va)
{
	sfence_vma_page(va);
}

#endif
