/*
 * threadtest.h: what the parts of threadtest share: the check macro and
 * helpers (main.c) and the checks (sync.c: locks, futexes, memory and
 * files shared by threads; life.c: how threads and their process begin
 * and end).
 */
#ifndef THREADTEST_H
#define THREADTEST_H

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/kite.h"
#include "user/pthread.h"

/* The check running now, for failed()'s message. */
extern const char *current;
/* Print "NAME: FAIL what" and exit 1. */
void failed(const char *what) __attribute__((noreturn));

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			failed(#cond);                                                             \
	} while (0)

/* The status child pid ended with (it must be the next to end). */
int child_status(int pid);
void spin_forever(void) __attribute__((noreturn));
/* A thread body that spins until the process ends. */
void *spin(void *arg);
/* How many procinfo rows (threads) process pid has. */
int rows_of(int pid);

void test_mutex(void);
void test_cwd(void);
void test_maps(void);
void test_ids(void);
void test_join_exited(void);
void test_futex(void);
void test_cow(void);
void test_malloc(void);
void test_cond(void);
void test_files(void);
void test_fault(void);
void test_exit(void);
void test_kill(void);
void test_main_exit(void);
void test_badargs(void);
void test_fork(void);
void test_exec(void);
void test_signals(void);
void test_nap(void);

#endif
