/*
 * fcntl.h: open() flags.  The values are xv6-riscv's so that its programs
 * run unchanged; O_NOFOLLOW is Kite's addition (open the link itself).
 */
#ifndef KITE_FCNTL_H
#define KITE_FCNTL_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_CREATE 0x200
#define O_TRUNC 0x400
#define O_NOFOLLOW 0x800

/* Every flag bit open() accepts; anything else is refused with -1. */
#define O_ALLFLAGS (O_WRONLY | O_RDWR | O_CREATE | O_TRUNC | O_NOFOLLOW)

#endif
