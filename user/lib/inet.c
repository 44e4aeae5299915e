/* inet.c: IPv4 addresses as text. */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define OCTETS 4
#define OCTET_MAX 255

ULIB_WEAK int inet_parse(const char *s, uint32 *addr)
{
	uint32 a = 0;
	for (int i = 0; i < OCTETS; i++) {
		int v = 0, digits = 0;
		for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
			v = v * 10 + (*s - '0');
		if (digits == 0 || v > OCTET_MAX)
			return -1;
		a = (a << 8) | (uint32)v;
		if (i < OCTETS - 1 && *s++ != '.')
			return -1;
	}
	if (*s)
		return -1;
	*addr = a;
	return 0;
}

ULIB_WEAK char *inet_format(char *buf, uint32 addr)
{
	snprintf(buf, INET_STR_LEN, "%d.%d.%d.%d", (int)(addr >> 24), (int)((addr >> 16) & 0xff),
	         (int)((addr >> 8) & 0xff), (int)(addr & 0xff));
	return buf;
}
