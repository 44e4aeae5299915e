/*
 * test_fsck.c: each kind of damage to a good image is caught by fsck.
 *
 * Every test loads the standard small image (mkfs -s 2048 -i 64 of the
 * standard inputs), damages it in memory, saves it and runs fsck, which
 * must exit 1 and print a line naming the problem.  Where one damage
 * implies exactly one problem the number of lines is checked too.
 * Subdirectory tests build a directory by hand, as a kernel would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define ANY_LINES -1

static int have_base;

static int load_base(struct fsimg *fi)
{
	const char *base = tpath("base.img");

	if (!have_base) {
		TRY(make_base(base, "2048", "64"));
		have_base = 1;
	}
	return img_load(fi, base);
}

/* Save fi, free it, run fsck: want exit `code` and `want` in its output. */
static int expect(struct fsimg *fi, int code, const char *want, int lines)
{
	const char *img = tpath("damaged.img");
	struct run r;
	int ok;

	ok = img_save(fi, img);
	img_free(fi);
	TRY(ok);
	TRY(fsck_expect(img, code, &r));
	ok = (!want || strstr(r.out, want)) && (lines == ANY_LINES || r.outlines == lines);
	if (!ok)
		snprintf(t_reason, sizeof(t_reason), "want '%s' in %d lines, got %d: %.300s",
		         want ? want : "", lines, r.outlines, r.out);
	run_free(&r);
	return ok ? 0 : -1;
}

static int get(struct fsimg *fi, const char *name, uint *inum, struct dinode *di)
{
	TRY(fs_lookup(fi, name, inum));
	CHECK(img_get_inode(&fi->im, &fi->sb, *inum, di) == 0, "inode %u", *inum);
	return 0;
}

static void put(struct fsimg *fi, uint inum, const struct dinode *di)
{
	img_put_inode(&fi->im, &fi->sb, inum, di);
}

static void put_sb(struct fsimg *fi)
{
	memcpy(img_block(&fi->im, 1), &fi->sb, sizeof(fi->sb));
}

/* Root-directory slot whose entry is `name`, or -1. */
static int root_slot(struct fsimg *fi, const char *name)
{
	uint s;

	for (s = 0; s < 64; s++) {
		struct dirent *de = fs_dirent(fi, ROOTINO, s);
		if (de && de->inum && strncmp(de->name, name, DIRSIZ) == 0)
			return (int)s;
	}
	return -1;
}

/*
 * Declare a damage test: `body` edits the loaded image fi (with the usual
 * locals inum/di to hand), then fsck must exit 1 reporting `want`.
 * fn_make builds the damaged image alone (the repair tests use it).
 */
#define DAMAGE(fn, want, lines, body)                                                              \
	static int fn##_make(struct fsimg *out)                                                    \
	{                                                                                          \
		struct fsimg fi;                                                                   \
		struct dinode di;                                                                  \
		uint inum;                                                                         \
		(void)di;                                                                          \
		(void)inum;                                                                        \
		TRY(load_base(&fi));                                                               \
		body;                                                                              \
		*out = fi;                                                                         \
		return 0;                                                                          \
	}                                                                                          \
	static int fn(void)                                                                        \
	{                                                                                          \
		struct fsimg fi;                                                                   \
		TRY(fn##_make(&fi));                                                               \
		return expect(&fi, 1, want, lines);                                                \
	}

/* --- superblock and log --- */
DAMAGE(t_bad_magic, "magic", 1, {
	fi.sb.magic ^= 0xff;
	put_sb(&fi);
})
/* Another format version: exit status 3, which the Makefile acts on. */
static int t_bad_version(void)
{
	struct fsimg fi;
	TRY(load_base(&fi));
	fi.sb.version = 99;
	put_sb(&fi);
	return expect(&fi, 3, "version", 1);
}
DAMAGE(t_size_beyond_file, "size larger than the disk", 1, {
	fi.sb.size += 100;
	fi.sb.nblocks += 100;
	put_sb(&fi);
})
DAMAGE(t_bad_nblocks, "nblocks", 1, {
	fi.sb.nblocks--;
	put_sb(&fi);
})
DAMAGE(t_regions_overlap, "overlaps", 1, {
	fi.sb.inodestart = fi.sb.logstart + 1;
	put_sb(&fi);
})
/* The log (format 3): a commit whose copies differ from their homes. */
DAMAGE(t_log_committed, "log holds 1", 1, {
	TRY(get(&fi, "mid", &inum, &di));
	log_put(&fi, 1, 1, 1, &di.addrs[0], 'Z', 1);
})
DAMAGE(t_log_bad_home, "names a block outside", 1, {
	uint home = SB_BLOCK;
	log_put(&fi, 1, 1, 1, &home, 'Z', 1);
})
DAMAGE(t_log_wrong_half, "other half", 1, {
	TRY(get(&fi, "mid", &inum, &di));
	log_put(&fi, 0, 1, 1, &di.addrs[0], 'Z', 1);
})

/* A torn commit (checksum off) was never acknowledged: ignored. */
static int t_log_torn_ignored(void)
{
	struct fsimg fi;
	struct dinode di;
	uint inum;

	TRY(load_base(&fi));
	TRY(get(&fi, "mid", &inum, &di));
	log_put(&fi, 1, 1, 1, &di.addrs[0], 'Z', 0);
	return expect(&fi, 0, "clean", 1);
}

/* Two consecutive installed commits (the state after a normal run) are clean. */
static int t_log_installed_clean(void)
{
	struct fsimg fi;
	struct dinode di;
	uint inum;

	TRY(load_base(&fi));
	TRY(get(&fi, "mid", &inum, &di));
	log_put(&fi, 0, 4, 2, di.addrs, -1, 1);
	log_put(&fi, 1, 5, 1, &di.addrs[1], -1, 1);
	return expect(&fi, 0, "clean", 1);
}

/* --- bitmap --- */
DAMAGE(t_used_block_free, "but free in bitmap", 1, {
	TRY(get(&fi, "mid", &inum, &di));
	img_set_bit(&fi.im, &fi.sb, di.addrs[0], 0);
})
DAMAGE(t_free_block_used, "used by no inode", 1,
       { img_set_bit(&fi.im, &fi.sb, fs_free_block(&fi), 1); })
DAMAGE(t_meta_block_free, "metadata block", 1,
       { img_set_bit(&fi.im, &fi.sb, fi.sb.inodestart, 0); })

/* --- block pointers --- */
DAMAGE(t_block_used_twice, "used twice", ANY_LINES, {
	uint other;
	struct dinode cat;
	TRY(get(&fi, "cat", &other, &cat));
	TRY(get(&fi, "README.md", &inum, &di));
	di.addrs[0] = cat.addrs[0];
	put(&fi, inum, &di);
})
DAMAGE(t_indirect_shared, "used twice", ANY_LINES, {
	uint other;
	struct dinode mid;
	TRY(get(&fi, "mid", &other, &mid));
	TRY(get(&fi, "big", &inum, &di));
	di.addrs[IND_SLOT] = mid.addrs[IND_SLOT];
	put(&fi, inum, &di);
})
DAMAGE(t_block_past_end, "past end", ANY_LINES, {
	TRY(get(&fi, "cat", &inum, &di));
	di.addrs[0] = fi.sb.size + 5;
	put(&fi, inum, &di);
})
DAMAGE(t_dind_entry_past_end, "past end", ANY_LINES, {
	uint *dind;
	TRY(get(&fi, "big", &inum, &di));
	dind = (uint *)img_block(&fi.im, di.addrs[DIND_SLOT]);
	dind[1] = 0xffffffffu;
})
DAMAGE(t_block_in_metadata, "metadata region", ANY_LINES, {
	TRY(get(&fi, "big", &inum, &di));
	di.addrs[IND_SLOT] = fi.sb.inodestart;
	put(&fi, inum, &di);
})
DAMAGE(t_block_beyond_size, "beyond its size", 1, {
	TRY(get(&fi, "README.md", &inum, &di));
	di.size = 0;
	put(&fi, inum, &di);
})
/* A hole in a regular file (its block freed, as the kernel leaves one) is fine. */
static int t_hole_clean(void)
{
	struct fsimg fi;
	struct dinode di;
	uint inum;

	TRY(load_base(&fi));
	TRY(get(&fi, "mid", &inum, &di));
	img_set_bit(&fi.im, &fi.sb, di.addrs[3], 0);
	di.addrs[3] = 0;
	put(&fi, inum, &di);
	return expect(&fi, 0, "clean", 1);
}
/* ...but not in a directory. */
DAMAGE(t_dir_hole, "are missing", ANY_LINES, {
	img_get_inode(&fi.im, &fi.sb, ROOTINO, &di);
	di.size += BSIZE; /* a second block that is not there */
	put(&fi, ROOTINO, &di);
})
DAMAGE(t_spare_nonzero, "spare byte 5 is 7", 1, {
	TRY(get(&fi, "cat", &inum, &di));
	di.spare[5] = 7;
	put(&fi, inum, &di);
})
DAMAGE(t_size_too_big, "exceeds the maximum", ANY_LINES, {
	TRY(get(&fi, "cat", &inum, &di));
	di.size = 0xffffffffu;
	put(&fi, inum, &di);
})

/* --- inodes and link counts --- */
DAMAGE(t_bad_type, "bad type 9", ANY_LINES, {
	TRY(get(&fi, "cat", &inum, &di));
	di.type = 9;
	put(&fi, inum, &di);
})
DAMAGE(t_wrong_nlink, "nlink 2 but 1", 1, {
	TRY(get(&fi, "cat", &inum, &di));
	di.nlink = 2;
	put(&fi, inum, &di);
})
DAMAGE(t_zero_nlink, "nlink 0 but 1", 1, {
	TRY(get(&fi, "cat", &inum, &di));
	di.nlink = 0;
	put(&fi, inum, &di);
})
DAMAGE(t_orphan, "not reachable", 1, {
	inum = fs_free_inode(&fi);
	memset(&di, 0, sizeof(di));
	di.type = T_FILE;
	di.nlink = 1;
	put(&fi, inum, &di);
})
/* Unlinked while open (nlink 0, no name, blocks still held): clean, with a note. */
static int t_unlinked_open(void)
{
	struct fsimg fi;
	struct dinode di;
	uint inum;

	TRY(load_base(&fi));
	inum = fs_free_inode(&fi);
	memset(&di, 0, sizeof(di));
	di.type = T_FILE;
	di.nlink = 0;
	di.size = 10;
	di.addrs[0] = fs_free_block(&fi);
	img_set_bit(&fi.im, &fi.sb, di.addrs[0], 1);
	put(&fi, inum, &di);
	return expect(&fi, 0, "orphan, unlinked while open", 2);
}

DAMAGE(t_orphan_with_block, "not reachable", 1, {
	inum = fs_free_inode(&fi);
	memset(&di, 0, sizeof(di));
	di.type = T_FILE;
	di.nlink = 1;
	di.size = 10;
	di.addrs[0] = fs_free_block(&fi);
	img_set_bit(&fi.im, &fi.sb, di.addrs[0], 1);
	put(&fi, inum, &di);
})
DAMAGE(t_inode0_used, "inode 0 is reserved", 1, {
	memset(&di, 0, sizeof(di));
	di.type = T_FILE;
	put(&fi, 0, &di);
})
DAMAGE(t_root_not_dir, "not a directory", ANY_LINES, {
	img_get_inode(&fi.im, &fi.sb, ROOTINO, &di);
	di.type = T_FILE;
	put(&fi, ROOTINO, &di);
})

/* --- root directory contents --- */
DAMAGE(t_missing_dot, "missing '.'", 1, { fs_dirent(&fi, ROOTINO, 0)->inum = 0; })
DAMAGE(t_dot_wrong, "'.' names", 1, {
	TRY(fs_lookup(&fi, "empty", &inum));
	fs_dirent(&fi, ROOTINO, 0)->inum = (ushort)inum;
})
DAMAGE(t_missing_dotdot, "missing '..'", ANY_LINES,
       { strcpy(fs_dirent(&fi, ROOTINO, 1)->name, "xx"); })
DAMAGE(t_entry_free_inode, "names free inode", 1, {
	TRY(get(&fi, "empty", &inum, &di));
	di.type = 0;
	put(&fi, inum, &di);
})
DAMAGE(t_entry_out_of_range, "out-of-range inode 60000", ANY_LINES, {
	int s = root_slot(&fi, "empty");
	CHECK(s >= 0, "no 'empty'");
	fs_dirent(&fi, ROOTINO, (uint)s)->inum = 60000;
})
DAMAGE(t_dir_bad_size, "not a multiple", ANY_LINES, {
	img_get_inode(&fi.im, &fi.sb, ROOTINO, &di);
	di.size += 1;
	put(&fi, ROOTINO, &di);
})
/* Renaming "empty" to "cat" keeps every link count right. */
DAMAGE(t_duplicate_name, "duplicate name 'cat'", 1, {
	int s = root_slot(&fi, "empty");
	CHECK(s >= 0, "no 'empty'");
	strncpy(fs_dirent(&fi, ROOTINO, (uint)s)->name, "cat", DIRSIZ);
})
DAMAGE(t_name_slash, "bad name", ANY_LINES, {
	int s = root_slot(&fi, "empty");
	CHECK(s >= 0, "no 'empty'");
	strcpy(fs_dirent(&fi, ROOTINO, (uint)s)->name, "a/b");
})
DAMAGE(t_name_not_padded, "bad name", ANY_LINES, {
	int s = root_slot(&fi, "empty");
	CHECK(s >= 0, "no 'empty'");
	fs_dirent(&fi, ROOTINO, (uint)s)->name[9] = 'x';
})
DAMAGE(t_extra_dot, "extra '.'", ANY_LINES, {
	int s = root_slot(&fi, "empty");
	CHECK(s >= 0, "no 'empty'");
	strncpy(fs_dirent(&fi, ROOTINO, (uint)s)->name, ".", DIRSIZ);
})

/*
 * Make directory "sub" in the root the way a kernel's mkdir would: the
 * parent's nlink is set to root_nlink (1, or 3 counting the '..' of sub
 * and of mkfs's lost+found, are both sound).
 */
static int mkdir_sub(struct fsimg *fi, short root_nlink, uint *sub)
{
	struct dinode di, root;
	struct dirent *de;
	uint blk = fs_free_block(fi);

	*sub = fs_free_inode(fi);
	CHECK(*sub && blk, "no free inode/block");
	memset(&di, 0, sizeof(di));
	di.type = T_DIR;
	di.nlink = 1;
	di.size = 2 * sizeof(struct dirent);
	di.addrs[0] = blk;
	put(fi, *sub, &di);
	img_set_bit(&fi->im, &fi->sb, blk, 1);
	de = (struct dirent *)img_block(&fi->im, blk);
	memset(de, 0, BSIZE);
	de[0].inum = (ushort)*sub;
	strcpy(de[0].name, ".");
	de[1].inum = ROOTINO;
	strcpy(de[1].name, "..");
	TRY(fs_add_entry(fi, ROOTINO, "sub", *sub));
	img_get_inode(&fi->im, &fi->sb, ROOTINO, &root);
	root.nlink = root_nlink;
	put(fi, ROOTINO, &root);
	return 0;
}

#define SUBDIR(fn, root_nlink, code, want, lines, body)                                            \
	static int fn(void)                                                                        \
	{                                                                                          \
		struct fsimg fi;                                                                   \
		struct dinode di;                                                                  \
		uint sub;                                                                          \
		(void)di;                                                                          \
		TRY(load_base(&fi));                                                               \
		TRY(mkdir_sub(&fi, root_nlink, &sub));                                             \
		body;                                                                              \
		return expect(&fi, code, want, lines);                                             \
	}

SUBDIR(t_subdir_xv6_nlink, 3, 0, "clean", 1, {})
SUBDIR(t_subdir_plain_nlink, 1, 0, "clean", 1, {})
SUBDIR(t_subdir_parent_nlink, 4, 1, "directory 1 nlink 4", 1, {})
SUBDIR(t_subdir_nlink, 3, 1, "nlink 5", 1, {
	img_get_inode(&fi.im, &fi.sb, sub, &di);
	di.nlink = 5;
	put(&fi, sub, &di);
})
SUBDIR(t_subdir_bad_dotdot, 3, 1, "'..' names", ANY_LINES,
       { fs_dirent(&fi, sub, 1)->inum = (ushort)sub; })
SUBDIR(t_dir_cycle_to_root, 3, 1, "directory 1 is named by 1", ANY_LINES,
       { TRY(fs_add_entry(&fi, sub, "up", ROOTINO)); })
SUBDIR(t_dir_self_loop, 3, 1, "is named by 2", ANY_LINES,
       { TRY(fs_add_entry(&fi, sub, "me", sub)); })
SUBDIR(t_dir_hard_link, 3, 1, "is named by 2", ANY_LINES,
       { TRY(fs_add_entry(&fi, ROOTINO, "sub2", sub)); })
SUBDIR(t_subdir_missing_dot, 3, 1, "missing '.'", 1, { fs_dirent(&fi, sub, 0)->inum = 0; })

const struct test fsck_tests[] = {
    {"fsck_bad_magic", t_bad_magic},
    {"fsck_bad_version", t_bad_version},
    {"fsck_size_beyond_file", t_size_beyond_file},
    {"fsck_bad_nblocks", t_bad_nblocks},
    {"fsck_regions_overlap", t_regions_overlap},
    {"fsck_log_committed", t_log_committed},
    {"fsck_log_bad_home", t_log_bad_home},
    {"fsck_log_wrong_half", t_log_wrong_half},
    {"fsck_log_torn_ignored", t_log_torn_ignored},
    {"fsck_log_installed_clean", t_log_installed_clean},
    {"fsck_used_block_free_in_bitmap", t_used_block_free},
    {"fsck_free_block_marked_used", t_free_block_used},
    {"fsck_metadata_block_free", t_meta_block_free},
    {"fsck_block_used_twice", t_block_used_twice},
    {"fsck_indirect_block_shared", t_indirect_shared},
    {"fsck_block_past_end", t_block_past_end},
    {"fsck_dind_entry_past_end", t_dind_entry_past_end},
    {"fsck_block_in_metadata", t_block_in_metadata},
    {"fsck_block_beyond_size", t_block_beyond_size},
    {"fsck_hole_in_file_clean", t_hole_clean},
    {"fsck_hole_in_dir", t_dir_hole},
    {"fsck_spare_nonzero", t_spare_nonzero},
    {"fsck_size_too_big", t_size_too_big},
    {"fsck_bad_inode_type", t_bad_type},
    {"fsck_wrong_link_count", t_wrong_nlink},
    {"fsck_zero_link_count", t_zero_nlink},
    {"fsck_orphan_inode", t_orphan},
    {"fsck_orphan_with_block", t_orphan_with_block},
    {"fsck_unlinked_while_open_clean", t_unlinked_open},
    {"fsck_inode0_used", t_inode0_used},
    {"fsck_root_not_dir", t_root_not_dir},
    {"fsck_dir_missing_dot", t_missing_dot},
    {"fsck_dir_dot_wrong", t_dot_wrong},
    {"fsck_dir_missing_dotdot", t_missing_dotdot},
    {"fsck_entry_free_inode", t_entry_free_inode},
    {"fsck_entry_out_of_range", t_entry_out_of_range},
    {"fsck_dir_bad_size", t_dir_bad_size},
    {"fsck_duplicate_name", t_duplicate_name},
    {"fsck_name_with_slash", t_name_slash},
    {"fsck_name_not_padded", t_name_not_padded},
    {"fsck_extra_dot_entry", t_extra_dot},
    {"fsck_subdir_xv6_nlink_clean", t_subdir_xv6_nlink},
    {"fsck_subdir_plain_nlink_clean", t_subdir_plain_nlink},
    {"fsck_subdir_parent_nlink", t_subdir_parent_nlink},
    {"fsck_subdir_nlink", t_subdir_nlink},
    {"fsck_subdir_bad_dotdot", t_subdir_bad_dotdot},
    {"fsck_dir_cycle_to_root", t_dir_cycle_to_root},
    {"fsck_dir_self_loop", t_dir_self_loop},
    {"fsck_dir_hard_link", t_dir_hard_link},
    {"fsck_subdir_missing_dot", t_subdir_missing_dot},
    {NULL, NULL},
};

/*
 * Repairs (fsck -y) of the damage above.  A repairable image: -y exits 0
 * saying "repaired", after which fsck and a second -y both say clean
 * with no change.  An unrepairable one: -y exits 1 still reporting it
 * (want), and so does fsck; the sanitizers watch both.
 */
static int repair_case(int (*make)(struct fsimg *), int fixable, const char *want)
{
	const char *img = tpath("repair.img");
	const char *fix[] = {t_fsck, "-y", img, NULL};
	struct fsimg fi;
	struct run r;
	int ok;

	TRY(make(&fi));
	ok = img_save(&fi, img);
	img_free(&fi);
	TRY(ok);
	TRY(run_tool(&r, fix));
	ok = !r.sig && !r.sanitizer && r.code == (fixable ? 0 : 1) && strstr(r.out, want) &&
	     (!fixable || (strstr(r.out, "repaired: ") && strstr(r.out, "repaired, now clean")));
	if (!ok)
		snprintf(t_reason, sizeof(t_reason),
		         "fsck -y: exit %d sig %d san %d, want '%s': %.300s", r.code, r.sig,
		         r.sanitizer, want, r.out);
	run_free(&r);
	if (!ok)
		return -1;
	TRY(fsck_expect(img, fixable ? 0 : 1, &r));
	run_free(&r);
	if (!fixable)
		return 0;
	TRY(run_tool(&r, fix));
	ok = r.code == 0 && !strstr(r.out, "repaired") && strstr(r.out, "clean");
	if (!ok)
		snprintf(t_reason, sizeof(t_reason), "second fsck -y: exit %d: %.300s", r.code,
		         r.out);
	run_free(&r);
	return ok ? 0 : -1;
}

#define REPAIR(fn, damage, fixable, want)                                                          \
	static int fn(void)                                                                        \
	{                                                                                          \
		return repair_case(damage##_make, fixable, want);                                  \
	}

REPAIR(r_log_bad_home, t_log_bad_home, 1, "cleared a damaged header")
REPAIR(r_log_committed, t_log_committed, 1, "replayed the log")
REPAIR(r_log_wrong_half, t_log_wrong_half, 1, "cleared a damaged header")
REPAIR(r_used_block_free, t_used_block_free, 1, "bitmap bits")
REPAIR(r_free_block_used, t_free_block_used, 1, "bitmap bits")
REPAIR(r_meta_block_free, t_meta_block_free, 1, "bitmap bits")
REPAIR(r_bad_type, t_bad_type, 1, "(bad type)")
REPAIR(r_wrong_nlink, t_wrong_nlink, 1, "nlink 2 -> 1")
REPAIR(r_zero_nlink, t_zero_nlink, 1, "nlink 0 -> 1")
REPAIR(r_orphan, t_orphan, 1, "not reachable")
REPAIR(r_orphan_with_block, t_orphan_with_block, 1, "is now /lost+found/#")
REPAIR(r_inode0_used, t_inode0_used, 1, "inode 0 is reserved")
REPAIR(r_entry_free_inode, t_entry_free_inode, 1, "cleared entry")
REPAIR(r_entry_out_of_range, t_entry_out_of_range, 1, "cleared entry")
REPAIR(r_name_slash, t_name_slash, 1, "cleared entry")
REPAIR(r_name_not_padded, t_name_not_padded, 1, "cleared entry")
REPAIR(r_extra_dot, t_extra_dot, 1, "cleared entry")
REPAIR(r_block_used_twice, t_block_used_twice, 0, "used twice")

/* Slot of name in directory dir (searching its first 64 slots), or -1. */
static int dir_slot(struct fsimg *fi, uint dir, const char *name)
{
	for (uint s = 0; s < 64; s++) {
		struct dirent *de = fs_dirent(fi, dir, s);
		if (de && de->inum && strncmp(de->name, name, DIRSIZ) == 0)
			return (int)s;
	}
	return -1;
}

/* Two unreachable files with data: fsck -y names them "#INUM" in mkfs's
 * /lost+found with their bytes intact; a second run is clean. */
static int r_lost_found(void)
{
	const char *img = tpath("lostfound.img");
	const char *fix[] = {t_fsck, "-y", img, NULL};
	static const char text[] = "kept by fsck";
	struct fsimg fi;
	struct dinode di;
	struct run r;
	uint inum[2], i;
	char name[2][DIRSIZ + 1];

	TRY(load_base(&fi));
	for (i = 0; i < 2; i++) {
		inum[i] = fs_free_inode(&fi);
		memset(&di, 0, sizeof(di));
		di.type = T_FILE;
		di.nlink = 1;
		di.size = sizeof(text);
		di.addrs[0] = fs_free_block(&fi);
		img_set_bit(&fi.im, &fi.sb, di.addrs[0], 1);
		memcpy(img_block(&fi.im, di.addrs[0]), text, sizeof(text));
		put(&fi, inum[i], &di);
		snprintf(name[i], sizeof(name[i]), "#%u", inum[i]);
	}
	int ok = img_save(&fi, img);
	img_free(&fi);
	TRY(ok);
	TRY(run_tool(&r, fix));
	ok = r.code == 0 && !r.sanitizer && !strstr(r.out, "made /lost+found") &&
	     strstr(r.out, "is now /lost+found/#") && strstr(r.out, "repaired, now clean");
	if (!ok)
		snprintf(t_reason, sizeof(t_reason), "fsck -y: exit %d: %.400s", r.code, r.out);
	run_free(&r);
	if (!ok)
		return -1;
	TRY(img_load(&fi, img));
	uint lf;
	ok = fs_lookup(&fi, "lost+found", &lf) == 0;
	for (i = 0; ok && i < 2; i++) {
		int s = dir_slot(&fi, lf, name[i]);
		uchar *data = NULL;
		unsigned long len = 0;
		ok = s >= 0 && fs_dirent(&fi, lf, (uint)s)->inum == inum[i] &&
		     fs_read(&fi, inum[i], &data, &len) == 0 && len == sizeof(text) &&
		     memcmp(data, text, len) == 0;
		free(data);
		if (!ok)
			snprintf(t_reason, sizeof(t_reason),
			         "%s is not /lost+found/%s with its data", name[i], name[i]);
	}
	if (ok && dir_slot(&fi, lf, "..") >= 0)
		ok = fs_dirent(&fi, lf, (uint)dir_slot(&fi, lf, ".."))->inum == ROOTINO;
	img_free(&fi);
	if (!ok)
		return -1;
	TRY(fsck_expect(img, 0, &r));
	run_free(&r);
	TRY(run_tool(&r, fix));
	ok = r.code == 0 && !strstr(r.out, "repaired");
	if (!ok)
		snprintf(t_reason, sizeof(t_reason), "second fsck -y: exit %d: %.300s", r.code,
		         r.out);
	run_free(&r);
	return ok ? 0 : -1;
}

/* --- unreachable directories: reconnected to /lost+found --- */

/* A directory no entry names, with ".." naming dotdot. */
static int lone_dir(struct fsimg *fi, uint dotdot, uint *dir)
{
	struct dinode di;
	uint blk = fs_free_block(fi);

	*dir = fs_free_inode(fi);
	CHECK(*dir && blk, "no free inode/block");
	memset(&di, 0, sizeof(di));
	di.type = T_DIR;
	di.nlink = 1;
	di.size = 2 * sizeof(struct dirent);
	di.addrs[0] = blk;
	put(fi, *dir, &di);
	img_set_bit(&fi->im, &fi->sb, blk, 1);
	struct dirent *de = (struct dirent *)img_block(&fi->im, blk);
	memset(de, 0, BSIZE);
	de[0].inum = (ushort)*dir;
	strcpy(de[0].name, ".");
	de[1].inum = (ushort)dotdot;
	strcpy(de[1].name, "..");
	return 0;
}

/* A file of a few bytes named `name` in directory dir. */
static int file_in(struct fsimg *fi, uint dir, const char *name)
{
	struct dinode di;
	uint inum = fs_free_inode(fi), blk = fs_free_block(fi);

	CHECK(inum && blk, "no free inode/block");
	memset(&di, 0, sizeof(di));
	di.type = T_FILE;
	di.nlink = 1;
	di.size = 5;
	di.addrs[0] = blk;
	img_set_bit(&fi->im, &fi->sb, blk, 1);
	memcpy(img_block(&fi->im, blk), "data", 5);
	put(fi, inum, &di);
	return fs_add_entry(fi, dir, name, inum);
}

static uint made_dir; /* the directory the last make function left unreachable */

static int u_dir_with_files(struct fsimg *fi)
{
	TRY(load_base(fi));
	TRY(lone_dir(fi, ROOTINO, &made_dir));
	TRY(file_in(fi, made_dir, "f1"));
	return file_in(fi, made_dir, "f2");
}

static int u_dir_bad_dotdot(struct fsimg *fi)
{
	TRY(load_base(fi));
	return lone_dir(fi, 60, &made_dir); /* ".." names a free inode */
}

static uint chain_inner;
static int u_dir_chain(struct fsimg *fi)
{
	TRY(load_base(fi));
	TRY(lone_dir(fi, ROOTINO, &made_dir));
	TRY(lone_dir(fi, ROOTINO, &chain_inner)); /* its '..' should name made_dir */
	TRY(fs_add_entry(fi, made_dir, "inner", chain_inner));
	return file_in(fi, chain_inner, "f");
}

/* The base image's lost+found inode and its root entry. */
static int base_lf(struct fsimg *fi, uint *lf, struct dinode *di)
{
	return get(fi, "lost+found", lf, di);
}

static int u_no_lost_found(struct fsimg *fi)
{
	struct dinode di;
	uint lf;

	TRY(u_dir_with_files(fi));
	TRY(base_lf(fi, &lf, &di));
	int s = root_slot(fi, "lost+found");
	CHECK(s >= 0, "no lost+found");
	fs_dirent(fi, ROOTINO, (uint)s)->inum = 0;
	for (int i = 0; i < NDIRECT; i++)
		if (di.addrs[i])
			img_set_bit(&fi->im, &fi->sb, di.addrs[i], 0);
	memset(&di, 0, sizeof(di));
	put(fi, lf, &di);
	return 0;
}

static int u_lost_found_not_dir(struct fsimg *fi)
{
	struct dinode di;
	uint lf;

	TRY(u_dir_with_files(fi));
	TRY(base_lf(fi, &lf, &di));
	di.type = T_FILE; /* its blocks now hold a file's bytes */
	put(fi, lf, &di);
	return 0;
}

/* lost+found with every slot of its NDIRECT blocks naming "cat". */
static int u_lost_found_full(struct fsimg *fi)
{
	struct dinode di, cat;
	uint lf, catno;
	char name[DIRSIZ + 1];

	TRY(u_dir_with_files(fi));
	TRY(base_lf(fi, &lf, &di));
	TRY(get(fi, "cat", &catno, &cat));
	for (int i = 0; i < NDIRECT; i++)
		if (!di.addrs[i]) {
			di.addrs[i] = fs_free_block(fi);
			CHECK(di.addrs[i], "no free block");
			img_set_bit(&fi->im, &fi->sb, di.addrs[i], 1);
			memset(img_block(&fi->im, di.addrs[i]), 0, BSIZE);
		}
	di.size = NDIRECT * BSIZE;
	put(fi, lf, &di);
	uint n = NDIRECT * BSIZE / sizeof(struct dirent);
	for (uint s = 2; s < n; s++) {
		struct dirent *de = fs_dirent(fi, lf, s);
		CHECK(de, "slot %u", s);
		snprintf(name, sizeof(name), "f%u", s);
		de->inum = (ushort)catno;
		strncpy(de->name, name, DIRSIZ);
	}
	cat.nlink = (short)(1 + n - 2);
	put(fi, catno, &cat);
	return 0;
}

/* After fsck -y: made_dir is /lost+found/#INUM, its '..' lost+found, and
 * (chain) inner is still its "inner" with '..' naming it, not in lost+found. */
static int check_reconnected(const char *img, int chain)
{
	struct fsimg fi;
	char name[DIRSIZ + 1];
	uint lf;

	TRY(img_load(&fi, img));
	snprintf(name, sizeof(name), "#%u", made_dir);
	int ok = fs_lookup(&fi, "lost+found", &lf) == 0;
	int s = ok ? dir_slot(&fi, lf, name) : -1;
	ok = s >= 0 && fs_dirent(&fi, lf, (uint)s)->inum == made_dir &&
	     fs_dirent(&fi, made_dir, 1)->inum == lf;
	if (ok && chain) {
		snprintf(name, sizeof(name), "#%u", chain_inner);
		ok = dir_slot(&fi, lf, name) < 0 && dir_slot(&fi, made_dir, "inner") >= 0 &&
		     fs_dirent(&fi, chain_inner, 1)->inum == made_dir &&
		     dir_slot(&fi, chain_inner, "f") >= 0;
	} else if (ok && !chain && dir_slot(&fi, made_dir, "f1") >= 0) {
		ok = dir_slot(&fi, made_dir, "f2") >= 0;
	}
	img_free(&fi);
	CHECK(ok, "directory %u is not /lost+found/#%u as it should be", made_dir, made_dir);
	return 0;
}

#define RECONNECT(fn, make, want, chain)                                                           \
	static int fn(void)                                                                        \
	{                                                                                          \
		TRY(repair_case(make, 1, want));                                                   \
		return check_reconnected(tpath("repair.img"), chain);                              \
	}

RECONNECT(r_dir_with_files, u_dir_with_files, "is now /lost+found/#", 0)
RECONNECT(r_dir_bad_dotdot, u_dir_bad_dotdot, "'..' names", 0)
RECONNECT(r_dir_chain, u_dir_chain, "'..' names", 1)
RECONNECT(r_no_lost_found, u_no_lost_found, "made /lost+found", 0)
RECONNECT(r_lost_found_not_dir, u_lost_found_not_dir, "was not a directory", 0)
/* Full: the directory is freed, and so are its files (no room either). */
static int r_lost_found_full(void)
{
	return repair_case(u_lost_found_full, 1, "no room in /lost+found for directory");
}

const struct test repair_tests[] = {
    {"repair_unreachable_dir_with_files", r_dir_with_files},
    {"repair_unreachable_dir_bad_dotdot", r_dir_bad_dotdot},
    {"repair_unreachable_dir_chain", r_dir_chain},
    {"repair_unreachable_dir_no_lost_found", r_no_lost_found},
    {"repair_unreachable_dir_lost_found_not_dir", r_lost_found_not_dir},
    {"repair_unreachable_dir_lost_found_full", r_lost_found_full},
    {"repair_log_damaged_header", r_log_bad_home},
    {"repair_log_committed_replayed", r_log_committed},
    {"repair_log_wrong_half", r_log_wrong_half},
    {"repair_used_block_free_in_bitmap", r_used_block_free},
    {"repair_free_block_marked_used", r_free_block_used},
    {"repair_metadata_block_free", r_meta_block_free},
    {"repair_bad_inode_type", r_bad_type},
    {"repair_wrong_link_count", r_wrong_nlink},
    {"repair_zero_link_count", r_zero_nlink},
    {"repair_unreachable_inode", r_orphan},
    {"repair_unreachable_with_block", r_orphan_with_block},
    {"repair_unreachable_to_lost_found", r_lost_found},
    {"repair_inode0_used", r_inode0_used},
    {"repair_entry_free_inode", r_entry_free_inode},
    {"repair_entry_out_of_range", r_entry_out_of_range},
    {"repair_name_with_slash", r_name_slash},
    {"repair_name_not_padded", r_name_not_padded},
    {"repair_extra_dot_entry", r_extra_dot},
    {"repair_block_used_twice_not_fixed", r_block_used_twice},
    {NULL, NULL},
};
