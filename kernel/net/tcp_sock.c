/*
 * tcp_sock.c: the TCP calls sockets make (tcp.h): bind, listen, accept,
 * connect, send, receive, shutdown, close, poll.  Each takes tcp_lock
 * (tcp_pcb.h) and sleeps on the pcb while it waits.
 */
#include "net/tcp.h"
#include "net/tcp_pcb.h"
#include "net/udp.h"
#include "net/netif.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

static uint16 next_ephemeral =
    PORT_EPHEMERAL_FIRST + (PORT_EPHEMERAL_LAST - PORT_EPHEMERAL_FIRST) / 2;

/* Wait on t; tcp_lock held: 0, or -E_INTR if the process was killed. */
static int wait_on(struct tcp_pcb *t)
{
	if (proc_killed(myproc()))
		return -E_INTR;
	sleep(t, &tcp_lock);
	return 0;
}

int tcp_open(struct tcp_pcb **out)
{
	acquire(&tcp_lock);
	struct tcp_pcb *t = tcp_alloc();
	release(&tcp_lock);
	if (!t)
		return -E_NOMEM;
	*out = t;
	return 0;
}

/* Is port bound by a listener or a not-yet-connected socket other than
 * self?  Connections (and TIME_WAIT) do not hold a port against bind, as
 * if every socket had SO_REUSEADDR. */
static int port_taken(uint16 port, struct tcp_pcb *self)
{
	KASSERT(holding(&tcp_lock));
	for (int i = 0; i < TCP_NPCB; i++) {
		struct tcp_pcb *t = tcp_pcb_at(i);
		if (t != self && t->used && t->lport == port && !t->closed &&
		    (t->state == TCPS_LISTEN || t->state == TCPS_CLOSED))
			return 1;
	}
	return 0;
}

static int pick_port(struct tcp_pcb *t)
{
	KASSERT(holding(&tcp_lock));
	for (int n = 0; n <= PORT_EPHEMERAL_LAST - PORT_EPHEMERAL_FIRST; n++) {
		uint16 port = next_ephemeral;
		next_ephemeral = port == PORT_EPHEMERAL_LAST ? PORT_EPHEMERAL_FIRST : port + 1;
		if (!port_taken(port, t)) {
			t->lport = port;
			return 0;
		}
	}
	return -E_ADDRINUSE;
}

int tcp_bind(struct tcp_pcb *t, uint16 port)
{
	acquire(&tcp_lock);
	int err = 0;
	if (t->state != TCPS_CLOSED || t->lport)
		err = -E_INVAL;
	else if (port == 0)
		err = pick_port(t);
	else if (port_taken(port, t))
		err = -E_ADDRINUSE;
	else
		t->lport = port;
	release(&tcp_lock);
	return err;
}

int tcp_listen(struct tcp_pcb *t, int backlog)
{
	acquire(&tcp_lock);
	int err = 0;
	if (t->state != TCPS_CLOSED && t->state != TCPS_LISTEN)
		err = -E_ISCONN;
	else if (!t->lport)
		err = pick_port(t);
	if (!err) {
		t->state = TCPS_LISTEN;
		t->backlog = backlog < 1                 ? 1
		             : backlog > TCP_BACKLOG_MAX ? TCP_BACKLOG_MAX
		                                         : backlog;
	}
	release(&tcp_lock);
	return err;
}

int tcp_accept(struct tcp_pcb *t, int nonblock, struct tcp_pcb **out, uint32 *raddr, uint16 *rport)
{
	acquire(&tcp_lock);
	int err = 0;
	while (!err && t->naccept == 0) {
		if (t->state != TCPS_LISTEN)
			err = -E_INVAL;
		else if (nonblock)
			err = -E_AGAIN;
		else
			err = wait_on(t);
	}
	if (!err) {
		struct tcp_pcb *c = t->accept_q[0];
		memmove(&t->accept_q[0], &t->accept_q[1], (t->naccept - 1) * sizeof(c));
		t->naccept--;
		c->listener = 0;
		c->closed = 0;
		*out = c;
		*raddr = c->raddr;
		*rport = c->rport;
	}
	release(&tcp_lock);
	return err;
}

int tcp_connect(struct tcp_pcb *t, uint32 addr, uint16 port)
{
	acquire(&tcp_lock);
	int err = 0;
	if (!net_up())
		err = -E_NETDOWN;
	else if (t->state == TCPS_LISTEN || t->raddr)
		err = t->state == TCPS_ESTABLISHED ? -E_ISCONN : -E_INVAL;
	else if (!t->lport)
		err = pick_port(t);
	if (err) {
		release(&tcp_lock);
		return err;
	}
	t->raddr = addr;
	t->rport = port;
	t->iss = tcp_new_iss();
	t->snd_una = t->iss;
	t->snd_nxt = t->snd_max = t->iss + 1;
	t->state = TCPS_SYN_SENT;
	tcp_send_ctl(t, t->iss, TCP_SYN);
	t->rtx_at = net_now_ms() + t->rto;
	t->timing = 1; /* the handshake's round trip is the first sample */
	t->rtt_seq = t->iss;
	t->rtt_start = net_now_ms();
	while (!err && t->state == TCPS_SYN_SENT)
		err = wait_on(t);
	if (!err && t->state == TCPS_CLOSED)
		err = t->err ? t->err : -E_CONNREFUSED;
	release(&tcp_lock);
	return err;
}

int tcp_send(struct tcp_pcb *t, const uint8 *src, int n, int nonblock)
{
	acquire(&tcp_lock);
	int err = 0;
	for (;;) {
		if (t->state != TCPS_ESTABLISHED && t->state != TCPS_CLOSE_WAIT) {
			err = t->err                                 ? t->err
			      : t->state == TCPS_CLOSED && !t->raddr ? -E_NOTCONN
			                                             : -E_PIPE;
			break;
		}
		if (t->fin_queued) {
			err = -E_PIPE;
			break;
		}
		if (t->snd_len < TCP_BUF)
			break;
		err = nonblock ? -E_AGAIN : wait_on(t);
		if (err)
			break;
	}
	if (err) {
		release(&tcp_lock);
		return err;
	}
	int room = TCP_BUF - t->snd_len;
	if (n > room)
		n = room;
	for (int done = 0; done < n;) {
		int at = (t->snd_head + t->snd_len) % TCP_BUF;
		int chunk = n - done < TCP_BUF - at ? n - done : TCP_BUF - at;
		memcpy(t->snd + at, src + done, chunk);
		t->snd_len += chunk;
		done += chunk;
	}
	tcp_output(t);
	release(&tcp_lock);
	return n;
}

int tcp_recv(struct tcp_pcb *t, uint8 *dst, int n, int nonblock)
{
	acquire(&tcp_lock);
	int err = 0;
	while (!err && t->rcv_len == 0) {
		if (t->state == TCPS_LISTEN || (t->state == TCPS_CLOSED && !t->raddr))
			err = -E_NOTCONN;
		else if (t->fin_rcvd || t->rd_shut || t->state == TCPS_CLOSED)
			break; /* the end of the stream, or the error that ended it */
		else if (nonblock)
			err = -E_AGAIN;
		else
			err = wait_on(t);
	}
	if (err || t->rcv_len == 0) {
		if (!err && t->err && !t->fin_rcvd)
			err = t->err;
		release(&tcp_lock);
		return err;
	}
	int before = TCP_BUF - t->rcv_len;
	if (n > t->rcv_len)
		n = t->rcv_len;
	for (int done = 0; done < n;) {
		int chunk = n - done < TCP_BUF - t->rcv_head ? n - done : TCP_BUF - t->rcv_head;
		memcpy(dst + done, t->rcv + t->rcv_head, chunk);
		t->rcv_head = (t->rcv_head + chunk) % TCP_BUF;
		t->rcv_len -= chunk;
		done += chunk;
	}
	/* Tell the peer when the window opens far enough to matter. */
	int after = TCP_BUF - t->rcv_len;
	if (before < TCP_BUF / 2 && after >= TCP_BUF / 2 && t->state != TCPS_CLOSED)
		tcp_send_ctl(t, t->snd_nxt, TCP_ACK);
	release(&tcp_lock);
	return n;
}

/* Queue our FIN; tcp_lock held. */
static void shut_wr(struct tcp_pcb *t)
{
	if (t->state == TCPS_ESTABLISHED)
		t->state = TCPS_FIN_WAIT_1;
	else if (t->state == TCPS_CLOSE_WAIT)
		t->state = TCPS_LAST_ACK;
	else
		return;
	t->fin_queued = 1;
	tcp_output(t);
}

int tcp_shutdown(struct tcp_pcb *t, int how)
{
	acquire(&tcp_lock);
	int err = 0;
	if (t->state == TCPS_LISTEN || t->state == TCPS_CLOSED || t->state == TCPS_SYN_SENT)
		err = -E_NOTCONN;
	else {
		if (how == SHUT_RD || how == SHUT_RDWR) {
			t->rd_shut = 1;
			t->rcv_head = t->rcv_len = 0;
			t->nooo = 0;
		}
		if (how == SHUT_WR || how == SHUT_RDWR)
			shut_wr(t);
		tcp_wake(t);
	}
	release(&tcp_lock);
	return err;
}

void tcp_close(struct tcp_pcb *t)
{
	acquire(&tcp_lock);
	t->closed = 1;
	switch (t->state) {
	case TCPS_LISTEN:
		for (int i = 0; i < TCP_NPCB; i++) {
			struct tcp_pcb *c = tcp_pcb_at(i);
			if (c->used && c->listener == t) {
				tcp_send_ctl(c, c->snd_nxt, TCP_RST | TCP_ACK);
				c->listener = 0;
				tcp_free(c);
			}
		}
		tcp_free(t);
		break;
	case TCPS_CLOSED:
	case TCPS_SYN_SENT:
		tcp_free(t);
		break;
	case TCPS_ESTABLISHED:
	case TCPS_CLOSE_WAIT:
		if (t->rcv_len > 0) { /* data the user never read: abort (RFC 2525, 2.17) */
			tcp_send_ctl(t, t->snd_nxt, TCP_RST | TCP_ACK);
			tcp_free(t);
		} else {
			shut_wr(t);
		}
		break;
	case TCPS_FIN_WAIT_2:
		t->time_wait_end = net_now_ms() + TCP_FIN_WAIT_2_MS; /* from now on it may end */
		break;
	default:
		break; /* already closing: the state machine frees it at CLOSED */
	}
	release(&tcp_lock);
}

int tcp_poll(struct tcp_pcb *t)
{
	acquire(&tcp_lock);
	int r = 0;
	if (t->state == TCPS_LISTEN) {
		r = t->naccept ? POLLIN : 0;
	} else {
		if (t->rcv_len || t->fin_rcvd || t->rd_shut ||
		    (t->state == TCPS_CLOSED && t->raddr))
			r |= POLLIN;
		if ((t->state == TCPS_ESTABLISHED || t->state == TCPS_CLOSE_WAIT) &&
		    t->snd_len < TCP_BUF && !t->fin_queued)
			r |= POLLOUT;
		if (t->fin_rcvd || t->state == TCPS_CLOSED)
			r |= t->raddr ? POLLHUP : 0;
		if (t->err)
			r |= POLLERR;
	}
	release(&tcp_lock);
	return r;
}

int tcp_peer(struct tcp_pcb *t, uint32 *addr, uint16 *port)
{
	acquire(&tcp_lock);
	*addr = t->raddr;
	*port = t->rport;
	int err = t->raddr ? 0 : -E_NOTCONN;
	release(&tcp_lock);
	return err;
}

int tcp_snapshot(struct sockinfo *rows, int max)
{
	int n = 0;
	acquire(&tcp_lock);
	for (int i = 0; i < TCP_NPCB && n < max; i++) {
		struct tcp_pcb *t = tcp_pcb_at(i);
		if (!t->used)
			continue;
		rows[n++] = (struct sockinfo){.type = SOCK_STREAM,
		                              .state = (uint8)t->state,
		                              .lport = t->lport,
		                              .rport = t->rport,
		                              .laddr = netif.addr,
		                              .raddr = t->raddr,
		                              .rxq = (uint32)t->rcv_len,
		                              .txq = (uint32)t->snd_len};
	}
	release(&tcp_lock);
	return n;
}
