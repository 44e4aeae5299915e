/*
 * errno.c: errno, and the messages for its values.
 *
 * Every system-call stub (gen_usys.sh) that gets an error back from the
 * kernel tail-calls syscall_error, so errno is set in one place.  A
 * successful call leaves errno as it was, as POSIX says.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK int errno;

/* Called by the stubs with the kernel's -N in a0; returns to the stub's
 * caller.  int64, so that a call returning a pointer gets (void *)-1. */
int64 syscall_error(int64 neg);
int64 syscall_error(int64 neg)
{
	errno = (int)-neg;
	return -1;
}

/* The usual POSIX wording, indexed by number. */
static const char *const messages[] = {
    [0] = "Success",
    [EPERM] = "Operation not permitted",
    [ENOENT] = "No such file or directory",
    [ESRCH] = "No such process",
    [EINTR] = "Interrupted system call",
    [EIO] = "Input/output error",
    [ENXIO] = "No such device or address",
    [E2BIG] = "Argument list too long",
    [ENOEXEC] = "Exec format error",
    [EBADF] = "Bad file descriptor",
    [ECHILD] = "No child processes",
    [EAGAIN] = "Resource temporarily unavailable",
    [ENOMEM] = "Out of memory",
    [EACCES] = "Permission denied",
    [EFAULT] = "Bad address",
    [EBUSY] = "Device or resource busy",
    [EEXIST] = "File exists",
    [EXDEV] = "Invalid cross-device link",
    [ENODEV] = "No such device",
    [ENOTDIR] = "Not a directory",
    [EISDIR] = "Is a directory",
    [EINVAL] = "Invalid argument",
    [ENFILE] = "Too many open files in system",
    [EMFILE] = "Too many open files",
    [ENOTTY] = "Inappropriate ioctl for device",
    [ETXTBSY] = "Text file busy",
    [EFBIG] = "File too large",
    [ENOSPC] = "No space left on device",
    [ESPIPE] = "Illegal seek",
    [EROFS] = "Read-only file system",
    [EMLINK] = "Too many links",
    [EPIPE] = "Broken pipe",
    [ERANGE] = "Result too large",
    [ENAMETOOLONG] = "File name too long",
    [ENOSYS] = "Function not implemented",
    [ENOTEMPTY] = "Directory not empty",
    [ELOOP] = "Too many levels of symbolic links",
    [ECORRUPT] = "Structure needs cleaning",
    [ENOTSOCK] = "Socket operation on non-socket",
    [EDESTADDRREQ] = "Destination address required",
    [EMSGSIZE] = "Message too long",
    [EPROTONOSUPPORT] = "Protocol not supported",
    [EOPNOTSUPP] = "Operation not supported",
    [EAFNOSUPPORT] = "Address family not supported by protocol",
    [EADDRINUSE] = "Address already in use",
    [ENETDOWN] = "Network is down",
    [ECONNRESET] = "Connection reset by peer",
    [EISCONN] = "Transport endpoint is already connected",
    [ENOTCONN] = "Transport endpoint is not connected",
    [ETIMEDOUT] = "Connection timed out",
    [ECONNREFUSED] = "Connection refused",
};

#define NMESSAGES ((int)(sizeof(messages) / sizeof(messages[0])))

ULIB_WEAK const char *strerror(int err)
{
	static char unknown[sizeof("Unknown error -2147483648")];

	if (err >= 0 && err < NMESSAGES && messages[err])
		return messages[err];
	snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
	return unknown;
}

ULIB_WEAK void perror(const char *prefix)
{
	const char *msg = strerror(errno);

	if (prefix && *prefix)
		fprintf(2, "%s: %s\n", prefix, msg);
	else
		fprintf(2, "%s\n", msg);
}
