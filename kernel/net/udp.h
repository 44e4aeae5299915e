/*
 * udp.h: the User Datagram Protocol (RFC 768), udp.c.
 *
 * A UDP endpoint (struct udp_pcb) is bound to one local port and queues
 * at most UDP_QUEUE_MAX datagrams that arrived for it.  Sockets and the
 * 6.1810 lab's calls (bind/unbind/send/recv) both use it.
 */
#ifndef KITE_NET_UDP_H
#define KITE_NET_UDP_H

#include "../abi/types.h"

struct pbuf;
struct sockinfo;

#define UDP_HLEN 8
#define UDP_QUEUE_MAX 16 /* datagrams queued per port (the lab's figure) */
#define UDP_NPCB 32      /* endpoints in the system */
#define UDP_MAX_PAYLOAD (1500 - 20 - UDP_HLEN)
#define PORT_EPHEMERAL_FIRST 49152
#define PORT_EPHEMERAL_LAST 65535

struct udp_hdr {
	uint16 sport, dport, len, csum;
} __attribute__((packed));
_Static_assert(sizeof(struct udp_hdr) == UDP_HLEN, "UDP header layout");

struct udp_pcb;

/* Bind a new endpoint to port (0: any free ephemeral port); lab: made by
 * the lab's bind(), found again by port.  -E_ADDRINUSE, -E_NOMEM. */
int udp_open(uint16 port, int lab, struct udp_pcb **out);
/* Unbind and free (queued datagrams are dropped). */
void udp_close(struct udp_pcb *u);
/* The lab endpoint on port, or 0. */
struct udp_pcb *udp_lab_find(uint16 port);
uint16 udp_port(struct udp_pcb *u);
/* Set the default destination (connect on a datagram socket). */
void udp_set_peer(struct udp_pcb *u, uint32 addr, uint16 port);
/* 0 and the peer, or -E_DESTADDRREQ when none is set. */
int udp_peer(struct udp_pcb *u, uint32 *addr, uint16 *port);
/* Send a datagram (takes p, which holds the payload). */
int udp_output(struct pbuf *p, uint16 sport, uint32 dst, uint16 dport);
/* The next datagram queued (the caller owns it; src_ip/src_port say who
 * sent it), sleeping until one comes unless nonblock: -E_AGAIN, -E_INTR. */
int udp_recv(struct udp_pcb *u, int nonblock, struct pbuf **out);
/* Datagrams queued. */
int udp_queued(struct udp_pcb *u);
/* A received datagram, IPv4 header gone (takes p). */
void udp_input(struct pbuf *p, uint32 src, uint32 dst);
/* One row per endpoint, at most max: rows filled. */
int udp_snapshot(struct sockinfo *rows, int max);

#endif
