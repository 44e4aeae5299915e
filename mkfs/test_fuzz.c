/*
 * test_fuzz.c: fsck survives hostile images.
 *
 * Truncated files, random bytes, random superblocks, random bytes over
 * the metadata of a good image and hand-made loops.  fsck must finish
 * (run_tool's alarm catches endless loops), exit with a documented
 * status, and keep the sanitizers quiet.  Seeds are fixed so a failure
 * reproduces; the failing seed is named in the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

#define EXIT_OK (1 << 0)
#define EXIT_PROBLEMS (1 << 1)
#define EXIT_UNREADABLE (1 << 2)
#define NOT_CLEAN (EXIT_PROBLEMS | EXIT_UNREADABLE)
#define ANY_EXIT (EXIT_OK | EXIT_PROBLEMS | EXIT_UNREADABLE)

/* Write len bytes as an image and run fsck; its exit must be in `allow`. */
static int fuzz_run(const uchar *data, unsigned long len, int allow, const char *what,
                    unsigned seed)
{
	const char *img = tpath("fuzz.img");
	struct fsimg fi;
	struct run r;
	int ok;

	fi.im.data = (uchar *)data;
	fi.im.len = len;
	TRY(img_save(&fi, img));
	if (fsck_expect(img, -1, &r) < 0) {
		char why[sizeof(t_reason)];
		snprintf(why, sizeof(why), "%s", t_reason);
		FAIL("%s seed %u: %.400s", what, seed, why);
	}
	ok = r.code >= 0 && r.code <= 2 && (allow & (1 << r.code));
	run_free(&r);
	CHECK(ok, "%s seed %u (%lu bytes): fsck exit %d not allowed", what, seed, len, r.code);
	return 0;
}

static int t_missing_image(void)
{
	struct run r;
	int code;

	unlink(tpath("no-such.img"));
	TRY(fsck_expect(tpath("no-such.img"), 2, &r));
	code = r.errlines;
	run_free(&r);
	CHECK(code == 1, "want one line on stderr");
	return 0;
}

static int t_directory_image(void)
{
	struct run r;

	TRY(fsck_expect(t_dir, 2, &r));
	run_free(&r);
	return 0;
}

static int base_bytes(struct fsimg *fi)
{
	const char *base = tpath("fuzzbase.img");
	static int made;

	if (!made) {
		TRY(make_base(base, "2048", "64"));
		made = 1;
	}
	return img_load(fi, base);
}

static int t_truncated(void)
{
	struct fsimg fi;
	unsigned long lens[] = {0,
	                        1,
	                        BSIZE - 1,
	                        BSIZE,
	                        2 * BSIZE - 1,
	                        2 * BSIZE,
	                        2 * BSIZE + 1,
	                        3 * BSIZE,
	                        200 * BSIZE,
	                        1000 * BSIZE + 7,
	                        2047UL * BSIZE,
	                        2048UL * BSIZE - 1};
	unsigned i;
	int rc = 0;

	TRY(base_bytes(&fi));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]) && rc == 0; i++)
		rc =
		    fuzz_run(fi.im.data, lens[i], lens[i] < 2 * BSIZE ? EXIT_UNREADABLE : NOT_CLEAN,
		             "truncated", (unsigned)lens[i]);
	img_free(&fi);
	return rc;
}

/* Pure noise: almost always a bad magic, sometimes too short. */
static int t_random_bytes(void)
{
	unsigned seed;
	int rc = 0;

	for (seed = 1; seed <= 10 && rc == 0; seed++) {
		unsigned s = seed;
		unsigned long len = (rnd(&s) % 300) * BSIZE + rnd(&s) % 3;
		uchar *buf = malloc(len + 1);
		CHECK(buf, "out of memory");
		fill_random(buf, len, seed);
		rc = fuzz_run(buf, len, NOT_CLEAN, "random", seed);
		free(buf);
	}
	return rc;
}

/* A valid superblock over noise: every later pass sees garbage. */
static int t_random_with_superblock(void)
{
	unsigned seed;
	int rc = 0;

	for (seed = 1; seed <= 20 && rc == 0; seed++) {
		unsigned s = seed * 7919;
		uint size = 200 + rnd(&s) % 3000;
		uint ninodes = 2 + rnd(&s) % 600;
		unsigned long len = (unsigned long)size * BSIZE;
		struct superblock sb;
		struct geometry g;
		uchar *buf = malloc(len);
		CHECK(buf, "out of memory");
		fill_random(buf, len, seed);
		if (geo_make(size, ninodes, &sb, &g) == 0)
			memcpy(buf + BSIZE, &sb, sizeof(sb));
		rc = fuzz_run(buf, len, NOT_CLEAN, "noise+superblock", seed);
		free(buf);
	}
	return rc;
}

/* Good image, superblock fields nudged or replaced at random. */
static int t_random_superblock_fields(void)
{
	struct fsimg fi;
	struct superblock good;
	unsigned seed;
	int rc = 0;

	TRY(base_bytes(&fi));
	good = fi.sb;
	for (seed = 1; seed <= 60 && rc == 0; seed++) {
		unsigned s = seed;
		uint *field = (uint *)&fi.sb;
		int nf = (int)(sizeof(fi.sb) / sizeof(uint)), k;
		fi.sb = good;
		for (k = 0; k < 1 + (int)(rnd(&s) % 3); k++) {
			int which = 1 + (int)(rnd(&s) % (uint)(nf - 2));
			switch (rnd(&s) % 3) {
			case 0:
				field[which] = rnd(&s);
				break;
			case 1:
				field[which] += rnd(&s) % 9 - 4;
				break;
			default:
				field[which] = rnd(&s) % 4096;
				break;
			}
		}
		memcpy(img_block(&fi.im, 1), &fi.sb, sizeof(fi.sb));
		rc = fuzz_run(fi.im.data, fi.im.len, ANY_EXIT, "sb fields", seed);
	}
	img_free(&fi);
	return rc;
}

/*
 * Good image with random bytes written over the log header, inodes,
 * bitmap and the first data blocks (root directory, indirect blocks).
 */
static int t_smash_metadata(void)
{
	struct fsimg fi;
	uchar *good;
	unsigned seed;
	int rc = 0;

	TRY(base_bytes(&fi));
	good = malloc(fi.im.len);
	CHECK(good, "out of memory");
	memcpy(good, fi.im.data, fi.im.len);
	for (seed = 1; seed <= 80 && rc == 0; seed++) {
		unsigned s = seed * 104729;
		unsigned long lo = (unsigned long)fi.sb.logstart * BSIZE;
		unsigned long hi = (unsigned long)(fi.geo.datastart + 700) * BSIZE;
		uint n = 1 + rnd(&s) % (seed % 4 == 0 ? 4000 : 60), i;
		memcpy(fi.im.data, good, fi.im.len);
		for (i = 0; i < n; i++) {
			unsigned long off = lo + rnd(&s) % (hi - lo);
			/* Small values make plausible addresses and inums. */
			fi.im.data[off] = (uchar)(rnd(&s) % 3 ? rnd(&s) : rnd(&s) % 8);
		}
		rc = fuzz_run(fi.im.data, fi.im.len, ANY_EXIT, "smash", seed);
	}
	free(good);
	img_free(&fi);
	return rc;
}

/*
 * Every inode a directory with random block pointers into the image and
 * random sizes, every data block full of entries naming random inodes:
 * maximal sharing, cycles and garbage for the directory walk.
 */
static int t_all_directories(void)
{
	struct fsimg fi;
	unsigned seed;
	int rc = 0;

	for (seed = 1; seed <= 6 && rc == 0; seed++) {
		unsigned s = seed;
		uint i, b, k;
		TRY(base_bytes(&fi));
		for (i = 1; i < fi.sb.ninodes; i++) {
			struct dinode di;
			memset(&di, 0, sizeof(di));
			di.type = T_DIR;
			di.nlink = (short)(rnd(&s) % 3);
			di.size = seed % 2 ? rnd(&s) : rnd(&s) % (64 * BSIZE);
			for (k = 0; k < NADDRS; k++)
				di.addrs[k] = fi.geo.datastart + rnd(&s) % (fi.sb.nblocks + 8);
			img_put_inode(&fi.im, &fi.sb, i, &di);
		}
		for (b = fi.geo.datastart; b < fi.sb.size; b++) {
			struct dirent *de = (struct dirent *)img_block(&fi.im, b);
			for (k = 0; k < BSIZE / sizeof(*de); k++) {
				de[k].inum = (ushort)(rnd(&s) % 70);
				de[k].name[0] = (char)('a' + rnd(&s) % 3);
				de[k].name[1] = k % 5 ? '\0' : '.';
			}
		}
		rc = fuzz_run(fi.im.data, fi.im.len, NOT_CLEAN, "all dirs", seed);
		img_free(&fi);
	}
	return rc;
}

/* Indirect blocks that point at themselves and at each other. */
static int t_indirect_loops(void)
{
	struct fsimg fi;
	struct dinode di;
	uint inum, *ind, *dind, i;
	int rc;

	TRY(base_bytes(&fi));
	TRY(fs_lookup(&fi, "big", &inum));
	img_get_inode(&fi.im, &fi.sb, inum, &di);
	ind = (uint *)img_block(&fi.im, di.addrs[IND_SLOT]);
	dind = (uint *)img_block(&fi.im, di.addrs[DIND_SLOT]);
	for (i = 0; i < NINDIRECT; i++) {
		ind[i] = di.addrs[i % 2 ? IND_SLOT : DIND_SLOT];
		dind[i] = di.addrs[i % 2 ? DIND_SLOT : IND_SLOT];
	}
	di.size = 0xfffffff0u;
	img_put_inode(&fi.im, &fi.sb, inum, &di);
	/* The root directory's only block doubles as its indirect block. */
	img_get_inode(&fi.im, &fi.sb, ROOTINO, &di);
	di.addrs[IND_SLOT] = di.addrs[0];
	di.addrs[DIND_SLOT] = di.addrs[0];
	di.size = 0xffffffffu;
	img_put_inode(&fi.im, &fi.sb, ROOTINO, &di);
	rc = fuzz_run(fi.im.data, fi.im.len, EXIT_PROBLEMS, "loops", 0);
	img_free(&fi);
	return rc;
}

const struct test fuzz_tests[] = {
    {"fuzz_missing_image", t_missing_image},
    {"fuzz_directory_as_image", t_directory_image},
    {"fuzz_truncated_images", t_truncated},
    {"fuzz_random_bytes", t_random_bytes},
    {"fuzz_random_with_superblock", t_random_with_superblock},
    {"fuzz_random_superblock_fields", t_random_superblock_fields},
    {"fuzz_smash_metadata", t_smash_metadata},
    {"fuzz_all_directories", t_all_directories},
    {"fuzz_indirect_loops", t_indirect_loops},
    {NULL, NULL},
};
