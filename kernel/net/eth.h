/* eth.h: Ethernet II framing (IEEE 802.3 with an EtherType), eth.c. */
#ifndef KITE_NET_ETH_H
#define KITE_NET_ETH_H

#include "../abi/types.h"
#include "net/netif.h"

struct pbuf;

#define ETH_HLEN 14
#define ETH_MTU 1500 /* largest payload */
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806

struct eth_hdr {
	uint8 dst[ETH_ALEN];
	uint8 src[ETH_ALEN];
	uint16 type; /* network order */
} __attribute__((packed));
_Static_assert(sizeof(struct eth_hdr) == ETH_HLEN, "Ethernet header layout");

extern const uint8 eth_broadcast[ETH_ALEN];

/* A received frame (takes p): checked, then up to ARP or IPv4. */
void eth_input(struct pbuf *p);
/* Prepend the header and send (takes p). */
int eth_output(struct pbuf *p, const uint8 dst[ETH_ALEN], uint16 type);

#endif
