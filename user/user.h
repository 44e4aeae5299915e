/*
 * user.h: the system calls and library functions every Kite user program
 * can use.  The xv6-riscv prototypes are kept exactly, so xv6 programs
 * compile unchanged; like xv6's, this header expects "kernel/types.h" to be
 * included first.  Kite's own calls and helpers follow.
 */
#ifndef KITE_USER_H
#define KITE_USER_H

struct stat;
struct sysinfo;
struct procinfo;
struct kstats;

/* System calls (stubs generated from kernel/syscall.h). */
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int*);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(const char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);
int uptime(void);

/* Kite's additional system calls (records in kernel/sysinfo.h). */
int symlink(const char *target, const char *path);
int sysinfo(struct sysinfo *);
int procinfo(struct procinfo *, int max);
int halt(void);
int consmode(int mode);
int kstats(struct kstats *);
int ignintr(int on);

/* The xv6 library. */
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
void fprintf(int, const char*, ...) __attribute__((format(printf, 2, 3)));
void printf(const char*, ...) __attribute__((format(printf, 1, 2)));
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
int atoi(const char*);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);
void* malloc(uint);
void free(void*);

/* Kite's library additions. */
int lstat(const char *path, struct stat *st); /* stat without following a final symlink */
int strncmp(const char *a, const char *b, uint n);
char *strncpy(char *dst, const char *src, uint n); /* always NUL-terminates when n > 0 */
char *strcat(char *dst, const char *src);
int snprintf(char *buf, int size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int isdigit_str(const char *s); /* 1 if s is a non-empty run of decimal digits */

/* Paths and directories (lib/path.c). */
int path_join(char *out, int size, const char *dir, const char *name); /* 0, or -1 if too long */
const char *path_base(const char *path); /* last component of path */
/* Names in directory `path` except "." and "..", packed as NUL-terminated
 * strings in one malloc'd buffer (caller frees); -1 if it cannot be read. */
int dir_names(const char *path, char **names);

/* Buffered line input (lib/lines.c).  Keep readers static: the stack is small. */
#define LR_BUFSIZE 1024
struct lreader {
	int fd;
	int pos, len; /* unread bytes are buf[pos..len) */
	char buf[LR_BUFSIZE];
};
void lr_init(struct lreader *r, int fd);
/* The next line, newline included, in line[] (NUL-terminated, at most
 * max-1 bytes: longer lines come in pieces).  Returns its length, 0 at the
 * end of input, -1 on a read error. */
int lr_getline(struct lreader *r, char *line, int max);

/* Pattern matching (lib/match.c). */
#define RE_MAXATOMS 128
struct re_atom {
	char ch;   /* literal character (when !any) */
	char any;  /* '.' matches every character */
	char star; /* repeated zero or more times */
};
struct regex {
	int natoms;
	int bol; /* '^': match only at the start */
	int eol; /* '$': match only at the end */
	struct re_atom atom[RE_MAXATOMS];
};
int re_compile(struct regex *re, const char *pattern); /* 0, or -1 if too long */
int re_match(const struct regex *re, const char *text);
int glob_match(const char *pattern, const char *name); /* '*' and '?' wildcards */

#endif
