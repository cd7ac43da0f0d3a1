/*
 * vq.h: a small split virtqueue (VirtIO 1.3 §2.7) in memory, with its
 * driver side and its device side, instrumented for specmon's rule library
 * `virtio/notifications`.
 *
 * The shared part is what a guest and a device share: the descriptor table,
 * the available ring (flags, idx, ring[], used_event) and the used ring
 * (flags, idx, ring[], avail_event).  The indexes are free-running u16
 * counters; a queue starts at any index, as one that has already done that
 * many uses, so that the wrap at 65536 comes quickly.  Each side keeps its
 * own private state (the driver's shadow of avail->idx, the device's
 * next_avail and next_used, ...), as Linux's virtio_ring.c and rust-vmm's
 * virtio-queue do.
 *
 * Fields that both sides touch are C11 atomics: a side publishes an index
 * with a release store and reads the other's with an acquire load; between
 * publishing its index and reading the other side's event index (or flags)
 * it issues a full fence (§2.7.13.4.1, rust-vmm's fence(SeqCst)), so that
 * the two sides cannot both miss each other's write.
 *
 * Every decision to notify and every notification is one SM_EMIT, with the
 * values the decider read (doc/library.md, `virtio/notifications`).
 *
 * Built with -DVQ_BUG_NEEDS_NOTIFICATION, the device decides with the
 * rust-vmm bug `used_event + 1 > old` instead of vring_need_event (vq.c).
 */
#ifndef VQ_H
#define VQ_H

#include <specmon/specmon.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define VQ_MAX_SIZE 256
#define VRING_AVAIL_F_NO_INTERRUPT 1 /* avail->flags: the driver wants no interrupt */
#define VRING_USED_F_NO_NOTIFY 1     /* used->flags: the device wants no kick */

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vq_used_elem {
	uint32_t id, len;
};

/* Who is notified: the device (a kick) or the driver (an interrupt). */
enum vq_bell { VQ_KICK, VQ_INTERRUPT };

struct vq {
	/* Negotiated at setup; never changed afterwards. */
	uint16_t size; /* a power of 2, 2 .. VQ_MAX_SIZE */
	bool event_idx; /* VIRTIO_F_EVENT_IDX */

	/* ---- shared memory ---- */
	struct vq_desc desc[VQ_MAX_SIZE];
	struct {
		_Atomic uint16_t flags, idx;
		uint16_t ring[VQ_MAX_SIZE];
		_Atomic uint16_t used_event; /* the spec's ring[size] */
	} avail;
	struct {
		_Atomic uint16_t flags, idx;
		struct vq_used_elem ring[VQ_MAX_SIZE];
		_Atomic uint16_t avail_event; /* the spec's ring[size] */
	} used;

	/* ---- the driver's own state ---- */
	struct {
		uint16_t avail_idx;  /* shadow of avail->idx */
		uint16_t num_added;  /* entries published since the last kick decision */
		uint16_t last_used;  /* next used entry to read */
		uint16_t free_head, num_free; /* free descriptors, chained by .next */
		bool cb_enabled;     /* interrupts wanted */
		bool outstanding[VQ_MAX_SIZE]; /* the device owns this descriptor */
	} drv;

	/* ---- the device's own state ---- */
	struct {
		uint16_t next_avail; /* next available entry to pop */
		uint16_t next_used;  /* next used entry to write */
		uint16_t num_added;  /* used entries since the last decision */
		uint16_t inflight[VQ_MAX_SIZE]; /* popped heads, oldest first */
		uint16_t inflight_head, inflight_len;
		bool kicks_enabled;
	} dev;

	/* ---- instrumentation and notification ---- */
	sm_monitor *mon;
	int dev_id, vq_id;           /* the monitor's key (dev, vq) */
	atomic_bool violated;        /* an emit returned SM_VIOLATION */
	atomic_bool broken;          /* a side saw a corrupt ring (a bug here) */
	void (*ring_bell)(struct vq *q, enum vq_bell bell); /* deliver it */
	void *user;
};

/* Set up an empty queue whose indexes all start at `start`; `size` is a
 * power of 2 up to VQ_MAX_SIZE.  Interrupts and kicks start enabled (with
 * EVENT_IDX: used_event = avail_event = start).  False on a bad size. */
bool vq_init(struct vq *q, uint16_t size, bool event_idx, uint16_t start, sm_monitor *mon,
	     int dev_id, int vq_id, void (*ring_bell)(struct vq *, enum vq_bell), void *user);

/* The driver (Linux's drivers/virtio/virtio_ring.c, split ring). */
unsigned vq_driver_add(struct vq *q, unsigned n);   /* publish up to n buffers */
bool vq_driver_kick_prepare(struct vq *q);          /* decide; emits avail_check */
void vq_driver_kick(struct vq *q);                  /* emits avail_notify, rings */
bool vq_driver_kick_if_needed(struct vq *q);        /* the two above */
unsigned vq_driver_reap(struct vq *q);              /* take back used buffers */
void vq_driver_disable_cb(struct vq *q);
bool vq_driver_enable_cb(struct vq *q);             /* true: used entries pending */
bool vq_driver_enable_cb_delayed(struct vq *q);     /* the same, 3/4 of the way */
unsigned vq_driver_outstanding(const struct vq *q); /* buffers the device owns */

/* The device (rust-vmm's virtio-queue Queue, QEMU's virtio.c). */
unsigned vq_device_pop(struct vq *q, unsigned n);   /* up to n available heads */
bool vq_device_complete(struct vq *q);              /* the oldest popped, to used */
bool vq_device_needs_notification(struct vq *q);    /* decide; emits used_check */
void vq_device_interrupt(struct vq *q);             /* emits used_notify, rings */
bool vq_device_interrupt_if_needed(struct vq *q);   /* the two above */
void vq_device_disable_kicks(struct vq *q);
bool vq_device_enable_kicks(struct vq *q);          /* true: available entries pending */
bool vq_device_has_avail(const struct vq *q);

/* The spec's vring_need_event (appendix virtio_queue.h): an entry of the
 * batch [old, new) was placed at index event, in u16 arithmetic. */
static inline bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

#endif
