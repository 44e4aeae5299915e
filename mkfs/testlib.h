/*
 * testlib.h: support for the host tests of mkfs and fsck: running the
 * (sanitized) tools as child processes, building input files, loading
 * and editing images in memory, and a tiny reader that finds a file in
 * the root directory and reads it through the block map.
 */
#ifndef KITE_MKFS_TESTLIB_H
#define KITE_MKFS_TESTLIB_H

#include "layout.h"

/* Set by main from the command line. */
extern const char *t_mkfs, *t_fsck, *t_dir;

/* Why the current test failed; set by FAIL/CHECK. */
extern char t_reason[512];

#define FAIL(...)                                                                                  \
	do {                                                                                       \
		snprintf(t_reason, sizeof(t_reason), __VA_ARGS__);                                 \
		return -1;                                                                         \
	} while (0)
#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			FAIL(__VA_ARGS__);                                                         \
	} while (0)
/* Propagate a helper's failure (its reason is already set). */
#define TRY(expr)                                                                                  \
	do {                                                                                       \
		if ((expr) < 0)                                                                    \
			return -1;                                                                 \
	} while (0)

struct test {
	const char *name;
	int (*fn)(void); /* 0 = pass; -1 = fail with t_reason set */
};

/* Each test file's table, ended by an entry with a NULL name. */
extern const struct test mkfs_tests[], fsck_tests[], fuzz_tests[], sbcheck_tests[], repair_tests[];

/*
 * The standard inputs, created once in t_dir by make_inputs(): host file
 * name, the name mkfs must give it, and its size.  "big" needs the
 * double-indirect block (more than NDIRECT + NINDIRECT blocks).
 */
struct input_file {
	const char *host;
	const char *name;
	unsigned long size;
	unsigned seed;
};
extern const struct input_file inputs[];
extern const int ninputs;
int make_inputs(void);

/* Build the standard image at path with extra mkfs options (may be NULL). */
int make_base(const char *path, const char *opt_s, const char *opt_i);

/* Outcome of running a tool. */
struct run {
	int code;      /* exit status, or -1 if killed by a signal */
	int sig;       /* the signal, if any */
	int sanitizer; /* a sanitizer reported an error */
	char *out;     /* captured stdout, NUL-terminated */
	char *err;     /* captured stderr */
	int outlines, errlines;
};

/* Run argv (NULL-terminated); 0, or -1 with t_reason set. */
int run_tool(struct run *r, const char *const argv[]);
void run_free(struct run *r);

/* Run fsck on path and require exit status `want` and a clean run. */
int fsck_expect(const char *path, int want, struct run *r);

/* Path of a scratch file in the test directory (static buffer ring). */
const char *tpath(const char *name);

/* Write a file of n bytes from a seeded generator (seed 0: text). */
int make_file(const char *path, unsigned long n, unsigned seed);
void fill_random(uchar *buf, unsigned long n, unsigned seed);
unsigned rnd(unsigned *state);

/* A whole image in memory, for reading and damaging. */
struct fsimg {
	struct image im;
	struct superblock sb;
	struct geometry geo;
};

int img_load(struct fsimg *fi, const char *path);
int img_save(const struct fsimg *fi, const char *path);
void img_free(struct fsimg *fi);

/*
 * Write a commit into log half h by hand: sequence number seq, n copies
 * for homes[0..n), each slot holding the home block's current contents
 * if fill < 0 (an installed commit), else BSIZE bytes of fill.  The
 * checksum is right if sum_ok, else off by one (a torn commit).
 */
void log_put(struct fsimg *fi, int h, uint64 seq, uint n, const uint *homes, int fill, int sum_ok);

/* Reader: inode number of name in the root, and a file's contents. */
int fs_lookup(const struct fsimg *fi, const char *name, uint *inum);
int fs_read(const struct fsimg *fi, uint inum, uchar **data, unsigned long *len);
/* Address of logical block n of inode inum (0 if none). */
uint fs_bmap(const struct fsimg *fi, uint inum, uint n);

/* Compare a host file with a file in the image's root. */
int fs_compare(const struct fsimg *fi, const char *name, const char *host);

/* Find a free inode / a free data block (by the bitmap). 0 if none. */
uint fs_free_inode(const struct fsimg *fi);
uint fs_free_block(const struct fsimg *fi);

/* Append an entry to directory dir (must have room in its last block). */
int fs_add_entry(struct fsimg *fi, uint dir, const char *name, uint inum);

/* Pointer to the dirent in slot `slot` of directory dir, or NULL. */
struct dirent *fs_dirent(struct fsimg *fi, uint dir, uint slot);

#endif
