/*
 * futex.c: futex wait and wake (proc/futex.h).
 *
 * Waiters sleep on futex_chan with p->futex_group and p->futex_addr
 * naming their futex; futex_wake scans the table for them.  The table is
 * small (NPROC) and the scan takes each p->lock only briefly, so one
 * channel for every futex costs less than a hash of wait queues would.
 *
 * The waiter reads the word through the kernel's direct map of its page
 * (resolved first, without the lock: resolving may sleep), so the read
 * under futex_lock cannot fault.
 */
#include "proc/futex.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uvm.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"
#include "memlayout.h"

/* Guards every p->futex_group and p->futex_addr; before any p->lock. */
static struct spinlock futex_lock = SPINLOCK_INIT("futex");
static char futex_chan; /* its address is the channel */

static int check_addr(uint64 addr)
{
	if (addr % sizeof(int))
		return -E_INVAL;
	if (addr >= USER_TOP)
		return -E_FAULT;
	return 0;
}

int futex_wait(uint64 addr, int val, uint64 timeout)
{
	struct proc *p = myproc();
	int err = check_addr(addr);
	if (err)
		return err;
	paddr_t pa;
	if ((err = uvm_resolve(p->pagetable, addr, 0, &pa)) < 0)
		return err == -E_NOMEM ? err : -E_FAULT;
	uint64 deadline = timeout ? ticks + timeout : 0;
	acquire(&futex_lock);
	if (__atomic_load_n((int *)pa2kva(pa + addr % PGSIZE), __ATOMIC_ACQUIRE) != val) {
		release(&futex_lock);
		return -E_AGAIN;
	}
	p->futex_group = p->leader;
	p->futex_addr = addr;
	sleep_until(&futex_chan, &futex_lock, deadline);
	p->futex_group = 0;
	p->futex_addr = 0;
	release(&futex_lock);
	if (proc_killed(p))
		return -E_INTR;
	if (deadline && ticks >= deadline)
		return -E_TIMEDOUT;
	return 0;
}

int futex_wake(uint64 addr, int n)
{
	int err = check_addr(addr);
	if (err)
		return err;
	if (n <= 0)
		return 0;
	struct proc *me = myproc();
	int woke = 0;
	acquire(&futex_lock);
	for (struct proc *p = proc; p < &proc[NPROC] && woke < n; p++) {
		if (p == me)
			continue;
		acquire(&p->lock);
		if (p->state == SLEEPING && p->chan == &futex_chan &&
		    p->futex_group == me->leader && p->futex_addr == addr) {
			sched_wake_locked(p);
			woke++;
		}
		release(&p->lock);
	}
	release(&futex_lock);
	return woke;
}
