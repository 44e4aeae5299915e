/*
 * arp.c: ARP for IPv4 over Ethernet (RFC 826).
 *
 * The cache has ARP_NCACHE entries.  An entry is FREE, PENDING (a request
 * is out; at most one packet waits in `waiting`) or KNOWN (the MAC is
 * valid until `expires`).  A packet for an address with no entry takes the
 * free or oldest entry.  The timer repeats a pending request every
 * ARP_RETRY_MS and gives up after ARP_TRIES (the waiting packet is dropped
 * and counted); a known entry is forgotten ARP_TTL_MS after it was learnt.
 *
 * As RFC 826 says, a packet updates the sender's entry if there is one,
 * and makes a new entry only if it is addressed to us.
 *
 * Locking: arp.lock guards the cache.  Frames are sent with it held, so
 * the order is arp.lock -> the driver's lock.
 */
#include "net/arp.h"
#include "net/eth.h"
#include "net/ipv4.h"
#include "net/pbuf.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "../abi/net.h"

#define ARP_NCACHE 16
#define ARP_HTYPE_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define ARP_PLEN_IPV4 4

struct arp_pkt {
	uint16 htype;
	uint16 ptype;
	uint8 hlen;
	uint8 plen;
	uint16 op;
	uint8 sha[ETH_ALEN];
	uint32 spa;
	uint8 tha[ETH_ALEN];
	uint32 tpa;
} __attribute__((packed));
#define ARP_PKT_LEN 28
_Static_assert(sizeof(struct arp_pkt) == ARP_PKT_LEN, "ARP packet layout");

enum arp_state { ARP_FREE, ARP_PENDING, ARP_KNOWN };

struct arp_entry {
	enum arp_state state;
	uint32 ip;
	uint8 mac[ETH_ALEN];
	uint64 when;          /* KNOWN: learnt; PENDING: last request sent (ms) */
	int tries;            /* PENDING: requests sent */
	struct pbuf *waiting; /* PENDING: the packet to send once answered */
};

static struct {
	struct spinlock lock; /* guards every entry */
	struct arp_entry e[ARP_NCACHE];
} arp = {.lock = {0, "arp", 0}};

/* Send an ARP packet; arp.lock held. */
static void send_arp(uint16 op, const uint8 *tha, uint32 tpa, const uint8 *dst_mac)
{
	struct pbuf *p = pbuf_alloc();
	if (!p) {
		net_count(NETC_nomem);
		return;
	}
	struct arp_pkt *a = pbuf_put(p, ARP_PKT_LEN);
	a->htype = htons(ARP_HTYPE_ETHER);
	a->ptype = htons(ETH_TYPE_IPV4);
	a->hlen = ETH_ALEN;
	a->plen = ARP_PLEN_IPV4;
	a->op = htons(op);
	memcpy(a->sha, netif.mac, ETH_ALEN);
	a->spa = htonl(netif.addr);
	memcpy(a->tha, tha, ETH_ALEN);
	a->tpa = htonl(tpa);
	net_count(op == ARP_OP_REQUEST ? NETC_arp_requests : NETC_arp_replies);
	eth_output(p, dst_mac, ETH_TYPE_ARP);
}

static struct arp_entry *lookup(uint32 ip)
{
	KASSERT(holding(&arp.lock));
	for (int i = 0; i < ARP_NCACHE; i++)
		if (arp.e[i].state != ARP_FREE && arp.e[i].ip == ip)
			return &arp.e[i];
	return 0;
}

/* A free entry, or the oldest one emptied (its waiting packet dropped). */
static struct arp_entry *take_entry(void)
{
	KASSERT(holding(&arp.lock));
	struct arp_entry *old = &arp.e[0];
	for (int i = 0; i < ARP_NCACHE; i++) {
		if (arp.e[i].state == ARP_FREE)
			return &arp.e[i];
		if (arp.e[i].when < old->when)
			old = &arp.e[i];
	}
	if (old->waiting) {
		net_count(NETC_arp_unresolved);
		pbuf_free(old->waiting);
	}
	old->waiting = 0;
	old->state = ARP_FREE;
	return old;
}

/* ip is at mac: make the entry KNOWN and send what waited; arp.lock held. */
static void learn(struct arp_entry *e, uint32 ip, const uint8 *mac)
{
	e->ip = ip;
	memcpy(e->mac, mac, ETH_ALEN);
	e->state = ARP_KNOWN;
	e->when = net_now_ms();
	struct pbuf *w = e->waiting;
	e->waiting = 0;
	if (w)
		eth_output(w, e->mac, ETH_TYPE_IPV4);
}

void arp_input(struct pbuf *p)
{
	net_count(NETC_arp_rx);
	struct arp_pkt *a = pbuf_pull(p, ARP_PKT_LEN);
	if (!a || ntohs(a->htype) != ARP_HTYPE_ETHER || ntohs(a->ptype) != ETH_TYPE_IPV4 ||
	    a->hlen != ETH_ALEN || a->plen != ARP_PLEN_IPV4 ||
	    (ntohs(a->op) != ARP_OP_REQUEST && ntohs(a->op) != ARP_OP_REPLY) ||
	    (a->sha[0] & 1) /* a group address cannot be anyone's own */) {
		net_count(NETC_arp_bad);
		pbuf_free(p);
		return;
	}
	uint32 spa = ntohl(a->spa), tpa = ntohl(a->tpa);
	uint8 sha[ETH_ALEN];
	memcpy(sha, a->sha, ETH_ALEN);
	int op = ntohs(a->op);
	pbuf_free(p);

	int for_us = tpa == netif.addr;
	acquire(&arp.lock);
	struct arp_entry *e = lookup(spa);
	if (e)
		learn(e, spa, sha);
	else if (for_us && spa != 0)
		learn(take_entry(), spa, sha);
	if (for_us && op == ARP_OP_REQUEST)
		send_arp(ARP_OP_REPLY, sha, spa, sha);
	release(&arp.lock);
}

int arp_output(struct pbuf *p, uint32 ip)
{
	if (ip == IP_BROADCAST)
		return eth_output(p, eth_broadcast, ETH_TYPE_IPV4);
	acquire(&arp.lock);
	struct arp_entry *e = lookup(ip);
	if (e && e->state == ARP_KNOWN) {
		int err = eth_output(p, e->mac, ETH_TYPE_IPV4);
		release(&arp.lock);
		return err;
	}
	if (!e) {
		e = take_entry();
		e->state = ARP_PENDING;
		e->ip = ip;
		e->tries = 1;
		e->when = net_now_ms();
		send_arp(ARP_OP_REQUEST, (const uint8[ETH_ALEN]){0}, ip, eth_broadcast);
	}
	if (e->waiting) {
		net_count(NETC_arp_unresolved); /* the newer packet wins */
		pbuf_free(e->waiting);
	}
	e->waiting = p;
	release(&arp.lock);
	return 0;
}

void arp_timer(uint64 now_ms)
{
	acquire(&arp.lock);
	for (int i = 0; i < ARP_NCACHE; i++) {
		struct arp_entry *e = &arp.e[i];
		if (e->state == ARP_KNOWN && now_ms - e->when >= ARP_TTL_MS) {
			e->state = ARP_FREE;
		} else if (e->state == ARP_PENDING && now_ms - e->when >= ARP_RETRY_MS) {
			if (e->tries >= ARP_TRIES) {
				if (e->waiting) {
					net_count(NETC_arp_unresolved);
					pbuf_free(e->waiting);
				}
				e->waiting = 0;
				e->state = ARP_FREE;
				continue;
			}
			e->tries++;
			e->when = now_ms;
			send_arp(ARP_OP_REQUEST, (const uint8[ETH_ALEN]){0}, e->ip, eth_broadcast);
		}
	}
	release(&arp.lock);
}

int arp_known(uint32 ip)
{
	acquire(&arp.lock);
	struct arp_entry *e = lookup(ip);
	int known = e && e->state == ARP_KNOWN;
	release(&arp.lock);
	return known;
}
