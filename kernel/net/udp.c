/*
 * udp.c: UDP (RFC 768).
 *
 * Receive checks: a whole header, a length field of at least the header
 * that fits in the IP payload (anything after it is dropped), and the
 * checksum unless the sender left it 0.  A datagram goes to the endpoint
 * bound to its destination port, whose queue holds at most UDP_QUEUE_MAX;
 * with no endpoint, or a full queue, it is counted and dropped.
 *
 * Locking: udp.lock guards the table (used, port, lab, peer) and every
 * endpoint's queue.  A receiver sleeps on its endpoint; udp_close wakes
 * it, and a closed endpoint is not reused while a receiver sleeps on it
 * (nsleepers).
 */
#include "net/udp.h"
#include "net/ipv4.h"
#include "net/pbuf.h"
#include "net/netif.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "../abi/net.h"

struct udp_pcb {
	int used;
	int lab;    /* made by the lab's bind() */
	int closed; /* closed while a receiver slept */
	int nsleepers;
	uint16 port;
	uint32 peer_addr; /* connect(): default destination; 0 = none */
	uint16 peer_port;
	struct pbuf *head, *tail;
	int qlen;
};

static struct {
	struct spinlock lock; /* guards every pcb */
	struct udp_pcb pcb[UDP_NPCB];
	uint16 next_ephemeral;
} udp = {.lock = {0, "udp", 0}, .next_ephemeral = PORT_EPHEMERAL_FIRST};

static struct udp_pcb *find(uint16 port)
{
	KASSERT(holding(&udp.lock));
	for (int i = 0; i < UDP_NPCB; i++)
		if (udp.pcb[i].used && udp.pcb[i].port == port)
			return &udp.pcb[i];
	return 0;
}

static uint16 pick_ephemeral(void)
{
	KASSERT(holding(&udp.lock));
	for (int n = 0; n <= PORT_EPHEMERAL_LAST - PORT_EPHEMERAL_FIRST; n++) {
		uint16 port = udp.next_ephemeral;
		udp.next_ephemeral = port == PORT_EPHEMERAL_LAST ? PORT_EPHEMERAL_FIRST : port + 1;
		if (!find(port))
			return port;
	}
	return 0;
}

int udp_open(uint16 port, int lab, struct udp_pcb **out)
{
	acquire(&udp.lock);
	if (port == 0 && !(port = pick_ephemeral())) {
		release(&udp.lock);
		return -E_ADDRINUSE;
	}
	if (find(port)) {
		release(&udp.lock);
		return -E_ADDRINUSE;
	}
	for (int i = 0; i < UDP_NPCB; i++) {
		struct udp_pcb *u = &udp.pcb[i];
		if (u->used || u->nsleepers)
			continue;
		*u = (struct udp_pcb){.used = 1, .lab = lab, .port = port};
		release(&udp.lock);
		*out = u;
		return 0;
	}
	release(&udp.lock);
	return -E_NOMEM;
}

void udp_close(struct udp_pcb *u)
{
	acquire(&udp.lock);
	KASSERT(u->used);
	struct pbuf *q = u->head;
	u->head = u->tail = 0;
	u->qlen = 0;
	u->used = 0;
	u->closed = 1;
	release(&udp.lock);
	wakeup(u);
	while (q) {
		struct pbuf *next = q->next;
		pbuf_free(q);
		q = next;
	}
}

struct udp_pcb *udp_lab_find(uint16 port)
{
	acquire(&udp.lock);
	struct udp_pcb *u = find(port);
	if (u && !u->lab)
		u = 0;
	release(&udp.lock);
	return u;
}

uint16 udp_port(struct udp_pcb *u)
{
	return u->port;
}

void udp_set_peer(struct udp_pcb *u, uint32 addr, uint16 port)
{
	acquire(&udp.lock);
	u->peer_addr = addr;
	u->peer_port = port;
	release(&udp.lock);
}

int udp_peer(struct udp_pcb *u, uint32 *addr, uint16 *port)
{
	acquire(&udp.lock);
	int err = u->peer_addr ? 0 : -E_DESTADDRREQ;
	*addr = u->peer_addr;
	*port = u->peer_port;
	release(&udp.lock);
	return err;
}

int udp_output(struct pbuf *p, uint16 sport, uint32 dst, uint16 dport)
{
	if (p->len > UDP_MAX_PAYLOAD) {
		pbuf_free(p);
		return -E_MSGSIZE;
	}
	struct udp_hdr *h = pbuf_push(p, UDP_HLEN);
	h->sport = htons(sport);
	h->dport = htons(dport);
	h->len = htons(p->len);
	h->csum = 0;
	uint16 c =
	    inet_fold(inet_sum(h, p->len, inet_pseudo_sum(netif.addr, dst, IP_PROTO_UDP, p->len)));
	h->csum = c ? c : 0xffff; /* 0 would mean "no checksum" */
	net_count(NETC_udp_tx);
	return ip_output(p, dst, IP_PROTO_UDP);
}

int udp_recv(struct udp_pcb *u, int nonblock, struct pbuf **out)
{
	acquire(&udp.lock);
	u->nsleepers++;
	int err = 0;
	while (!err && !u->head) {
		if (u->closed || !u->used)
			err = -E_BADF;
		else if (nonblock)
			err = -E_AGAIN;
		else if (proc_killed(myproc()))
			err = -E_INTR;
		else
			sleep(u, &udp.lock);
	}
	u->nsleepers--;
	if (!err) {
		struct pbuf *p = u->head;
		u->head = p->next;
		if (!u->head)
			u->tail = 0;
		u->qlen--;
		p->next = 0;
		*out = p;
	}
	release(&udp.lock);
	return err;
}

int udp_queued(struct udp_pcb *u)
{
	acquire(&udp.lock);
	int n = u->qlen;
	release(&udp.lock);
	return n;
}

void udp_input(struct pbuf *p, uint32 src, uint32 dst)
{
	net_count(NETC_udp_rx);
	struct udp_hdr *h = (struct udp_hdr *)pbuf_data(p);
	int ulen = p->len >= UDP_HLEN ? ntohs(h->len) : 0;
	if (ulen < UDP_HLEN || ulen > p->len ||
	    (h->csum &&
	     inet_fold(inet_sum(h, ulen, inet_pseudo_sum(src, dst, IP_PROTO_UDP, (uint16)ulen))) !=
	         0)) {
		net_count(NETC_udp_bad);
		pbuf_free(p);
		return;
	}
	uint16 sport = ntohs(h->sport), dport = ntohs(h->dport);
	pbuf_trim(p, ulen);
	pbuf_pull(p, UDP_HLEN);
	p->src_ip = src;
	p->src_port = sport;

	acquire(&udp.lock);
	struct udp_pcb *u = find(dport);
	enum net_counter why = !u                         ? NETC_udp_noport
	                       : u->qlen >= UDP_QUEUE_MAX ? NETC_udp_qfull
	                                                  : NETC_COUNT;
	if (why == NETC_COUNT) {
		p->next = 0;
		if (u->tail)
			u->tail->next = p;
		else
			u->head = p;
		u->tail = p;
		u->qlen++;
		p = 0;
	}
	release(&udp.lock);
	if (p) {
		net_count(why);
		pbuf_free(p);
		return;
	}
	wakeup(u);
	wakeup(&net_poll_chan);
}

int udp_snapshot(struct sockinfo *rows, int max)
{
	int n = 0;
	acquire(&udp.lock);
	for (int i = 0; i < UDP_NPCB && n < max; i++) {
		struct udp_pcb *u = &udp.pcb[i];
		if (!u->used)
			continue;
		rows[n++] = (struct sockinfo){.type = SOCK_DGRAM,
		                              .lport = u->port,
		                              .rport = u->peer_port,
		                              .laddr = netif.addr,
		                              .raddr = u->peer_addr,
		                              .rxq = (uint32)u->qlen};
	}
	release(&udp.lock);
	return n;
}
