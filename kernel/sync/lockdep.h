/*
 * lockdep.h: the lock-order checker of checking kernels (KITE_KCHECKS:
 * `make ktest` kernels and build/kernel-kchecks).  The normal kernel has
 * none of it: spinlock.c and sleeplock.c call in here only under
 * #ifdef KITE_KCHECKS.
 *
 * Locks belong to classes by name and kind: every spinlock named "proc" is
 * one class, and the sleep lock "inode" is another class than the spinlock
 * inside it.  The checker keeps, for the running context, the locks it
 * holds: the hart's spinlocks, and the current process's sleep locks (those
 * only outside interrupt handlers, which never wait for them).  Taking a
 * lock of class C while holding one of class H records "H before C"; when
 * C already comes, directly or through other classes, before H, the two
 * orders can deadlock, and the checker prints both with the backtraces
 * where each step was first seen, then panics (lockdep_panics = 0: it
 * counts and goes on instead).  Locks of one class nested in each other
 * (two inodes, parent then child) are not checked: a class has no order
 * with itself.
 */
#ifndef KITE_SYNC_LOCKDEP_H
#define KITE_SYNC_LOCKDEP_H

#include "../abi/types.h"

struct lockdep_class;

enum lockdep_kind { LOCKDEP_SPIN, LOCKDEP_SLEEP };

#ifdef KITE_KCHECKS

/* Check the order of a lock about to be taken (its class cached in *cls)
 * against the locks this context holds; may report a cycle. */
void lockdep_check(struct lockdep_class **cls, const char *name, enum lockdep_kind kind);
/* The lock is now held by this context (a hart for spinlocks, the process
 * for sleep locks); lockdep_check came first. */
void lockdep_hold(const void *lock, struct lockdep_class *cls, enum lockdep_kind kind);
/* No longer held. */
void lockdep_unhold(const void *lock, enum lockdep_kind kind);

/* 1 (the default): panic at the first cycle; 0: report and count it. */
extern int lockdep_panics;
/* Cycles reported so far. */
int lockdep_cycles(void);

#endif
#endif
