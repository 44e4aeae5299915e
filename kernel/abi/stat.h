/*
 * stat.h: what fstat() reports about a file.  Layout and type numbers are
 * xv6-riscv's; T_SYMLINK and the times at the end are Kite's additions.
 * Shared by kernel, user, mkfs.
 */
#ifndef KITE_STAT_H
#define KITE_STAT_H

#define T_DIR 1     /* directory */
#define T_FILE 2    /* regular file */
#define T_DEVICE 3  /* device file: major/minor select a driver */
#define T_SYMLINK 4 /* symbolic link: the data is the target path */

struct stat {
	int dev;      /* file system's disk device */
	uint ino;     /* inode number */
	short type;   /* T_DIR, T_FILE, T_DEVICE or T_SYMLINK */
	short nlink;  /* number of directory entries that name this inode */
	uint64 size;  /* size of the file in bytes */
	uint64 mtime; /* contents last changed, seconds since 1970-01-01 UTC */
	uint64 ctime; /* inode last changed (contents, size, links), the same */
};

/*
 * The records of utimes() and statfs(), for the kernel and Kite's programs;
 * a host tool (mkfs, fsck) has its C library's own of these names.
 */
#ifndef __linux__
/* utimes(): POSIX's time record (Kite keeps whole seconds; tv_usec is ignored). */
struct timeval {
	int64 tv_sec;
	int64 tv_usec;
};

/* statfs(): the size and use of the file system holding a path (Kite has one). */
struct statfs {
	uint64 bsize;  /* bytes per block */
	uint64 blocks; /* data blocks: everything after the inodes and the bitmap */
	uint64 bfree;  /* data blocks free */
	uint64 files;  /* inodes */
	uint64 ffree;  /* inodes free */
};
#endif

#endif
