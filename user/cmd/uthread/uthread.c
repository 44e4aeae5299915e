/*
 * uthread: cooperative threads inside one process, switched by the
 * program itself (the thread lab's exercise, written for Kite): no kernel
 * thread and no timer, a thread runs until it calls yield().
 *
 * Each thread has a stack of its own and a saved context (uthread.h).
 * yield() picks the next runnable thread round-robin and switches to it
 * with uthread_switch (uthread_switch.S); a thread that returns from its
 * function ends in thread_done(), which never runs it again.  When every
 * thread is done the scheduler thread (the program's main) gets control
 * back and checks that the threads took turns.
 *
 * usage: uthread [steps]   each of the three threads counts to steps
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"
#include "uthread.h"

_Static_assert(__builtin_offsetof(struct ucontext, sp) == UCTX_SP, "uthread_switch.S offsets");
_Static_assert(__builtin_offsetof(struct ucontext, s[11]) == UCTX_S(11),
               "uthread_switch.S offsets");
_Static_assert(sizeof(struct ucontext) == UCTX_SIZE, "uthread_switch.S offsets");

#define NTHREADS 3
#define STACK_SIZE 8192
#define DEFAULT_STEPS 100

enum ustate { FREE, READY, DONE };

struct uthread {
	struct ucontext ctx;
	enum ustate state;
	char name;
	int steps; /* how far it counted */
	char stack[STACK_SIZE] __attribute__((aligned(16)));
};

static struct uthread threads[NTHREADS];
static struct ucontext main_ctx; /* the scheduler's: main() */
static struct uthread *running;  /* 0 while main runs */
static int nsteps, nswitches;
static char order[NTHREADS * 4]; /* who ran, the first few turns */
static int norder;

/* Switch from the running thread to the next READY one after it, or back
 * to main when none is left. */
static void yield(void)
{
	struct uthread *me = running;
	int start = me ? (int)(me - threads) : -1;
	for (int k = 1; k <= NTHREADS; k++) {
		struct uthread *t = &threads[(start + k) % NTHREADS];
		if (t->state != READY)
			continue;
		if (t == me)
			return; /* the only one left */
		running = t;
		nswitches++;
		uthread_switch(me ? &me->ctx : &main_ctx, &t->ctx);
		return;
	}
	running = 0;
	uthread_switch(&me->ctx, &main_ctx); /* nobody ready: the scheduler */
}

/* Where a thread's function returns (its ra at the start). */
static void thread_done(void)
{
	running->state = DONE;
	yield();
}

static void count(void)
{
	struct uthread *me = running;
	for (int i = 0; i < nsteps; i++) {
		me->steps++;
		if (norder < (int)sizeof(order))
			order[norder++] = me->name;
		yield();
	}
}

/* Make t start at fn (which must not return: entry ends in thread_done). */
static void start(struct uthread *t, char name, void (*fn)(void))
{
	memset(&t->ctx, 0, sizeof(t->ctx));
	/* The first switch to t "returns" into fn, on t's own stack. */
	t->ctx.ra = (unsigned long)fn;
	t->ctx.sp = (unsigned long)(t->stack + STACK_SIZE);
	t->state = READY;
	t->name = name;
	t->steps = 0;
}

/* Every thread's entry: run its work, then end. */
static void entry(void)
{
	count();
	thread_done();
}

int main(int argc, char *argv[])
{
	nsteps = argc > 1 ? atoi(argv[1]) : DEFAULT_STEPS;
	if (nsteps <= 0) {
		fprintf(2, "usage: uthread [steps]\n");
		exit(2);
	}
	for (int i = 0; i < NTHREADS; i++)
		start(&threads[i], 'a' + i, entry);
	yield(); /* run them all; back here when every one is done */

	int ok = 1;
	for (int i = 0; i < NTHREADS; i++) {
		printf("uthread: thread %c counted to %d\n", threads[i].name, threads[i].steps);
		ok &= threads[i].state == DONE && threads[i].steps == nsteps;
	}
	/* Round-robin: the first turns go a, b, c, a, b, c... */
	for (int i = 0; i < norder && i < NTHREADS * 4; i++)
		ok &= order[i] == 'a' + i % NTHREADS;
	printf("uthread: %d switches\n", nswitches);
	printf("uthread: %s\n", ok ? "OK" : "FAIL");
	exit(ok ? 0 : 1);
}
