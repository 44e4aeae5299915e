/*
 * param.h: the kernel's fixed limits.  The names are xv6-riscv's (user
 * programs use MAXARG, MAXPATH, NPROC...); the values are Kite's own.
 */
#ifndef KITE_PARAM_H
#define KITE_PARAM_H

#define NPROC 64       /* maximum number of processes */
#define NCPU 8         /* maximum number of harts */
#define NOFILE 16      /* open files per process */
#define NFILE 128      /* open files per system */
#define NINODE 64      /* maximum number of active i-nodes */
#define NDEV 10        /* maximum major device number */
#define ROOTDEV 1      /* device number of file system root disk */
#define MAXARG 32      /* max exec arguments */
#define MAXENV 32      /* max exec environment strings (NAME=value) */
#define ARG_MAX 4096   /* bytes of exec arguments with their pointers (POSIX's minimum) */
#define MAXOPBLOCKS 80 /* max # of blocks any FS op writes (a write carries 36 data blocks) */
#define LOGSIZE (MAXOPBLOCKS * 3) /* max data blocks in on-disk log (<= LOGHDR_MAX) */
#define LOGBLOCKS LOGSIZE         /* current xv6's name for LOGSIZE */
#define NBUF                                                                                       \
	576 /* least buffers in the block cache (fs/bcache.c sizes it from RAM; > 2 * LOGHDR_MAX:  \
	       the log pins a transaction and the previous one's installs) */
#define FSSIZE 131072  /* default size of fs.img in blocks (128 MiB) */
#define MAXPATH 128    /* maximum file path name */
#define USERSTACK 1    /* user stack pages (xv6's name and value), above a guard page */
#define MAXSYMLINKS 10 /* symbolic links followed in one lookup */
#define TICK_HZ 10     /* ticks per second as programs see them (uptime, sleep/pause): xv6's */
#define TIMER_HZ 100   /* default timer interrupt rate (boot argument tick_hz=N) */

#endif
