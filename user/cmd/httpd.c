/*
 * httpd: serve files over HTTP/1.0 and 1.1 (RFC 9110, 9112), one
 * connection at a time.
 *
 *   httpd [-p PORT] [-n N] [DIR]   port 80, the root directory /; -n: stop after N connections
 *
 * GET and HEAD; a directory is answered with a plain-text list of its
 * names.  Status codes: 200, 400 (a malformed request, or a path with
 * ".."), 404, 501 (another method), 505 (not HTTP/1.x).  Every answer has
 * a Content-Length; HTTP/1.1 connections stay open (keep-alive) until the
 * client closes or sends "Connection: close", HTTP/1.0 ones close after
 * one answer unless the client asked for keep-alive.  A request's body
 * (Content-Length) is read and ignored.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/net.h"
#include "user/user.h"
#include "user/kite.h"

#define LINE_MAX 1024
#define IO_BUF 4096
#define PATH_MAX_LEN 256

struct conn {
	int fd;
	int pos, len;
	char buf[IO_BUF];
};

static char line[LINE_MAX];
static char body_buf[IO_BUF];

/* One request or header line without its CRLF: its length, or -1 at the
 * end of the connection, -2 if too long. */
static int get_line(struct conn *c)
{
	int n = 0;
	for (;;) {
		if (c->pos == c->len) {
			c->len = read(c->fd, c->buf, sizeof(c->buf));
			c->pos = 0;
			if (c->len <= 0)
				return -1;
		}
		char ch = c->buf[c->pos++];
		if (ch == '\n')
			break;
		if (n >= LINE_MAX - 1)
			return -2;
		line[n++] = ch;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = 0;
	return n;
}

static int send_all(int fd, const char *p, int n)
{
	while (n > 0) {
		int w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

static int send_head(int fd, int status, const char *reason, int length, int keep)
{
	char h[256];
	int n = snprintf(h, sizeof(h),
	                 "HTTP/1.1 %d %s\r\nServer: kite-httpd\r\nContent-Type: text/plain\r\n"
	                 "Content-Length: %d\r\nConnection: %s\r\n\r\n",
	                 status, reason, length, keep ? "keep-alive" : "close");
	return send_all(fd, h, n);
}

static int send_error(int fd, int status, const char *reason, int head_only, int keep)
{
	char b[128];
	int n = snprintf(b, sizeof(b), "%d %s\n", status, reason);
	if (send_head(fd, status, reason, n, keep) < 0)
		return -1;
	return head_only ? 0 : send_all(fd, b, n);
}

/* Does path contain a ".." component? */
static int climbs(const char *path)
{
	for (const char *p = path; *p; p++)
		if (p[0] == '.' && p[1] == '.' && (p == path || p[-1] == '/') &&
		    (p[2] == '/' || p[2] == 0))
			return 1;
	return 0;
}

static int send_dir(int fd, const char *path, int head_only, int keep)
{
	char *names;
	int n = dir_names(path, &names);
	if (n < 0)
		return send_error(fd, 404, "Not Found", head_only, keep);
	int len = 0;
	for (int i = 0, off = 0; i < n; i++) {
		int l = strlen(names + off);
		len += l + 1;
		off += l + 1;
	}
	int err = send_head(fd, 200, "OK", len, keep);
	for (int i = 0, off = 0; !err && !head_only && i < n; i++) {
		int l = strlen(names + off);
		names[off + l] = '\n';
		err = send_all(fd, names + off, l + 1);
		off += l + 1;
	}
	free(names);
	return err;
}

static int send_file(int fd, const char *root, const char *target, int head_only, int keep)
{
	char path[PATH_MAX_LEN];
	if (target[0] != '/' || climbs(target) ||
	    snprintf(path, sizeof(path), "%s%s", root, target) >= (int)sizeof(path))
		return send_error(fd, 400, "Bad Request", head_only, keep);
	struct stat st;
	int f = open(path, O_RDONLY);
	if (f < 0 || fstat(f, &st) < 0) {
		if (f >= 0)
			close(f);
		return send_error(fd, 404, "Not Found", head_only, keep);
	}
	if (st.type == T_DIR) {
		close(f);
		return send_dir(fd, path, head_only, keep);
	}
	int err = send_head(fd, 200, "OK", (int)st.size, keep);
	int n;
	while (!err && !head_only && (n = read(f, body_buf, sizeof(body_buf))) > 0)
		err = send_all(fd, body_buf, n);
	close(f);
	return err;
}

/* Does s contain word (s lower-cased first, in place)? */
static int contains_lower(char *s, const char *word)
{
	int wl = strlen(word);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (char *p = s; *p; p++)
		if (strncmp(p, word, wl) == 0)
			return 1;
	return 0;
}

/* Read and drop n bytes of a request's body: 0, or -1 at the end. */
static int skip_body(struct conn *c, int n)
{
	while (n > 0) {
		if (c->pos == c->len) {
			c->len = read(c->fd, c->buf, sizeof(c->buf));
			c->pos = 0;
			if (c->len <= 0)
				return -1;
		}
		int k = c->len - c->pos < n ? c->len - c->pos : n;
		c->pos += k;
		n -= k;
	}
	return 0;
}

/* Answer requests on c until it should close. */
static void serve(struct conn *c, const char *root)
{
	for (;;) {
		int n = get_line(c);
		if (n == -1)
			return;
		if (n == 0)
			continue; /* RFC 9112 2.2: empty lines before a request are ignored */
		char method[16], target[PATH_MAX_LEN], version[16];
		int ok = n > 0;
		char *sp1 = ok ? strchr(line, ' ') : 0;
		char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : 0;
		ok = sp1 && sp2 && sp1 - line < (int)sizeof(method) &&
		     sp2 - sp1 - 1 < (int)sizeof(target) && strlen(sp2 + 1) < sizeof(version) &&
		     sp2 > sp1 + 1;
		if (ok) {
			*sp1 = *sp2 = 0;
			strcpy(method, line);
			strcpy(target, sp1 + 1);
			strcpy(version, sp2 + 1);
		}
		int http11 = ok && strcmp(version, "HTTP/1.1") == 0;
		int keep = http11;
		/* The headers: only Connection and Content-Length matter here. */
		int h, body = 0;
		while ((h = get_line(c)) > 0) {
			if (contains_lower(line, "content-length:") &&
			    strncmp(line, "content-length:", 15) == 0)
				body = atoi(line + 15 + (line[15] == ' '));
			if (strncmp(line, "Connection:", 11) == 0 ||
			    strncmp(line, "connection:", 11) == 0) {
				if (contains_lower(line + 11, "close"))
					keep = 0;
				else if (contains_lower(line + 11, "keep-alive"))
					keep = 1;
			}
		}
		if (h == -1)
			return;
		if (h != -2 && skip_body(c, body) < 0)
			return;
		if (h == -2 || !ok) {
			send_error(c->fd, 400, "Bad Request", 0, 0);
			return;
		}
		int head_only = strcmp(method, "HEAD") == 0;
		int err;
		if (strncmp(version, "HTTP/1.", 7) != 0)
			err = send_error(c->fd, 505, "HTTP Version Not Supported", head_only,
			                 keep = 0);
		else if (!head_only && strcmp(method, "GET") != 0)
			err = send_error(c->fd, 501, "Not Implemented", 0, keep);
		else
			err = send_file(c->fd, root, target, head_only, keep);
		if (err || !keep)
			return;
	}
}

int main(int argc, char *argv[])
{
	struct opt o;
	int c, port = 80, max = -1;
	opt_init(&o, argc, argv, "p:n:", "httpd [-p PORT] [-n N] [DIR]");
	while ((c = opt_next(&o)) != -1) {
		if (c == 'p')
			port = opt_uint(&o, o.arg);
		else
			max = opt_uint(&o, o.arg);
	}
	if (o.ind < argc - 1)
		opt_usage(&o);
	const char *root = o.ind < argc ? argv[o.ind] : "";
	if (strcmp(root, "/") == 0)
		root = "";
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (s < 0 || sock_bind(s, &a, sizeof(a)) < 0 || listen(s, 8) < 0) {
		fprintf(2, "httpd: port %d: %s\n", port, strerror(errno));
		exit(1);
	}
	printf("httpd: serving %s on port %d\n", *root ? root : "/", port);
	static struct conn conn;
	for (int served = 0; max < 0 || served < max; served++) {
		struct sockaddr_in peer;
		int cs = accept(s, &peer);
		if (cs < 0) {
			fprintf(2, "httpd: accept: %s\n", strerror(errno));
			exit(1);
		}
		conn.fd = cs;
		conn.pos = conn.len = 0;
		serve(&conn, root);
		close(cs);
	}
	return 0;
}
