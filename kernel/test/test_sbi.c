/*
 * test_sbi.c: the legacy (v0.1) SBI calls that stand in for a missing
 * v1.0 extension.  OpenSBI has every extension Kite uses, so each test
 * makes one look missing, checks that the call still does its work
 * through the legacy path, and puts the extension back.
 */
#include "test/ktest.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/cpu.h"

/* An IPI to this hart, with interrupts off, leaves sip.SSIP pending. */
static int ipi_to_self_arrives(void)
{
	intr_off();
	CSR_CLEAR(sip, SIE_SSIE);
	long err = sbi_send_ipi(1UL << cpuid(), 0);
	int pending = 0;
	for (int spin = 0; spin < 1000000 && !pending; spin++)
		pending = (CSR_READ(sip) & SIE_SSIE) != 0;
	CSR_CLEAR(sip, SIE_SSIE);
	intr_on();
	return err == 0 && pending;
}

KTEST(sbi_ipi_legacy)
{
	KT_CHECK(sbi_has(SBI_EXT_IPI));
	KT_CHECK(ipi_to_self_arrives()); /* the v1.0 call */
	sbi_pretend_missing(SBI_EXT_IPI, 1);
	int legacy_ok = !sbi_has(SBI_EXT_IPI) && ipi_to_self_arrives();
	sbi_pretend_missing(SBI_EXT_IPI, 0);
	KT_CHECK(legacy_ok);
}

KTEST(sbi_rfence_legacy)
{
	sbi_pretend_missing(SBI_EXT_RFENCE, 1);
	intr_off();
	long err = sbi_remote_sfence_vma(1UL << cpuid(), 0, ~0UL); /* size ~0: the whole space */
	intr_on();
	sbi_pretend_missing(SBI_EXT_RFENCE, 0);
	KT_CHECK(err == 0);
}

KTEST(sbi_hsm_missing)
{
	sbi_pretend_missing(SBI_EXT_HSM, 1);
	long err = sbi_hart_start(0, 0, 0);
	sbi_pretend_missing(SBI_EXT_HSM, 0);
	KT_CHECK(err != 0); /* refused without calling the firmware */
}
