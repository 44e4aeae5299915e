/*
 * sys_socket.c: the socket calls (70..78, kernel/syscall.h).  Addresses
 * cross the boundary as struct sockaddr_in (network byte order); the
 * socket layer below works in host order.  Each handler checks its
 * arguments first; a descriptor that is not a socket gives ENOTSOCK.
 */
#include "syscall/syscall.h"
#include "net/socket.h"
#include "net/netif.h"
#include "fs/file.h"
#include "fs/fdtable.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/uaccess.h"
#include "sync/spinlock.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "../abi/netinfo.h"
#include "../abi/net.h"

#define POLL_MAX 64 /* descriptors one poll() watches at most */

/* Argument n as a socket descriptor. */
static int arg_sock(int n, struct socket **out)
{
	struct file *f;
	int err = arg_fd(n, 0, &f);
	if (err)
		return err;
	if (f->type != FD_SOCKET)
		return -E_NOTSOCK;
	*out = f->sock;
	return 0;
}

/* A struct sockaddr_in at user address uaddr (len bytes) in host order. */
static int get_addr(uint64 uaddr, uint64 len, uint32 *addr, uint16 *port)
{
	struct sockaddr_in sa;
	if (len < sizeof(sa))
		return -E_INVAL;
	if (copyin(myproc()->pagetable, &sa, uaddr, sizeof(sa)) < 0)
		return -E_FAULT;
	if (sa.sin_family != AF_INET)
		return -E_AFNOSUPPORT;
	*addr = ntohl(sa.sin_addr);
	*port = ntohs(sa.sin_port);
	return 0;
}

static int put_addr(uint64 uaddr, uint32 addr, uint16 port)
{
	if (!uaddr)
		return 0;
	struct sockaddr_in sa = {
	    .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = htonl(addr)};
	return copyout(myproc()->pagetable, uaddr, &sa, sizeof(sa)) < 0 ? -E_FAULT : 0;
}

/* A descriptor for socket s; on failure s is closed. */
static int install(struct socket *s)
{
	struct file *f = file_alloc();
	if (!f) {
		sock_close(s);
		return -E_NFILE;
	}
	f->type = FD_SOCKET;
	f->readable = f->writable = 1;
	f->sock = s;
	int fd = fdt_install(&myprocess()->fds, f);
	if (fd < 0)
		file_close(f); /* closes s too */
	return fd;
}

int64 sys_socket(void)
{
	struct socket *s;
	int err = sock_create(arg_int(0), arg_int(1), arg_int(2), &s);
	return err ? err : install(s);
}

int64 sys_sock_bind(void)
{
	struct socket *s;
	uint32 addr;
	uint16 port;
	int err = arg_sock(0, &s);
	if (!err)
		err = get_addr(arg_addr(1), arg_raw(2), &addr, &port);
	return err ? err : sock_bind(s, addr, port);
}

int64 sys_listen(void)
{
	struct socket *s;
	int err = arg_sock(0, &s);
	return err ? err : sock_listen(s, arg_int(1));
}

int64 sys_accept(void)
{
	struct socket *s, *ns;
	uint64 upeer = arg_addr(1);
	int err = arg_sock(0, &s);
	if (!err && upeer &&
	    user_range_writable(myproc()->pagetable, upeer, sizeof(struct sockaddr_in)))
		err = -E_FAULT;
	uint32 raddr;
	uint16 rport;
	if (!err)
		err = sock_accept(s, &ns, &raddr, &rport);
	if (err)
		return err;
	int fd = install(ns);
	if (fd >= 0 && put_addr(upeer, raddr, rport) < 0)
		return -E_FAULT; /* checked writable above; the descriptor stays */
	return fd;
}

int64 sys_connect(void)
{
	struct socket *s;
	uint32 addr;
	uint16 port;
	int err = arg_sock(0, &s);
	if (!err)
		err = get_addr(arg_addr(1), arg_raw(2), &addr, &port);
	return err ? err : sock_connect(s, addr, port);
}

int64 sys_sendto(void)
{
	struct socket *s;
	uint32 addr = 0;
	uint16 port = 0;
	uint64 uto = arg_addr(4);
	int err = arg_sock(0, &s);
	if (!err && arg_int(3) != 0)
		err = -E_INVAL; /* no flags are supported */
	if (!err && uto) {
		err = get_addr(uto, arg_raw(5), &addr, &port);
		if (!err && port == 0)
			err = -E_INVAL;
	}
	return err ? err : sock_sendto(s, arg_addr(1), arg_int(2), addr, port);
}

int64 sys_recvfrom(void)
{
	struct socket *s;
	uint64 ufrom = arg_addr(4);
	int err = arg_sock(0, &s);
	if (!err && arg_int(3) != 0)
		err = -E_INVAL;
	if (!err && ufrom &&
	    user_range_writable(myproc()->pagetable, ufrom, sizeof(struct sockaddr_in)))
		err = -E_FAULT;
	if (err)
		return err;
	uint32 addr = 0;
	uint16 port = 0;
	int n = sock_recvfrom(s, arg_addr(1), arg_int(2), &addr, &port);
	if (n >= 0 && put_addr(ufrom, addr, port) < 0)
		return -E_FAULT;
	return n;
}

int64 sys_shutdown(void)
{
	struct socket *s;
	int err = arg_sock(0, &s);
	return err ? err : sock_shutdown(s, arg_int(1));
}

/* Readiness of one descriptor: sockets ask their endpoint; other files are
 * always ready (a read or write on them may still block). */
static short poll_one(struct pollfd *pf)
{
	struct file *f;
	if (fdt_get_ref(&myprocess()->fds, pf->fd, &f))
		return POLLNVAL;
	int r = f->type == FD_SOCKET ? sock_poll(f->sock) : POLLIN | POLLOUT;
	file_close(f); /* the reference kept another thread's close from freeing f */
	return (short)(r & (pf->events | POLLERR | POLLHUP | POLLNVAL));
}

/*
 * poll: check every descriptor; if none is ready, sleep on net_poll_chan,
 * which every socket change and the network timer (each NET_TIMER_MS)
 * wake, and check again.  A change between the check and the sleep is
 * seen at the next timer tick at the latest.
 */
int64 sys_poll(void)
{
	static struct spinlock poll_lock = SPINLOCK_INIT("poll"); /* only to sleep with */
	uint64 ufds = arg_addr(0);
	int n = arg_int(1), timeout = arg_int(2);
	if (n < 0 || n > POLL_MAX)
		return -E_INVAL;
	pagetable_t pt = myproc()->pagetable;
	struct pollfd fds[POLL_MAX];
	if (copyin(pt, fds, ufds, n * sizeof(fds[0])) < 0 ||
	    user_range_writable(pt, ufds, n * sizeof(fds[0])))
		return -E_FAULT;
	uint64 start = net_now_ms();
	for (;;) {
		int ready = 0;
		for (int i = 0; i < n; i++) {
			fds[i].revents = fds[i].fd < 0 ? 0 : poll_one(&fds[i]);
			ready += fds[i].revents != 0;
		}
		if (ready || (timeout >= 0 && net_now_ms() - start >= (uint64)timeout)) {
			if (copyout(pt, ufds, fds, n * sizeof(fds[0])) < 0)
				return -E_FAULT;
			return ready;
		}
		if (proc_killed(myproc()))
			return -E_INTR;
		acquire(&poll_lock);
		sleep(&net_poll_chan, &poll_lock);
		release(&poll_lock);
	}
}
