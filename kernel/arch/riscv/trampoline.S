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
 * user registers in the trap frame (at TRAPFRAME, a per-process page),
 * loads the kernel's sp and tp from the same frame and jumps to
 * user_trap().  sscratch briefly holds the user's a0.
 *
 * userret: the way back: restore the registers from the trap frame and
 * sret to sepc.
 */
#include "arch/riscv/trapframe.h"
#include "memlayout.h"

.section trampsec
.globl trampoline
.globl uservec
.globl userret
trampoline:
.align 4
uservec:
	csrw sscratch, a0
	li a0, TRAPFRAME
	sd ra, TF_REG(1)(a0)
	sd sp, TF_REG(2)(a0)
	sd gp, TF_REG(3)(a0)
	sd tp, TF_REG(4)(a0)
	sd t0, TF_REG(5)(a0)
	sd t1, TF_REG(6)(a0)
	sd t2, TF_REG(7)(a0)
	sd s0, TF_REG(8)(a0)
	sd s1, TF_REG(9)(a0)
	sd a1, TF_REG(11)(a0)
	sd a2, TF_REG(12)(a0)
	sd a3, TF_REG(13)(a0)
	sd a4, TF_REG(14)(a0)
	sd a5, TF_REG(15)(a0)
	sd a6, TF_REG(16)(a0)
	sd a7, TF_REG(17)(a0)
	sd s2, TF_REG(18)(a0)
	sd s3, TF_REG(19)(a0)
	sd s4, TF_REG(20)(a0)
	sd s5, TF_REG(21)(a0)
	sd s6, TF_REG(22)(a0)
	sd s7, TF_REG(23)(a0)
	sd s8, TF_REG(24)(a0)
	sd s9, TF_REG(25)(a0)
	sd s10, TF_REG(26)(a0)
	sd s11, TF_REG(27)(a0)
	sd t3, TF_REG(28)(a0)
	sd t4, TF_REG(29)(a0)
	sd t5, TF_REG(30)(a0)
	sd t6, TF_REG(31)(a0)
	csrr t0, sscratch
	sd t0, TF_REG(10)(a0)

	ld sp, TF_KERNEL_SP(a0)
	ld tp, TF_KERNEL_HARTID(a0)
	ld t0, TF_KERNEL_TRAP(a0)
	jr t0                       /* user_trap(): does not return here */

userret:
	li a0, TRAPFRAME
	ld ra, TF_REG(1)(a0)
	ld sp, TF_REG(2)(a0)
	ld gp, TF_REG(3)(a0)
	ld tp, TF_REG(4)(a0)
	ld t0, TF_REG(5)(a0)
	ld t1, TF_REG(6)(a0)
	ld t2, TF_REG(7)(a0)
	ld s0, TF_REG(8)(a0)
	ld s1, TF_REG(9)(a0)
	ld a1, TF_REG(11)(a0)
	ld a2, TF_REG(12)(a0)
	ld a3, TF_REG(13)(a0)
	ld a4, TF_REG(14)(a0)
	ld a5, TF_REG(15)(a0)
	ld a6, TF_REG(16)(a0)
	ld a7, TF_REG(17)(a0)
	ld s2, TF_REG(18)(a0)
	ld s3, TF_REG(19)(a0)
	ld s4, TF_REG(20)(a0)
	ld s5, TF_REG(21)(a0)
	ld s6, TF_REG(22)(a0)
	ld s7, TF_REG(23)(a0)
	ld s8, TF_REG(24)(a0)
	ld s9, TF_REG(25)(a0)
	ld s10, TF_REG(26)(a0)
	ld s11, TF_REG(27)(a0)
	ld t3, TF_REG(28)(a0)
	ld t4, TF_REG(29)(a0)
	ld t5, TF_REG(30)(a0)
	ld t6, TF_REG(31)(a0)
	ld a0, TF_REG(10)(a0)
	sret
