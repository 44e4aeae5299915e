/*
 * console.h: the console device: UART input through a line discipline,
 * output to the UART.
 *
 * Cooked mode (default): typed bytes are echoed; backspace erases, Ctrl-U
 * erases the line, Enter ends it, Ctrl-D ends input (EOF at an empty
 * line); reads return whole lines; Ctrl-C, Ctrl-Z and Ctrl-\ send SIGINT,
 * SIGTSTP and SIGQUIT to the foreground process group.  Raw mode: every
 * byte is delivered as typed, without echo (the shell's line editor).  In
 * both modes Ctrl-P prints the process list.
 */
#ifndef KITE_DEV_CONSOLE_H
#define KITE_DEV_CONSOLE_H

#include "../abi/types.h"

#define CTRL(x) ((x) - '@')
#define CONS_BACKSPACE 0x7f /* what terminals send for the backspace key */

void console_init(void);
/* A byte arrived from the UART (interrupt context). */
void console_intr(int c);
/* Read up to n bytes into dst (a user address if user_dst); bytes read or -E_INTR. */
int console_read(int user_dst, uint64 dst, int n);
/* Write n bytes from src (a user address if user_src); bytes written or an error. */
int console_write(int user_src, uint64 src, int n);
/* CONS_COOKED or CONS_RAW; 0, or -E_INVAL. */
int console_setmode(int mode);
/* The foreground process group (tcgetpgrp/tcsetpgrp); 0 until one is set. */
int console_fg_pgid(void);
void console_set_fg_pgid(int pgid);

#endif
