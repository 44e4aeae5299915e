/*
 * sys_proc.c: process system calls: fork, exit, wait, kill, getpid, sbrk,
 * sleep, uptime, exec, ignintr.
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/fork.h"
#include "proc/exec.h"
#include "proc/uvm.h"
#include "proc/uaccess.h"
#include "arch/riscv/timer.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "memlayout.h"
#include "vm.h"
#include "arch/riscv/mmu.h"

int64 sys_fork(void)
{
	return proc_fork();
}

int64 sys_exit(void)
{
	proc_exit(arg_int(0));
}

int64 sys_wait(void)
{
	return proc_wait(arg_addr(0));
}

int64 sys_kill(void)
{
	int pid = arg_int(0);
	if (pid <= 0)
		return -E_SRCH;
	return proc_kill(pid);
}

int64 sys_getpid(void)
{
	return myproc()->pid;
}

/*
 * sbrk(n, mode): move the break by n bytes and return the old one.  Growth
 * is SBRK_EAGER (pages allocated and zeroed now, so running out of memory
 * is an error here and never a fault later) or SBRK_LAZY (pages appear on
 * first touch, up to USER_TOP whatever memory is free).  The library's
 * sbrk(n) is eager and sbrklazy(n) lazy, as in xv6-riscv.
 */
int64 sys_sbrk(void)
{
	struct proc *p = myproc();
	int64 n = arg_int(0);
	int mode = arg_int(1);
	uint64 old = p->sz;
	if (mode != SBRK_EAGER && mode != SBRK_LAZY)
		return -E_INVAL;
	if (n > 0) {
		if (old + n > USER_TOP)
			return -E_NOMEM;
		if (mode == SBRK_LAZY) {
			p->sz = old + n;
			return old;
		}
		/* Refuse at once what could never be backed; uvm_grow frees
		 * what it took if memory runs out part of the way. */
		if ((uint64)n > page_free_count() * PGSIZE)
			return -E_NOMEM;
		int64 err = uvm_grow(p->pagetable, old, old + n, PTE_R | PTE_W);
		if (err < 0)
			return err;
		p->sz = old + n;
	} else if (n < 0) {
		/* A break below address 0 changes nothing and returns the old
		 * break, as xv6 does (its tests rely on it). */
		if ((uint64)-n > old)
			return old;
		if (old - p->heap_start < (uint64)-n)
			return -E_INVAL; /* would cut into the stack or the program */
		p->sz = uvm_shrink(p->pagetable, old, old + n);
		mmu_flush_all(); /* unmapped pages must not stay reachable through the TLB */
	}
	return old;
}

/* sleep(n) / pause(n): n ticks of TICK_HZ per second. */
int64 sys_sleep(void)
{
	int n = arg_int(0);
	if (n < 0)
		return -E_INVAL;
	return sleep_ticks(ticks_from_user(n));
}

int64 sys_uptime(void)
{
	return ticks_user();
}

int64 sys_ignintr(void)
{
	myproc()->ignintr = arg_int(0) != 0;
	return 0;
}

/* Free the argument copies made by sys_exec. */
static void free_args(char **argv)
{
	for (int i = 0; i <= MAXARG && argv[i]; i++)
		page_free(kva2pa(argv[i]));
}

int64 sys_exec(void)
{
	char path[MAXPATH];
	char *argv[MAXARG + 2] = {0};
	int err = arg_str(0, path, sizeof(path));
	if (err < 0)
		return err;
	uint64 uargv = arg_addr(1);
	pagetable_t pt = myproc()->pagetable;
	for (int i = 0;; i++) {
		if (i > MAXARG) {
			err = -E_2BIG;
			break;
		}
		uint64 uarg;
		if ((err = copyin(pt, &uarg, uargv + i * sizeof(uint64), sizeof(uarg))) < 0)
			break;
		if (uarg == 0) {
			err = proc_exec(path, argv);
			break;
		}
		paddr_t page = page_alloc();
		if (!page) {
			err = -E_NOMEM;
			break;
		}
		argv[i] = pa2kva(page);
		if ((err = copyinstr(pt, argv[i], uarg, PGSIZE)) < 0)
			break;
	}
	free_args(argv);
	return err;
}
