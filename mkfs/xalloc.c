/* xalloc.c: allocations that succeed or end the tool (see xalloc.h). */
#include <stdlib.h>

#include "xalloc.h"

void *xcalloc(size_t n, size_t size)
{
	/* calloc(0, ...) may return NULL; a tool's empty table is one entry. */
	void *p = calloc(n ? n : 1, size);

	if (!p)
		tool_out_of_memory();
	return p;
}
