/*
 * sigalarmtest: the traps lab's alarm, checked the way the lab's own
 * alarmtest does (written for Kite, in that style), plus what the lab only
 * states: sigalarm(0, 0) stops the calls, and the alarm is neither
 * inherited by fork nor kept by exec.  Prints "testN passed" or
 * "testN failed: why" for each, then "sigalarmtest: N passed, M failed".
 *
 *   test0  the handler is called (sigalarm(2, h))
 *   test1  it is called again and again while the program computes, and
 *          the interrupted code goes on exactly where it was
 *   test2  a slow handler is not entered again while it runs
 *   test3  sigreturn() gives back every register, a0 included
 *   test4  sigalarm(0, 0) stops it
 *   test5  a child of fork has no alarm
 *   test6  exec drops the alarm
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define SPINS 500000000L

static volatile int count;
static int passed, failed;

static void result(int n, int ok, const char *why)
{
	if (ok) {
		printf("test%d passed\n", n);
		passed++;
	} else {
		printf("test%d failed: %s\n", n, why);
		failed++;
	}
}

static void periodic(void)
{
	count++;
	sigreturn();
}

static void test0(void)
{
	count = 0;
	sigalarm(2, periodic);
	for (long i = 0; i < SPINS && count == 0; i++)
		asm volatile("nop");
	sigalarm(0, 0);
	result(0, count > 0, "the handler was never called");
}

/* Not inlined, so that its calls and the loop's counters live across the
 * interruptions in registers and on the stack. */
static void __attribute__((noinline)) foo(long i, long *j)
{
	if (i % 2500000 == 0)
		write(2, ".", 1);
	*j += 1;
}

static void test1(void)
{
	long i, j = 0;

	count = 0;
	sigalarm(2, periodic);
	for (i = 0; i < SPINS; i++) {
		if (count >= 10)
			break;
		foo(i, &j);
	}
	sigalarm(0, 0);
	write(2, "\n", 1);
	if (count < 10)
		result(1, 0, "too few calls to the handler");
	else
		result(1, i == j, "foo() ran a different number of times than it was called");
}

static void slow_handler(void)
{
	count++;
	if (count > 1) {
		printf("test2 failed: the handler was entered again\n");
		exit(1);
	}
	for (long i = 0; i < SPINS / 5; i++)
		asm volatile("nop");
	sigalarm(0, 0);
	sigreturn();
}

static void test2(void)
{
	int st;
	int pid = fork();

	if (pid == 0) {
		count = 0;
		sigalarm(2, slow_handler);
		for (long i = 0; i < SPINS && count == 0; i++)
			asm volatile("nop");
		exit(count == 1 ? 0 : 2);
	}
	wait(&st);
	result(2, st == 0, "the child failed");
}

static void dummy_handler(void)
{
	sigalarm(0, 0);
	sigreturn();
}

static void test3(void)
{
	uint64 a0;

	sigalarm(1, dummy_handler);
	asm volatile("lui a5, 0\n"
	             "addi a0, a5, 0xac\n"
	             "li t0, 200000000\n"
	             "1: addi t0, t0, -1\n"
	             "bnez t0, 1b\n"
	             "mv %0, a0"
	             : "=r"(a0)
	             :
	             : "a0", "a5", "t0");
	sigalarm(0, 0);
	result(3, a0 == 0xac, "a0 changed across the alarm");
}

static void test4(void)
{
	count = 0;
	sigalarm(1, periodic);
	for (long i = 0; i < SPINS && count < 2; i++)
		asm volatile("nop");
	sigalarm(0, 0);
	int seen = count;
	for (long i = 0; i < SPINS / 5; i++)
		asm volatile("nop");
	result(4, seen >= 2 && count == seen, "the handler was called after sigalarm(0, 0)");
}

static void test5(void)
{
	int st;

	count = 0;
	sigalarm(1, periodic);
	int pid = fork();
	if (pid == 0) {
		count = 0;
		for (long i = 0; i < SPINS / 5; i++)
			asm volatile("nop");
		exit(count == 0 ? 0 : 1);
	}
	wait(&st);
	sigalarm(0, 0);
	result(5, st == 0, "the child's handler was called: fork passed the alarm on");
}

static void test6(void)
{
	int st;
	char *argv[] = {"sigalarmtest", "-spin", 0};

	int pid = fork();
	if (pid == 0) {
		sigalarm(1, periodic); /* an address that means nothing after exec */
		exec("/sigalarmtest", argv);
		exit(3);
	}
	wait(&st);
	result(6, st == 0, "exec kept the alarm (or the program failed)");
}

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "-spin") == 0) {
		/* After exec: the same program, so periodic() is at the same
		 * address; a kept alarm would call it. */
		for (long i = 0; i < SPINS / 5; i++)
			asm volatile("nop");
		exit(count == 0 ? 0 : 1);
	}
	test0();
	test1();
	test2();
	test3();
	test4();
	test5();
	test6();
	printf("sigalarmtest: %d passed, %d failed\n", passed, failed);
	exit(failed ? 1 : 0);
}
