/*
 * kill [-s SIGNAL | -SIGNAL | -N] PID...: send a signal; kill -l: list the
 * signals.  The command itself is lib/killcmd.c, shared with the shell's
 * builtin kill (which also takes %N, a job).
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/kite.h"

int main(int argc, char *argv[])
{
	return kill_command(argc, argv, 0);
}
