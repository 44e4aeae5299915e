/* icmp.h: ICMP echo (RFC 792), icmp.c: answer pings and send them. */
#ifndef KITE_NET_ICMP_H
#define KITE_NET_ICMP_H

#include "../abi/types.h"

struct pbuf;

#define ICMP_HLEN 8
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

struct icmp_echo {
	uint8 type;
	uint8 code;
	uint16 csum;
	uint16 id;
	uint16 seq;
} __attribute__((packed));
_Static_assert(sizeof(struct icmp_echo) == ICMP_HLEN, "ICMP echo layout");

/* A received message from src, IPv4 header gone (takes p). */
void icmp_input(struct pbuf *p, uint32 src);
/* Send an echo request with len bytes of payload and wait up to timeout_ms
 * for its reply: the round-trip time in ms, or -E_TIMEDOUT, -E_INTR,
 * -E_NOMEM, -E_MSGSIZE, -E_NETDOWN. */
int icmp_ping(uint32 dst, uint16 id, uint16 seq, int len, uint32 timeout_ms);

#endif
