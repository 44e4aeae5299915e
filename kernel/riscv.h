/*
 * riscv.h: the xv6-compatible view of RISC-V paging constants (PGSIZE,
 * PGROUNDUP, PTE_*, MAXVA...).  Kite keeps the definitions in
 * arch/riscv/sv39.h; CSR access for the kernel is in arch/riscv/csr.h.
 */
#ifndef KITE_RISCV_H
#define KITE_RISCV_H

#include "arch/riscv/sv39.h"

#endif
