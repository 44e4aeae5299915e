/*
 * thread.h: threads of a user process (system calls 81..86).
 *
 * A thread is a proc slot of its own (its kernel stack, context, trap
 * frame and user registers) whose p->leader is the process's main thread.
 * The leader's slot owns everything the threads share: the page table
 * (every thread's p->pagetable is the leader's, and only the leader's
 * slot frees it), p->sz and the heap, the mappings, the open files, the
 * cwd, the pid, the parent and the place in wait().  The shared state
 * lives as long as the leader's slot, and that slot is freed only after
 * every other thread is gone: leader->nthreads (under group_lock) is the
 * reference count that protects it.
 *
 * Lifetimes:
 *   thread_create  a new slot, RUNNABLE at fn(arg) on the given stack;
 *   thread_exit    a thread other than the main one becomes a ZOMBIE
 *                  holding its status until thread_join (or the end of
 *                  the process) frees the slot; the main thread instead
 *                  waits in the kernel until the other threads are gone,
 *                  then the process exits with status 0 (POSIX's rule);
 *   exit, a kill,  the whole group ends (thread_group_exit): every other
 *   a fault        thread is killed and ends at its next chance, the
 *                  leader waits for them and then does the process's
 *                  exit, with the status of whichever came first;
 *   exec           the other threads end first (thread_end_others).
 *
 * group_lock guards every leader's nthreads and group_* fields and the
 * passage of a thread to ZOMBIE; it comes after wait_lock and before any
 * p->lock.  Joiners and the waiting leader sleep on &leader->nthreads.
 */
#ifndef KITE_PROC_THREAD_H
#define KITE_PROC_THREAD_H

#include "../abi/types.h"
#include "sync/spinlock.h"

extern struct spinlock group_lock;

/* A new thread of the caller's process running fn(arg) with sp at
 * stack_top (16-byte aligned, writable below): its tid, or -E_*. */
int thread_create(uint64 fn, uint64 arg, uint64 stack_top);
/* End the calling thread with status (see above). */
void thread_exit(int status) __attribute__((noreturn));
/* Wait for thread tid of the caller's process to end, free it and store
 * its status at ustatus (if not 0): 0 or -E_*. */
int thread_join(int tid, uint64 ustatus);

/* For exit_common: end the whole group.  In a thread other than the
 * leader it never returns; in the leader it returns once the leader is
 * alone, with the status and signal the process dies with (the first
 * exit's or kill's) in *status and *termsig. */
void thread_group_exit(int *status, int *termsig);
/* For exec: end every other thread of the caller's process.  0, -E_BUSY
 * if the caller is not the main thread, -E_INTR if killed meanwhile. */
int thread_end_others(void);

#endif
