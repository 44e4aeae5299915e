/*
 * tlb.h: keeping a user page table's translations consistent on every
 * hart.  The threads of a process run on one page table on several harts
 * at once, so a PTE that loses a permission or goes away must be
 * forgotten by every hart that may hold it, not only by this one.
 */
#ifndef KITE_PROC_TLB_H
#define KITE_PROC_TLB_H

#include "../abi/types.h"
#include "riscv.h"

/* All of a table's translations, for tlb_shootdown's size. */
#define TLB_ALL (~0UL)

/*
 * Forget pt's translations of [va, va + size) (size TLB_ALL: all of them)
 * on this hart and on every other hart running a thread on pt now.  Call
 * after the PTE change.  A hart that starts running pt later flushes
 * anyway: the scheduler moves every hart to the kernel's table between
 * two threads, and mmu_switch() flushes when satp changes.
 */
void tlb_shootdown(pagetable_t pt, uint64 va, uint64 size);

#endif
