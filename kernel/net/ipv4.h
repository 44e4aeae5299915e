/* ipv4.h: the Internet Protocol, version 4 (RFC 791), ipv4.c. */
#ifndef KITE_NET_IPV4_H
#define KITE_NET_IPV4_H

#include "../abi/types.h"

struct pbuf;

#define IP_HLEN 20 /* header without options */
#define IP_VERSION 4
#define IP_TTL_DEFAULT 64
#define IP_PROTO_ICMP 1
#define IP_PROTO_TCP 6
#define IP_PROTO_UDP 17
#define IP_FLAG_DF 0x4000 /* don't fragment */
#define IP_FLAG_MF 0x2000 /* more fragments */
#define IP_OFFSET_MASK 0x1fff
#define IP_BROADCAST 0xffffffffu

struct ip_hdr {
	uint8 ver_ihl; /* version (high 4 bits), header length in words (low 4) */
	uint8 tos;
	uint16 len; /* total length, header included */
	uint16 id;
	uint16 frag; /* flags and fragment offset */
	uint8 ttl;
	uint8 proto;
	uint16 csum;
	uint32 src;
	uint32 dst;
} __attribute__((packed));
_Static_assert(sizeof(struct ip_hdr) == IP_HLEN, "IPv4 header layout");

/* The largest payload of one unfragmented packet. */
#define IP_MAX_PAYLOAD (1500 - IP_HLEN)

/* The Internet checksum (RFC 1071): add len bytes to the running 32-bit
 * sum `sum`; inet_fold() finishes it to the 16-bit value to store. */
uint32 inet_sum(const void *data, int len, uint32 sum);
uint16 inet_fold(uint32 sum);
/* The sum of the TCP/UDP pseudo header (addresses in host order). */
uint32 inet_pseudo_sum(uint32 src, uint32 dst, uint8 proto, uint16 len);

/* A received packet, Ethernet header gone (takes p). */
void ip_input(struct pbuf *p);
/* Prepend a header and send p's payload to dst (takes p); 0 or -E_*. */
int ip_output(struct pbuf *p, uint32 dst, uint8 proto);

#endif
