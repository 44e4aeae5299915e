/*
 * tcp.c: TCP connections (see tcp.h for the design, tcp_pcb.h for the
 * locking): the table, building and sending segments, the retransmission
 * and TIME_WAIT timers, and the calls sockets make.  Segments arriving are
 * in tcp_input.c.
 */
#include "net/tcp.h"
#include "net/tcp_pcb.h"
#include "net/ipv4.h"
#include "net/pbuf.h"
#include "net/netif.h"
#include "mm/kmalloc.h"
#include "proc/sched.h"
#include "arch/riscv/csr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "../abi/net.h"

#define TCP_WORD 4
#define TCP_OPT_MSS 2 /* option kind: maximum segment size */
#define TCP_OPT_MSS_LEN 4
#define TCP_WIN_MAX 0xffff   /* no window scaling */
#define TCP_SYN_RETRIES 4    /* a connect gives up sooner than an open connection */
#define ISS_HASH 2654435761u /* Knuth's multiplicative hash: spreads the boot time over 32 bits */
#define ISS_STEP 64000       /* added per connection on top of the clock, as BSD's ISN does */

struct spinlock tcp_lock = SPINLOCK_INIT("tcp");
static struct tcp_pcb pcbs[TCP_NPCB];
static uint32 iss_counter; /* tcp_lock: the last initial sequence number handed out */

void tcp_init(void)
{
	iss_counter = (uint32)(r_time() * ISS_HASH);
}

uint32 tcp_new_iss(void)
{
	KASSERT(holding(&tcp_lock));
	iss_counter += (uint32)r_time() + ISS_STEP;
	return iss_counter;
}

struct tcp_pcb *tcp_pcb_at(int i)
{
	KASSERT(holding(&tcp_lock) && i >= 0 && i < TCP_NPCB);
	return &pcbs[i];
}

struct tcp_pcb *tcp_alloc(void)
{
	KASSERT(holding(&tcp_lock));
	for (int i = 0; i < TCP_NPCB; i++) {
		struct tcp_pcb *t = &pcbs[i];
		if (t->used)
			continue;
		uint8 *snd = kmalloc(TCP_BUF), *rcv = kmalloc(TCP_BUF);
		if (!snd || !rcv) {
			kfree(snd);
			kfree(rcv);
			return 0;
		}
		memset(t, 0, sizeof(*t));
		t->used = 1;
		t->state = TCPS_CLOSED;
		t->snd = snd;
		t->rcv = rcv;
		t->rto = t->rto_base = TCP_RTO_INIT_MS;
		return t;
	}
	return 0;
}

void tcp_free(struct tcp_pcb *t)
{
	KASSERT(holding(&tcp_lock));
	KASSERT(t->used);
	kfree(t->snd);
	kfree(t->rcv);
	t->snd = t->rcv = 0;
	t->used = 0;
}

struct tcp_pcb *tcp_demux(uint16 lport, uint32 raddr, uint16 rport)
{
	KASSERT(holding(&tcp_lock));
	struct tcp_pcb *listener = 0;
	for (int i = 0; i < TCP_NPCB; i++) {
		struct tcp_pcb *t = &pcbs[i];
		if (!t->used || t->lport != lport)
			continue;
		if (t->state == TCPS_LISTEN)
			listener = t;
		else if (t->state != TCPS_CLOSED && t->raddr == raddr && t->rport == rport)
			return t;
	}
	return listener;
}

void tcp_wake(struct tcp_pcb *t)
{
	wakeup(t);
	wakeup(&net_poll_chan);
}

/* One segment: header, options (an MSS on a SYN), then len bytes of t's
 * send ring from offset `from` past snd_una's byte. */
static void emit(uint32 raddr, uint16 lport, uint16 rport, uint32 seq, uint32 ack, uint8 flags,
                 uint16 win, const struct tcp_pcb *t, int from, int len)
{
	struct pbuf *p = pbuf_alloc();
	if (!p) {
		net_count(NETC_nomem);
		return;
	}
	int optlen = (flags & TCP_SYN) ? TCP_OPT_MSS_LEN : 0;
	struct tcp_hdr *h = pbuf_put(p, TCP_HLEN + optlen);
	h->sport = htons(lport);
	h->dport = htons(rport);
	h->seq = htonl(seq);
	h->ack = htonl(ack);
	h->off = (uint8)(((TCP_HLEN + optlen) / TCP_WORD) << 4);
	h->flags = flags;
	h->win = htons(win);
	h->csum = 0;
	h->urg = 0;
	if (optlen) {
		uint8 *o = (uint8 *)(h + 1);
		o[0] = TCP_OPT_MSS;
		o[1] = TCP_OPT_MSS_LEN;
		o[2] = TCP_MSS >> 8;
		o[3] = TCP_MSS & 0xff;
	}
	if (len > 0) {
		uint8 *d = pbuf_put(p, len);
		int start = (t->snd_head + from) % TCP_BUF;
		int first = len < TCP_BUF - start ? len : TCP_BUF - start;
		memcpy(d, t->snd + start, first);
		memcpy(d + first, t->snd, len - first);
	}
	h->csum = inet_fold(
	    inet_sum(h, p->len, inet_pseudo_sum(netif.addr, raddr, IP_PROTO_TCP, p->len)));
	net_count(NETC_tcp_tx);
	ip_output(p, raddr, IP_PROTO_TCP);
}

static uint16 rcv_window(const struct tcp_pcb *t)
{
	int room = TCP_BUF - t->rcv_len;
	return (uint16)(room < TCP_WIN_MAX ? room : TCP_WIN_MAX);
}

void tcp_send_ctl(struct tcp_pcb *t, uint32 seq, uint8 flags)
{
	KASSERT(holding(&tcp_lock));
	uint32 ack = (flags & TCP_ACK) ? t->rcv_nxt : 0;
	emit(t->raddr, t->lport, t->rport, seq, ack, flags, rcv_window(t), t, 0, 0);
}

void tcp_reset_reply(uint32 src, uint16 sport, uint16 dport, uint32 seq, uint32 ack, int had_ack,
                     uint32 seglen)
{
	if (had_ack)
		emit(src, dport, sport, ack, 0, TCP_RST, 0, 0, 0, 0);
	else
		emit(src, dport, sport, 0, seq + seglen, TCP_RST | TCP_ACK, 0, 0, 0, 0);
}

static int sends_data(enum tcp_state_abi s)
{
	return s == TCPS_ESTABLISHED || s == TCPS_CLOSE_WAIT || s == TCPS_FIN_WAIT_1 ||
	       s == TCPS_CLOSING || s == TCPS_LAST_ACK;
}

void tcp_output(struct tcp_pcb *t)
{
	KASSERT(holding(&tcp_lock));
	if (!sends_data(t->state))
		return;
	for (;;) {
		uint32 inflight = t->snd_nxt - t->snd_una;
		int data_out = (int)inflight - t->fin_sent;
		int unsent = t->snd_len - data_out;
		/* A closed window still lets one byte through when nothing is
		 * in flight: the probe that learns when it opens. */
		uint32 wnd = t->snd_wnd ? t->snd_wnd : (inflight == 0 ? 1 : 0);
		if (unsent > 0 && !t->fin_sent) {
			int n = wnd > inflight ? (int)(wnd - inflight) : 0;
			if (n > unsent)
				n = unsent;
			if (n > TCP_MSS)
				n = TCP_MSS;
			if (n <= 0)
				break;
			emit(t->raddr, t->lport, t->rport, t->snd_nxt, t->rcv_nxt,
			     TCP_ACK | TCP_PSH, rcv_window(t), t, data_out, n);
			if (!t->timing &&
			    SEQ_GEQ(t->snd_nxt, t->snd_max)) { /* new data: time it (Karn) */
				t->timing = 1;
				t->rtt_seq = t->snd_nxt;
				t->rtt_start = net_now_ms();
			}
			t->snd_nxt += n;
			if (SEQ_GT(t->snd_nxt, t->snd_max))
				t->snd_max = t->snd_nxt;
			continue;
		}
		if (unsent == 0 && t->fin_queued && !t->fin_sent) {
			tcp_send_ctl(t, t->snd_nxt, TCP_FIN | TCP_ACK);
			t->snd_nxt++;
			if (SEQ_GT(t->snd_nxt, t->snd_max))
				t->snd_max = t->snd_nxt;
			t->fin_sent = t->fin_in_max = 1;
		}
		break;
	}
	if (t->snd_nxt != t->snd_una && !t->rtx_at)
		t->rtx_at = net_now_ms() + t->rto;
}

void tcp_rtt_sample(struct tcp_pcb *t, uint32 r)
{
	KASSERT(holding(&tcp_lock));
	if (t->srtt8 == 0) { /* the first: SRTT = R, RTTVAR = R/2 */
		t->srtt8 = r ? r * 8 : 1;
		t->rttvar4 = r * 2;
	} else { /* RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|; SRTT = 7/8 SRTT + 1/8 R */
		int32 delta = (int32)r - (int32)(t->srtt8 / 8);
		uint32 err = delta < 0 ? (uint32)-delta : (uint32)delta;
		t->rttvar4 = t->rttvar4 - t->rttvar4 / 4 + err;
		t->srtt8 = t->srtt8 - t->srtt8 / 8 + r;
		if (t->srtt8 == 0)
			t->srtt8 = 1;
	}
	/* RTO = SRTT + max(G, 4 RTTVAR), G the timer's period. */
	uint32 var = t->rttvar4 > NET_TIMER_MS ? t->rttvar4 : NET_TIMER_MS;
	uint32 rto = t->srtt8 / 8 + var;
	t->rto_base = rto < TCP_RTO_MIN_MS   ? TCP_RTO_MIN_MS
	              : rto > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS
	                                     : rto;
	t->rto = t->rto_base;
}

void tcp_retransmit_first(struct tcp_pcb *t)
{
	KASSERT(holding(&tcp_lock));
	uint32 inflight = t->snd_nxt - t->snd_una;
	int data_out = (int)inflight - t->fin_sent;
	int n = data_out < TCP_MSS ? data_out : TCP_MSS;
	t->timing = 0; /* Karn: no sample from a retransmitted segment */
	net_count(NETC_tcp_retrans);
	if (n > 0)
		emit(t->raddr, t->lport, t->rport, t->snd_una, t->rcv_nxt, TCP_ACK | TCP_PSH,
		     rcv_window(t), t, 0, n);
	else if (t->fin_sent)
		tcp_send_ctl(t, t->snd_una, TCP_FIN | TCP_ACK);
}

/* Take child t off its listener's books; tcp_lock held. */
static void unlink_child(struct tcp_pcb *l, struct tcp_pcb *t)
{
	for (int i = 0; i < l->naccept; i++)
		if (l->accept_q[i] == t) {
			memmove(&l->accept_q[i], &l->accept_q[i + 1],
			        (l->naccept - i - 1) * sizeof(t));
			l->naccept--;
			return;
		}
	l->npending--; /* it was still in SYN_RECEIVED */
}

void tcp_ended(struct tcp_pcb *t, int err)
{
	KASSERT(holding(&tcp_lock));
	t->state = TCPS_CLOSED;
	if (!t->err)
		t->err = err;
	t->rtx_at = 0;
	tcp_wake(t);
	if (!t->closed)
		return; /* the socket still holds it */
	if (t->listener)
		unlink_child(t->listener, t);
	tcp_free(t);
}

/* Retransmit what is unacknowledged, or give up; tcp_lock held. */
static void retransmit(struct tcp_pcb *t, uint64 now)
{
	int max = t->state == TCPS_SYN_SENT || t->state == TCPS_SYN_RECEIVED ? TCP_SYN_RETRIES
	                                                                     : TCP_MAX_RETRIES;
	if (++t->retries > max) {
		if (t->state != TCPS_SYN_SENT)
			tcp_send_ctl(t, t->snd_nxt, TCP_RST | TCP_ACK);
		tcp_ended(t, -E_TIMEDOUT);
		return;
	}
	net_count(NETC_tcp_retrans);
	t->timing = 0; /* Karn: no sample from a retransmitted segment */
	t->rto = t->rto * 2 < TCP_RTO_MAX_MS ? t->rto * 2 : TCP_RTO_MAX_MS;
	if (t->state == TCPS_SYN_SENT) {
		tcp_send_ctl(t, t->iss, TCP_SYN);
	} else if (t->state == TCPS_SYN_RECEIVED) {
		tcp_send_ctl(t, t->iss, TCP_SYN | TCP_ACK);
	} else {
		t->snd_nxt = t->snd_una; /* go back: send everything again */
		t->fin_sent = 0;
		t->rtx_at = 0;
		tcp_output(t);
	}
	t->rtx_at = now + t->rto;
}

void tcp_timer(uint64 now_ms)
{
	acquire(&tcp_lock);
	for (int i = 0; i < TCP_NPCB; i++) {
		struct tcp_pcb *t = &pcbs[i];
		if (!t->used)
			continue;
		int waiting =
		    t->state == TCPS_TIME_WAIT || (t->state == TCPS_FIN_WAIT_2 && t->closed);
		if (waiting && now_ms >= t->time_wait_end)
			tcp_ended(t, 0);
		else if (t->rtx_at && now_ms >= t->rtx_at)
			retransmit(t, now_ms);
	}
	release(&tcp_lock);
}
