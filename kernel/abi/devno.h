/*
 * devno.h: major device numbers for device files (mknod), shared by the
 * kernel, init and mkfs.
 */
#ifndef KITE_DEVNO_H
#define KITE_DEVNO_H

#define CONSOLE 1 /* the console: UART with a line discipline */
#define NULLDEV 2 /* /dev/null: reads end at once, writes are dropped */
#define ZERODEV 3 /* /dev/zero: reads give zeros, writes are dropped */

#endif
