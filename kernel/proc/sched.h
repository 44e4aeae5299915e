/*
 * sched.h: the scheduler and sleeping.
 *
 * Each hart runs scheduler() forever: pick a RUNNABLE process, switch to
 * it, and get back here when it yields, sleeps or exits.  A hart with
 * nothing to run waits in `wfi` (marked idle, so wakeup() can poke it).
 */
#ifndef KITE_PROC_SCHED_H
#define KITE_PROC_SCHED_H

#include "sync/spinlock.h"

void scheduler(void) __attribute__((noreturn));
/* Give up the hart for one round. */
void yield(void);
/* Switch to the scheduler; caller holds exactly p->lock and has changed p->state. */
void sched(void);
/* Atomically release lk and sleep on chan; lk is held again on return. */
void sleep(void *chan, struct spinlock *lk);
/* Make every process sleeping on chan runnable. */
void wakeup(void *chan);
/* Sleep for n timer ticks (timer.h's ticks): 0, or -E_INTR if the
 * process is killed first.  Takes tickslock; call with no spinlock held. */
int sleep_ticks(uint64 n);
/* The tick counter reached now (called by the timer with tickslock held):
 * wake the sleep_ticks() sleepers whose tick has come. */
void wakeup_ticks(uint64 now);
/* Timer tick from a trap: yield if a process is running here. */
void preempt_tick(void);

#endif
