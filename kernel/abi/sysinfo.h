/*
 * sysinfo.h: the records that Kite's information calls fill in, shared by
 * the kernel and user programs (ps, free, bench).
 */
#ifndef KITE_SYSINFO_H
#define KITE_SYSINFO_H

#include "types.h"

/* sysinfo(): memory and process counts. */
struct sysinfo {
	uint64 freemem; /* free physical memory, bytes */
	uint64 nproc;   /* processes that are not UNUSED */
};

/* procinfo(): one row per live process, for ps and Ctrl-P. */
#define PROCNAME_LEN 16
enum procstate_abi {
	PS_UNUSED,
	PS_USED,
	PS_SLEEPING,
	PS_RUNNABLE,
	PS_RUNNING,
	PS_ZOMBIE,
	PS_STOPPED /* by a signal, until SIGCONT (sleeping, in the kernel) */
};
struct procinfo {
	int pid; /* the process's */
	int ppid;
	int state;   /* enum procstate_abi (of this thread) */
	uint64 size; /* user memory, bytes */
	char name[PROCNAME_LEN];
	int tid; /* the thread's (one row per thread; the main thread's is pid) */
};

/* consmode() arguments. */
#define CONS_COOKED 0 /* line discipline: echo, backspace, ^U, ^D, whole lines */
#define CONS_RAW 1    /* every byte as typed, Ctrl-C too, no echo (the shell's line editor) */

/* kstats(): kernel counters, for make bench and free. */
struct kstats {
	uint64 timebase_hz;       /* frequency of the `time` CSR, from the device tree */
	uint64 ticks;             /* timer ticks since boot */
	uint64 totalmem;          /* bytes of RAM the device tree reports */
	uint64 freemem;           /* free physical memory, bytes */
	uint64 ncpu;              /* harts running the kernel */
	uint64 log_commits;       /* write-ahead log commits since boot */
	uint64 disk_reads;        /* block reads issued to the disk */
	uint64 disk_writes;       /* block writes issued to the disk */
	uint64 disk_max_inflight; /* most disk requests in flight at once since the last kstats() */
	uint64 syscalls;          /* system calls since boot */
	uint64 now; /* wall-clock seconds since 1970 (UTC), from the RTC; 0 if there is none */
};

/* pcstats(): the page cache's counters (fs/pagecache.h), since boot. */
struct pcstats {
	uint64 cached;    /* file pages in the cache now */
	uint64 hits;      /* lookups that found the page */
	uint64 misses;    /* pages read in from the file */
	uint64 evictions; /* unmapped pages freed when memory ran out */
};

#endif
