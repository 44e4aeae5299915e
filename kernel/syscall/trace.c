/*
 * trace.c: trace()'s console lines and strace's decoded lines (trace.h).
 */
#include "syscall/trace.h"
#include "syscall/sysdesc.h"
#include "syscall/syscall.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "fs/file.h"
#include "mm/kmalloc.h"
#include "sync/sleeplock.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "../abi/fcntl.h"
#include "../abi/vm.h"

#define LAB_MASK_BITS 32 /* trace()'s mask is an int */
#define ARGV_SHOWN 4     /* exec's arguments shown before "..." */

/* The symbolic names of kernel/errno.h's numbers, for "= -1 ENOENT". */
static const char *const errnames[] = {
    [EPERM] = "EPERM",
    [ENOENT] = "ENOENT",
    [ESRCH] = "ESRCH",
    [EINTR] = "EINTR",
    [EIO] = "EIO",
    [ENXIO] = "ENXIO",
    [E2BIG] = "E2BIG",
    [ENOEXEC] = "ENOEXEC",
    [EBADF] = "EBADF",
    [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN",
    [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES",
    [EFAULT] = "EFAULT",
    [EBUSY] = "EBUSY",
    [EEXIST] = "EEXIST",
    [EXDEV] = "EXDEV",
    [ENODEV] = "ENODEV",
    [ENOTDIR] = "ENOTDIR",
    [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL",
    [ENFILE] = "ENFILE",
    [EMFILE] = "EMFILE",
    [ENOTTY] = "ENOTTY",
    [ETXTBSY] = "ETXTBSY",
    [EFBIG] = "EFBIG",
    [ENOSPC] = "ENOSPC",
    [ESPIPE] = "ESPIPE",
    [EROFS] = "EROFS",
    [EMLINK] = "EMLINK",
    [EPIPE] = "EPIPE",
    [ERANGE] = "ERANGE",
    [ENAMETOOLONG] = "ENAMETOOLONG",
    [ENOSYS] = "ENOSYS",
    [ENOTEMPTY] = "ENOTEMPTY",
    [ELOOP] = "ELOOP",
    [ECORRUPT] = "ECORRUPT",
};

/* Keeps the lines of processes tracing to the same file whole (a console
 * write may sleep part-way); held only around writing one line. */
static struct sleeplock write_lock = SLEEPLOCK_INIT("trace_write");

static int is_error(int64 r)
{
	return r < 0 && r >= -ERRNO_MAX;
}

int trace_active(const struct proc *p)
{
	return p->watch.trace_mask || p->watch.trace_file;
}

/* Append to the line being built (cut short at TRACE_LINE_MAX). */
__attribute__((format(printf, 2, 3))) static void add(struct trace_call *tc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tc->len += vsnprintf(tc->line + tc->len, TRACE_LINE_MAX - tc->len, fmt, ap);
	va_end(ap);
}

static void add_char(struct trace_call *tc, char c)
{
	switch (c) {
	case '\n':
		add(tc, "\\n");
		break;
	case '\t':
		add(tc, "\\t");
		break;
	case '"':
	case '\\':
		add(tc, "\\%c", c);
		break;
	default:
		if (c >= ' ' && c < 0x7f)
			add(tc, "%c", c);
		else
			add(tc, "\\x%x%x", (c >> 4) & 0xf, c & 0xf);
	}
}

/*
 * The user bytes at va, quoted: up to n of them (or to a NUL if cstr),
 * at most TRACE_STR_MAX, with "..." when there were more.  An address the
 * process cannot read is shown as the number.  Byte by byte, because a
 * string may end just before an unmapped page.
 */
static void add_user_bytes(struct trace_call *tc, struct proc *p, uint64 va, uint64 n, int cstr)
{
	char c;
	uint64 i;
	if (n > 0 && copyin(p->pagetable, &c, va, 1) < 0) {
		add(tc, "%p", (void *)va);
		return;
	}
	add(tc, "\"");
	for (i = 0; i < n && i < TRACE_STR_MAX; i++) {
		if (copyin(p->pagetable, &c, va + i, 1) < 0 || (cstr && c == 0))
			break;
		add_char(tc, c);
	}
	add(tc, "\"");
	if (i == TRACE_STR_MAX && i < n &&
	    (!cstr || (copyin(p->pagetable, &c, va + i, 1) == 0 && c)))
		add(tc, "...");
}

static void add_argv(struct trace_call *tc, struct proc *p, uint64 va)
{
	add(tc, "[");
	for (int i = 0;; i++) {
		uint64 s;
		if (copyin(p->pagetable, &s, va + i * sizeof(s), sizeof(s)) < 0) {
			add(tc, "%s%p", i ? ", " : "", (void *)(va + i * sizeof(s)));
			break;
		}
		if (!s)
			break;
		if (i == ARGV_SHOWN) {
			add(tc, ", ...");
			break;
		}
		add(tc, "%s", i ? ", " : "");
		add_user_bytes(tc, p, s, TRACE_STR_MAX + 1, 1);
	}
	add(tc, "]");
}

static void add_oflags(struct trace_call *tc, uint64 flags)
{
	static const struct {
		uint64 bit;
		const char *name;
	} bits[] = {{O_CREATE, "O_CREATE"},
	            {O_TRUNC, "O_TRUNC"},
	            {O_NOFOLLOW, "O_NOFOLLOW"},
	            {O_APPEND, "O_APPEND"}};
	uint64 mode = flags & (O_WRONLY | O_RDWR);
	add(tc, "%s", mode == O_RDWR ? "O_RDWR" : mode == O_WRONLY ? "O_WRONLY" : "O_RDONLY");
	flags &= ~(uint64)(O_WRONLY | O_RDWR);
	for (uint64 i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (flags & bits[i].bit) {
			add(tc, "|%s", bits[i].name);
			flags &= ~bits[i].bit;
		}
	if (flags)
		add(tc, "|0x%lx", flags);
}

/* Argument i of kind k; result is the call's result (ARG_BUF_OUT only). */
static void add_arg(struct trace_call *tc, struct proc *p, int i, int k, int64 result)
{
	uint64 v = tc->args[i];
	switch (k) {
	case ARG_INT:
	case ARG_FD:
		add(tc, "%d", (int)v);
		break;
	case ARG_HEX:
		add(tc, "0x%lx", v);
		break;
	case ARG_PTR:
		add(tc, "%p", (void *)v);
		break;
	case ARG_STR:
		add_user_bytes(tc, p, v, TRACE_STR_MAX + 1, 1);
		break;
	case ARG_ARGV:
		add_argv(tc, p, v);
		break;
	case ARG_BUF_IN: /* the count is the next argument */
		add_user_bytes(tc, p, v, i + 1 < SYSDESC_MAXARGS ? (uint64)(int)tc->args[i + 1] : 0,
		               0);
		break;
	case ARG_BUF_OUT:
		if (result > 0 && !is_error(result))
			add_user_bytes(tc, p, v, result, 0);
		else
			add(tc, "%p", (void *)v);
		break;
	case ARG_OFLAGS:
		add_oflags(tc, v);
		break;
	case ARG_SBRKMODE:
		if (v == SBRK_EAGER || v == SBRK_LAZY)
			add(tc, "%s", v == SBRK_EAGER ? "SBRK_EAGER" : "SBRK_LAZY");
		else
			add(tc, "%d", (int)v);
		break;
	}
}

/* Arguments from..: stops at an ARG_BUF_OUT unless after (it is shown once the call returned). */
static int add_args(struct trace_call *tc, struct proc *p, int from, int after, int64 result)
{
	const struct sysdesc *d = sysdesc(tc->num);
	int i;
	for (i = from; i < SYSDESC_MAXARGS; i++) {
		int k = d ? d->args[i] : ARG_HEX;
		if (k == ARG_NONE || (k == ARG_BUF_OUT && !after))
			break;
		add(tc, "%s", i ? ", " : "");
		add_arg(tc, p, i, k, result);
	}
	return i;
}

static void write_line(struct proc *p, struct trace_call *tc)
{
	if (tc->len >= TRACE_LINE_MAX - 1) /* cut short: keep the newline */
		tc->len = TRACE_LINE_MAX - 2;
	tc->line[tc->len++] = '\n';
	acquire_sleep(&write_lock);
	file_write_from(p->watch.trace_file, 0, (uint64)tc->line, tc->len);
	release_sleep(&write_lock);
	kfree(tc->line);
	tc->line = 0;
}

void trace_before(struct proc *p, uint64 num, struct trace_call *tc)
{
	tc->num = num;
	tc->line = 0;
	for (int i = 0; i < SYSDESC_MAXARGS; i++)
		tc->args[i] = arg_raw(i);
	if (!p->watch.trace_file || !(tc->line = kmalloc(TRACE_LINE_MAX)))
		return;
	tc->len = 0;
	const struct sysdesc *d = sysdesc(num);
	if (d)
		add(tc, "[pid %d] %s(", p->pid, d->name);
	else
		add(tc, "[pid %d] syscall_%lu(", p->pid, num);
	tc->next = add_args(tc, p, 0, 0, 0);
	if (d && d->ret == RET_NONE) { /* exit: the line must go out now */
		add(tc, ") = ?");
		write_line(p, tc);
	}
}

void trace_after(struct proc *p, struct trace_call *tc, int64 result)
{
	const struct sysdesc *d = sysdesc(tc->num);
	if (tc->num < LAB_MASK_BITS && (p->watch.trace_mask & (1U << tc->num)))
		printf("%d: syscall %s -> %ld\n", p->pid, d ? d->name : "unknown",
		       is_error(result) ? -1L : result);
	if (!tc->line)
		return;
	add_args(tc, p, tc->next, 1, result);
	add(tc, ") = ");
	if (is_error(result)) {
		uint64 e = -result;
		if (e < sizeof(errnames) / sizeof(errnames[0]) && errnames[e])
			add(tc, "-1 %s", errnames[e]);
		else
			add(tc, "-1 E%lu", e);
	} else if (d && (d->ret == RET_HEX || d->ret == RET_PTR)) {
		add(tc, "0x%lx", (uint64)result);
	} else {
		add(tc, "%ld", result);
	}
	/* tracefd(-1) inside the call dropped the file: the line has nowhere to go. */
	if (p->watch.trace_file)
		write_line(p, tc);
	else
		kfree(tc->line);
	tc->line = 0;
}
