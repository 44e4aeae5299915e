/*
 * uthread_switch.S: the context switch of uthread's cooperative threads.
 *
 * void uthread_switch(struct ucontext *from, const struct ucontext *to)
 *
 * a0 = from, a1 = to.  Store the callee-saved registers of the running
 * thread in *from, load the other thread's from *to, and `ret`: ra now
 * holds the place where the other thread last called uthread_switch (or,
 * for a thread that never ran, its entry function), so the return lands
 * there, on its own stack.  Nothing else needs saving: the caller of
 * uthread_switch treats every other register as clobbered by the call.
 */
#include "uthread.h"

/* Save or load register s<n> at its slot of the context in reg base. */
#define SAVE_S(n, base) sd s##n, UCTX_S(n)(base)
#define LOAD_S(n, base) ld s##n, UCTX_S(n)(base)

	.text
	.globl uthread_switch
	.type uthread_switch, @function
uthread_switch:
	sd ra, UCTX_RA(a0)
	sd sp, UCTX_SP(a0)
	SAVE_S(0, a0)
	SAVE_S(1, a0)
	SAVE_S(2, a0)
	SAVE_S(3, a0)
	SAVE_S(4, a0)
	SAVE_S(5, a0)
	SAVE_S(6, a0)
	SAVE_S(7, a0)
	SAVE_S(8, a0)
	SAVE_S(9, a0)
	SAVE_S(10, a0)
	SAVE_S(11, a0)

	ld ra, UCTX_RA(a1)
	ld sp, UCTX_SP(a1)
	LOAD_S(0, a1)
	LOAD_S(1, a1)
	LOAD_S(2, a1)
	LOAD_S(3, a1)
	LOAD_S(4, a1)
	LOAD_S(5, a1)
	LOAD_S(6, a1)
	LOAD_S(7, a1)
	LOAD_S(8, a1)
	LOAD_S(9, a1)
	LOAD_S(10, a1)
	LOAD_S(11, a1)
	ret                 /* into the other thread */
	.size uthread_switch, .-uthread_switch
