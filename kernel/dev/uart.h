/* uart.h: the 16550 UART that carries the console. */
#ifndef KITE_DEV_UART_H
#define KITE_DEV_UART_H

#include "lib/addr.h"

/* Program the UART at `base` (from the device tree); receive interrupts on. */
void uart_init(paddr_t base);
/* Write one byte, spinning until the transmitter has room (after uart_init). Safe in any context.
 */
void uart_putc_sync(int c);
/* Interrupt handler: hands every received byte to the console. */
void uart_intr(void *arg);

#endif
