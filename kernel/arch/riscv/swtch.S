/*
 * swtch.S: switch kernel threads.  swtch(old, new) saves the callee-saved
 * registers, ra and sp into *old and loads them from *new; the `ret` then
 * returns into whatever called swtch() in the new thread (or, the first
 * time a thread runs, to the entry point its context was given).
 * Caller-saved registers need no saving: the C caller assumed they die.
 */
#include "arch/riscv/context.h"

.section .text
.globl swtch
swtch:
	sd ra, CTX_RA(a0)
	sd sp, CTX_SP(a0)
	sd s0, CTX_S(0)(a0)
	sd s1, CTX_S(1)(a0)
	sd s2, CTX_S(2)(a0)
	sd s3, CTX_S(3)(a0)
	sd s4, CTX_S(4)(a0)
	sd s5, CTX_S(5)(a0)
	sd s6, CTX_S(6)(a0)
	sd s7, CTX_S(7)(a0)
	sd s8, CTX_S(8)(a0)
	sd s9, CTX_S(9)(a0)
	sd s10, CTX_S(10)(a0)
	sd s11, CTX_S(11)(a0)

	ld ra, CTX_RA(a1)
	ld sp, CTX_SP(a1)
	ld s0, CTX_S(0)(a1)
	ld s1, CTX_S(1)(a1)
	ld s2, CTX_S(2)(a1)
	ld s3, CTX_S(3)(a1)
	ld s4, CTX_S(4)(a1)
	ld s5, CTX_S(5)(a1)
	ld s6, CTX_S(6)(a1)
	ld s7, CTX_S(7)(a1)
	ld s8, CTX_S(8)(a1)
	ld s9, CTX_S(9)(a1)
	ld s10, CTX_S(10)(a1)
	ld s11, CTX_S(11)(a1)
	ret

/* call_on_stack(sp, fn, arg): run fn(arg) on a new stack; fn must not return. */
.globl call_on_stack
call_on_stack:
	mv sp, a0
	mv s0, zero                 /* backtraces end here */
	mv a0, a2
	jr a1
