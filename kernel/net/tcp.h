/*
 * tcp.h: the Transmission Control Protocol (RFC 9293), tcp.c (connections,
 * sending, timers, the calls sockets make) and tcp_input.c (segments
 * arriving).
 *
 * A connection (struct tcp_pcb) has a send ring and a receive ring of
 * TCP_BUF bytes each.  The receive window advertised is the room left in
 * the receive ring; data is sent as the peer's window allows, in segments
 * of at most TCP_MSS.  Unacknowledged data is retransmitted (from snd_una,
 * go-back-N) when the timer runs out, the time-out doubling each try up to
 * TCP_RTO_MAX_MS; after TCP_MAX_RETRIES the connection is given up
 * (ETIMEDOUT).  The time-out comes from measured round trips (RFC 6298;
 * TCP_RTO_INIT_MS before the first, at least TCP_RTO_MIN_MS), and
 * TCP_DUPACKS duplicate ACKs retransmit the first segment at once (fast
 * retransmit).  Segments that arrive out of order but inside the window
 * are kept in the receive ring (at most TCP_OOO_MAX separate ranges) and
 * answered with a duplicate ACK; when the gap fills, they count as received.
 * TIME_WAIT lasts TCP_TIME_WAIT_MS, shortened from 2 MSL for a teaching
 * system (documented in docs/architecture.md).  A socket closed in
 * FIN_WAIT_2 waits TCP_FIN_WAIT_2_MS for the peer's FIN, then is dropped.
 */
#ifndef KITE_NET_TCP_H
#define KITE_NET_TCP_H

#include "../abi/types.h"

struct pbuf;
struct sockinfo;
struct tcp_pcb;

#define TCP_HLEN 20
#define TCP_MSS 1460
#define TCP_BUF (64 * 1024) /* bytes in each of a connection's rings */
#define TCP_NPCB 64         /* connections in the system */
#define TCP_BACKLOG_MAX 16
#define TCP_RTO_INIT_MS 1000
#define TCP_RTO_MIN_MS 200 /* RFC 6298 says 1 s; 200 ms as Linux, for a loopback peer */
#define TCP_DUPACKS 3
#define TCP_OOO_MAX 8
#define TCP_RTO_MAX_MS 16000
#define TCP_MAX_RETRIES 7
#define TCP_TIME_WAIT_MS 2000
#define TCP_FIN_WAIT_2_MS 30000 /* a closed socket waits this long for the peer's FIN */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

struct tcp_hdr {
	uint16 sport, dport;
	uint32 seq, ack;
	uint8 off; /* data offset in words, high 4 bits */
	uint8 flags;
	uint16 win;
	uint16 csum;
	uint16 urg;
} __attribute__((packed));
_Static_assert(sizeof(struct tcp_hdr) == TCP_HLEN, "TCP header layout");

void tcp_init(void);
/* A received segment, IPv4 header gone (takes p). */
void tcp_input(struct pbuf *p, uint32 src, uint32 dst);
/* Every NET_TIMER_MS: retransmissions and TIME_WAIT. */
void tcp_timer(uint64 now_ms);

/* The calls a socket makes.  Each returns 0 (or a count) or -E_*. */
int tcp_open(struct tcp_pcb **out);
int tcp_bind(struct tcp_pcb *t, uint16 port);
int tcp_listen(struct tcp_pcb *t, int backlog);
/* Wait for a connection; the new one, and its peer. */
int tcp_accept(struct tcp_pcb *t, int nonblock, struct tcp_pcb **out, uint32 *raddr, uint16 *rport);
int tcp_connect(struct tcp_pcb *t, uint32 addr, uint16 port);
/* Queue up to n bytes from kernel buffer src for sending: bytes taken
 * (sleeping while the send ring is full unless nonblock). */
int tcp_send(struct tcp_pcb *t, const uint8 *src, int n, int nonblock);
/* Up to n received bytes into dst: the count, 0 at the end of the stream. */
int tcp_recv(struct tcp_pcb *t, uint8 *dst, int n, int nonblock);
int tcp_shutdown(struct tcp_pcb *t, int how);
/* The socket is gone: close gracefully; the pcb is freed when done. */
void tcp_close(struct tcp_pcb *t);
/* POLLIN/POLLOUT/POLLHUP/POLLERR bits for t now. */
int tcp_poll(struct tcp_pcb *t);
int tcp_peer(struct tcp_pcb *t, uint32 *addr, uint16 *port);
int tcp_snapshot(struct sockinfo *rows, int max);

#endif
