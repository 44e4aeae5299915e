/*
 * rtc.c: the goldfish real-time clock (device-tree compatible
 * "google,goldfish-rtc").  It counts nanoseconds since the epoch in a
 * 64-bit register read as two 32-bit halves: reading TIME_LOW latches the
 * high half, which TIME_HIGH then returns, so the pair must be read in
 * that order without another reader in between.  Its alarm and interrupt
 * are not used.
 *
 * rtc_lock guards that read pair (nothing else here changes).
 */
#include "dev/rtc.h"
#include "arch/riscv/fdt.h"
#include "mm/kvm.h"
#include "sync/spinlock.h"

#define RTC_TIME_LOW 0x00  /* low 32 bits of the time; latches the high half */
#define RTC_TIME_HIGH 0x04 /* high 32 bits, as latched */
#define NS_PER_SEC 1000000000ULL

static struct spinlock rtc_lock;

void rtc_init(void)
{
	spin_init(&rtc_lock, "rtc");
}

uint64 rtc_seconds(void)
{
	if (bootinfo.rtc.size == 0)
		return 0;
	volatile uint32 *regs = (volatile uint32 *)kdev(bootinfo.rtc.base);
	acquire(&rtc_lock);
	uint64 low = regs[RTC_TIME_LOW / sizeof(uint32)];
	uint64 high = regs[RTC_TIME_HIGH / sizeof(uint32)];
	release(&rtc_lock);
	return ((high << 32) | low) / NS_PER_SEC;
}
