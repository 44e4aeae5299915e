/*
 * trapframe.h: the page where the trampoline saves a thread's user
 * registers on a trap, and finds what it needs to enter the kernel: an
 * ordinary kernel page that the trampoline reaches through sscratch.  The
 * main thread's is also mapped at TRAPFRAME in the user page table
 * (without PTE_U), where the 6.1810 labs' page-table printouts expect it.
 *
 * The offsets are used by trampoline.S; the static asserts keep the two
 * in step.
 */
#ifndef KITE_ARCH_TRAPFRAME_H
#define KITE_ARCH_TRAPFRAME_H

#define TF_KERNEL_SP 0           /* top of the process's kernel stack */
#define TF_KERNEL_TRAP 8         /* user_trap() */
#define TF_EPC 16                /* user pc */
#define TF_KERNEL_HARTID 24      /* tp for the kernel */
#define TF_REG(n) (24 + 8 * (n)) /* x1..x31 at TF_REG(1)..TF_REG(31) */
#define TF_SIZE TF_REG(32)

#ifndef __ASSEMBLER__
#include "../../abi/types.h"

struct trapframe {
	uint64 kernel_sp;
	uint64 kernel_trap;
	uint64 epc;
	uint64 kernel_hartid;
	uint64 ra, sp, gp, tp, t0, t1, t2, s0, s1;
	uint64 a0, a1, a2, a3, a4, a5, a6, a7;
	uint64 s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64 t3, t4, t5, t6;
};
_Static_assert(__builtin_offsetof(struct trapframe, ra) == TF_REG(1), "trampoline.S offsets");
_Static_assert(__builtin_offsetof(struct trapframe, a0) == TF_REG(10), "trampoline.S offsets");
_Static_assert(__builtin_offsetof(struct trapframe, t6) == TF_REG(31), "trampoline.S offsets");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trampoline.S offsets");
#endif

#endif
