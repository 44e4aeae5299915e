/*
 * icmp.c: ICMP (RFC 792): echo requests are answered, echo replies are
 * matched to the pings waiting for them, every other type is counted and
 * ignored.
 *
 * Pings in flight: ping.lock guards the table of waiters; a waiter sleeps
 * on the network's poll channel (woken every NET_TIMER_MS) until its reply
 * is marked or its time is up.
 */
#include "net/icmp.h"
#include "net/ipv4.h"
#include "net/pbuf.h"
#include "net/netif.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "../abi/net.h"

#define NPING 8 /* pings waiting at once */

static struct {
	struct spinlock lock; /* guards waiters[] */
	struct ping_waiter {
		int used;
		uint32 dst;
		uint16 id, seq;
		int answered;
	} waiters[NPING];
} ping = {.lock = {0, "ping", 0}};

static void reply_arrived(uint32 src, uint16 id, uint16 seq)
{
	acquire(&ping.lock);
	for (int i = 0; i < NPING; i++) {
		struct ping_waiter *w = &ping.waiters[i];
		if (w->used && w->dst == src && w->id == id && w->seq == seq)
			w->answered = 1;
	}
	release(&ping.lock);
	wakeup(&net_poll_chan);
}

void icmp_input(struct pbuf *p, uint32 src)
{
	net_count(NETC_icmp_rx);
	if (p->len < ICMP_HLEN || inet_fold(inet_sum(pbuf_data(p), p->len, 0)) != 0) {
		net_count(NETC_icmp_bad);
		pbuf_free(p);
		return;
	}
	struct icmp_echo *e = (struct icmp_echo *)pbuf_data(p);
	if (e->type == ICMP_ECHO_REQUEST && e->code == 0) {
		/* The reply is the request turned round, in the same buffer. */
		e->type = ICMP_ECHO_REPLY;
		e->csum = 0;
		e->csum = inet_fold(inet_sum(e, p->len, 0));
		net_count(NETC_icmp_echo_replies);
		ip_output(p, src, IP_PROTO_ICMP);
		return;
	}
	if (e->type == ICMP_ECHO_REPLY && e->code == 0)
		reply_arrived(src, ntohs(e->id), ntohs(e->seq));
	else
		net_count(NETC_icmp_other);
	pbuf_free(p);
}

static int send_echo(uint32 dst, uint16 id, uint16 seq, int len)
{
	struct pbuf *p = pbuf_alloc();
	if (!p)
		return -E_NOMEM;
	struct icmp_echo *e = pbuf_put(p, ICMP_HLEN + len);
	e->type = ICMP_ECHO_REQUEST;
	e->code = 0;
	e->csum = 0;
	e->id = htons(id);
	e->seq = htons(seq);
	for (int i = 0; i < len; i++)
		((uint8 *)(e + 1))[i] = (uint8)i;
	e->csum = inet_fold(inet_sum(e, ICMP_HLEN + len, 0));
	return ip_output(p, dst, IP_PROTO_ICMP);
}

int icmp_ping(uint32 dst, uint16 id, uint16 seq, int len, uint32 timeout_ms)
{
	if (len < 0 || len > IP_MAX_PAYLOAD - ICMP_HLEN)
		return -E_MSGSIZE;
	acquire(&ping.lock);
	struct ping_waiter *w = 0;
	for (int i = 0; i < NPING && !w; i++)
		if (!ping.waiters[i].used)
			w = &ping.waiters[i];
	if (!w) {
		release(&ping.lock);
		return -E_AGAIN;
	}
	*w = (struct ping_waiter){1, dst, id, seq, 0};
	release(&ping.lock);

	uint64 start = net_now_ms();
	int err = send_echo(dst, id, seq, len);
	acquire(&ping.lock);
	while (!err && !w->answered) {
		if (net_now_ms() - start >= timeout_ms)
			err = -E_TIMEDOUT;
		else if (proc_killed(myproc()))
			err = -E_INTR;
		else
			sleep(&net_poll_chan, &ping.lock);
	}
	w->used = 0;
	release(&ping.lock);
	return err ? err : (int)(net_now_ms() - start);
}
