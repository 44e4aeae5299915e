/*
 * syscall.c: the table from system-call number to handler, and the helpers
 * that fetch arguments from the trap frame (a0..a5; the number is in a7).
 */
#include "syscall/syscall.h"
#include "../syscall.h" /* kernel/syscall.h: the numbers (not syscall/syscall.h) */
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "arch/riscv/trapframe.h"
#include "fs/fdtable.h"
#include "lib/errno.h"
#include "lib/panic.h"

uint64 syscall_count;

static int64 (*const table[NSYSCALL])(void) = {
	[SYS_fork] = sys_fork,       [SYS_exit] = sys_exit,         [SYS_wait] = sys_wait,
	[SYS_pipe] = sys_pipe,       [SYS_read] = sys_read,         [SYS_kill] = sys_kill,
	[SYS_exec] = sys_exec,       [SYS_fstat] = sys_fstat,       [SYS_chdir] = sys_chdir,
	[SYS_dup] = sys_dup,         [SYS_getpid] = sys_getpid,     [SYS_sbrk] = sys_sbrk,
	[SYS_sleep] = sys_sleep,     [SYS_uptime] = sys_uptime,     [SYS_open] = sys_open,
	[SYS_write] = sys_write,     [SYS_mknod] = sys_mknod,       [SYS_unlink] = sys_unlink,
	[SYS_link] = sys_link,       [SYS_mkdir] = sys_mkdir,       [SYS_close] = sys_close,
	[SYS_symlink] = sys_symlink, [SYS_sysinfo] = sys_sysinfo,   [SYS_procinfo] = sys_procinfo,
	[SYS_halt] = sys_halt,       [SYS_consmode] = sys_consmode, [SYS_kstats] = sys_kstats,
	[SYS_ignintr] = sys_ignintr, [SYS_lseek] = sys_lseek,       [SYS_ftruncate] = sys_ftruncate,
	[SYS_fsync] = sys_fsync,     [SYS_rename] = sys_rename,     [SYS_getcwd] = sys_getcwd,
	/* Signals and process groups (sys_signal.c), and the traps lab's alarm. */
	[SYS_sigaction] = sys_sigaction, [SYS_sigprocmask] = sys_sigprocmask,
	[SYS_sigsuspend] = sys_sigsuspend, [SYS_sigreturn_frame] = sys_sigreturn_frame,
	[SYS_killsig] = sys_killsig,     [SYS_alarm] = sys_alarm,
	[SYS_setpgid] = sys_setpgid,     [SYS_getpgid] = sys_getpgid,
	[SYS_tcpgrp] = sys_tcpgrp,       [SYS_waitpid] = sys_waitpid,
	[SYS_sigalarm] = sys_sigalarm,   [SYS_sigreturn] = sys_sigreturn,
};

uint64 arg_raw(int n)
{
	struct trapframe *tf = myproc()->trapframe;
	switch (n) {
	case 0:
		return tf->a0;
	case 1:
		return tf->a1;
	case 2:
		return tf->a2;
	case 3:
		return tf->a3;
	case 4:
		return tf->a4;
	case 5:
		return tf->a5;
	}
	panic("arg_raw: no argument %d", n);
}

int arg_str(int n, char *buf, int max)
{
	return copyinstr(myproc()->pagetable, buf, arg_addr(n), max);
}

int arg_fd(int n, int *fd, struct file **f)
{
	int d = arg_int(n);
	struct file *file;
	int err = fdt_get(&myproc()->fds, d, &file);
	if (err)
		return err;
	if (fd)
		*fd = d;
	if (f)
		*f = file;
	return 0;
}

void syscall_dispatch(void)
{
	struct proc *p = myproc();
	uint64 num = p->trapframe->a7;
	syscall_count++;
	if (num >= NSYSCALL || !table[num]) {
		p->trapframe->a0 = -E_NOSYS; /* unknown call: an error, not a kill */
		return;
	}
	/* The result goes back as it is: -E_* for an error (the user stub
	 * makes it errno and -1), and anything else is the call's value. */
	p->trapframe->a0 = (uint64)table[num]();
}
