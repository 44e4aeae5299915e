/*
 * probe.S: int probe_load(uint64 va, uint64 *out): read a word at va, or
 * return -1 if that faults.  kernel_trap() recognises a fault at
 * probe_load_insn and resumes at probe_load_fixup instead of panicking.
 * Self-tests use it to check that an unmapped page really faults.
 */
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
