/*
 * firstproc.c: the first process.  It starts as a kernel thread (so that
 * it can sleep while the root file system is mounted), then execs /init
 * and leaves for user mode.  A KTEST kernel runs the self-tests instead.
 */
#include "boot/firstproc.h"
#include "proc/proc.h"
#include "proc/exec.h"
#include "proc/uvm.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/usertrap.h"
#include "fs/fsops.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "test/ktest.h"
#include "../abi/param.h"
#include "fs/fs.h"

#ifdef KITE_KTEST
/* The self-tests run on the mounted (scratch) root file system. */
static void ktest_runner(void *arg)
{
	if (fs_mount(ROOTDEV) != 0)
		printf("ktest: the root file system did not mount; fs tests will fail\n");
	ktest_main(arg);
}
#else
static void init_thread(void *arg)
{
	(void)arg;
	struct proc *p = myproc();
	initproc = p;
	int err = fs_mount(ROOTDEV);
	if (err < 0) {
		printf("kite: cannot mount the root file system (error %d); nothing to run\n", err);
		return; /* this thread ends; the harts idle */
	}
	struct inode *root;
	if (fsop_chdir(0, "/", &root) == 0)
		p->cwd = root;
	char *argv[] = {"init", 0};
	err = proc_exec("/init", argv, 0); /* init starts with no environment */
	if (err < 0) {
		printf("kite: cannot run /init (error %d)\n", err);
		return;
	}
	uint64 show;
	if (bootarg_uint("kpgtbl", &show) == 0 && show)
		uvm_print(p->pagetable); /* boot argument kpgtbl=1: the first process's table */
	user_return();
}
#endif

void first_process_start(void)
{
#ifdef KITE_KTEST
	if (kthread_create(ktest_runner, 0, "ktest") < 0)
		panic("cannot start the ktest runner");
#else
	if (kthread_create(init_thread, 0, "init") < 0)
		panic("cannot start the first process");
#endif
}
