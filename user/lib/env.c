/*
 * env.c: the environment, POSIX's list of NAME=value strings that exec
 * hands from a program to the next.  crt0.S sets `environ` to the array
 * the kernel built on the new stack; the first setenv or unsetenv moves it
 * to a malloc'd array that can grow.  xv6's exec(path, argv) passes the
 * environment on, as POSIX's execv does.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/kite.h"

char **environ;
static int owned;   /* environ is our malloc'd array, not the one exec made */
static int env_cap; /* its slots, the terminating 0 included */

int exec(const char *path, char **argv)
{
	return sys_exec(path, argv, environ);
}

ULIB_WEAK int execve(const char *path, char **argv, char **envp)
{
	return sys_exec(path, argv, envp);
}

/* Index of NAME's entry (name is len bytes), or -1. */
static int find(const char *name, int len)
{
	for (int i = 0; environ && environ[i]; i++)
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
			return i;
	return -1;
}

static int valid_name(const char *name)
{
	return name && *name && !strchr(name, '=');
}

ULIB_WEAK char *getenv(const char *name)
{
	if (!valid_name(name))
		return 0;
	int i = find(name, strlen(name));
	return i < 0 ? 0 : environ[i] + strlen(name) + 1;
}

static int count(void)
{
	int n = 0;
	while (environ && environ[n])
		n++;
	return n;
}

/* Make environ our own array with room for one more entry: 0, or -1 (ENOMEM). */
static int make_room(void)
{
	int n = count();
	if (owned && n + 2 <= env_cap)
		return 0;
	int cap = (n + 2) * 2;
	char **v = malloc(cap * sizeof(char *));
	if (!v) {
		errno = ENOMEM;
		return -1;
	}
	for (int i = 0; i < n; i++)
		v[i] = environ[i];
	v[n] = 0;
	if (owned)
		free(environ);
	environ = v;
	owned = 1;
	env_cap = cap;
	return 0;
}

ULIB_WEAK int setenv(const char *name, const char *value, int overwrite)
{
	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	int len = strlen(name), i = find(name, len);
	if (i >= 0 && !overwrite)
		return 0;
	char *entry = malloc(len + strlen(value) + 2);
	if (!entry || make_room() < 0) {
		free(entry);
		errno = ENOMEM;
		return -1;
	}
	snprintf(entry, len + strlen(value) + 2, "%s=%s", name, value);
	if (i < 0) {
		i = count();
		environ[i + 1] = 0;
	}
	environ[i] = entry; /* an entry it replaces may be exec's: it is not freed */
	return 0;
}

ULIB_WEAK int clearenv(void)
{
	if (owned)
		environ[0] = 0;
	else
		environ = 0; /* exec's array stays as it is; exec passes 0 as none */
	return 0;
}

ULIB_WEAK int unsetenv(const char *name)
{
	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	int i = find(name, strlen(name));
	if (i < 0)
		return 0;
	if (make_room() < 0)
		return -1;
	i = find(name, strlen(name));
	for (; environ[i]; i++)
		environ[i] = environ[i + 1];
	return 0;
}
