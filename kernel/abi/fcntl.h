/*
 * fcntl.h: open() flags.  The values are xv6-riscv's so that its programs
 * run unchanged; O_NOFOLLOW (open the link itself) and O_APPEND (every
 * write goes to the end) are Kite's additions, in bits xv6 does not use.
 */
#ifndef KITE_FCNTL_H
#define KITE_FCNTL_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_CREATE 0x200
#define O_TRUNC 0x400
#define O_NOFOLLOW 0x800
#define O_APPEND 0x2000

/* lseek() whence values (POSIX's numbers). */
#define SEEK_SET 0 /* offset from the start */
#define SEEK_CUR 1 /* from the current offset */
#define SEEK_END 2 /* from the end of the file */

/* mmap() protections and flags (the 6.1810 mmap lab's values; the last
 * two are Linux's), also mprotect()'s protections.  mmap returns
 * MAP_FAILED ((void *)-1) on failure, with errno set. */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20 /* no file: zero-filled memory; fd and offset are ignored */
#define MAP_FAILED ((void *)-1)
/* msync() flags (Linux's values): either writes the dirty pages back at
 * once; MS_SYNC also waits for the log to commit them. */
#define MS_ASYNC 0x1
#define MS_INVALIDATE 0x2
#define MS_SYNC 0x4

/* Every flag bit open() accepts; anything else is refused with -1. */
#define O_ALLFLAGS (O_WRONLY | O_RDWR | O_CREATE | O_TRUNC | O_NOFOLLOW | O_APPEND)

#endif
