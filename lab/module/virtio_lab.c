// SPDX-License-Identifier: GPL-2.0
/*
 * virtio_lab: a virtio driver that breaks the rules of specmon's
 * specs/virtio/driver.sm on purpose, one rule per mode, so that the lab
 * (lab/, doc/lab.md) can check that each broken rule is reported exactly
 * once, and nothing else.
 *
 *   insmod virtio_lab.ko mode=N
 *
 * It claims virtio-input devices (VIRTIO_ID_INPUT: the lab gives QEMU a
 * virtio-keyboard-pci that no other driver of the guest claims) and, in
 * probe, drives the device through the transport's own operations
 * (vdev->config: set_status, get_status, reset, get_features,
 * finalize_features, find_vqs) and the ring (virtqueue_add_inbuf,
 * virtqueue_kick, virtqueue_notify): the functions the library's kprobes
 * watch.  The virtio core has already taken the device to FEATURES_OK
 * (0xb) when probe runs; every mode starts with a reset and ends with a
 * conformant initialization, so the core's own steps around probe and
 * remove (a status read, the reset in remove, ACKNOWLEDGE again) follow a
 * live device.
 *
 * Modes (the property of driver.sm each breaks; lab/expected/ says why each
 * breaks that one rule only):
 *   0  none: the conformant control (a refused FEATURES_OK handled with
 *      FAILED and a reset, a repeated feature write, a full initialization)
 *   1  status_order            DRIVER_OK written before FEATURES_OK (0x7)
 *   2  no_clear                DRIVER cleared without a reset (0x3 -> 0x1)
 *   3  reset_after_failed      DRIVER set after FAILED, no reset (0x81 -> 0x83)
 *   4  features_ok_step        FEATURES_OK with no feature write before it
 *   5  reread_features_ok      a buffer added before the status re-read
 *   6  refused_features_ok     DRIVER_OK after the device refused FEATURES_OK
 *   7  notify_after_driver_ok  a queue notified after the device was reset
 *   8  features_frozen         an offered feature accepted after FEATURES_OK
 *   9  features_offered        a feature written that the device did not offer
 *
 * Mode 6 and the control's refusal need a device that offers
 * VIRTIO_F_ACCESS_PLATFORM (QEMU: iommu_platform=on): dropping it makes
 * QEMU refuse FEATURES_OK.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>

static int mode;
module_param(mode, int, 0444);
MODULE_PARM_DESC(mode, "0: conformant; 1-9: break one rule of specmon's virtio/driver");

#define ACK	VIRTIO_CONFIG_S_ACKNOWLEDGE
#define DRV	VIRTIO_CONFIG_S_DRIVER
#define FOK	VIRTIO_CONFIG_S_FEATURES_OK
#define DOK	VIRTIO_CONFIG_S_DRIVER_OK
#define FAIL	VIRTIO_CONFIG_S_FAILED

struct lab {
	struct virtio_device *vdev;
	struct virtqueue *vq;	/* NULL when the device has none set up */
	u64 acc;		/* the features the driver accepts */
	u8 buf[8];		/* one virtio_input_event: the eventq's buffer */
};

static void put_status(struct lab *lab, u8 status)
{
	lab->vdev->config->set_status(lab->vdev, status);
}

static u8 read_status(struct lab *lab)
{
	return lab->vdev->config->get_status(lab->vdev);
}

static u64 read_offer(struct lab *lab)
{
	return lab->vdev->config->get_features(lab->vdev);
}

/* The transport writes vdev->features; the driver's own copy stays the
 * negotiated one, so the ring is built as the core agreed. */
static void write_features(struct lab *lab, u64 features)
{
	struct virtio_device *vdev = lab->vdev;
	u64 keep = vdev->features;

	vdev->features = features;
	if (vdev->config->finalize_features(vdev))
		dev_err(&vdev->dev, "virtio_lab: error: feature write 0x%llx refused by the transport\n", features);
	vdev->features = keep;
}

/* A reset; the queues, if any, are gone with it (a reset device has none). */
static void reset(struct lab *lab)
{
	lab->vdev->config->reset(lab->vdev);
	if (lab->vq) {
		lab->vdev->config->del_vqs(lab->vdev);
		lab->vq = NULL;
	}
}

static int setup_queue(struct lab *lab)
{
	lab->vq = virtio_find_single_vq(lab->vdev, NULL, "labq");
	if (IS_ERR(lab->vq)) {
		int err = PTR_ERR(lab->vq);

		lab->vq = NULL;
		dev_err(&lab->vdev->dev, "virtio_lab: error: no queue (%d)\n", err);
		return err;
	}
	return 0;
}

static int add_buffer(struct lab *lab)
{
	struct scatterlist sg;

	sg_init_one(&sg, lab->buf, sizeof(lab->buf));
	return virtqueue_add_inbuf(lab->vq, &sg, 1, lab, GFP_KERNEL);
}

/* §3.1.1 steps 2-6 from a reset device: ACKNOWLEDGE, DRIVER, the features,
 * FEATURES_OK and its re-read.  Returns the status read back. */
static u8 negotiate(struct lab *lab, u64 features)
{
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	read_offer(lab);
	write_features(lab, features);
	put_status(lab, ACK | DRV | FOK);
	return read_status(lab);
}

/* Steps 7-8 and a first buffer: the queue set up and populated, DRIVER_OK,
 * then the notification. */
static int go_live(struct lab *lab)
{
	int err = setup_queue(lab);

	if (!err)
		err = add_buffer(lab);
	put_status(lab, ACK | DRV | FOK | DOK);
	if (!err)
		virtqueue_kick(lab->vq);
	return err;
}

/* A whole conformant initialization from a reset device. */
static int init_device(struct lab *lab)
{
	u8 status = negotiate(lab, lab->acc);

	if (!(status & FOK)) {
		dev_err(&lab->vdev->dev, "virtio_lab: error: FEATURES_OK refused (0x%x)\n", status);
		put_status(lab, status | FAIL);
		return -ENODEV;
	}
	return go_live(lab);
}

/* The lowest bit of mask, or -1. */
static int lowest_bit(u64 mask)
{
	return mask ? __ffs64(mask) : -1;
}

static int mode_control(struct lab *lab)
{
	u64 ap = BIT_ULL(VIRTIO_F_ACCESS_PLATFORM);
	u8 status;

	/* A feature set the device refuses: FAILED, then a reset (§2.1.1,
	 * §3.1.1 step 6 and "it can reset the device later"). */
	reset(lab);
	status = negotiate(lab, lab->acc & ~ap);
	if (status & FOK)
		dev_err(&lab->vdev->dev, "virtio_lab: error: FEATURES_OK without ACCESS_PLATFORM accepted (0x%x)\n", status);
	put_status(lab, status | FAIL);
	reset(lab);
	/* Then a full initialization, with the accepted features written a
	 * second time after FEATURES_OK (the same value: no new feature). */
	negotiate(lab, lab->acc);
	write_features(lab, lab->acc);
	return go_live(lab);
}

static int mode_status_order(struct lab *lab)
{
	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	read_offer(lab);
	write_features(lab, lab->acc);
	put_status(lab, ACK | DRV | DOK);		/* 0x7: broken here */
	reset(lab);
	return init_device(lab);
}

static int mode_no_clear(struct lab *lab)
{
	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	put_status(lab, ACK);				/* DRIVER cleared: broken here */
	put_status(lab, ACK | DRV);
	read_offer(lab);
	write_features(lab, lab->acc);
	put_status(lab, ACK | DRV | FOK);
	read_status(lab);
	return go_live(lab);
}

static int mode_reset_after_failed(struct lab *lab)
{
	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | FAIL);
	put_status(lab, ACK | DRV | FAIL);		/* DRIVER after FAILED: broken here */
	reset(lab);
	return init_device(lab);
}

static int mode_features_ok_step(struct lab *lab)
{
	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	read_offer(lab);
	put_status(lab, ACK | DRV | FOK);		/* no feature written: broken here */
	read_status(lab);
	reset(lab);
	return init_device(lab);
}

static int mode_reread_features_ok(struct lab *lab)
{
	int err;

	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	read_offer(lab);
	write_features(lab, lab->acc);
	put_status(lab, ACK | DRV | FOK);
	err = setup_queue(lab);
	if (!err)
		err = add_buffer(lab);			/* before the re-read: broken here */
	read_status(lab);
	put_status(lab, ACK | DRV | FOK | DOK);
	if (!err)
		virtqueue_kick(lab->vq);
	return err;
}

static int mode_refused_features_ok(struct lab *lab)
{
	u8 status;

	reset(lab);
	status = negotiate(lab, lab->acc & ~BIT_ULL(VIRTIO_F_ACCESS_PLATFORM));
	if (status & FOK)
		dev_err(&lab->vdev->dev, "virtio_lab: error: FEATURES_OK without ACCESS_PLATFORM accepted (0x%x)\n", status);
	put_status(lab, ACK | DRV | FOK | DOK);		/* refused, yet DRIVER_OK: broken here */
	reset(lab);
	return init_device(lab);
}

static int mode_notify_after_driver_ok(struct lab *lab)
{
	struct virtqueue *vq;
	int err;

	reset(lab);
	err = init_device(lab);
	if (err)
		return err;
	vq = lab->vq;
	lab->vdev->config->reset(lab->vdev);
	virtqueue_notify(vq);				/* after the reset: broken here */
	lab->vdev->config->del_vqs(lab->vdev);
	lab->vq = NULL;
	return init_device(lab);
}

static int mode_features_frozen(struct lab *lab)
{
	u64 offer;
	int bit;

	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	offer = read_offer(lab);
	write_features(lab, lab->acc);
	put_status(lab, ACK | DRV | FOK);
	read_status(lab);
	bit = lowest_bit(offer & ~lab->acc);
	if (bit < 0)
		dev_err(&lab->vdev->dev, "virtio_lab: error: the device offers no feature beyond 0x%llx\n", lab->acc);
	else
		write_features(lab, lab->acc | BIT_ULL(bit));	/* after FEATURES_OK: broken here */
	return go_live(lab);
}

static int mode_features_offered(struct lab *lab)
{
	u64 offer;
	int bit;

	reset(lab);
	put_status(lab, ACK);
	put_status(lab, ACK | DRV);
	offer = read_offer(lab);
	/* a device-type bit (0-23) the device does not offer */
	bit = lowest_bit(~offer & GENMASK_ULL(23, 0));
	if (bit < 0) {
		dev_err(&lab->vdev->dev, "virtio_lab: error: the device offers every device-type feature\n");
		write_features(lab, lab->acc);
	} else {
		write_features(lab, lab->acc | BIT_ULL(bit));	/* not offered: broken here */
	}
	put_status(lab, ACK | DRV | FOK);
	read_status(lab);
	return go_live(lab);
}

static int (*const modes[])(struct lab *) = {
	mode_control,
	mode_status_order,
	mode_no_clear,
	mode_reset_after_failed,
	mode_features_ok_step,
	mode_reread_features_ok,
	mode_refused_features_ok,
	mode_notify_after_driver_ok,
	mode_features_frozen,
	mode_features_offered,
};

static int lab_probe(struct virtio_device *vdev)
{
	struct lab *lab;
	int err;

	if (mode < 0 || mode >= (int)ARRAY_SIZE(modes)) {
		dev_err(&vdev->dev, "virtio_lab: error: no mode %d (0-%zu)\n", mode, ARRAY_SIZE(modes) - 1);
		return -EINVAL;
	}
	lab = kzalloc(sizeof(*lab), GFP_KERNEL);
	if (!lab)
		return -ENOMEM;
	lab->vdev = vdev;
	/* What the core negotiated, less VIRTIO_F_RING_RESET (the driver
	 * resets no single queue): an offered feature left for mode 8 to take
	 * after FEATURES_OK.  The ring is built with these features. */
	vdev->features &= ~BIT_ULL(VIRTIO_F_RING_RESET);
	lab->acc = vdev->features;
	vdev->priv = lab;
	dev_info(&vdev->dev, "virtio_lab: mode %d, features 0x%llx\n", mode, lab->acc);
	err = modes[mode](lab);
	if (err) {
		reset(lab);
		kfree(lab);
		vdev->priv = NULL;
		return err;
	}
	dev_info(&vdev->dev, "virtio_lab: mode %d done, status 0x%x\n", mode, read_status(lab));
	return 0;
}

static void lab_remove(struct virtio_device *vdev)
{
	struct lab *lab = vdev->priv;

	reset(lab);
	kfree(lab);
}

static const struct virtio_device_id id_table[] = {
	{ VIRTIO_ID_INPUT, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, id_table);

static struct virtio_driver virtio_lab_driver = {
	.driver.name = KBUILD_MODNAME,
	.driver.owner = THIS_MODULE,
	.id_table = id_table,
	.probe = lab_probe,
	.remove = lab_remove,
};
module_virtio_driver(virtio_lab_driver);

MODULE_DESCRIPTION("specmon lab: a virtio driver that breaks one rule per mode");
MODULE_LICENSE("GPL");
