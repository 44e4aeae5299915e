/*
 * user.h: the system calls and library functions of xv6-riscv, both its
 * 2022 release and the current one, with xv6's own prototypes, so that xv6
 * and 6.1810 programs compile unchanged; then Kite's additional system
 * calls.  Like xv6's, it expects "kernel/types.h" to be included first.
 * Kite's own library helpers (snprintf, line reading, paths, patterns) are
 * in user/kite.h, so that no name a program may define for itself clashes
 * with a declaration here.
 */
#ifndef KITE_USER_H
#define KITE_USER_H

/* What a failed sbrk() returns (current xv6's name). */
#define SBRK_ERROR ((char *)-1)

struct stat;
struct sysinfo;
struct procinfo;
struct kstats;

/* System calls (stubs generated from kernel/syscall.h). */
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int *);
int pipe(int *);
int write(int, const void *, int);
int read(int, void *, int);
int close(int);
int kill(int); /* xv6's kill(pid): SIGKILL; see the kill() macro below */
int exec(const char *, char **);
int open(const char *, int);
int mknod(const char *, short, short);
int unlink(const char *);
int fstat(int fd, struct stat *);
int link(const char *, const char *);
int mkdir(const char *);
int chdir(const char *);
int dup(int);
int getpid(void);
char *sys_sbrk(int, int); /* n bytes, SBRK_EAGER or SBRK_LAZY (kernel/vm.h) */
int sleep(int);           /* ticks; the 2022 name */
int pause(int);           /* the same call, current xv6's name */
int uptime(void);

/* Kite's additional system calls (records in kernel/sysinfo.h). */
int symlink(const char *target, const char *path);
int sysinfo(struct sysinfo *);
int procinfo(struct procinfo *, int max);
int halt(void);
int consmode(int mode);
int kstats(struct kstats *);
int diskbench(int op, uint64 arg); /* kernel/diskbench.h: make bench's device loop */
int ignintr(int on);
int killsig(int pid, int sig); /* kill(pid, sig) (kernel/signal.h has the numbers) */

/*
 * kill(pid) is xv6's call and kill(pid, sig) the POSIX one: the macro
 * counts the arguments and calls kill or killsig.  (It only applies to a
 * call with parentheses: &kill is still xv6's function, and (kill)(pid)
 * calls it whatever follows.)
 */
#define KITE_KILL_PICK(a, b, name, ...) name
#define kill(...) KITE_KILL_PICK(__VA_ARGS__, killsig, kill, 0)(__VA_ARGS__)

/*
 * The calls of MIT 6.1810's labs, with the labs' prototypes, so that their
 * test programs build unchanged.  The net lab's bind, unbind, send and
 * recv work (UDP, host byte order, 16 datagrams queued per port); mmap
 * and munmap work (POSIX semantics, MAP_FAILED on failure; mprotect is
 * in user/kite.h); sigalarm and sigreturn are the traps lab's alarm
 * (sigreturn outside an alarm handler returns -1).  ugetpid() is the pid,
 * from the USYSCALL page.
 */
int trace(int);
/* The lab's own prototype: the handler's parameters are left unsaid. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
int sigalarm(int ticks, void (*handler)());
#pragma GCC diagnostic pop
int sigreturn(void);
uint64 pgpte(void *va);
void kpgtbl(void);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);
int bind(uint16);
int unbind(uint16);
int send(uint16 sport, uint32 dst, uint16 dport, char *buf, uint32 len);
int recv(uint16 dport, uint32 *src, uint16 *sport, char *buf, uint32 maxlen);
int ugetpid(void);
int statistics(void *buf, int n); /* the lock lab's: the report's length, -1 if n is too small */
int interpose(int mask, const char *path);
int cpupin(int cpu);
int rwlktest(void);

/* The xv6 library (ulib, printf, umalloc). */
int stat(const char *, struct stat *);
char *strcpy(char *, const char *);
void *memmove(void *, const void *, int);
char *strchr(const char *, char c);
int strcmp(const char *, const char *);
void fprintf(int, const char *, ...) __attribute__((format(printf, 2, 3)));
void printf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *gets(char *, int max);
uint strlen(const char *);
void *memset(void *, int, uint);
int atoi(const char *);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);
char *sbrk(int);     /* grows eagerly: sys_sbrk(n, SBRK_EAGER) */
char *sbrklazy(int); /* grows lazily: sys_sbrk(n, SBRK_LAZY) */
void *malloc(uint);
void free(void *);

#endif
