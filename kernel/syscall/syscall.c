/*
 * syscall.c: the table from system-call number to handler, and the helpers
 * that fetch arguments from the trap frame (a0..a5; the number is in a7).
 * The dispatcher also applies interpose's sandbox (sandbox.h) and, for a
 * traced process, trace's and strace's hooks around the call (trace.h).
 */
#include "syscall/syscall.h"
#include "syscall/trace.h"
#include "syscall/sandbox.h"
#include "../abi/syscall.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "arch/riscv/trapframe.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "lib/panic.h"

uint64 syscall_count;

static int64 (*const table[NSYSCALL])(void) = {
    [SYS_fork] = sys_fork,
    [SYS_exit] = sys_exit,
    [SYS_wait] = sys_wait,
    [SYS_pipe] = sys_pipe,
    [SYS_read] = sys_read,
    [SYS_kill] = sys_kill,
    [SYS_exec] = sys_exec,
    [SYS_fstat] = sys_fstat,
    [SYS_chdir] = sys_chdir,
    [SYS_dup] = sys_dup,
    [SYS_getpid] = sys_getpid,
    [SYS_sbrk] = sys_sbrk,
    [SYS_sleep] = sys_sleep,
    [SYS_uptime] = sys_uptime,
    [SYS_open] = sys_open,
    [SYS_write] = sys_write,
    [SYS_mknod] = sys_mknod,
    [SYS_unlink] = sys_unlink,
    [SYS_link] = sys_link,
    [SYS_mkdir] = sys_mkdir,
    [SYS_close] = sys_close,
    [SYS_symlink] = sys_symlink,
    [SYS_sysinfo] = sys_sysinfo,
    [SYS_procinfo] = sys_procinfo,
    [SYS_halt] = sys_halt,
    [SYS_consmode] = sys_consmode,
    [SYS_kstats] = sys_kstats,
    [SYS_ignintr] = sys_ignintr,
    [SYS_lseek] = sys_lseek,
    [SYS_ftruncate] = sys_ftruncate,
    [SYS_fsync] = sys_fsync,
    [SYS_rename] = sys_rename,
    [SYS_getcwd] = sys_getcwd,
    [SYS_utimes] = sys_utimes,
    [SYS_statfs] = sys_statfs,
    /* The 6.1810 labs' (sys_lab.c). */
    [SYS_pgpte] = sys_pgpte,
    [SYS_kpgtbl] = sys_kpgtbl,
    [SYS_trace] = sys_trace,
    [SYS_tracefd] = sys_tracefd,
    [SYS_interpose] = sys_interpose,
    [SYS_cpupin] = sys_cpupin,
    [SYS_rwlktest] = sys_rwlktest,
    [SYS_lockstat] = sys_lockstat,
    [SYS_diskbench] = sys_diskbench, /* make bench's device loop (sys_diskbench.c) */
    /* Memory mappings (sys_mmap.c). */
    [SYS_mmap] = sys_mmap,
    [SYS_munmap] = sys_munmap,
    [SYS_mprotect] = sys_mprotect,
    [SYS_msync] = sys_msync,
    [SYS_pcstats] = sys_pcstats,
    /* The network (sys_net.c). */
    [SYS_bind] = sys_lab_bind,
    [SYS_unbind] = sys_lab_unbind,
    [SYS_send] = sys_lab_send,
    [SYS_recv] = sys_lab_recv,
    [SYS_netctl] = sys_netctl,
    [SYS_socket] = sys_socket,
    [SYS_sock_bind] = sys_sock_bind,
    [SYS_listen] = sys_listen,
    [SYS_accept] = sys_accept,
    [SYS_connect] = sys_connect,
    [SYS_sendto] = sys_sendto,
    [SYS_recvfrom] = sys_recvfrom,
    [SYS_shutdown] = sys_shutdown,
    [SYS_poll] = sys_poll,
    /* Signals and process groups (sys_signal.c), and the traps lab's alarm. */
    [SYS_sigaction] = sys_sigaction,
    [SYS_sigprocmask] = sys_sigprocmask,
    [SYS_sigsuspend] = sys_sigsuspend,
    [SYS_sigreturn_frame] = sys_sigreturn_frame,
    [SYS_killsig] = sys_killsig,
    [SYS_alarm] = sys_alarm,
    [SYS_setpgid] = sys_setpgid,
    [SYS_getpgid] = sys_getpgid,
    [SYS_tcpgrp] = sys_tcpgrp,
    [SYS_waitpid] = sys_waitpid,
    [SYS_sigalarm] = sys_sigalarm,
    [SYS_sigreturn] = sys_sigreturn,
    /* Threads (sys_thread.c). */
    [SYS_thread_create] = sys_thread_create,
    [SYS_gettid] = sys_gettid,
    [SYS_thread_exit] = sys_thread_exit,
    [SYS_thread_join] = sys_thread_join,
    [SYS_futex_wait] = sys_futex_wait,
    [SYS_futex_wake] = sys_futex_wake,
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

/*
 * A thread's file stays referenced until its call ends, so that another
 * thread's close() cannot free it under the call (p->held, dropped by
 * syscall_dispatch).  A process with one thread has nobody to race with:
 * it borrows the table's reference, as before threads.
 */
int arg_fd(int n, int *fd, struct file **f)
{
	int d = arg_int(n);
	struct file *file;
	struct proc *p = myproc();
	int err;
	if (p == p->leader && p->nthreads == 1) { /* only p could change it */
		err = fdt_get(&p->fds, d, &file);
	} else {
		if (p->nheld == ARG_FD_MAX)
			panic("arg_fd: more than %d descriptors in one call", ARG_FD_MAX);
		err = fdt_get_ref(&p->leader->fds, d, &file);
		if (!err)
			p->held[p->nheld++] = file;
	}
	if (err)
		return err;
	if (fd)
		*fd = d;
	if (f)
		*f = file;
	return 0;
}

/* The references arg_fd took for this call (may sleep: the last close). */
static void drop_held(struct proc *p)
{
	while (p->nheld > 0)
		file_close(p->held[--p->nheld]);
}

static int64 run(struct proc *p, uint64 num)
{
	if (num >= NSYSCALL || !table[num])
		return -E_NOSYS; /* unknown call: an error, not a kill */
	if (p->watch.nrules && sandbox_refuses(p, num))
		return -E_PERM; /* interpose's sandbox */
	return table[num]();
}

/* Is p traced (trace, tracefd) or sandboxed (interpose)?  The three
 * fields are or-ed, so the common case of none costs one branch. */
static int watched(const struct proc *p)
{
	const struct proc_watch *w = &p->watch;
	return ((uint64)w->trace_mask | (uint64)w->trace_file | (uint64)w->nrules) != 0;
}

/* A watched process's call, or an unknown one: the hooks around it. */
static void __attribute__((noinline)) dispatch_slow(struct proc *p, uint64 num)
{
	if (!trace_active(p)) {
		p->trapframe->a0 = (uint64)run(p, num);
		drop_held(p);
		return;
	}
	struct trace_call tc;
	trace_before(p, num, &tc);
	int64 r = run(p, num);
	drop_held(p);
	trace_after(p, &tc, r);
	p->trapframe->a0 = (uint64)r;
}

void syscall_dispatch(struct proc *p)
{
	uint64 num = p->trapframe->a7;
	syscall_count++;
	if (__builtin_expect(watched(p) || num >= NSYSCALL || !table[num], 0)) {
		dispatch_slow(p, num);
		return;
	}
	/* The result goes back as it is: -E_* for an error (the user stub
	 * makes it errno and -1), and anything else is the call's value. */
	int64 r = table[num]();
	p->trapframe->a0 = (uint64)r;
	drop_held(p);
}
