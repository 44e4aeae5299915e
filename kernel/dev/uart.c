/*
 * uart.c: a driver for the NS16550A UART (register map from the 16550
 * datasheet; QEMU's virt machine has one, with a register stride of one
 * byte).  Output is polled: the kernel's printf must work in any context,
 * including panic with interrupts off.  Input arrives by interrupt.  Once
 * programmed, the UART is printf's sink, with print_lock keeping each
 * printf's text in one piece.
 */
#include "mm/kvm.h"
#include "dev/uart.h"
#include "dev/console.h"
#include "sync/spinlock.h"
#include "lib/printf.h"

/* Register offsets. */
#define RHR 0 /* receive holding (read) */
#define THR 0 /* transmit holding (write) */
#define DLL 0 /* divisor latch low (when LCR.DLAB) */
#define IER 1 /* interrupt enable */
#define DLM 1 /* divisor latch high (when LCR.DLAB) */
#define FCR 2 /* FIFO control (write) */
#define LCR 3 /* line control */
#define LSR 5 /* line status */

#define IER_RX_ENABLE (1 << 0)
#define FCR_FIFO_ENABLE (1 << 0)
#define FCR_FIFO_CLEAR (3 << 1)
#define LCR_EIGHT_BITS (3 << 0)
#define LCR_DLAB (1 << 7)
#define LSR_RX_READY (1 << 0)
#define LSR_TX_IDLE (1 << 5) /* THR empty */
#define BAUD_38400_DIVISOR 3

/* Set once at boot, before other harts start. */
static volatile uint8 *uart_regs;

/* Serialises printf calls so that one call's text is contiguous. */
static struct spinlock print_lock;

static void print_lock_take(void)
{
	acquire(&print_lock);
}

static void print_lock_give(void)
{
	release(&print_lock);
}

static void print_write(const char *buf, int n)
{
	for (int i = 0; i < n; i++)
		uart_putc_sync(buf[i]);
}

static const struct print_sink uart_sink = {print_lock_take, print_write, print_lock_give};

static inline uint8 rd(int reg)
{
	return uart_regs[reg];
}
static inline void wr(int reg, uint8 v)
{
	uart_regs[reg] = v;
}

void uart_init(paddr_t base)
{
	uart_regs = (volatile uint8 *)kdev(base);
	wr(IER, 0);
	wr(LCR, LCR_DLAB);
	wr(DLL, BAUD_38400_DIVISOR);
	wr(DLM, 0);
	wr(LCR, LCR_EIGHT_BITS);
	wr(FCR, FCR_FIFO_ENABLE | FCR_FIFO_CLEAR);
	wr(IER, IER_RX_ENABLE);
	spin_init(&print_lock, "print");
	printf_set_sink(&uart_sink);
}

void uart_putc_sync(int c)
{
	while ((rd(LSR) & LSR_TX_IDLE) == 0)
		;
	wr(THR, c);
}

void uart_intr(void *arg)
{
	(void)arg;
	while (rd(LSR) & LSR_RX_READY)
		console_intr(rd(RHR));
}
