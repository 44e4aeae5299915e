/*
 * fdt.h: what Kite learns from the flattened device tree that OpenSBI
 * passes in a1 (Devicetree Specification v0.4, chapter 5 "Flattened
 * Devicetree (DTB) Format").  fdt_parse() runs once on the boot hart before
 * anything else and fills `bootinfo`, which is read-only afterwards.
 */
#ifndef KITE_ARCH_FDT_H
#define KITE_ARCH_FDT_H

#include "../../abi/types.h"
#include "../../abi/param.h"
#include "lib/addr.h"

#define FDT_MAX_MEM 4    /* memory regions remembered */
#define FDT_MAX_RESV 8   /* reserved regions remembered */
#define FDT_MAX_VIRTIO 8 /* virtio-mmio slots remembered */
#define FDT_BOOTARGS_LEN 128

struct fdt_region {
	paddr_t base;
	uint64 size;
};

struct bootinfo {
	paddr_t fdt_base; /* the blob itself: kept out of the page allocator */
	uint64 fdt_size;

	int nmem;
	struct fdt_region mem[FDT_MAX_MEM];
	int nresv;
	struct fdt_region resv[FDT_MAX_RESV]; /* memreserve entries + /reserved-memory */

	int ncpu;                  /* enabled harts, at most NCPU */
	uint64 hartid[NCPU];       /* their hart ids */
	uint32 intc_phandle[NCPU]; /* their interrupt-controller phandles */
	uint64 timebase_hz;        /* frequency of the time CSR */

	struct fdt_region uart; /* ns16550a */
	uint32 uart_irq;
	struct fdt_region plic; /* riscv,plic0 */
	int plic_ndev;          /* riscv,ndev */
	int plic_sctx[NCPU];    /* PLIC context of hart i's S-mode external interrupt, -1 if none */
	int nvirtio;
	struct fdt_region virtio[FDT_MAX_VIRTIO]; /* virtio,mmio transports */
	uint32 virtio_irq[FDT_MAX_VIRTIO];
	struct fdt_region testdev; /* sifive,test0: QEMU's exit device, size 0 if absent */
	struct fdt_region rtc;     /* google,goldfish-rtc: wall-clock time, size 0 if absent */
	int sstc;                  /* every cpu's riscv,isa names the Sstc extension */

	char bootargs[FDT_BOOTARGS_LEN]; /* /chosen bootargs (qemu -append) */
};

extern struct bootinfo bootinfo;

/* Parse the blob at `fdt`; returns 0, or a negative error if it is unusable. */
int fdt_parse(paddr_t fdt);

/* Index of `hartid` in bootinfo.hartid, or -1. */
int fdt_hart_index(uint64 hartid);

/*
 * The boot arguments (bootinfo.bootargs, words separated by spaces), the
 * one place they are parsed.  bootarg_value: the value of the word
 * "key=value" copied into buf (len bytes, NUL-terminated), or 0 if there is
 * none; a word that only contains key ("xkey=1") does not count.
 * bootarg_uint: that value as a decimal number in *v; 0, or -E_INVAL if the
 * word is missing or not a number (*v unchanged).
 */
const char *bootarg_value(const char *key, char *buf, int len);
int bootarg_uint(const char *key, uint64 *v);

#endif
