/*
 * csr.h: supervisor CSRs and their bits (RISC-V privileged spec, chapter
 * "Supervisor-Level ISA"), and inline helpers to read and write them.
 * Every CSR access in the kernel goes through this header.
 */
#ifndef KITE_ARCH_CSR_H
#define KITE_ARCH_CSR_H

/* sstatus */
#define SSTATUS_SIE (1L << 1)  /* interrupts enabled in S-mode */
#define SSTATUS_SPIE (1L << 5) /* SIE before the trap */
#define SSTATUS_SPP (1L << 8)  /* previous mode: 1 = supervisor, 0 = user */
#define SSTATUS_FS (3L << 13)  /* floating-point unit state */
#define SSTATUS_SUM (1L << 18) /* S-mode may touch U pages (Kite never sets it) */

/* sie / sip: interrupt enable and pending bits */
#define SIE_SSIE (1L << 1) /* software (IPI) */
#define SIE_STIE (1L << 5) /* timer */
#define SIE_SEIE (1L << 9) /* external (PLIC) */

/* scause: top bit set for interrupts; the rest is the code. */
#define SCAUSE_INTR (1UL << 63)
#define SCAUSE_CODE(c) ((c) & ~SCAUSE_INTR)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* scounteren: let user mode read time (bench), cycle and instret. */
#define SCOUNTEREN_CY (1 << 0)
#define SCOUNTEREN_TM (1 << 1)
#define SCOUNTEREN_IR (1 << 2)

/* Sstc's supervisor timer compare register (no assembler name in binutils 2.40). */
#define CSR_STIMECMP 0x14D

#ifndef __ASSEMBLER__
/* Relative to this file, so that user programs (built with -I. only, through
 * kernel/riscv.h) find it as well as the kernel (-Ikernel). */
#include "../../abi/types.h"

#define CSR_READ(name)                                                                             \
	({                                                                                         \
		uint64 v_;                                                                         \
		asm volatile("csrr %0, " #name : "=r"(v_));                                        \
		v_;                                                                                \
	})
#define CSR_WRITE(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64)(v)))
#define CSR_SET(name, bits) asm volatile("csrs " #name ", %0" ::"r"((uint64)(bits)))
#define CSR_CLEAR(name, bits) asm volatile("csrc " #name ", %0" ::"r"((uint64)(bits)))

static inline uint64 r_sstatus(void)
{
	return CSR_READ(sstatus);
}
static inline void w_sstatus(uint64 x)
{
	CSR_WRITE(sstatus, x);
}
static inline uint64 r_scause(void)
{
	return CSR_READ(scause);
}
static inline uint64 r_sepc(void)
{
	return CSR_READ(sepc);
}
static inline void w_sepc(uint64 x)
{
	CSR_WRITE(sepc, x);
}
static inline uint64 r_stval(void)
{
	return CSR_READ(stval);
}
static inline uint64 r_satp(void)
{
	return CSR_READ(satp);
}
static inline uint64 r_time(void)
{
	return CSR_READ(time);
}
#define CSR_NAME_(n) #n
#define CSR_NAME(n) CSR_NAME_(n) /* a CSR number as the assembler's operand text */
static inline void w_stimecmp(uint64 x)
{
	asm volatile("csrw " CSR_NAME(CSR_STIMECMP) ", %0" ::"r"(x));
}

/* Interrupts on this hart: on, off, and whether they are on. */
static inline void intr_on(void)
{
	CSR_SET(sstatus, SSTATUS_SIE);
}
static inline void intr_off(void)
{
	CSR_CLEAR(sstatus, SSTATUS_SIE);
}
static inline int intr_get(void)
{
	return (r_sstatus() & SSTATUS_SIE) != 0;
}
/* Interrupts off in one instruction (csrrc), so that nothing can come
 * between the test and the change; the old sstatus's SIE bit, for
 * intr_restore().  For a short critical section that push_off() would
 * make ten times longer. */
static inline uint64 intr_off_save(void)
{
	uint64 old;
	asm volatile("csrrc %0, sstatus, %1" : "=r"(old) : "r"(SSTATUS_SIE));
	return old & SSTATUS_SIE;
}
static inline void intr_restore(uint64 sie)
{
	if (sie)
		intr_on();
}

static inline uint64 r_sp(void)
{
	uint64 x;
	asm volatile("mv %0, sp" : "=r"(x));
	return x;
}
static inline uint64 r_fp(void)
{
	uint64 x;
	asm volatile("mv %0, s0" : "=r"(x));
	return x;
}
/* tp holds this hart's id while in the kernel (entry.S and the trampoline set it). */
static inline uint64 r_tp(void)
{
	uint64 x;
	asm volatile("mv %0, tp" : "=r"(x));
	return x;
}
static inline void w_tp(uint64 x)
{
	asm volatile("mv tp, %0" ::"r"(x));
}

/* Flush this hart's whole TLB, or one page of it. */
static inline void sfence_vma(void)
{
	asm volatile("sfence.vma zero, zero" ::: "memory");
}
static inline void sfence_vma_page(uint64 va)
{
	asm volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

static inline void w_satp(uint64 x)
{
	asm volatile("csrw satp, %0" ::"r"(x) : "memory");
}

static inline void wfi(void)
{
	asm volatile("wfi");
}

#endif /* __ASSEMBLER__ */
#endif
