/*
 * usertests: reads that the kernel's read-ahead must get right: random
 * offsets, backwards, past the end, and a sequential reader racing a
 * writer that rewrites, truncates and unlinks the file under it.
 */
#include "ut.h"

#define RA_FILE_BLOCKS 304 /* past the direct blocks, several windows; whole BUFSZ pieces */
#define RA_FILE_BYTES (RA_FILE_BLOCKS * BSIZE)
#define RA_SEED 7
#define RA_SEED2 8
#define RA_PROBES 40
#define RA_ODD 777 /* a read size that is no block multiple */
#define RA_ROUNDS 6

/* A file of RA_FILE_BLOCKS blocks of seed's pattern, written in BUFSZ pieces. */
_Static_assert(RA_FILE_BYTES % BUFSZ == 0, "the file is written in whole BUFSZ pieces");
static void make_ra_file(const char *name, int seed)
{
	int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
	CHECK(fd >= 0, "create %s failed", name);
	for (uint off = 0; off < RA_FILE_BYTES; off += BUFSZ) {
		fill(buf, BUFSZ, seed, off);
		CHECK(write(fd, buf, BUFSZ) == BUFSZ, "write at %u failed", off);
	}
	close(fd);
}

/* Read n bytes at off through lseek + read; check the pattern. */
static void read_at(int fd, uint off, int n, int seed)
{
	CHECK(lseek(fd, (int)off, SEEK_SET) == (int)off, "lseek to %u failed", off);
	int left = off >= RA_FILE_BYTES ? 0 : (int)(RA_FILE_BYTES - off);
	int want = left < n ? left : n;
	int got = read(fd, buf, n);
	CHECK(got == want, "read of %d at %u gave %d, expected %d", n, off, got, want);
	int bad = check_fill(buf, got, seed, off);
	CHECK(bad < 0, "wrong byte at %u (read of %d at %u)", off + (uint)bad, n, off);
}

/* Random offsets, a backward scan and reads past the end: right data, no more. */
void test_readrandom(void)
{
	make_ra_file("ra", RA_SEED);
	int fd = open("ra", O_RDONLY);
	CHECK(fd >= 0, "open failed");
	uint x = 12345;
	for (int i = 0; i < RA_PROBES; i++) {
		x = x * 1103515245u + 12345u; /* a fixed pseudo-random walk */
		read_at(fd, (x >> 8) % RA_FILE_BYTES, RA_ODD, RA_SEED);
	}
	/* Backwards, one block at a time, from the last block. */
	for (int b = RA_FILE_BLOCKS - 1; b >= 0; b--)
		read_at(fd, (uint)b * BSIZE, BSIZE, RA_SEED);
	/* Sequential after the jumps: read-ahead starts again mid-file. */
	CHECK(lseek(fd, RA_FILE_BYTES / 3, SEEK_SET) == RA_FILE_BYTES / 3, "lseek failed");
	uint off = RA_FILE_BYTES / 3;
	int n;
	while ((n = read(fd, buf, BUFSZ)) > 0) {
		CHECK(check_fill(buf, n, RA_SEED, off) < 0, "wrong data near %u", off);
		off += (uint)n;
	}
	CHECK(n == 0 && off == RA_FILE_BYTES, "sequential read ended at %u", off);
	/* Past the end: nothing, again and again; a read across the end is cut short. */
	read_at(fd, RA_FILE_BYTES, BSIZE, RA_SEED);
	read_at(fd, RA_FILE_BYTES + 5 * BSIZE, BSIZE, RA_SEED);
	read_at(fd, RA_FILE_BYTES - 10, BSIZE, RA_SEED);
	close(fd);
	CHECK(unlink("ra") == 0, "unlink failed");
}

/* Does every byte of the block-aligned p[0..n) at file offset off match
 * one seed per block (either one)? */
static int blocks_consistent(const char *p, int n, uint off)
{
	for (int i = 0; i < n; i += BSIZE) {
		int m = n - i < BSIZE ? n - i : BSIZE;
		if (check_fill(p + i, m, RA_SEED, off + (uint)i) >= 0 &&
		    check_fill(p + i, m, RA_SEED2, off + (uint)i) >= 0)
			return 0;
	}
	return 1;
}

/* The reader: sequential passes over an open file while the parent
 * changes it; every block read is all old or all new data. */
static void racing_reader(void)
{
	static char rbuf[BUFSZ];
	for (int round = 0; round < RA_ROUNDS; round++) {
		int fd = open("rw", O_RDONLY);
		if (fd < 0)
			continue; /* between unlink and re-create */
		uint off = 0;
		int n;
		while ((n = read(fd, rbuf, BUFSZ)) > 0) {
			CHECK(blocks_consistent(rbuf, n, off), "torn block near offset %u", off);
			off += (uint)n;
		}
		CHECK(n == 0, "read failed at %u", off);
		close(fd);
	}
	exit(0);
}

/* A sequential reader (read-ahead in flight) against a writer that
 * rewrites, truncates and unlinks the same file. */
void test_readrace(void)
{
	make_ra_file("rw", RA_SEED);
	int pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0)
		racing_reader();
	for (int round = 0; round < RA_ROUNDS; round++) {
		int fd = open("rw", O_WRONLY);
		CHECK(fd >= 0, "open for writing failed");
		int seed = round % 2 ? RA_SEED : RA_SEED2;
		for (uint off = 0; off < RA_FILE_BYTES; off += BUFSZ) {
			fill(buf, BUFSZ, seed, off);
			CHECK(write(fd, buf, BUFSZ) == BUFSZ, "rewrite at %u failed", off);
		}
		CHECK(ftruncate(fd, RA_FILE_BYTES / 2) == 0, "ftruncate failed");
		close(fd);
		CHECK(unlink("rw") == 0, "unlink failed");
		make_ra_file("rw", RA_SEED);
	}
	int st;
	CHECK(wait(&st) == pid && st == 0, "the reader failed (status %d)", st);
	/* Afterwards the file reads back exactly. */
	CHECK(read_file("rw", buf2, BUFSZ) == BUFSZ && check_fill(buf2, BUFSZ, RA_SEED, 0) < 0,
	      "file wrong after the race");
	CHECK(unlink("rw") == 0, "unlink failed");
}
