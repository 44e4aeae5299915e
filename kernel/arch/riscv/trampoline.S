/*
 * trampoline.S: the entry to the kernel from user mode, and the way back.
 *
 * Every user page table also maps the kernel (above USER_TOP, without
 * PTE_U), so entering the kernel needs no page-table switch and no TLB
 * flush: a system call costs two mode changes and nothing more.  This code
 * sits in one page mapped at TRAMPOLINE (without PTE_U: user code cannot
 * execute it) because stvec must hold an address that is valid in every
 * address space.
 *
 * uservec: stvec points here while the hart runs user code.  It saves the
 * user registers in the trap frame, loads the kernel's sp and tp from the
 * same frame and jumps to user_trap().  All 31 of them, on every trap:
 * fork, thread_create, signal frames and the lab alarm copy the whole
 * frame, and user_trap never returns through its C frames (userret is
 * reached from return_to), so the callee-saved registers cannot be left
 * to the C code (docs/performance.md, "The trap path").
 *
 * Which trap frame: each thread has its own (the threads of a process
 * share one page table, so a fixed virtual address cannot tell them
 * apart).  While the hart is in user mode, sscratch holds the kernel
 * address of the running thread's frame (the direct map, which every user
 * table maps without PTE_U); user_return() writes it with interrupts off
 * just before userret.  uservec swaps it with a0, so a0 points at the
 * frame and sscratch briefly holds the user's a0.  In the kernel sscratch
 * is free again (kernelvec uses it).
 *
 * userret: the way back: restore the registers from the trap frame that
 * sscratch points at and sret to sepc.
 */
#include "arch/riscv/trapframe.h"
#include "arch/riscv/gprs.h"

/* One register to or from its slot in the trap frame at a0. */
#define SAVE_TF(reg, n) sd reg, TF_REG(n)(a0);
#define LOAD_TF(reg, n) ld reg, TF_REG(n)(a0);

.section trampsec
.globl trampoline
.globl uservec
.globl userret
trampoline:
.align 4
uservec:
	csrrw a0, sscratch, a0      /* a0: this thread's trap frame; sscratch: the user's a0 */
	GPRS_PLAIN(SAVE_TF)
	sd sp, TF_REG(2)(a0)
	sd tp, TF_REG(4)(a0)
	csrr t0, sscratch
	sd t0, TF_REG(10)(a0)

	ld sp, TF_KERNEL_SP(a0)
	ld tp, TF_KERNEL_HARTID(a0)
	ld t0, TF_KERNEL_TRAP(a0)
	jr t0                       /* user_trap(): does not return here */

userret:
	csrr a0, sscratch           /* the frame; sscratch keeps it for the next trap */
	GPRS_PLAIN(LOAD_TF)
	ld sp, TF_REG(2)(a0)
	ld tp, TF_REG(4)(a0)
	ld a0, TF_REG(10)(a0)
	sret
