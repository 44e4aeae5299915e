/*
 * netinfo.h: the network's user-visible records, shared by the kernel and
 * user programs (ifconfig, netstat, ping, nc): socket addresses, the
 * socket call constants and the netctl() requests.
 */
#ifndef KITE_NETINFO_H
#define KITE_NETINFO_H

#include "types.h"

#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define INADDR_ANY 0u

/* An IPv4 socket address; port and address in network byte order, as BSD has it. */
struct sockaddr_in {
	uint16 sin_family; /* AF_INET */
	uint16 sin_port;
	uint32 sin_addr;
	uint8 sin_zero[8];
};

/* poll() */
#define POLLIN 0x1
#define POLLOUT 0x4
#define POLLERR 0x8
#define POLLHUP 0x10
#define POLLNVAL 0x20
struct pollfd {
	int fd;
	short events;
	short revents;
};

/*
 * The stack's counters, each with what it counts.  Every dropped packet is
 * counted under the reason it was dropped.
 */
#define NET_COUNTERS(X)                                                                            \
	X(eth_rx, "frames received")                                                               \
	X(eth_tx, "frames sent")                                                                   \
	X(eth_short, "frames dropped: shorter than an Ethernet header")                            \
	X(eth_long, "frames dropped: longer than the MTU")                                         \
	X(eth_notus, "frames dropped: for another MAC address")                                    \
	X(eth_type, "frames dropped: unknown EtherType")                                           \
	X(tx_dropped, "frames dropped on sending: device busy or missing")                         \
	X(dev_rx_dropped, "frames dropped by the driver (no memory, bad length, net_drop)")        \
	X(arp_rx, "ARP packets received")                                                          \
	X(arp_bad, "ARP packets dropped: malformed")                                               \
	X(arp_replies, "ARP replies sent")                                                         \
	X(arp_requests, "ARP requests sent")                                                       \
	X(arp_unresolved, "packets dropped: no ARP answer")                                        \
	X(ip_rx, "IPv4 packets received")                                                          \
	X(ip_tx, "IPv4 packets sent")                                                              \
	X(ip_bad_header, "IPv4 packets dropped: bad version or length")                            \
	X(ip_bad_csum, "IPv4 packets dropped: bad header checksum")                                \
	X(ip_frag, "IPv4 packets dropped: fragments")                                              \
	X(ip_ttl, "IPv4 packets dropped: TTL 0")                                                   \
	X(ip_notus, "IPv4 packets dropped: for another address")                                   \
	X(ip_proto, "IPv4 packets dropped: unknown protocol")                                      \
	X(icmp_rx, "ICMP messages received")                                                       \
	X(icmp_bad, "ICMP messages dropped: short or bad checksum")                                \
	X(icmp_echo_replies, "ICMP echo replies sent")                                             \
	X(icmp_other, "ICMP messages ignored: type not handled")                                   \
	X(udp_rx, "UDP datagrams received")                                                        \
	X(udp_tx, "UDP datagrams sent")                                                            \
	X(udp_bad, "UDP datagrams dropped: bad length or checksum")                                \
	X(udp_noport, "UDP datagrams dropped: no socket on the port")                              \
	X(udp_qfull, "UDP datagrams dropped: receive queue full")                                  \
	X(tcp_rx, "TCP segments received")                                                         \
	X(tcp_tx, "TCP segments sent")                                                             \
	X(tcp_bad, "TCP segments dropped: bad length or checksum")                                 \
	X(tcp_noconn, "TCP segments answered with RST: no connection")                             \
	X(tcp_retrans, "TCP segments retransmitted")                                               \
	X(tcp_ooo, "TCP segments dropped: out of order or out of window")                          \
	X(tcp_ooo_queued, "TCP segments kept out of order, for when the gap fills")                \
	X(tcp_backlog, "TCP connection requests dropped: listen backlog full")                     \
	X(nomem, "packets dropped: no memory for a buffer")

enum net_counter {
#define NET_COUNTER_ENUM(name, what) NETC_##name,
	NET_COUNTERS(NET_COUNTER_ENUM)
#undef NET_COUNTER_ENUM
	    NETC_COUNT
};

/* netctl(NETCTL_INFO, &info, sizeof info): the interface and the counters. */
struct netinfo {
	uint8 mac[6];
	uint8 up; /* a device is there and the link is up */
	uint8 pad;
	uint32 addr; /* host byte order */
	uint32 netmask;
	uint32 gateway;
	uint32 pbufs;       /* packet buffers in use */
	uint32 dhcp_server; /* the DHCP server that gave the address; 0: the static default */
	uint32 lease_s;     /* its lease, in seconds */
	uint64 counter[NETC_COUNT];
};

/* netctl(NETCTL_SETIF, &conf, sizeof conf): configure the interface (the
 * dhcp program does, with its lease).  The address must be a unicast one
 * on the subnet of the (contiguous) netmask, and the gateway on it too. */
struct netconf {
	uint32 addr, netmask, gateway; /* host byte order */
	uint32 dhcp_server;            /* 0: set by hand */
	uint32 lease_s;
};

/* netctl(NETCTL_PING, &ping, sizeof ping): one ICMP echo; the reply's
 * round-trip time in ms, or -ETIMEDOUT. */
struct netping {
	uint32 dst; /* host byte order */
	uint16 id, seq;
	uint16 len; /* payload bytes */
	uint16 pad;
	uint32 timeout_ms;
};

/* netctl(NETCTL_SOCKS, rows, sizeof rows): one struct sockinfo per socket;
 * the number of rows filled. */
struct sockinfo {
	uint8 type;          /* SOCK_STREAM, SOCK_DGRAM */
	uint8 state;         /* TCP: enum tcp_state_abi; UDP: 0 */
	uint16 lport, rport; /* host order */
	uint16 pad;
	uint32 laddr, raddr; /* host order */
	uint32 rxq, txq;     /* bytes (or datagrams for UDP) queued */
};

enum tcp_state_abi {
	TCPS_CLOSED,
	TCPS_LISTEN,
	TCPS_SYN_SENT,
	TCPS_SYN_RECEIVED,
	TCPS_ESTABLISHED,
	TCPS_FIN_WAIT_1,
	TCPS_FIN_WAIT_2,
	TCPS_CLOSE_WAIT,
	TCPS_CLOSING,
	TCPS_LAST_ACK,
	TCPS_TIME_WAIT,
	TCPS_NSTATES
};

#define NETCTL_INFO 1
#define NETCTL_PING 2
#define NETCTL_SOCKS 3
#define NETCTL_SETIF 4

#endif
