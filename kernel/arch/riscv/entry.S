/*
 * entry.S: where OpenSBI leaves us, in supervisor mode with paging off.
 *
 * _entry runs once, on whichever hart OpenSBI chose to boot (a0 = its hart
 * id, a1 = physical address of the device tree).  The other harts stay
 * stopped in the firmware until boot_main() starts them through SBI HSM at
 * _secondary_entry (a0 = hart id, a1 = the opaque value we passed).
 *
 * Each hart gets BOOT_STACK_SIZE bytes of boot stack in .bss.  The boot
 * stacks are only used until the hart switches to its guarded stack in
 * the kernel-stack region (see memlayout.h); BSS is cleared here, in
 * assembly, because C code would need a stack inside BSS to do it.
 */
#include "../../abi/param.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/trap.h"

#define BOOT_STACK_SHIFT 12 /* 4 KiB each */

.section .text.entry
.globl _entry
_entry:
	/* Interrupts off until the trap vector is ready. */
	csrw sie, zero
	csrw sstatus, zero
	/* Rarely, OpenSBI on QEMU lets a second hart through to _entry at
	 * the same time.  Exactly one hart may boot: the winner of this swap
	 * (the flag is in .data, so clearing BSS cannot reset it).  A loser
	 * stops itself in the firmware; boot_main starts it again later
	 * through SBI HSM like any other hart. */
	la t0, boot_claimed
	li t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez t1, lost_boot
	/* Clear BSS (a0/a1 must survive: use t0..t2). */
	la t0, bss_start
	la t1, bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:
	call set_stack_and_tp
	call boot_main              /* boot_main(hartid, fdt): does not return */
	j halt

.globl _secondary_entry
_secondary_entry:
	csrw sie, zero
	csrw sstatus, zero
	call set_stack_and_tp
	call secondary_main         /* secondary_main(hartid, opaque) */
	j halt

/* sp = top of boot_stacks[a0], tp = a0 (hart id).  Harts beyond NCPU halt. */
set_stack_and_tp:
	li t0, NCPU
	bgeu a0, t0, halt
	mv tp, a0
	la sp, boot_stacks
	addi t0, a0, 1
	slli t0, t0, BOOT_STACK_SHIFT
	add sp, sp, t0
	ret

halt:
	wfi
	j halt

lost_boot:
	li a7, SBI_EXT_HSM
	li a6, SBI_HSM_HART_STOP
	ecall
	j halt

.section .data
.align 2
boot_claimed:
	.word 0

.section .bss
.align 12
.globl boot_stacks
boot_stacks:
	.space NCPU << BOOT_STACK_SHIFT
.globl emergency_stacks
emergency_stacks:
	.space NCPU << EMERG_STACK_SHIFT
