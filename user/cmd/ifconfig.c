/* ifconfig: the network interface's addresses and traffic. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	struct opt o;
	opt_init(&o, argc, argv, "", "ifconfig");
	while (opt_next(&o) != -1)
		;
	if (o.ind != argc)
		opt_usage(&o);
	static struct netinfo ni;
	if (netctl(NETCTL_INFO, &ni, sizeof(ni)) < 0) {
		fprintf(2, "ifconfig: %s\n", strerror(errno));
		exit(1);
	}
	char a[INET_STR_LEN], m[INET_STR_LEN], g[INET_STR_LEN];
	printf("eth0: %s\n", ni.up ? "up" : "down (no device or no link)");
	printf("  ether %02x:%02x:%02x:%02x:%02x:%02x\n", ni.mac[0], ni.mac[1], ni.mac[2],
	       ni.mac[3], ni.mac[4], ni.mac[5]);
	printf("  inet %s netmask %s gateway %s\n", inet_format(a, ni.addr),
	       inet_format(m, ni.netmask), inet_format(g, ni.gateway));
	if (ni.dhcp_server)
		printf("  leased from DHCP server %s for %u s\n", inet_format(a, ni.dhcp_server),
		       ni.lease_s);
	else
		printf("  static address (the dhcp program leases one)\n");
	printf("  frames: %lu received, %lu sent\n", ni.counter[NETC_eth_rx],
	       ni.counter[NETC_eth_tx]);
	return out_check("ifconfig");
}
