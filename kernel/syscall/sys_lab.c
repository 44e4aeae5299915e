/*
 * sys_lab.c: the system calls of MIT 6.1810's labs that look at the
 * kernel's own structures: pgpte and kpgtbl (the pgtbl lab), trace (the
 * syscall lab), interpose (the syscall lab's sandbox), cpupin and the lock
 * statistics (the lock lab) and Kite's tracefd for strace.  rwlktest is in
 * rwlktest.c.
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/uvm.h"
#include "fs/file.h"
#include "syscall/sandbox.h"
#include "proc/sched.h"
#include "proc/uaccess.h"
#include "sync/lockstat.h"
#include "mm/kmalloc.h"
#include "arch/riscv/cpu.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "arch/riscv/fdt.h"

/* uint64 pgpte(void *va): the caller's leaf PTE for va, 0 if none. */
int64 sys_pgpte(void)
{
	return uvm_pte(myproc()->pagetable, arg_addr(0));
}

/* void kpgtbl(void): print the caller's page table on the console. */
int64 sys_kpgtbl(void)
{
	uvm_print(myproc()->pagetable);
	return 0;
}

/* int trace(int mask): print the calls 1 << SYS_n of mask (syscall/trace.h). */
int64 sys_trace(void)
{
	myproc()->watch.trace_mask = (uint32)arg_int(0);
	return 0;
}

/* int tracefd(int fd): write every later call, decoded, to fd's file; -1 stops. */
int64 sys_tracefd(void)
{
	struct proc *p = myproc();
	struct file *f = 0;
	if (arg_int(0) != -1) {
		int err = arg_fd(0, 0, &f);
		if (err)
			return err;
		if (!f->writable)
			return -E_BADF;
		f = file_dup(f);
	}
	if (p->watch.trace_file)
		file_close(p->watch.trace_file);
	p->watch.trace_file = f;
	return 0;
}

/* int interpose(int mask, const char *path): add a sandbox rule (syscall/sandbox.h). */
int64 sys_interpose(void)
{
	char path[MAXPATH];
	int err = arg_str(1, path, sizeof(path));
	if (err < 0)
		return err;
	return sandbox_add(myproc(), (uint32)arg_int(0), path);
}

/* int cpupin(int cpu): from now on only hart cpu runs the caller (-1: any hart). */
int64 sys_cpupin(void)
{
	struct proc *p = myproc();
	int cpu = arg_int(0);
	if (cpu != -1 && (cpu < 0 || cpu >= NCPU || !cpus[cpu].started))
		return -E_INVAL;
	acquire(&p->lock);
	p->pin_hart = cpu;
	release(&p->lock);
	push_off();
	int here = cpuid();
	pop_off();
	if (cpu >= 0 && cpu != here)
		yield(); /* this hart's scheduler will not take it back: cpu's will */
	return 0;
}

/* The report is never longer than this (LOCKSTAT_CLASSES lines and a few). */
#define LOCKSTAT_REPORT_MAX 8192

/* int lockstat(char *buf, int n): the report, NUL-terminated; its length, or -E_RANGE. */
int64 sys_lockstat(void)
{
	uint64 dst = arg_addr(0);
	int n = arg_int(1);
	if (n <= 0)
		return -E_RANGE;
	int size = n < LOCKSTAT_REPORT_MAX ? n : LOCKSTAT_REPORT_MAX;
	char *buf = kmalloc(size);
	if (!buf)
		return -E_NOMEM;
	int len = lockstat_report(buf, size);
	if (len >= 0 && copyout(myproc()->pagetable, dst, buf, len + 1) < 0)
		len = -E_FAULT;
	kfree(buf);
	return len;
}

/* Boot argument backtrace_sleep=1 (read once): 1 on, 0 off, -1 not read yet. */
static int backtrace_on_sleep = -1;

void lab_sleep_hook(void)
{
	if (backtrace_on_sleep < 0) {
		uint64 v;
		backtrace_on_sleep = bootarg_uint("backtrace_sleep", &v) == 0 && v;
	}
	if (backtrace_on_sleep)
		backtrace();
}
