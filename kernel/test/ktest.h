/*
 * ktest.h: in-kernel self-tests (`make ktest`).
 *
 *   KTEST(name) { ... KT_CHECK(cond); ... }
 *
 * defines a test and registers it in the .ktests section.  KT_CHECK stops
 * the test with "FAIL (file:line: cond)".  Tests run one after another in
 * a kernel thread, so they may sleep, create threads and do disk I/O.
 * KTEST_MANUAL tests (ones that panic on purpose) run only when named with
 * the boot argument ktest=NAME.
 */
#ifndef KITE_TEST_KTEST_H
#define KITE_TEST_KTEST_H

#include "../abi/types.h"

struct ktest {
	const char *name;
	void (*fn)(void);
	int manual;
};

#define KTEST_DEFINE(tname, is_manual)                                                             \
	static void ktest_fn_##tname(void);                                                        \
	static const struct ktest ktest_rec_##tname                                                \
	    __attribute__((section(".ktests"), used, aligned(8))) = {#tname, ktest_fn_##tname,     \
	                                                             is_manual};                   \
	static void ktest_fn_##tname(void)

#define KTEST(tname) KTEST_DEFINE(tname, 0)
#define KTEST_MANUAL(tname) KTEST_DEFINE(tname, 1)

/* Record a failure; the first one is the reason printed. */
void ktest_fail(const char *file, int line, const char *what);
int ktest_failed(void);

#define KT_CHECK(cond)                                                                             \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			ktest_fail(__FILE__, __LINE__, #cond);                                     \
			return;                                                                    \
		}                                                                                  \
	} while (0)

void ktest_main(void *arg);

#endif
