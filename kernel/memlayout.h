/*
 * memlayout.h: fixed points of the physical and virtual memory maps
 * (names as in xv6-riscv).  See docs/architecture.md for the pictures.
 *
 * Physical (QEMU virt):  0x0C000000 PLIC, 0x10000000 UART, 0x10001000..
 * virtio-mmio, 0x80000000 RAM (OpenSBI first, the kernel at 0x80200000).
 * The device addresses below are the virt machine's usual values, for
 * programs that print them; the kernel itself takes every device address
 * and the RAM size from the device tree.
 *
 * Kernel virtual: devices and RAM are mapped at their physical addresses
 * (the "direct map"), kernel stacks live in a region near the top, and the
 * trampoline page is the highest page, as in every user address space.
 *
 * User virtual, from 0 up:  text | data+bss | guard | stack | heap ... |
 * (HEAP_TOP) memory mappings (USER_TOP) ... USYSCALL | TRAPFRAME | TRAMPOLINE.
 */
#ifndef KITE_MEMLAYOUT_H
#define KITE_MEMLAYOUT_H

#include "riscv.h"

#define UART0 0x10000000L
#define UART0_IRQ 10
#define VIRTIO0 0x10001000L
#define VIRTIO0_IRQ 1
#define PLIC 0x0c000000L

#define KERNBASE 0x80000000L /* start of RAM; the kernel loads at 0x80200000 */
/* End of RAM on the default machine (-m 128M), xv6's name.  The kernel itself
 * uses the RAM size the device tree gives. */
#define PHYSTOP (KERNBASE + 128 * 1024 * 1024)

/*
 * User memory is [0, USER_TOP).  Everything above belongs to the kernel and
 * is mapped (without PTE_U) in every user page table too, so a trap from
 * user mode needs no page-table switch.
 */
#define USER_TOP KERNBASE

/*
 * mmap's region: [MMAP_BASE, MMAP_TOP), the upper half of user memory.
 * Mappings without MAP_FIXED are placed top-down from MMAP_TOP
 * (proc/vma.c); the heap (sbrk) and exec's segments stay below HEAP_TOP,
 * so the two never meet.  Always 4 KiB pages, never superpages.
 */
#define MMAP_TOP USER_TOP
#define MMAP_BASE (USER_TOP / 2)
#define HEAP_TOP MMAP_BASE

/* Devices: the kernel maps device registers at KDEV_BASE + physical address. */
#define KDEV_BASE 0x3000000000L
#define KDEV_SIZE (1L << 30) /* devices must live in the first GiB of physical space */

/* The trampoline (user<->kernel entry code) is mapped at the top. */
#define TRAMPOLINE (MAXVA - PGSIZE)
/* Each process's trap frame sits just below it (user page tables only). */
#define TRAPFRAME (TRAMPOLINE - PGSIZE)
/*
 * Below the trap frame, the shared system-call page (the 6.1810 pgtbl
 * lab's): one page per process, read-only for the user, that the kernel
 * fills when it makes the process, so that ugetpid() needs no trap.
 * docs/architecture.md says what else could live there.
 */
#define USYSCALL (TRAPFRAME - PGSIZE)
#ifndef __ASSEMBLER__
struct usyscall {
	int pid; /* the owner's pid, fixed for the page's life */
};
#endif

/*
 * Kernel stacks: slot i is KSTACK_SLOT bytes at KSTACK_BASE + i*KSTACK_SLOT;
 * its lower half is an unmapped guard, its upper half the stack.  Because
 * slots are aligned to their size, bit KSTACK_SHIFT of an address in the
 * region says "stack" (1) or "guard" (0): the trap vector uses that to spot
 * an overflow before it pushes anything.
 */
#define KSTACK_SHIFT 14 /* 16 KiB stacks */
#define KSTACK_SIZE (1L << KSTACK_SHIFT)
#define KSTACK_SLOT (2 * KSTACK_SIZE) /* guard + stack */
#define KSTACK_NSLOTS 256
#define KSTACK_REGION_SHIFT 37 /* every address >= 2^37 is a stack slot */
#define KSTACK_BASE (1L << KSTACK_REGION_SHIFT)
#define KSTACK_END (KSTACK_BASE + KSTACK_NSLOTS * KSTACK_SLOT)
#define KSTACK(slot) (KSTACK_BASE + (slot)*KSTACK_SLOT + KSTACK_SIZE) /* lowest stack byte */

/* A kernel virtual page for self-tests of map/unmap (never RAM, never a stack). */
#define KTEST_VA (KSTACK_END + MEGAPAGE_SIZE)

/* kmalloc's large objects: slot i of KHEAP_SLOT bytes, virtually contiguous. */
#define KHEAP_BASE (KSTACK_END + 2 * MEGAPAGE_SIZE)
#define KHEAP_SLOT (64 * 1024)
#define KHEAP_NSLOTS 1024
#define KHEAP_END (KHEAP_BASE + KHEAP_NSLOTS * KHEAP_SLOT)

#endif
