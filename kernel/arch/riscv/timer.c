/*
 * timer.c: timer interrupts, through the Sstc extension's stimecmp CSR
 * where the device tree lists Sstc and the firmware enabled it (no trip to
 * M-mode per tick), else through SBI TIME.
 *
 * Either way, programming the next deadline also clears the pending timer
 * interrupt (SBI spec, TIME extension; Sstc spec), so the handler re-arms
 * first.
 * Only the boot hart advances `ticks`, so ticks count real time whatever
 * the number of harts; every hart's tick is a chance to preempt.
 */
#include "arch/riscv/timer.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/fdt.h"
#include "lib/string.h"
#include "arch/riscv/trap.h"
#include "proc/sched.h"

volatile uint64 ticks;
struct spinlock tickslock = SPINLOCK_INIT("ticks");
uint64 tick_hz = TIMER_HZ;
static int tick_master; /* the hart that counts ticks */
static uint64 interval; /* time-CSR units between ticks */
static int use_sstc;    /* decided by the boot hart before the others start */

static void set_deadline(uint64 when)
{
	if (use_sstc)
		w_stimecmp(when);
	else
		sbi_set_timer(when);
}

#define TIMER_HZ_MIN TICK_HZ /* at least one interrupt per user-visible tick */
#define TIMER_HZ_MAX 10000

void timer_init(void)
{
	uint64 hz;
	if (bootarg_uint("tick_hz", &hz) == 0 && hz >= TIMER_HZ_MIN && hz <= TIMER_HZ_MAX)
		tick_hz = hz;
	interval = bootinfo.timebase_hz / tick_hz;
	tick_master = cpuid();
}

uint64 ticks_user(void)
{
	return ticks * TICK_HZ / tick_hz;
}

uint64 ticks_from_user(uint64 n)
{
	return (n * tick_hz + TICK_HZ - 1) / TICK_HZ;
}

void timer_init_hart(void)
{
	/* The boot hart comes here first, with its trap vector set (the probe
	 * may trap), and decides for all harts. */
	static int probed;
	if (!probed) {
		probed = 1;
		use_sstc = bootinfo.sstc && probe_stimecmp() == 0;
	}
	set_deadline(r_time() + interval);
	CSR_SET(sie, SIE_STIE);
}

void timer_intr(void)
{
	set_deadline(r_time() + interval);
	if (cpuid() == tick_master) {
		acquire(&tickslock);
		ticks++;
		/* Only sleepers whose time has come: sleep(1000) does not run
		 * every tick just to go back to sleep. */
		wakeup_ticks(ticks);
		release(&tickslock);
	}
}

int timer_uses_sstc(void)
{
	return use_sstc;
}
