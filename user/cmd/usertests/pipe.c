/*
 * usertests: pipes.
 */
#include "ut.h"

/* Many writes of odd sizes arrive intact and in order; then EOF. */
void test_pipedata(void)
{
	static const int wsizes[] = {1, 7, 100, 511, 512, 513, 1000, 3000};
	static const int rsizes[] = {13, 700, 1, 4096, 64};
	enum { TOTAL = 40000 };
	int p[2], pid, status, off, n, i;

	CHECK(pipe(p) == 0, "pipe failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		close(p[0]);
		for (off = 0, i = 0; off < TOTAL; off += n, i++) {
			n = wsizes[i % NELEM(wsizes)];
			if (n > TOTAL - off)
				n = TOTAL - off;
			fill(buf, n, 14, off);
			if (write(p[1], buf, n) != n)
				exit(2);
		}
		exit(0);
	}
	close(p[1]);
	for (off = 0, i = 0; (n = read(p[0], buf2, rsizes[i % NELEM(rsizes)])) > 0; off += n, i++) {
		int bad = check_fill(buf2, n, 14, off);

		CHECK(bad < 0, "wrong byte at offset %d", off + bad);
	}
	CHECK(n == 0, "read failed");
	CHECK(off == TOTAL, "got %d bytes, expected %d", off, TOTAL);
	CHECK(read(p[0], buf2, 1) == 0, "no EOF the second time");
	close(p[0]);
	CHECK(wait(&status) == pid && status == 0, "writer failed");
}

/* Writing with no reader fails at once (EPIPE, with SIGPIPE ignored), also
 * for a writer already blocked; with SIGPIPE's default action the writer
 * is killed, and wait() says -1 as for any killed process. */
void test_pipenoreader(void)
{
	int p[2], pid, status, i;

	signal(SIGPIPE, SIG_IGN);
	CHECK(pipe(p) == 0, "pipe failed");
	close(p[0]);
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "write with no reader did not fail");
	close(p[1]);

	CHECK(pipe(p) == 0, "pipe failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < 1024; i++) /* far more than a pipe holds */
			if (write(p[1], buf, BSIZE) == -1)
				exit(0);
		exit(1);
	}
	close(p[1]);
	CHECK(read(p[0], buf, 100) > 0, "nothing written");
	sleep(2);
	close(p[0]);
	CHECK(wait(&status) == pid, "wait failed");
	CHECK(status == 0, "blocked writer was not told the reader left");
	signal(SIGPIPE, SIG_DFL);

	CHECK(pipe(p) == 0, "pipe failed");
	close(p[0]);
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (pid == 0) {
		write(p[1], "x", 1);
		exit(1);
	}
	close(p[1]);
	CHECK(wait(&status) == pid && status == -1, "SIGPIPE did not kill the writer: %d", status);
}

/* Several writers into one pipe: no byte is lost or duplicated. */
void test_pipewriters(void)
{
	enum { NW = 5, PER = 3000 };
	int p[2], w, i, n, pid, status, counts[NW], total = 0;
	uint64 rng = 12345;

	CHECK(pipe(p) == 0, "pipe failed");
	for (w = 0; w < NW; w++) {
		pid = fork();
		CHECK(pid >= 0, "fork failed");
		if (pid == 0) {
			close(p[0]);
			memset(buf, 'A' + w, sizeof(buf));
			for (i = 0; i < PER; i += n) {
				rng = rng * 6364136223846793005ULL + 1442695040888963407ULL + w;
				n = 1 + (int)((rng >> 33) % 200);
				if (n > PER - i)
					n = PER - i;
				if (write(p[1], buf, n) != n)
					exit(2);
			}
			exit(0);
		}
		counts[w] = 0;
	}
	close(p[1]);
	while ((n = read(p[0], buf2, 777)) > 0) {
		for (i = 0; i < n; i++) {
			w = buf2[i] - 'A';
			CHECK(w >= 0 && w < NW, "stray byte %d in the pipe", buf2[i]);
			counts[w]++;
		}
		total += n;
	}
	close(p[0]);
	for (w = 0; w < NW; w++) {
		CHECK(wait(&status) > 0 && status == 0, "a writer failed");
		CHECK(counts[w] == PER, "writer %d: %d bytes arrived, expected %d", w, counts[w],
		      PER);
	}
	CHECK(total == NW * PER, "total %d", total);
}
