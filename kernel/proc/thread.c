/*
 * thread.c: creating, ending and joining the threads of a process, and
 * ending a whole thread group (proc/thread.h has the design).
 */
#include "proc/thread.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/uaccess.h"
#include "arch/riscv/trapframe.h"
#include "arch/riscv/usertrap.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "memlayout.h"

struct spinlock group_lock = SPINLOCK_INIT("group");

/* group_exiting: why the group's threads are ending. */
#define GROUP_EXIT 1 /* exit(), a kill or a fault: the process ends */
#define GROUP_EXEC 2 /* exec: the others end, the main thread goes on */

/* A new thread's ra: if fn returns instead of calling thread_exit, it
 * jumps into the kernel's half, which user mode cannot execute, and the
 * fault kills the process with the usual report. */
#define THREAD_NO_RETURN USER_TOP

/* A new thread's first instructions: the scheduler switched here holding
 * its lock. */
static void thread_start(void)
{
	struct proc *p = myproc();
	release(&p->lock);
	signal_user_return(p);
	user_return();
}

/* Free thread slot t (not a leader; t->lock held): its trap frame, then
 * the slot.  The page table is the leader's and stays. */
static void thread_free(struct proc *t)
{
	KASSERT(holding(&t->lock) && t->leader != t);
	if (t->trapframe)
		page_free(kva2pa(t->trapframe));
	t->trapframe = 0;
	t->pagetable = 0;
	t->leader = t;
	proc_free(t);
}

/* Free the group's ZOMBIE threads; group_lock held. */
static void reap_zombies(struct proc *leader)
{
	KASSERT(holding(&group_lock));
	for (struct proc *t = proc; t < &proc[NPROC]; t++) {
		if (t == leader)
			continue;
		acquire(&t->lock);
		if (t->leader == leader && t->state == ZOMBIE)
			thread_free(t);
		release(&t->lock);
	}
}

/* Kill every thread of the group but me; group_lock held. */
static void kill_others(struct proc *leader, struct proc *me)
{
	KASSERT(holding(&group_lock));
	for (struct proc *t = proc; t < &proc[NPROC]; t++) {
		if (t == me)
			continue;
		acquire(&t->lock);
		if (t->leader == leader && t->state != UNUSED && t->state != ZOMBIE) {
			t->killed = 1;
			sched_wake_locked(t);
		}
		release(&t->lock);
	}
}

static int killed_locked(struct proc *p)
{
	acquire(&p->lock);
	int k = p->killed;
	release(&p->lock);
	return k;
}

/* The new slot's user side: a copy of the caller's registers, then the
 * thread's own pc, stack and argument.  np->lock held. */
static int setup(struct proc *np, struct proc *me, uint64 fn, uint64 arg, uint64 stack_top)
{
	np->leader = me->leader; /* first: thread_free expects a thread */
	paddr_t tf = page_alloc_zeroed();
	if (!tf)
		return -E_NOMEM;
	np->trapframe = pa2kva(tf);
	*np->trapframe = *me->trapframe;
	np->trapframe->epc = fn;
	np->trapframe->sp = stack_top;
	np->trapframe->a0 = arg;
	np->trapframe->ra = THREAD_NO_RETURN;
	np->nthreads = 0;
	np->pagetable = me->leader->pagetable;
	memmove(np->name, me->name, sizeof(np->name));
	watch_fork(&np->watch, &me->watch);
	signal_fork(np, me); /* the caller's actions, mask and group */
	return 0;
}

/* The stack alignment the RISC-V calling convention asks at a call. */
#define STACK_ALIGN 16

int thread_create(uint64 fn, uint64 arg, uint64 stack_top)
{
	struct proc *me = myproc();
	struct proc *leader = me->leader;
	if (!me->pagetable)
		return -E_PERM; /* a kernel thread */
	if (fn >= leader->sz)
		return -E_FAULT; /* code lives in the program's image */
	if (stack_top % STACK_ALIGN)
		return -E_INVAL;
	if (stack_top < STACK_ALIGN ||
	    user_range_writable(me->pagetable, stack_top - STACK_ALIGN, STACK_ALIGN) < 0)
		return -E_FAULT;

	struct proc *np = proc_alloc(thread_start);
	if (!np)
		return -E_AGAIN;
	int err = setup(np, me, fn, arg, stack_top);
	if (err) {
		thread_free(np);
		release(&np->lock);
		return err;
	}
	int tid = np->pid;
	release(&np->lock);

	acquire(&group_lock);
	if (leader->group_exiting) {
		release(&group_lock);
		watch_release(&np->watch); /* may sleep: no lock held */
		acquire(&np->lock);
		thread_free(np);
		release(&np->lock);
		return -E_INTR;
	}
	leader->nthreads++;
	leader->threaded = 1;
	acquire(&np->lock);
	sched_start_locked(np);
	release(&np->lock);
	release(&group_lock);
	return tid;
}

/* A thread other than the leader is done: a ZOMBIE until joined or reaped. */
static void finish(struct proc *p, int status) __attribute__((noreturn));
static void finish(struct proc *p, int status)
{
	struct proc *leader = p->leader;
	KASSERT(p != leader);
	watch_release(&p->watch);
	acquire(&group_lock);
	leader->nthreads--;
	wakeup(&leader->nthreads); /* joiners, and a leader waiting for the others */
	acquire(&p->lock);
	p->xstate = status;
	p->state = ZOMBIE;
	release(&group_lock);
	sched();
	panic("thread tid %d ran after its end", p->pid);
}

void thread_exit(int status)
{
	struct proc *p = myproc();
	struct proc *leader = p->leader;
	if (p != leader)
		finish(p, status);
	/* The main thread: the process lives while other threads do.  A kill
	 * or a terminating signal ends it (signal_user_return exits); a
	 * signal with a handler stays pending, since this thread has no user
	 * code left to run it: a plain sleep, woken by the others' ends. */
	acquire(&group_lock);
	while (leader->nthreads > 1) {
		int r = signal_wait_check(&group_lock);
		if (r == -E_INTR) {
			release(&group_lock);
			signal_user_return(p);
			acquire(&group_lock);
		} else if (r == 0 || r == -E_RESTART) {
			sleep(&leader->nthreads, &group_lock);
		}
	}
	release(&group_lock);
	proc_exit(0);
}

void thread_group_exit(int *status, int *termsig)
{
	struct proc *p = myproc();
	struct proc *leader = p->leader;
	acquire(&group_lock);
	if (!leader->threaded) { /* a process that never had threads: nothing to end */
		release(&group_lock);
		return;
	}
	if (p != leader && leader->group_exiting == GROUP_EXEC) {
		release(&group_lock);
		finish(p, *status); /* exec ends this thread, not the process */
	}
	if (leader->group_exiting != GROUP_EXIT) {
		leader->group_exiting = GROUP_EXIT;
		leader->group_status = *status;
		leader->group_termsig = *termsig;
		kill_others(leader, p);
	}
	if (p != leader) {
		release(&group_lock);
		finish(p, *status);
	}
	while (leader->nthreads > 1)
		sleep(&leader->nthreads, &group_lock);
	*status = leader->group_status;
	*termsig = leader->group_termsig;
	reap_zombies(leader);
	release(&group_lock);
}

int thread_end_others(void)
{
	struct proc *p = myproc();
	struct proc *leader = p->leader;
	int err = 0;
	acquire(&group_lock);
	if (p != leader)
		err = -E_BUSY;
	else if (leader->group_exiting)
		err = -E_INTR;
	if (err || !leader->threaded) { /* refused, or never had threads */
		release(&group_lock);
		return err;
	}
	leader->group_exiting = GROUP_EXEC;
	kill_others(leader, p);
	while (leader->nthreads > 1 && !killed_locked(p))
		sleep(&leader->nthreads, &group_lock);
	if (leader->nthreads > 1) {
		err = -E_INTR; /* killed: the exit that follows ends the group */
	} else {
		leader->group_exiting = 0;
		reap_zombies(leader);
		leader->threaded = 0; /* alone again, with no zombie left */
	}
	release(&group_lock);
	return err;
}

int thread_join(int tid, uint64 ustatus)
{
	struct proc *me = myproc();
	struct proc *leader = me->leader;
	if (tid == me->pid || tid == leader->pid)
		return -E_INVAL; /* itself, or the main thread (which cannot be joined) */
	if (ustatus && user_range_writable(me->pagetable, ustatus, sizeof(int)) < 0)
		return -E_FAULT;
	acquire(&group_lock);
	for (;;) {
		struct proc *t = proc;
		for (; t < &proc[NPROC]; t++) {
			acquire(&t->lock);
			if (t->pid == tid && t->leader == leader && t->state != UNUSED)
				break;
			release(&t->lock);
		}
		if (t == &proc[NPROC]) {
			release(&group_lock);
			return -E_SRCH;
		}
		if (t->state == ZOMBIE) {
			int st = t->xstate;
			thread_free(t);
			release(&t->lock);
			release(&group_lock);
			if (ustatus && copyout(me->pagetable, ustatus, (char *)&st, sizeof(st)) < 0)
				return -E_FAULT;
			return 0;
		}
		release(&t->lock);
		int r = signal_wait_check(&group_lock); /* a signal ends the wait */
		if (r < 0) {
			release(&group_lock);
			return r;
		}
		if (r == 0)
			sleep_intr(&leader->nthreads, &group_lock);
	}
}
