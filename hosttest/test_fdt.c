/*
 * test_fdt.c: the device-tree parser on the host, under ASan and UBSan.
 *
 * The blob is QEMU virt's own (dumped by the Makefile with the machine Kite
 * boots: 3 harts, 128 MiB).  First the parser must find in it what the
 * kernel needs; then hand-made damage aimed at each of its bounds must be
 * refused; then thousands of seeded random mutations must each give 0 or
 * an error, never a read outside the blob (the sanitizers turn
 * such a read into a failure).  Each damaged blob sits in a buffer of
 * exactly its header's total size, because that size is all the kernel has
 * to go by.
 *
 * Prints one line per failure and, last, `N passed, N failed`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/riscv/fdt.h"
#include "lib/errno.h"

/* What QEMU 7.2's virt machine puts at these addresses (hw/riscv/virt.c's memory map). */
#define VIRT_DRAM 0x80000000UL
#define VIRT_MEM_SIZE (128UL << 20)
#define VIRT_UART 0x10000000UL
#define VIRT_UART_IRQ 10
#define VIRT_PLIC 0x0c000000UL
#define VIRT_VIRTIO_SLOTS 8
#define VIRT_TEST 0x100000UL
#define VIRT_RTC 0x101000UL
#define VIRT_HARTS 3

#define HDR_WORDS 10 /* struct fdt_header: ten big-endian words */
#define OFF_TOTALSIZE 4
#define OFF_STRUCT 8
#define OFF_STRINGS 12
#define OFF_SIZE_STRINGS 32
#define OFF_SIZE_STRUCT 36
#define RANDOM_ROUNDS 4000
#define MAX_FLIPS 8
#define MAX_TOTAL (1 << 20) /* QEMU's blob area; damaged totals above it are skipped */

static int passed, failed;

static void result(const char *name, int ok, const char *why)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: %s\n", name, why);
	}
}

static unsigned char *blob;
static size_t blob_len;

static uint32 get32(const unsigned char *b, size_t off)
{
	return (uint32)b[off] << 24 | (uint32)b[off + 1] << 16 | (uint32)b[off + 2] << 8 |
	       b[off + 3];
}

static void put32(unsigned char *b, size_t off, uint32 v)
{
	b[off] = v >> 24;
	b[off + 1] = v >> 16;
	b[off + 2] = v >> 8;
	b[off + 3] = v;
}

/*
 * Parse a copy of `b` in a buffer of exactly its header's total size.
 * A damaged total above MAX_TOTAL is not tried (1 if so): a buffer that
 * big would only make the test slow, and the check that matters, that the
 * parser stays inside the total, is the same for smaller ones.
 */
static int parse_copy(const unsigned char *b, size_t len)
{
	size_t total = get32(b, OFF_TOTALSIZE);
	if (total > MAX_TOTAL)
		return 1;
	if (total < HDR_WORDS * 4)
		total = HDR_WORDS * 4;
	unsigned char *buf = calloc(1, total);
	if (!buf) {
		perror("calloc");
		exit(2);
	}
	memcpy(buf, b, len < total ? len : total);
	int r = fdt_parse(kva2pa(buf));
	free(buf);
	return r;
}

static void test_real_blob(void)
{
	int r = parse_copy(blob, blob_len);
	result("real_blob_parses", r == 0, "fdt_parse of QEMU's blob failed");
	if (r != 0)
		return;
	char why[160];
	snprintf(why, sizeof(why), "ncpu %d, want %d", bootinfo.ncpu, VIRT_HARTS);
	result("harts", bootinfo.ncpu == VIRT_HARTS, why);
	result("memory",
	       bootinfo.nmem == 1 && bootinfo.mem[0].base == VIRT_DRAM &&
	           bootinfo.mem[0].size == VIRT_MEM_SIZE,
	       "memory region is not 128 MiB at 0x80000000");
	result("uart", bootinfo.uart.base == VIRT_UART && bootinfo.uart_irq == VIRT_UART_IRQ,
	       "ns16550a not found at 0x10000000 irq 10");
	result("plic", bootinfo.plic.base == VIRT_PLIC && bootinfo.plic_ndev > 0, "no PLIC");
	int ctx_ok = 1;
	for (int i = 0; i < bootinfo.ncpu; i++)
		ctx_ok &= bootinfo.plic_sctx[i] >= 0;
	result("plic_contexts", ctx_ok, "a hart has no S-mode PLIC context");
	result("virtio", bootinfo.nvirtio == VIRT_VIRTIO_SLOTS, "not 8 virtio-mmio slots");
	result("testdev", bootinfo.testdev.base == VIRT_TEST, "no sifive,test0");
	result("rtc", bootinfo.rtc.base == VIRT_RTC && bootinfo.rtc.size > 0, "no goldfish RTC");
	result("timebase", bootinfo.timebase_hz > 0, "no timebase-frequency");
}

/* A copy of the blob with one word of the header replaced. */
static int parse_with_header_word(size_t off, uint32 v)
{
	unsigned char *b = malloc(blob_len);
	memcpy(b, blob, blob_len);
	put32(b, off, v);
	int r = parse_copy(b, blob_len);
	free(b);
	return r;
}

/* Offset of the first occurrence of `s` (with its NUL) in the strings block. */
static size_t string_offset(const char *s)
{
	size_t start = get32(blob, OFF_STRINGS), size = get32(blob, OFF_SIZE_STRINGS);
	for (size_t i = 0; i + strlen(s) < size; i++)
		if (memcmp(blob + start + i, s, strlen(s) + 1) == 0)
			return start + i;
	return 0;
}

static void test_crafted(void)
{
	result("bad_magic", parse_with_header_word(0, 0xfeedd00d) == -E_INVAL,
	       "bad magic accepted");
	/* Offsets whose 32-bit sum wraps round to something small. */
	result("struct_offset_wraps", parse_with_header_word(OFF_STRUCT, 0xfffffff0) == -E_INVAL,
	       "struct offset near 4 GiB accepted");
	result("strings_size_wraps",
	       parse_with_header_word(OFF_SIZE_STRINGS, 0xffffffff) == -E_INVAL,
	       "strings size near 4 GiB accepted");
	result("struct_size_past_end",
	       parse_with_header_word(OFF_SIZE_STRUCT, get32(blob, OFF_TOTALSIZE)) == -E_INVAL,
	       "struct block past the blob accepted");

	/*
	 * The strings block cut so that its last name loses its NUL: the
	 * parser must not read on past the block (the blob ends right after).
	 */
	unsigned char *b = malloc(blob_len);
	memcpy(b, blob, blob_len);
	size_t strings = get32(b, OFF_STRINGS), size = get32(b, OFF_SIZE_STRINGS);
	put32(b, OFF_SIZE_STRINGS, size - 1);
	put32(b, OFF_TOTALSIZE, strings + size - 1);
	parse_copy(b, blob_len);
	result("unterminated_name", 1, "");

	/* Every "compatible" and "device_type" value loses its final NUL. */
	memcpy(b, blob, blob_len);
	size_t compat = string_offset("compatible") - strings;
	size_t devtype = string_offset("device_type") - strings;
	size_t s = get32(b, OFF_STRUCT), end = s + get32(b, OFF_SIZE_STRUCT);
	int damaged = 0;
	for (size_t p = s; p + 12 <= end; p += 4) {
		if (get32(b, p) != 3) /* FDT_PROP */
			continue;
		uint32 len = get32(b, p + 4), name = get32(b, p + 8);
		if ((name == compat || name == devtype) && len > 0 && p + 12 + len <= end &&
		    b[p + 12 + len - 1] == 0) {
			b[p + 12 + len - 1] = 'x';
			damaged++;
		}
	}
	parse_copy(b, blob_len);
	result("unterminated_values", damaged > 0, "found no compatible property to damage");

	/* Nodes nested deeper than the parser's stack. */
	memcpy(b, blob, blob_len);
	for (size_t p = s + 8; p + 8 <= end && p < s + 8 + 4 * 40; p += 8) {
		put32(b, p, 1);     /* FDT_BEGIN_NODE */
		put32(b, p + 4, 0); /* an empty name */
	}
	result("too_deep", parse_copy(b, blob_len) == -E_INVAL, "nodes 20 deep accepted");
	free(b);
}

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long rng(void)
{
	/* xorshift64: a fixed seed, so a failure repeats. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_random(void)
{
	size_t total = get32(blob, OFF_TOTALSIZE);
	unsigned char *b = malloc(blob_len);
	int ok = 0, refused = 0, skipped = 0;
	for (int round = 0; round < RANDOM_ROUNDS; round++) {
		memcpy(b, blob, blob_len);
		int flips = 1 + rng() % MAX_FLIPS;
		for (int i = 0; i < flips; i++) {
			size_t at;
			switch (rng() % 4) {
			case 0:
				at = rng() % (HDR_WORDS * 4);
				break; /* the header */
			default:
				at = rng() % total;
				break;
			}
			if (rng() % 2)
				b[at] = rng();
			else
				b[at & ~3UL] ^= 1u << (rng() % 8);
		}
		int r = parse_copy(b, blob_len);
		if (r == 0)
			ok++;
		else if (r == -E_INVAL)
			refused++;
		else if (r == 1)
			skipped++;
	}
	free(b);
	printf(
	    "random damage: %d parsed, %d refused, %d too big to try, none read outside the blob\n",
	    ok, refused, skipped);
	result("random_damage", ok + refused + skipped == RANDOM_ROUNDS,
	       "an error other than EINVAL");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_fdt BLOB\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	static unsigned char whole[1 << 21];
	blob_len = fread(whole, 1, sizeof(whole), f);
	fclose(f);
	if (blob_len < HDR_WORDS * 4 || get32(whole, OFF_TOTALSIZE) > blob_len) {
		fprintf(stderr, "%s: not a whole device tree\n", argv[1]);
		return 2;
	}
	blob_len = get32(whole, OFF_TOTALSIZE);
	blob = whole;
	test_real_blob();
	test_crafted();
	test_random();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
