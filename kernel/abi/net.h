/*
 * net.h: what user programs need from the network, at the path the 6.1810
 * net lab's programs include ("kernel/net.h"): byte-order helpers and the
 * DNS message layout (RFC 1035, section 4.1).  The kernel's own protocol
 * code includes it too (as "../net.h"), for the byte-order helpers.
 *
 * Everything here is plain definitions, valid in kernel and user builds.
 */
#ifndef KITE_NET_ABI_H
#define KITE_NET_ABI_H

#include "types.h"

/* RISC-V is little-endian; the network is big-endian. */
static inline uint16 net_bswap16(uint16 v)
{
	return (uint16)((v << 8) | (v >> 8));
}
static inline uint32 net_bswap32(uint32 v)
{
	return (v << 24) | ((v << 8) & 0x00ff0000u) | ((v >> 8) & 0x0000ff00u) | (v >> 24);
}
#define htons(v) net_bswap16((uint16)(v))
#define ntohs(v) net_bswap16((uint16)(v))
#define htonl(v) net_bswap32((uint32)(v))
#define ntohl(v) net_bswap32((uint32)(v))

/* An IPv4 address a.b.c.d in host order. */
#define MAKE_IP_ADDR(a, b, c, d)                                                                   \
	(((uint32)(a) << 24) | ((uint32)(b) << 16) | ((uint32)(c) << 8) | (uint32)(d))

/* DNS header (12 bytes).  GCC allocates bit-fields from the least
 * significant bit, so each byte's fields are listed low bit first. */
struct dns {
	uint16 id;
	uint8 rd : 1; /* recursion desired */
	uint8 tc : 1; /* truncated */
	uint8 aa : 1; /* authoritative answer */
	uint8 opcode : 4;
	uint8 qr : 1;    /* 1: a response */
	uint8 rcode : 4; /* 0: no error */
	uint8 cd : 1;
	uint8 ad : 1;
	uint8 z : 1;
	uint8 ra : 1;   /* recursion available */
	uint16 qdcount; /* questions */
	uint16 ancount; /* answers */
	uint16 nscount;
	uint16 arcount;
} __attribute__((packed));

/* The fixed part after a question's name. */
struct dns_question {
	uint16 qtype;
	uint16 qclass;
} __attribute__((packed));

#define ARECORD 0x0001 /* type A: an IPv4 address */
#define QCLASS 0x0001  /* class IN */

/* The fixed part after a resource record's name; `len` bytes of data follow. */
struct dns_data {
	uint16 type;
	uint16 class;
	uint32 ttl;
	uint16 len;
} __attribute__((packed));

#endif
