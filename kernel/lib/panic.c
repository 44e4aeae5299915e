/*
 * panic.c: the last words of a broken kernel.
 *
 * Order matters: mark `panicking` first (printf then stops taking its lock,
 * so a panic while printing cannot deadlock), then stop the other harts
 * with an IPI so they do not keep changing state or printing, then report.
 */
#include <stdarg.h>
#include "lib/panic.h"
#include "lib/printf.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/trap.h"
#include "arch/riscv/power.h"
#include "memlayout.h"

#define BACKTRACE_MAX 24

/* RISC-V frame layout with -fno-omit-frame-pointer: fp is the caller's sp;
 * the return address is at fp-8 and the caller's fp at fp-16. */
#define FRAME_RA_OFF 8
#define FRAME_FP_OFF 16

static int is_kernel_stack_addr(uint64 a)
{
	extern char kernel_start[], kernel_end[];
	if (a >= KSTACK_BASE && a < KSTACK_END)
		return 1;
	return a >= (uint64)kernel_start && a < (uint64)kernel_end; /* boot stacks */
}

int backtrace_save(uint64 fp, uint64 *pcs, int max)
{
	int n = 0;
	while (n < max) {
		if ((fp & 7) || !is_kernel_stack_addr(fp - FRAME_FP_OFF))
			break;
		uint64 ra = *(uint64 *)(fp - FRAME_RA_OFF);
		uint64 prev = *(uint64 *)(fp - FRAME_FP_OFF);
		if (ra == 0)
			break;
		pcs[n++] = ra;
		if (prev <= fp) /* stacks grow down: callers' frames are higher */
			break;
		fp = prev;
	}
	return n;
}

void backtrace_print(const uint64 *pcs, int n)
{
	printf("backtrace:\n");
	for (int i = 0; i < n; i++)
		printf("  0x%lx\n", pcs[i]);
}

void backtrace_from(uint64 fp)
{
	uint64 pcs[BACKTRACE_MAX];
	backtrace_print(pcs, backtrace_save(fp, pcs, BACKTRACE_MAX));
}

__attribute__((noinline)) void backtrace(void)
{
	backtrace_from(r_fp()); /* our own frame: its return address is the caller's */
}

static void stop_other_harts(void)
{
	int me = cpuid();
	for (int i = 0; i < NCPU; i++)
		if (i != me && cpus[i].started)
			sbi_send_ipi(1UL << i, 0);
}

void panic_halt_this_hart(void)
{
	intr_off();
	for (;;)
		wfi();
}

static void report(struct kframe *f, const char *fmt, va_list ap) __attribute__((noreturn));
static void report(struct kframe *f, const char *fmt, va_list ap)
{
	intr_off();
	if (__sync_lock_test_and_set(&panicking, 1)) {
		/* A second panic (another hart, or a fault while reporting): stay quiet. */
		panic_halt_this_hart();
	}
	stop_other_harts();
	printf("\npanic: ");
	vprintf(fmt, ap);
	printf("\n");
	/* Outside a trap handler these CSRs describe the hart's last trap. */
	printf("hart %d  sstatus 0x%lx  %s scause 0x%lx (%s)\n", cpuid(), r_sstatus(),
	       f ? "trap" : "last trap", r_scause(), scause_name(r_scause()));
	printf("sepc 0x%lx  stval 0x%lx\n", r_sepc(), r_stval());
	if (f)
		kframe_dump(f);
	backtrace_from(f ? f->s0 : r_fp());
	printf("kite: halted (turn addresses into names: make backtrace ADDRS=\"...\")\n");
#ifdef KITE_KTEST
	power_off(1); /* self-test kernels never need QEMU to be killed */
#endif
	panic_halt_this_hart();
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(0, fmt, ap);
}

void panic_frame(struct kframe *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(f, fmt, ap);
}
