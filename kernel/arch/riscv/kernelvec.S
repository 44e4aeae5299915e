/*
 * kernelvec.S: the trap vector while the hart is in supervisor mode.
 *
 * Before pushing anything we check for a kernel stack overflow: every
 * guarded kernel stack lives in the region at KSTACK_BASE (addresses with
 * bit KSTACK_REGION_SHIFT set), in slots whose lower half is an unmapped
 * guard.  If the frame we are about to push would land in a guard half,
 * pushing it would fault again, forever; instead we switch to this hart's
 * emergency stack and report.  Stacks outside the region (the boot stacks)
 * are not checked.
 *
 * tp is deliberately not restored on the way out: if the interrupted
 * thread was rescheduled on another hart while in kernel_trap(), tp already
 * holds that hart's id and the saved one would be wrong.
 */
#include "arch/riscv/trap.h"
#include "memlayout.h"

.section .text
.globl kernelvec
.align 4
kernelvec:
	csrw sscratch, t0                 /* sscratch is free while in the kernel */
	addi t0, sp, -KFRAME_SIZE
	srli t0, t0, KSTACK_REGION_SHIFT
	beqz t0, 1f                       /* not a guarded stack */
	addi t0, sp, -KFRAME_SIZE
	srli t0, t0, KSTACK_SHIFT
	andi t0, t0, 1
	beqz t0, overflow                 /* the frame would land in a guard page */
1:
	csrr t0, sscratch
	addi sp, sp, -KFRAME_SIZE
	sd ra, KF_REG(1)(sp)
	sd gp, KF_REG(3)(sp)
	sd tp, KF_REG(4)(sp)
	sd t0, KF_REG(5)(sp)
	sd t1, KF_REG(6)(sp)
	sd t2, KF_REG(7)(sp)
	sd s0, KF_REG(8)(sp)
	sd s1, KF_REG(9)(sp)
	sd a0, KF_REG(10)(sp)
	sd a1, KF_REG(11)(sp)
	sd a2, KF_REG(12)(sp)
	sd a3, KF_REG(13)(sp)
	sd a4, KF_REG(14)(sp)
	sd a5, KF_REG(15)(sp)
	sd a6, KF_REG(16)(sp)
	sd a7, KF_REG(17)(sp)
	sd s2, KF_REG(18)(sp)
	sd s3, KF_REG(19)(sp)
	sd s4, KF_REG(20)(sp)
	sd s5, KF_REG(21)(sp)
	sd s6, KF_REG(22)(sp)
	sd s7, KF_REG(23)(sp)
	sd s8, KF_REG(24)(sp)
	sd s9, KF_REG(25)(sp)
	sd s10, KF_REG(26)(sp)
	sd s11, KF_REG(27)(sp)
	sd t3, KF_REG(28)(sp)
	sd t4, KF_REG(29)(sp)
	sd t5, KF_REG(30)(sp)
	sd t6, KF_REG(31)(sp)
	addi t0, sp, KFRAME_SIZE
	sd t0, KF_REG(2)(sp)              /* sp as it was at the trap */
	csrr t0, sepc
	sd t0, KF_SEPC(sp)
	csrr t0, sstatus
	sd t0, KF_SSTATUS(sp)

	mv a0, sp
	call kernel_trap

	/* sepc and sstatus may have been changed by a trap taken in between
	 * (kernel_trap can yield), so they come back from the frame. */
	ld t0, KF_SEPC(sp)
	csrw sepc, t0
	ld t0, KF_SSTATUS(sp)
	csrw sstatus, t0
	ld ra, KF_REG(1)(sp)
	ld gp, KF_REG(3)(sp)
	ld t0, KF_REG(5)(sp)
	ld t1, KF_REG(6)(sp)
	ld t2, KF_REG(7)(sp)
	ld s0, KF_REG(8)(sp)
	ld s1, KF_REG(9)(sp)
	ld a0, KF_REG(10)(sp)
	ld a1, KF_REG(11)(sp)
	ld a2, KF_REG(12)(sp)
	ld a3, KF_REG(13)(sp)
	ld a4, KF_REG(14)(sp)
	ld a5, KF_REG(15)(sp)
	ld a6, KF_REG(16)(sp)
	ld a7, KF_REG(17)(sp)
	ld s2, KF_REG(18)(sp)
	ld s3, KF_REG(19)(sp)
	ld s4, KF_REG(20)(sp)
	ld s5, KF_REG(21)(sp)
	ld s6, KF_REG(22)(sp)
	ld s7, KF_REG(23)(sp)
	ld s8, KF_REG(24)(sp)
	ld s9, KF_REG(25)(sp)
	ld s10, KF_REG(26)(sp)
	ld s11, KF_REG(27)(sp)
	ld t3, KF_REG(28)(sp)
	ld t4, KF_REG(29)(sp)
	ld t5, KF_REG(30)(sp)
	ld t6, KF_REG(31)(sp)
	addi sp, sp, KFRAME_SIZE
	sret

overflow:
	/* The overflowing thread is dead (we are about to panic), so its t0
	 * (in sscratch) is given up to remember its sp instead. */
	csrw sscratch, sp
	addi t0, tp, 1
	slli t0, t0, EMERG_STACK_SHIFT
	la sp, emergency_stacks
	add sp, sp, t0                    /* top of emergency_stacks[hartid] */
	csrr a0, sscratch
	call kernel_stack_overflow        /* panics; never returns */
1:	j 1b
