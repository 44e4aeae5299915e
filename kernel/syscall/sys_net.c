/*
 * sys_net.c: the network's system calls.
 *
 *   36..39  the 6.1810 net lab's UDP calls, with its prototypes (host byte
 *           order; user/user.h): bind(port), unbind(port),
 *           send(sport, dst, dport, buf, len), recv(dport, &src, &sport, buf, maxlen)
 *   79      netctl(op, arg, size): NETCTL_INFO, NETCTL_PING, NETCTL_SOCKS, NETCTL_SETIF
 *
 * Each handler checks every argument before it changes anything.
 */
#include "syscall/syscall.h"
#include "net/netif.h"
#include "net/pbuf.h"
#include "net/udp.h"
#include "net/icmp.h"
#include "net/tcp.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "../abi/netinfo.h"

#define NSOCKINFO_MAX 64 /* rows one NETCTL_SOCKS call returns at most */

int64 sys_lab_bind(void)
{
	uint16 port = (uint16)arg_int(0);
	struct udp_pcb *u;
	if (port == 0)
		return -E_INVAL;
	return udp_open(port, 1, &u);
}

int64 sys_lab_unbind(void)
{
	struct udp_pcb *u = udp_lab_find((uint16)arg_int(0));
	if (!u)
		return -E_INVAL;
	udp_close(u);
	return 0;
}

/* A pbuf holding len bytes copied from user address src. */
static int pbuf_from_user(uint64 src, uint32 len, struct pbuf **out)
{
	if (len > UDP_MAX_PAYLOAD)
		return -E_MSGSIZE;
	struct pbuf *p = pbuf_alloc();
	if (!p)
		return -E_NOMEM;
	void *d = pbuf_put(p, (int)len);
	if (copyin(myproc()->pagetable, d, src, len) < 0) {
		pbuf_free(p);
		return -E_FAULT;
	}
	*out = p;
	return 0;
}

int64 sys_lab_send(void)
{
	uint16 sport = (uint16)arg_int(0);
	uint32 dst = (uint32)arg_raw(1);
	uint16 dport = (uint16)arg_int(2);
	uint64 buf = arg_addr(3);
	uint32 len = (uint32)arg_raw(4);
	struct pbuf *p;
	int err = pbuf_from_user(buf, len, &p);
	if (err)
		return err;
	err = udp_output(p, sport, dst, dport);
	return err ? err : (int64)len;
}

int64 sys_lab_recv(void)
{
	uint16 dport = (uint16)arg_int(0);
	uint64 usrc = arg_addr(1), usport = arg_addr(2), buf = arg_addr(3);
	uint32 maxlen = (uint32)arg_raw(4);
	pagetable_t pt = myproc()->pagetable;
	if (user_range_writable(pt, usrc, sizeof(uint32)) ||
	    user_range_writable(pt, usport, sizeof(uint16)) || user_range_writable(pt, buf, maxlen))
		return -E_FAULT;
	struct udp_pcb *u = udp_lab_find(dport);
	if (!u)
		return -E_INVAL;
	struct pbuf *p;
	int err = udp_recv(u, 0, &p);
	if (err)
		return err;
	uint32 n = p->len < maxlen ? p->len : maxlen;
	uint32 src = p->src_ip;
	uint16 sport = p->src_port;
	if (copyout(pt, usrc, &src, sizeof(src)) < 0 ||
	    copyout(pt, usport, &sport, sizeof(sport)) < 0 || copyout(pt, buf, pbuf_data(p), n) < 0)
		err = -E_FAULT;
	pbuf_free(p);
	return err ? err : (int64)n;
}

static int netctl_ping(uint64 uarg)
{
	struct netping req;
	if (copyin(myproc()->pagetable, &req, uarg, sizeof(req)) < 0)
		return -E_FAULT;
	return icmp_ping(req.dst, req.id, req.seq, req.len, req.timeout_ms);
}

static int netctl_socks(uint64 urows, uint64 size)
{
	int max = (int)(size / sizeof(struct sockinfo));
	if (max > NSOCKINFO_MAX)
		max = NSOCKINFO_MAX;
	struct sockinfo *rows = kmalloc(NSOCKINFO_MAX * sizeof(*rows));
	if (!rows)
		return -E_NOMEM;
	int n = udp_snapshot(rows, max);
	n += tcp_snapshot(rows + n, max - n);
	int err = copyout(myproc()->pagetable, urows, rows, n * sizeof(struct sockinfo)) < 0
	              ? -E_FAULT
	              : 0;
	kfree(rows);
	return err ? err : n;
}

int64 sys_netctl(void)
{
	int op = arg_int(0);
	uint64 uarg = arg_addr(1);
	uint64 size = arg_raw(2);
	switch (op) {
	case NETCTL_INFO: {
		struct netinfo info;
		if (size < sizeof(info))
			return -E_INVAL;
		net_info(&info);
		return copyout(myproc()->pagetable, uarg, &info, sizeof(info)) < 0 ? -E_FAULT : 0;
	}
	case NETCTL_PING:
		return size < sizeof(struct netping) ? -E_INVAL : netctl_ping(uarg);
	case NETCTL_SOCKS:
		return netctl_socks(uarg, size);
	case NETCTL_SETIF: {
		struct netconf c;
		if (size < sizeof(c))
			return -E_INVAL;
		if (copyin(myproc()->pagetable, &c, uarg, sizeof(c)) < 0)
			return -E_FAULT;
		return net_configure(&c);
	}
	}
	return -E_INVAL;
}
