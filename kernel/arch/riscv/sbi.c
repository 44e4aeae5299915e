/*
 * sbi.c: the one place that executes `ecall` into OpenSBI.
 *
 * Calling convention (SBI spec, "Binary Encoding"): extension id in a7,
 * function id in a6, arguments in a0..a5; the firmware returns an error
 * code in a0 and a value in a1.
 *
 * sbi_probe_all() asks once which of the v1.0 extensions the firmware
 * has.  Where one is missing, the call falls back to the legacy (v0.1)
 * extension that does the same (set timer, send IPI, remote fence,
 * shutdown; SBI spec chapter 5), and a missing HSM keeps Kite on its boot
 * hart.  Before the probe, every extension is taken to be there.
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

/* Legacy extensions: the extension id is the function (SBI v0.1). */
#define LEGACY_SET_TIMER 0x00
#define LEGACY_CONSOLE_PUTCHAR 0x01
#define LEGACY_SEND_IPI 0x04
#define LEGACY_REMOTE_SFENCE_VMA 0x06
#define LEGACY_SHUTDOWN 0x08
#define SBI_ERR_NOT_SUPPORTED (-2)

/* Which extensions the firmware has; written once at boot, read-only after
 * (ktests may make one look missing with sbi_pretend_missing). */
static int probed;
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
		struct sbiret r =
		    sbi_call(SBI_EXT_BASE, BASE_PROBE_EXTENSION, sbi_exts[i].ext, 0, 0, 0);
		sbi_exts[i].present = r.error == SBI_SUCCESS && r.value != 0;
		if (!sbi_exts[i].present)
			printf("kite: warning: SBI extension %s missing; %s\n", sbi_exts[i].name,
			       sbi_exts[i].ext == SBI_EXT_HSM ? "running on the boot hart only"
			                                      : "using the legacy call instead");
	}
	probed = 1;
}

int sbi_has(uint64 ext)
{
	for (uint64 i = 0; i < NEXTS; i++)
		if (sbi_exts[i].ext == ext)
			return !probed || sbi_exts[i].present;
	return 0;
}

#ifdef KITE_KTEST
void sbi_pretend_missing(uint64 ext, int missing)
{
	for (uint64 i = 0; i < NEXTS; i++)
		if (sbi_exts[i].ext == ext)
			sbi_exts[i].present = !missing;
}
#endif

long sbi_set_timer(uint64 when)
{
	if (!sbi_has(SBI_EXT_TIME))
		return sbi_call(LEGACY_SET_TIMER, 0, when, 0, 0, 0).error;
	return sbi_call(SBI_EXT_TIME, TIME_SET_TIMER, when, 0, 0, 0).error;
}

/* The legacy calls take the address of a mask of harts counted from hart 0. */
long sbi_send_ipi(uint64 hart_mask, uint64 hart_mask_base)
{
	if (!sbi_has(SBI_EXT_IPI)) {
		uint64 mask = hart_mask << hart_mask_base;
		return sbi_call(LEGACY_SEND_IPI, 0, (uint64)&mask, 0, 0, 0).error;
	}
	return sbi_call(SBI_EXT_IPI, IPI_SEND_IPI, hart_mask, hart_mask_base, 0, 0).error;
}

long sbi_remote_sfence_vma(uint64 hart_mask, uint64 start, uint64 size)
{
	if (!sbi_has(SBI_EXT_RFENCE))
		return sbi_call(LEGACY_REMOTE_SFENCE_VMA, 0, (uint64)&hart_mask, start, size, 0)
		    .error;
	return sbi_call(SBI_EXT_RFENCE, RFENCE_SFENCE_VMA, hart_mask, 0, start, size).error;
}

long sbi_hart_start(uint64 hartid, uint64 start_addr, uint64 opaque)
{
	if (!sbi_has(SBI_EXT_HSM))
		return SBI_ERR_NOT_SUPPORTED; /* v0.1 has no way to start a hart */
	return sbi_call(SBI_EXT_HSM, HSM_HART_START, hartid, start_addr, opaque, 0).error;
}

void sbi_console_putchar(int c)
{
	sbi_call(LEGACY_CONSOLE_PUTCHAR, 0, c, 0, 0, 0);
}

void sbi_shutdown(int failed)
{
	if (sbi_has(SBI_EXT_SRST))
		sbi_call(SBI_EXT_SRST, SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN,
		         failed ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0, 0);
	sbi_call(LEGACY_SHUTDOWN, 0, 0, 0, 0, 0); /* no SRST, or it failed: v0.1 has no reason */
	for (;;)
		asm volatile("wfi");
}
