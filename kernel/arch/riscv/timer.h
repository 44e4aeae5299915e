/*
 * timer.h: the periodic tick.  Each hart asks for a timer interrupt every
 * 1/tick_hz seconds; the boot hart counts them in `ticks`.
 */
#ifndef KITE_ARCH_TIMER_H
#define KITE_ARCH_TIMER_H

#include "../../abi/types.h"

#include "sync/spinlock.h"

extern volatile uint64 ticks; /* guarded by tickslock for writers; racy reads are fine */
extern struct spinlock
    tickslock;         /* guards ticks for sleep_ticks() (proc/sched.h): no lost wake-ups */
extern uint64 tick_hz; /* TIMER_HZ unless the boot arguments say tick_hz=N */

/*
 * Programs count time in TICK_HZ ticks per second (xv6's rate: its programs
 * sleep(10) for one second) whatever the interrupt rate: uptime() is
 * ticks_user(), and sleep(n) waits ticks_from_user(n) of the kernel's ticks.
 */
uint64 ticks_user(void);
uint64 ticks_from_user(uint64 n); /* rounded up */

void timer_init(void);      /* boot hart, once */
void timer_init_hart(void); /* every hart: arm the first deadline */
void timer_intr(void);      /* timer interrupt: re-arm, count */
/* Does the tick come from Sstc's stimecmp (1) or SBI TIME (0)? */
int timer_uses_sstc(void);

#endif
