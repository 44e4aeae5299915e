/*
 * stressfs: several processes write, read back and remove their own file at
 * the same time, so the file system's log, buffer cache and block allocator
 * are exercised concurrently.
 *
 * Each worker's file is large enough to need the single- and the
 * double-indirect block, and every byte depends on the worker number and
 * its offset, so a block that ends up in the wrong file (or at the wrong
 * place) is caught when it is read back.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"

#define NWORKERS 4
#define CHUNK 512
/* A bit more than the direct + single-indirect blocks can hold. */
#define FILEBYTES ((NDIRECT + NINDIRECT + 40) * BSIZE)

static char chunk[CHUNK];
static char back[CHUNK];

/* The byte stored at offset off of worker w's file. */
static char pattern(int w, uint off)
{
	return (char)(w * 37 + off / CHUNK * 7 + off % 251);
}

static void fill(int w, uint off)
{
	int i;

	for (i = 0; i < CHUNK; i++)
		chunk[i] = pattern(w, off + i);
}

static void worker_fail(int w, const char *why)
{
	printf("stressfs: worker %d: %s\n", w, why);
	exit(1);
}

static void worker(int w)
{
	char name[16];
	uint off;
	int fd;
	struct stat st;

	strcpy(name, "stressfs.0");
	name[9] = '0' + w;
	unlink(name);

	fd = open(name, O_CREATE | O_RDWR);
	if (fd < 0)
		worker_fail(w, "create failed");
	for (off = 0; off < FILEBYTES; off += CHUNK) {
		fill(w, off);
		if (write(fd, chunk, CHUNK) != CHUNK)
			worker_fail(w, "write failed");
	}
	if (fstat(fd, &st) < 0 || st.size != FILEBYTES)
		worker_fail(w, "wrong size after writing");
	close(fd);

	fd = open(name, O_RDONLY);
	if (fd < 0)
		worker_fail(w, "reopen failed");
	for (off = 0; off < FILEBYTES; off += CHUNK) {
		fill(w, off);
		if (read(fd, back, CHUNK) != CHUNK)
			worker_fail(w, "short read");
		if (memcmp(chunk, back, CHUNK) != 0)
			worker_fail(w, "data read back differs");
	}
	if (read(fd, back, CHUNK) != 0)
		worker_fail(w, "no end-of-file after the data");
	close(fd);

	if (unlink(name) < 0)
		worker_fail(w, "unlink failed");
	if (open(name, O_RDONLY) >= 0)
		worker_fail(w, "file still there after unlink");
	exit(0);
}

int main(void)
{
	int w, pid, status, failed = 0;

	printf("stressfs starting: %d workers, %d bytes each\n", NWORKERS, (int)FILEBYTES);
	for (w = 0; w < NWORKERS; w++) {
		pid = fork();
		if (pid < 0) {
			printf("stressfs: fork failed\n");
			failed = 1;
			break;
		}
		if (pid == 0)
			worker(w);
	}
	while (wait(&status) >= 0)
		if (status != 0)
			failed = 1;
	if (failed) {
		printf("stressfs FAILED\n");
		exit(1);
	}
	printf("stressfs ok\n");
	exit(0);
}
