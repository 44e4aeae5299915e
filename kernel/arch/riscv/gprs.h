/*
 * gprs.h: the list of general-purpose registers, for the assembly that
 * saves or restores all of them (uservec and userret in trampoline.S,
 * kernelvec.S), so that the four copies cannot drift apart.
 *
 * GPRS_PLAIN(M) expands M(name, number) for every register except x0
 * (always zero) and the three that each of those places handles by
 * itself: sp (x2), tp (x4) and a0 (x10), which are needed as base
 * registers, computed, or deliberately left alone.  Each M(...) should
 * end in `;`, the assembler's statement separator, because the whole
 * list expands on one line.
 */
#ifndef KITE_ARCH_GPRS_H
#define KITE_ARCH_GPRS_H

/* A table of registers, several to a line: not reflowed. */
/* clang-format off */
#define GPRS_PLAIN(M)                                                           \
	M(ra, 1) M(gp, 3) M(t0, 5) M(t1, 6) M(t2, 7) M(s0, 8) M(s1, 9)          \
	M(a1, 11) M(a2, 12) M(a3, 13) M(a4, 14) M(a5, 15) M(a6, 16) M(a7, 17)   \
	M(s2, 18) M(s3, 19) M(s4, 20) M(s5, 21) M(s6, 22) M(s7, 23) M(s8, 24)   \
	M(s9, 25) M(s10, 26) M(s11, 27) M(t3, 28) M(t4, 29) M(t5, 30) M(t6, 31)
/* clang-format on */

#endif
