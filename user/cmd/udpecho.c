/*
 * udpecho: the 6.1810 lab's UDP calls at work.  Receives COUNT datagrams
 * on PORT, prints each and sends it back to where it came from.
 */
#include "kernel/types.h"
#include "kernel/net.h"
#include "user/user.h"
#include "user/kite.h"

#define MAXMSG 1500

int main(int argc, char *argv[])
{
	struct opt o;
	opt_init(&o, argc, argv, "", "udpecho PORT COUNT");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc - 2)
		opt_usage(&o);
	int port = opt_uint(&o, argv[o.ind]), count = opt_uint(&o, argv[o.ind + 1]);
	if (bind((uint16)port) < 0) {
		fprintf(2, "udpecho: bind %d: %s\n", port, strerror(errno));
		exit(1);
	}
	printf("udpecho: listening on %d\n", port);
	static char buf[MAXMSG + 1];
	for (int i = 0; i < count; i++) {
		uint32 src;
		uint16 sport;
		int n = recv((uint16)port, &src, &sport, buf, MAXMSG);
		if (n < 0) {
			fprintf(2, "udpecho: recv: %s\n", strerror(errno));
			exit(1);
		}
		buf[n] = 0;
		char a[INET_STR_LEN];
		printf("udpecho: %d bytes from %s:%d: %s\n", n, inet_format(a, src), sport, buf);
		if (send((uint16)port, src, sport, buf, (uint32)n) < 0)
			fprintf(2, "udpecho: send: %s\n", strerror(errno));
	}
	unbind((uint16)port);
	return out_check("udpecho");
}
