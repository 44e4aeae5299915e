/*
 * usertests: small helpers shared by the test files (declared in ut.h).
 */
#include "ut.h"

/* Scratch buffers shared by the tests (each test runs in its own process). */
char buf[BUFSZ];
char buf2[BUFSZ];

uint64 freemem(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		FAIL("sysinfo failed");
	return si.freemem;
}

int nprocs(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0)
		FAIL("sysinfo failed");
	return (int)si.nproc;
}

/* A deterministic byte pattern: byte i of stream `seed`. */
static char pat(int seed, uint i)
{
	return (char)(seed * 131 + i * 7 + i / 253);
}

void fill(char *p, int n, int seed, uint start)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = pat(seed, start + i);
}

/* Index of the first byte that differs from the pattern, or -1. */
int check_fill(const char *p, int n, int seed, uint start)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(seed, start + i))
			return i;
	return -1;
}

/* Create (or truncate) name and write n bytes to it. */
void write_file(const char *name, const void *data, int n)
{
	int fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);

	CHECK(fd >= 0, "cannot create %s", name);
	CHECK(write(fd, data, n) == n, "write to %s failed", name);
	close(fd);
}

/* Read up to max bytes of name; returns the count (-1 if it can't open). */
int read_file(const char *name, void *out, int max)
{
	int fd = open(name, O_RDONLY), n, total = 0;

	if (fd < 0)
		return -1;
	while (total < max && (n = read(fd, (char *)out + total, max - total)) > 0)
		total += n;
	close(fd);
	return total;
}

short file_type(const char *name)
{
	struct stat st;
	int fd = open(name, O_RDONLY | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0)
		st.type = 0;
	close(fd);
	return st.type;
}

/* Write the decimal form of n into out (which must have room). */
static void fmt_int(int n, char *out)
{
	char tmp[12];
	int i = 0, neg = n < 0;
	uint u = neg ? -(uint)n : (uint)n;

	do {
		tmp[i++] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (neg)
		*out++ = '-';
	while (i > 0)
		*out++ = tmp[--i];
	*out = 0;
}

/* out = prefix followed by the decimal n. */
void numbered(char *out, const char *prefix, int n)
{
	int len = strlen(prefix);

	memmove(out, prefix, len);
	fmt_int(n, out + len);
}

/* Run fn in a child; return the child's wait status. */
int run_child(void (*fn)(void))
{
	int pid, status = 12345;

	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		fn();
		exit(0);
	}
	CHECK(wait(&status) == pid, "wait returned the wrong pid");
	return status;
}

/* Parameter for the victim functions below (set before forking). */
volatile uint64 victim_addr;

/* fn must get its process killed by the kernel: wait reports -1. */
void expect_killed(void (*fn)(void), const char *what)
{
	int status = run_child(fn);

	CHECK(status == -1, "%s at %p: not killed (status %d)", what, (void *)victim_addr, status);
}

void victim_read(void)
{
	volatile char c = *(volatile char *)victim_addr;

	(void)c;
}

void victim_write(void)
{
	*(volatile char *)victim_addr = 'x';
}

/* Addresses no user pointer may reach (the kernel half, the top pages, beyond Sv39). */
uint64 kernel_addrs[] = {
    0xffffffffffffffffULL, /* not even a valid Sv39 address */
    KERNBASE,              /* start of RAM */
    KERNBASE + 0x200000,   /* the kernel's text */
    KERNBASE + 0x2000000,  /* kernel data / free pages */
    TRAPFRAME,             /* mapped, but not for user mode */
    TRAMPOLINE,            /* mapped, but not for user mode */
    MAXVA,                 /* one past the top of user space */
    MAXVA + PGSIZE,
};

/* The first address past this process's memory, plus a page of margin. */
uint64 past_end(void)
{
	return PGROUNDUP((uint64)sbrk(0)) + PGSIZE;
}

/* The lowest byte of the user stack (we run in its top page). */
uint64 stack_bottom(void)
{
	volatile char here;

	return PGROUNDDOWN((uint64)&here) - (USERSTACK - 1) * PGSIZE;
}

void stat_ok(const char *name, struct stat *st)
{
	CHECK(stat(name, st) == 0, "stat %s failed", name);
}

/* Count the used entries of a directory; check that `name` is one. */
int count_entries(const char *dir, const char *name, int *found)
{
	struct dirent de;
	char nm[DIRSIZ + 1];
	int fd, n = 0;

	*found = 0;
	fd = open(dir, O_RDONLY);
	CHECK(fd >= 0, "cannot open directory %s", dir);
	while (read(fd, &de, sizeof(de)) == sizeof(de)) {
		if (de.inum == 0)
			continue;
		memmove(nm, de.name, DIRSIZ);
		nm[DIRSIZ] = 0;
		if (name && strcmp(nm, name) == 0)
			*found = 1;
		n++;
	}
	close(fd);
	return n;
}

/* Write nbytes of pattern to name, check size, read back, remove. */
void file_roundtrip(const char *name, uint nbytes)
{
	uint off;
	int fd, n, chunk;
	struct stat st;

	fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
	CHECK(fd >= 0, "create failed");
	for (off = 0; off < nbytes; off += n) {
		n = nbytes - off < BUFSZ ? nbytes - off : BUFSZ;
		fill(buf, n, 11, off);
		CHECK(write(fd, buf, n) == n, "write failed at offset %d", off);
	}
	close(fd);
	stat_ok(name, &st);
	CHECK(st.size == nbytes, "size %lu, expected %d", st.size, nbytes);

	/* Odd chunk sizes so that reads straddle block boundaries. */
	fd = open(name, O_RDONLY);
	CHECK(fd >= 0, "open failed");
	chunk = BUFSZ - 123;
	for (off = 0; (n = read(fd, buf, chunk)) > 0; off += n) {
		int bad = check_fill(buf, n, 11, off);

		CHECK(bad < 0, "wrong data at offset %d (block %d)", off + bad,
		      (off + bad) / BSIZE);
	}
	CHECK(n == 0 && off == nbytes, "read back %d of %d bytes", off, nbytes);
	close(fd);
	CHECK(unlink(name) == 0, "unlink failed");
}
