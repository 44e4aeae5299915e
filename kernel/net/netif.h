/*
 * netif.h: the one network interface and the stack's threads.
 *
 * Layers (each file one protocol, each parser treats its input as hostile):
 *   socket.c / udp.c / tcp*.c / icmp.c   ->  ipv4.c  ->  arp.c  ->  eth.c
 *   -> the device (dev/virtio_net.c)
 * Frames come up from the device in the receive thread ("netrx"), which
 * calls net_input() for each; timers (ARP expiry, TCP retransmission,
 * TIME_WAIT) run in the timer thread ("nettimer") every NET_TIMER_MS.
 */
#ifndef KITE_NET_NETIF_H
#define KITE_NET_NETIF_H

#include "../abi/types.h"
#include "../abi/netinfo.h"

struct pbuf;

#define ETH_ALEN 6
#define NET_TIMER_MS 100 /* period of the network's timer thread */

/* The interface's configuration: set by net_init (the static default) and
 * by net_configure (NETCTL_SETIF: DHCP); each field is one aligned word,
 * read without a lock (a packet in flight during a change may carry the
 * old address, as on any host whose address changes). */
struct netif {
	uint8 mac[ETH_ALEN];
	uint32 addr; /* host byte order */
	uint32 netmask;
	uint32 gateway;
	uint32 dhcp_server; /* 0: the static default or set by hand */
	uint32 lease_s;
};
extern struct netif netif;

/* Set up the interface (10.0.2.15/24, gateway 10.0.2.2) and, if there is a
 * device, start the receive and timer threads.  Boot hart, once. */
void net_init(void);
/* A new configuration (from user space): 0, or -E_INVAL if it makes no sense. */
int net_configure(const struct netconf *c);
/* One received Ethernet frame (takes p). */
void net_input(struct pbuf *p);
/* Is there somewhere to send frames (a device, or the test tap)? */
int net_up(void);
/* Hand a finished frame to the device (takes p); 0 or -E_*. */
int net_transmit(struct pbuf *p);

/* Count one event (any context, no lock). */
static inline void net_count(enum net_counter c)
{
	extern uint64 net_counters[NETC_COUNT];
	__atomic_fetch_add(&net_counters[c], 1, __ATOMIC_RELAXED);
}
void net_info(struct netinfo *out);

/* The network timer's clock: milliseconds since boot (from the tick count). */
uint64 net_now_ms(void);
/* Woken every NET_TIMER_MS and on every socket change, for poll() and
 * for waits with a time-out. */
extern int net_poll_chan;

/*
 * A test hook: when set, every frame sent goes to it (which takes the
 * pbuf) instead of the device, so self-tests see the stack's replies.
 */
extern void (*net_tx_tap)(struct pbuf *p);

#endif
