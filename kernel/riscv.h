/*
 * riscv.h: the xv6-compatible view of RISC-V: the paging constants
 * (PGSIZE, PGROUNDUP, PTE_*, PX, MAXVA... in arch/riscv/sv39.h) and, for C,
 * the register and CSR helpers (r_sp(), r_tp(), r_time(), r_sstatus()...
 * in arch/riscv/csr.h).  User programs may call the general-register ones
 * (usertests reads r_sp()); a CSR read from user mode is an illegal
 * instruction, as on xv6.
 */
#ifndef KITE_RISCV_H
#define KITE_RISCV_H

#include "arch/riscv/sv39.h"

/* The 6.1810 pgtbl lab's names for a 2 MiB superpage (a level-1 leaf). */
#define SUPERPGSIZE MEGAPAGE_SIZE
#define SUPERPGROUNDUP(sz) (((sz) + SUPERPGSIZE - 1) & ~(SUPERPGSIZE - 1))
#define SUPERPGROUNDDOWN(a) ((a) & ~(SUPERPGSIZE - 1))

#ifndef __ASSEMBLER__
#include "arch/riscv/csr.h"
#endif

#endif
