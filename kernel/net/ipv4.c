/*
 * ipv4.c: IPv4 (RFC 791) for a host on one subnet.
 *
 * Receive checks, in order, each failure counted and the packet dropped:
 * room for a header, version 4, a header length of at least 5 words that
 * fits, a total length that covers the header and fits in the frame (what
 * follows it is Ethernet padding and is trimmed), the header checksum,
 * not a fragment (no reassembly: MF set or an offset), TTL above 0, and
 * addressed to us or to a broadcast address.  Options are skipped.
 *
 * Send (-E_NETDOWN without a device): no options, DF set (we never fragment), TTL 64; the next hop
 * is the destination itself on our subnet, else the gateway.
 */
#include "net/ipv4.h"
#include "net/arp.h"
#include "net/icmp.h"
#include "net/udp.h"
#include "net/tcp.h"
#include "net/pbuf.h"
#include "net/netif.h"
#include "lib/errno.h"
#include "../abi/net.h"

#define IP_IHL_MIN 5
#define IP_WORD 4

static uint32 next_id; /* atomic; only the low 16 bits are sent */

uint32 inet_sum(const void *data, int len, uint32 sum)
{
	const uint8 *b = data;
	for (; len > 1; len -= 2, b += 2)
		sum += (uint32)b[0] | ((uint32)b[1] << 8); /* 16-bit words as they lie in memory */
	if (len == 1)
		sum += b[0];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16 inet_fold(uint32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16)~sum;
}

uint32 inet_pseudo_sum(uint32 src, uint32 dst, uint8 proto, uint16 len)
{
	struct {
		uint32 src, dst;
		uint8 zero, proto;
		uint16 len;
	} __attribute__((packed)) ph = {htonl(src), htonl(dst), 0, proto, htons(len)};
	return inet_sum(&ph, sizeof(ph), 0);
}

static int for_us(uint32 dst)
{
	return dst == netif.addr || dst == IP_BROADCAST || dst == (netif.addr | ~netif.netmask);
}

static void drop(struct pbuf *p, enum net_counter why)
{
	net_count(why);
	pbuf_free(p);
}

void ip_input(struct pbuf *p)
{
	net_count(NETC_ip_rx);
	if (p->len < IP_HLEN)
		return drop(p, NETC_ip_bad_header);
	struct ip_hdr *h = (struct ip_hdr *)pbuf_data(p);
	int hlen = (h->ver_ihl & 0xf) * IP_WORD;
	int total = ntohs(h->len);
	if ((h->ver_ihl >> 4) != IP_VERSION || hlen < IP_IHL_MIN * IP_WORD || hlen > p->len ||
	    total < hlen || total > p->len)
		return drop(p, NETC_ip_bad_header);
	if (inet_fold(inet_sum(h, hlen, 0)) != 0)
		return drop(p, NETC_ip_bad_csum);
	uint16 frag = ntohs(h->frag);
	if ((frag & IP_FLAG_MF) || (frag & IP_OFFSET_MASK))
		return drop(p, NETC_ip_frag);
	if (h->ttl == 0)
		return drop(p, NETC_ip_ttl);
	uint32 src = ntohl(h->src), dst = ntohl(h->dst);
	if (!for_us(dst))
		return drop(p, NETC_ip_notus);
	uint8 proto = h->proto;
	pbuf_trim(p, total);
	pbuf_pull(p, hlen);
	switch (proto) {
	case IP_PROTO_ICMP:
		icmp_input(p, src);
		break;
	case IP_PROTO_UDP:
		udp_input(p, src, dst);
		break;
	case IP_PROTO_TCP:
		tcp_input(p, src, dst);
		break;
	default:
		drop(p, NETC_ip_proto);
	}
}

int ip_output(struct pbuf *p, uint32 dst, uint8 proto)
{
	if (p->len > IP_MAX_PAYLOAD || !net_up()) {
		int err = net_up() ? -E_MSGSIZE : -E_NETDOWN;
		pbuf_free(p);
		return err;
	}
	struct ip_hdr *h = pbuf_push(p, IP_HLEN);
	h->ver_ihl = (IP_VERSION << 4) | IP_IHL_MIN;
	h->tos = 0;
	h->len = htons(p->len);
	h->id = htons((uint16)__atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED));
	h->frag = htons(IP_FLAG_DF);
	h->ttl = IP_TTL_DEFAULT;
	h->proto = proto;
	h->csum = 0;
	h->src = htonl(netif.addr);
	h->dst = htonl(dst);
	h->csum = inet_fold(inet_sum(h, IP_HLEN, 0));
	net_count(NETC_ip_tx);
	uint32 hop = (dst & netif.netmask) == (netif.addr & netif.netmask) || dst == IP_BROADCAST
	                 ? dst
	                 : netif.gateway;
	return arp_output(p, hop);
}
