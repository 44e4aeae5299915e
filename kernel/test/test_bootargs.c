/* test_bootargs.c: the boot-argument parser (arch/riscv/fdt.h). */
#include "test/ktest.h"
#include "arch/riscv/fdt.h"
#include "lib/errno.h"
#include "lib/string.h"

KTEST(bootargs)
{
	char saved[FDT_BOOTARGS_LEN], buf[8];
	uint64 v = 7;
	memmove(saved, bootinfo.bootargs, sizeof(saved));
	strlcpy_k(bootinfo.bootargs,
	          "xtick_hz=5  tick_hz=250 ktest=fs_names name=toolongvalue hz=12a",
	          sizeof(bootinfo.bootargs));
	int ok = bootarg_uint("tick_hz", &v) == 0 && v == 250; /* not xtick_hz's 5 */
	ok = ok && bootarg_value("ktest", buf, sizeof(buf)) == buf && strcmp(buf, "fs_name") == 0;
	ok = ok && bootarg_value("name", buf, sizeof(buf)) && strcmp(buf, "toolong") == 0;
	ok = ok && bootarg_uint("hz", &v) == -E_INVAL && v == 250; /* not a number */
	ok = ok && bootarg_value("tick", buf, sizeof(buf)) == 0;   /* a prefix is not a key */
	ok = ok && bootarg_uint("missing", &v) == -E_INVAL;
	memmove(bootinfo.bootargs, saved, sizeof(saved));
	KT_CHECK(ok);
}
