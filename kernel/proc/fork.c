/*
 * fork.c: a new process that is a copy of the caller.  Memory is shared
 * copy-on-write (uvm_share_cow), open files are shared (fdt_copy), the
 * mapping table is copied (vma_fork), the child returns 0 from fork and
 * the parent gets the child's pid.
 *
 * From a thread: the child copies the process (its memory, mappings,
 * files and cwd, all the leader's) and only the calling thread, whose
 * registers and signal mask it starts with; its parent is the process.
 */
#include "proc/fork.h"
#include "proc/proc.h"
#include "proc/cwd.h"
#include "proc/sched.h"
#include "proc/uvm.h"
#include "proc/uproc.h"
#include "proc/signal.h"
#include "arch/riscv/trapframe.h"
#include "arch/riscv/usertrap.h"
#include "fs/fdtable.h"
#include "fs/fsops.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "proc/tlb.h"
#include "memlayout.h"

/* A forked child's first instructions: the scheduler switched here holding
 * its lock.  A signal sent before it ever ran is acted on at once. */
static void fork_return(void)
{
	struct proc *p = myproc();
	release(&p->lock);
	signal_user_return(p);
	user_return();
}

int proc_give_user_memory(struct proc *p)
{
	paddr_t tf = page_alloc_zeroed();
	paddr_t us = tf ? page_alloc_zeroed() : 0;
	if (us) {
		p->trapframe = pa2kva(tf);
		p->usyscall = pa2kva(us);
		p->usyscall->pid = p->pid;
		p->pagetable = uvm_create(p->trapframe, p->usyscall);
	}
	if (!us || !p->pagetable) {
		if (tf)
			page_free(tf);
		if (us)
			page_free(us);
		p->trapframe = 0;
		p->usyscall = 0;
		p->pagetable = 0;
		return -E_NOMEM;
	}
	return 0;
}

int proc_fork(void)
{
	struct proc *t = myproc();  /* the calling thread */
	struct proc *p = t->leader; /* the process it copies */
	/* No other thread changes the mappings while they are copied. */
	acquire_sleep(&p->mmap_lock);
	struct inode *cwd = cwd_get(); /* before np->lock: it takes p->lock */
	struct proc *np = proc_alloc(fork_return);
	if (!np) {
		release_sleep(&p->mmap_lock);
		cwd_put(cwd);
		return -E_AGAIN;
	}
	int shared = -E_NOMEM;
	if (proc_give_user_memory(np) == 0) {
		/* Other threads' faults must not change PTEs while they are shared. */
		acquire(&uvm_fault_lock);
		shared = uvm_share_cow(p->pagetable, np->pagetable, p->sz);
		if (shared == 0)
			shared = vma_fork(np, p);
		release(&uvm_fault_lock);
	}
	if (shared != 0) {
		proc_free(np);
		release(&np->lock);
		release_sleep(&p->mmap_lock); /* after np->lock: its wakeup takes p->locks */
		cwd_put(cwd);
		return -E_NOMEM;
	}
	/* The parent's writable pages just became read-only: forget old
	 * translations, on the harts where its other threads run too. */
	tlb_shootdown(p->pagetable, 0, TLB_ALL);
	np->sz = p->sz;
	np->heap_start = p->heap_start;
	*np->trapframe = *t->trapframe;
	np->trapframe->a0 = 0; /* fork() returns 0 in the child */
	fdt_copy(&np->fds, &p->fds);
	watch_fork(&np->watch, &t->watch);
	np->pin_hart = t->pin_hart; /* np->lock is held */
	np->cwd = cwd;              /* the reference cwd_get took */
	memmove(np->name, t->name, sizeof(t->name));
	signal_fork(np, t);
	int pid = np->pid;
	release(&np->lock);
	release_sleep(&p->mmap_lock);

	acquire(&wait_lock);
	np->parent = p;
	release(&wait_lock);

	acquire(&np->lock);
	np->state = RUNNABLE;
	release(&np->lock);
	return pid;
}
