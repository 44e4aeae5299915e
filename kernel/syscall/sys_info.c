/*
 * sys_info.c: Kite's information and control calls: sysinfo, procinfo,
 * kstats, halt, consmode.
 */
#include "syscall/syscall.h"
#include "../abi/sysinfo.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/power.h"
#include "boot/main.h"
#include "dev/console.h"
#include "dev/rtc.h"
#include "fs/fsstats.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/printf.h"

int64 sys_sysinfo(void)
{
	struct sysinfo si;
	si.freemem = page_free_count() * PGSIZE;
	si.nproc = proc_count();
	return copyout(myproc()->pagetable, arg_addr(0), &si, sizeof(si));
}

int64 sys_procinfo(void)
{
	uint64 dst = arg_addr(0);
	int max = arg_int(1);
	if (max < 0)
		return -E_INVAL;
	if (max > NPROC)
		max = NPROC;
	if (max == 0)
		return 0;
	/* One page holds the whole table (the shell asks before every prompt). */
	_Static_assert(NPROC * sizeof(struct procinfo) <= PGSIZE, "procinfo rows fit a page");
	paddr_t page = page_alloc();
	if (!page)
		return -E_NOMEM;
	struct procinfo *rows = pa2kva(page);
	int n = proc_snapshot(rows, max);
	int err = copyout(myproc()->pagetable, dst, rows, n * sizeof(*rows));
	page_free(page);
	return err < 0 ? err : n;
}

int64 sys_kstats(void)
{
	struct kstats ks;
	ks.timebase_hz = bootinfo.timebase_hz;
	ks.ticks = ticks;
	ks.totalmem = mem_total_bytes();
	ks.freemem = page_free_count() * PGSIZE;
	ks.ncpu = harts_started;
	fs_fill_stats(&ks);
	ks.syscalls = syscall_count;
	ks.now = rtc_seconds();
	return copyout(myproc()->pagetable, arg_addr(0), &ks, sizeof(ks));
}

int64 sys_halt(void)
{
	printf("kite: halt requested by pid %d, powering off\n", myproc()->pid);
	power_off(0);
}

int64 sys_consmode(void)
{
	return console_setmode(arg_int(0));
}
