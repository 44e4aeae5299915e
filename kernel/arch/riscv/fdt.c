/*
 * fdt.c: a small reader of the flattened device tree.
 *
 * The structure block is a flat stream of big-endian tokens: BEGIN_NODE
 * (name), PROP (length, name offset, value), END_NODE, NOP, END.  A node's
 * properties come before its children, so by the time a child begins we
 * know its parent's #address-cells and #size-cells (needed to decode the
 * child's `reg`).  We keep a stack of the open nodes and act when a node
 * ends, once all of its properties have been seen.
 *
 * Everything is bounds-checked against the header's sizes: a bad blob gives
 * an error, never a wild read.
 */
#include "arch/riscv/fdt.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "arch/riscv/csr.h"

struct bootinfo bootinfo;

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define FDT_MAX_DEPTH 16
#define FDT_ISA_LEN 128 /* riscv,isa strings are read up to this length */
#define FDT_MAX_REG_CELLS 8
#define FDT_MAX_IRQ_CELLS 2 * NCPU * 2

/* Offsets of the header fields (all 32-bit big-endian). */
enum {
	H_MAGIC,
	H_TOTALSIZE,
	H_OFF_STRUCT,
	H_OFF_STRINGS,
	H_OFF_RSVMAP,
	H_VERSION,
	H_LAST_COMP,
	H_BOOT_CPU,
	H_SIZE_STRINGS,
	H_SIZE_STRUCT,
	H_NFIELDS
};

static uint32 be32(const void *p)
{
	const uint8 *b = p;
	return ((uint32)b[0] << 24) | ((uint32)b[1] << 16) | ((uint32)b[2] << 8) | b[3];
}

static uint64 be64(const void *p)
{
	return ((uint64)be32(p) << 32) | be32((const uint8 *)p + 4);
}

/* What we remember about one open node. */
struct node {
	const char *name;
	const char *compat; /* "compatible": NUL-separated list */
	int compat_len;
	const char *devtype;
	const uint8 *reg;
	int reg_len;
	const uint8 *irqs_ext; /* interrupts-extended */
	int irqs_ext_len;
	uint32 irq;
	uint32 phandle;
	int addr_cells, size_cells; /* for this node's children */
	int disabled;
	uint32 intc_phandle; /* cpu nodes: phandle of their riscv,cpu-intc child */
	int sstc;            /* cpu nodes: riscv,isa lists _sstc */
	int ndev;
};

/* The PLIC's interrupts-extended, resolved once all cpus are known. */
static const uint8 *plic_irqs_ext;
static int plic_irqs_ext_len;

static struct node stack[FDT_MAX_DEPTH];

static int compatible(const struct node *n, const char *want)
{
	for (int i = 0; i < n->compat_len;) {
		const char *s = n->compat + i;
		if (strcmp(s, want) == 0)
			return 1;
		i += strnlen(s, n->compat_len - i) + 1;
	}
	return 0;
}

/* Read cell `cells`-wide number at *p; advances *p. */
static uint64 read_cells(const uint8 **p, int cells)
{
	uint64 v = cells == 2 ? be64(*p) : be32(*p);
	*p += 4 * cells;
	return v;
}

/* First (base, size) of node n's reg, decoded with its parent's cell counts. */
static int first_reg(int depth, struct fdt_region *out)
{
	const struct node *parent = &stack[depth - 1];
	const struct node *n = &stack[depth];
	int ac = parent->addr_cells, sc = parent->size_cells;
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || n->reg_len < 4 * (ac + sc))
		return -1;
	const uint8 *p = n->reg;
	out->base = read_cells(&p, ac);
	out->size = sc ? read_cells(&p, sc) : 0;
	return 0;
}

static void add_region(struct fdt_region *arr, int *count, int max, paddr_t base, uint64 size)
{
	if (*count < max && size > 0) {
		arr[*count].base = base;
		arr[*count].size = size;
		(*count)++;
	}
}

/* A node has ended: take what Kite needs from it. */
static void node_done(int depth, const char *path0)
{
	struct node *n = &stack[depth];
	struct fdt_region r;
	if (n->disabled || depth == 0)
		return;

	if (n->devtype && strcmp(n->devtype, "memory") == 0) {
		const struct node *parent = &stack[depth - 1];
		int ac = parent->addr_cells, sc = parent->size_cells;
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
			return;
		const uint8 *p = n->reg;
		for (int left = n->reg_len; left >= 4 * (ac + sc); left -= 4 * (ac + sc)) {
			paddr_t base = read_cells(&p, ac);
			uint64 size = read_cells(&p, sc);
			add_region(bootinfo.mem, &bootinfo.nmem, FDT_MAX_MEM, base, size);
		}
	} else if (n->devtype && strcmp(n->devtype, "cpu") == 0) {
		if (first_reg(depth, &r) == 0 && bootinfo.ncpu < NCPU) {
			/* The cpu's interrupt controller (a child) was seen before us. */
			bootinfo.hartid[bootinfo.ncpu] = r.base;
			bootinfo.intc_phandle[bootinfo.ncpu] = n->intc_phandle;
			bootinfo.sstc = (bootinfo.ncpu == 0 || bootinfo.sstc) && n->sstc;
			bootinfo.ncpu++;
		}
	} else if (compatible(n, "riscv,cpu-intc")) {
		stack[depth - 1].intc_phandle = n->phandle; /* hand it to the cpu node */
	} else if (compatible(n, "ns16550a") && bootinfo.uart.size == 0) {
		if (first_reg(depth, &bootinfo.uart) == 0)
			bootinfo.uart_irq = n->irq;
	} else if (compatible(n, "riscv,plic0") || compatible(n, "sifive,plic-1.0.0")) {
		if (first_reg(depth, &bootinfo.plic) == 0) {
			bootinfo.plic_ndev = n->ndev;
			/* interrupts-extended: (intc phandle, irq number) per PLIC context.
			 * Resolved later. */
			plic_irqs_ext = n->irqs_ext;
			plic_irqs_ext_len = n->irqs_ext_len;
		}
	} else if (compatible(n, "virtio,mmio")) {
		if (first_reg(depth, &r) == 0 && bootinfo.nvirtio < FDT_MAX_VIRTIO) {
			bootinfo.virtio[bootinfo.nvirtio] = r;
			bootinfo.virtio_irq[bootinfo.nvirtio] = n->irq;
			bootinfo.nvirtio++;
		}
	} else if (compatible(n, "sifive,test0")) {
		first_reg(depth, &bootinfo.testdev);
	} else if (compatible(n, "google,goldfish-rtc")) {
		first_reg(depth, &bootinfo.rtc);
	} else if (depth == 2 && strcmp(path0, "reserved-memory") == 0) {
		if (first_reg(depth, &r) == 0)
			add_region(bootinfo.resv, &bootinfo.nresv, FDT_MAX_RESV, r.base, r.size);
	}
}

/*
 * A string (or string-list) property's value, or 0 if it does not end in a
 * NUL: strcmp() on the value must not run past the property.
 */
static const char *prop_string(const uint8 *val, int len)
{
	return len > 0 && val[len - 1] == 0 ? (const char *)val : 0;
}

static void prop(int depth, const char *pname, const uint8 *val, int len)
{
	struct node *n = &stack[depth];
	if (strcmp(pname, "compatible") == 0) {
		n->compat = prop_string(val, len);
		n->compat_len = n->compat ? len : 0;
	} else if (strcmp(pname, "device_type") == 0) {
		n->devtype = prop_string(val, len);
	} else if (strcmp(pname, "reg") == 0) {
		n->reg = val;
		n->reg_len = len;
	} else if (strcmp(pname, "#address-cells") == 0 && len == 4) {
		n->addr_cells = be32(val);
	} else if (strcmp(pname, "#size-cells") == 0 && len == 4) {
		n->size_cells = be32(val);
	} else if (strcmp(pname, "interrupts") == 0 && len >= 4) {
		n->irq = be32(val);
	} else if (strcmp(pname, "interrupts-extended") == 0) {
		n->irqs_ext = val;
		n->irqs_ext_len = len;
	} else if (strcmp(pname, "phandle") == 0 && len == 4) {
		n->phandle = be32(val);
	} else if (strcmp(pname, "status") == 0) {
		n->disabled = strncmp((const char *)val, "okay", len) != 0 &&
		              strncmp((const char *)val, "ok", len) != 0;
	} else if (strcmp(pname, "riscv,ndev") == 0 && len == 4) {
		n->ndev = be32(val);
	} else if (strcmp(pname, "riscv,isa") == 0 && len > 0) {
		/* Multi-letter extensions follow underscores: "rv64imafdc_zicsr_sstc". */
		char isa[FDT_ISA_LEN];
		int l = len < FDT_ISA_LEN - 1 ? len : FDT_ISA_LEN - 1;
		memmove(isa, val, l);
		isa[l] = 0;
		n->sstc = strstr(isa, "_sstc") != 0;
	} else if (strcmp(pname, "timebase-frequency") == 0 && depth == 1) {
		bootinfo.timebase_hz = len == 8 ? be64(val) : be32(val);
	} else if (strcmp(pname, "bootargs") == 0 && depth == 1 &&
	           strcmp(stack[1].name, "chosen") == 0) {
		int l = len < FDT_BOOTARGS_LEN - 1 ? len : FDT_BOOTARGS_LEN - 1;
		memmove(bootinfo.bootargs, val, l);
		bootinfo.bootargs[l] = 0;
	}
}

/* Map each hart's S-mode external interrupt to its PLIC context. */
static void resolve_plic_contexts(void)
{
	for (int i = 0; i < NCPU; i++)
		bootinfo.plic_sctx[i] = -1;
	const uint8 *p = plic_irqs_ext;
	int npairs = plic_irqs_ext_len / 8;
	for (int ctx = 0; ctx < npairs; ctx++) {
		uint32 ph = be32(p + 8 * ctx), irq = be32(p + 8 * ctx + 4);
		if (irq != IRQ_S_EXT) /* the PLIC also has an M-mode context per hart */
			continue;
		for (int c = 0; c < bootinfo.ncpu; c++)
			if (bootinfo.intc_phandle[c] == ph)
				bootinfo.plic_sctx[c] = ctx;
	}
}

int fdt_parse(paddr_t fdt)
{
	const uint8 *blob = pa2kva(fdt);
	uint32 hdr[H_NFIELDS];
	for (int i = 0; i < H_NFIELDS; i++)
		hdr[i] = be32(blob + 4 * i);
	if (hdr[H_MAGIC] != FDT_MAGIC || hdr[H_LAST_COMP] > 17)
		return -E_INVAL;
	/* The sums are 64-bit: two 32-bit fields must not wrap round to a small offset. */
	uint64 total = hdr[H_TOTALSIZE];
	if ((uint64)hdr[H_OFF_STRUCT] + hdr[H_SIZE_STRUCT] > total ||
	    (uint64)hdr[H_OFF_STRINGS] + hdr[H_SIZE_STRINGS] > total || hdr[H_OFF_RSVMAP] > total)
		return -E_INVAL;
	/* Nothing of an earlier parse survives into this one. */
	memset(&bootinfo, 0, sizeof(bootinfo));
	plic_irqs_ext = 0;
	plic_irqs_ext_len = 0;
	bootinfo.fdt_base = fdt;
	bootinfo.fdt_size = total;

	/* Memory reservation block: (address, size) pairs ending with (0, 0). */
	for (uint64 off = hdr[H_OFF_RSVMAP]; off + 16 <= total; off += 16) {
		uint64 base = be64(blob + off), size = be64(blob + off + 8);
		if (base == 0 && size == 0)
			break;
		add_region(bootinfo.resv, &bootinfo.nresv, FDT_MAX_RESV, base, size);
	}

	const uint8 *s = blob + hdr[H_OFF_STRUCT];
	const uint8 *end = s + hdr[H_SIZE_STRUCT];
	const char *strings = (const char *)blob + hdr[H_OFF_STRINGS];
	uint32 strsize = hdr[H_SIZE_STRINGS];
	int depth = -1;
	while (s + 4 <= end) {
		uint32 tok = be32(s);
		s += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)s;
			uint64 l = strnlen(name, end - s);
			if (l == (uint64)(end - s)) /* the name must end inside the block */
				return -E_INVAL;
			s += (l + 1 + 3) & ~3;
			if (++depth >= FDT_MAX_DEPTH)
				return -E_INVAL;
			memset(&stack[depth], 0, sizeof(stack[depth]));
			stack[depth].name = name;
			stack[depth].addr_cells = 2; /* spec defaults */
			stack[depth].size_cells = 1;
		} else if (tok == FDT_END_NODE) {
			if (depth < 0)
				return -E_INVAL;
			node_done(depth, depth >= 1 ? stack[1].name : "");
			depth--;
		} else if (tok == FDT_PROP) {
			if (s + 8 > end || depth < 0)
				return -E_INVAL;
			uint32 len = be32(s), nameoff = be32(s + 4);
			s += 8;
			/* The name must end inside the strings block. */
			if (len > (uint64)(end - s) || nameoff >= strsize ||
			    strnlen(strings + nameoff, strsize - nameoff) == strsize - nameoff)
				return -E_INVAL;
			prop(depth, strings + nameoff, s, len);
			s += (len + 3) & ~3;
		} else if (tok == FDT_NOP) {
			continue;
		} else if (tok == FDT_END) {
			break;
		} else {
			return -E_INVAL;
		}
	}
	resolve_plic_contexts();
	if (bootinfo.nmem == 0 || bootinfo.ncpu == 0 || bootinfo.timebase_hz == 0)
		return -E_INVAL;
	return 0;
}

int fdt_hart_index(uint64 hartid)
{
	for (int i = 0; i < bootinfo.ncpu; i++)
		if (bootinfo.hartid[i] == hartid)
			return i;
	return -1;
}

const char *bootarg_value(const char *key, char *buf, int len)
{
	uint64 kl = strlen(key);
	for (const char *s = bootinfo.bootargs; *s;) {
		while (*s == ' ')
			s++;
		if (strncmp(s, key, kl) == 0 && s[kl] == '=') {
			s += kl + 1;
			int i = 0;
			while (i + 1 < len && s[i] && s[i] != ' ') {
				buf[i] = s[i];
				i++;
			}
			buf[i] = 0;
			return buf;
		}
		while (*s && *s != ' ')
			s++;
	}
	return 0;
}

/* Digits of the longest value bootarg_uint accepts (2^64 - 1), plus the NUL. */
#define UINT_DIGITS 21

int bootarg_uint(const char *key, uint64 *v)
{
	char buf[UINT_DIGITS];
	if (!bootarg_value(key, buf, sizeof(buf)) || buf[0] == 0)
		return -E_INVAL;
	uint64 n = 0;
	for (const char *s = buf; *s; s++) {
		if (*s < '0' || *s > '9')
			return -E_INVAL;
		n = n * 10 + (uint64)(*s - '0');
	}
	*v = n;
	return 0;
}
