/*
 * plic.h: the platform-level interrupt controller, which routes device
 * interrupts (UART, virtio) to harts as supervisor external interrupts.
 */
#ifndef KITE_DEV_PLIC_H
#define KITE_DEV_PLIC_H

#include "../abi/types.h"

typedef void (*irq_handler_t)(void *arg);

/* Boot hart: map the registers' address (from the device tree). */
void plic_init(void);
/* Each hart: accept every registered interrupt in its S-mode context. */
void plic_init_hart(void);
/*
 * Route irq to handler(arg), enabled on every hart already started and on
 * every hart that runs plic_init_hart later.
 */
void plic_register(uint32 irq, irq_handler_t handler, void *arg);
/* An external interrupt arrived: claim, dispatch, complete (interrupts off). */
void plic_dispatch(void);

#endif
