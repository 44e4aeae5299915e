/* netstat: the open sockets and the network stack's counters. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define MAXROWS 64

static const char *const counter_what[NETC_COUNT] = {
#define WHAT(name, what) [NETC_##name] = what,
    NET_COUNTERS(WHAT)
#undef WHAT
};

static const char *const tcp_state[TCPS_NSTATES] = {
    "CLOSED",     "LISTEN",     "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
    "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",  "LAST_ACK",     "TIME_WAIT",
};

int main(int argc, char *argv[])
{
	struct opt o;
	int c, all = 0;
	opt_init(&o, argc, argv, "a", "netstat [-a]   (-a: every counter, zeros too)");
	while ((c = opt_next(&o)) != -1)
		all = 1;
	if (o.ind != argc)
		opt_usage(&o);
	static struct sockinfo rows[MAXROWS];
	static struct netinfo ni;
	int n = netctl(NETCTL_SOCKS, rows, sizeof(rows));
	if (n < 0 || netctl(NETCTL_INFO, &ni, sizeof(ni)) < 0) {
		fprintf(2, "netstat: %s\n", strerror(errno));
		exit(1);
	}
	printf("Proto Local                 Remote                State        Recv-Q\n");
	for (int i = 0; i < n; i++) {
		char l[INET_STR_LEN + 8], r[INET_STR_LEN + 8], a[INET_STR_LEN];
		snprintf(l, sizeof(l), "%s:%d", inet_format(a, rows[i].laddr), rows[i].lport);
		snprintf(r, sizeof(r), "%s:%d", inet_format(a, rows[i].raddr), rows[i].rport);
		const char *st = rows[i].type == SOCK_DGRAM     ? ""
		                 : rows[i].state < TCPS_NSTATES ? tcp_state[rows[i].state]
		                                                : "?";
		printf("%-5s %-21s %-21s %-12s %d\n", rows[i].type == SOCK_DGRAM ? "udp" : "tcp", l,
		       r, st, (int)rows[i].rxq);
	}
	printf("\n%d packet buffers in use\n", (int)ni.pbufs);
	for (int i = 0; i < NETC_COUNT; i++)
		if (all || ni.counter[i])
			printf("%10lu %s\n", ni.counter[i], counter_what[i]);
	return out_check("netstat");
}
