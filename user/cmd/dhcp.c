/*
 * dhcp: lease the interface's address from a DHCP server (RFC 2131) and
 * set it with netctl(NETCTL_SETIF).
 *
 *   dhcp [-t MS]     MS: how long to wait for each answer (default 2000)
 *
 * DISCOVER is broadcast from port 68 to port 67; the first OFFER with our
 * transaction id is taken, REQUESTed from the server that made it, and
 * on its ACK the address, netmask (option 1; /24 if absent), router
 * (option 3; else the server) and lease (option 51) are set.  Each step
 * is tried DHCP_TRIES times.  With no lease the interface keeps what it
 * has (the static default 10.0.2.15/24 via 10.0.2.2) and dhcp exits 1.
 *
 * Every reply is hostile input: one that is short, not a BOOTREPLY for
 * our transaction and hardware address, without the magic cookie, or
 * whose options run past its end is ignored (counted, "ignored N").
 * Kite sends from its present address, not 0.0.0.0 (QEMU's server, the
 * one this is for, does not mind).
 */
#include "kernel/types.h"
#include "kernel/net.h"
#include "user/user.h"
#include "user/kite.h"

#define PORT_SERVER 67
#define PORT_CLIENT 68
#define DHCP_TRIES 3
#define DEFAULT_WAIT_MS 2000
#define MSG_MAX 576   /* the smallest datagram every DHCP host must take */
#define FIXED_LEN 236 /* op .. file */
#define MAGIC 0x63825363u
#define OP_REQUEST 1
#define OP_REPLY 2
#define HTYPE_ETHER 1
#define FLAG_BROADCAST 0x8000
#define DEFAULT_MASK MAKE_IP_ADDR(255, 255, 255, 0)

/* Options. */
#define OPT_PAD 0
#define OPT_MASK 1
#define OPT_ROUTER 3
#define OPT_REQ_ADDR 50
#define OPT_LEASE 51
#define OPT_TYPE 53
#define OPT_SERVER 54
#define OPT_PARAMS 55
#define OPT_END 255

/* Message types (option 53). */
#define DISCOVER 1
#define OFFER 2
#define REQUEST 3
#define ACK 5
#define NAK 6

struct bootp {
	uint8 op, htype, hlen, hops;
	uint32 xid;
	uint16 secs, flags;
	uint32 ciaddr, yiaddr, siaddr, giaddr;
	uint8 chaddr[16];
	uint8 sname[64];
	uint8 file[128];
	uint32 magic;
	uint8 options[MSG_MAX - FIXED_LEN - 4];
} __attribute__((packed));

/* What a reply says. */
struct reply {
	int type;
	uint32 yiaddr, mask, router, server, lease;
};

static uint8 mac[6];
static uint32 xid;
static int ignored;

/* Append option code with len bytes of value at *o. */
static void put_opt(uint8 **o, int code, const void *value, int len)
{
	(*o)[0] = (uint8)code;
	(*o)[1] = (uint8)len;
	memcpy(*o + 2, value, len);
	*o += 2 + len;
}

/* A message of type `type` in m; its length. */
static int build(struct bootp *m, int type, uint32 want, uint32 server)
{
	memset(m, 0, sizeof(*m));
	m->op = OP_REQUEST;
	m->htype = HTYPE_ETHER;
	m->hlen = sizeof(mac);
	m->xid = htonl(xid);
	m->flags = htons(FLAG_BROADCAST); /* we may not have the address yet */
	memcpy(m->chaddr, mac, sizeof(mac));
	m->magic = htonl(MAGIC);
	uint8 *o = m->options;
	uint8 t = (uint8)type, params[] = {OPT_MASK, OPT_ROUTER};
	put_opt(&o, OPT_TYPE, &t, 1);
	put_opt(&o, OPT_PARAMS, params, sizeof(params));
	if (type == REQUEST) {
		uint32 w = htonl(want), s = htonl(server);
		put_opt(&o, OPT_REQ_ADDR, &w, sizeof(w));
		put_opt(&o, OPT_SERVER, &s, sizeof(s));
	}
	*o++ = OPT_END;
	return (int)(o - (uint8 *)m);
}

static uint32 get32(const uint8 *p)
{
	return ((uint32)p[0] << 24) | ((uint32)p[1] << 16) | ((uint32)p[2] << 8) | p[3];
}

/* Check and decode a reply of n bytes: 0, or -1 if it is not for us or malformed. */
static int parse(const struct bootp *m, int n, struct reply *r)
{
	if (n < FIXED_LEN + 4 || m->op != OP_REPLY || m->htype != HTYPE_ETHER ||
	    m->hlen != sizeof(mac) || ntohl(m->xid) != xid ||
	    memcmp(m->chaddr, mac, sizeof(mac)) != 0 || ntohl(m->magic) != MAGIC)
		return -1;
	memset(r, 0, sizeof(*r));
	r->yiaddr = ntohl(m->yiaddr);
	const uint8 *o = m->options, *end = (const uint8 *)m + n;
	while (o < end && *o != OPT_END) {
		if (*o == OPT_PAD) {
			o++;
			continue;
		}
		if (end - o < 2 || end - o - 2 < o[1])
			return -1; /* an option running past the end */
		int code = o[0], len = o[1];
		const uint8 *v = o + 2;
		if (code == OPT_TYPE && len == 1)
			r->type = v[0];
		else if (code == OPT_MASK && len == 4)
			r->mask = get32(v);
		else if (code == OPT_ROUTER && len >= 4 && len % 4 == 0)
			r->router = get32(v);
		else if (code == OPT_SERVER && len == 4)
			r->server = get32(v);
		else if (code == OPT_LEASE && len == 4)
			r->lease = get32(v);
		o = v + len;
	}
	return r->type ? 0 : -1;
}

/* Send msg (len bytes) and wait for a reply of a type in want (a bit
 * per type), sending again on each time-out: 0, or -1 with none. */
static int exchange(int s, const struct bootp *msg, int len, int want, int wait_ms, struct reply *r)
{
	static struct bootp in;
	struct sockaddr_in to;
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons(PORT_SERVER);
	to.sin_addr = htonl(0xffffffffu);
	for (int t = 0; t < DHCP_TRIES; t++) {
		if (sendto(s, msg, len, 0, &to, sizeof(to)) < 0) {
			fprintf(2, "dhcp: sendto: %s\n", strerror(errno));
			return -1;
		}
		for (;;) {
			struct pollfd p = {s, POLLIN, 0};
			if (poll(&p, 1, wait_ms) <= 0)
				break; /* time-out: send again */
			struct sockaddr_in from;
			int n = recvfrom(s, &in, sizeof(in), 0, &from);
			if (n >= 0 && parse(&in, n, r) == 0 && r->type <= NAK &&
			    (want & (1 << r->type)))
				return 0;
			ignored++;
		}
	}
	return -1;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int c, wait_ms = DEFAULT_WAIT_MS;
	opt_init(&o, argc, argv, "t:", "dhcp [-t MS]");
	while ((c = opt_next(&o)) != -1)
		wait_ms = opt_uint(&o, o.arg);
	if (o.ind != argc)
		opt_usage(&o);
	static struct netinfo ni;
	if (netctl(NETCTL_INFO, &ni, sizeof(ni)) < 0) {
		fprintf(2, "dhcp: %s\n", strerror(errno));
		exit(1);
	}
	memcpy(mac, ni.mac, sizeof(mac));
	xid = get32(mac + 2) ^ (uint32)uptime() ^ (uint32)getpid() << 16;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(PORT_CLIENT);
	if (s < 0 || sock_bind(s, &a, sizeof(a)) < 0) {
		fprintf(2, "dhcp: socket: %s\n", strerror(errno));
		exit(1);
	}
	static struct bootp msg;
	struct reply offer, ack;
	char x[INET_STR_LEN], y[INET_STR_LEN], z[INET_STR_LEN];
	int len = build(&msg, DISCOVER, 0, 0);
	if (exchange(s, &msg, len, 1 << OFFER, wait_ms, &offer) < 0 || !offer.server) {
		printf("dhcp: no offer (ignored %d); keeping %s\n", ignored,
		       inet_format(x, ni.addr));
		exit(1);
	}
	len = build(&msg, REQUEST, offer.yiaddr, offer.server);
	if (exchange(s, &msg, len, (1 << ACK) | (1 << NAK), wait_ms, &ack) < 0 || ack.type == NAK) {
		printf("dhcp: %s (ignored %d); keeping %s\n",
		       ack.type == NAK ? "refused" : "no answer", ignored, inet_format(x, ni.addr));
		exit(1);
	}
	struct netconf conf = {ack.yiaddr, ack.mask ? ack.mask : DEFAULT_MASK,
	                       ack.router ? ack.router : offer.server, offer.server, ack.lease};
	if (netctl(NETCTL_SETIF, &conf, sizeof(conf)) < 0) {
		printf("dhcp: the lease of %s does not make sense (%s); keeping %s\n",
		       inet_format(x, ack.yiaddr), strerror(errno), inet_format(y, ni.addr));
		exit(1);
	}
	printf("dhcp: %s netmask ", inet_format(x, conf.addr));
	printf("%s gateway %s from ", inet_format(y, conf.netmask), inet_format(z, conf.gateway));
	printf("%s, lease %u s (ignored %d)\n", inet_format(x, conf.dhcp_server), conf.lease_s,
	       ignored);
	close(s);
	return 0;
}
