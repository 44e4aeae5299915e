/*
 * cpu.h: per-hart state.  Each hart finds its own struct cpu through tp,
 * which holds the hart id whenever the hart runs kernel code (entry.S sets
 * it at boot; the trampoline restores it on every trap from user mode).
 */
#ifndef KITE_ARCH_CPU_H
#define KITE_ARCH_CPU_H

#include "../../abi/types.h"
#include "../../abi/param.h"
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"

struct proc;

/*
 * Fields are only touched by their own hart (with interrupts off where it
 * matters), so no lock guards them; `started` is written once by the hart
 * and read by the boot hart.
 */
struct cpu {
	struct proc *proc;      /* process running on this hart, or 0 */
	struct context context; /* swtch() here to enter the scheduler */
	int noff;               /* depth of push_off() nesting */
	int intena;             /* were interrupts on before the first push_off()? */
	int hartid;
	volatile int started; /* set when the hart reached its scheduler */
	uint64 kstack_top;    /* top of this hart's guarded scheduler stack */
	uint64 nswitch;       /* context switches (stats) */
};

extern struct cpu cpus[NCPU];

/* Panics: cpuid()/mycpu() was called with interrupts on (a kernel bug). */
void cpuid_with_interrupts_on(void) __attribute__((noreturn));

/*
 * This hart's id: call with interrupts off, or the thread may move to
 * another hart (a timer tick can reschedule it) and the answer go stale.
 * Self-test kernels check that rule on every call; the normal kernel does
 * not, because reading sstatus is slow under QEMU and cpuid() sits under
 * every spinlock (the check cost pipes 40% of their throughput).
 */
static inline int cpuid(void)
{
#ifdef KITE_KTEST
	if (intr_get())
		cpuid_with_interrupts_on();
#endif
	return (int)r_tp();
}
/* This hart's struct cpu: call with interrupts off. */
static inline struct cpu *mycpu(void)
{
	return &cpus[cpuid()];
}

#endif
