/*
 * crt0.S: where every user program starts.  exec leaves argc in a0, argv
 * in a1 and the environment in a2 with sp 16-byte aligned, which is
 * exactly how main(argc, argv, envp) wants them, so _start only has to
 * remember the environment in `environ` (lib/env.c), call main and hand
 * its return value to exit.  Programs that call exit() themselves never
 * come back here.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	li ra, 0        /* end of the call chain, for backtraces */
	li s0, 0        /* no caller frame */
	la t0, environ
	sd a2, 0(t0)
	call main
	call exit       /* a0 = main's return value */
1:	j 1b            /* exit does not return */
	.size _start, .-_start
