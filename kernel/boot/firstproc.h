/* firstproc.h: what the kernel runs first, once every hart is up. */
#ifndef KITE_BOOT_FIRSTPROC_H
#define KITE_BOOT_FIRSTPROC_H

/* ktest kernels: the self-test runner; otherwise /init (or, before user
 * space exists, a console echo loop). */
void first_process_start(void);

#endif
