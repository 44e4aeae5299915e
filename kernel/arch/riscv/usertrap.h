/*
 * usertrap.h: traps from user mode and the return to user mode.
 */
#ifndef KITE_ARCH_USERTRAP_H
#define KITE_ARCH_USERTRAP_H

/* Entered from uservec with the kernel page table and stack. */
void user_trap(void) __attribute__((noreturn));
/* Return to the current process's user code (its trap frame). */
void user_return(void) __attribute__((noreturn));

#endif
