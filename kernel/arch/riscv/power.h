/* power.h: turning the machine off. */
#ifndef KITE_ARCH_POWER_H
#define KITE_ARCH_POWER_H

/*
 * Power off through SBI SRST (QEMU then exits with status 0).  With
 * failed != 0 and QEMU's test device present, exit with status 1 instead,
 * so a failing self-test run is visible to the shell that started QEMU.
 */
void power_off(int failed) __attribute__((noreturn));

#endif
