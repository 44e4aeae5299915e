/* ping: send ICMP echo requests and report the replies. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define DEFAULT_COUNT 4
#define DEFAULT_SIZE 56
#define TIMEOUT_MS 2000
#define INTERVAL_TICKS 5 /* half a second between requests */

int main(int argc, char *argv[])
{
	struct opt o;
	int c, count = DEFAULT_COUNT, size = DEFAULT_SIZE;
	opt_init(&o, argc, argv, "c:s:", "ping [-c COUNT] [-s SIZE] A.B.C.D");
	while ((c = opt_next(&o)) != -1) {
		if (c == 'c')
			count = opt_uint(&o, o.arg);
		else
			size = opt_uint(&o, o.arg);
	}
	uint32 dst;
	if (o.ind != argc - 1)
		opt_usage(&o);
	if (inet_parse(argv[o.ind], &dst) < 0) {
		fprintf(2, "ping: %s: not an IPv4 address\n", argv[o.ind]);
		exit(2);
	}
	printf("PING %s: %d data bytes\n", argv[o.ind], size);
	int received = 0;
	for (int seq = 1; seq <= count; seq++) {
		struct netping req = {.dst = dst,
		                      .id = (uint16)getpid(),
		                      .seq = (uint16)seq,
		                      .len = (uint16)size,
		                      .timeout_ms = TIMEOUT_MS};
		int ms = netctl(NETCTL_PING, &req, sizeof(req));
		if (ms >= 0) {
			printf("%d bytes from %s: seq=%d time=%d ms\n", size + 8, argv[o.ind], seq,
			       ms);
			received++;
		} else if (errno == ETIMEDOUT) {
			printf("no reply for seq=%d\n", seq);
		} else {
			fprintf(2, "ping: %s\n", strerror(errno));
			exit(1);
		}
		if (seq < count)
			sleep(INTERVAL_TICKS);
	}
	printf("%d packets sent, %d received\n", count, received);
	out_check("ping");
	return received ? 0 : 1;
}
