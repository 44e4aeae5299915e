/*
 * firstproc.c: the first process.  A KTEST kernel starts the self-test
 * runner instead of user space.
 */
#include "boot/firstproc.h"
#include "proc/proc.h"
#include "lib/panic.h"
#include "test/ktest.h"
#include "dev/console.h"
#include "fs/fs.h"
#include "lib/printf.h"

#ifdef KITE_KTEST
/* The self-tests run on the mounted (scratch) root file system. */
static void ktest_runner(void *arg)
{
	if (fs_mount(ROOTDEV) != 0)
		printf("ktest: the root file system did not mount; fs tests will fail\n");
	ktest_main(arg);
}
#else
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
	if (kthread_create(ktest_runner, 0, "ktest") < 0)
		panic("cannot start the ktest runner");
#else
	if (kthread_create(console_echo_loop, 0, "echo") < 0)
		panic("cannot start the first process");
#endif
}
