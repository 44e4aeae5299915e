/* arp.h: the Address Resolution Protocol for IPv4 over Ethernet (RFC 826), arp.c. */
#ifndef KITE_NET_ARP_H
#define KITE_NET_ARP_H

#include "../abi/types.h"

struct pbuf;

#define ARP_TTL_MS (60 * 1000) /* a learned address is forgotten after this */
#define ARP_RETRY_MS 1000      /* a request is repeated after this ... */
#define ARP_TRIES 3            /* ... this many times in all before giving up */

/* A received ARP packet (takes p): learn the sender, answer requests for us. */
void arp_input(struct pbuf *p);
/* Send IPv4 packet p to next hop `ip` (takes p): now if its MAC is known,
 * else after an ARP request is answered (one packet waits per address). */
int arp_output(struct pbuf *p, uint32 ip);
/* Every NET_TIMER_MS: expire entries and repeat or give up requests. */
void arp_timer(uint64 now_ms);
/* Is ip's MAC known (for tests)? */
int arp_known(uint32 ip);

#endif
