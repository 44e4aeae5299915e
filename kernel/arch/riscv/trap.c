/*
 * trap.c: traps taken in supervisor mode, and the decoding shared with the
 * user trap path.
 *
 * Interrupts: software (IPIs: panic stops, wake-ups of idle harts), timer
 * (tick, then preemption of the running thread), external (PLIC).
 * Exceptions: `ebreak` is reported and stepped over; anything else in
 * kernel code is a kernel bug and panics with the decoded cause.
 */
#include "arch/riscv/trap.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/timer.h"
#include "dev/plic.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "proc/sched.h"

volatile uint64 kernel_breakpoints;

/* Opcode of the compressed c.ebreak; the full ebreak is 4 bytes. */
#define C_EBREAK 0x9002
#define INSN_IS_COMPRESSED(lo16) (((lo16)&3) != 3)

void trap_init_hart(void)
{
	CSR_WRITE(stvec, (uint64)kernelvec);
	CSR_SET(sie, SIE_SSIE | SIE_SEIE);
	/* User programs may read time, cycle and instret (make bench). */
	CSR_WRITE(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
}

const char *scause_name(uint64 scause)
{
	static const char *const exc[] = {
	    [EXC_INST_MISALIGNED] = "instruction address misaligned",
	    [EXC_INST_ACCESS] = "instruction access fault",
	    [EXC_ILLEGAL_INST] = "illegal instruction",
	    [EXC_BREAKPOINT] = "breakpoint",
	    [EXC_LOAD_MISALIGNED] = "load address misaligned",
	    [EXC_LOAD_ACCESS] = "load access fault",
	    [EXC_STORE_MISALIGNED] = "store address misaligned",
	    [EXC_STORE_ACCESS] = "store access fault",
	    [EXC_ECALL_U] = "environment call from U-mode",
	    [EXC_ECALL_S] = "environment call from S-mode",
	    [EXC_INST_PAGE_FAULT] = "instruction page fault",
	    [EXC_LOAD_PAGE_FAULT] = "load page fault",
	    [EXC_STORE_PAGE_FAULT] = "store page fault",
	};
	uint64 code = SCAUSE_CODE(scause);
	if (scause & SCAUSE_INTR) {
		switch (code) {
		case IRQ_S_SOFT:
			return "supervisor software interrupt";
		case IRQ_S_TIMER:
			return "supervisor timer interrupt";
		case IRQ_S_EXT:
			return "supervisor external interrupt";
		}
		return "unknown interrupt";
	}
	if (code < sizeof(exc) / sizeof(exc[0]) && exc[code])
		return exc[code];
	return "unknown exception";
}

int device_interrupt(uint64 code)
{
	switch (code) {
	case IRQ_S_SOFT:
		CSR_CLEAR(sip, SIE_SSIE);
		if (panicking)
			panic_halt_this_hart();
		return INTR_OTHER; /* a wake-up: the scheduler looks again */
	case IRQ_S_TIMER:
		if (panicking)
			panic_halt_this_hart();
		timer_intr();
		return INTR_TIMER;
	case IRQ_S_EXT:
		plic_dispatch();
		return INTR_OTHER;
	}
	return INTR_UNKNOWN;
}

void kframe_dump(struct kframe *f)
{
	printf("ra 0x%lx sp 0x%lx gp 0x%lx tp 0x%lx\n", f->ra, f->sp, f->gp, f->tp);
	printf("t0 0x%lx t1 0x%lx t2 0x%lx s0 0x%lx\n", f->t0, f->t1, f->t2, f->s0);
	printf("s1 0x%lx a0 0x%lx a1 0x%lx a2 0x%lx\n", f->s1, f->a0, f->a1, f->a2);
	printf("a3 0x%lx a4 0x%lx a5 0x%lx a6 0x%lx\n", f->a3, f->a4, f->a5, f->a6);
	printf("a7 0x%lx s2 0x%lx s3 0x%lx s4 0x%lx\n", f->a7, f->s2, f->s3, f->s4);
}

void kernel_trap(struct kframe *f)
{
	uint64 scause = r_scause();
	if (!(f->sstatus & SSTATUS_SPP))
		panic_frame(f, "kernel_trap: trap from user mode on the kernel vector");
	if (intr_get())
		panic_frame(f, "kernel_trap: interrupts enabled inside the trap handler");

	if (scause & SCAUSE_INTR) {
		int which = device_interrupt(SCAUSE_CODE(scause));
		if (which == INTR_UNKNOWN)
			panic_frame(f, "kernel_trap: unexpected interrupt %p", (void *)scause);
		/* Preempt a thread on a timer tick (never the scheduler itself). */
		if (which == INTR_TIMER)
			preempt_tick();
		return;
	}

	if (SCAUSE_CODE(scause) == EXC_BREAKPOINT) {
		uint16 lo = *(uint16 *)f->sepc;
		printf("kernel: breakpoint at %p, resuming\n", (void *)f->sepc);
		f->sepc += INSN_IS_COMPRESSED(lo) ? 2 : 4;
		kernel_breakpoints++;
		return;
	}
	extern char probe_load_insn[], probe_load_fixup[];
	extern char probe_stimecmp_insn[], probe_stimecmp_fixup[];
	uint64 code = SCAUSE_CODE(scause);
	if (f->sepc == (uint64)probe_load_insn &&
	    (code == EXC_LOAD_PAGE_FAULT || code == EXC_LOAD_ACCESS)) {
		f->sepc = (uint64)probe_load_fixup; /* an expected fault: report it */
		return;
	}
	if (f->sepc == (uint64)probe_stimecmp_insn && code == EXC_ILLEGAL_INST) {
		f->sepc = (uint64)probe_stimecmp_fixup;
		return;
	}
	panic_frame(f, "kernel trap: %s at pc %p, address %p", scause_name(scause), (void *)f->sepc,
	            (void *)r_stval());
}

void kernel_stack_overflow(uint64 sp)
{
	panic("kernel stack overflow: sp %p ran into the guard page below its stack "
	      "(scause %s, stval %p)",
	      (void *)sp, scause_name(r_scause()), (void *)r_stval());
}
