/*
 * test_main.c: host tests for mkfs and fsck.
 *
 *   hosttest MKFS FSCK TMPDIR
 *
 * Runs every test in the tables of test_mkfs.c, test_fsck.c (its damage
 * and repair tests), test_fuzz.c and test_sbcheck.c against the given (normally sanitized) tools,
 * printing "test NAME: OK" or "test NAME: FAILED (reason)" for each and finally "N passed, N
 * failed".  Exits non-zero if any test failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testlib.h"

static void run_table(const struct test *t, int *pass, int *fail)
{
	for (; t->name; t++) {
		t_reason[0] = '\0';
		if (t->fn() == 0) {
			printf("test %s: OK\n", t->name);
			(*pass)++;
		} else {
			printf("test %s: FAILED (%s)\n", t->name,
			       t_reason[0] ? t_reason : "no reason given");
			(*fail)++;
		}
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	int pass = 0, fail = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: hosttest MKFS FSCK TMPDIR\n");
		return 2;
	}
	t_mkfs = argv[1];
	t_fsck = argv[2];
	t_dir = argv[3];
	if (mkdir(t_dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "hosttest: cannot create %s\n", t_dir);
		return 2;
	}
	/*
	 * Give sanitizer failures exit codes of their own so they cannot be
	 * mistaken for the tools' own exit 1.
	 */
	setenv("ASAN_OPTIONS", "exitcode=86:abort_on_error=0", 1);
	setenv("UBSAN_OPTIONS", "exitcode=87:print_stacktrace=1", 1);
	if (make_inputs() < 0) {
		fprintf(stderr, "hosttest: %s\n", t_reason);
		return 2;
	}
	run_table(mkfs_tests, &pass, &fail);
	run_table(fsck_tests, &pass, &fail);
	run_table(fuzz_tests, &pass, &fail);
	run_table(sbcheck_tests, &pass, &fail);
	run_table(repair_tests, &pass, &fail);
	printf("%d passed, %d failed\n", pass, fail);
	fflush(stdout);
	return fail ? 1 : 0;
}
