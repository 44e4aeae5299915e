/*
 * errtest: make system calls fail on purpose and print, for each, the
 * return value, the errno it set and perror's line, so that a grade test
 * can check that every cause reaches the program in the POSIX wording.
 *
 * Each line is "NAME ret=R errno=E" followed by perror's "NAME: message"
 * on fd 2.  It works in a scratch directory "errt" of the current one and
 * removes what it made.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/kite.h"

#define BAD_ADDR ((char *)0x3fffff0000L) /* far above any user mapping */
#define NO_SUCH_CALL 255                 /* no kernel table reaches this */
#define NO_SUCH_PID 999999
#define NOT_AN_FD 99
#define TOO_MUCH_MEMORY 0x7fffffff /* past USER_TOP for any break */
#define HOLE_BLOCKS 8              /* efault_write writes this far past the end */
#define GOOD_BYTES 100             /* ... from a buffer whose first bytes are mapped */

static void report(const char *name, int64 ret)
{
	printf("%s ret=%ld errno=%d\n", name, ret, errno);
	perror(name);
	errno = 0;
}

static int64 raw_syscall(int64 num)
{
	register int64 a0 asm("a0") = 0;
	register int64 a7 asm("a7") = num;

	asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

int main(void)
{
	static char longpath[MAXPATH + 16];
	char buf[8];
	int fd;

	if (mkdir("errt") < 0 || chdir("errt") < 0) {
		perror("errtest: errt");
		exit(1);
	}
	fd = open("f", O_CREATE | O_WRONLY);
	write(fd, "not an ELF file\n", 16);
	close(fd);
	mkdir("d");
	fd = open("d/f", O_CREATE | O_WRONLY);
	close(fd);
	symlink("loop2", "loop1");
	symlink("loop1", "loop2");
	memset(longpath, 'a', sizeof(longpath) - 1);

	errno = 0;
	getpid();
	printf("success errno=%d\n", errno); /* a good call leaves errno alone */

	report("enoent", open("nosuch", O_RDONLY));
	report("eexist", mkdir("d"));
	report("enotdir", open("f/x", O_RDONLY));
	report("eisdir", open("d", O_WRONLY));
	report("enotempty", unlink("d"));
	report("ebadf", read(NOT_AN_FD, buf, sizeof(buf)));
	fd = open("f", O_RDONLY);
	report("efault", read(fd, BAD_ADDR, sizeof(buf)));
	close(fd);
	report("efault_utimes", utimes("f", (struct timeval *)BAD_ADDR));
	report("efault_statfs", statfs("/", (struct statfs *)BAD_ADDR));
	/* A write past the end whose buffer runs into unmapped memory in the
	 * first block: EFAULT, and no block stays allocated past the size. */
	struct statfs before, after;
	fd = open("g", O_CREATE | O_RDWR);
	statfs("/", &before);
	lseek(fd, HOLE_BLOCKS * BSIZE, SEEK_SET);
	char *edge = (char *)PGROUNDUP((uint64)sbrk(0)) - GOOD_BYTES;
	report("efault_write", write(fd, edge, BSIZE));
	statfs("/", &after);
	printf("efault_write blocks_kept=%ld\n", (int64)(before.bfree - after.bfree));
	close(fd);
	unlink("g");
	report("einval_utimes", utimes("f", (struct timeval[2]){{0, 0}, {-1, 0}}));
	report("enoent_statfs", statfs("nosuch", &(struct statfs){0}));
	report("eloop", open("loop1", O_RDONLY));
	report("enametoolong", open(longpath, O_RDONLY));
	report("enoexec", exec("f", (char *[]){"f", 0}));
	report("efault_execve", execve("f", (char *[]){"f", 0}, (char **)BAD_ADDR));
	static char *bigenv[MAXENV + 2];
	for (int i = 0; i <= MAXENV; i++)
		bigenv[i] = "X=1";
	report("e2big_execve", execve("f", (char *[]){"f", 0}, bigenv));
	report("esrch", kill(NO_SUCH_PID));
	report("echild", wait(0));
	report("enomem", (int64)sbrk(TOO_MUCH_MEMORY));
	printf("enosys raw=%ld\n", raw_syscall(NO_SUCH_CALL));
	printf("strerror unknown=%s\n", strerror(4000));

	unlink("loop1");
	unlink("loop2");
	unlink("d/f");
	unlink("d");
	unlink("f");
	chdir("..");
	unlink("errt");
	printf("errtest done\n");
	exit(0);
}
