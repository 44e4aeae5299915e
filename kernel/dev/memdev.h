/* memdev.h: the memory devices /dev/null (NULLDEV) and /dev/zero (ZERODEV). */
#ifndef KITE_DEV_MEMDEV_H
#define KITE_DEV_MEMDEV_H

/* Register both in devsw[]; once at boot. */
void memdev_init(void);

#endif
