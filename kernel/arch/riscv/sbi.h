/*
 * sbi.h: calls into the supervisor binary interface (OpenSBI), per the
 * RISC-V SBI specification v1.0.  Only the extensions Kite uses: TIME, IPI,
 * RFENCE, HSM and SRST.  sbi_probe_all() checks them once at boot; a
 * missing one is replaced by its legacy (v0.1) call where there is one.
 */
#ifndef KITE_ARCH_SBI_H
#define KITE_ARCH_SBI_H

/* Extension ids (SBI spec, chapter 3 and the extension chapters). */
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45   /* "TIME" */
#define SBI_EXT_IPI 0x735049      /* "sPI" */
#define SBI_EXT_RFENCE 0x52464E43 /* "RFNC" */
#define SBI_EXT_HSM 0x48534D      /* "HSM" */
#define SBI_EXT_SRST 0x53525354   /* "SRST" */

#define SBI_HSM_HART_STOP 1 /* function id, also used by entry.S */

/* Standard error codes returned in a0. */
#define SBI_SUCCESS 0
#define SBI_ERR_ALREADY_AVAILABLE (-6)

/* SRST reset types and reasons. */
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1

#ifndef __ASSEMBLER__
#include "../../abi/types.h"

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(uint64 ext, uint64 fid, uint64 a0, uint64 a1, uint64 a2, uint64 a3);

void sbi_probe_all(void);
/* Does the firmware have this v1.0 extension (1 until sbi_probe_all has run)? */
int sbi_has(uint64 ext);
/* Each returns the SBI error (0 on success); without the v1.0 extension, its legacy call is used.
 */
long sbi_set_timer(uint64 when);
long sbi_send_ipi(uint64 hart_mask, uint64 hart_mask_base);
long sbi_remote_sfence_vma(uint64 hart_mask, uint64 start, uint64 size);
/* Without HSM (there is no legacy call): SBI_ERR_NOT_SUPPORTED. */
long sbi_hart_start(uint64 hartid, uint64 start_addr, uint64 opaque);
#ifdef KITE_KTEST
/* Make ext look missing (or present again), to test the legacy paths. */
void sbi_pretend_missing(uint64 ext, int missing);
#endif
void sbi_shutdown(int failed) __attribute__((noreturn));
/* The legacy (v0.1) console, for messages before the UART is set up. */
void sbi_console_putchar(int c);
#endif

#endif
