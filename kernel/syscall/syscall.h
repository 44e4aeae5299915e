/*
 * syscall.h: system-call dispatch and argument fetching.
 *
 * Handlers return int64: a result >= 0, or -E_* on failure, which the
 * dispatcher leaves in a0; the user library's stub turns it into errno and
 * the -1 of xv6's user API (kernel/errno.h).  Handlers check
 * all their arguments before they change anything.
 */
#ifndef KITE_SYSCALL_SYSCALL_H
#define KITE_SYSCALL_SYSCALL_H

#include "../abi/types.h"

struct file;

struct proc;
/* Run the call in p's trap frame (a7, a0..a5) for p, the current process; result in a0. */
void syscall_dispatch(struct proc *p);

/* Raw argument n (0..5) of the current system call. */
uint64 arg_raw(int n);
static inline int arg_int(int n)
{
	return (int)arg_raw(n);
}
static inline uint64 arg_addr(int n)
{
	return arg_raw(n);
}
/* Copy argument n as a NUL-terminated string into buf[max]; its length or -E_FAULT/-E_NAMETOOLONG.
 */
int arg_str(int n, char *buf, int max);
/* Argument n as an open file descriptor of the current process; 0 or -E_BADF. */
int arg_fd(int n, int *fd, struct file **f);

/* Handlers, one per family (sys_proc.c, sys_file.c, sys_info.c, sys_signal.c). */
int64 sys_fork(void);
int64 sys_exit(void);
int64 sys_wait(void);
int64 sys_kill(void);
int64 sys_getpid(void);
int64 sys_sbrk(void);
int64 sys_sleep(void);
int64 sys_uptime(void);
int64 sys_exec(void);
int64 sys_ignintr(void);
int64 sys_pipe(void);
int64 sys_read(void);
int64 sys_write(void);
int64 sys_close(void);
int64 sys_dup(void);
int64 sys_fstat(void);
int64 sys_open(void);
int64 sys_mknod(void);
int64 sys_unlink(void);
int64 sys_link(void);
int64 sys_mkdir(void);
int64 sys_chdir(void);
int64 sys_symlink(void);
int64 sys_lseek(void);
int64 sys_ftruncate(void);
int64 sys_fsync(void);
int64 sys_rename(void);
int64 sys_getcwd(void);
int64 sys_utimes(void);
int64 sys_statfs(void);
int64 sys_sysinfo(void);
int64 sys_procinfo(void);
int64 sys_halt(void);
int64 sys_consmode(void);
int64 sys_kstats(void);
int64 sys_diskbench(void);
/* The network (sys_net.c): the lab's UDP calls and Kite's sockets. */
int64 sys_lab_bind(void);
int64 sys_lab_unbind(void);
int64 sys_lab_send(void);
int64 sys_lab_recv(void);
int64 sys_netctl(void);
int64 sys_socket(void);
int64 sys_sock_bind(void);
int64 sys_listen(void);
int64 sys_accept(void);
int64 sys_connect(void);
int64 sys_sendto(void);
int64 sys_recvfrom(void);
int64 sys_shutdown(void);
int64 sys_poll(void);

/* The 6.1810 labs' calls (sys_lab.c). */
int64 sys_pgpte(void);
/* Memory mappings (sys_mmap.c). */
int64 sys_mmap(void);
int64 sys_munmap(void);
int64 sys_mprotect(void);
int64 sys_msync(void);
int64 sys_pcstats(void);
int64 sys_kpgtbl(void);
int64 sys_trace(void);
int64 sys_tracefd(void);
int64 sys_interpose(void);
int64 sys_cpupin(void);
int64 sys_rwlktest(void);
int64 sys_lockstat(void);
/* sleep/pause calls this first: with boot argument backtrace_sleep=1 it
 * prints the kernel backtrace (the traps lab's exercise). */
void lab_sleep_hook(void);

/* Signals, process groups and waitpid (sys_signal.c), and the traps lab's alarm. */
int64 sys_sigaction(void);
int64 sys_sigprocmask(void);
int64 sys_sigsuspend(void);
int64 sys_sigreturn_frame(void);
int64 sys_killsig(void);
int64 sys_alarm(void);
int64 sys_setpgid(void);
int64 sys_getpgid(void);
int64 sys_tcpgrp(void);
int64 sys_waitpid(void);
int64 sys_sigalarm(void);
int64 sys_sigreturn(void);
/* Threads (sys_thread.c). */
int64 sys_thread_create(void);
int64 sys_gettid(void);
int64 sys_thread_exit(void);
int64 sys_thread_join(void);
int64 sys_futex_wait(void);
int64 sys_futex_wake(void);

extern uint64 syscall_count; /* statistics (racy increments) */

#endif
