/*
 * test_net.c: the protocol parsers fed crafted frames, good and bad.  The
 * stack's replies are caught by net_tx_tap instead of going to a device,
 * so these tests need no network card.  Every bad frame must be counted
 * under its reason and dropped, and no packet buffer may leak.
 */
#include "test/ktest.h"
#include "net/netif.h"
#include "net/pbuf.h"
#include "net/eth.h"
#include "net/arp.h"
#include "net/ipv4.h"
#include "net/icmp.h"
#include "net/udp.h"
#include "net/tcp.h"
#include "net/tcp_pcb.h"
#include "lib/string.h"
#include "lib/errno.h"
#include "../abi/net.h"

#define PEER_IP MAKE_IP_ADDR(10, 0, 2, 2)
#define PEER_PORT 5555
#define TEST_PORT 4242
#define FUZZ_FRAMES 300

static const uint8 peer_mac[ETH_ALEN] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};

static struct pbuf *tapped; /* the last frame the stack sent */
static int ntapped;

static void tap(struct pbuf *p)
{
	pbuf_free(tapped);
	tapped = p;
	ntapped++;
}

static void tap_on(void)
{
	ntapped = 0;
	__atomic_store_n(&net_tx_tap, tap, __ATOMIC_RELEASE);
}

static void tap_off(void)
{
	__atomic_store_n(&net_tx_tap, 0, __ATOMIC_RELEASE);
	pbuf_free(tapped);
	tapped = 0;
}

static uint64 count(enum net_counter c)
{
	struct netinfo ni;
	net_info(&ni);
	return ni.counter[c];
}

/* A frame from the peer to us: Ethernet header, then len bytes of body. */
static struct pbuf *frame(uint16 type, const void *body, int len)
{
	struct pbuf *p = pbuf_alloc();
	if (!p)
		return 0;
	struct eth_hdr *e = pbuf_put(p, ETH_HLEN);
	memcpy(e->dst, netif.mac, ETH_ALEN);
	memcpy(e->src, peer_mac, ETH_ALEN);
	e->type = htons(type);
	memcpy(pbuf_put(p, len), body, len);
	return p;
}

/* Fill an IPv4 header (checksum right) in front of plen bytes of payload. */
static void ip_header(struct ip_hdr *h, uint8 proto, int plen)
{
	memset(h, 0, sizeof(*h));
	h->ver_ihl = 0x45;
	h->len = htons(IP_HLEN + plen);
	h->ttl = IP_TTL_DEFAULT;
	h->proto = proto;
	h->src = htonl(PEER_IP);
	h->dst = htonl(netif.addr);
	h->csum = inet_fold(inet_sum(h, IP_HLEN, 0));
}

/* Input one frame and check that counter c went up by one. */
static int counted(struct pbuf *p, enum net_counter c)
{
	uint64 before = count(c);
	net_input(p);
	return count(c) == before + 1;
}

static void arp_request_from_peer(void)
{
	uint8 a[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	memcpy(a + 8, peer_mac, ETH_ALEN);
	uint32 spa = htonl(PEER_IP), tpa = htonl(netif.addr);
	memcpy(a + 14, &spa, 4);
	memcpy(a + 24, &tpa, 4);
	net_input(frame(ETH_TYPE_ARP, a, sizeof(a)));
}

/* The start of a test that talks to the peer: the tap on and the peer's
 * MAC learnt.  Returns the packet buffers in use before, which the test
 * checks are back at its end. */
static int peer_session(void)
{
	int live = pbuf_in_use();
	tap_on();
	arp_request_from_peer();
	return live;
}

/* A TCP socket listening on TEST_PORT with a backlog of two, or 0. */
static struct tcp_pcb *listener(void)
{
	struct tcp_pcb *l;
	if (tcp_open(&l) != 0)
		return 0;
	if (tcp_bind(l, TEST_PORT) != 0 || tcp_listen(l, 2) != 0) {
		tcp_close(l);
		return 0;
	}
	return l;
}

/* ARP: a request for us is answered and teaches us the sender. */
KTEST(net_arp)
{
	int live = pbuf_in_use();
	tap_on();
	uint64 replies = count(NETC_arp_replies);
	arp_request_from_peer();
	int ok = count(NETC_arp_replies) == replies + 1 && tapped && tapped->len >= ETH_HLEN + 28 &&
	         memcmp(pbuf_data(tapped), peer_mac, ETH_ALEN) == 0 && arp_known(PEER_IP);
	uint8 bad[28] = {0, 1, 8, 0, 7, 4, 0, 1}; /* hardware length 7 */
	ok = ok && counted(frame(ETH_TYPE_ARP, bad, sizeof(bad)), NETC_arp_bad);
	ok = ok && counted(frame(ETH_TYPE_ARP, bad, 10), NETC_arp_bad); /* truncated */
	tap_off();
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* ICMP: an echo request comes back as a reply with the same payload. */
KTEST(net_icmp_echo)
{
	int live = peer_session();
	uint8 pkt[IP_HLEN + ICMP_HLEN + 4];
	struct icmp_echo *e = (struct icmp_echo *)(pkt + IP_HLEN);
	*e = (struct icmp_echo){ICMP_ECHO_REQUEST, 0, 0, htons(7), htons(9)};
	memcpy(e + 1, "kite", 4);
	e->csum = inet_fold(inet_sum(e, ICMP_HLEN + 4, 0));
	ip_header((struct ip_hdr *)pkt, IP_PROTO_ICMP, ICMP_HLEN + 4);
	int ok = counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_icmp_echo_replies);
	ok = ok && tapped && tapped->len == ETH_HLEN + (int)sizeof(pkt);
	if (ok) {
		uint8 *r = pbuf_data(tapped) + ETH_HLEN;
		struct icmp_echo *re = (struct icmp_echo *)(r + IP_HLEN);
		ok = inet_fold(inet_sum(r, IP_HLEN, 0)) == 0 && re->type == ICMP_ECHO_REPLY &&
		     ntohs(re->seq) == 9 && memcmp(re + 1, "kite", 4) == 0 &&
		     inet_fold(inet_sum(re, ICMP_HLEN + 4, 0)) == 0;
	}
	e->csum ^= 1; /* a bad ICMP checksum */
	ip_header((struct ip_hdr *)pkt, IP_PROTO_ICMP, ICMP_HLEN + 4);
	ok = ok && counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_icmp_bad);
	ip_header((struct ip_hdr *)pkt, IP_PROTO_ICMP, 3); /* shorter than an ICMP header */
	ok = ok && counted(frame(ETH_TYPE_IPV4, pkt, IP_HLEN + 3), NETC_icmp_bad);
	tap_off();
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* Ethernet and IPv4: each malformed frame counted under its reason. */
KTEST(net_parsers)
{
	int live = pbuf_in_use();
	tap_on();
	uint8 pkt[IP_HLEN + 8];
	memset(pkt, 0, sizeof(pkt));

	struct pbuf *p = frame(ETH_TYPE_IPV4, pkt, 0);
	pbuf_trim(p, 5);
	KT_CHECK(counted(p, NETC_eth_short));
	p = frame(ETH_TYPE_IPV4, pkt, 0);
	KT_CHECK(pbuf_put(p, ETH_MTU + 1));
	KT_CHECK(counted(p, NETC_eth_long));
	p = frame(ETH_TYPE_IPV4, pkt, sizeof(pkt));
	memset(pbuf_data(p), 0x11, ETH_ALEN); /* another host's MAC */
	KT_CHECK(counted(p, NETC_eth_notus));
	KT_CHECK(counted(frame(0x86dd, pkt, sizeof(pkt)), NETC_eth_type)); /* IPv6 */

	struct ip_hdr *h = (struct ip_hdr *)pkt;
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, IP_HLEN - 1), NETC_ip_bad_header));
	ip_header(h, IP_PROTO_UDP, 8);
	h->ver_ihl = 0x65; /* version 6 */
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_bad_header));
	ip_header(h, IP_PROTO_UDP, 8);
	h->ver_ihl = 0x4f; /* 60-byte header in a 28-byte packet */
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_bad_header));
	ip_header(h, IP_PROTO_UDP, 500); /* total length past the frame */
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_bad_header));
	ip_header(h, IP_PROTO_UDP, 8);
	h->csum ^= 0x100;
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_bad_csum));
	ip_header(h, IP_PROTO_UDP, 8);
	h->frag = htons(IP_FLAG_MF);
	h->csum = 0;
	h->csum = inet_fold(inet_sum(h, IP_HLEN, 0));
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_frag));
	ip_header(h, IP_PROTO_UDP, 8);
	h->frag = htons(100); /* a later fragment */
	h->csum = 0;
	h->csum = inet_fold(inet_sum(h, IP_HLEN, 0));
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_frag));
	ip_header(h, IP_PROTO_UDP, 8);
	h->ttl = 0;
	h->csum = 0;
	h->csum = inet_fold(inet_sum(h, IP_HLEN, 0));
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_ttl));
	ip_header(h, IP_PROTO_UDP, 8);
	h->dst = htonl(MAKE_IP_ADDR(10, 0, 2, 77));
	h->csum = 0;
	h->csum = inet_fold(inet_sum(h, IP_HLEN, 0));
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_notus));
	ip_header(h, 99, 8);
	KT_CHECK(counted(frame(ETH_TYPE_IPV4, pkt, sizeof(pkt)), NETC_ip_proto));
	tap_off();
	KT_CHECK(pbuf_in_use() == live);
}

/* A UDP datagram of plen payload bytes from the peer to port dport. */
static struct pbuf *udp_frame(uint16 dport, const char *payload, int plen, int ulen_delta,
                              int bad_csum)
{
	static uint8 pkt[IP_HLEN + UDP_HLEN + 64];
	struct udp_hdr *u = (struct udp_hdr *)(pkt + IP_HLEN);
	u->sport = htons(PEER_PORT);
	u->dport = htons(dport);
	u->len = htons(UDP_HLEN + plen + ulen_delta);
	u->csum = 0;
	memcpy(u + 1, payload, plen);
	u->csum = inet_fold(
	    inet_sum(u, UDP_HLEN + plen,
	             inet_pseudo_sum(PEER_IP, netif.addr, IP_PROTO_UDP, UDP_HLEN + plen)));
	if (bad_csum)
		u->csum ^= 0x5;
	ip_header((struct ip_hdr *)pkt, IP_PROTO_UDP, UDP_HLEN + plen);
	return frame(ETH_TYPE_IPV4, pkt, IP_HLEN + UDP_HLEN + plen);
}

/* UDP: delivery to a bound port, and every kind of bad datagram. */
KTEST(net_udp)
{
	int live = pbuf_in_use();
	struct udp_pcb *u;
	KT_CHECK(udp_open(TEST_PORT, 0, &u) == 0);
	struct udp_pcb *dup;
	KT_CHECK(udp_open(TEST_PORT, 0, &dup) == -E_ADDRINUSE);
	int ok = counted(udp_frame(TEST_PORT, "hello", 5, 0, 0), NETC_udp_rx) && udp_queued(u) == 1;
	struct pbuf *p = 0;
	ok = ok && udp_recv(u, 1, &p) == 0 && p->len == 5 &&
	     memcmp(pbuf_data(p), "hello", 5) == 0 && p->src_ip == PEER_IP &&
	     p->src_port == PEER_PORT;
	pbuf_free(p);
	ok = ok && udp_recv(u, 1, &p) == -E_AGAIN;
	ok = ok && counted(udp_frame(TEST_PORT, "hello", 5, 1, 0),
	                   NETC_udp_bad); /* length past the end */
	ok = ok && counted(udp_frame(TEST_PORT, "hello", 5, -6, 0),
	                   NETC_udp_bad); /* shorter than a header */
	ok = ok && counted(udp_frame(TEST_PORT, "hello", 5, 0, 1), NETC_udp_bad); /* checksum */
	ok = ok && counted(udp_frame(TEST_PORT + 1, "x", 1, 0, 0), NETC_udp_noport);
	for (int i = 0; i < UDP_QUEUE_MAX; i++)
		net_input(udp_frame(TEST_PORT, "q", 1, 0, 0));
	ok = ok && udp_queued(u) == UDP_QUEUE_MAX;
	ok = ok && counted(udp_frame(TEST_PORT, "q", 1, 0, 0), NETC_udp_qfull);
	udp_close(u);
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* Random bytes behind valid Ethernet and IPv4 headers: no crash, no leak. */
KTEST(net_fuzz)
{
	int live = pbuf_in_use();
	tap_on();
	uint32 seed = 12345;
	static uint8 body[IP_HLEN + 200];
	for (int i = 0; i < FUZZ_FRAMES; i++) {
		int len = 0;
		for (int j = 0; j < (int)sizeof(body); j++) {
			seed = seed * 1103515245 + 12345;
			body[j] = (uint8)(seed >> 16);
		}
		len = (int)(seed % sizeof(body));
		struct ip_hdr *h = (struct ip_hdr *)body;
		if (i % 2) { /* half with a plausible header, so the upper layers see junk too */
			uint8 protos[] = {IP_PROTO_ICMP, IP_PROTO_UDP, IP_PROTO_TCP};
			ip_header(h, protos[i % 3], len > IP_HLEN ? len - IP_HLEN : 0);
			if (len < IP_HLEN)
				len = IP_HLEN;
		}
		net_input(frame(i % 5 ? ETH_TYPE_IPV4 : ETH_TYPE_ARP, body, len));
	}
	tap_off();
	KT_CHECK(pbuf_in_use() == live);
}

/* A TCP segment from the peer's port sport to our port dport. */
static struct pbuf *tcp_frame(uint16 sport, uint16 dport, uint32 seq, uint32 ack, uint8 flags,
                              int off_words, int bad_csum)
{
	static uint8 pkt[IP_HLEN + TCP_HLEN];
	struct tcp_hdr *t = (struct tcp_hdr *)(pkt + IP_HLEN);
	memset(t, 0, sizeof(*t));
	t->sport = htons(sport);
	t->dport = htons(dport);
	t->seq = htonl(seq);
	t->ack = htonl(ack);
	t->off = (uint8)(off_words << 4);
	t->flags = flags;
	t->win = htons(8192);
	t->csum = inet_fold(
	    inet_sum(t, TCP_HLEN, inet_pseudo_sum(PEER_IP, netif.addr, IP_PROTO_TCP, TCP_HLEN)));
	if (bad_csum)
		t->csum ^= 0x10;
	ip_header((struct ip_hdr *)pkt, IP_PROTO_TCP, TCP_HLEN);
	return frame(ETH_TYPE_IPV4, pkt, sizeof(pkt));
}

/* The TCP header of the last frame sent, or 0. */
static struct tcp_hdr *tapped_tcp(void)
{
	if (!tapped || tapped->len < ETH_HLEN + IP_HLEN + TCP_HLEN)
		return 0;
	return (struct tcp_hdr *)(pbuf_data(tapped) + ETH_HLEN + IP_HLEN);
}

/* TCP: bad segments counted; a SYN to a closed port gets RST, to a
 * listener SYN-ACK, and the handshake's ACK queues it for accept. */
KTEST(net_tcp)
{
	int live = peer_session();
	int ok = counted(tcp_frame(PEER_PORT, TEST_PORT, 1, 0, TCP_SYN, 5, 1), NETC_tcp_bad);
	ok = ok && counted(tcp_frame(PEER_PORT, TEST_PORT, 1, 0, TCP_SYN, 15, 0),
	                   NETC_tcp_bad); /* offset past the end */
	ok = ok && counted(tcp_frame(PEER_PORT, TEST_PORT, 1, 0, TCP_SYN, 4, 0),
	                   NETC_tcp_bad); /* offset below 5 */
	ok = ok && counted(tcp_frame(PEER_PORT, TEST_PORT, 100, 0, TCP_SYN, 5, 0), NETC_tcp_noconn);
	struct tcp_hdr *r = tapped_tcp();
	ok = ok && r && (r->flags & TCP_RST) && (r->flags & TCP_ACK) && ntohl(r->ack) == 101;
	KT_CHECK(ok);

	struct tcp_pcb *l = listener();
	KT_CHECK(l != 0);
	struct tcp_pcb *l2;
	KT_CHECK(tcp_open(&l2) == 0);
	ok = tcp_bind(l2, TEST_PORT) == -E_ADDRINUSE;
	tcp_close(l2);
	net_input(tcp_frame(PEER_PORT, TEST_PORT, 1000, 0, TCP_SYN, 5, 0));
	r = tapped_tcp();
	ok = ok && r && r->flags == (TCP_SYN | TCP_ACK) && ntohl(r->ack) == 1001;
	uint32 iss = r ? ntohl(r->seq) : 0;
	ok = ok && (tcp_poll(l) & POLLIN) == 0;
	net_input(tcp_frame(PEER_PORT, TEST_PORT, 1001, iss + 1, TCP_ACK, 5, 0));
	ok = ok && (tcp_poll(l) & POLLIN);
	struct tcp_pcb *c = 0;
	uint32 raddr = 0;
	uint16 rport = 0;
	ok = ok && tcp_accept(l, 1, &c, &raddr, &rport) == 0 && raddr == PEER_IP &&
	     rport == PEER_PORT;
	/* A RST with the right sequence number resets the connection. */
	if (c) {
		net_input(tcp_frame(PEER_PORT, TEST_PORT, 1001, 0, TCP_RST, 5, 0));
		uint8 b;
		ok = ok && tcp_recv(c, &b, 1, 1) == -E_CONNRESET;
		tcp_close(c);
	}
	tcp_close(l);
	tap_off();
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* A TCP segment with data (and a right checksum) from the peer. */
static struct pbuf *tcp_data_frame(uint16 sport, uint16 dport, uint32 seq, uint32 ack, uint8 flags,
                                   const char *data, int len)
{
	static uint8 pkt[IP_HLEN + TCP_HLEN + TCP_MSS];
	struct tcp_hdr *t = (struct tcp_hdr *)(pkt + IP_HLEN);
	memset(t, 0, sizeof(*t));
	t->sport = htons(sport);
	t->dport = htons(dport);
	t->seq = htonl(seq);
	t->ack = htonl(ack);
	t->off = (uint8)((TCP_HLEN / 4) << 4);
	t->flags = flags;
	t->win = htons(8192);
	memcpy(t + 1, data, len);
	t->csum = inet_fold(inet_sum(
	    t, TCP_HLEN + len, inet_pseudo_sum(PEER_IP, netif.addr, IP_PROTO_TCP, TCP_HLEN + len)));
	ip_header((struct ip_hdr *)pkt, IP_PROTO_TCP, TCP_HLEN + len);
	return frame(ETH_TYPE_IPV4, pkt, IP_HLEN + TCP_HLEN + len);
}

#define PEER_ISS 5000

/* A connection from the peer's port sport accepted on listener l (on
 * TEST_PORT); our ISS in *iss.  0 if the handshake failed. */
static struct tcp_pcb *handshake(struct tcp_pcb *l, uint16 sport, uint32 *iss)
{
	net_input(tcp_frame(sport, TEST_PORT, PEER_ISS, 0, TCP_SYN, 5, 0));
	struct tcp_hdr *r = tapped_tcp();
	if (!r || r->flags != (TCP_SYN | TCP_ACK))
		return 0;
	*iss = ntohl(r->seq);
	net_input(tcp_frame(sport, TEST_PORT, PEER_ISS + 1, *iss + 1, TCP_ACK, 5, 0));
	struct tcp_pcb *c = 0;
	uint32 raddr;
	uint16 rport;
	if (tcp_accept(l, 1, &c, &raddr, &rport) != 0)
		return 0;
	return c;
}

/* The state of the connection from the peer's port, or -1 if none. */
static int state_of(uint16 rport)
{
	static struct sockinfo rows[TCP_NPCB];
	int n = tcp_snapshot(rows, TCP_NPCB);
	for (int i = 0; i < n; i++)
		if (rows[i].lport == TEST_PORT && rows[i].rport == rport)
			return rows[i].state;
	return -1;
}

/* Out of order: segments after a gap are kept, each answered with a
 * duplicate ACK; when the gap fills, the ACK covers them all and the
 * bytes are read in order. */
KTEST(net_tcp_ooo)
{
	int live = peer_session();
	struct tcp_pcb *l = listener(), *c;
	uint32 iss = 0;
	KT_CHECK(l != 0);
	c = handshake(l, PEER_PORT, &iss);
	KT_CHECK(c != 0);
	uint32 d = PEER_ISS + 1;
	uint64 queued = count(NETC_tcp_ooo_queued);
	net_input(tcp_data_frame(PEER_PORT, TEST_PORT, d + 20, iss + 1, TCP_ACK, "KLMNOPQRST", 10));
	struct tcp_hdr *r = tapped_tcp();
	int ok = r && ntohl(r->ack) == d;
	net_input(tcp_data_frame(PEER_PORT, TEST_PORT, d + 10, iss + 1, TCP_ACK, "ABCDEFGHIJ", 10));
	r = tapped_tcp();
	ok = ok && r && ntohl(r->ack) == d && count(NETC_tcp_ooo_queued) == queued + 2;
	uint8 b[40];
	ok = ok && tcp_recv(c, b, sizeof(b), 1) == -E_AGAIN; /* nothing in order yet */
	net_input(tcp_data_frame(PEER_PORT, TEST_PORT, d, iss + 1, TCP_ACK, "0123456789", 10));
	r = tapped_tcp();
	ok = ok && r && ntohl(r->ack) == d + 30;
	int n = tcp_recv(c, b, sizeof(b), 1);
	ok = ok && n == 30 && memcmp(b, "0123456789ABCDEFGHIJKLMNOPQRST", 30) == 0;
	tcp_close(c);
	tcp_close(l);
	/* The peer resets the closing connection, so that it does not outlive the test. */
	net_input(tcp_frame(PEER_PORT, TEST_PORT, d + 30, 0, TCP_RST, 5, 0));
	ok = ok && state_of(PEER_PORT) == -1;
	tap_off();
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* RFC 6298: the first sample sets SRTT = R and RTTVAR = R/2; later ones
 * smooth them; the time-out is SRTT + 4 RTTVAR, at least TCP_RTO_MIN_MS
 * and at most TCP_RTO_MAX_MS. */
KTEST(net_tcp_rtt)
{
	struct tcp_pcb *t;
	KT_CHECK(tcp_open(&t) == 0);
	acquire(&tcp_lock);
	int ok = t->rto == TCP_RTO_INIT_MS;
	tcp_rtt_sample(t, 400); /* SRTT 400, RTTVAR 200: 400 + 800 */
	ok = ok && t->srtt8 == 400 * 8 && t->rttvar4 == 200 * 4 && t->rto == 1200;
	tcp_rtt_sample(t, 200); /* RTTVAR 3/4*200 + 1/4*200 = 200, SRTT 375 */
	ok = ok && t->srtt8 / 8 == 375 && t->rttvar4 / 4 == 200 && t->rto == 375 + 800;
	for (int i = 0; i < 100; i++)
		tcp_rtt_sample(t, 2); /* a fast peer: down to the floor */
	ok = ok && t->rto == TCP_RTO_MIN_MS;
	for (int i = 0; i < 100; i++)
		tcp_rtt_sample(t, 60000); /* a very slow one: up to the ceiling */
	ok = ok && t->rto == TCP_RTO_MAX_MS;
	release(&tcp_lock);
	tcp_close(t);
	KT_CHECK(ok);
}

/* Closing first: FIN_WAIT_1, FIN_WAIT_2 once our FIN is acknowledged,
 * TIME_WAIT on the peer's FIN (a repeated FIN is acknowledged again),
 * and the pcb is gone once TIME_WAIT has run out. */
KTEST(net_tcp_time_wait)
{
	int live = peer_session();
	struct tcp_pcb *l = listener(), *c;
	uint32 iss = 0;
	KT_CHECK(l != 0);
	c = handshake(l, PEER_PORT, &iss);
	KT_CHECK(c != 0);
	tcp_close(c);
	struct tcp_hdr *r = tapped_tcp();
	int ok = r && (r->flags & TCP_FIN) && state_of(PEER_PORT) == TCPS_FIN_WAIT_1;
	uint32 d = PEER_ISS + 1;
	net_input(tcp_frame(PEER_PORT, TEST_PORT, d, iss + 2, TCP_ACK, 5, 0));
	ok = ok && state_of(PEER_PORT) == TCPS_FIN_WAIT_2;
	net_input(tcp_frame(PEER_PORT, TEST_PORT, d, iss + 2, TCP_ACK | TCP_FIN, 5, 0));
	r = tapped_tcp();
	ok = ok && r && r->flags == TCP_ACK && ntohl(r->ack) == d + 1 &&
	     state_of(PEER_PORT) == TCPS_TIME_WAIT;
	int sent = ntapped;
	net_input(tcp_frame(PEER_PORT, TEST_PORT, d, iss + 2, TCP_ACK | TCP_FIN, 5, 0));
	r = tapped_tcp();
	ok = ok && ntapped == sent + 1 && r && ntohl(r->ack) == d + 1 &&
	     state_of(PEER_PORT) == TCPS_TIME_WAIT;
	tcp_timer(net_now_ms() + TCP_TIME_WAIT_MS / 2);
	ok = ok && state_of(PEER_PORT) == TCPS_TIME_WAIT;
	tcp_timer(net_now_ms() + TCP_TIME_WAIT_MS + 1);
	ok = ok && state_of(PEER_PORT) == -1;
	tcp_close(l);
	tap_off();
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* A listen backlog of 2: two handshakes wait for accept, a third SYN is
 * dropped (counted, no answer); once one is accepted there is room again. */
KTEST(net_tcp_backlog)
{
	int live = peer_session();
	struct tcp_pcb *l = listener();
	KT_CHECK(l != 0);
	int ok = 1;
	for (int i = 0; i < 2; i++) {
		net_input(tcp_frame(PEER_PORT + i, TEST_PORT, PEER_ISS, 0, TCP_SYN, 5, 0));
		struct tcp_hdr *r = tapped_tcp();
		ok = ok && r && r->flags == (TCP_SYN | TCP_ACK);
		uint32 iss = r ? ntohl(r->seq) : 0;
		net_input(
		    tcp_frame(PEER_PORT + i, TEST_PORT, PEER_ISS + 1, iss + 1, TCP_ACK, 5, 0));
	}
	uint64 dropped = count(NETC_tcp_backlog);
	int sent = ntapped;
	net_input(tcp_frame(PEER_PORT + 2, TEST_PORT, PEER_ISS, 0, TCP_SYN, 5, 0));
	ok = ok && count(NETC_tcp_backlog) == dropped + 1 && ntapped == sent;
	struct tcp_pcb *c = 0;
	uint32 raddr;
	uint16 rport;
	ok = ok && tcp_accept(l, 1, &c, &raddr, &rport) == 0 && rport == PEER_PORT;
	net_input(tcp_frame(PEER_PORT + 2, TEST_PORT, PEER_ISS, 0, TCP_SYN, 5, 0));
	struct tcp_hdr *r = tapped_tcp();
	ok = ok && ntapped == sent + 1 && r && r->flags == (TCP_SYN | TCP_ACK);
	if (c)
		tcp_close(c);
	tcp_close(l);
	/* The peer resets all three, so that no connection outlives the test
	 * (a later test's handshake from PEER_PORT would meet it). */
	for (int i = 0; i < 3; i++) {
		net_input(tcp_frame(PEER_PORT + i, TEST_PORT, PEER_ISS + 1, 0, TCP_RST, 5, 0));
		ok = ok && state_of(PEER_PORT + i) == -1;
	}
	tap_off();
	KT_CHECK(ok);
	KT_CHECK(pbuf_in_use() == live);
}

/* NETCTL_SETIF's checks: a netmask with holes, the subnet's own or
 * broadcast address, a multicast address, a gateway off the subnet are
 * refused; a sound configuration is taken (and the default put back). */
KTEST(net_configure)
{
	uint32 mask = MAKE_IP_ADDR(255, 255, 255, 0), gw = MAKE_IP_ADDR(10, 0, 2, 2);
	struct netconf bad[] = {
	    {MAKE_IP_ADDR(10, 0, 2, 15), MAKE_IP_ADDR(255, 0, 255, 0), gw, 0, 0},
	    {MAKE_IP_ADDR(10, 0, 2, 15), 0, gw, 0, 0},
	    {MAKE_IP_ADDR(10, 0, 2, 0), mask, gw, 0, 0},
	    {MAKE_IP_ADDR(10, 0, 2, 255), mask, gw, 0, 0},
	    {MAKE_IP_ADDR(224, 0, 2, 15), mask, MAKE_IP_ADDR(224, 0, 2, 2), 0, 0},
	    {MAKE_IP_ADDR(10, 0, 2, 15), mask, MAKE_IP_ADDR(10, 0, 3, 2), 0, 0},
	    {MAKE_IP_ADDR(10, 0, 2, 15), mask, MAKE_IP_ADDR(10, 0, 2, 15), 0, 0},
	};
	uint32 addr = netif.addr;
	for (uint64 i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		KT_CHECK(net_configure(&bad[i]) == -E_INVAL);
	KT_CHECK(netif.addr == addr && netif.netmask == mask);
	struct netconf good = {MAKE_IP_ADDR(192, 168, 7, 9), MAKE_IP_ADDR(255, 255, 0, 0),
	                       MAKE_IP_ADDR(192, 168, 0, 1), MAKE_IP_ADDR(192, 168, 0, 1), 60};
	KT_CHECK(net_configure(&good) == 0);
	KT_CHECK(netif.addr == good.addr && netif.gateway == good.gateway && netif.lease_s == 60);
	struct netconf def = {addr, mask, gw, 0, 0};
	KT_CHECK(net_configure(&def) == 0 && netif.addr == addr && netif.dhcp_server == 0);
}
