/*
 * kvm.h: the kernel's own address space, shared by all harts.
 *
 * Changes to it go through kvm_map()/kvm_unmap(), which flush this hart's
 * TLB and, on unmap, the other harts' TLBs through SBI RFENCE.
 */
#ifndef KITE_MM_KVM_H
#define KITE_MM_KVM_H

#include "../abi/types.h"
#include "riscv.h"
#include "lib/addr.h"
#include "memlayout.h"

extern pagetable_t kernel_pagetable;

/* Kernel pointer to device registers at physical address pa (paging on). */
static inline volatile void *kdev(paddr_t pa)
{
	return (volatile void *)(KDEV_BASE + pa);
}

/*
 * Top-level slots of the kernel's half of every address space: user page
 * tables share the kernel's tables below these slots (uvm.c copies them).
 */
#define KERNEL_L2_FIRST PX(2, USER_TOP)
#define KERNEL_L2_LAST (PX(2, TRAMPOLINE) - 1) /* the top slot is per process */

/* Build the kernel map (boot hart, paging still off). */
void kvm_init(void);
/* Turn paging on with the kernel map on this hart. */
void kvm_enable_hart(void);

int kvm_map(vaddr_t va, paddr_t pa, uint64 size, uint64 perm);
/* Unmap npages pages (dropping their page references if free_pages) and shoot down TLBs. */
int kvm_unmap(vaddr_t va, uint64 npages, int free_pages);

/*
 * Guarded kernel stacks: a KSTACK_SIZE stack with an unmapped guard below
 * it.  kstack_alloc() returns the top (initial sp) or 0; kstack_free()
 * takes that top back.
 */
vaddr_t kstack_alloc(void);
void kstack_free(vaddr_t top);

#endif
