/*
 * main.c: bringing Kite up.
 *
 * Boot hart (from entry.S, paging off, on its boot stack):
 *   fdt_parse -> console -> SBI probe -> page allocator -> kernel page table,
 *   paging on -> switch to a guarded kernel stack -> traps, PLIC, timer ->
 *   heap, processes -> start the other harts (SBI HSM) -> first process ->
 *   scheduler.
 * Other harts (from _secondary_entry): paging on -> guarded stack -> traps,
 *   PLIC, timer -> scheduler.
 */
#include "boot/main.h"
#include "boot/firstproc.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/trap.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/power.h"
#include "dev/console.h"
#include "dev/plic.h"
#include "dev/rtc.h"
#include "dev/memdev.h"
#include "mm/page.h"
#include "mm/kvm.h"
#include "mm/kmalloc.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "fs/file.h"
#include "net/netif.h"
#include "lib/printf.h"
#include "lib/panic.h"
#include "lib/string.h"

#define MIB (1024 * 1024)
#define HART_START_RETRIES 50

volatile int harts_started;

extern void _secondary_entry(void);

/* Common to every hart once it runs on its guarded stack. */
static void hart_setup(void)
{
	trap_init_hart();
	plic_init_hart();
	timer_init_hart();
	mycpu()->started = 1;
	__atomic_fetch_add(&harts_started, 1, __ATOMIC_RELAXED);
}

static void start_other_harts(void)
{
	if (!sbi_has(SBI_EXT_HSM))
		return; /* sbi_probe_all has said so: no way to start a hart */
	for (int i = 0; i < bootinfo.ncpu; i++) {
		uint64 h = bootinfo.hartid[i];
		if ((int)h == cpuid())
			continue;
		if (h >= NCPU) {
			printf("kite: hart %lu is beyond NCPU=%d, left stopped\n", h, NCPU);
			continue;
		}
		cpus[h].hartid = h;
		cpus[h].kstack_top = kstack_alloc();
		if (!cpus[h].kstack_top)
			panic("no memory for hart %lu's stack", h);
		long err = sbi_hart_start(h, (uint64)_secondary_entry, 0);
		/* A hart that lost the boot race in _entry may still be on its
		 * way to stopping itself: give it a moment and try again. */
		for (int tries = 0; err == SBI_ERR_ALREADY_AVAILABLE && tries < HART_START_RETRIES;
		     tries++) {
			for (uint64 t0 = r_time(); r_time() - t0 < bootinfo.timebase_hz / 100;)
				;
			err = sbi_hart_start(h, (uint64)_secondary_entry, 0);
		}
		if (err)
			printf("kite: hart %lu did not start (SBI error %ld)\n", h, err);
	}
}

static void boot_main_on_kstack(void *arg)
{
	(void)arg;
	hart_setup();
	kmalloc_init();
	proc_init();
	file_init();
	start_other_harts();
	/* Wait (briefly) so that the banner's count is the truth. */
	for (uint64 t0 = r_time();
	     harts_started < bootinfo.ncpu && r_time() - t0 < bootinfo.timebase_hz;)
		;
	printf("kite: %d harts, %lu MiB memory\n", harts_started, mem_total_bytes() / MIB);
	first_process_start();
	net_init(); /* after the first process, so that init keeps pid 1 */
	scheduler();
}

void boot_main(uint64 hartid, uint64 fdt)
{
	cpus[hartid].hartid = hartid;
	if (fdt_parse(fdt) != 0 || bootinfo.uart.size == 0)
		sbi_shutdown(1); /* no device tree, no console: nothing to say it with */
	/* Paging first: device registers are mapped at KDEV_BASE (until the
	 * console is up, a panic prints through the SBI console). */
	page_init();
	kvm_init();
	kvm_enable_hart();
	timer_init();
	rtc_init();
	plic_init(); /* before console_init, which registers the UART's interrupt */
	console_init();
	memdev_init();
	printf("\nkite: booting on hart %lu\n", hartid);
	sbi_probe_all();
	cpus[hartid].kstack_top = kstack_alloc();
	KASSERT(cpus[hartid].kstack_top);
	call_on_stack(cpus[hartid].kstack_top, boot_main_on_kstack, 0);
}

static void secondary_on_kstack(void *arg)
{
	(void)arg;
	hart_setup();
	scheduler();
}

void secondary_main(uint64 hartid, uint64 opaque)
{
	(void)opaque;
	kvm_enable_hart();
	call_on_stack(cpus[hartid].kstack_top, secondary_on_kstack, 0);
}
