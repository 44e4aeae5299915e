/* main.h: the order in which Kite starts, on the boot hart and on the others. */
#ifndef KITE_BOOT_MAIN_H
#define KITE_BOOT_MAIN_H

#include "../abi/types.h"

void boot_main(uint64 hartid, uint64 fdt) __attribute__((noreturn));
void secondary_main(uint64 hartid, uint64 opaque) __attribute__((noreturn));
/* Run fn(arg) with sp = stack; fn never returns. */
void call_on_stack(uint64 stack, void (*fn)(void *), void *arg) __attribute__((noreturn));

/* Harts that finished starting (the banner's count). */
extern volatile int harts_started;

#endif
