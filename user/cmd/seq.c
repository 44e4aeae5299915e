/*
 * seq LAST, seq FIRST LAST, seq FIRST INCR LAST: print the integers from
 * FIRST (default 1) to LAST, one a line, going up or down by INCR
 * (default 1; not 0).  Negative numbers are allowed.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define MAX_DIGITS 15 /* keeps every value and step within an int64 */

/* Parses an optionally signed decimal into *v; -1 if s is not one. */
static int parse_int(const char *s, int64 *v)
{
	int neg = *s == '-';

	if (neg || *s == '+')
		s++;
	if (!isdigit_str(s) || strlen(s) > MAX_DIGITS)
		return -1;
	*v = 0;
	for (; *s; s++)
		*v = *v * 10 + (*s - '0');
	if (neg)
		*v = -*v;
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int64 num[3], first = 1, incr = 1, last;
	int n;

	opt_init(&o, argc, argv, "", "seq [FIRST [INCR]] LAST");
	/* A negative number is an operand here, not an option. */
	if (o.ind < argc &&
	    !(argv[o.ind][0] == '-' && argv[o.ind][1] >= '0' && argv[o.ind][1] <= '9')) {
		while (opt_next(&o) != -1)
			;
	}
	n = argc - o.ind;
	if (n < 1 || n > 3)
		opt_usage(&o);
	for (int i = 0; i < n; i++) {
		if (parse_int(argv[o.ind + i], &num[i]) < 0) {
			fprintf(2, "seq: %s: not an integer\n", argv[o.ind + i]);
			opt_usage(&o);
		}
	}
	last = num[n - 1];
	if (n >= 2)
		first = num[0];
	if (n == 3)
		incr = num[1];
	if (incr == 0) {
		fprintf(2, "seq: the increment must not be 0\n");
		opt_usage(&o);
	}
	for (int64 v = first; incr > 0 ? v <= last : v >= last; v += incr) {
		printf("%ld\n", v);
		if (out_failed())
			break;
	}
	return out_check("seq");
}
