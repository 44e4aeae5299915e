/*
 * maptest: checks of mmap, munmap and mprotect, one per argument, for
 * grade/test_mmap.py.  Each prints "NAME: ok" when its checks pass, or
 * "NAME: FAIL what" at the first that does not, and exits 0 or 1.
 * "maptest all" runs every check.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/memlayout.h"
#include "kernel/riscv.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "kernel/errno.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "user/kite.h"

#define FILE_NAME "maptest.f"
#define RW (PROT_READ | PROT_WRITE)
#define ANON_PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED (MAP_SHARED | MAP_ANONYMOUS)

static const char *current;

static void failed(const char *what)
{
	printf("%s: FAIL %s\n", current, what);
	exit(1);
}

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			failed(#cond);                                                             \
	} while (0)

static int child_status(int pid)
{
	int st = 0;
	EXPECT(pid > 0);
	EXPECT(wait(&st) == pid);
	return st;
}

/* A file of npages pages, page i filled with the byte 'a' + i, plus tail bytes of 'z'. */
static void make_file(int npages, int tail)
{
	static char page[PGSIZE]; /* not on the one-page stack */
	unlink(FILE_NAME);
	int fd = open(FILE_NAME, O_CREATE | O_RDWR);
	EXPECT(fd >= 0);
	for (int i = 0; i < npages; i++) {
		memset(page, 'a' + i, PGSIZE);
		EXPECT(write(fd, page, PGSIZE) == PGSIZE);
	}
	memset(page, 'z', tail);
	EXPECT(write(fd, page, tail) == tail);
	close(fd);
}

/* Does [p, p+n) hold only byte c? */
static int all(const char *p, int n, char c)
{
	for (int i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* The byte at off in the file, by read(). */
static char file_byte(int off)
{
	char c = 0;
	int fd = open(FILE_NAME, O_RDONLY);
	EXPECT(fd >= 0);
	EXPECT(lseek(fd, off, SEEK_SET) == off);
	EXPECT(read(fd, &c, 1) == 1);
	close(fd);
	return c;
}

static char *map_file(int len, int prot, int flags, int omode)
{
	int fd = open(FILE_NAME, omode);
	EXPECT(fd >= 0);
	char *p = mmap(0, len, prot, flags, fd, 0);
	EXPECT(p != MAP_FAILED);
	close(fd); /* the mapping keeps the file */
	return p;
}

/* Run fn in a child: its exit status (-1 if it was killed). */
static int in_child(void (*fn)(char *), char *arg)
{
	int pid = fork();
	if (pid == 0) {
		fn(arg);
		exit(0);
	}
	return child_status(pid);
}

static void store(char *p)
{
	*(volatile char *)p = 'X';
}

static void load(char *p)
{
	(void)*(volatile char *)p;
}

/* Anonymous private memory: zeros, writable, copy-on-write across fork. */
static void t_anon(void)
{
	char *p = mmap(0, 3 * PGSIZE, RW, ANON_PRIVATE, -1, 0);
	EXPECT(p != MAP_FAILED);
	EXPECT((uint64)p >= MMAP_BASE && (uint64)p + 3 * PGSIZE <= MMAP_TOP);
	EXPECT(all(p, 3 * PGSIZE, 0));
	memset(p, 'p', 3 * PGSIZE);
	int pid = fork();
	if (pid == 0) {
		memset(p, 'c', PGSIZE);
		exit(all(p + PGSIZE, PGSIZE, 'p') ? 0 : 1);
	}
	EXPECT(child_status(pid) == 0);
	EXPECT(all(p, 3 * PGSIZE, 'p'));
	EXPECT(munmap(p, 3 * PGSIZE) == 0);
	EXPECT(in_child(load, p) == -1);
}

/* Anonymous shared memory: a child's writes are the parent's. */
static void t_anon_shared(void)
{
	char *p = mmap(0, 2 * PGSIZE, RW, ANON_SHARED, -1, 0);
	EXPECT(p != MAP_FAILED);
	EXPECT(all(p, 2 * PGSIZE, 0));
	int pid = fork();
	if (pid == 0) {
		memset(p + PGSIZE, 's', PGSIZE);
		exit(0);
	}
	EXPECT(child_status(pid) == 0);
	EXPECT(all(p + PGSIZE, PGSIZE, 's'));
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
}

/* A file page is read at the first touch: a write() after mmap shows. */
static void t_lazy(void)
{
	make_file(2, 0);
	char *p = map_file(2 * PGSIZE, PROT_READ, MAP_PRIVATE, O_RDONLY);
	int fd = open(FILE_NAME, O_RDWR);
	EXPECT(fd >= 0);
	char buf[16];
	memset(buf, 'L', sizeof(buf));
	EXPECT(lseek(fd, PGSIZE, SEEK_SET) == PGSIZE);
	EXPECT(write(fd, buf, sizeof(buf)) == sizeof(buf));
	close(fd);
	EXPECT(all(p, PGSIZE, 'a'));
	EXPECT(all(p + PGSIZE, sizeof(buf), 'L'));
	EXPECT(all(p + PGSIZE + sizeof(buf), PGSIZE - sizeof(buf), 'b'));
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
}

/* Shared writes reach the file at munmap, also for a file that was unlinked. */
static void t_shared(void)
{
	make_file(2, 0);
	char *p = map_file(2 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	p[1] = 'W';
	p[PGSIZE + 2] = 'V';
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
	EXPECT(file_byte(1) == 'W' && file_byte(PGSIZE + 2) == 'V' && file_byte(0) == 'a');
	p = map_file(PGSIZE, RW, MAP_SHARED, O_RDWR);
	EXPECT(unlink(FILE_NAME) == 0);
	p[0] = 'U';
	EXPECT(p[0] == 'U' && p[1] == 'W');
	EXPECT(munmap(p, PGSIZE) == 0);
}

/* Only dirty pages go back: a page only read is not written over a later write(). */
static void t_dirty(void)
{
	make_file(2, 0);
	char *p = map_file(2 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	EXPECT(p[0] == 'a' && p[PGSIZE] == 'b'); /* both pages in memory, clean */
	p[0] = 'D';
	int fd = open(FILE_NAME, O_RDWR);
	EXPECT(fd >= 0);
	EXPECT(lseek(fd, PGSIZE, SEEK_SET) == PGSIZE);
	EXPECT(write(fd, "N", 1) == 1);
	close(fd);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
	EXPECT(file_byte(0) == 'D');
	EXPECT(file_byte(PGSIZE) == 'N');
}

/* Private writes stay private; a read-only file may be mapped private-writable. */
static void t_private(void)
{
	make_file(1, 0);
	char *p = map_file(PGSIZE, RW, MAP_PRIVATE, O_RDONLY);
	memset(p, 'P', PGSIZE);
	EXPECT(all(p, PGSIZE, 'P'));
	EXPECT(munmap(p, PGSIZE) == 0);
	EXPECT(file_byte(0) == 'a');
}

/* Fork: a shared file mapping is one copy for both; exit writes it back. */
static void t_fork(void)
{
	make_file(2, 0);
	char *p = map_file(2 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	char *q = map_file(PGSIZE, RW, MAP_PRIVATE, O_RDWR);
	p[0] = 'P'; /* page 0 dirty and writable before the fork, page 1 untouched */
	int pid = fork();
	if (pid == 0) {
		p[1] = 'B';
		p[PGSIZE] = 'C';
		q[0] = 'Q';
		exit(0);
	}
	EXPECT(child_status(pid) == 0);
	EXPECT(p[0] == 'P' && p[1] == 'B' && p[PGSIZE] == 'C');
	EXPECT(q[0] != 'Q'); /* the file's byte, maybe the shared 'P' written back */
	pid = fork();
	if (pid == 0) {
		char *r = map_file(PGSIZE, RW, MAP_SHARED, O_RDWR);
		r[5] = 'E';
		exit(0); /* no munmap: exit writes back */
	}
	EXPECT(child_status(pid) == 0);
	EXPECT(file_byte(5) == 'E');
	EXPECT(munmap(p, 2 * PGSIZE) == 0 && munmap(q, PGSIZE) == 0);
	EXPECT(file_byte(PGSIZE) == 'C');
}

/* munmap of the start, the end, the middle, a range never mapped. */
static void t_partial(void)
{
	char *p = mmap(0, 5 * PGSIZE, RW, ANON_PRIVATE, -1, 0);
	EXPECT(p != MAP_FAILED);
	for (int i = 0; i < 5; i++)
		p[i * PGSIZE] = '0' + i;
	EXPECT(munmap(p, PGSIZE) == 0);
	EXPECT(munmap(p + 4 * PGSIZE, PGSIZE) == 0);
	EXPECT(munmap(p + 2 * PGSIZE, PGSIZE) == 0);
	EXPECT(p[PGSIZE] == '1' && p[3 * PGSIZE] == '3');
	EXPECT(in_child(load, p) == -1);
	EXPECT(in_child(load, p + 2 * PGSIZE) == -1);
	EXPECT(in_child(load, p + 4 * PGSIZE) == -1);
	EXPECT(munmap(p, 5 * PGSIZE) == 0); /* holes and all */
	EXPECT(in_child(load, p + PGSIZE) == -1);
	EXPECT(munmap(p, PGSIZE) == 0); /* nothing there now */

	/* A file mapping cut in the middle keeps its offsets. */
	make_file(3, 0);
	p = map_file(3 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	p[0] = 'x';
	p[PGSIZE] = 'y';
	p[2 * PGSIZE] = 'z';
	EXPECT(munmap(p + PGSIZE, PGSIZE) == 0);
	EXPECT(file_byte(PGSIZE) == 'y' && file_byte(0) == 'a');
	EXPECT(p[2 * PGSIZE + 1] == 'c');
	EXPECT(munmap(p, 3 * PGSIZE) == 0);
	EXPECT(file_byte(0) == 'x' && file_byte(2 * PGSIZE) == 'z');
}

/* MAP_FIXED at a chosen address, and over an existing mapping. */
static void t_fixed(void)
{
	char *want = (char *)(MMAP_BASE + 64 * PGSIZE);
	char *p = mmap(want, 2 * PGSIZE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT(p == want);
	p[PGSIZE] = 'f';
	char *q = mmap(want + PGSIZE, PGSIZE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0);
	EXPECT(q == want + PGSIZE);
	EXPECT(q[0] == 0); /* replaced */
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
}

/* mprotect: read-only, then a write kills; writable again. */
static void t_mprotect(void)
{
	char *p = mmap(0, 2 * PGSIZE, RW, ANON_PRIVATE, -1, 0);
	EXPECT(p != MAP_FAILED);
	p[0] = 'm';
	EXPECT(mprotect(p, PGSIZE, PROT_READ) == 0);
	EXPECT(p[0] == 'm');
	p[PGSIZE] = 'n'; /* the rest stays writable */
	printf("%s: expect a kill:\n", current);
	EXPECT(in_child(store, p) == -1);
	EXPECT(mprotect(p, PGSIZE, PROT_NONE) == 0);
	EXPECT(in_child(load, p) == -1);
	EXPECT(mprotect(p, 2 * PGSIZE, RW) == 0);
	p[0] = 'M';
	EXPECT(p[0] == 'M' && p[PGSIZE] == 'n');
	EXPECT(mprotect(p + 4 * PGSIZE, PGSIZE, PROT_READ) == -1 && errno == ENOMEM);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
}

/* A touch outside any mapping, a write to a read-only one. */
static void t_faults(void)
{
	EXPECT(in_child(load, (char *)(MMAP_TOP - PGSIZE)) == -1);
	make_file(1, 0);
	char *p = map_file(PGSIZE, PROT_READ, MAP_SHARED, O_RDONLY);
	EXPECT(p[0] == 'a');
	EXPECT(in_child(store, p) == -1);
	EXPECT(mprotect(p, PGSIZE, RW) == -1 && errno == EACCES);
	EXPECT(munmap(p, PGSIZE) == 0);
}

/* Past the end of the file: zeros to the end of the last page, then a fault. */
static void t_eof(void)
{
	make_file(0, 100);
	char *p = map_file(2 * PGSIZE, PROT_READ, MAP_PRIVATE, O_RDONLY);
	EXPECT(all(p, 100, 'z'));
	EXPECT(all(p + 100, PGSIZE - 100, 0));
	EXPECT(in_child(load, p + PGSIZE) == -1);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
}

/* copyin and copyout through pages not touched yet; sbrk still works. */
static void t_copy(void)
{
	make_file(1, 0);
	char *f = map_file(PGSIZE, PROT_READ, MAP_PRIVATE, O_RDONLY);
	char *a = mmap(0, PGSIZE, RW, ANON_PRIVATE, -1, 0);
	EXPECT(a != MAP_FAILED);
	int fd = open(FILE_NAME, O_RDONLY);
	EXPECT(read(fd, a, 10) == 10); /* copyout into a fresh anonymous page */
	close(fd);
	EXPECT(all(a, 10, 'a'));
	/* A file read into its own mapping's fresh page would need the
	 * inode's lock twice: refused with EFAULT, not a deadlock. */
	char *g = map_file(PGSIZE, RW, MAP_PRIVATE, O_RDONLY);
	fd = open(FILE_NAME, O_RDONLY);
	EXPECT(read(fd, g, 10) == -1 && errno == EFAULT);
	close(fd);
	EXPECT(munmap(g, PGSIZE) == 0);
	fd = open("maptest.g", O_CREATE | O_RDWR | O_TRUNC);
	EXPECT(write(fd, f, 10) == 10); /* copyin from a file page not read yet */
	close(fd);
	unlink("maptest.g");
	char *brk = sbrk(2 * PGSIZE);
	EXPECT(brk != (char *)-1 && (uint64)brk < MMAP_BASE);
	brk[PGSIZE] = 1;
	EXPECT(munmap(f, PGSIZE) == 0 && munmap(a, PGSIZE) == 0);
}

/* exec unmaps, writing shared pages back. */
static void t_exec(void)
{
	make_file(1, 0);
	int pid = fork();
	if (pid == 0) {
		char *p = map_file(PGSIZE, RW, MAP_SHARED, O_RDWR);
		p[3] = 'X';
		char *argv[] = {"echo", "exec", 0};
		exec("echo", argv);
		exit(1);
	}
	EXPECT(child_status(pid) == 0);
	EXPECT(file_byte(3) == 'X');
}

/* The physical page behind va (which must be mapped). */
static uint64 phys(const void *va)
{
	uint64 pte = pgpte((void *)va);
	EXPECT(pte != 0 && pte != (uint64)-1);
	return PTE2PA(pte);
}

/* Read a decimal number written by a child through fd. */
static uint64 read_number(int fd)
{
	char buf[32];
	int n = 0, r;
	while (n < (int)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	uint64 v = 0;
	for (char *s = buf; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (uint64)(*s - '0');
	return v;
}

/* Two processes that map the file each on its own (not through fork) map
 * one page: each sees the other's stores at once, before any munmap. */
static void t_share2(void)
{
	make_file(1, 0);
	int go[2], done[2];
	EXPECT(pipe(go) == 0 && pipe(done) == 0);
	int pid = fork();
	if (pid == 0) {
		char *q = map_file(PGSIZE, RW, MAP_SHARED, O_RDWR);
		q[10] = 'C';
		char c;
		EXPECT(write(done[1], "1", 1) == 1);
		EXPECT(read(go[0], &c, 1) == 1); /* the parent wrote p[11] */
		exit(q[11] == 'P' ? 0 : 1);
	}
	char *p = map_file(PGSIZE, RW, MAP_SHARED, O_RDWR);
	char c;
	EXPECT(read(done[0], &c, 1) == 1);
	EXPECT(p[10] == 'C'); /* the child's store, not written back yet */
	EXPECT(file_byte(10) == 'a');
	p[11] = 'P';
	EXPECT(write(go[1], "1", 1) == 1);
	EXPECT(child_status(pid) == 0);
	EXPECT(file_byte(10) == 'C'); /* the child's exit wrote it back */
	EXPECT(munmap(p, PGSIZE) == 0);
	EXPECT(file_byte(11) == 'P');
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
}

/* write() shows in a page already mapped, and in one not touched yet;
 * the same physical page is mapped by two mappings of the file. */
static void t_coherent(void)
{
	make_file(2, 0);
	char *p = map_file(2 * PGSIZE, PROT_READ, MAP_SHARED, O_RDONLY);
	char *q = map_file(2 * PGSIZE, PROT_READ, MAP_PRIVATE, O_RDONLY);
	EXPECT(p[0] == 'a' && q[0] == 'a');
	EXPECT(phys(p) == phys(q)); /* a private page is the cache's until written */
	int fd = open(FILE_NAME, O_RDWR);
	EXPECT(fd >= 0);
	EXPECT(write(fd, "WX", 2) == 2);
	EXPECT(lseek(fd, PGSIZE + 5, SEEK_SET) == PGSIZE + 5);
	EXPECT(write(fd, "Y", 1) == 1);
	close(fd);
	EXPECT(p[0] == 'W' && p[1] == 'X' && q[0] == 'W');
	EXPECT(p[PGSIZE + 5] == 'Y' && p[PGSIZE + 4] == 'b');
	EXPECT(munmap(p, 2 * PGSIZE) == 0 && munmap(q, 2 * PGSIZE) == 0);
}

#define OLD_MTIME 1000000 /* a time no write-back could set */

static uint64 file_mtime(void)
{
	struct stat st;
	EXPECT(stat(FILE_NAME, &st) == 0);
	return st.mtime;
}

/* Only dirty pages are written: a shared writable mapping only read
 * leaves the file's mtime alone; msync writes a dirty page at once. */
static void t_clean(void)
{
	make_file(2, 0);
	struct timeval tv[2] = {{OLD_MTIME, 0}, {OLD_MTIME, 0}};
	EXPECT(utimes(FILE_NAME, tv) == 0 && file_mtime() == OLD_MTIME);
	char *p = map_file(2 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	EXPECT(p[0] == 'a' && p[PGSIZE] == 'b');
	EXPECT(msync(p, 2 * PGSIZE, MS_SYNC) == 0);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
	EXPECT(file_mtime() == OLD_MTIME);
	p = map_file(2 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	p[PGSIZE] = 'M';
	EXPECT(msync(p, 2 * PGSIZE, MS_ASYNC) == 0);
	EXPECT(file_byte(PGSIZE) == 'M' && file_mtime() != OLD_MTIME);
	EXPECT(utimes(FILE_NAME, tv) == 0);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
	EXPECT(file_mtime() == OLD_MTIME); /* clean again after msync */
	EXPECT(msync(p, PGSIZE, MS_SYNC) == -1 && errno == ENOMEM);
	EXPECT(msync(p + 1, PGSIZE, MS_SYNC) == -1 && errno == EINVAL);
	EXPECT(msync((void *)MMAP_BASE, PGSIZE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
}

/* Truncate: the rest of the last page becomes zeros; a dirty page past
 * the new end is not written back over the file. */
static void t_truncate(void)
{
	make_file(2, 0);
	char *p = map_file(2 * PGSIZE, RW, MAP_SHARED, O_RDWR);
	p[200] = 'T';
	p[PGSIZE] = 'G';
	int fd = open(FILE_NAME, O_RDWR);
	EXPECT(fd >= 0);
	EXPECT(ftruncate(fd, 100) == 0);
	EXPECT(p[99] == 'a' && p[100] == 0 && p[200] == 0);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
	struct stat st;
	EXPECT(fstat(fd, &st) == 0 && st.size == 100);
	EXPECT(ftruncate(fd, 2 * PGSIZE) == 0); /* regrown: zeros */
	close(fd);
	EXPECT(file_byte(PGSIZE) == 0 && file_byte(200) == 0);
	p = map_file(2 * PGSIZE, PROT_READ, MAP_SHARED, O_RDONLY);
	EXPECT(p[50] == 'a' && p[150] == 0 && p[PGSIZE] == 0);
	EXPECT(munmap(p, 2 * PGSIZE) == 0);
}

/* Memory runs out while file pages are cached: the page allocator takes
 * back cached pages no one maps; a toucher that still finds no memory is
 * killed, and everyone else goes on. */
#define PRESSURE_FILE_PAGES 256

static void eat_and_touch(char *p)
{
	while (sbrk(64 * PGSIZE) != (char *)-1) /* eager: takes the cache's idle pages too */
		;
	int sum = 0;
	for (int i = 0; i < PRESSURE_FILE_PAGES; i++)
		sum += p[i * PGSIZE];
	exit(sum == 0 ? 1 : 0);
}

static void t_pressure_file(void)
{
	make_file(0, 0);
	int fd = open(FILE_NAME, O_RDWR);
	static char page[PGSIZE];
	memset(page, 'f', PGSIZE);
	for (int i = 0; i < PRESSURE_FILE_PAGES; i++)
		EXPECT(write(fd, page, PGSIZE) == PGSIZE);
	/* fd stays open: a file's pages stay cached while it is in use. */
	char *p = map_file(PRESSURE_FILE_PAGES * PGSIZE, PROT_READ, MAP_SHARED, O_RDONLY);
	EXPECT(all(p, PRESSURE_FILE_PAGES * PGSIZE, 'f'));
	EXPECT(munmap(p, PRESSURE_FILE_PAGES * PGSIZE) == 0);
	struct pcstats before, after;
	EXPECT(pcstats(&before) == 0 && before.cached >= PRESSURE_FILE_PAGES);
	for (int round = 0; round < 2; round++) {
		p = map_file(PRESSURE_FILE_PAGES * PGSIZE, PROT_READ, MAP_SHARED, O_RDONLY);
		int st = in_child((void (*)(char *))eat_and_touch, p);
		EXPECT(st == 0 || st == -1);
		EXPECT(munmap(p, PRESSURE_FILE_PAGES * PGSIZE) == 0);
	}
	EXPECT(pcstats(&after) == 0 && after.evictions > before.evictions);
	p = map_file(PRESSURE_FILE_PAGES * PGSIZE, PROT_READ, MAP_SHARED, O_RDONLY);
	EXPECT(all(p, PRESSURE_FILE_PAGES * PGSIZE, 'f'));
	EXPECT(munmap(p, PRESSURE_FILE_PAGES * PGSIZE) == 0);
	close(fd);
}

/* Demand-paged exec.  Pages this program never touches before "maptest
 * -lazy" looks at them: in the text (read-only data), data and bss. */
static const char ro_big[3 * PGSIZE] = {1, 2, 3};
static char data_big[3 * PGSIZE] = {4, 5, 6};
static char bss_big[3 * PGSIZE];

static const char *middle(const char *a)
{
	return (const char *)(((uint64)a + PGSIZE) & ~(uint64)(PGSIZE - 1));
}

/* Run as "maptest -lazy" by t_exec_lazy: untouched pages are unmapped;
 * prints the text page's physical address for the parent to compare. */
static void lazy_child(void)
{
	current = "exec_lazy (child)";
	const char *r = middle(ro_big), *d = middle(data_big), *b = middle(bss_big);
	EXPECT(pgpte((void *)r) == 0 && pgpte((void *)d) == 0 && pgpte((void *)b) == 0);
	EXPECT(*(volatile const char *)r == 0 && *(volatile char *)d == 0 &&
	       *(volatile char *)b == 0);
	EXPECT(ro_big[1] == 2 && data_big[2] == 6);
	*(volatile char *)d = 'd';
	EXPECT(pgpte((void *)r) != 0 && pgpte((void *)d) != 0 && pgpte((void *)b) != 0);
	printf("%lu\n", phys(r));
	exit(0);
}

static void t_exec_lazy(void)
{
	const char *r = middle(ro_big);
	EXPECT(*(volatile const char *)r == 0);
	uint64 mine = phys(r);
	int fds[2];
	EXPECT(pipe(fds) == 0);
	int pid = fork();
	if (pid == 0) {
		close(1);
		dup(fds[1]);
		close(fds[0]);
		close(fds[1]);
		char *argv[] = {"maptest", "-lazy", 0};
		exec("maptest", argv);
		exit(1);
	}
	close(fds[1]);
	uint64 theirs = read_number(fds[0]);
	close(fds[0]);
	EXPECT(child_status(pid) == 0);
	EXPECT(theirs == mine); /* one copy of the text for both */
	EXPECT(data_big[0] == 4);
	/* A running program cannot be opened for writing; for reading it can. */
	EXPECT(open("maptest", O_WRONLY) == -1 && errno == ETXTBSY);
	EXPECT(open("maptest", O_RDWR | O_TRUNC) == -1 && errno == ETXTBSY);
	int fd = open("maptest", O_RDONLY);
	EXPECT(fd >= 0);
	close(fd);
}

/* A leaf function with no references to memory: it runs anywhere. */
__attribute__((noinline)) static int add_one(int x)
{
	return x + 1;
}

/* The offset in maptest's file of the text byte at va, from its program headers. */
static uint64 text_file_offset(uint64 va)
{
	int fd = open("maptest", O_RDONLY);
	EXPECT(fd >= 0);
	struct elfhdr eh;
	EXPECT(read(fd, &eh, sizeof(eh)) == sizeof(eh) && eh.magic == ELF_MAGIC);
	uint64 off = 0;
	for (int i = 0; i < eh.phnum && !off; i++) {
		struct proghdr ph;
		EXPECT(lseek(fd, eh.phoff + i * sizeof(ph), SEEK_SET) >= 0);
		EXPECT(read(fd, &ph, sizeof(ph)) == sizeof(ph));
		if (ph.type == PT_LOAD && (ph.flags & PF_X) && va >= ph.vaddr &&
		    va < ph.vaddr + ph.filesz)
			off = ph.off + (va - ph.vaddr);
	}
	close(fd);
	EXPECT(off != 0);
	return off;
}

static void call_mapped(char *fn)
{
	exit(((int (*)(int))fn)(41) == 42 ? 0 : 1);
}

/* Code runs from a PROT_EXEC file mapping's page not touched yet (an
 * instruction page fault maps it); without PROT_EXEC the fetch kills. */
static void t_exec_map(void)
{
	uint64 va = (uint64)add_one, off = text_file_offset(va);
	uint64 page_off = off & ~(uint64)(PGSIZE - 1);
	int fd = open("maptest", O_RDONLY);
	EXPECT(fd >= 0);
	char *exec_page = mmap(0, 2 * PGSIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, page_off);
	char *ro = mmap(0, 2 * PGSIZE, PROT_READ, MAP_PRIVATE, fd, page_off);
	close(fd);
	EXPECT(exec_page != MAP_FAILED && ro != MAP_FAILED);
	EXPECT(pgpte(exec_page + (off - page_off)) == 0); /* not touched yet */
	char *fn = exec_page + (off - page_off);
	EXPECT(((int (*)(int))fn)(41) == 42);
	printf("%s: expect a kill:\n", current);
	EXPECT(in_child(call_mapped, ro + (off - page_off)) == -1);
	EXPECT(munmap(exec_page, 2 * PGSIZE) == 0 && munmap(ro, 2 * PGSIZE) == 0);
}

#define PRESSURE_BYTES ((size_t)256 << 20) /* twice the default machine's RAM */

static void touch_all(char *p)
{
	for (size_t i = 0; i < PRESSURE_BYTES; i += PGSIZE)
		p[i] = 1;
}

/* More memory mapped than exists: touching it all kills the toucher
 * ("out of memory"), and the kernel and this process go on. */
static void t_pressure(void)
{
	char *p = mmap(0, PRESSURE_BYTES, RW, ANON_PRIVATE, -1, 0);
	EXPECT(p != MAP_FAILED);
	EXPECT(in_child(touch_all, p) == -1);
	p[0] = 'p';
	EXPECT(munmap(p, PRESSURE_BYTES) == 0);
	EXPECT(mmap(0, PRESSURE_BYTES, RW, ANON_SHARED, -1, 0) == MAP_FAILED && errno == ENOMEM);
}

/* Bad arguments: POSIX's errors, nothing mapped. */
static void t_bad(void)
{
	make_file(1, 0);
	int ro = open(FILE_NAME, O_RDONLY), wo = open(FILE_NAME, O_WRONLY);
	EXPECT(ro >= 0 && wo >= 0);
	EXPECT(mmap(0, 0, PROT_READ, MAP_PRIVATE, ro, 0) == MAP_FAILED && errno == EINVAL);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED && errno == EBADF);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF);
	EXPECT(mmap(0, PGSIZE, RW, MAP_SHARED, ro, 0) == MAP_FAILED && errno == EACCES);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_SHARED, wo, 0) == MAP_FAILED && errno == EACCES);
	EXPECT(mmap(0, PGSIZE, PROT_READ, 0, ro, 0) == MAP_FAILED && errno == EINVAL);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_SHARED | MAP_PRIVATE, ro, 0) == MAP_FAILED &&
	       errno == EINVAL);
	EXPECT(mmap(0, PGSIZE, 0x8, MAP_PRIVATE, ro, 0) == MAP_FAILED && errno == EINVAL);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE | 0x1000, ro, 0) == MAP_FAILED &&
	       errno == EINVAL);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, ro, 100) == MAP_FAILED && errno == EINVAL);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, ro, -PGSIZE) == MAP_FAILED &&
	       errno == EINVAL);
	EXPECT(mmap((void *)(MMAP_BASE + 1), PGSIZE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0) ==
	           MAP_FAILED &&
	       errno == EINVAL);
	EXPECT(mmap((void *)PGSIZE, PGSIZE, RW, ANON_PRIVATE | MAP_FIXED, -1, 0) == MAP_FAILED &&
	       errno == ENOMEM);
	EXPECT(mmap(0, (size_t)1 << 40, RW, ANON_PRIVATE, -1, 0) == MAP_FAILED && errno == ENOMEM);
	EXPECT(mmap(0, (size_t)1 << 29, RW, ANON_SHARED, -1, 0) == MAP_FAILED && errno == ENOMEM);
	int pfd[2];
	EXPECT(pipe(pfd) == 0);
	EXPECT(mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, pfd[0], 0) == MAP_FAILED && errno == ENODEV);
	close(pfd[0]);
	close(pfd[1]);
	EXPECT(munmap((void *)(MMAP_BASE + 1), PGSIZE) == -1 && errno == EINVAL);
	EXPECT(munmap((void *)MMAP_BASE, 0) == -1 && errno == EINVAL);
	EXPECT(mprotect((void *)(MMAP_BASE + 1), PGSIZE, PROT_READ) == -1 && errno == EINVAL);
	/* The table fills up without harm, and empties again. */
	char *maps[20];
	int n = 0;
	while (n < 20 && (maps[n] = mmap(0, PGSIZE, RW, ANON_PRIVATE, -1, 0)) != MAP_FAILED)
		n++;
	EXPECT(n > 4 && n < 20 && errno == ENOMEM);
	for (int i = 0; i < n; i++)
		EXPECT(munmap(maps[i], PGSIZE) == 0);
	close(ro);
	close(wo);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
    {"anon", t_anon},
    {"anon_shared", t_anon_shared},
    {"lazy", t_lazy},
    {"shared", t_shared},
    {"dirty", t_dirty},
    {"private", t_private},
    {"fork", t_fork},
    {"partial", t_partial},
    {"fixed", t_fixed},
    {"mprotect", t_mprotect},
    {"faults", t_faults},
    {"eof", t_eof},
    {"copy", t_copy},
    {"exec", t_exec},
    {"bad", t_bad},
    {"pressure", t_pressure},
    {"share2", t_share2},
    {"coherent", t_coherent},
    {"clean", t_clean},
    {"truncate", t_truncate},
    {"pressure_file", t_pressure_file},
    {"exec_lazy", t_exec_lazy},
    {"exec_map", t_exec_map},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static void run(uint k)
{
	current = tests[k].name;
	tests[k].fn();
	printf("%s: ok\n", current);
}

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(2, "usage: maptest all | TEST...\n");
		exit(2);
	}
	if (strcmp(argv[1], "-lazy") == 0)
		lazy_child();
	for (int i = 1; i < argc; i++) {
		int found = 0;
		for (uint k = 0; k < NTESTS; k++)
			if (strcmp(argv[i], "all") == 0 || strcmp(argv[i], tests[k].name) == 0) {
				run(k);
				found = 1;
			}
		if (!found) {
			fprintf(2, "maptest: no test %s\n", argv[i]);
			exit(2);
		}
	}
	unlink(FILE_NAME);
	exit(0);
}
