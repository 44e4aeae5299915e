/*
 * plic.c: RISC-V PLIC (riscv,plic0; register map from the PLIC spec 1.0):
 *
 *   base + 4*irq                     priority of irq (0 = never)
 *   base + 0x2000 + 0x80*ctx         enable bits of context ctx
 *   base + 0x200000 + 0x1000*ctx     threshold of ctx; +4: claim/complete
 *
 * A context is one privilege level of one hart; the device tree's
 * interrupts-extended says which context is each hart's S-mode (fdt.c).
 * Every registered interrupt goes to every hart: whichever claims it first
 * handles it, the others get 0 from claim and do nothing.
 *
 * Drivers register while other harts run (the disk, from the first
 * process) and harts start while drivers register, so plic_lock orders
 * the two: a hart enables what is registered and marks itself ready in one
 * step, and a registration enables the source on every ready hart.  The
 * handler is published with a release store and read with an acquire load,
 * so plic_dispatch, which takes no lock, never sees fn without its arg.
 */
#include "mm/kvm.h"
#include "dev/plic.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/cpu.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "sync/spinlock.h"

#define PLIC_PRIORITY(irq) (4 * (irq))
#define PLIC_ENABLE(ctx) (0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (0x200000 + 0x1000 * (ctx) + 4)
#define PLIC_MAX_IRQ 128

/* Written at boot before the other harts start; read-only afterwards. */
static volatile uint8 *plic_base;

static struct spinlock plic_lock = SPINLOCK_INIT("plic");
/* plic_lock for writers; fn read locklessly (acquire) by plic_dispatch. */
static struct {
	irq_handler_t fn;
	void *arg;
} handlers[PLIC_MAX_IRQ];
static int hart_ready[NCPU]; /* plic_lock: this hartid's sources are enabled */
static uint64 unexpected_irqs;

static inline volatile uint32 *reg(uint64 off)
{
	return (volatile uint32 *)(plic_base + off);
}

void plic_init(void)
{
	plic_base = (volatile uint8 *)kdev(bootinfo.plic.base);
}

/* The S-mode context of a hart. */
static int hart_context(uint64 hartid)
{
	int idx = fdt_hart_index(hartid);
	int ctx = idx >= 0 ? bootinfo.plic_sctx[idx] : -1;
	return ctx >= 0 ? ctx : 2 * (int)hartid + 1; /* QEMU virt's numbering */
}

/* The S-mode context of this hart (call with interrupts off). */
static int my_context(void)
{
	return hart_context(cpuid());
}

void plic_register(uint32 irq, irq_handler_t fn, void *arg)
{
	if (irq == 0 || irq >= PLIC_MAX_IRQ)
		panic("plic_register: irq %u out of range", irq);
	acquire(&plic_lock);
	handlers[irq].arg = arg;
	__atomic_store_n(&handlers[irq].fn, fn, __ATOMIC_RELEASE);
	*reg(PLIC_PRIORITY(irq)) = 1;
	/* Enable the source on every hart that is ready; the others enable
	 * it themselves in plic_init_hart. */
	for (int i = 0; i < bootinfo.ncpu; i++) {
		uint64 h = bootinfo.hartid[i];
		if (h >= NCPU || !hart_ready[h])
			continue;
		volatile uint32 *en = reg(PLIC_ENABLE(hart_context(h)) + 4 * (irq / 32));
		*en |= 1U << (irq % 32);
	}
	release(&plic_lock);
}

void plic_init_hart(void)
{
	acquire(&plic_lock);
	int ctx = my_context();
	for (uint32 irq = 1; irq < PLIC_MAX_IRQ; irq++) {
		volatile uint32 *en = reg(PLIC_ENABLE(ctx) + 4 * (irq / 32));
		if (handlers[irq].fn)
			*en |= 1U << (irq % 32);
	}
	*reg(PLIC_THRESHOLD(ctx)) = 0;
	hart_ready[cpuid()] = 1;
	release(&plic_lock);
}

void plic_dispatch(void)
{
	int ctx = my_context();
	uint32 irq = *reg(PLIC_CLAIM(ctx));
	if (irq == 0)
		return; /* another hart claimed it first */
	irq_handler_t fn =
	    irq < PLIC_MAX_IRQ ? __atomic_load_n(&handlers[irq].fn, __ATOMIC_ACQUIRE) : 0;
	if (fn)
		fn(handlers[irq].arg);
	else if (unexpected_irqs++ < 4)
		printf("plic: unexpected interrupt %u\n", irq);
	*reg(PLIC_CLAIM(ctx)) = irq;
}
