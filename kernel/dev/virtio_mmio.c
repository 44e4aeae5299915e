/* virtio_mmio.c: finding a device on the virtio-mmio slots (dev/virtio_mmio.h). */
#include "dev/virtio_mmio.h"
#include "dev/virtio.h"
#include "mm/kvm.h"
#include "arch/riscv/fdt.h"
#include "lib/printf.h"

int virtio_mmio_find(int from, uint32 device_id, const char *name)
{
	for (int i = from; i < bootinfo.nvirtio; i++) {
		volatile uint32 *r = (volatile uint32 *)kdev(bootinfo.virtio[i].base);
		if (r[VIRTIO_MMIO_MAGIC_VALUE / 4] != VIRTIO_MMIO_MAGIC ||
		    r[VIRTIO_MMIO_DEVICE_ID / 4] != device_id)
			continue;
		if (r[VIRTIO_MMIO_VERSION / 4] != VIRTIO_MMIO_MODERN) {
			printf("%s: slot %d is a legacy (version %u) device\n", name, i,
			       r[VIRTIO_MMIO_VERSION / 4]);
			continue;
		}
		return i;
	}
	return -1;
}
