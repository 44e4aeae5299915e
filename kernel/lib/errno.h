/*
 * errno.h: the kernel's internal error codes.  Kernel functions return 0 or
 * a positive result on success and -E_* on failure; the system-call layer
 * turns every failure into the -1 that xv6's user API expects.
 */
#ifndef KITE_LIB_ERRNO_H
#define KITE_LIB_ERRNO_H

#define E_PERM 1    /* operation not permitted */
#define E_NOENT 2   /* no such file or directory */
#define E_SRCH 3    /* no such process */
#define E_INTR 4    /* interrupted (the process was killed) */
#define E_IO 5      /* device error */
#define E_2BIG 7    /* argument list too long */
#define E_NOEXEC 8  /* not a valid executable */
#define E_BADF 9    /* bad file descriptor */
#define E_CHILD 10  /* no children */
#define E_AGAIN 11  /* resource temporarily unavailable (e.g. process table full) */
#define E_NOMEM 12  /* out of memory */
#define E_FAULT 14  /* bad address */
#define E_BUSY 16
#define E_EXIST 17  /* already exists (or already mapped) */
#define E_XDEV 18
#define E_NOTDIR 20
#define E_ISDIR 21
#define E_INVAL 22  /* invalid argument */
#define E_NFILE 23  /* system file table full */
#define E_MFILE 24  /* process file table full */
#define E_FBIG 27   /* file too large */
#define E_NOSPC 28  /* no space left on device */
#define E_SPIPE 29  /* seek on a pipe or a device */
#define E_ROFS 30   /* read-only file system (after a log error) */
#define E_MLINK 31
#define E_PIPE 32   /* write to a pipe with no readers */
#define E_RANGE 34  /* result does not fit the buffer (getcwd) */
#define E_NAMETOOLONG 36
#define E_NOTEMPTY 39
#define E_LOOP 40   /* too many symbolic links */
#define E_CORRUPT 117 /* on-disk structure is damaged */

#endif
