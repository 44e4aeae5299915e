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
#include "../abi/net.h"

#define TCP_WORD 4

struct seg {
	uint32 src;
	uint16 sport, dport;
	uint32 seq, ack;
	uint8 flags;
	uint16 win;
	const uint8 *data;
	int len; /* data bytes */
};

static uint32 seg_len(const struct seg *s)
{
	return (uint32)s->len + ((s->flags & TCP_SYN) ? 1 : 0) + ((s->flags & TCP_FIN) ? 1 : 0);
}

static void reset_for(const struct seg *s)
{
	if (!(s->flags & TCP_RST))
		tcp_reset_reply(s->src, s->sport, s->dport, s->seq, s->ack,
		                (s->flags & TCP_ACK) != 0, seg_len(s));
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
	c->snd_nxt = c->snd_max = c->iss + 1;
	c->snd_wnd = s->win;
	c->listener = l;
	c->closed = 1; /* nobody's socket until accepted */
	l->npending++;
	tcp_send_ctl(c, c->iss, TCP_SYN | TCP_ACK);
	c->rtx_at = net_now_ms() + c->rto;
	c->timing = 1;
	c->rtt_seq = c->iss;
	c->rtt_start = net_now_ms();
}

/* The SYN was acknowledged: its round trip, unless it was sent again. */
static void handshake_done(struct tcp_pcb *t)
{
	if (t->timing && t->retries == 0)
		tcp_rtt_sample(t, (uint32)(net_now_ms() - t->rtt_start));
	t->timing = 0;
	t->rtx_at = 0;
	t->retries = 0;
	t->rto = t->rto_base;
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
	handshake_done(t);
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
		handshake_done(t);
		struct tcp_pcb *l = t->listener;
		child_ready(t);
		return l && !t->used;
	}
	if (SEQ_GT(s->ack, t->snd_max)) {
		tcp_send_ctl(t, t->snd_nxt, TCP_ACK); /* acknowledges what we never sent */
		return 0;
	}
	if (SEQ_LT(s->ack, t->snd_una))
		return 0; /* an old duplicate */
	if (s->ack == t->snd_una) {
		/* A duplicate: the peer got a segment after a gap (RFC 5681 3.2). */
		if (s->len == 0 && !(s->flags & (TCP_SYN | TCP_FIN)) && s->win == t->snd_wnd &&
		    t->snd_una != t->snd_nxt && ++t->dupacks == TCP_DUPACKS)
			tcp_retransmit_first(t);
	} else {
		t->dupacks = 0;
	}
	t->snd_wnd = s->win;
	if (SEQ_GT(s->ack, t->snd_una)) {
		if (t->timing && SEQ_GT(s->ack, t->rtt_seq)) {
			t->timing = 0;
			tcp_rtt_sample(t, (uint32)(net_now_ms() - t->rtt_start));
		}
		uint32 n = s->ack - t->snd_una;
		int d = n < (uint32)t->snd_len ? (int)n : t->snd_len;
		t->snd_head = (t->snd_head + d) % TCP_BUF;
		t->snd_len -= d;
		t->snd_una = s->ack;
		if (SEQ_GT(s->ack,
		           t->snd_nxt)) { /* what a go-back was sending again arrived after all */
			t->snd_nxt = s->ack;
			t->fin_sent = t->fin_in_max && s->ack == t->snd_max;
		}
		t->retries = 0;
		t->rto = t->rto_base;
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

static int receiving(const struct tcp_pcb *t)
{
	return t->state == TCPS_ESTABLISHED || t->state == TCPS_FIN_WAIT_1 ||
	       t->state == TCPS_FIN_WAIT_2;
}

/* Copy n bytes to ring offset `at` past the unread data. */
static void ring_put(struct tcp_pcb *t, int at, const uint8 *src, int n)
{
	for (int done = 0; done < n;) {
		int pos = (t->rcv_head + t->rcv_len + at + done) % TCP_BUF;
		int chunk = n - done < TCP_BUF - pos ? n - done : TCP_BUF - pos;
		memcpy(t->rcv + pos, src + done, chunk);
		done += chunk;
	}
}

/* A segment from beyond rcv_nxt: keep what fits the window in the ring
 * and note its range (merged with its neighbours); its FIN waits for the
 * peer to send it again.  Counted as queued, or dropped when it does not
 * fit or there are too many ranges. */
static void ooo_input(struct tcp_pcb *t, const struct seg *s)
{
	uint32 off = s->seq - t->rcv_nxt;
	int room = TCP_BUF - t->rcv_len;
	int n = s->len;
	if (!receiving(t) || t->rd_shut || n == 0 || off >= (uint32)room) {
		net_count(NETC_tcp_ooo);
		return;
	}
	if (n > room - (int)off)
		n = room - (int)off;
	uint32 start = s->seq, end = s->seq + (uint32)n;
	int i = 0;
	while (i < t->nooo && SEQ_LT(t->ooo[i].end, start))
		i++;
	/* Ranges i.. that touch [start, end) merge into it. */
	int j = i;
	while (j < t->nooo && SEQ_LEQ(t->ooo[j].start, end)) {
		if (SEQ_LT(t->ooo[j].start, start))
			start = t->ooo[j].start;
		if (SEQ_GT(t->ooo[j].end, end))
			end = t->ooo[j].end;
		j++;
	}
	if (j == i && t->nooo == TCP_OOO_MAX) {
		net_count(NETC_tcp_ooo);
		return;
	}
	ring_put(t, (int)off, s->data, n);
	memmove(&t->ooo[i + 1], &t->ooo[j], (t->nooo - j) * sizeof(t->ooo[0]));
	t->nooo += 1 - (j - i);
	t->ooo[i].start = start;
	t->ooo[i].end = end;
	net_count(NETC_tcp_ooo_queued);
}

/* rcv_nxt moved: ranges it reached are received now. */
static void ooo_advance(struct tcp_pcb *t)
{
	while (t->nooo > 0 && SEQ_LEQ(t->ooo[0].start, t->rcv_nxt)) {
		if (SEQ_GT(t->ooo[0].end, t->rcv_nxt)) {
			uint32 more = t->ooo[0].end - t->rcv_nxt;
			t->rcv_len += (int)more;
			t->rcv_nxt += more;
		}
		memmove(&t->ooo[0], &t->ooo[1], (t->nooo - 1) * sizeof(t->ooo[0]));
		t->nooo--;
	}
}

/* Data and FIN of an acceptable, in-order segment. */
static void data_input(struct tcp_pcb *t, struct seg *s)
{
	int can_receive = receiving(t);
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
			ring_put(t, 0, s->data, n);
			t->rcv_len += n;
		}
		t->rcv_nxt += n;
		ooo_advance(t);
		if (t->nooo)
			s->flags &= ~TCP_FIN; /* data after a gap still to come: not the end */
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
	 * rcv_nxt (a gap before it) is kept for later and a duplicate ACK sent. */
	if (SEQ_LT(s->seq, t->rcv_nxt)) {
		uint32 old = t->rcv_nxt - s->seq;
		if (old >= seg_len(s)) {
			/* Nothing new; in TIME_WAIT, the peer's FIN again means
			 * our last ACK was lost: send it again, wait anew. */
			if (t->state != TCPS_TIME_WAIT)
				tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
			else if (s->flags & TCP_FIN) {
				tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
				t->time_wait_end = net_now_ms() + TCP_TIME_WAIT_MS;
			}
			s->len = 0;
			s->flags &= ~TCP_FIN;
		} else if (old > (uint32)s->len) {
			s->len = 0; /* only the FIN is new */
		} else {
			s->data += old;
			s->len -= (int)old;
		}
		s->seq = t->rcv_nxt;
	} else if (SEQ_GT(s->seq, t->rcv_nxt)) {
		ooo_input(t, s);
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
	struct seg s = {src,      ntohs(h->sport), ntohs(h->dport),    ntohl(h->seq), ntohl(h->ack),
	                h->flags, ntohs(h->win),   pbuf_data(p) + off, p->len - off};
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
