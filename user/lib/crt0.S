/*
 * crt0.S: where every user program starts.  exec leaves argc in a0 and
 * argv in a1 with sp 16-byte aligned, which is exactly how main(argc, argv)
 * wants them, so _start only has to call main and hand its return value to
 * exit.  Programs that call exit() themselves never come back here.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	li ra, 0        /* end of the call chain, for backtraces */
	li s0, 0        /* no caller frame */
	call main
	call exit       /* a0 = main's return value */
1:	j 1b            /* exit does not return */
	.size _start, .-_start
