/*
 * ktest.c: the self-test runner.  Prints one line per test and the summary
 * `N passed, N failed`, then powers off (exit status 1 on any failure).
 */
#include "test/ktest.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/power.h"
#include "lib/printf.h"
#include "lib/string.h"

extern const struct ktest ktests_start[], ktests_end[];

static char fail_reason[160];
static int failed_flag;

void ktest_fail(const char *file, int line, const char *what)
{
	if (!failed_flag)
		snprintf(fail_reason, sizeof(fail_reason), "%s:%d: %s", file, line, what);
	failed_flag = 1;
}

int ktest_failed(void)
{
	return failed_flag;
}

void ktest_main(void *arg)
{
	(void)arg;
	char only[32];
	const char *want = bootarg_value("ktest", only, sizeof(only));
	int passed = 0, failed = 0;
	for (const struct ktest *t = ktests_start; t < ktests_end; t++) {
		if (want ? strcmp(want, t->name) != 0 : t->manual)
			continue;
		failed_flag = 0;
		fail_reason[0] = 0;
		printf("ktest: %s ...\n", t->name);
		t->fn();
		if (failed_flag) {
			printf("ktest: %s ... FAIL (%s)\n", t->name, fail_reason);
			failed++;
		} else {
			printf("ktest: %s ... ok\n", t->name);
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	power_off(failed > 0 || passed == 0);
}
