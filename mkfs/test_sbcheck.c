/*
 * test_sbcheck.c: the superblock check that the kernel runs at mount
 * (kernel/fs/sbcheck.c), called directly.  A standard layout passes; each
 * rule refuses a superblock that breaks it (hostile values included:
 * fields that would wrap a 32-bit sum), and fsck refuses what the kernel
 * refuses (issue 11: fsck used to accept a one-block log).
 */
#include <stdio.h>
#include <string.h>

#include "kernel/param.h"
#include "layout.h"
#include "testlib.h"

#define SIZE 4096u
#define NINODES 256u

static struct superblock good(void)
{
	struct superblock sb;
	struct geometry g;

	if (geo_make(SIZE, NINODES, &sb, &g) < 0)
		memset(&sb, 0, sizeof(sb));
	return sb;
}

/* sb must be refused with a reason containing want. */
static int refused(const struct superblock *sb, unsigned long disk, const char *want)
{
	const char *why = sb_validate(sb, disk, NULL);

	CHECK(why, "accepted a superblock that should fail with '%s'", want);
	CHECK(strstr(why, want), "reason '%s', want '%s'", why, want);
	return 0;
}

static int t_sb_good(void)
{
	struct superblock sb = good();
	struct sb_geometry g;
	const char *why = sb_validate(&sb, SIZE, &g);

	CHECK(!why, "standard layout refused: %s", why);
	CHECK(g.datastart == sb.bmapstart + 1 && g.nbitmap == 1, "geometry datastart %u nbitmap %u",
	      g.datastart, g.nbitmap);
	CHECK(g.ninodeblocks == NINODES / IPB, "ninodeblocks %u", g.ninodeblocks);
	return 0;
}

#define BAD_SB(fn, disk, want, change)                                                             \
	static int fn(void)                                                                        \
	{                                                                                          \
		struct superblock sb = good();                                                     \
		change;                                                                            \
		return refused(&sb, disk, want);                                                   \
	}

BAD_SB(t_sb_magic, SIZE, "magic", { sb.magic = 0; })
BAD_SB(t_sb_version, SIZE, "version", { sb.version = FSVERSION + 1; })
BAD_SB(t_sb_bigger_than_disk, SIZE - 1, "larger than the disk", {})
BAD_SB(t_sb_one_inode, SIZE, "inode count", { sb.ninodes = ROOTINO; })
BAD_SB(t_sb_too_many_inodes, SIZE, "inode count", { sb.ninodes = SB_MAX_INODES + 1; })
BAD_SB(t_sb_nlog_one, SIZE, "log size", { sb.nlog = 1; })
BAD_SB(t_sb_nlog_small, SIZE, "log size", { sb.nlog = MAXOPBLOCKS; })
BAD_SB(t_sb_nlog_huge, SIZE, "log size", { sb.nlog = 0xffffffffu; })
BAD_SB(t_sb_log_on_super, SIZE, "boot block or superblock", { sb.logstart = SB_BLOCK; })
BAD_SB(t_sb_log_into_inodes, SIZE, "log overlaps the inodes", { sb.inodestart--; })
BAD_SB(t_sb_wrapping_inodestart, SIZE, "inodes overlap", {
	sb.inodestart = 0xffffffffu;
	sb.bmapstart = 0xffffffffu;
})
BAD_SB(t_sb_inodes_into_bitmap, SIZE, "inodes overlap the bitmap", { sb.bmapstart--; })
BAD_SB(t_sb_no_data, SIZE, "no data blocks", { sb.bmapstart = SIZE - 1; })
BAD_SB(t_sb_nblocks, SIZE, "nblocks", { sb.nblocks++; })
BAD_SB(t_sb_bitmap_too_big, 0xffffffffu, "too large for the log", {
	sb.size = (MAXOPBLOCKS - SB_TRUNC_OP_OVERHEAD + 1) * BPB;
	sb.nblocks = sb.size - (sb.bmapstart + MAXOPBLOCKS - SB_TRUNC_OP_OVERHEAD + 1);
})

/* fsck refuses a one-block log, as the kernel does. */
static int t_fsck_nlog_one(void)
{
	const char *path = tpath("nlog1.img");
	struct fsimg fi;
	struct run r;

	TRY(make_base(path, "4096", "256"));
	TRY(img_load(&fi, path));
	fi.sb.nlog = 1;
	memcpy(img_block(&fi.im, SB_BLOCK), &fi.sb, sizeof(fi.sb));
	TRY(img_save(&fi, path));
	img_free(&fi);
	TRY(fsck_expect(path, 1, &r));
	int found = strstr(r.out, "log size") || strstr(r.err, "log size");
	run_free(&r);
	CHECK(found, "fsck did not name the log size");
	return 0;
}

const struct test sbcheck_tests[] = {
    {"sb_good_layout", t_sb_good},
    {"sb_bad_magic", t_sb_magic},
    {"sb_bad_version", t_sb_version},
    {"sb_bigger_than_disk", t_sb_bigger_than_disk},
    {"sb_one_inode", t_sb_one_inode},
    {"sb_too_many_inodes", t_sb_too_many_inodes},
    {"sb_nlog_one", t_sb_nlog_one},
    {"sb_nlog_below_one_op", t_sb_nlog_small},
    {"sb_nlog_huge", t_sb_nlog_huge},
    {"sb_log_on_superblock", t_sb_log_on_super},
    {"sb_log_into_inodes", t_sb_log_into_inodes},
    {"sb_wrapping_inodestart", t_sb_wrapping_inodestart},
    {"sb_inodes_into_bitmap", t_sb_inodes_into_bitmap},
    {"sb_no_data_blocks", t_sb_no_data},
    {"sb_bad_nblocks", t_sb_nblocks},
    {"sb_bitmap_too_big_for_log", t_sb_bitmap_too_big},
    {"fsck_nlog_one_refused", t_fsck_nlog_one},
    {NULL, NULL},
};
