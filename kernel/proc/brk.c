/*
 * brk.c: growing and shrinking the heap (sbrk).  The heap is the
 * process's (the leader's p->sz), whichever thread moves it; the move
 * holds uvm_fault_lock so that another thread's fault sees the old or
 * the new break, never half of a change.
 */
#include "proc/brk.h"
#include "proc/proc.h"
#include "proc/uvm.h"
#include "mm/page.h"
#include "proc/tlb.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "memlayout.h"
#include "../abi/vm.h"

static int64 brk_grow(struct proc *p, uint64 n, int mode)
{
	uint64 old = p->sz;
	if (n > HEAP_TOP - old)
		return -E_NOMEM;
	if (mode == SBRK_EAGER) {
		/* Refuse at once what could never be backed; uvm_grow frees
		 * what it took if memory runs out part of the way. */
		if (n > page_free_count() * PGSIZE)
			return -E_NOMEM;
		int64 err = uvm_grow(p->pagetable, old, old + n, PTE_R | PTE_W);
		if (err < 0)
			return err;
	}
	p->sz = old + n;
	return old;
}

static int64 brk_shrink(struct proc *p, uint64 n)
{
	uint64 old = p->sz;
	/* A break below address 0 changes nothing and returns the old
	 * break, as xv6 does (its tests rely on it). */
	if (n > old)
		return old;
	if (old - p->heap_start < n)
		return -E_INVAL; /* would cut into the stack or the program */
	int64 sz = uvm_shrink(p->pagetable, old, old - n);
	/* Unmapped pages must not stay reachable through any hart's TLB. */
	tlb_shootdown(p->pagetable, 0, TLB_ALL);
	if (sz < 0)
		return sz; /* a superpage could not be split: nothing freed */
	p->sz = sz;
	return old;
}

int64 brk_move(struct proc *p, int64 n, int mode)
{
	KASSERT(p == myprocess());
	if (mode != SBRK_EAGER && mode != SBRK_LAZY)
		return -E_INVAL;
	acquire(&uvm_fault_lock);
	int64 r = p->sz;
	if (n > 0)
		r = brk_grow(p, (uint64)n, mode);
	else if (n < 0)
		r = brk_shrink(p, -(uint64)n);
	release(&uvm_fault_lock);
	return r;
}
