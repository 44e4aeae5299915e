/*
 * sbi.c: the one place that executes `ecall` into OpenSBI.
 *
 * Calling convention (SBI spec, "Binary Encoding"): extension id in a7,
 * function id in a6, arguments in a0..a5; the firmware returns an error
 * code in a0 and a value in a1.
 */
#include "arch/riscv/sbi.h"
#include "lib/printf.h"

/* Function ids used below. */
#define BASE_PROBE_EXTENSION 3
#define TIME_SET_TIMER 0
#define IPI_SEND_IPI 0
#define RFENCE_SFENCE_VMA 1
#define HSM_HART_START 0
#define SRST_SYSTEM_RESET 0

/* Which extensions the firmware has; written once at boot, read-only after. */
static struct {
	uint64 ext;
	const char *name;
	int present;
} sbi_exts[] = {
	{SBI_EXT_TIME, "TIME", 0}, {SBI_EXT_IPI, "IPI", 0},   {SBI_EXT_RFENCE, "RFENCE", 0},
	{SBI_EXT_HSM, "HSM", 0},   {SBI_EXT_SRST, "SRST", 0},
};
#define NEXTS (sizeof(sbi_exts) / sizeof(sbi_exts[0]))

struct sbiret sbi_call(uint64 ext, uint64 fid, uint64 a0, uint64 a1, uint64 a2, uint64 a3)
{
	register uint64 r_a0 asm("a0") = a0;
	register uint64 r_a1 asm("a1") = a1;
	register uint64 r_a2 asm("a2") = a2;
	register uint64 r_a3 asm("a3") = a3;
	register uint64 r_a6 asm("a6") = fid;
	register uint64 r_a7 asm("a7") = ext;
	asm volatile("ecall"
		     : "+r"(r_a0), "+r"(r_a1)
		     : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
		     : "memory");
	struct sbiret ret = {(long)r_a0, (long)r_a1};
	return ret;
}

void sbi_probe_all(void)
{
	for (uint64 i = 0; i < NEXTS; i++) {
		struct sbiret r = sbi_call(SBI_EXT_BASE, BASE_PROBE_EXTENSION, sbi_exts[i].ext, 0, 0, 0);
		sbi_exts[i].present = r.error == SBI_SUCCESS && r.value != 0;
		if (!sbi_exts[i].present)
			printf("kite: warning: SBI extension %s missing; features that need it will fail\n",
			       sbi_exts[i].name);
	}
}

int sbi_has(uint64 ext)
{
	for (uint64 i = 0; i < NEXTS; i++)
		if (sbi_exts[i].ext == ext)
			return sbi_exts[i].present;
	return 0;
}

void sbi_set_timer(uint64 when)
{
	sbi_call(SBI_EXT_TIME, TIME_SET_TIMER, when, 0, 0, 0);
}

void sbi_send_ipi(uint64 hart_mask, uint64 hart_mask_base)
{
	sbi_call(SBI_EXT_IPI, IPI_SEND_IPI, hart_mask, hart_mask_base, 0, 0);
}

void sbi_remote_sfence_vma(uint64 hart_mask, uint64 start, uint64 size)
{
	sbi_call(SBI_EXT_RFENCE, RFENCE_SFENCE_VMA, hart_mask, 0, start, size);
}

long sbi_hart_start(uint64 hartid, uint64 start_addr, uint64 opaque)
{
	return sbi_call(SBI_EXT_HSM, HSM_HART_START, hartid, start_addr, opaque, 0).error;
}

#define SBI_LEGACY_CONSOLE_PUTCHAR 0x01 /* extension id = function (SBI v0.1) */

void sbi_console_putchar(int c)
{
	sbi_call(SBI_LEGACY_CONSOLE_PUTCHAR, 0, c, 0, 0, 0);
}

void sbi_shutdown(int failed)
{
	sbi_call(SBI_EXT_SRST, SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN,
		 failed ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0, 0);
	for (;;)
		asm volatile("wfi");
}
