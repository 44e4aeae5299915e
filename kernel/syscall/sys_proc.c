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
	return myprocess()->pid; /* the process's, from any of its threads */
}

/* sbrk(n, mode): the library's sbrk(n) is eager and sbrklazy(n) lazy, as in xv6-riscv. */
int64 sys_sbrk(void)
{
	return brk_move(myprocess(), arg_int(0), arg_int(1));
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

/* Free the string copies made by copy_strings. */
static void free_strings(char **v, int max)
{
	for (int i = 0; i <= max && v[i]; i++)
		page_free(kva2pa(v[i]));
}

/*
 * Copy the user's NULL-terminated string array at uv (at most max strings,
 * each in a page of its own) into v, which has max + 1 slots, zeroed.  A
 * user array address of 0 is an empty list.  0, or an error; what was
 * copied is in v either way, for free_strings.
 */
static int copy_strings(pagetable_t pt, uint64 uv, char **v, int max)
{
	for (int i = 0; uv; i++) {
		uint64 ustr;
		if (copyin(pt, &ustr, uv + i * sizeof(uint64), sizeof(ustr)) < 0)
			return -E_FAULT;
		if (ustr == 0)
			break;
		if (i >= max)
			return -E_2BIG;
		paddr_t page = page_alloc();
		if (!page)
			return -E_NOMEM;
		v[i] = pa2kva(page);
		int err = copyinstr(pt, v[i], ustr, PGSIZE);
		if (err < 0)
			return err;
	}
	return 0;
}

/* exec(path, argv, envp): xv6's exec with POSIX's environment in a2 (0: none). */
int64 sys_exec(void)
{
	char path[MAXPATH];
	char *argv[MAXARG + 1] = {0}, *envp[MAXENV + 1] = {0};
	pagetable_t pt = myproc()->pagetable;
	int err = arg_str(0, path, sizeof(path));
	if (err >= 0 && arg_addr(1) == 0)
		err = -E_FAULT; /* argv itself is required */
	if (err >= 0)
		err = copy_strings(pt, arg_addr(1), argv, MAXARG);
	if (err >= 0)
		err = copy_strings(pt, arg_addr(2), envp, MAXENV);
	if (err >= 0)
		err = proc_exec(path, argv, envp);
	free_strings(argv, MAXARG);
	free_strings(envp, MAXENV);
	return err;
}
