/*
 * mkbtf: writes the BTF fixtures of the `from kprobe` tests
 * (tests/golden/probes/), with libbpf's BTF writer: a vmlinux-like base
 * and split module BTF over it, structs shaped like the kernel's virtio
 * ones at offsets chosen here (not the kernel's), so that the tests can
 * work out every probe line by hand from the layouts below.
 *
 *   mkbtf DIR   writes DIR/vmlinux and DIR/virtio_pci_modern_dev.ko,
 *               DIR/virtio_pci_legacy_dev.ko, DIR/virtio_pci.ko (raw BTF)
 *
 * base:
 *   struct kobject          { const char *name @0 }                       size 8
 *   struct device           { struct kobject kobj @0; void *parent @8 }   size 16
 *   struct virtio_device_id { u32 device @0; u32 vendor @4 }              size 8
 *   struct virtio_device    { int index @0; bool failed @4;
 *                             unsigned int config_change_pending:1 @bit 40;
 *                             struct device dev @8; struct virtio_device_id id @24;
 *                             struct { u64 features @0 } @32 (anonymous);
 *                             char name[16] @40; void *priv @56 }          size 64
 *   struct virtqueue        { void *callback @0; const char *name @8;
 *                             struct virtio_device *vdev @16; unsigned int index @24;
 *                             unsigned int num_free @28; unsigned int num_max @32;
 *                             void *priv @40 }                             size 48
 *   functions: virtio_add_status(struct virtio_device *dev, unsigned int status);
 *   int virtqueue_add_sgs(struct virtqueue *_vq, void *sgs, unsigned int out_sgs,
 *                         unsigned int in_sgs, void *data, unsigned int gfp);
 *   int virtqueue_add_outbuf|virtqueue_add_inbuf(struct virtqueue *vq, void *sg,
 *                         unsigned int num, void *data, unsigned int gfp);
 *   int virtqueue_add_inbuf_ctx(struct virtqueue *vq, void *sg, unsigned int num,
 *                         void *data, void *ctx, unsigned int gfp);
 *   bool virtqueue_kick(struct virtqueue *vq);
 *   void *virtqueue_get_buf(struct virtqueue *_vq, unsigned int *len);
 * virtio_pci_modern_dev.ko:
 *   struct virtio_pci_modern_device { void *pci_dev @0; void *common @8; void *device @16;
 *                             void *notify_base @24; u32 notify_offset_multiplier @32;
 *                             int modern_bars @36; u64 dummy @40 }         size 48
 *   void vp_modern_set_status(struct virtio_pci_modern_device *mdev, u8 status);
 *   u8 vp_modern_get_status(struct virtio_pci_modern_device *mdev);
 *   u64 vp_modern_get_features(struct virtio_pci_modern_device *mdev);
 *   void vp_modern_set_features(struct virtio_pci_modern_device *mdev, u64 features);
 * virtio_pci_legacy_dev.ko:
 *   struct virtio_pci_legacy_device { void *pci_dev @0; void *ioaddr @8; void *isr @16 } size 24
 *   void vp_legacy_set_status(struct virtio_pci_legacy_device *ldev, u8 status);
 *   u8 vp_legacy_get_status(struct virtio_pci_legacy_device *ldev);
 * virtio_pci.ko (the modern and legacy structs again, as the kernel's has them):
 *   struct virtio_pci_device { struct virtio_device vdev @0; void *pci_dev @64;
 *                             struct virtio_pci_legacy_device ldev @72;
 *                             struct virtio_pci_modern_device mdev @96; void *vqs @144 } size 152
 *   bool vp_notify(struct virtqueue *vq);
 */
#include <bpf/btf.h>
#include <linux/btf.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The base's type ids that the modules refer to. */
struct base_ids {
	int int_, uint, uchar, char_, ullong, bool_;
	int u8, u32, u64, voidp, ccharp, vdev, vdevp, vq, vqp, uintp;
};

static int must(int id, const char *what)
{
	if (id <= 0) {
		fprintf(stderr, "mkbtf: %s: error %d\n", what, id);
		exit(1);
	}
	return id;
}

/* btf__add_field and btf__add_func_param return 0 on success. */
static void must_ok(int rc, const char *what)
{
	must(rc + 1, what);
}

static void field(struct btf *b, const char *name, int type, unsigned byte_off)
{
	must_ok(btf__add_field(b, name, type, byte_off * 8, 0), name ? name : "anonymous");
}

/* A function `ret name(params...)`; params: pairs of (name, type), NULL-ended. */
static void func(struct btf *b, const char *name, int ret, ...)
{
	int proto = must(btf__add_func_proto(b, ret), name);
	va_list ap;
	va_start(ap, ret);
	for (const char *p; (p = va_arg(ap, const char *));)
		must_ok(btf__add_func_param(b, p, va_arg(ap, int)), p);
	va_end(ap);
	must(btf__add_func(b, name, BTF_FUNC_GLOBAL, proto), name);
}

static void write_raw(const struct btf *b, const char *dir, const char *file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	uint32_t size;
	const void *data = btf__raw_data(b, &size);
	FILE *f = fopen(path, "wb");
	if (!data || !f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static struct btf *base(struct base_ids *t)
{
	struct btf *b = btf__new_empty();
	t->int_ = must(btf__add_int(b, "int", 4, BTF_INT_SIGNED), "int");
	t->uint = must(btf__add_int(b, "unsigned int", 4, 0), "uint");
	t->uchar = must(btf__add_int(b, "unsigned char", 1, 0), "uchar");
	t->char_ = must(btf__add_int(b, "char", 1, BTF_INT_SIGNED), "char");
	t->ullong = must(btf__add_int(b, "long long unsigned int", 8, 0), "ullong");
	t->bool_ = must(btf__add_int(b, "_Bool", 1, BTF_INT_BOOL), "_Bool");
	t->u8 = must(btf__add_typedef(b, "u8", t->uchar), "u8");
	t->u32 = must(btf__add_typedef(b, "u32", t->uint), "u32");
	t->u64 = must(btf__add_typedef(b, "u64", t->ullong), "u64");
	int boolt = must(btf__add_typedef(b, "bool", t->bool_), "bool");
	t->voidp = must(btf__add_ptr(b, 0), "void *");
	t->ccharp = must(btf__add_ptr(b, must(btf__add_const(b, t->char_), "const")), "char *");
	t->uintp = must(btf__add_ptr(b, t->uint), "unsigned int *");

	int kobj = must(btf__add_struct(b, "kobject", 8), "kobject");
	field(b, "name", t->ccharp, 0);
	int dev = must(btf__add_struct(b, "device", 16), "device");
	field(b, "kobj", kobj, 0);
	field(b, "parent", t->voidp, 8);
	int id = must(btf__add_struct(b, "virtio_device_id", 8), "virtio_device_id");
	field(b, "device", t->u32, 0);
	field(b, "vendor", t->u32, 4);
	int anon = must(btf__add_struct(b, NULL, 8), "anonymous struct");
	field(b, "features", t->u64, 0);
	int name16 = must(btf__add_array(b, t->uint, t->char_, 16), "char[16]");

	t->vdev = must(btf__add_struct(b, "virtio_device", 64), "virtio_device");
	field(b, "index", t->int_, 0);
	field(b, "failed", boolt, 4);
	must_ok(btf__add_field(b, "config_change_pending", t->uint, 40, 1), "bitfield");
	field(b, "dev", dev, 8);
	field(b, "id", id, 24);
	field(b, NULL, anon, 32);
	field(b, "name", name16, 40);
	field(b, "priv", t->voidp, 56);
	t->vdevp = must(btf__add_ptr(b, t->vdev), "virtio_device *");

	t->vq = must(btf__add_struct(b, "virtqueue", 48), "virtqueue");
	field(b, "callback", t->voidp, 0);
	field(b, "name", t->ccharp, 8);
	field(b, "vdev", t->vdevp, 16);
	field(b, "index", t->uint, 24);
	field(b, "num_free", t->uint, 28);
	field(b, "num_max", t->uint, 32);
	field(b, "priv", t->voidp, 40);
	t->vqp = must(btf__add_ptr(b, t->vq), "virtqueue *");

	func(b, "virtio_add_status", 0, "dev", t->vdevp, "status", t->uint, NULL);
	func(b, "virtqueue_add_sgs", t->int_, "_vq", t->vqp, "sgs", t->voidp, "out_sgs", t->uint,
	     "in_sgs", t->uint, "data", t->voidp, "gfp", t->uint, NULL);
	func(b, "virtqueue_add_outbuf", t->int_, "vq", t->vqp, "sg", t->voidp, "num", t->uint,
	     "data", t->voidp, "gfp", t->uint, NULL);
	func(b, "virtqueue_add_inbuf", t->int_, "vq", t->vqp, "sg", t->voidp, "num", t->uint,
	     "data", t->voidp, "gfp", t->uint, NULL);
	func(b, "virtqueue_add_inbuf_ctx", t->int_, "vq", t->vqp, "sg", t->voidp, "num", t->uint,
	     "data", t->voidp, "ctx", t->voidp, "gfp", t->uint, NULL);
	func(b, "virtqueue_kick", boolt, "vq", t->vqp, NULL);
	func(b, "virtqueue_get_buf", t->voidp, "_vq", t->vqp, "len", t->uintp, NULL);
	return b;
}

static int modern_struct(struct btf *m, const struct base_ids *t)
{
	int s = must(btf__add_struct(m, "virtio_pci_modern_device", 48), "modern");
	field(m, "pci_dev", t->voidp, 0);
	field(m, "common", t->voidp, 8);
	field(m, "device", t->voidp, 16);
	field(m, "notify_base", t->voidp, 24);
	field(m, "notify_offset_multiplier", t->u32, 32);
	field(m, "modern_bars", t->int_, 36);
	field(m, "dummy", t->u64, 40);
	return s;
}

static int legacy_struct(struct btf *m, const struct base_ids *t)
{
	int s = must(btf__add_struct(m, "virtio_pci_legacy_device", 24), "legacy");
	field(m, "pci_dev", t->voidp, 0);
	field(m, "ioaddr", t->voidp, 8);
	field(m, "isr", t->voidp, 16);
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkbtf DIR\n");
		return 2;
	}
	struct base_ids t;
	struct btf *b = base(&t);
	write_raw(b, argv[1], "vmlinux");

	struct btf *modern = btf__new_empty_split(b);
	int mp = must(btf__add_ptr(modern, modern_struct(modern, &t)), "modern *");
	func(modern, "vp_modern_set_status", 0, "mdev", mp, "status", t.u8, NULL);
	func(modern, "vp_modern_get_status", t.u8, "mdev", mp, NULL);
	func(modern, "vp_modern_get_features", t.u64, "mdev", mp, NULL);
	func(modern, "vp_modern_set_features", 0, "mdev", mp, "features", t.u64, NULL);
	write_raw(modern, argv[1], "virtio_pci_modern_dev.ko");

	struct btf *legacy = btf__new_empty_split(b);
	int lp = must(btf__add_ptr(legacy, legacy_struct(legacy, &t)), "legacy *");
	func(legacy, "vp_legacy_set_status", 0, "ldev", lp, "status", t.u8, NULL);
	func(legacy, "vp_legacy_get_status", t.u8, "ldev", lp, NULL);
	write_raw(legacy, argv[1], "virtio_pci_legacy_dev.ko");

	struct btf *pci = btf__new_empty_split(b);
	int ms = modern_struct(pci, &t), ls = legacy_struct(pci, &t);
	must(btf__add_struct(pci, "virtio_pci_device", 152), "virtio_pci_device");
	field(pci, "vdev", t.vdev, 0);
	field(pci, "pci_dev", t.voidp, 64);
	field(pci, "ldev", ls, 72);
	field(pci, "mdev", ms, 96);
	field(pci, "vqs", t.voidp, 144);
	func(pci, "vp_notify", t.bool_, "vq", t.vqp, NULL);
	write_raw(pci, argv[1], "virtio_pci.ko");

	btf__free(pci);
	btf__free(legacy);
	btf__free(modern);
	btf__free(b);
	return 0;
}
