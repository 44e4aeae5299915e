/*
 * devno.h: major device numbers for device files (mknod), shared by the
 * kernel, init and mkfs.
 */
#ifndef KITE_DEVNO_H
#define KITE_DEVNO_H

#define CONSOLE 1 /* the console: UART with a line discipline */

#endif
