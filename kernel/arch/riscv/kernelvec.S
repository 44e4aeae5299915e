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
#include "arch/riscv/gprs.h"
#include "memlayout.h"

/* One register to or from its slot in the frame at sp. */
#define SAVE_KF(reg, n) sd reg, KF_REG(n)(sp);
#define LOAD_KF(reg, n) ld reg, KF_REG(n)(sp);

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
	GPRS_PLAIN(SAVE_KF)
	sd tp, KF_REG(4)(sp)
	sd a0, KF_REG(10)(sp)
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
	GPRS_PLAIN(LOAD_KF)
	ld a0, KF_REG(10)(sp)               /* tp stays: see above */
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
