/*
 * sys_thread.c: the thread and futex system calls (81..86): decode the
 * arguments, then hand over to proc/thread.c and proc/futex.c, which check
 * every user address themselves.
 */
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/thread.h"
#include "proc/futex.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"

int64 sys_thread_create(void)
{
	return thread_create(arg_addr(0), arg_addr(1), arg_addr(2));
}

int64 sys_gettid(void)
{
	return myproc()->pid; /* a slot's pid is its thread's id */
}

int64 sys_thread_exit(void)
{
	thread_exit(arg_int(0));
}

int64 sys_thread_join(void)
{
	return thread_join(arg_int(0), arg_addr(1));
}

/* futex_wait(addr, val, timeout): timeout in uptime() ticks, 0 for none. */
int64 sys_futex_wait(void)
{
	int timeout = arg_int(2);
	if (timeout < 0)
		return -E_INVAL;
	return futex_wait(arg_addr(0), arg_int(1), timeout ? ticks_from_user(timeout) : 0);
}

int64 sys_futex_wake(void)
{
	return futex_wake(arg_addr(0), arg_int(1));
}
