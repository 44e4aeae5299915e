/*
 * kite.h: Kite's additions to the xv6 user library, for Kite's own programs
 * (include after user/user.h).  Programs written for xv6 do not see these
 * names, and the library defines them weak (ULIB_WEAK), so a program that
 * defines its own strncmp or snprintf, as many xv6 programs do, builds and
 * uses its own.
 */
#ifndef KITE_USER_KITE_H
#define KITE_USER_KITE_H

/* On the library's definitions of the names below. */
#define ULIB_WEAK __attribute__((weak))

/* Errors (lib/errno.c): a failing system call returns -1 and sets errno
 * to one of the numbers in kernel/errno.h. */
#include "kernel/errno.h"
extern int errno;
const char *strerror(int err);   /* "No such file or directory", ... */
void perror(const char *prefix); /* "prefix: message" for errno, on fd 2 */

/*
 * The environment (lib/env.c): NAME=value strings that exec passes on;
 * xv6's exec(path, argv) passes `environ`, execve the list it is given.
 */
extern char **environ;
int sys_exec(const char *path, char **argv, char **envp); /* the call itself */
int execve(const char *path, char **argv, char **envp);
char *getenv(const char *name); /* the value, or 0 */
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int clearenv(void); /* an empty environment */

/* Memory mappings (80..89; mmap and munmap are in user/user.h, PROT_* in
 * kernel/fcntl.h): 0, or -1 if part of the range is not mapped (ENOMEM)
 * or a shared file's mapping cannot be writable (EACCES). */
int mprotect(void *addr, size_t len, int prot);
/* Write the range's dirty shared file pages back now (MS_SYNC: and wait
 * for the log to commit them): 0, or -1 if part of it is not mapped
 * (ENOMEM), flags are bad (EINVAL) or a write failed. */
int msync(void *addr, size_t len, int flags);
struct pcstats;
int pcstats(struct pcstats *st); /* the page cache's counters (kernel/sysinfo.h) */

/* Threads (system calls 81..86; kernel/syscall.h says each; the pthread
 * subset is in user/pthread.h).  A thread starts at fn(arg) on the stack
 * that ends at stack_top and ends with thread_exit(): returning from fn
 * faults.  errno is shared by the threads (there is no thread-local
 * storage).  Timeouts are in uptime() ticks, 0 for none. */
int thread_create(void (*fn)(void *), void *arg, void *stack_top); /* the tid, or -1 */
int gettid(void);
void thread_exit(int status) __attribute__((noreturn));
int thread_join(int tid, int *status);           /* 0, or -1 (ESRCH, EINVAL) */
int futex_wait(int *addr, int val, int timeout); /* 0, or -1 (EAGAIN: *addr != val, ETIMEDOUT) */
int futex_wake(int *addr, int n);                /* how many woke, or -1 */

/* Files (system calls 40..49; SEEK_* and O_APPEND are in kernel/fcntl.h). */
int lseek(int fd, int off, int whence); /* the new offset; -1 on a pipe or device */
int ftruncate(int fd, int len);         /* shrink, or grow with zeros */
int fsync(int fd);                      /* 0 once what was written is on the disk */
int rename(const char *old, const char *new);
char *getcwd(char *buf, int size);   /* buf, or 0 (too small, or a removed cwd) */
int sys_getcwd(char *buf, int size); /* the call itself: the length or -1 */

/*
 * Signals, process groups and waitpid (kernel/signal.h; system calls
 * 50..59, the rest in lib/signal.c).  kill(pid, sig) is in user/user.h.
 * sigaction() sets sa_restorer to the library's sigreturn_frame when it is
 * 0, so a handler simply returns; signal() installs a handler with
 * SA_RESTART (BSD's and glibc's meaning) and returns the old one, or
 * SIG_ERR.
 */
#include "kernel/signal.h"
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask); /* always -1, EINTR, after a handler ran */
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig); /* 0, or -1 EINVAL */
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig); /* 1, 0, or -1 EINVAL */
int raise(int sig);
uint alarm(uint seconds); /* SIGALRM then; the seconds left of the last one */
int killpg(int pgrp, int sig);
int setpgid(int pid, int pgid); /* 0: the caller / a new group of that pid */
int getpgid(int pid);
int getpgrp(void);
int tcsetpgrp(int fd, int pgid);                /* the console's foreground group */
int tcgetpgrp(int fd);                          /* 0 if there is none */
int waitpid(int pid, int *status, int options); /* pid, 0 (WNOHANG), or -1 */
int sys_sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sys_tcpgrp(int fd, int pgid);
void sigreturn_frame(void); /* where handlers return (not for calling) */
/* Names: strsignal(SIGINT) "Interrupt", sig_name(SIGINT) "INT",
 * sig_number("INT" or "SIGINT" or "2") 2, or -1. */
const char *strsignal(int sig);
const char *sig_name(int sig);
int sig_number(const char *name);
/* The kill command (lib/killcmd.c) for the kill program and the shell:
 * job_pid, if not 0, turns a "%N" operand into a pid (or -pgid) before
 * sig is sent to it; it returns -1 (after a message) if there is none. */
int kill_command(int argc, char **argv, int (*job_pid)(const char *spec, int sig, int *pid));
/* waitpid's status. */
#define WIFEXITED(st) (((st)&0x7f) == 0)
#define WEXITSTATUS(st) (((st) >> 8) & 0xff)
#define WIFSIGNALED(st) (((st)&0x7f) != 0 && ((st)&0x7f) != 0x7f)
#define WTERMSIG(st) ((st)&0x7f)
#define WIFSTOPPED(st) (((st)&0xff) == 0x7f)
#define WSTOPSIG(st) WEXITSTATUS(st)
#define WIFCONTINUED(st) ((st) == W_CONTINUED)

/* The labs' kernel tools (system calls 60..69; kernel/syscall/trace.h). */
int tracefd(int fd); /* this process's and its children's calls, decoded, to fd; -1 stops */
int lockstat(char *buf, int n); /* the lock statistics report (NUL-terminated): its length */

/* File times and the file system's use (system calls 45 and 48). */
struct timeval;
struct statfs;
int utimes(const char *path, const struct timeval *times); /* times[1]: mtime; 0 = now */
int statfs(const char *path, struct statfs *st);           /* df: the file system's use */

/* Time (lib/time.c): seconds since 1970-01-01 UTC, from the real-time clock. */
uint64 time(uint64 *t); /* also stored in *t unless t is 0 */
/* "YYYY-MM-DD HH:MM:SS" (UTC) for t seconds since 1970, like snprintf. */
#define TIME_STR_LEN 20 /* bytes format_time needs, the NUL included */
int format_time(char *buf, int size, uint64 t);
/* t split into its calendar parts (UTC). */
struct datetime {
	int year, month, day; /* month 1..12, day 1..31 */
	int hour, min, sec;
	int wday; /* 0 = Sunday */
	int yday; /* 0 = January 1st */
};
void split_time(uint64 t, struct datetime *dt);

/* Files and strings. */
int lstat(const char *path, struct stat *st); /* stat without following a final symlink */
/* open(path, O_RDONLY) of a file to read as data: a directory fails with EISDIR. */
int open_read(const char *path);
int strncmp(const char *a, const char *b, uint n);
char *strncpy(char *dst, const char *src, uint n); /* always NUL-terminates when n > 0 */
char *strcat(char *dst, const char *src);
int snprintf(char *buf, int size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int isdigit_str(const char *s); /* 1 if s is a non-empty run of decimal digits */

/*
 * Command-line options (lib/opt.c), getopt-like:
 *
 *	opt_init(&o, argc, argv, "rn:", "head [-r] [-n N] [FILE...]");
 *	while ((c = opt_next(&o)) != -1)
 *		...c is 'r', or 'n' with its argument in o.arg...
 *	...the operands are argv[o.ind..argc)...
 *
 * spec lists the option letters; one followed by ':' takes an argument.
 * opt_next handles "--", "--help" (usage on fd 1, exit 0) and every usage
 * error: "PROG: unknown option -x" and the usage line on fd 2, then exit
 * OPT_USAGE_STATUS.  That is 2, not 1, because POSIX utilities such as
 * grep, diff and cmp keep 1 for an answer ("no match", "files differ") and
 * use more than 1 for trouble; every Kite utility does the same.
 */
#define OPT_USAGE_STATUS 2
#define OPT_UINT_MAX 0x7fffffff
struct opt {
	int argc;
	char **argv;
	const char *spec;
	const char *usage; /* the usage line without "usage: " */
	const char *prog;  /* the program's name, for messages */
	int ind;           /* next argument; after the options, the first operand */
	int pos;           /* position inside a word of combined flags; 0 between words */
	const char *arg;   /* the argument of the option just returned */
};
void opt_init(struct opt *o, int argc, char **argv, const char *spec, const char *usage);
int opt_next(struct opt *o); /* next option letter, or -1 where the operands begin */
void opt_usage(const struct opt *o) __attribute__((noreturn)); /* usage on fd 2, exit 2 */
int opt_uint(const struct opt *o,
             const char *s); /* decimal in [0, OPT_UINT_MAX], else a usage error */
/* If the next argument is the old "-N" (head -5), takes it and returns N; else -1. */
int opt_old_count(struct opt *o);

/* Standard output (lib/out.c): printf and out_write to fd 1 remember a
 * failed or short write, so a utility can exit non-zero when its output
 * was lost (a full disk, a pipe whose reader has gone). */
int out_write(const void *buf, int n); /* all n bytes to fd 1: 0, or -1 */
int out_failed(void);                  /* has a write to fd 1 failed? */
int out_check(const char *prog); /* 0, or 1 after "PROG: write error: CAUSE" (none for EPIPE) */

/* Paths and directories (lib/path.c). */
int path_join(char *out, int size, const char *dir, const char *name); /* 0, or -1 if too long */
const char *path_base(const char *path);                               /* last component of path */
/* Names in directory `path` except "." and "..", packed as NUL-terminated
 * strings in one malloc'd buffer (caller frees); -1 if it cannot be read. */
int dir_names(const char *path, char **names);
/* exec as the shell does: a bare name ("wc") is looked up in / first.
 * Returns only on failure: -1 and errno. */
int exec_command(char **argv);

/* Buffered line input (lib/lines.c).  Keep readers static: the stack is small. */
#define LR_BUFSIZE 1024
struct lreader {
	int fd;
	int pos, len; /* unread bytes are buf[pos..len) */
	char buf[LR_BUFSIZE];
};
void lr_init(struct lreader *r, int fd);
/* The next line, newline included, in line[] (NUL-terminated, at most
 * max-1 bytes: longer lines come in pieces).  Returns its length, 0 at the
 * end of input, -1 on a read error. */
int lr_getline(struct lreader *r, char *line, int max);

/* Whole inputs as lines (lib/linebuf.c), for sort and diff.  Start from
 * a zeroed struct; each newline of the text is a NUL there.  A line holding
 * a NUL byte of its own is cut in two. */
struct linebuf {
	char *text; /* every byte read so far */
	int len, cap;
	char **line; /* line[0..n): the lines, in order */
	int n;
};
int lb_read(struct linebuf *lb, int fd); /* adds fd's lines: 0, or -1 and errno */
void lb_free(struct linebuf *lb);

/* Pattern matching (lib/match.c).  Each atom of a regular expression is
 * the set of bytes it matches: a literal, '.', or a class "[a-z_]". */
#define RE_MAXATOMS 128
#define RE_SETBYTES (256 / 8)
#define RE_ICASE 1 /* re_compile flag: letters match either case */
struct re_atom {
	uchar set[RE_SETBYTES]; /* bit c: the atom matches byte c (never NUL) */
	char star;              /* repeated zero or more times */
};
struct regex {
	int natoms;
	int bol; /* '^': match only at the start */
	int eol; /* '$': match only at the end */
	struct re_atom atom[RE_MAXATOMS];
};
/* 0, or -1 if the pattern is too long or has an unterminated '['. */
int re_compile(struct regex *re, const char *pattern, int flags);
int re_match(const struct regex *re, const char *text);
int glob_match(const char *pattern, const char *name); /* '*' and '?' wildcards */

/*
 * The network (system calls 70..79; the records are in kernel/netinfo.h,
 * byte order in kernel/net.h).  The 6.1810 lab's UDP calls bind, unbind,
 * send and recv are in user/user.h with the lab's prototypes.
 */
#include "kernel/netinfo.h"
int netctl(int op, void *arg, int size); /* NETCTL_INFO, NETCTL_PING, NETCTL_SOCKS, NETCTL_SETIF */
/*
 * BSD sockets, as descriptors (read, write and close work on them).  BSD's
 * bind(fd, addr, len) is sock_bind here, because user/user.h's bind is the
 * lab's bind(port); the lab's send and recv likewise keep their names, so
 * sockets use write/read or sendto/recvfrom.  accept and recvfrom take no
 * length pointer: the address is always a struct sockaddr_in.
 */
int socket(int domain, int type, int protocol);
int sock_bind(int fd, const struct sockaddr_in *addr, int len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr_in *peer);
int connect(int fd, const struct sockaddr_in *addr, int len);
int sendto(int fd, const void *buf, int n, int flags, const struct sockaddr_in *to, int len);
int recvfrom(int fd, void *buf, int n, int flags, struct sockaddr_in *from);
int shutdown(int fd, int how);
int poll(struct pollfd *fds, int n, int timeout_ms);
/* "a.b.c.d" to an address in host order (lib/inet.c): 0, or -1 if malformed. */
int inet_parse(const char *s, uint32 *addr);
/* addr (host order) as "a.b.c.d" in buf (at least INET_STR_LEN bytes). */
#define INET_STR_LEN 16
char *inet_format(char *buf, uint32 addr);

/*
 * Test programs' cases (lib/testcase.c).  test_cases_run runs the cases
 * that argv[1..] names (every case when there are none), each in a child
 * of its own with test_case_name set, so one that dies or hangs is one
 * failure: a case still running after limit_ticks ticks (0: no limit) is
 * killed.  It prints "PROG NAME: ok" or "PROG NAME: FAILED: why" per case,
 * then "PROG: N passed, M failed", and returns M.
 */
struct test_case {
	const char *name;
	void (*fn)(void); /* returns on success; exit(1) on failure */
};
extern const char *test_case_name;
int test_cases_run(const char *prog, const struct test_case *cases, int n, int argc, char *argv[],
                   int limit_ticks);

#endif
