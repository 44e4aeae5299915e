/*
 * firstproc.c: the first process.  A KTEST kernel starts the self-test
 * runner instead of user space.
 */
#include "boot/firstproc.h"
#include "proc/proc.h"
#include "lib/panic.h"
#include "test/ktest.h"
#include "dev/console.h"

#ifndef KITE_KTEST
/* Until /init exists: echo what is typed (the line discipline already echoes). */
static void console_echo_loop(void *arg)
{
	(void)arg;
	char buf[64];
	for (;;)
		console_read(0, (uint64)buf, sizeof(buf));
}
#endif

void first_process_start(void)
{
#ifdef KITE_KTEST
	if (kthread_create(ktest_main, 0, "ktest") < 0)
		panic("cannot start the ktest runner");
#else
	if (kthread_create(console_echo_loop, 0, "echo") < 0)
		panic("cannot start the first process");
#endif
}
