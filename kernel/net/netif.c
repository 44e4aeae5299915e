/*
 * netif.c: the network interface: its configuration, the receive and timer
 * threads, the counters and the hand-off to the device.
 *
 * The address is the static default of QEMU's user network (10.0.2.15/24,
 * gateway 10.0.2.2) until the dhcp program (user/cmd/dhcp.c) sets the one
 * it leased.
 */
#include "net/netif.h"
#include "net/pbuf.h"
#include "net/eth.h"
#include "net/arp.h"
#include "net/tcp.h"
#include "dev/virtio_net.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "../abi/net.h"

#define MS_PER_S 1000
#define IP_CLASS_D 0xe /* the top 4 bits of a multicast (or reserved) address */

struct netif netif;
uint64 net_counters[NETC_COUNT];
int net_poll_chan;
void (*net_tx_tap)(struct pbuf *p);

uint64 net_now_ms(void)
{
	return ticks * MS_PER_S / tick_hz;
}

static void rx_thread(void *arg)
{
	(void)arg;
	for (;;)
		net_input(virtio_net_recv());
}

static void timer_thread(void *arg)
{
	(void)arg;
	uint64 period = (NET_TIMER_MS * tick_hz + MS_PER_S - 1) / MS_PER_S;
	for (;;) {
		sleep_ticks(period ? period : 1);
		uint64 now = net_now_ms();
		arp_timer(now);
		tcp_timer(now);
		wakeup(&net_poll_chan);
	}
}

void net_init(void)
{
	netif.addr = MAKE_IP_ADDR(10, 0, 2, 15);
	netif.netmask = MAKE_IP_ADDR(255, 255, 255, 0);
	netif.gateway = MAKE_IP_ADDR(10, 0, 2, 2);
	tcp_init();
	int err = virtio_net_init();
	if (err) {
		if (err != -E_NODEV)
			printf("net: the network device did not start (error %d)\n", err);
		return;
	}
	virtio_net_mac(netif.mac);
	const uint8 *m = netif.mac;
	printf("net: virtio-net %x:%x:%x:%x:%x:%x, 10.0.2.15/24 via 10.0.2.2, link %s\n", m[0],
	       m[1], m[2], m[3], m[4], m[5], virtio_net_link_up() ? "up" : "down");
	if (kthread_create(rx_thread, 0, "netrx") < 0 ||
	    kthread_create(timer_thread, 0, "nettimer") < 0)
		panic("net: cannot start the network threads");
}

int net_configure(const struct netconf *c)
{
	uint32 host = ~c->netmask;
	int contiguous = (host & (host + 1)) == 0 && c->netmask != 0 && host != 0;
	int unicast = (c->addr & host) != 0 && (c->addr & host) != host && (c->addr >> 24) != 0 &&
	              (c->addr >> 28) < IP_CLASS_D;
	int gw_ok = (c->gateway & c->netmask) == (c->addr & c->netmask) && c->gateway != c->addr;
	if (!contiguous || !unicast || !gw_ok)
		return -E_INVAL;
	__atomic_store_n(&netif.netmask, c->netmask, __ATOMIC_RELAXED);
	__atomic_store_n(&netif.gateway, c->gateway, __ATOMIC_RELAXED);
	__atomic_store_n(&netif.dhcp_server, c->dhcp_server, __ATOMIC_RELAXED);
	__atomic_store_n(&netif.lease_s, c->lease_s, __ATOMIC_RELAXED);
	__atomic_store_n(&netif.addr, c->addr, __ATOMIC_RELEASE);
	return 0;
}

void net_input(struct pbuf *p)
{
	net_count(NETC_eth_rx);
	eth_input(p);
}

int net_up(void)
{
	return virtio_net_ready() || __atomic_load_n(&net_tx_tap, __ATOMIC_ACQUIRE);
}

int net_transmit(struct pbuf *p)
{
	net_count(NETC_eth_tx);
	void (*tap)(struct pbuf *) = __atomic_load_n(&net_tx_tap, __ATOMIC_ACQUIRE);
	if (tap) {
		tap(p);
		return 0;
	}
	int err = virtio_net_send(p);
	if (err)
		net_count(NETC_tx_dropped);
	return err;
}

void net_info(struct netinfo *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->mac, netif.mac, ETH_ALEN);
	out->up = (uint8)virtio_net_link_up();
	out->addr = netif.addr;
	out->netmask = netif.netmask;
	out->gateway = netif.gateway;
	out->dhcp_server = netif.dhcp_server;
	out->lease_s = netif.lease_s;
	out->pbufs = (uint32)pbuf_in_use();
	for (int i = 0; i < NETC_COUNT; i++)
		out->counter[i] = __atomic_load_n(&net_counters[i], __ATOMIC_RELAXED);
	if (virtio_net_ready()) {
		struct vnet_stats vs;
		virtio_net_stats(&vs);
		out->counter[NETC_dev_rx_dropped] = vs.rx_dropped;
	}
}
