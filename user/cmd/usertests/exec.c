/*
 * usertests: exec, and the -exec-helper mode the exec tests run.
 */
#include "ut.h"

/* The i'th argument the exec tests pass (varied lengths). */
static void expected_arg(int i, char *out)
{
	int len;

	numbered(out, "arg", i);
	len = strlen(out);
	memset(out + len, 'x', i % 9);
	out[len + i % 9] = 0;
}

/* usertests -exec-helper ARGS...: check the arguments, exit with argc. */
void exec_helper(int argc, char *argv[])
{
	char want[32];
	int i;
	char *p;

	if (strcmp(argv[0], "usertests") != 0)
		exit(100);
	for (i = 2; i < argc; i++) {
		expected_arg(i, want);
		if (strcmp(argv[i], want) != 0)
			exit(100 + i);
	}
	if (argv[argc] != 0)
		exit(99);
	/* The new image has a working heap. */
	p = sbrk(PGSIZE);
	if (p == (char *)-1)
		exit(98);
	p[PGSIZE - 1] = 1;
	exit(argc);
}

static char argstore[MAXARG + 2][32];
static char *exec_argv[MAXARG + 3];

/* exec path with nargs argv entries (in a child); returns its status. */
static int exec_child(const char *path, int nargs)
{
	int i, pid, status;

	exec_argv[0] = "usertests";
	exec_argv[1] = EXEC_HELPER;
	for (i = 2; i < nargs; i++) {
		expected_arg(i, argstore[i]);
		exec_argv[i] = argstore[i];
	}
	exec_argv[nargs] = 0;
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		i = exec(path, exec_argv);
		exit(i == -1 ? 77 : 78);
	}
	CHECK(wait(&status) == pid, "wait failed");
	return status;
}

/* exec passes its arguments; up to MAXARG of them, more is refused. */
void test_execargs(void)
{
	static const int counts[] = {2, 3, 10, MAXARG - 1, MAXARG};
	int i, status;

	for (i = 0; i < NELEM(counts); i++) {
		status = exec_child(selfpath, counts[i]);
		CHECK(status != 77, "exec of %s with %d arguments failed", selfpath, counts[i]);
		CHECK(status == counts[i], "exec with %d arguments: helper said %d", counts[i],
		      status);
	}
	status = exec_child(selfpath, MAXARG + 1);
	CHECK(status == 77, "exec with MAXARG+1 arguments was not refused (status %d)", status);
}

/* Broken executables are built from kernel/elf.h's layouts. */
/* The ways an executable can be broken; each must make exec return -1. */
enum {
	BADELF_PHOFF,  /* program headers beyond the end of the file */
	BADELF_FILESZ, /* segment's file size bigger than its memory size */
	BADELF_WRAP,   /* vaddr + memsz wraps around */
	BADELF_SHORT,  /* segment data runs past the end of the file */
	BADELF_HUGE,   /* 1 TiB segment */
	BADELF_TOP,    /* segment over the trap frame / trampoline */
	BADELF_PHNUM,  /* 65535 program headers, file has one */
	BADELF_TRUNC,  /* file stops inside the ELF header */
	BADELF_COUNT
};

static void write_bad_elf(const char *name, int how)
{
	static struct {
		struct elfhdr h;
		struct proghdr ph;
		uint32 code[16];
	} img;
	int len = sizeof(img);

	memset(&img, 0, sizeof(img));
	img.h.magic = ELF_MAGIC;
	img.h.ident[EI_CLASS - 4] = ELFCLASS64;
	img.h.ident[EI_DATA - 4] = ELFDATA2LSB;
	img.h.ident[EI_VERSION - 4] = EV_CURRENT;
	img.h.type = ET_EXEC;
	img.h.machine = EM_RISCV;
	img.h.version = EV_CURRENT;
	img.h.entry = 0;
	img.h.phoff = sizeof(img.h);
	img.h.ehsize = sizeof(img.h);
	img.h.phentsize = sizeof(img.ph);
	img.h.phnum = 1;
	img.ph.type = PT_LOAD;
	img.ph.flags = PF_R | PF_X;
	img.ph.off = 0;
	img.ph.vaddr = 0;
	img.ph.filesz = sizeof(img);
	img.ph.memsz = PGSIZE;
	img.ph.align = PGSIZE;

	switch (how) {
	case BADELF_PHOFF:
		img.h.phoff = 4 * PGSIZE;
		break;
	case BADELF_FILESZ:
		img.ph.memsz = img.ph.filesz - 8;
		break;
	case BADELF_WRAP:
		img.ph.vaddr = 0xfffffffffffff000ULL;
		img.ph.memsz = 2 * PGSIZE;
		img.ph.filesz = 0;
		break;
	case BADELF_SHORT:
		img.ph.filesz = 100 * PGSIZE;
		img.ph.memsz = 100 * PGSIZE;
		break;
	case BADELF_HUGE:
		img.ph.memsz = 1ULL << 40;
		break;
	case BADELF_TOP:
		img.ph.vaddr = TRAPFRAME;
		img.ph.filesz = 0;
		break;
	case BADELF_PHNUM:
		img.h.phnum = 0xffff;
		break;
	case BADELF_TRUNC:
		len = 40;
		break;
	}
	write_file(name, &img, len);
}

/* Broken files fail exec with -1, and the caller's memory is intact. */
void test_execbad(void)
{
	char *argv[3], *heap, *brk0;
	int i, status;
	volatile int onstack = 0x1234abcd;

	heap = sbrk(2 * PGSIZE);
	CHECK(heap != (char *)-1, "sbrk failed");
	fill(heap, 2 * PGSIZE, 12, 0);
	fill(buf, BUFSZ, 13, 0);
	brk0 = sbrk(0);
	argv[0] = "bad";
	argv[1] = "arg";
	argv[2] = 0;

	write_file("text", "#!/bin/sh\necho this is not ELF\n", 31);
	write_file("empty", "", 0);
	CHECK(mkdir("dir") == 0 && symlink("text", "sl") == 0, "setup failed");
	CHECK(exec("text", argv) == -1, "exec of a text file");
	CHECK(exec("empty", argv) == -1, "exec of an empty file");
	CHECK(exec("dir", argv) == -1, "exec of a directory");
	CHECK(exec("sl", argv) == -1, "exec of a link to a text file");
	CHECK(exec("missing", argv) == -1, "exec of a missing file");
	for (i = 0; i < BADELF_COUNT; i++) {
		write_bad_elf("bad", i);
		CHECK(exec("bad", argv) == -1, "exec of broken ELF #%d", i);
		CHECK(sbrk(0) == brk0, "failed exec changed the size");
		CHECK(check_fill(heap, 2 * PGSIZE, 12, 0) < 0, "failed exec changed the heap");
		CHECK(check_fill(buf, BUFSZ, 13, 0) < 0, "failed exec changed static data");
		CHECK(onstack == 0x1234abcd, "failed exec changed the stack");
	}
	/* And a good exec still works afterwards. */
	status = exec_child(selfpath, 4);
	CHECK(status == 4, "exec after failures: status %d", status);
	unlink("text");
	unlink("empty");
	unlink("sl");
	unlink("dir");
	unlink("bad");
}

/* A copy of this program, written with write(), runs; so does a symlink. */
void test_execcopy(void)
{
	int in, out, n, status;

	in = open(selfpath, O_RDONLY);
	CHECK(in >= 0, "cannot open %s", selfpath);
	out = open("copy", O_CREATE | O_TRUNC | O_WRONLY);
	CHECK(out >= 0, "create failed");
	while ((n = read(in, buf, BUFSZ - 11)) > 0)
		CHECK(write(out, buf, n) == n, "write failed");
	CHECK(n == 0, "read of %s failed", selfpath);
	close(in);
	close(out);
	status = exec_child("copy", 5);
	CHECK(status == 5, "exec of the copy: status %d", status);
	CHECK(symlink(selfpath, "link") == 0, "symlink failed");
	status = exec_child("link", 3);
	CHECK(status == 3, "exec through a symlink: status %d", status);
	unlink("copy");
	unlink("link");
}
