/*
 * panic.h: stopping the kernel when one of its own invariants is broken.
 *
 * panic() prints the message, the hart, the trap CSRs (decoded), a
 * frame-pointer backtrace (one return address per line: turn them into
 * names with `make backtrace ADDRS="..."` or scripts/backtrace.sh), stops
 * the other harts and halts.  It is for kernel bugs only: bad user input
 * gets an error code, a faulting user program is killed.
 */
#ifndef KITE_LIB_PANIC_H
#define KITE_LIB_PANIC_H

#include "../abi/types.h"

struct kframe;

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* panic from a trap handler: also prints the trapped registers. */
void panic_frame(struct kframe *f, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* Print the return addresses of the frames above fp. */
void backtrace_from(uint64 fp);
/* Store up to max of them in pcs instead; how many were stored. */
int backtrace_save(uint64 fp, uint64 *pcs, int max);
/* Print saved return addresses as backtrace_from does ("backtrace:" and
 * one "  0x..." line each, which scripts/backtrace.sh reads). */
void backtrace_print(const uint64 *pcs, int n);
/* The same for the caller's own call chain (the 6.1810 traps lab's
 * backtrace; gdb can `call backtrace()`, or use kite-backtrace). */
void backtrace(void);
/* Called on every hart that receives the panic IPI: never returns. */
void panic_halt_this_hart(void) __attribute__((noreturn));

#define KASSERT(cond)                                                                              \
	do {                                                                                       \
		if (!(cond))                                                                       \
			panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__);         \
	} while (0)

#endif
