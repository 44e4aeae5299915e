/*
 * sched.c: per-hart round-robin scheduling, sleep and wakeup.
 *
 * The invariant that makes switching safe: a hart switches between a
 * process and its scheduler only while holding that process's p->lock,
 * with interrupts off.  The lock is taken on one side of swtch() and
 * released on the other, so no other hart can pick up the process while
 * its registers are half saved.
 *
 * Sleeping: sleep() takes p->lock before releasing the caller's lock, and
 * wakeup() takes p->lock to look at chan, so a wakeup cannot slip between
 * the caller's check of its condition and its going to sleep.
 *
 * Timed sleep: sleep_ticks() sleeps on a channel of this file's own, a
 * futex wait with a time-out on its own channel (sleep_until), each with
 * p->wake_at set (both under p->lock); the timer's wakeup_ticks() wakes
 * every sleeper whose tick has come, whatever its channel.
 *
 * Idle harts wait in `wfi` and say so in idle_mask; wakeup() sends one of
 * them an IPI so that a newly runnable process does not wait for a tick.
 */
#include "proc/sched.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/sbi.h"
#include "lib/panic.h"
#include "mm/kvm.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"
#include "arch/riscv/mmu.h"

/* The channel of timed sleepers (its address is all that matters). */
static char tick_chan;

struct cpu cpus[NCPU];

void cpuid_with_interrupts_on(void)
{
	panic("cpuid: called with interrupts on (caller %p)", __builtin_return_address(0));
}

/* Bit h set while hart h waits in wfi (atomic ops only). */
static volatile uint64 idle_mask;

static void poke_idle_hart(void)
{
	uint64 idle = __atomic_load_n(&idle_mask, __ATOMIC_RELAXED);
	if (idle) {
		int h = 0;
		while (!(idle & (1UL << h)))
			h++;
		__atomic_fetch_and(&idle_mask, ~(1UL << h), __ATOMIC_RELAXED);
		sbi_send_ipi(1UL << h, 0);
	}
}

void scheduler(void)
{
	struct cpu *c = mycpu();
	c->proc = 0;
	for (;;) {
		/* Let devices interrupt between rounds (and avoid a deadlock when
		 * every process waits for I/O). */
		intr_on();
		int found = 0;
		for (struct proc *p = proc; p < &proc[NPROC]; p++) {
			acquire(&p->lock);
			if (p->state == RUNNABLE && (p->pin_hart < 0 || p->pin_hart == cpuid())) {
				p->state = RUNNING;
				c->proc = p;
				c->nswitch++;
				mmu_switch(p->pagetable ? p->pagetable : kernel_pagetable);
				swtch(&c->context, &p->context);
				/* Back: the process yielded, slept or exited.  Leave its
				 * table before its lock: once it is a zombie, its parent
				 * may free the table as soon as the lock is released. */
				mmu_switch(kernel_pagetable);
				c->proc = 0;
				found = 1;
			}
			release(&p->lock);
		}
		if (!found) {
			intr_off();
			uint64 bit = 1UL << cpuid();
			__atomic_fetch_or(&idle_mask, bit, __ATOMIC_RELAXED);
			/* wfi wakes on a pending interrupt even with SIE off;
			 * it is then taken when intr_on() runs above. */
			wfi();
			__atomic_fetch_and(&idle_mask, ~bit, __ATOMIC_RELAXED);
		}
	}
}

void sched(void)
{
	struct proc *p = myproc();
	if (!holding(&p->lock))
		panic("sched: pid %d does not hold its lock", p->pid);
	if (mycpu()->noff != 1)
		panic("sched: pid %d holds %d locks", p->pid, mycpu()->noff);
	if (p->state == RUNNING)
		panic("sched: pid %d still RUNNING", p->pid);
	if (intr_get())
		panic("sched: interrupts on");
	/* intena belongs to this thread, not to the hart. */
	int intena = mycpu()->intena;
	swtch(&p->context, &mycpu()->context);
	mycpu()->intena = intena;
}

void yield(void)
{
	struct proc *p = myproc();
	acquire(&p->lock);
	p->state = RUNNABLE;
	sched();
	release(&p->lock);
}

void preempt_tick(void)
{
	struct proc *p = myproc();
	if (p && p->state == RUNNING) {
		signal_cpu_tick(p); /* the timer interrupted p in the kernel: its CPU time too */
		yield();
	}
}

/* sleep(), and for timed sleepers the tick to wake at (0: any wakeup);
 * intr: not while a signal waits for the process. */
static void sleep_on(void *chan, struct spinlock *lk, uint64 wake_at, int intr)
{
	struct proc *p = myproc();
	KASSERT(p);
	acquire(&p->lock);
	if (intr && signal_attention_locked(p)) {
		release(&p->lock);
		return;
	}
	release(lk);
	p->chan = chan;
	p->wake_at = wake_at;
	p->state = SLEEPING;
	sched();
	p->chan = 0;
	p->wake_at = 0;
	release(&p->lock);
	acquire(lk);
}

void sleep(void *chan, struct spinlock *lk)
{
	sleep_on(chan, lk, 0, 0);
}

void sleep_intr(void *chan, struct spinlock *lk)
{
	sleep_on(chan, lk, 0, 1);
}

void sleep_until(void *chan, struct spinlock *lk, uint64 wake_at)
{
	sleep_on(chan, lk, wake_at, 1);
}

void sleep_locked(void *chan)
{
	struct proc *p = myproc();
	KASSERT(holding(&p->lock));
	p->chan = chan;
	p->state = SLEEPING;
	sched();
	p->chan = 0;
}

void sched_wake_locked(struct proc *p)
{
	KASSERT(holding(&p->lock));
	if (p->state == SLEEPING) {
		p->state = RUNNABLE;
		poke_idle_hart();
	}
}

void sched_start_locked(struct proc *p)
{
	KASSERT(holding(&p->lock) && p->state == USED);
	p->state = RUNNABLE;
	poke_idle_hart();
}

/* A stop while asleep (Ctrl-Z) is served here and the time stopped counts
 * as slept; a handler or a kill ends the sleep with EINTR (a sleep is not
 * restarted: it would start its count again). */
int sleep_ticks(uint64 n)
{
	acquire(&tickslock);
	uint64 t0 = ticks;
	while (ticks - t0 < n) {
		int r = signal_wait_check(&tickslock);
		if (r < 0) {
			release(&tickslock);
			return -E_INTR;
		}
		if (r == 0)
			sleep_on(&tick_chan, &tickslock, t0 + n, 1);
	}
	release(&tickslock);
	return 0;
}

void wakeup_ticks(uint64 now)
{
	int woke = 0;
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		if (p->state == SLEEPING && p->wake_at && p->wake_at <= now) {
			p->state = RUNNABLE;
			woke = 1;
		}
		signal_alarm_check_locked(p, now); /* alarm(): SIGALRM when its tick has come */
		release(&p->lock);
	}
	if (woke)
		poke_idle_hart();
}

void wakeup(void *chan)
{
	struct proc *me = myproc();
	int woke = 0;
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		if (p == me)
			continue;
		acquire(&p->lock);
		if (p->state == SLEEPING && p->chan == chan) {
			p->state = RUNNABLE;
			woke = 1;
		}
		release(&p->lock);
	}
	if (woke)
		poke_idle_hart();
}
