/*
 * init: the first user process.  Opens the console as descriptors 0, 1 and
 * 2 (creating the device file if needed), makes /dev/null and /dev/zero if
 * they are missing, then keeps a shell running, and reaps every orphan
 * that is handed to it.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/devno.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

static char *sh_argv[] = {"sh", 0};

/* Create device file path (major) unless something has that name. */
static void make_device(const char *path, int major)
{
	struct stat st;

	if (stat(path, &st) < 0 && mknod(path, major, 0) < 0)
		fprintf(2, "init: cannot create %s\n", path);
}

int main(void)
{
	int pid, w, start;

	if (open("console", O_RDWR) < 0) {
		mknod("console", CONSOLE, 0);
		if (open("console", O_RDWR) < 0)
			exit(1); /* nowhere to even report it */
	}
	dup(0);        /* stdout */
	dup(0);        /* stderr */
	mkdir("/dev"); /* fails harmlessly if it exists */
	make_device("/dev/null", NULLDEV);
	make_device("/dev/zero", ZERODEV);

	/* Ctrl-C must never take init down. */
	ignintr(1);

	for (;;) {
		printf("init: starting sh\n");
		start = uptime();
		pid = fork();
		if (pid < 0) {
			fprintf(2, "init: fork failed\n");
			sleep(TICK_HZ);
			continue;
		}
		if (pid == 0) {
			exec("/sh", sh_argv);
			fprintf(2, "init: exec sh failed\n");
			exit(1);
		}
		/* Orphans are reparented to init: reap them until the shell exits. */
		while ((w = wait(0)) != pid) {
			if (w < 0) {
				fprintf(2, "init: wait failed\n");
				break;
			}
		}
		/* A shell that dies at once would make this loop spin. */
		if (uptime() - start < TICK_HZ)
			sleep(TICK_HZ);
	}
}
