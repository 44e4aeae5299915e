/*
 * socket.h: BSD-style sockets (net/socket.c) as open files (fs/file.h's
 * FD_SOCKET): an AF_INET socket is a UDP endpoint (SOCK_DGRAM) or a TCP
 * connection or listener (SOCK_STREAM).  Addresses here are in host byte
 * order; the system calls convert struct sockaddr_in.
 */
#ifndef KITE_NET_SOCKET_H
#define KITE_NET_SOCKET_H

#include "../abi/types.h"

struct socket;
struct pbuf;

int sock_create(int domain, int type, int protocol, struct socket **out);
int sock_bind(struct socket *s, uint32 addr, uint16 port);
int sock_listen(struct socket *s, int backlog);
int sock_accept(struct socket *s, struct socket **out, uint32 *raddr, uint16 *rport);
int sock_connect(struct socket *s, uint32 addr, uint16 port);
/* Send n bytes from user address src (to addr:port for a datagram socket
 * when port != 0): bytes sent. */
int sock_sendto(struct socket *s, uint64 src, int n, uint32 addr, uint16 port);
/* Receive up to n bytes to user address dst; the sender in *addr and *port. */
int sock_recvfrom(struct socket *s, uint64 dst, int n, uint32 *addr, uint16 *port);
int sock_shutdown(struct socket *s, int how);
/* POLLIN/POLLOUT/... now. */
int sock_poll(struct socket *s);
/* The last reference is gone (file_close). */
void sock_close(struct socket *s);
/* read/write on the file (file_read/file_write). */
int sock_read(struct socket *s, uint64 dst, int n);
int sock_write(struct socket *s, uint64 src, int n);

#endif
