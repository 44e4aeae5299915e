/*
 * exit.c: how a process ends and how its parent learns of it.
 *
 * exit keeps the process's slot as a ZOMBIE holding its status; the
 * parent's wait() frees the slot.  Children of an exiting process are
 * handed to init, which waits for them forever.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uproc.h"
#include "proc/uaccess.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "arch/riscv/power.h"

/* Give p's children to init; caller holds wait_lock. */
static void reparent(struct proc *p)
{
	KASSERT(holding(&wait_lock));
	for (struct proc *c = proc; c < &proc[NPROC]; c++)
		if (c->parent == p) {
			c->parent = initproc;
			wakeup(initproc);
		}
}

void proc_exit(int status)
{
	struct proc *p = myproc();
	if (p == initproc) {
		/* Not a kernel bug (a broken disk, a bad /init): say so and stop cleanly. */
		printf("kite: init exited with status %d; powering off\n", status);
		power_off(status != 0);
	}

	vma_release_all(p); /* writes shared mappings back: may sleep */
	uproc_release_files(p);

	acquire(&wait_lock);
	reparent(p);
	if (p->parent)
		wakeup(p->parent); /* the parent may be waiting */
	acquire(&p->lock);
	p->xstate = status;
	p->state = ZOMBIE;
	release(&wait_lock);
	sched();
	panic("zombie pid %d ran again", p->pid);
}

/*
 * Reap one zombie child, storing its status at dst (a user address if
 * user, else a kernel pointer; none if 0).  Sleeps while children live.
 */
static int wait_common(int user, uint64 dst)
{
	struct proc *me = myproc();
	/* A bad status pointer must fail before a child is reaped. */
	if (user && dst && user_range_writable(me->pagetable, dst, sizeof(int)) < 0)
		return -E_FAULT;
	acquire(&wait_lock);
	for (;;) {
		int have_kids = 0;
		for (struct proc *c = proc; c < &proc[NPROC]; c++) {
			if (c->parent != me)
				continue;
			acquire(&c->lock);
			have_kids = 1;
			if (c->state == ZOMBIE) {
				int pid = c->pid, xstate = c->xstate;
				if (dst && either_copyout(user, dst, &xstate, sizeof(xstate)) < 0) {
					release(&c->lock);
					release(&wait_lock);
					return -E_FAULT;
				}
				proc_free(c);
				release(&c->lock);
				release(&wait_lock);
				return pid;
			}
			release(&c->lock);
		}
		if (!have_kids || proc_killed(me)) {
			release(&wait_lock);
			return -E_CHILD;
		}
		sleep(me, &wait_lock);
	}
}

int proc_wait_kernel(int *status)
{
	return wait_common(0, (uint64)status);
}

int proc_wait(uint64 ustatus)
{
	return wait_common(1, ustatus);
}
