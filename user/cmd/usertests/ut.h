/*
 * ut.h: what the usertests files share: the reporting macros, the
 * scratch buffers, the helpers of util.c and the tests run by main.c.
 */
#ifndef USERTESTS_UT_H
#define USERTESTS_UT_H

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "user/kite.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "kernel/fs.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "kernel/devno.h"

/* ------------------------------------------------------------------ */
/* Reporting                                                           */
/* ------------------------------------------------------------------ */

extern const char *testname; /* the test running in this process */

#define FAIL(...)                                                                                  \
	do {                                                                                       \
		printf("  %s (line %d): ", testname, __LINE__);                                    \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		exit(1);                                                                           \
	} while (0)

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			FAIL(__VA_ARGS__);                                                         \
	} while (0)

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* argv[1] that makes usertests act as the target of the exec tests. */
#define EXEC_HELPER "-exec-helper"

/* Scratch buffers shared by the tests (each test runs in its own process). */
#define BUFSZ (8 * BSIZE)
extern char buf[BUFSZ];
extern char buf2[BUFSZ];

/* Absolute path of this program, for the exec tests (set in main). */
extern char selfpath[MAXPATH];
/* Absolute name of the test's own directory (set by the runner). */
extern char testdir[16];

/* ------------------------------------------------------------------ */
/* Helpers (util.c)                                                    */
/* ------------------------------------------------------------------ */

uint64 freemem(void);
int nprocs(void);
/* A deterministic byte pattern: fill writes it, check_fill returns the
 * index of the first byte that differs from it, or -1. */
void fill(char *p, int n, int seed, uint start);
int check_fill(const char *p, int n, int seed, uint start);
void write_file(const char *name, const void *data, int n);
int read_file(const char *name, void *out, int max);
short file_type(const char *name);
void numbered(char *out, const char *prefix, int n);
void stat_ok(const char *name, struct stat *st);
int count_entries(const char *dir, const char *name, int *found);
void file_roundtrip(const char *name, uint nbytes);

/* Run fn in a child; return the child's wait status. */
int run_child(void (*fn)(void));
/* Parameter for the victim functions (set before forking). */
extern volatile uint64 victim_addr;
/* fn must get its process killed by the kernel: wait reports -1. */
void expect_killed(void (*fn)(void), const char *what);
void victim_read(void);
void victim_write(void);
/* Addresses no user pointer may reach. */
#define NKERNEL_ADDRS 8
extern uint64 kernel_addrs[NKERNEL_ADDRS];
uint64 past_end(void);
uint64 stack_bottom(void);

/* usertests -exec-helper ARGS... (exec.c): check the arguments, exit with argc. */
void exec_helper(int argc, char *argv[]);

/* ------------------------------------------------------------------ */
/* The tests, run by main.c                                            */
/* ------------------------------------------------------------------ */

/* proc.c */
void test_forkwait(void);
void test_exitstatus(void);
void test_getpid(void);
void test_forkfork(void);
void test_reparent(void);
void test_exitwait(void);
void test_kill(void);
void test_sysinfo(void);
void test_uptime(void);
void test_procinfo(void);

/* mem.c */
void test_cow(void);
void test_cowread(void);
void test_sbrkbasic(void);
void test_sbrkbad(void);
void test_sbrkargs(void);

/* isolation.c */
void test_kernmem(void);
void test_textwrite(void);
void test_stackguard(void);

/* badargs.c */
void test_badptr(void);
void test_readtext(void);
void test_badfd(void);
void test_fdlimit(void);
void test_openflags(void);
void test_badpath(void);

/* fs.c */
void test_fileio(void);
void test_unlinkopen(void);
void test_linkcount(void);
void test_dirs(void);
void test_bigdir(void);
void test_irefs(void);
void test_dupoffset(void);
void test_fstat(void);
void test_mknod(void);
void test_symlink(void);
void test_dindirect(void);
void test_bigfile(void);

/* readahead.c */
void test_readrandom(void);
void test_readrace(void);

/* exec.c */
void test_execargs(void);
void test_execbad(void);
void test_execcopy(void);

/* pipe.c */
void test_pipedata(void);
void test_pipenoreader(void);
void test_pipewriters(void);

/* concurrency.c */
void test_sharedfd(void);
void test_concfiles(void);
void test_concreate(void);
void test_randsys(void);
void test_stress(void);

/* limits.c */
void test_forkall(void);
void test_sbrkall(void);
void test_outofinodes(void);
void test_outofblocks(void);

#endif
