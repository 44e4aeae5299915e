/*
 * socktest: the socket calls' answers to bad arguments, and poll's time-out,
 * for grade test net_socket_errors.  Prints one line per check and
 * "socktest: N failed"; status 1 if any failed.
 */
#include "kernel/types.h"
#include "kernel/net.h"
#include "user/user.h"
#include "user/kite.h"

#define BAD_PTR ((void *)0x3fffffff000L) /* far above any mapping */
#define TEST_PORT 7100
#define POLL_MS 300

static int failed;

static void expect(const char *what, int got, int want_errno)
{
	int ok = want_errno ? got == -1 && errno == want_errno : got >= 0;
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	if (!ok) {
		printf("  got %d, errno %d (%s)\n", got, errno, strerror(errno));
		failed++;
	}
}

static struct sockaddr_in addr(int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	return a;
}

int main(void)
{
	struct sockaddr_in a = addr(TEST_PORT);
	expect("socket AF_UNIX", socket(1, SOCK_STREAM, 0), EAFNOSUPPORT);
	expect("socket bad type", socket(AF_INET, 9, 0), EPROTONOSUPPORT);
	expect("socket udp with tcp", socket(AF_INET, SOCK_DGRAM, 6), EPROTONOSUPPORT);
	expect("bind bad fd", sock_bind(99, &a, sizeof(a)), EBADF);
	expect("bind a non-socket", sock_bind(0, &a, sizeof(a)), ENOTSOCK);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	int t2 = socket(AF_INET, SOCK_STREAM, 0);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	expect("sockets", t < 0 || t2 < 0 || u < 0 ? -1 : 0, 0);
	expect("bind bad pointer", sock_bind(t, BAD_PTR, sizeof(a)), EFAULT);
	expect("bind short length", sock_bind(t, &a, 4), EINVAL);
	struct sockaddr_in other = a;
	other.sin_addr = htonl(MAKE_IP_ADDR(10, 0, 2, 99));
	expect("bind a foreign address", sock_bind(t, &other, sizeof(other)), EINVAL);
	expect("bind", sock_bind(t, &a, sizeof(a)), 0);
	expect("listen", listen(t, 4), 0);
	expect("bind a port in use", sock_bind(t2, &a, sizeof(a)), EADDRINUSE);
	expect("listen on udp", listen(u, 1), EOPNOTSUPP);
	expect("read a listener", read(t, &a, 1), ENOTCONN);
	expect("write an unconnected socket", write(t2, "x", 1), ENOTCONN);
	expect("shutdown unconnected", shutdown(t2, SHUT_WR), ENOTCONN);
	expect("shutdown bad how", shutdown(t2, 7), EINVAL);
	expect("sendto bad flags", sendto(u, "x", 1, 1, 0, 0), EINVAL);
	expect("sendto no address", sendto(u, "x", 1, 0, 0, 0), EDESTADDRREQ);
	static char big[2000];
	struct sockaddr_in to = addr(9);
	to.sin_addr = htonl(MAKE_IP_ADDR(10, 0, 2, 2));
	expect("sendto too long", sendto(u, big, sizeof(big), 0, &to, sizeof(to)), EMSGSIZE);
	expect("sendto bad buffer", sendto(u, BAD_PTR, 10, 0, &to, sizeof(to)), EFAULT);
	expect("accept bad pointer", accept(t, BAD_PTR), EFAULT);
	expect("connect port 0", connect(t2, &a, sizeof(a)), EINVAL);

	struct pollfd p[3] = {{t, POLLIN, 0}, {99, POLLIN, 0}, {u, POLLIN | POLLOUT, 0}};
	int t0 = uptime();
	int n = poll(p, 3, POLL_MS);
	printf("poll: %d ready, revents %x %x %x\n", n, p[0].revents, p[1].revents, p[2].revents);
	expect("poll bad fd and udp",
	       n == 2 && p[0].revents == 0 && p[1].revents == POLLNVAL && p[2].revents == POLLOUT
	           ? 0
	           : -1,
	       0);
	p[1].fd = -1;
	p[2].fd = -1;
	n = poll(p, 3, POLL_MS);
	expect("poll times out", n == 0 && uptime() - t0 >= 2 ? 0 : -1, 0);
	expect("poll bad pointer", poll(BAD_PTR, 2, 0), EFAULT);
	expect("poll too many", poll(p, 1000, 0), EINVAL);
	close(t);
	close(t2);
	close(u);
	t = socket(AF_INET, SOCK_STREAM, 0);
	expect("bind again after close", sock_bind(t, &a, sizeof(a)), 0);
	close(t);
	printf("socktest: %d failed\n", failed);
	return failed != 0;
}
