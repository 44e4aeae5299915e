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
/* sleep_intr() that also ends when the tick counter reaches wake_at (0:
 * never). */
void sleep_until(void *chan, struct spinlock *lk, uint64 wake_at);
/* Sleep for n timer ticks (timer.h's ticks): 0, or -E_INTR if the
 * process is killed first.  Takes tickslock; call with no spinlock held. */
int sleep_ticks(uint64 n);
/* The tick counter reached now (called by the timer with tickslock held):
 * wake the sleep_ticks() sleepers whose tick has come. */
void wakeup_ticks(uint64 now);
/* Timer tick from a trap: yield if a process is running here. */
void preempt_tick(void);

/*
 * Interruptible waits, and the signals that devices and files raise (the
 * seam for dev/ and fs/; the rest of signals is proc/signal.h).
 *
 * A wait that a signal may end (a console or pipe read, a pipe write,
 * wait, sleep) calls signal_wait_check(lk) with its lock held before each
 * sleep_intr(chan, lk):
 *   0            nothing pending: sleep;
 *   1            a stop was served (the process stopped and was
 *                continued; lk was released meanwhile): look again;
 *   -E_RESTART   a handler is to run: end the call with -E_RESTART if it
 *                has done nothing yet (the way back to user mode restarts
 *                it under SA_RESTART, else makes it EINTR);
 *   -E_INTR      killed, or a signal that terminates: end the call.
 * sleep_intr() is sleep() that does not go to sleep while a signal waits
 * (so none is lost between the check and the sleep).
 */
#define E_RESTART 512 /* kernel-only: never reaches user space */
int signal_wait_check(struct spinlock *lk);
void sleep_intr(void *chan, struct spinlock *lk);
/* A signal to the current process (SIGPIPE on a pipe without readers). */
void signal_raise(int sig);
/* sig to every process of group pgid (0: every user process but init),
 * skipping those that asked ignintr if skip_ignintr; 0, or -E_SRCH if
 * there was none.  Safe from interrupt handlers (the console's keys). */
int signal_send_group(int pgid, int sig, int skip_ignintr);
/* Before a read of the console whose foreground group is fg_pgid (0:
 * none): 0 if the caller may read; -E_RESTART after sending SIGTTIN to a
 * background reader's group; -E_IO if SIGTTIN is ignored or blocked, or
 * the reader is an orphan that nobody would continue. */
int signal_tty_read_check(int fg_pgid);

/* For proc/: p->lock held.  Make p runnable if it sleeps (any channel);
 * sleep on chan holding only p->lock (a stopped process). */
struct proc;
void sched_wake_locked(struct proc *p);
/* Make new slot p (USED) runnable, and start an idle hart on it at once. */
void sched_start_locked(struct proc *p);
void sleep_locked(void *chan);

#endif
