/*
 * tcp_input.c: a TCP segment arrives (RFC 9293 section 3.10.7, simplified
 * as tcp.h says).  Checks first: a whole header, a data offset inside the
 * segment, the checksum; each failure counted and the segment dropped.
 * Then, under tcp_lock, the connection it belongs to (an exact match of
 * both ends, else a listener on the port) gets it by state; a segment for
 * no connection is answered with RST.
 */
#include "net/tcp.h"
#include "net/tcp_pcb.h"
#include "net/ipv4.h"
#include "net/pbuf.h"
#include "net/netif.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "../net.h"

#define TCP_WORD 4

struct seg {
	uint32 src;
	uint16 sport, dport;
	uint32 seq, ack;
	uint8 flags;
	uint16 win;
	const uint8 *data;
	int len;          /* data bytes */
};

static uint32 seg_len(const struct seg *s)
{
	return (uint32)s->len + ((s->flags & TCP_SYN) ? 1 : 0) + ((s->flags & TCP_FIN) ? 1 : 0);
}

static void reset_for(const struct seg *s)
{
	if (!(s->flags & TCP_RST))
		tcp_reset_reply(s->src, s->sport, s->dport, s->seq, s->ack, (s->flags & TCP_ACK) != 0, seg_len(s));
}

/* A SYN for listener l: a child in SYN_RECEIVED answers it. */
static void listen_input(struct tcp_pcb *l, const struct seg *s)
{
	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_ACK) {
		reset_for(s);
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	if (l->naccept + l->npending >= l->backlog) {
		net_count(NETC_tcp_backlog);
		return; /* the peer will try again */
	}
	struct tcp_pcb *c = tcp_alloc();
	if (!c) {
		net_count(NETC_nomem);
		return;
	}
	c->state = TCPS_SYN_RECEIVED;
	c->lport = l->lport;
	c->raddr = s->src;
	c->rport = s->sport;
	c->irs = s->seq;
	c->rcv_nxt = s->seq + 1;
	c->iss = tcp_new_iss();
	c->snd_una = c->iss;
	c->snd_nxt = c->iss + 1;
	c->snd_wnd = s->win;
	c->listener = l;
	c->closed = 1; /* nobody's socket until accepted */
	l->npending++;
	tcp_send_ctl(c, c->iss, TCP_SYN | TCP_ACK);
	c->rtx_at = net_now_ms() + c->rto;
}

static void syn_sent_input(struct tcp_pcb *t, const struct seg *s)
{
	int ack_ok = (s->flags & TCP_ACK) && s->ack == t->iss + 1;
	if ((s->flags & TCP_ACK) && !ack_ok) {
		reset_for(s);
		return;
	}
	if (s->flags & TCP_RST) {
		if (ack_ok)
			tcp_ended(t, -E_CONNREFUSED);
		return;
	}
	if (!(s->flags & TCP_SYN) || !ack_ok)
		return; /* no simultaneous open */
	t->irs = s->seq;
	t->rcv_nxt = s->seq + 1;
	t->snd_una = s->ack;
	t->snd_wnd = s->win;
	t->state = TCPS_ESTABLISHED;
	t->rtx_at = 0;
	t->retries = 0;
	t->rto = TCP_RTO_INIT_MS;
	tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
	tcp_wake(t);
}

/* Child t of listener l is established: queue it for accept. */
static void child_ready(struct tcp_pcb *t)
{
	struct tcp_pcb *l = t->listener;
	if (!l)
		return;
	l->npending--;
	if (l->naccept >= TCP_BACKLOG_MAX) {
		tcp_send_ctl(t, t->snd_nxt, TCP_RST | TCP_ACK);
		t->listener = 0;
		tcp_free(t);
		return;
	}
	l->accept_q[l->naccept++] = t;
	tcp_wake(l);
}

/* The ACK field of an acceptable segment; 0, or 1 if t is gone. */
static int ack_input(struct tcp_pcb *t, const struct seg *s)
{
	if (t->state == TCPS_SYN_RECEIVED) {
		if (s->ack != t->iss + 1) {
			reset_for(s);
			return 0;
		}
		t->state = TCPS_ESTABLISHED;
		t->snd_una = s->ack;
		t->snd_wnd = s->win;
		t->rtx_at = 0;
		t->retries = 0;
		t->rto = TCP_RTO_INIT_MS;
		struct tcp_pcb *l = t->listener;
		child_ready(t);
		return l && !t->used;
	}
	if (SEQ_GT(s->ack, t->snd_nxt)) {
		tcp_send_ctl(t, t->snd_nxt, TCP_ACK); /* acknowledges what we never sent */
		return 0;
	}
	if (SEQ_LT(s->ack, t->snd_una))
		return 0; /* an old duplicate */
	t->snd_wnd = s->win;
	if (SEQ_GT(s->ack, t->snd_una)) {
		uint32 n = s->ack - t->snd_una;
		int d = n < (uint32)t->snd_len ? (int)n : t->snd_len;
		t->snd_head = (t->snd_head + d) % TCP_BUF;
		t->snd_len -= d;
		t->snd_una = s->ack;
		t->retries = 0;
		t->rto = TCP_RTO_INIT_MS;
		t->rtx_at = t->snd_una != t->snd_nxt ? net_now_ms() + t->rto : 0;
		tcp_wake(t);
	}
	if (t->fin_sent && t->snd_una == t->snd_nxt) { /* our FIN is acknowledged */
		if (t->state == TCPS_FIN_WAIT_1) {
			t->state = TCPS_FIN_WAIT_2;
			t->time_wait_end = net_now_ms() + TCP_FIN_WAIT_2_MS;
		} else if (t->state == TCPS_CLOSING) {
			t->state = TCPS_TIME_WAIT;
			t->time_wait_end = net_now_ms() + TCP_TIME_WAIT_MS;
		} else if (t->state == TCPS_LAST_ACK) {
			tcp_ended(t, 0);
			return 1;
		}
	}
	return 0;
}

/* Data and FIN of an acceptable, in-order segment. */
static void data_input(struct tcp_pcb *t, struct seg *s)
{
	int can_receive = t->state == TCPS_ESTABLISHED || t->state == TCPS_FIN_WAIT_1 ||
			  t->state == TCPS_FIN_WAIT_2;
	int need_ack = 0;
	if (s->len > 0 && can_receive) {
		int n = s->len;
		if (!t->rd_shut) {
			int room = TCP_BUF - t->rcv_len;
			if (n > room) {
				n = room;
				s->flags &= ~TCP_FIN; /* the FIN lies beyond what we took */
				net_count(NETC_tcp_ooo);
			}
			for (int done = 0; done < n;) {
				int at = (t->rcv_head + t->rcv_len) % TCP_BUF;
				int chunk = n - done < TCP_BUF - at ? n - done : TCP_BUF - at;
				memcpy(t->rcv + at, s->data + done, chunk);
				t->rcv_len += chunk;
				done += chunk;
			}
		}
		t->rcv_nxt += n;
		need_ack = 1;
		tcp_wake(t);
	}
	if ((s->flags & TCP_FIN) && (can_receive || t->state == TCPS_TIME_WAIT)) {
		if (t->state != TCPS_TIME_WAIT) {
			t->rcv_nxt++;
			t->fin_rcvd = 1;
		}
		need_ack = 1;
		if (t->state == TCPS_ESTABLISHED)
			t->state = TCPS_CLOSE_WAIT;
		else if (t->state == TCPS_FIN_WAIT_1)
			t->state = TCPS_CLOSING;
		else {
			t->state = TCPS_TIME_WAIT;
			t->time_wait_end = net_now_ms() + TCP_TIME_WAIT_MS;
		}
		tcp_wake(t);
	}
	if (need_ack)
		tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
}

static void synchronized_input(struct tcp_pcb *t, struct seg *s)
{
	if (s->flags & TCP_RST) {
		if (s->seq == t->rcv_nxt)
			tcp_ended(t, -E_CONNRESET);
		return;
	}
	if (s->flags & TCP_SYN) {
		if (t->state == TCPS_SYN_RECEIVED && s->seq == t->irs)
			tcp_send_ctl(t, t->iss, TCP_SYN | TCP_ACK); /* our SYN-ACK was lost */
		else
			tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
		return;
	}
	/* What we already have is cut off the front; a segment from beyond
	 * rcv_nxt (a gap before it) is dropped and a duplicate ACK sent. */
	if (SEQ_LT(s->seq, t->rcv_nxt)) {
		uint32 old = t->rcv_nxt - s->seq;
		if (old >= seg_len(s)) {
			s->len = 0;
			s->flags &= ~TCP_FIN;
			if (t->state != TCPS_TIME_WAIT)
				tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
		} else if (old > (uint32)s->len) {
			s->len = 0; /* only the FIN is new */
		} else {
			s->data += old;
			s->len -= (int)old;
		}
		s->seq = t->rcv_nxt;
	} else if (SEQ_GT(s->seq, t->rcv_nxt)) {
		net_count(NETC_tcp_ooo);
		s->len = 0;
		s->flags &= ~TCP_FIN;
		tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
	}
	if (!(s->flags & TCP_ACK))
		return;
	if (ack_input(t, s))
		return;
	if (!t->used || t->state == TCPS_CLOSED)
		return;
	data_input(t, s);
	tcp_output(t);
}

void tcp_input(struct pbuf *p, uint32 src, uint32 dst)
{
	net_count(NETC_tcp_rx);
	struct tcp_hdr *h = (struct tcp_hdr *)pbuf_data(p);
	int off = p->len >= TCP_HLEN ? (h->off >> 4) * TCP_WORD : 0;
	if (off < TCP_HLEN || off > p->len ||
	    inet_fold(inet_sum(h, p->len, inet_pseudo_sum(src, dst, IP_PROTO_TCP, p->len))) != 0 ||
	    dst != netif.addr) {
		net_count(NETC_tcp_bad);
		pbuf_free(p);
		return;
	}
	struct seg s = {src,
			ntohs(h->sport),
			ntohs(h->dport),
			ntohl(h->seq),
			ntohl(h->ack),
			h->flags,
			ntohs(h->win),
			pbuf_data(p) + off,
			p->len - off};
	acquire(&tcp_lock);
	struct tcp_pcb *t = tcp_demux(s.dport, s.src, s.sport);
	if (!t) {
		net_count(NETC_tcp_noconn);
		reset_for(&s);
	} else if (t->state == TCPS_LISTEN) {
		listen_input(t, &s);
	} else if (t->state == TCPS_SYN_SENT) {
		syn_sent_input(t, &s);
	} else {
		synchronized_input(t, &s);
	}
	release(&tcp_lock);
	pbuf_free(p);
}
