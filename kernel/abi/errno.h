/*
 * errno.h: the error numbers a system call can report, the ABI shared by
 * the kernel and user/.  The numbers are Linux's (and so those most tools
 * and tables expect).  A failing call returns -1 to its caller, as xv6's
 * do, and the user library puts the number in errno; strerror() in
 * user/lib/errno.c has the message for each.
 *
 * On the wire a call returns -N in a0 for error N, so every number must
 * stay at or below ERRNO_MAX: a result above -ERRNO_MAX is never an error.
 */
#ifndef KITE_ERRNO_H
#define KITE_ERRNO_H

#define EPERM 1         /* operation not permitted */
#define ENOENT 2        /* no such file or directory */
#define ESRCH 3         /* no such process */
#define EINTR 4         /* interrupted (the process was killed or signalled) */
#define EIO 5           /* device error */
#define ENXIO 6         /* no such device or address */
#define E2BIG 7         /* argument list too long */
#define ENOEXEC 8       /* not a valid executable */
#define EBADF 9         /* bad file descriptor */
#define ECHILD 10       /* no children */
#define EAGAIN 11       /* resource temporarily unavailable (process table full) */
#define ENOMEM 12       /* out of memory */
#define EACCES 13       /* permission denied (e.g. by the descriptor's mode) */
#define EFAULT 14       /* bad address */
#define EBUSY 16        /* device or resource busy */
#define EEXIST 17       /* already exists (or already mapped) */
#define EXDEV 18        /* link across file systems */
#define ENODEV 19       /* no such device */
#define ENOTDIR 20      /* a path component is not a directory */
#define EISDIR 21       /* is a directory */
#define EINVAL 22       /* invalid argument */
#define ENFILE 23       /* system file table full */
#define EMFILE 24       /* process file table full */
#define ENOTTY 25       /* not a terminal */
#define ETXTBSY 26      /* a running program's file opened for writing */
#define EFBIG 27        /* file too large */
#define ENOSPC 28       /* no space left on device */
#define ESPIPE 29       /* seek on a pipe or device */
#define EROFS 30        /* read-only file system (after a log error) */
#define EMLINK 31       /* too many links */
#define EPIPE 32        /* write to a pipe with no readers */
#define ERANGE 34       /* result too large for the buffer */
#define ENAMETOOLONG 36 /* path too long */
#define ENOSYS 38       /* no such system call */
#define ENOTEMPTY 39    /* directory not empty */
#define ELOOP 40        /* too many symbolic links */
#define ECORRUPT 117    /* on-disk structure is damaged (Linux's EUCLEAN) */

/* Sockets and the network. */
#define ENOTSOCK 88        /* not a socket */
#define EDESTADDRREQ 89    /* no destination address */
#define EMSGSIZE 90        /* message too long */
#define EPROTONOSUPPORT 93 /* protocol not supported */
#define EOPNOTSUPP 95      /* operation not supported on this socket */
#define EAFNOSUPPORT 97    /* address family not supported */
#define EADDRINUSE 98      /* address (port) already in use */
#define ENETDOWN 100       /* no network device */
#define ECONNRESET 104     /* connection reset by peer */
#define EISCONN 106        /* already connected */
#define ENOTCONN 107       /* not connected */
#define ETIMEDOUT 110      /* timed out */
#define ECONNREFUSED 111   /* connection refused */

#define ERRNO_MAX 4095 /* results in [-ERRNO_MAX, -1] are errors */

#endif
