/*
 * context.h: the registers swtch() saves when a kernel thread gives up its
 * hart: ra, sp and the callee-saved s0..s11.  The caller-saved ones are
 * already on the stack of the C function that called swtch().
 */
#ifndef KITE_ARCH_CONTEXT_H
#define KITE_ARCH_CONTEXT_H

#define CTX_RA 0
#define CTX_SP 8
#define CTX_S(n) (16 + 8 * (n)) /* s0..s11 */
#define CTX_SIZE (16 + 8 * 12)

#ifndef __ASSEMBLER__
#include "../../abi/types.h"

struct context {
	uint64 ra;
	uint64 sp;
	uint64 s[12];
};
_Static_assert(sizeof(struct context) == CTX_SIZE, "swtch.S offsets");

/* Save the current registers in *old, load *new, return into new's ra. */
void swtch(struct context *old, struct context *new);
#endif

#endif
