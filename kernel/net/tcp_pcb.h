/*
 * tcp_pcb.h: a TCP connection's state, shared by tcp.c and tcp_input.c
 * (not for other files: they go through tcp.h).
 *
 * Locking: tcp_lock guards every field of every pcb and the table; it is
 * held while segments are sent, so the order is tcp_lock -> arp.lock ->
 * the driver's lock.  Sleepers sleep on the pcb (and poll on
 * net_poll_chan); every change a sleeper waits for wakes both.
 *
 * Lifetime: a pcb is `used` from tcp_open (or a SYN on a listener) until
 * tcp_free.  One opened by a socket is freed when the socket has closed
 * it (`closed`) and the connection has reached CLOSED; a child not yet
 * accepted belongs to its listener.
 */
#ifndef KITE_NET_TCP_PCB_H
#define KITE_NET_TCP_PCB_H

#include "../abi/types.h"
#include "../abi/netinfo.h"
#include "sync/spinlock.h"
#include "net/tcp.h"

struct tcp_pcb {
	int used;
	enum tcp_state_abi state;
	int closed; /* the socket has closed it (or it is an unaccepted child) */
	int err;    /* -E_CONNRESET, -E_CONNREFUSED, -E_TIMEDOUT: reported once ended */
	uint16 lport, rport;
	uint32 raddr;

	/* Sending.  snd[] holds snd_len bytes starting with sequence number
	 * snd_una (once the SYN is acknowledged); snd_nxt - snd_una are in flight. */
	uint32 iss, snd_una, snd_nxt;
	uint32 snd_max; /* the highest snd_nxt so far (a go-back resets snd_nxt) */
	uint32 snd_wnd; /* the peer's window */
	uint8 *snd;
	int snd_head, snd_len;
	int fin_queued; /* the user shut down sending: a FIN follows the data */
	int fin_sent;   /* the FIN has sequence number snd_nxt - 1 */
	int fin_in_max; /* the FIN has sequence number snd_max - 1 */

	/* Receiving.  rcv[] holds rcv_len bytes not yet read; after them, at
	 * ring offset seq - rcv_nxt, the bytes of segments that came out of
	 * order, their sequence ranges [start, end) in ooo[] (sorted, apart). */
	uint32 irs, rcv_nxt;
	uint8 *rcv;
	int rcv_head, rcv_len;
	struct {
		uint32 start, end;
	} ooo[TCP_OOO_MAX];
	int nooo;
	int fin_rcvd; /* the peer will send no more */
	int rd_shut;  /* the user shut down receiving */

	/* Timers (ms, net_now_ms()); 0 = not running. */
	uint64 rtx_at;
	uint32 rto; /* the time-out now: rto_base, doubled for each retry */
	int retries;

	/* RFC 6298: one segment timed at a time (never a retransmitted one). */
	uint32 srtt8;   /* smoothed round-trip time, ms * 8; 0 = no sample yet */
	uint32 rttvar4; /* its variation, ms * 4 */
	uint32 rto_base;
	int timing; /* rtt_seq is being timed */
	uint32 rtt_seq;
	uint64 rtt_start;
	int dupacks; /* duplicate ACKs in a row: TCP_DUPACKS retransmit at once */
	uint64
	    time_wait_end; /* TIME_WAIT, and FIN_WAIT_2 once the socket is closed: when it ends */

	/* Listening: children that reached ESTABLISHED, oldest first. */
	struct tcp_pcb *listener; /* a child: the listener it came from, until accepted */
	struct tcp_pcb *accept_q[TCP_BACKLOG_MAX];
	int naccept;
	int backlog;
	int npending; /* children in SYN_RECEIVED */
};

extern struct spinlock tcp_lock;

/* Sequence-number comparisons, modulo 2^32. */
#define SEQ_LT(a, b) ((int32)((a) - (b)) < 0)
#define SEQ_LEQ(a, b) ((int32)((a) - (b)) <= 0)
#define SEQ_GT(a, b) ((int32)((a) - (b)) > 0)
#define SEQ_GEQ(a, b) ((int32)((a) - (b)) >= 0)

/* All need tcp_lock held. */
struct tcp_pcb *tcp_pcb_at(int i); /* slot i of the table, 0 <= i < TCP_NPCB */
struct tcp_pcb *tcp_alloc(void);
void tcp_free(struct tcp_pcb *t);
struct tcp_pcb *tcp_demux(uint16 lport, uint32 raddr, uint16 rport);
/* Send a segment with no data (SYN, ACK, FIN, RST combinations). */
void tcp_send_ctl(struct tcp_pcb *t, uint32 seq, uint8 flags);
/* Send what the window allows, the FIN after the data; start the timer. */
void tcp_output(struct tcp_pcb *t);
/* A RST answering a segment that has no connection. */
void tcp_reset_reply(uint32 src, uint16 sport, uint16 dport, uint32 seq, uint32 ack, int had_ack,
                     uint32 seglen);
/* The connection is over: CLOSED, err recorded, sleepers woken; freed if nobody holds it. */
void tcp_ended(struct tcp_pcb *t, int err);
/* Wake everyone waiting on t. */
void tcp_wake(struct tcp_pcb *t);
uint32 tcp_new_iss(void);
/* A round-trip sample of r ms: SRTT, RTTVAR and the time-out (RFC 6298 2.2, 2.3). */
void tcp_rtt_sample(struct tcp_pcb *t, uint32 r);
/* Send the first unacknowledged segment again (fast retransmit). */
void tcp_retransmit_first(struct tcp_pcb *t);

#endif
