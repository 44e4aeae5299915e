/*
 * tlb.c: TLB shootdown for user page tables (proc/tlb.h).
 *
 * Which harts to fence: those whose cpus[h].proc runs on pt.  The read is
 * racy on purpose.  A hart that is leaving pt needs nothing (it flushes
 * when it comes back); a hart that is about to start on pt stores
 * cpus[h].proc before its mmu_switch() flush, and the fence below orders
 * this hart's PTE writes before the read, so either the read sees it or
 * its flush comes after the new PTEs.
 */
#include "proc/tlb.h"
#include "proc/proc.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/mmu.h"
#include "arch/riscv/sbi.h"

void tlb_shootdown(pagetable_t pt, uint64 va, uint64 size)
{
	if (size == PGSIZE)
		mmu_flush_page(va);
	else
		mmu_flush_all();
	__sync_synchronize(); /* the PTE writes before the look at other harts */
	uint64 mask = 0;
	push_off();
	int me = cpuid();
	for (int h = 0; h < NCPU; h++) {
		struct proc *p = __atomic_load_n(&cpus[h].proc, __ATOMIC_RELAXED);
		if (h != me && p && p->pagetable == pt)
			mask |= 1UL << h;
	}
	pop_off();
	if (mask)
		sbi_remote_sfence_vma(mask, size == TLB_ALL ? 0 : va, size);
}
