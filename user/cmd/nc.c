/*
 * nc: TCP and UDP from the command line.
 *
 *   nc HOST PORT          connect; stdin goes to the peer, the peer's data to stdout
 *   nc -l PORT            wait for one connection on PORT, then the same
 *   nc -u HOST PORT       each line of stdin is one datagram to HOST:PORT
 *   nc -u -l PORT         print each datagram that arrives on PORT
 *   -E                    with -l: echo what arrives back to the sender instead
 *   -c N                  with -u -l: stop after N datagrams
 *
 * A TCP session copies both ways at once: a child copies the socket to
 * stdout while the parent copies stdin to the socket, then shuts down its
 * sending side and waits for the peer to finish.
 */
#include "kernel/types.h"
#include "kernel/net.h"
#include "user/user.h"
#include "user/kite.h"

#define BUFSZ 4096
#define UDP_MAX 1472

static char buf[BUFSZ];

static void die(const char *what)
{
	fprintf(2, "nc: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int write_all(int fd, const char *p, int n)
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

static struct sockaddr_in make_addr(uint32 host, int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr = htonl(host);
	return a;
}

/* Copy the socket to stdout (or back to itself when echo) until its end. */
static void from_socket(int s, int echo)
{
	int n;
	while ((n = read(s, buf, sizeof(buf))) > 0)
		if (write_all(echo ? s : 1, buf, n) < 0)
			die("write");
	if (n < 0)
		die("read");
}

static void tcp_session(int s, int echo)
{
	if (echo) {
		from_socket(s, 1);
		close(s);
		return;
	}
	int pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		from_socket(s, 0);
		exit(0);
	}
	int n;
	while ((n = read(0, buf, sizeof(buf))) > 0)
		if (write_all(s, buf, n) < 0)
			die("write");
	shutdown(s, SHUT_WR);
	wait(0);
	close(s);
}

static void udp_listen(int s, int echo, int count)
{
	for (int i = 0; count < 0 || i < count; i++) {
		struct sockaddr_in from;
		int n = recvfrom(s, buf, UDP_MAX, 0, &from);
		if (n < 0)
			die("recvfrom");
		if (echo) {
			if (sendto(s, buf, n, 0, &from, sizeof(from)) < 0)
				die("sendto");
		} else if (write_all(1, buf, n) < 0) {
			die("write");
		}
	}
}

static void udp_send_lines(int s, uint32 host, int port)
{
	struct sockaddr_in to = make_addr(host, port);
	struct lreader *r = malloc(sizeof(*r));
	char *line = malloc(UDP_MAX + 1);
	if (!r || !line)
		die("malloc");
	lr_init(r, 0);
	int n;
	while ((n = lr_getline(r, line, UDP_MAX + 1)) > 0)
		if (sendto(s, line, n, 0, &to, sizeof(to)) < 0)
			die("sendto");
}

int main(int argc, char *argv[])
{
	struct opt o;
	int c, listen_mode = 0, udp = 0, echo = 0, count = -1;
	opt_init(&o, argc, argv, "luEc:", "nc [-u] HOST PORT | nc [-u] [-E] [-c N] -l PORT");
	while ((c = opt_next(&o)) != -1) {
		if (c == 'l')
			listen_mode = 1;
		else if (c == 'u')
			udp = 1;
		else if (c == 'E')
			echo = 1;
		else
			count = opt_uint(&o, o.arg);
	}
	uint32 host = 0;
	if (o.ind != argc - (listen_mode ? 1 : 2))
		opt_usage(&o);
	if (!listen_mode && inet_parse(argv[o.ind], &host) < 0) {
		fprintf(2, "nc: %s: not an IPv4 address\n", argv[o.ind]);
		exit(2);
	}
	int port = opt_uint(&o, argv[argc - 1]);
	int s = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	if (listen_mode) {
		struct sockaddr_in a = make_addr(0, port);
		if (sock_bind(s, &a, sizeof(a)) < 0)
			die("bind");
		if (udp) {
			udp_listen(s, echo, count);
			return 0;
		}
		if (listen(s, 1) < 0)
			die("listen");
		struct sockaddr_in peer;
		int cs = accept(s, &peer);
		if (cs < 0)
			die("accept");
		close(s);
		tcp_session(cs, echo);
		return 0;
	}
	if (udp) {
		udp_send_lines(s, host, port);
		return 0;
	}
	struct sockaddr_in a = make_addr(host, port);
	if (connect(s, &a, sizeof(a)) < 0)
		die("connect");
	tcp_session(s, 0);
	return 0;
}
