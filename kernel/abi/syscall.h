/*
 * syscall.h: system-call numbers, the ABI between user/ and the kernel.
 * 1..21 are xv6-riscv's numbers; the rest are Kite's additions.  The user
 * library's stubs are generated from this file (user/lib/gen_usys.sh), so a
 * new call needs a line here and a handler in the kernel's table.  A stub is
 * named after the call (SYS_fork: fork) unless the line's comment starts
 * with "stub NAME:"; an alias (SYS_pause) gets a stub of its own.
 *
 * A call returns its result in a0, or -N for error N (kernel/errno.h); the
 * stub then sets errno to N and returns -1, as xv6's callers expect.
 */
#ifndef KITE_SYSCALL_H
#define KITE_SYSCALL_H

/* One line per call, each read by gen_usys.sh: not reflowed. */
/* clang-format off */

#define SYS_fork 1
#define SYS_exit 2
#define SYS_wait 3
#define SYS_pipe 4
#define SYS_read 5
#define SYS_kill 6
#define SYS_exec 7       /* stub sys_exec: int sys_exec(const char *path, char **argv, char **envp); exec() and execve() are in the library */
#define SYS_fstat 8
#define SYS_chdir 9
#define SYS_dup 10
#define SYS_getpid 11
#define SYS_sbrk 12      /* stub sys_sbrk: char *sys_sbrk(int n, int mode); sbrk() is in the library */
#define SYS_sleep 13     /* int sleep(int ticks), the 2022 name */
#define SYS_pause SYS_sleep /* int pause(int ticks), the current xv6 name */
#define SYS_uptime 14
#define SYS_open 15
#define SYS_write 16
#define SYS_mknod 17
#define SYS_unlink 18
#define SYS_link 19
#define SYS_mkdir 20
#define SYS_close 21
#define SYS_symlink 22   /* int symlink(const char *target, const char *path) */
#define SYS_sysinfo 23   /* int sysinfo(struct sysinfo *) */
#define SYS_procinfo 24  /* int procinfo(struct procinfo *, int max): ps */
#define SYS_halt 25      /* int halt(void): power off */
#define SYS_consmode 26  /* int consmode(int mode): CONS_COOKED or CONS_RAW */
#define SYS_kstats 27    /* int kstats(struct kstats *): counters for bench */
#define SYS_ignintr 28   /* int ignintr(int on): not sent the console's Ctrl-C SIGINT (not inherited by fork) */

/*
 * Kite's own ranges, so that work on different subsystems never takes the
 * same number: 40..49 files, 50..59 signals and process groups, 60..69 the
 * labs' kernel tools (tracing, sandboxing, lock statistics), 70..79 sockets,
 * 80..89 memory mappings and threads.
 */
#define NSYSCALL 90 /* one past the highest number the kernel's table handles */

/*
 * The calls of MIT 6.1810's labs, so that the labs' test programs build
 * unchanged.  trace, pgpte and kpgtbl are implemented (syscall/sys_lab.c),
 * sigalarm and sigreturn are the traps lab's alarm (kernel/proc/signal.c),
 * the net lab's calls work (syscall/sys_net.c) and mmap and munmap too
 * (syscall/sys_mmap.c); the others have no handler yet, and an unknown
 * call fails with ENOSYS.  (The interfaces are in user/user.h; the README
 * lists the missing ones under "Not implemented".)
 */
#define SYS_trace 29     /* int trace(int mask) */
#define SYS_sigalarm 30  /* int sigalarm(int ticks, void (*handler)()) */
#define SYS_sigreturn 31 /* int sigreturn(void) */
#define SYS_pgpte 32     /* uint64 pgpte(void *va) */
#define SYS_kpgtbl 33    /* void kpgtbl(void) */
#define SYS_mmap 34      /* void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off): implemented */
#define SYS_munmap 35    /* int munmap(void *addr, size_t len): implemented */
#define SYS_bind 36      /* int bind(uint16 port): implemented (kernel/syscall/sys_net.c) */
#define SYS_unbind 37    /* int unbind(uint16 port): implemented */
#define SYS_send 38      /* int send(uint16 sport, uint32 dst, uint16 dport, char *buf, uint32 len): implemented */
#define SYS_recv 39      /* int recv(uint16 dport, uint32 *src, uint16 *sport, char *buf, uint32 maxlen): implemented */

/* Files (40..49; prototypes in user/kite.h). */
#define SYS_lseek 40     /* int lseek(int fd, int off, int whence): the new offset */
#define SYS_ftruncate 41 /* int ftruncate(int fd, int len) */
#define SYS_fsync 42     /* int fsync(int fd) */
#define SYS_rename 43    /* int rename(const char *old, const char *new) */
#define SYS_getcwd 44    /* stub sys_getcwd: int sys_getcwd(char *buf, int size): the length; getcwd() is in the library */
#define SYS_utimes 45    /* int utimes(const char *path, const struct timeval times[2]): 0 = now */
#define SYS_statfs 48    /* int statfs(const char *path, struct statfs *) */

/* The labs' kernel tools (60..69; the labs' own calls in user/user.h, Kite's in user/kite.h). */
#define SYS_interpose 60 /* int interpose(int mask, const char *path): the syscall lab's sandbox */
#define SYS_cpupin 61    /* int cpupin(int cpu): run only on hart cpu (-1: anywhere) */
#define SYS_rwlktest 62  /* int rwlktest(void): the rwlock stress test on every hart; 0 passed */
#define SYS_lockstat 63  /* int lockstat(char *buf, int n): the lock statistics report; statistics() */
#define SYS_tracefd 64   /* int tracefd(int fd): this process's and its children's calls, decoded, to fd (-1: stop) */
#define SYS_diskbench 65 /* int diskbench(int op, uint64 arg): make bench's device loop and cold cache (kernel/diskbench.h) */

/* Memory mappings (80..89; prototypes in user/kite.h). */
#define SYS_mprotect 80  /* int mprotect(void *addr, size_t len, int prot) */
#define SYS_msync 87     /* int msync(void *addr, size_t len, int flags): MS_* of kernel/fcntl.h */
#define SYS_pcstats 88   /* int pcstats(struct pcstats *st): the page cache's counters (kernel/sysinfo.h) */

/* Sockets and the network (70..79; prototypes in user/kite.h). */
#define SYS_socket 70   /* int socket(int domain, int type, int protocol) */
#define SYS_sock_bind 71 /* int sock_bind(int fd, const struct sockaddr_in *addr, int len): BSD bind */
#define SYS_listen 72   /* int listen(int fd, int backlog) */
#define SYS_accept 73   /* int accept(int fd, struct sockaddr_in *peer): peer may be 0 */
#define SYS_connect 74  /* int connect(int fd, const struct sockaddr_in *addr, int len) */
#define SYS_sendto 75   /* int sendto(int fd, const void *buf, int n, int flags, const struct sockaddr_in *to, int len) */
#define SYS_recvfrom 76 /* int recvfrom(int fd, void *buf, int n, int flags, struct sockaddr_in *from): from may be 0 */
#define SYS_shutdown 77 /* int shutdown(int fd, int how) */
#define SYS_poll 78     /* int poll(struct pollfd *fds, int n, int timeout_ms): -1 waits for ever */
#define SYS_netctl 79    /* int netctl(int op, void *arg, int size): NETCTL_* of kernel/netinfo.h */

/* Signals and process groups (50..59; kernel/signal.h, prototypes in
 * user/kite.h).  kill(pid, sig) is killsig: user/user.h's kill() macro
 * calls it with two arguments and xv6's SYS_kill (SIGKILL) with one. */
#define SYS_sigaction 50      /* stub sys_sigaction: int sys_sigaction(int sig, const struct sigaction *act, struct sigaction *old); sigaction() in the library fills in sa_restorer */
#define SYS_sigprocmask 51    /* int sigprocmask(int how, const sigset_t *set, sigset_t *old) */
#define SYS_sigsuspend 52     /* int sigsuspend(const sigset_t *mask) */
#define SYS_sigreturn_frame 53 /* void sigreturn_frame(void): the restorer a handler returns to (sp at its frame) */
#define SYS_killsig 54        /* int killsig(int pid, int sig) */
#define SYS_alarm 55          /* unsigned alarm(unsigned seconds) */
#define SYS_setpgid 56        /* int setpgid(int pid, int pgid) */
#define SYS_getpgid 57        /* int getpgid(int pid) */
#define SYS_tcpgrp 58         /* stub sys_tcpgrp: int sys_tcpgrp(int fd, int pgid): tcsetpgrp (pgid >= 0) and tcgetpgrp (-1) in the library */
#define SYS_waitpid 59        /* int waitpid(int pid, int *status, int options) */

/* Threads (81..86; prototypes in user/kite.h, the pthread subset on top
 * in user/pthread.h).  A thread starts at fn(arg) with sp = stack_top and
 * must end with thread_exit (a return from fn faults and kills the
 * process).  Timeouts are in uptime() ticks, 0 for none. */
#define SYS_thread_create 81  /* int thread_create(void (*fn)(void *), void *arg, void *stack_top): the new thread's tid */
#define SYS_gettid 82         /* int gettid(void): the calling thread's id (getpid() for the main thread) */
#define SYS_thread_exit 83    /* void thread_exit(int status) */
#define SYS_thread_join 84    /* int thread_join(int tid, int *status) */
#define SYS_futex_wait 85     /* int futex_wait(int *addr, int val, int timeout): sleeps while *addr == val */
#define SYS_futex_wake 86     /* int futex_wake(int *addr, int n): wakes up to n waiters, returns how many */

/* clang-format on */

#endif
