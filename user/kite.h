/*
 * kite.h: Kite's additions to the xv6 user library, for Kite's own programs
 * (include after user/user.h).  Programs written for xv6 do not see these
 * names, and the library defines them weak (ULIB_WEAK), so a program that
 * defines its own strncmp or snprintf, as many xv6 programs do, builds and
 * uses its own.
 */
#ifndef KITE_USER_KITE_H
#define KITE_USER_KITE_H

/* On the library's definitions of the names below. */
#define ULIB_WEAK __attribute__((weak))

/* Files (system calls 40..49; SEEK_* and O_APPEND are in kernel/fcntl.h). */
int lseek(int fd, int off, int whence); /* the new offset; -1 on a pipe or device */
int ftruncate(int fd, int len);         /* shrink, or grow with zeros */
int fsync(int fd);                      /* 0 once what was written is on the disk */
int rename(const char *old, const char *new);
char *getcwd(char *buf, int size);      /* buf, or 0 (too small, or a removed cwd) */
int sys_getcwd(char *buf, int size);    /* the call itself: the length or -1 */

/* "YYYY-MM-DD HH:MM:SS" (UTC) for t seconds since 1970 (lib/time.c), like snprintf. */
#define TIME_STR_LEN 20 /* bytes format_time needs, the NUL included */
int format_time(char *buf, int size, uint64 t);

/* Files and strings. */
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
