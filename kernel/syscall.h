/*
 * syscall.h: system-call numbers, the ABI between user/ and the kernel.
 * 1..21 are xv6-riscv's numbers; the rest are Kite's additions.  The user
 * library's stubs are generated from this file (user/lib/gen_usys.sh), so a
 * new call needs a line here and a handler in the kernel's table.
 */
#ifndef KITE_SYSCALL_H
#define KITE_SYSCALL_H

#define SYS_fork 1
#define SYS_exit 2
#define SYS_wait 3
#define SYS_pipe 4
#define SYS_read 5
#define SYS_kill 6
#define SYS_exec 7
#define SYS_fstat 8
#define SYS_chdir 9
#define SYS_dup 10
#define SYS_getpid 11
#define SYS_sbrk 12
#define SYS_sleep 13
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
#define SYS_ignintr 28   /* int ignintr(int on): survive console Ctrl-C (not inherited by fork) */

#define NSYSCALL 29 /* one past the highest number */

#endif
