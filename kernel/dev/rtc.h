/*
 * rtc.h: wall-clock time from the real-time clock (QEMU virt's goldfish
 * RTC, found through the device tree), for file times.
 */
#ifndef KITE_DEV_RTC_H
#define KITE_DEV_RTC_H

#include "../abi/types.h"

/* Once at boot, before the first rtc_seconds. */
void rtc_init(void);
/* Seconds since 1970-01-01 00:00 UTC; 0 if the machine has no RTC. */
uint64 rtc_seconds(void);

#endif
