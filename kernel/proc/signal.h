/*
 * proc/signal.h: signals, stops, process groups and alarms inside the
 * kernel (the user ABI is kernel/signal.h).
 *
 * Sending marks a signal pending in the target (and wakes it if it
 * sleeps); nothing runs in the target until it next goes back to user
 * mode, where signal_user_return() acts on what is pending: a handler gets
 * a frame on the user stack, a default action terminates, stops or does
 * nothing.  An interruptible wait (the console, a pipe, wait, sleep) asks
 * signal_wait_check() before it sleeps: a pending stop is served right
 * there, a kill or a pending handler ends the call (-E_RESTART, which the
 * return to user mode turns into a restart of the call or EINTR).
 *
 * Locks: everything in struct sigstate is guarded by p->lock, except the
 * fields marked private, which only the process itself touches (the lab
 * alarm's counters also from the timer interrupt on its own hart, with
 * interrupts off around the call that changes them).  Stopping and
 * continuing tell the parent (SIGCHLD, and a wakeup for waitpid) from the
 * process that stops or continues, with wait_lock, never from the sender,
 * so a sender only ever takes the target's p->lock.
 */
#ifndef KITE_PROC_SIGNAL_H
#define KITE_PROC_SIGNAL_H

#include "../abi/types.h"
#include "../abi/signal.h"

struct proc;
struct spinlock;

struct sigaction_k {
	uint64 handler; /* SIG_DFL (0), SIG_IGN (1) or a user address */
	sigset_t mask;
	int flags;
	uint64 restorer; /* where the handler returns */
};

struct sigstate {
	/* p->lock */
	sigset_t pending;
	sigset_t blocked;
	struct sigaction_k action[NSIG];
	uint64 restorer; /* the latest sa_restorer given (the lab alarm's return) */
	int pgid;        /* process group */
	int stopped;     /* stopped by a signal, until SIGCONT */
	int stop_report; /* waitpid(WUNTRACED) not yet told: the stop signal */
	int cont_report; /* waitpid(WCONTINUED) not yet told */
	int termsig;     /* killed: the signal, for waitpid */
	uint64 alarm_at; /* alarm(): SIGALRM at this tick (0: none) */
	/* private */
	int in_syscall;    /* the trap frame holds a system call's result */
	uint64 syscall_a0; /* its first argument, for a restart */
	int mask_saved;    /* sigsuspend: put saved_mask back after the handler */
	sigset_t saved_mask;
	uint64 alarm_handler; /* sigalarm(): user address, 0 if off */
	int alarm_interval;   /* timer interrupts between calls */
	int alarm_left;       /* until the next call */
	int alarm_due;        /* a call is owed */
	uint64 alarm_frame;   /* the handler runs: its frame's user address */
};

/* fork (np->lock held, np not yet running): the child's state from the
 * parent's: actions, mask and group; nothing pending, no alarms. */
void signal_fork(struct proc *np, struct proc *p);
/* exec: handlers back to SIG_DFL (ignored ones stay), the lab alarm off. */
void signal_exec(struct proc *p);

/* Send sig to process p; the _locked form with p->lock held. */
void signal_post(struct proc *p, int sig);
void signal_post_locked(struct proc *p, int sig);
/* sig to the process pid: 0, -E_SRCH, or -E_PERM for init and kernel threads
 * (sig 0 only asks whether pid exists). */
int signal_send_pid(int pid, int sig);
/* The kill system call: pid > 0 one process, 0 the caller's group, -1
 * every process but init and the caller, < -1 the group -pid. */
int signal_kill(int pid, int sig);
/* Does group pgid have a member (a zombie not yet reaped counts)? */
int pgrp_exists(int pgid);
/* The kernel kills p (xv6's kill is SIGKILL; a fault, out of memory):
 * it exits at its next chance as killed by sig. */
void signal_kill_proc(struct proc *p, int sig);
/* A fault in user mode that would raise sig: if a handler is set and sig
 * not blocked, make it pending and return 1; else 0 (report and kill). */
int signal_catch_fault(struct proc *p, int sig);

/* On the way back to user mode (no locks held): exit if killed, serve
 * stops, push handler frames, restart or fail an interrupted call, run
 * the lab alarm's handler.  Returns only if the process goes on. */
void signal_user_return(struct proc *p);
/* A timer interrupt on the hart running p: the lab alarm's CPU time. */
void signal_cpu_tick(struct proc *p);
/* The timer's scan of the table (p->lock held): alarm() deadlines. */
void signal_alarm_check_locked(struct proc *p, uint64 now);
/* Should an interruptible sleep end (or not begin)?  p->lock held. */
int signal_attention_locked(struct proc *p);

/* The system calls' work (sys_signal.c checks and copies the arguments). */
int signal_action(struct proc *p, int sig, const struct sigaction_k *act, struct sigaction_k *old);
int signal_mask(struct proc *p, int how, sigset_t set, sigset_t *old);
sigset_t signal_pending_set(struct proc *p);
int signal_suspend(struct proc *p, sigset_t mask);
/* sigreturn_frame: the registers and mask from the frame at the user's sp. */
int64 signal_frame_return(struct proc *p);
/* The lab's sigalarm(ticks, handler) and sigreturn(). */
int signal_alarm_set(struct proc *p, int ticks, uint64 handler);
int64 signal_lab_return(struct proc *p);
/* alarm(seconds): the seconds left of the previous alarm. */
uint64 signal_alarm_seconds(struct proc *p, uint64 seconds);
int pgrp_set(int pid, int pgid);
int pgrp_get(int pid);

#endif
