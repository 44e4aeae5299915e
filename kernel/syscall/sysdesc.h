/*
 * sysdesc.h: what each system call looks like, for tracing: its name, the
 * kind of each argument and of its result.  trace() prints the name;
 * strace (tracefd) decodes the arguments with the kinds.  A call without a
 * description is shown as syscall_N with its six raw registers.
 */
#ifndef KITE_SYSCALL_SYSDESC_H
#define KITE_SYSCALL_SYSDESC_H

#include "../abi/types.h"

enum argkind {
	ARG_NONE,     /* no more arguments */
	ARG_INT,      /* a signed int */
	ARG_HEX,      /* a mask or other bits, in hex */
	ARG_FD,       /* a file descriptor */
	ARG_PTR,      /* a user address, shown as it is */
	ARG_STR,      /* a NUL-terminated string the call reads */
	ARG_ARGV,     /* a 0-terminated array of strings (exec) */
	ARG_BUF_IN,   /* bytes the call reads; their count is the next argument */
	ARG_BUF_OUT,  /* bytes the call fills; their count is the call's result */
	ARG_OFLAGS,   /* open's flags, O_RDONLY|O_CREATE... */
	ARG_SBRKMODE, /* SBRK_EAGER or SBRK_LAZY */
};

enum retkind {
	RET_INT,  /* a number (a pid, a count, 0) */
	RET_HEX,  /* bits (pgpte's PTE) */
	RET_PTR,  /* an address (sbrk) */
	RET_NONE, /* never returns on success (exit) */
};

#define SYSDESC_MAXARGS 6

struct sysdesc {
	const char *name;
	uint8 args[SYSDESC_MAXARGS]; /* enum argkind, ARG_NONE after the last */
	uint8 ret;                   /* enum retkind */
};

/* The description of call num, or 0 if it has none. */
const struct sysdesc *sysdesc(uint64 num);

#endif
