/*
 * kthread.c: kernel threads, processes that never enter user mode.  The
 * self-tests use them to run code that sleeps (disk I/O, sleep locks) and
 * to run several things at once on several harts.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "lib/errno.h"
#include "lib/string.h"

/* First code a kernel thread runs: the scheduler switched here holding p->lock. */
static void kthread_start(void)
{
	struct proc *p = myproc();
	release(&p->lock);
	p->kfn(p->karg);
	proc_exit(0);
}

static int start(void (*fn)(void *), void *arg, const char *name, struct proc *parent, int hart)
{
	struct proc *p = proc_alloc(kthread_start);
	if (!p)
		return -E_AGAIN;
	p->kfn = fn;
	p->karg = arg;
	p->pin_hart = hart;
	strlcpy_k(p->name, name, sizeof(p->name));
	int pid = p->pid;
	release(&p->lock);

	acquire(&wait_lock);
	p->parent = parent; /* 0 when created from boot code: then nobody waits */
	release(&wait_lock);

	acquire(&p->lock);
	p->state = RUNNABLE;
	release(&p->lock);
	return pid;
}

int kthread_create(void (*fn)(void *), void *arg, const char *name)
{
	return start(fn, arg, name, myproc(), -1);
}

int kthread_create_on(void (*fn)(void *), void *arg, const char *name, int hart)
{
	return start(fn, arg, name, initproc, hart);
}
