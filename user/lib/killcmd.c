/*
 * killcmd.c: the kill command, for the kill program and the shell's
 * builtin of the same name (which also takes %N, a job):
 *
 * kill [-s SIGNAL | -SIGNAL | -N] PID...   send a signal (SIGTERM unless
 *                                           told) to each PID; -PGID is a
 *                                           process group
 * kill -l [SIGNAL | STATUS]                 list the signals, or name one
 *
 * SIGNAL is a name with or without SIG, in either case (TERM, sigint), or
 * a number; -0 only checks that the process exists.  STATUS is a shell's
 * $? for a killed process (128 + the signal).  Status 0 if every signal
 * was sent, 1 if one could not be (the cause is printed), 2 for a usage
 * error.  The option letters are read by hand (not lib/opt.c) because
 * -9 and -TERM are signals, not options, and a negative PID is an operand.
 * Nothing here exits: the shell runs it as a builtin.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

#define USAGE "kill [-s SIGNAL | -SIGNAL | -N] PID... | kill -l [SIGNAL | STATUS]"
#define STATUS_BASE 128 /* a shell's $? for a signal */
#define PER_LINE 4

static int usage(void)
{
	fprintf(2, "usage: %s\n", USAGE);
	return OPT_USAGE_STATUS;
}

static int signal_arg(const char *s)
{
	int sig = sig_number(s);

	if (sig < 0)
		fprintf(2, "kill: %s: invalid signal\n", s);
	return sig;
}

static int list(int argc, char **argv)
{
	if (argc == 0) {
		for (int sig = 1; sig < NSIG; sig++)
			printf("%2d) SIG%-8s%s", sig, sig_name(sig),
			       sig % PER_LINE == 0 || sig == NSIG - 1 ? "\n" : " ");
		return 0;
	}
	int status = 0;
	for (int i = 0; i < argc; i++) {
		if (isdigit_str(argv[i])) {
			int n = atoi(argv[i]);
			if (n > STATUS_BASE && n < STATUS_BASE + NSIG && strlen(argv[i]) <= 3)
				n -= STATUS_BASE;
			if (n > 0 && n < NSIG && strlen(argv[i]) <= 3) {
				printf("%s\n", sig_name(n));
				continue;
			}
		} else {
			int sig = sig_number(argv[i]);
			if (sig > 0) {
				printf("%d\n", sig);
				continue;
			}
		}
		fprintf(2, "kill: %s: invalid signal\n", argv[i]);
		status = 1;
	}
	return status;
}

/* A PID operand: N, or -N for the process group N. */
static int pid_arg(const char *s, int *pid)
{
	int neg = s[0] == '-';

	if (!isdigit_str(s + neg) || strlen(s + neg) > 9)
		return -1;
	*pid = neg ? -atoi(s + 1) : atoi(s);
	return 0;
}

ULIB_WEAK int kill_command(int argc, char **argv,
                           int (*job_pid)(const char *spec, int sig, int *pid))
{
	int sig = SIGTERM, i = 1, status = 0;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: %s\n", USAGE);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list(argc - 2, argv + 2);
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 >= argc)
			return usage();
		sig = signal_arg(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		sig = signal_arg(argv[i] + 1);
		i++;
	}
	if (sig < 0)
		return usage();
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		return usage();
	for (; i < argc; i++) {
		int pid;

		if (argv[i][0] == '%' && job_pid) {
			if (job_pid(argv[i], sig, &pid) < 0) {
				status = 1; /* the shell said why */
				continue;
			}
		} else if (pid_arg(argv[i], &pid) < 0) {
			fprintf(2, "kill: %s: not a process id\n", argv[i]);
			status = 1;
			continue;
		}
		if (kill(pid, sig) < 0) {
			fprintf(2, "kill: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
