/*
 * df [-i] [PATH...]: the size and use of the file system holding each
 * PATH (default "/"), in KiB blocks, or in inodes with -i.  Kite has one
 * file system, mounted at /.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/kite.h"

#define KIB 1024
#define PERCENT 100

/* used out of total as a whole percentage, rounded up as df does. */
static uint64 percent(uint64 used, uint64 total)
{
	return total ? (used * PERCENT + total - 1) / total : 0;
}

static int show(const char *path, int inodes)
{
	struct statfs st;
	if (statfs(path, &st) < 0) {
		fprintf(2, "df: %s: %s\n", path, strerror(errno));
		return 1;
	}
	uint64 total = inodes ? st.files : st.blocks * st.bsize / KIB;
	uint64 avail = inodes ? st.ffree : st.bfree * st.bsize / KIB;
	uint64 used = total - avail;
	printf("%-10s %10lu %10lu %10lu %4lu%% %s\n", "kitefs", total, used, avail,
	       percent(used, total), "/");
	return 0;
}

int main(int argc, char *argv[])
{
	struct opt o;
	int c, inodes = 0, status = 0;

	opt_init(&o, argc, argv, "i", "df [-i] [PATH...]");
	while ((c = opt_next(&o)) != -1)
		inodes = 1;
	printf("%-10s %10s %10s %10s %5s %s\n", "Filesystem", inodes ? "Inodes" : "1K-blocks",
	       inodes ? "IUsed" : "Used", inodes ? "IFree" : "Available", inodes ? "IUse%" : "Use%",
	       "Mounted on");
	if (o.ind == argc)
		status |= show("/", inodes);
	for (int i = o.ind; i < argc; i++)
		status |= show(argv[i], inodes);
	return status | out_check("df");
}
