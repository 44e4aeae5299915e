/*
 * proc.h: processes and kernel threads.
 *
 * A slot is one schedulable thread.  A process is a thread group: its
 * main thread's slot (the leader) owns what the threads share (the page
 * table and its size, the mappings, the open files, the cwd, the pid and
 * the parent) and every other thread of the group points at it
 * (proc/thread.h).  A single-threaded process is a leader alone.
 *
 * Locking (lock order: wait_lock before group_lock before any p->lock;
 * p->lock before anything the scheduler touches):
 *   p->lock   guards state, chan, killed, xstate, pid, and sig (except
 *             the fields proc/signal.h marks private);
 *   wait_lock guards every p->parent (so exit and wait agree on who is whose);
 *   the rest of struct proc is private to the process itself (or to its
 *   creator before it first runs, and its reaper after it is a zombie),
 *   except that a leader's shared fields are its threads' too: sz and
 *   heap_start change under uvm_fault_lock (proc/uvm.h), vmas under
 *   mmap_lock, fds under the table's own lock, cwd under the leader's
 *   p->lock (proc/cwd.h).
 */
#ifndef KITE_PROC_PROC_H
#define KITE_PROC_PROC_H

#include "../abi/types.h"
#include "../abi/param.h"
#include "../abi/sysinfo.h"
#include "riscv.h"
#include "sync/spinlock.h"
#include "sync/sleeplock.h"
#include "arch/riscv/context.h"
#include "arch/riscv/cpu.h"
#include "lib/addr.h"
#include "fs/fdtable.h"
#include "proc/watch.h"
#include "proc/signal.h"
#include "proc/vma.h"

/* Descriptors one system call may name (arg_fd). */
#define ARG_FD_MAX 2

struct file;

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct trapframe;
struct inode;
struct usyscall;

struct proc {
	struct spinlock lock;

	/* p->lock */
	enum procstate state;
	void *chan;     /* sleeping on chan */
	uint64 wake_at; /* in sleep_ticks(): not before this tick (0: not a timed sleep) */
	int killed;     /* exit at the next chance */
	int xstate;     /* exit status for the parent's wait() */
	int pid;

	/* wait_lock */
	struct proc *parent;

	/* Threads (proc/thread.h).  leader: fixed for the thread's life. */
	struct proc *leader; /* the group's main thread; itself if it is one */
	/* group_lock, in the leader only */
	int nthreads;      /* threads of the group not yet ZOMBIE */
	int group_exiting; /* exit() or a kill: every thread is ending */
	int group_status;  /* then: the status and signal the process dies with */
	int group_termsig;
	int threaded; /* a second thread was ever made (else exit skips the scans) */
	/* private: files arg_fd referenced for the running system call (a
	 * thread of a multi-threaded process; syscall/syscall.c) */
	struct file *held[ARG_FD_MAX];
	int nheld;
	/* futex_lock (proc/futex.h): what a futex_wait sleeps on, 0 if none */
	struct proc *futex_group;
	uint64 futex_addr;

	/* private */
	vaddr_t kstack;              /* top of the guarded kernel stack (the slot's, for good) */
	struct context context;      /* swtch() here to run the process */
	pagetable_t pagetable;       /* user page table (0 for kernel threads) */
	struct trapframe *trapframe; /* saved user registers (trampoline.S) */
	uint64 sz;                   /* bytes of user memory, from 0 */
	uint64 heap_start;           /* where sbrk's heap begins */
	struct vma_table vmas;       /* mmap's mappings (proc/vma.h); changed under mmap_lock */
	struct sleeplock mmap_lock; /* the leader's: one mmap, munmap, mprotect or fork at a time */
	struct fdtable fds;         /* open files, only through fs/fdtable.h */
	struct inode *cwd;
	char name[PROCNAME_LEN];
	int ignintr;         /* skipped by the console's Ctrl-C (ignintr call) */
	struct sigstate sig; /* signals, process group, alarms (proc/signal.h) */
	void (*kfn)(void *); /* kernel threads: body and argument */
	void *karg;

	/* private: the 6.1810 labs' per-process state (syscall/sys_lab.c) */
	struct usyscall *usyscall; /* the page mapped read-only at USYSCALL */
	struct proc_watch watch;   /* tracing and sandbox (proc/watch.h) */
	/* p->lock: cpupin's hart, the only one whose scheduler runs p, or -1;
	 * inherited by fork. */
	int pin_hart;
};

extern struct proc proc[NPROC];
extern struct spinlock wait_lock;

void proc_init(void);
/* The process running on this hart, or 0 in the scheduler. */
struct proc *myproc(void);
/*
 * A process slot in state USED with a pid, a kernel stack and a context
 * that starts at `entry`, or 0 if the table (or memory) is full.  Returns
 * with p->lock held.
 */
struct proc *proc_alloc(void (*entry)(void));
/* Release a slot's resources and mark it UNUSED; p->lock held. */
void proc_free(struct proc *p);

/* The process of the running thread (its group's leader): the owner of
 * the memory, files and cwd that the group's threads share. */
struct proc *myprocess(void);

/* Number of processes that are not UNUSED. */
int proc_count(void);
/* Fill up to max procinfo rows; returns the count. */
int proc_snapshot(struct procinfo *out, int max);
/* Print the process list on the console (Ctrl-P). */
void proc_dump(void);

/* xv6's kill(pid): SIGKILL (woken if asleep or stopped); 0, -E_SRCH or -E_PERM. */
int proc_kill(int pid);
int proc_killed(struct proc *p);
/* Killed by the kernel (SIGKILL, as far as waitpid tells). */
void proc_set_killed(struct proc *p);

/* Leave: close files, give children to init, become a zombie. Never returns. */
void proc_exit(int status) __attribute__((noreturn));
/* The same as a death by signal sig: wait() sees -1, waitpid() the signal. */
void proc_exit_by_signal(int sig) __attribute__((noreturn));
/* Wait for a child to exit; its pid, with its status stored in *status. */
int proc_wait_kernel(int *status);
/* The same for wait(): the status goes to user address ustatus (if not 0). */
int proc_wait(uint64 ustatus);
/* waitpid(pid, ustatus, options): kernel/signal.h's statuses and options;
 * the pid, 0 (WNOHANG and nothing to report) or -E_*. */
int proc_waitpid(int pid, uint64 ustatus, int options);

/* Kernel threads: run fn(arg) in a new process; its parent is the caller. */
int kthread_create(void (*fn)(void *), void *arg, const char *name);
/* The same pinned to hart (see pin_hart), with init as its parent (it reaps it):
 * for work a caller waits for by other means than wait(). */
int kthread_create_on(void (*fn)(void *), void *arg, const char *name, int hart);

/* Set on the first process; orphans are handed to it. */
extern struct proc *initproc;

#endif
