/*
 * errno.h: the kernel's names for the error numbers of kernel/errno.h.
 * Kernel functions return 0 or a positive result on success and -E_* on
 * failure; a system call's -E_* reaches user space unchanged in a0, where
 * the library's stub turns it into errno and the -1 that xv6's user API
 * expects.  The E_ prefix marks a kernel-internal (negated) return value.
 */
#ifndef KITE_LIB_ERRNO_H
#define KITE_LIB_ERRNO_H

#include "../abi/errno.h"

#define E_PERM EPERM
#define E_NOENT ENOENT
#define E_SRCH ESRCH
#define E_INTR EINTR
#define E_IO EIO
#define E_NXIO ENXIO
#define E_2BIG E2BIG
#define E_NOEXEC ENOEXEC
#define E_BADF EBADF
#define E_CHILD ECHILD
#define E_AGAIN EAGAIN
#define E_NOMEM ENOMEM
#define E_ACCES EACCES
#define E_FAULT EFAULT
#define E_BUSY EBUSY
#define E_EXIST EEXIST
#define E_XDEV EXDEV
#define E_NODEV ENODEV
#define E_NOTDIR ENOTDIR
#define E_ISDIR EISDIR
#define E_INVAL EINVAL
#define E_NFILE ENFILE
#define E_MFILE EMFILE
#define E_NOTTY ENOTTY
#define E_TXTBSY ETXTBSY
#define E_FBIG EFBIG
#define E_NOSPC ENOSPC
#define E_SPIPE ESPIPE
#define E_ROFS EROFS
#define E_MLINK EMLINK
#define E_PIPE EPIPE
#define E_RANGE ERANGE
#define E_NAMETOOLONG ENAMETOOLONG
#define E_NOSYS ENOSYS
#define E_NOTEMPTY ENOTEMPTY
#define E_LOOP ELOOP
#define E_CORRUPT ECORRUPT
#define E_NOTSOCK ENOTSOCK
#define E_DESTADDRREQ EDESTADDRREQ
#define E_MSGSIZE EMSGSIZE
#define E_PROTONOSUPPORT EPROTONOSUPPORT
#define E_OPNOTSUPP EOPNOTSUPP
#define E_AFNOSUPPORT EAFNOSUPPORT
#define E_ADDRINUSE EADDRINUSE
#define E_NETDOWN ENETDOWN
#define E_CONNRESET ECONNRESET
#define E_ISCONN EISCONN
#define E_NOTCONN ENOTCONN
#define E_TIMEDOUT ETIMEDOUT
#define E_CONNREFUSED ECONNREFUSED

#endif
