/*
 * usertests: isolation (faults kill only the faulting process).
 */
#include "ut.h"

/* Reads and writes of kernel (and other non-user) addresses kill. */
void test_kernmem(void)
{
	int i;

	for (i = 0; i < NELEM(kernel_addrs); i++) {
		victim_addr = kernel_addrs[i];
		expect_killed(victim_read, "read of a kernel address");
		expect_killed(victim_write, "write of a kernel address");
	}
}

/* Writing to our own program text kills; the text is unchanged after. */
void test_textwrite(void)
{
	uint64 code = (uint64)&victim_read;
	char before[16];

	memmove(before, (void *)code, sizeof(before));
	victim_addr = code;
	expect_killed(victim_write, "write to program text");
	victim_addr = (uint64)&test_textwrite;
	expect_killed(victim_write, "write to program text");
	CHECK(memcmp(before, (void *)code, sizeof(before)) == 0, "program text changed");
}

/* A volatile frame that cannot be optimised away: runaway recursion. */
static int recurse(int depth)
{
	volatile char pad[200];
	int r;

	pad[0] = (char)depth;
	if (depth > 1000000)
		return pad[0];
	r = recurse(depth + 1);
	pad[1] = (char)r;
	return pad[0] + pad[1];
}

static void victim_recurse(void)
{
	recurse(0);
}

/* The page below the stack is a guard: touching it kills. */
void test_stackguard(void)
{
	uint64 bottom = stack_bottom();
	int fd, status;

	victim_addr = bottom - 1;
	expect_killed(victim_read, "read just below the stack");
	expect_killed(victim_write, "write just below the stack");
	victim_addr = bottom - PGSIZE / 2;
	expect_killed(victim_write, "write into the stack guard");
	victim_addr = bottom - PGSIZE;
	expect_killed(victim_read, "read of the stack guard's first byte");

	/* The kernel refuses to copy into the guard, too. */
	fill(buf, 64, 1, 0);
	write_file("g", buf, 64);
	fd = open("g", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	CHECK(read(fd, (char *)(bottom - PGSIZE / 2), 10) == -1,
	      "read into the stack guard accepted");
	close(fd);
	unlink("g");

	status = run_child(victim_recurse);
	CHECK(status == -1, "stack overflow by recursion: status %d, expected -1", status);
}
