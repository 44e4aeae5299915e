/*
 * probe.S: int probe_load(uint64 va, uint64 *out): read a word at va, or
 * return -1 if that faults.  kernel_trap() recognises a fault at
 * probe_load_insn and resumes at probe_load_fixup instead of panicking.
 * Self-tests use it to check that an unmapped page really faults.
 *
 * int probe_stimecmp(void): 0 if this hart may use the Sstc stimecmp CSR,
 * -1 if reading it is an illegal instruction (the firmware did not enable
 * it in menvcfg).  kernel_trap() resumes at probe_stimecmp_fixup.
 */
#include "arch/riscv/csr.h"

.section .text
.globl probe_load, probe_load_insn, probe_load_fixup
probe_load:
probe_load_insn:
	ld t0, 0(a0)
	sd t0, 0(a1)
	li a0, 0
	ret
probe_load_fixup:
	li a0, -1
	ret

.globl probe_stimecmp, probe_stimecmp_insn, probe_stimecmp_fixup
probe_stimecmp:
probe_stimecmp_insn:
	csrr t0, CSR_STIMECMP          /* by number: no assembler name in binutils 2.40 */
	li a0, 0
	ret
probe_stimecmp_fixup:
	li a0, -1
	ret
