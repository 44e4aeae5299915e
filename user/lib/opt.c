/*
 * opt.c: command-line options, the one parser of Kite's utilities.
 *
 * Options come before the operands, as POSIX's utility syntax guidelines
 * say: the first argument that is not an option ("-" alone, or anything not
 * starting with '-') ends them, and so does "--", which is then skipped.
 * Flags may be combined ("-rf"); an option taking an argument gets it from
 * the rest of its word or from the next word ("-n5", "-n 5").  "--help"
 * prints the usage line on standard output and exits 0.  A usage error
 * (unknown option, missing argument, bad number, wrong operands) prints
 * what is wrong and the usage line on fd 2 and exits with OPT_USAGE_STATUS.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

ULIB_WEAK void opt_init(struct opt *o, int argc, char **argv, const char *spec, const char *usage)
{
	o->argc = argc;
	o->argv = argv;
	o->spec = spec;
	o->usage = usage;
	o->prog = argc > 0 ? path_base(argv[0]) : "?";
	o->ind = 1;
	o->pos = 0;
	o->arg = 0;
}

ULIB_WEAK void opt_usage(const struct opt *o)
{
	fprintf(2, "usage: %s\n", o->usage);
	exit(OPT_USAGE_STATUS);
}

static void opt_fail(const struct opt *o, const char *what, const char *word, char letter)
{
	if (letter)
		fprintf(2, "%s: %s -%c\n", o->prog, what, letter);
	else
		fprintf(2, "%s: %s %s\n", o->prog, what, word);
	opt_usage(o);
}

ULIB_WEAK int opt_next(struct opt *o)
{
	const char *word, *known;
	char c;

	if (o->pos == 0) {
		if (o->ind >= o->argc)
			return -1;
		word = o->argv[o->ind];
		if (word[0] != '-' || word[1] == '\0')
			return -1;
		if (strcmp(word, "--") == 0) {
			o->ind++;
			return -1;
		}
		if (strcmp(word, "--help") == 0) {
			printf("usage: %s\n", o->usage);
			exit(out_check(o->prog));
		}
		if (word[1] == '-')
			opt_fail(o, "unknown option", word, 0);
		o->pos = 1;
	}
	word = o->argv[o->ind];
	c = word[o->pos++];
	known = c == ':' ? 0 : strchr(o->spec, c);
	if (known == 0)
		opt_fail(o, "unknown option", 0, c);
	o->arg = 0;
	if (known[1] == ':') {
		if (word[o->pos] != '\0')
			o->arg = word + o->pos;
		else if (o->ind + 1 < o->argc)
			o->arg = o->argv[++o->ind];
		else
			opt_fail(o, "missing argument for option", 0, c);
		o->ind++; /* the argument used up the rest of its word */
		o->pos = 0;
	} else if (word[o->pos] == '\0') {
		o->ind++;
		o->pos = 0;
	}
	return c;
}

ULIB_WEAK int opt_uint(const struct opt *o, const char *s)
{
	int v = 0;

	if (!isdigit_str(s))
		opt_fail(o, "not a number:", s, 0);
	for (; *s; s++) {
		if (v > (OPT_UINT_MAX - (*s - '0')) / 10)
			opt_fail(o, "number too large:", s, 0);
		v = v * 10 + (*s - '0');
	}
	return v;
}

ULIB_WEAK int opt_old_count(struct opt *o)
{
	const char *word;

	if (o->pos != 0 || o->ind >= o->argc)
		return -1;
	word = o->argv[o->ind];
	if (word[0] != '-' || !isdigit_str(word + 1))
		return -1;
	o->ind++;
	return opt_uint(o, word + 1);
}
