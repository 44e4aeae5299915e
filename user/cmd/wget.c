/*
 * wget: fetch a file over HTTP/1.0.
 *
 *   wget [-O FILE] http://A.B.C.D[:PORT]/PATH
 *
 * The file is saved under the last component of PATH (index.html for a
 * directory), or FILE ("-": standard output).  The body is Content-Length
 * bytes when the answer gives one, else everything up to the end of the
 * connection.  Status 0 for a 200 answer, 1 otherwise.  No DNS: the host
 * is an IPv4 address.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/net.h"
#include "user/user.h"
#include "user/kite.h"

#define BUFSZ 4096
#define HEAD_MAX 4096
#define HTTP_PORT 80
#define REQ_MAX 512

static char buf[BUFSZ];
static char head[HEAD_MAX + 1];

static void die(const char *what)
{
	fprintf(2, "wget: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* "http://A.B.C.D[:PORT]/PATH": 0, or -1 if malformed. */
static int parse_url(const char *url, uint32 *host, int *port, const char **path)
{
	static char hostbuf[INET_STR_LEN];
	if (strncmp(url, "http://", 7) != 0)
		return -1;
	const char *h = url + 7, *p = h;
	while (*p && *p != ':' && *p != '/')
		p++;
	if (p - h >= INET_STR_LEN)
		return -1;
	memmove(hostbuf, h, p - h);
	hostbuf[p - h] = 0;
	if (inet_parse(hostbuf, host) < 0)
		return -1;
	*port = HTTP_PORT;
	if (*p == ':') {
		*port = 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			*port = *port * 10 + (*p - '0');
		if (*port == 0 || *port > 65535)
			return -1;
	}
	*path = *p ? p : "/";
	return **path == '/' ? 0 : -1;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int c;
	const char *out = 0;
	opt_init(&o, argc, argv, "O:", "wget [-O FILE] http://A.B.C.D[:PORT]/PATH");
	while ((c = opt_next(&o)) != -1)
		out = o.arg;
	if (o.ind != argc - 1)
		opt_usage(&o);
	uint32 host;
	int port;
	const char *path;
	if (parse_url(argv[o.ind], &host, &port, &path) < 0) {
		fprintf(2, "wget: %s: not an http://A.B.C.D[:PORT]/PATH URL\n", argv[o.ind]);
		exit(2);
	}
	if (!out) {
		out = path_base(path);
		if (!*out)
			out = "index.html";
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr = htonl(host);
	if (s < 0 || connect(s, &a, sizeof(a)) < 0)
		die("connect");
	char req[REQ_MAX];
	int n =
	    snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nUser-Agent: kite-wget\r\n\r\n", path);
	if (n >= (int)sizeof(req)) {
		fprintf(2, "wget: path too long\n");
		exit(2);
	}
	if (write(s, req, n) != n)
		die("write");

	/* The head: up to the empty line. */
	int hl = 0, body_at = -1;
	while (body_at < 0) {
		if (hl == HEAD_MAX) {
			fprintf(2, "wget: the answer's header is too long\n");
			exit(1);
		}
		int r = read(s, head + hl, HEAD_MAX - hl);
		if (r <= 0) {
			fprintf(2, "wget: the connection ended inside the header\n");
			exit(1);
		}
		hl += r;
		head[hl] = 0;
		for (int i = 0; i + 3 < hl; i++)
			if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' &&
			    head[i + 3] == '\n') {
				body_at = i + 4;
				break;
			}
	}
	int status = 0;
	if (strncmp(head, "HTTP/1.", 7) == 0 && head[8] == ' ')
		status = atoi(head + 9);
	int length = -1;
	for (char *l = head; l < head + body_at; l++)
		if ((l == head || l[-1] == '\n') && (strncmp(l, "Content-Length:", 15) == 0 ||
		                                     strncmp(l, "content-length:", 15) == 0))
			length = atoi(l + 15 + (l[15] == ' '));
	if (status != 200) {
		fprintf(2, "wget: %s: status %d\n", argv[o.ind], status);
		exit(1);
	}
	int fd = strcmp(out, "-") == 0 ? 1 : open(out, O_CREATE | O_WRONLY | O_TRUNC);
	if (fd < 0)
		die(out);
	int got = hl - body_at;
	if (length >= 0 && got > length)
		got = length;
	if (got > 0 && write(fd, head + body_at, got) != got)
		die("write");
	while (length < 0 || got < length) {
		int want = length < 0 || length - got > BUFSZ ? BUFSZ : length - got;
		int r = read(s, buf, want);
		if (r < 0)
			die("read");
		if (r == 0)
			break;
		if (write(fd, buf, r) != r)
			die("write");
		got += r;
	}
	close(s);
	if (length >= 0 && got < length) {
		fprintf(2, "wget: got %d of %d bytes\n", got, length);
		exit(1);
	}
	if (fd != 1) {
		close(fd);
		printf("wget: %d bytes saved in %s\n", got, out);
	}
	return 0;
}
