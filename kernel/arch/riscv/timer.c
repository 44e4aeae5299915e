/*
 * timer.c: timer interrupts through SBI TIME.
 *
 * sbi_set_timer() programs one deadline, and (SBI spec, TIME extension)
 * also clears the pending timer interrupt, so the handler re-arms first.
 * Only the boot hart advances `ticks`, so ticks count real time whatever
 * the number of harts; every hart's tick is a chance to preempt.
 */
#include "arch/riscv/timer.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/fdt.h"
#include "lib/string.h"
#include "proc/sched.h"

volatile uint64 ticks;
struct spinlock tickslock = {0, "ticks", 0};
uint64 tick_hz = TICK_HZ;
static int tick_master;   /* the hart that counts ticks */
static uint64 interval;   /* time-CSR units between ticks */

#define TICK_HZ_MIN 10
#define TICK_HZ_MAX 10000
#define NS_PER_SEC 1000000000UL

static uint64 parse_uint(const char *s)
{
	uint64 v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

void timer_init(void)
{
	const char *arg = strstr(bootinfo.bootargs, "tick_hz=");
	if (arg) {
		uint64 hz = parse_uint(arg + strlen("tick_hz="));
		if (hz >= TICK_HZ_MIN && hz <= TICK_HZ_MAX)
			tick_hz = hz;
	}
	interval = bootinfo.timebase_hz / tick_hz;
	tick_master = cpuid();
}

void timer_init_hart(void)
{
	sbi_set_timer(r_time() + interval);
	CSR_SET(sie, SIE_STIE);
}

void timer_intr(void)
{
	sbi_set_timer(r_time() + interval);
	if (cpuid() == tick_master) {
		acquire(&tickslock);
		ticks++;
		/* Only sleepers whose time has come: sleep(1000) does not run
		 * every tick just to go back to sleep. */
		wakeup_ticks(ticks);
		release(&tickslock);
	}
}

uint64 time_ns(void)
{
	uint64 t = r_time();
	return t / bootinfo.timebase_hz * NS_PER_SEC + (t % bootinfo.timebase_hz) * NS_PER_SEC / bootinfo.timebase_hz;
}
