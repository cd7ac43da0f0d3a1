/* smrt_kmod_tables.h: a stand-in for the spec's probes of a generated
 * module, so that kmod.c.in compiles on its own against tests/kstub
 * (Makefile: the kmod check): what `specmon gen kmod
 * tests/golden/gen/kmod.sm` writes with the fixture BTF (a kprobe with
 * container_of fetches, a kretprobe with its entry's data, a string field
 * left out), prefix "smrt". */

/* The rules' titles, for the report's `rule:` line. */
static const char *const smk_titles[] = {
	"VirtIO 1.3 \302\2473.1.1: no notification before DRIVER_OK",
	"a status read within 10ms of each write",
};

/* p:specmon/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 status=%si:u8 */
static void smk_fetch_0(struct pt_regs *regs, int64_t *v, unsigned char *h)
{
	{ /* dev=-96(%di):s32 */
		static const long off[] = {-96};
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[0] = smk_fetch(base, off, 1, 4, true, &v[0]);
	}
	{ /* status=%si:u8 */
		unsigned long base = regs_get_kernel_argument(regs, 1);
		h[1] = smk_fetch(base, NULL, 0, 1, false, &v[1]);
	}
}

static void smk_bind_0(const int64_t *v, const unsigned char *h, const int64_t *ev, const unsigned char *eh)
{
	struct smrt_match ms[4];
	size_t n = 0;
	(void)v;
	(void)h;
	(void)ev;
	(void)eh;
	/* set_status */
	int64_t v0[2] = {0};
	unsigned char h0[2] = {0};
	v0[0] = v[0];
	h0[0] = h[0];
	v0[1] = v[1];
	h0[1] = h[1];
	ms[n].event = 0;
	ms[n].values = v0;
	ms[n++].present = h0;
	smk_instant(ms, n, "kprobe:vp_modern_set_status");
}

/* p:specmon/get_status virtio_pci_modern_dev:vp_modern_get_status dev=-96(%di):s32 */
static void smk_fetch_1(struct pt_regs *regs, int64_t *v, unsigned char *h)
{
	{ /* dev=-96(%di):s32 */
		static const long off[] = {-96};
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[0] = smk_fetch(base, off, 1, 4, true, &v[0]);
	}
}

static void smk_bind_1(const int64_t *v, const unsigned char *h, const int64_t *ev, const unsigned char *eh)
{
	struct smrt_match ms[4];
	size_t n = 0;
	(void)v;
	(void)h;
	(void)ev;
	(void)eh;
	/* read_call */
	int64_t v0[1] = {0};
	unsigned char h0[1] = {0};
	v0[0] = v[0];
	h0[0] = h[0];
	ms[n].event = 1;
	ms[n].values = v0;
	ms[n++].present = h0;
	smk_instant(ms, n, "kprobe:vp_modern_get_status");
}

/* r:specmon/get_status_ret virtio_pci_modern_dev:vp_modern_get_status status=$retval:u8 */
static void smk_fetch_2(struct pt_regs *regs, int64_t *v, unsigned char *h)
{
	{ /* status=$retval:u8 */
		unsigned long base = regs_return_value(regs);
		h[0] = smk_fetch(base, NULL, 0, 1, false, &v[0]);
	}
}

static void smk_bind_2(const int64_t *v, const unsigned char *h, const int64_t *ev, const unsigned char *eh)
{
	struct smrt_match ms[4];
	size_t n = 0;
	(void)v;
	(void)h;
	(void)ev;
	(void)eh;
	/* read */
	int64_t v0[2] = {0};
	unsigned char h0[2] = {0};
	if (!h0[0] && eh) {
		v0[0] = ev[0];
		h0[0] = eh[0];
	}
	v0[1] = v[0];
	h0[1] = h[0];
	ms[n].event = 2;
	ms[n].values = v0;
	ms[n++].present = h0;
	smk_instant(ms, n, "kretprobe:vp_modern_get_status");
}

/* p:specmon/notify virtio_pci:vp_notify dev=+0(+16(%di)):s32 vq=+24(%di):u32 vqname=+0(+8(%di)):string */
static void smk_fetch_3(struct pt_regs *regs, int64_t *v, unsigned char *h)
{
	{ /* dev=+0(+16(%di)):s32 */
		static const long off[] = {16, 0};
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[0] = smk_fetch(base, off, 2, 4, true, &v[0]);
	}
	{ /* vq=+24(%di):u32 */
		static const long off[] = {24};
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[1] = smk_fetch(base, off, 1, 4, false, &v[1]);
	}
	h[2] = 0; /* vqname=+0(+8(%di)):string: not an integer, left out */
}

static void smk_bind_3(const int64_t *v, const unsigned char *h, const int64_t *ev, const unsigned char *eh)
{
	struct smrt_match ms[4];
	size_t n = 0;
	(void)v;
	(void)h;
	(void)ev;
	(void)eh;
	/* notify */
	int64_t v0[3] = {0};
	unsigned char h0[3] = {0};
	v0[0] = v[0];
	h0[0] = h[0];
	v0[1] = v[1];
	h0[1] = h[1];
	v0[2] = v[2];
	h0[2] = h[2];
	ms[n].event = 3;
	ms[n].values = v0;
	ms[n++].present = h0;
	smk_instant(ms, n, "kprobe:vp_notify");
}

static int smk_hit_0(struct kprobe *kp, struct pt_regs *regs)
{
	int64_t v[2] = {0};
	unsigned char h[2] = {0};
	(void)kp;
	smk_fetch_0(regs, v, h);
	smk_bind_0(v, h, NULL, NULL);
	return 0;
}

static int smk_hit_1(struct kprobe *kp, struct pt_regs *regs)
{
	int64_t v[1] = {0};
	unsigned char h[1] = {0};
	(void)kp;
	smk_fetch_1(regs, v, h);
	smk_bind_1(v, h, NULL, NULL);
	return 0;
}

/* The entry's fields (read_call, fetched as probe get_status fetches them), kept for the return. */
struct smk_entry_2 {
	int64_t v[1];
	unsigned char h[1];
};

static int smk_enter_2(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct smk_entry_2 *d = (void *)ri->data;
	int64_t v[1] = {0};
	unsigned char h[1] = {0};
	smk_fetch_1(regs, v, h);
	(void)v;
	(void)h;
	d->v[0] = v[0];
	d->h[0] = h[0];
	return 0;
}

static int smk_return_2(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	int64_t v[1] = {0};
	unsigned char h[1] = {0};
	struct smk_entry_2 *d = (void *)ri->data;
	smk_fetch_2(regs, v, h);
	smk_bind_2(v, h, d->v, d->h);
	return 0;
}

static int smk_hit_3(struct kprobe *kp, struct pt_regs *regs)
{
	int64_t v[3] = {0};
	unsigned char h[3] = {0};
	(void)kp;
	smk_fetch_3(regs, v, h);
	smk_bind_3(v, h, NULL, NULL);
	return 0;
}

static struct smk_probe smk_probes[] = {
	{.name = "set_status", .func = "vp_modern_set_status", .module = "virtio_pci_modern_dev",
	 .pre = smk_hit_0},
	{.name = "get_status", .func = "vp_modern_get_status", .module = "virtio_pci_modern_dev",
	 .pre = smk_hit_1},
	{.name = "get_status_ret", .func = "vp_modern_get_status", .module = "virtio_pci_modern_dev", .ret = true,
	 .handler = smk_return_2, .entry_handler = smk_enter_2,
	 .data_size = sizeof(struct smk_entry_2)},
	{.name = "notify", .func = "vp_notify", .module = "virtio_pci",
	 .pre = smk_hit_3},
};
