/*
 * eth.c: Ethernet II.  A frame is accepted when it holds at least a
 * header, at most a header plus the MTU (the device strips the FCS), and
 * is addressed to our MAC or to everyone.  Short frames are padded by the
 * device on sending; on receipt the layer above trims the padding away
 * using its own length field.
 */
#include "net/eth.h"
#include "net/arp.h"
#include "net/ipv4.h"
#include "net/pbuf.h"
#include "lib/string.h"
#include "../abi/net.h"

const uint8 eth_broadcast[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

void eth_input(struct pbuf *p)
{
	if (p->len > ETH_HLEN + ETH_MTU) {
		net_count(NETC_eth_long);
		pbuf_free(p);
		return;
	}
	struct eth_hdr *h = pbuf_pull(p, ETH_HLEN);
	if (!h) {
		net_count(NETC_eth_short);
		pbuf_free(p);
		return;
	}
	if (memcmp(h->dst, netif.mac, ETH_ALEN) != 0 &&
	    memcmp(h->dst, eth_broadcast, ETH_ALEN) != 0) {
		net_count(NETC_eth_notus);
		pbuf_free(p);
		return;
	}
	switch (ntohs(h->type)) {
	case ETH_TYPE_ARP:
		arp_input(p);
		break;
	case ETH_TYPE_IPV4:
		ip_input(p);
		break;
	default:
		net_count(NETC_eth_type);
		pbuf_free(p);
	}
}

int eth_output(struct pbuf *p, const uint8 dst[ETH_ALEN], uint16 type)
{
	struct eth_hdr *h = pbuf_push(p, ETH_HLEN);
	memcpy(h->dst, dst, ETH_ALEN);
	memcpy(h->src, netif.mac, ETH_ALEN);
	h->type = htons(type);
	return net_transmit(p);
}
