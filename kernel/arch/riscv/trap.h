/*
 * trap.h: traps taken while the hart runs kernel code.
 *
 * kernelvec.S saves every register in a struct kframe on the current
 * kernel stack and calls kernel_trap().  Slot i holds register x_i, except
 * slot 0 (x0 is always zero), which holds sepc.
 */
#ifndef KITE_ARCH_TRAP_H
#define KITE_ARCH_TRAP_H

#define KF_SEPC 0
#define KF_REG(n) (8 * (n))
#define KF_SSTATUS (8 * 32)
#define KFRAME_SIZE (8 * 34) /* 16-byte aligned */

#define EMERG_STACK_SHIFT 12 /* per-hart emergency stack: 4 KiB */

#ifndef __ASSEMBLER__
#include "../../abi/types.h"

struct kframe {
	uint64 sepc;
	uint64 ra, sp, gp, tp, t0, t1, t2, s0, s1;
	uint64 a0, a1, a2, a3, a4, a5, a6, a7;
	uint64 s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64 t3, t4, t5, t6;
	uint64 sstatus;
	uint64 pad;
};
_Static_assert(sizeof(struct kframe) == KFRAME_SIZE, "kernelvec.S offsets");
_Static_assert(__builtin_offsetof(struct kframe, s0) == KF_REG(8), "kernelvec.S offsets");
_Static_assert(__builtin_offsetof(struct kframe, sstatus) == KF_SSTATUS, "kernelvec.S offsets");

void kernelvec(void);
void kernel_trap(struct kframe *f);
void kernel_stack_overflow(uint64 sp) __attribute__((noreturn));
void trap_init_hart(void);
void kframe_dump(struct kframe *f);

/* A readable name for an scause value ("load page fault", "timer interrupt"...). */
const char *scause_name(uint64 scause);

/* What device_interrupt() handled. */
#define INTR_UNKNOWN -1 /* not an interrupt Kite enables */
#define INTR_OTHER 0    /* a device or a wake-up IPI */
#define INTR_TIMER 1    /* the timer: the caller may preempt */
/* Device interrupt (scause interrupt code): handles it; one of INTR_*. */
int device_interrupt(uint64 code);

/* Read a word, or -1 if the load faults (self-tests; see probe.S). */
int probe_load(uint64 va, uint64 *out);
/* 0 if the Sstc stimecmp CSR is usable on this hart, else -1 (see probe.S). */
int probe_stimecmp(void);

/* Counts the ebreaks the kernel stepped over (for the self-test). */
extern volatile uint64 kernel_breakpoints;
#endif

#endif
