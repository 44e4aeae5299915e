/*
 * console.c: the line discipline between the UART and readers.
 *
 * Input bytes go into a ring buffer of CONS_BUF bytes with three indexes:
 * r (next byte a reader takes), w (end of the bytes readers may take) and
 * e (end of what has been typed, including a line still being edited).
 * In cooked mode w only advances at the end of a line, and the signal keys
 * throw away the unfinished line and signal the foreground process group:
 * Ctrl-C SIGINT, Ctrl-Z SIGTSTP, Ctrl-\ SIGQUIT (as a terminal with ISIG
 * does).  In raw mode every byte (these too) advances w at once.
 *
 * The foreground group is what tcsetpgrp() set (a job-control shell sets
 * it for each job).  Until one is set, Ctrl-C sends SIGINT to every user
 * process but init and those that called ignintr(1), as xv6 kills them,
 * and Ctrl-Z does nothing.  ignintr(1) also keeps a process out of a
 * foreground group's SIGINT.  A read by a process outside the foreground
 * group gets SIGTTIN (proc/sched.h, signal_tty_read_check).
 *
 * cons.lock guards the buffer, the indexes, the mode and the foreground
 * group; signals are sent after it is released.  cons.out, a sleep lock,
 * makes each write() of up to CONS_WRITE_WHOLE bytes come out in one
 * piece, never mixed with another process's output.  The kernel's own
 * printf does not take it (printf must work in any context), so a kernel
 * message may still land inside a program's line.
 */
#include "dev/console.h"
#include "sync/sleeplock.h"
#include "dev/uart.h"
#include "dev/plic.h"
#include "arch/riscv/fdt.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uaccess.h"
#include "../abi/sysinfo.h"
#include "../abi/devno.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "../abi/signal.h"

/* Input not yet read: a whole 4 KiB line (the shell's longest) can be typed
 * or pasted ahead of a reader that takes one byte at a time. */
#define CONS_BUF 4096
/* One write() of up to this many bytes comes out whole, never mixed with
 * another writer's; a longer one in pieces of this size. */
#define CONS_WRITE_WHOLE 4096
#define CONS_COPY_CHUNK 64 /* bytes copied from the writer at a time */

static struct {
	struct sleeplock out; /* held for one piece of a write: keeps it whole (sleeps, so a
	                       * writer may fault in its buffer while holding it) */
	struct spinlock lock;
	char buf[CONS_BUF];
	uint32 r, w, e; /* free-running; index with % CONS_BUF */
	int mode;       /* CONS_COOKED or CONS_RAW */
	int fg_pgid;    /* foreground process group (0: none set yet) */
} cons;

static void echo(int c)
{
	if (c == CONS_BACKSPACE) {
		uart_putc_sync('\b');
		uart_putc_sync(' ');
		uart_putc_sync('\b');
	} else {
		uart_putc_sync(c);
	}
}

void console_init(void)
{
	spin_init(&cons.lock, "console");
	sleep_init(&cons.out, "console out");
	cons.mode = CONS_COOKED;
	uart_init(bootinfo.uart.base);
	plic_register(bootinfo.uart_irq, uart_intr, 0);
	devsw[CONSOLE].read = console_read;
	devsw[CONSOLE].write = console_write;
}

void console_intr(int c)
{
	if (c == CTRL('P')) {
		proc_dump();
		return;
	}
	acquire(&cons.lock);
	int sig = c == CTRL('C')    ? SIGINT
	          : c == CTRL('Z')  ? SIGTSTP
	          : c == CTRL('\\') ? SIGQUIT
	                            : 0;
	if (sig && cons.mode == CONS_COOKED) {
		/* The line being typed is thrown away with the program.  In raw
		 * mode these are bytes like any other, for the reader (the
		 * shell's line editor) to act on. */
		int fg = cons.fg_pgid;
		cons.e = cons.w;
		release(&cons.lock);
		uart_putc_sync('^');
		uart_putc_sync(c + '@');
		uart_putc_sync('\n');
		if (fg)
			signal_send_group(fg, sig, sig == SIGINT);
		else if (sig == SIGINT)
			signal_send_group(0, SIGINT, 1);
		return;
	}
	if (cons.mode == CONS_RAW) {
		if (cons.e - cons.r < CONS_BUF) {
			cons.buf[cons.e++ % CONS_BUF] = c;
			cons.w = cons.e;
			wakeup(&cons.r);
		}
		release(&cons.lock);
		return;
	}
	switch (c) {
	case CTRL('U'):
		while (cons.e != cons.w && cons.buf[(cons.e - 1) % CONS_BUF] != '\n') {
			cons.e--;
			echo(CONS_BACKSPACE);
		}
		break;
	case CTRL('H'):
	case CONS_BACKSPACE:
		if (cons.e != cons.w) {
			cons.e--;
			echo(CONS_BACKSPACE);
		}
		break;
	default:
		if (c == 0 || cons.e - cons.r >= CONS_BUF)
			break;
		c = (c == '\r') ? '\n' : c;
		if (c != CTRL('D'))
			echo(c);
		cons.buf[cons.e++ % CONS_BUF] = c;
		if (c == '\n' || c == CTRL('D') || cons.e - cons.r == CONS_BUF) {
			cons.w = cons.e;
			wakeup(&cons.r);
		}
		break;
	}
	release(&cons.lock);
}

int console_read(int user_dst, uint64 dst, int n)
{
	int want = n;
	if (user_dst) {
		acquire(&cons.lock);
		int fg = cons.fg_pgid;
		release(&cons.lock);
		int err = signal_tty_read_check(fg);
		if (err < 0)
			return err;
	}
	acquire(&cons.lock);
	while (n > 0) {
		while (cons.r == cons.w) {
			int r = signal_wait_check(&cons.lock);
			if (r < 0) {
				release(&cons.lock);
				return want > n ? want - n : r;
			}
			if (r == 0)
				sleep_intr(&cons.r, &cons.lock);
		}
		char c = cons.buf[cons.r++ % CONS_BUF];
		if (c == CTRL('D') && cons.mode == CONS_COOKED) {
			/* End of input.  If bytes were already read, keep the ^D
			 * so the next read returns 0. */
			if (n < want)
				cons.r--;
			break;
		}
		char cbuf = c;
		if (either_copyout(user_dst, dst, &cbuf, 1) < 0)
			break;
		dst++;
		n--;
		if (cons.mode == CONS_COOKED ? c == '\n' : cons.r == cons.w)
			break; /* cooked: a line at a time; raw: whatever is there */
	}
	release(&cons.lock);
	return want - n;
}

/* One piece of a write, under cons.out: bytes written, or -E_FAULT if none. */
static int write_piece(int user_src, uint64 src, int n)
{
	char buf[CONS_COPY_CHUNK];
	int done = 0;
	acquire_sleep(&cons.out);
	while (done < n) {
		int chunk = n - done < (int)sizeof(buf) ? n - done : (int)sizeof(buf);
		if (either_copyin(user_src, buf, src + done, chunk) < 0)
			break;
		for (int i = 0; i < chunk; i++)
			uart_putc_sync(buf[i]);
		done += chunk;
	}
	release_sleep(&cons.out);
	return done ? done : -E_FAULT;
}

int console_write(int user_src, uint64 src, int n)
{
	int done = 0;
	while (done < n) {
		int piece = n - done < CONS_WRITE_WHOLE ? n - done : CONS_WRITE_WHOLE;
		int r = write_piece(user_src, src + done, piece);
		if (r < 0)
			return done ? done : r;
		done += r;
		if (r < piece)
			break; /* a bad address part-way: what was written counts */
	}
	return done;
}

int console_fg_pgid(void)
{
	acquire(&cons.lock);
	int fg = cons.fg_pgid;
	release(&cons.lock);
	return fg;
}

void console_set_fg_pgid(int pgid)
{
	acquire(&cons.lock);
	cons.fg_pgid = pgid;
	release(&cons.lock);
}

int console_setmode(int mode)
{
	if (mode != CONS_COOKED && mode != CONS_RAW)
		return -E_INVAL;
	acquire(&cons.lock);
	if (mode == CONS_COOKED && cons.mode == CONS_RAW)
		cons.w = cons.e; /* raw bytes already typed stay readable */
	cons.mode = mode;
	release(&cons.lock);
	return 0;
}
