/*
 * sys_proc.c: process system calls: fork, exit, wait, kill, getpid, sbrk,
 * sleep, uptime, exec, ignintr.
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/fork.h"
#include "proc/exec.h"
#include "proc/brk.h"
#include "proc/uaccess.h"
#include "arch/riscv/timer.h"
#include "mm/page.h"
#include "lib/errno.h"

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

/* sbrk(n, mode): the library's sbrk(n) is eager and sbrklazy(n) lazy, as in xv6-riscv. */
int64 sys_sbrk(void)
{
	return brk_move(myproc(), arg_int(0), arg_int(1));
}

/* sleep(n) / pause(n): n ticks of TICK_HZ per second. */
int64 sys_sleep(void)
{
	lab_sleep_hook();
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
