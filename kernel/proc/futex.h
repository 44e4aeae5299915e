/*
 * futex.h: sleeping on a word of user memory, the kernel's half of the
 * user library's mutexes, condition variables, barriers and joins.
 *
 * futex_wait(addr, val) sleeps only if the int at addr still holds val
 * when the kernel looks, with futex_lock held; futex_wake(addr) takes the
 * same lock to find the sleepers.  A thread that changes the word and
 * then calls futex_wake therefore cannot slip between a waiter's look and
 * its sleep: no wakeup is lost.  Waiters may wake for no reason (a signal,
 * a time-out), so callers check their condition again, as with any
 * condition variable.
 *
 * A futex is named by its process and its user address: it works between
 * the threads of one process (not between processes sharing a mapping).
 */
#ifndef KITE_PROC_FUTEX_H
#define KITE_PROC_FUTEX_H

#include "../abi/types.h"

/* 0 after a wakeup (or a signal); -E_AGAIN if *addr != val; -E_TIMEDOUT
 * after timeout ticks of the kernel's clock (0: no limit); -E_INTR if
 * killed; -E_INVAL for an unaligned addr; -E_FAULT for a bad one. */
int futex_wait(uint64 addr, int val, uint64 timeout);
/* Wake up to n waiters on addr: how many woke, or -E_INVAL / -E_FAULT. */
int futex_wake(uint64 addr, int n);

#endif
