/*
 * usertrap.c: what happens between uservec and userret.
 *
 *   ecall            -> syscall_dispatch(), result in a0, resume after the ecall
 *   interrupt        -> device_interrupt(); a timer tick also counts toward
 *                       the lab alarm and yields the hart
 *   page fault       -> uvm_resolve() for copy-on-write, lazy heap, mapped
 *                       and program pages (instruction fetches too)
 *   anything else    -> the signal for the fault (SIGSEGV, SIGILL, SIGBUS,
 *                       SIGTRAP) goes to the process's handler if it has one
 *                       and it is not blocked; otherwise the process is
 *                       killed by that signal with a one-line report:
 *                       pid 7 (prog): load page fault at 0x7fff0000, pc 0x46: killed
 *
 * Last, on the way out, signal_user_return() acts on pending signals: it
 * may exit, stop, or point the trap frame at a handler (proc/signal.c).
 *
 * The system call is the hot path (docs/performance.md, "The trap path"):
 * user_trap tests for it first and keeps everything else in other_trap().
 *
 * stvec points at kernelvec for the whole of the kernel's work and is set
 * back to the trampoline only with interrupts off, right before userret.
 */
#include "arch/riscv/usertrap.h"
#include "arch/riscv/trap.h"
#include "arch/riscv/trapframe.h"
#include "arch/riscv/cpu.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uvm.h"
#include "proc/signal.h"
#include "syscall/syscall.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/errno.h"
#include "memlayout.h"

extern char trampoline_start[], uservec[], userret[];

#define ECALL_INSN_LEN 4

static int is_page_fault(uint64 code)
{
	return code == EXC_LOAD_PAGE_FAULT || code == EXC_STORE_PAGE_FAULT ||
	       code == EXC_INST_PAGE_FAULT;
}

/* The signal a fault raises, as on Linux. */
static int fault_signal(uint64 code)
{
	switch (code) {
	case EXC_ILLEGAL_INST:
		return SIGILL;
	case EXC_BREAKPOINT:
		return SIGTRAP;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		return SIGBUS;
	}
	return SIGSEGV;
}

static void return_to(struct proc *p) __attribute__((noreturn));

static void report_and_kill(struct proc *p, uint64 scause, uint64 stval)
{
	int sig = fault_signal(SCAUSE_CODE(scause));
	if (signal_catch_fault(p, sig))
		return; /* the handler runs on the way out */
	printf("pid %d (%s): %s at 0x%lx, pc 0x%lx: killed\n", p->leader->pid, p->name,
	       scause_name(scause), stval, p->trapframe->epc);
	signal_kill_proc(p, sig);
}

/* Everything but a system call: interrupts, page faults, other faults.
 * Out of line, so that the system call's path does not pay for the
 * registers this one needs. */
static void __attribute__((noinline)) other_trap(struct proc *p, uint64 scause)
{
	uint64 stval = r_stval();
	uint64 code = SCAUSE_CODE(scause);

	if (scause & SCAUSE_INTR) {
		int which = device_interrupt(code);
		if (which == INTR_UNKNOWN)
			panic("user_trap: unexpected interrupt 0x%lx", scause);
		if (which == INTR_TIMER) {
			signal_cpu_tick(p);
			if (!proc_killed(p))
				yield();
		}
	} else if (is_page_fault(code)) {
		int access = code == EXC_STORE_PAGE_FAULT  ? UVM_WRITE
		             : code == EXC_INST_PAGE_FAULT ? UVM_EXEC
		                                           : UVM_READ;
		int err = uvm_resolve(p->pagetable, stval, access, 0);
		if (err == -E_NOMEM) {
			printf("pid %d (%s): out of memory at 0x%lx, pc 0x%lx: killed\n",
			       p->leader->pid, p->name, stval, p->trapframe->epc);
			signal_kill_proc(p, SIGKILL);
		} else if (err) {
			report_and_kill(p, scause, stval);
		}
	} else {
		report_and_kill(p, scause, stval);
	}
}

void user_trap(void)
{
	if (r_sstatus() & SSTATUS_SPP)
		panic("user_trap: not from user mode (sstatus 0x%lx)", r_sstatus());
	CSR_WRITE(stvec, (uint64)kernelvec); /* traps from here on are kernel traps */

	struct proc *p = mycpu()->proc; /* interrupts are off until intr_on() below */
	struct trapframe *tf = p->trapframe;
	uint64 scause = r_scause();

	if (scause == EXC_ECALL_U) { /* the common trap first (an exception: no SCAUSE_INTR) */
		tf->epc = r_sepc() + ECALL_INSN_LEN; /* resume after the ecall */
		/* No lock on the hot path: a kill that lands after this read is
		 * acted on by signal_user_return, on the way out. */
		if (__atomic_load_n(&p->killed, __ATOMIC_RELAXED))
			signal_user_return(p); /* exits */
		/* For a restart after a signal (proc/signal.c): the call's a0. */
		p->sig.in_syscall = 1;
		p->sig.syscall_a0 = tf->a0;
		intr_on(); /* sepc/scause are saved: devices may interrupt the call */
		syscall_dispatch(p);
	} else {
		tf->epc = r_sepc();
		other_trap(p, scause);
	}
	signal_user_return(p); /* exits if killed */
	return_to(p);
}

void user_return(void)
{
	return_to(myproc());
}

/* The way out to p, the current process (user_trap has it at hand: no myproc() again). */
static void return_to(struct proc *p)
{
	/* From here until sret a trap would go to uservec with kernel state: keep them off. */
	intr_off();
	CSR_WRITE(stvec, TRAMPOLINE + (uservec - trampoline_start));

	struct trapframe *tf = p->trapframe;
	tf->kernel_sp = p->kstack;
	tf->kernel_trap = (uint64)user_trap;
	tf->kernel_hartid = cpuid();

	CSR_CLEAR(sstatus, SSTATUS_SPP); /* sret to user mode */
	CSR_SET(sstatus, SSTATUS_SPIE);  /* with interrupts on */
	w_sepc(tf->epc);
	CSR_WRITE(sscratch, (uint64)tf); /* uservec and userret find the frame here */

	/* The scheduler (or exec) already put this hart on p's page table. */
	void (*ret)(void) = (void (*)(void))(TRAMPOLINE + (userret - trampoline_start));
	ret();
	__builtin_unreachable();
}
