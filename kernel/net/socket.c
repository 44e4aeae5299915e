/*
 * socket.c: sockets over the UDP and TCP endpoints.  A socket belongs to
 * the open file that holds it (fs/file.c): it is made by socket() and
 * freed by sock_close() when the file's last descriptor is closed.  Its
 * fields are set before the file is shared (or, for the endpoint of a
 * datagram socket, while bind/connect run) and the endpoints do their own
 * locking (udp.c, tcp_pcb.h).
 *
 * User data is copied through a kernel bounce buffer of SOCK_CHUNK bytes
 * (no copy happens with a spinlock held).
 */
#include "net/socket.h"
#include "net/udp.h"
#include "net/tcp.h"
#include "net/pbuf.h"
#include "net/netif.h"
#include "mm/kmalloc.h"
#include "sync/spinlock.h"
#include "proc/uaccess.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "../abi/netinfo.h"

#define SOCK_CHUNK 4096
#define IPPROTO_DEFAULT 0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

struct socket {
	int type;             /* SOCK_STREAM or SOCK_DGRAM */
	struct udp_pcb *udp;  /* SOCK_DGRAM: 0 until bound (explicitly or by the first send) */
	struct tcp_pcb *tcp;  /* SOCK_STREAM */
	struct spinlock lock; /* guards udp's creation */
};

int sock_create(int domain, int type, int protocol, struct socket **out)
{
	if (domain != AF_INET)
		return -E_AFNOSUPPORT;
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return -E_PROTONOSUPPORT;
	if (protocol != IPPROTO_DEFAULT &&
	    protocol != (type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP))
		return -E_PROTONOSUPPORT;
	struct socket *s = kzalloc(sizeof(*s));
	if (!s)
		return -E_NOMEM;
	s->type = type;
	spin_init(&s->lock, "socket");
	if (type == SOCK_STREAM) {
		int err = tcp_open(&s->tcp);
		if (err) {
			kfree(s);
			return err;
		}
	}
	*out = s;
	return 0;
}

static int addr_ok(uint32 addr)
{
	return addr == INADDR_ANY || addr == netif.addr;
}

/* The datagram endpoint, bound to port (0: any) if there is none yet. */
static int udp_endpoint(struct socket *s, uint16 port, int must_be_new)
{
	acquire(&s->lock);
	int err = 0;
	if (s->udp)
		err = must_be_new ? -E_INVAL : 0;
	else {
		struct udp_pcb *u;
		release(&s->lock);
		err = udp_open(port, 0, &u); /* not under s->lock: udp_open takes udp.lock */
		acquire(&s->lock);
		if (!err && s->udp) { /* another thread bound it meanwhile */
			udp_close(u);
			err = must_be_new ? -E_INVAL : 0;
		} else if (!err)
			s->udp = u;
	}
	release(&s->lock);
	return err;
}

int sock_bind(struct socket *s, uint32 addr, uint16 port)
{
	if (!addr_ok(addr))
		return -E_INVAL;
	if (s->type == SOCK_STREAM)
		return tcp_bind(s->tcp, port);
	return udp_endpoint(s, port, 1);
}

int sock_listen(struct socket *s, int backlog)
{
	if (s->type != SOCK_STREAM)
		return -E_OPNOTSUPP;
	return tcp_listen(s->tcp, backlog);
}

int sock_accept(struct socket *s, struct socket **out, uint32 *raddr, uint16 *rport)
{
	if (s->type != SOCK_STREAM)
		return -E_OPNOTSUPP;
	struct socket *ns = kzalloc(sizeof(*ns));
	if (!ns)
		return -E_NOMEM;
	int err = tcp_accept(s->tcp, 0, &ns->tcp, raddr, rport);
	if (err) {
		kfree(ns);
		return err;
	}
	ns->type = SOCK_STREAM;
	spin_init(&ns->lock, "socket");
	*out = ns;
	return 0;
}

int sock_connect(struct socket *s, uint32 addr, uint16 port)
{
	if (port == 0 || addr == INADDR_ANY)
		return -E_INVAL;
	if (s->type == SOCK_STREAM)
		return tcp_connect(s->tcp, addr, port);
	int err = udp_endpoint(s, 0, 0);
	if (!err)
		udp_set_peer(s->udp, addr, port);
	return err;
}

static int stream_send(struct socket *s, uint64 src, int n, uint8 *buf)
{
	int done = 0;
	while (done < n) {
		int chunk = n - done < SOCK_CHUNK ? n - done : SOCK_CHUNK;
		if (either_copyin(1, buf, src + done, chunk) < 0)
			return done ? done : -E_FAULT;
		for (int off = 0; off < chunk;) {
			int r = tcp_send(s->tcp, buf + off, chunk - off, 0);
			if (r < 0)
				return done + off ? done + off : r;
			off += r;
		}
		done += chunk;
	}
	return done;
}

static int dgram_send(struct socket *s, uint64 src, int n, uint32 addr, uint16 port)
{
	if (n > UDP_MAX_PAYLOAD)
		return -E_MSGSIZE;
	int err = udp_endpoint(s, 0, 0);
	if (!err && port == 0)
		err = udp_peer(s->udp, &addr, &port);
	if (err)
		return err;
	struct pbuf *p = pbuf_alloc();
	if (!p)
		return -E_NOMEM;
	if (either_copyin(1, pbuf_put(p, n), src, n) < 0) {
		pbuf_free(p);
		return -E_FAULT;
	}
	err = udp_output(p, udp_port(s->udp), addr, port);
	return err ? err : n;
}

int sock_sendto(struct socket *s, uint64 src, int n, uint32 addr, uint16 port)
{
	if (n < 0)
		return -E_INVAL;
	if (s->type == SOCK_DGRAM)
		return dgram_send(s, src, n, addr, port);
	if (port)
		return -E_ISCONN;
	uint8 *buf = kmalloc(SOCK_CHUNK);
	if (!buf)
		return -E_NOMEM;
	int r = stream_send(s, src, n, buf);
	kfree(buf);
	return r;
}

int sock_recvfrom(struct socket *s, uint64 dst, int n, uint32 *addr, uint16 *port)
{
	if (n < 0)
		return -E_INVAL;
	if (s->type == SOCK_DGRAM) {
		int err = udp_endpoint(s, 0, 0);
		struct pbuf *p;
		if (!err)
			err = udp_recv(s->udp, 0, &p);
		if (err)
			return err;
		int len =
		    p->len < n ? p->len : n; /* the rest of a long datagram is lost, as in BSD */
		*addr = p->src_ip;
		*port = p->src_port;
		err = either_copyout(1, dst, pbuf_data(p), len) < 0 ? -E_FAULT : 0;
		pbuf_free(p);
		return err ? err : len;
	}
	uint8 *buf = kmalloc(SOCK_CHUNK);
	if (!buf)
		return -E_NOMEM;
	int r = tcp_recv(s->tcp, buf, n < SOCK_CHUNK ? n : SOCK_CHUNK, 0);
	if (r > 0 && either_copyout(1, dst, buf, r) < 0)
		r = -E_FAULT;
	kfree(buf);
	if (r >= 0)
		tcp_peer(s->tcp, addr, port);
	return r;
}

int sock_shutdown(struct socket *s, int how)
{
	if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
		return -E_INVAL;
	if (s->type != SOCK_STREAM)
		return -E_OPNOTSUPP;
	return tcp_shutdown(s->tcp, how);
}

int sock_poll(struct socket *s)
{
	if (s->type == SOCK_STREAM)
		return tcp_poll(s->tcp);
	return POLLOUT | (s->udp && udp_queued(s->udp) ? POLLIN : 0);
}

void sock_close(struct socket *s)
{
	if (s->tcp)
		tcp_close(s->tcp);
	if (s->udp)
		udp_close(s->udp);
	kfree(s);
}

int sock_read(struct socket *s, uint64 dst, int n)
{
	uint32 addr;
	uint16 port;
	return sock_recvfrom(s, dst, n, &addr, &port);
}

int sock_write(struct socket *s, uint64 src, int n)
{
	return sock_sendto(s, src, n, 0, 0);
}
