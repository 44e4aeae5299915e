/*
 * uthread.h: the saved registers of a user-level thread, shared by
 * uthread.c and uthread_switch.S (the offsets are checked in uthread.c).
 *
 * Only what the RISC-V calling convention says a callee must preserve is
 * saved: ra, sp and s0..s11.  uthread_switch is an ordinary call, so the
 * compiler has already saved every caller-saved register it still needs.
 */
#ifndef UTHREAD_H
#define UTHREAD_H

#define UCTX_RA 0
#define UCTX_SP 8
#define UCTX_S(n) (16 + 8 * (n)) /* s0..s11 */
#define UCTX_SIZE UCTX_S(12)

#ifndef __ASSEMBLER__
struct ucontext {
	unsigned long ra, sp;
	unsigned long s[12];
};

/* Save the caller's registers in *from, load *to's, and return into to. */
void uthread_switch(struct ucontext *from, const struct ucontext *to);
#endif

#endif
