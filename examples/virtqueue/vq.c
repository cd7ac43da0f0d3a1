/*
 * vq.c: the split virtqueue of vq.h, both sides.  The driver follows
 * Linux's virtio_ring.c (split ring: virtqueue_add, virtqueue_kick_prepare,
 * virtqueue_get_buf, virtqueue_disable_cb, virtqueue_enable_cb_prepare and
 * virtqueue_enable_cb_delayed); the device follows rust-vmm's virtio-queue
 * (pop, add_used, needs_notification, set_notification) with QEMU's
 * avail_event updates.  Each side runs on one thread at a time; the two
 * sides may run on two threads.
 */
#include "vq.h"

#include <stdio.h>

/* An emit's status: a violation stops the run (the caller looks at
 * q->violated); an error is a bug of this example. */
static void emitted(struct vq *q, int rc)
{
	if (rc == SM_VIOLATION) {
		atomic_store(&q->violated, true);
	} else if (rc != SM_OK) {
		fprintf(stderr, "virtqueue: sm_emit: %s\n", sm_status_str(rc));
		atomic_store(&q->broken, true);
	}
}

static void corrupt(struct vq *q, const char *what)
{
	fprintf(stderr, "virtqueue: queue %d: %s\n", q->vq_id, what);
	atomic_store(&q->broken, true);
}

bool vq_init(struct vq *q, uint16_t size, bool event_idx, uint16_t start, sm_monitor *mon,
	     int dev_id, int vq_id, void (*ring_bell)(struct vq *, enum vq_bell), void *user)
{
	if (size < 2 || size > VQ_MAX_SIZE || (size & (size - 1)))
		return false;
	*q = (struct vq){.size = size, .event_idx = event_idx, .mon = mon, .dev_id = dev_id,
			 .vq_id = vq_id, .ring_bell = ring_bell, .user = user};
	for (uint16_t i = 0; i < size; i++)
		q->desc[i].next = (uint16_t)(i + 1);
	q->drv.num_free = size;
	q->drv.avail_idx = q->drv.last_used = start;
	q->drv.cb_enabled = true;
	q->dev.next_avail = q->dev.next_used = start;
	q->dev.kicks_enabled = true;
	atomic_init(&q->avail.idx, start);
	atomic_init(&q->avail.used_event, start);
	atomic_init(&q->used.idx, start);
	atomic_init(&q->used.avail_event, start);
	return true;
}

/* ---- the driver ---- */

bool vq_driver_kick_prepare(struct vq *q)
{
	/* Publish avail->idx before reading what the device asked for
	 * (§2.7.13.4.1; Linux's virtio_mb at the top of kick_prepare). */
	atomic_thread_fence(memory_order_seq_cst);
	uint16_t avail_event = atomic_load_explicit(&q->used.avail_event, memory_order_relaxed);
	uint16_t used_flags = atomic_load_explicit(&q->used.flags, memory_order_relaxed);
	uint16_t new_idx = q->drv.avail_idx, old = (uint16_t)(new_idx - q->drv.num_added);
	q->drv.num_added = 0;
	/* Without EVENT_IDX Linux kicks on the flag alone, even for an empty
	 * batch; the spec's MUST and SHOULD NOT both speak of "after the driver
	 * writes a descriptor index", so an empty batch asks for nothing. */
	bool notify = q->event_idx ? vring_need_event(avail_event, new_idx, old)
				   : !(used_flags & VRING_USED_F_NO_NOTIFY) && new_idx != old;
	emitted(q, SM_EMIT(q->mon, avail_check, SM_INT(dev, q->dev_id), SM_INT(vq, q->vq_id),
			   SM_INT(old, old), SM_INT(new, new_idx), SM_INT(event_idx, q->event_idx),
			   SM_INT(avail_event, avail_event), SM_INT(used_flags, used_flags),
			   SM_INT(notify, notify)));
	return notify;
}

void vq_driver_kick(struct vq *q)
{
	emitted(q, SM_EMIT(q->mon, avail_notify, SM_INT(dev, q->dev_id), SM_INT(vq, q->vq_id)));
	q->ring_bell(q, VQ_KICK);
}

bool vq_driver_kick_if_needed(struct vq *q)
{
	bool notify = vq_driver_kick_prepare(q);
	if (notify)
		vq_driver_kick(q);
	return notify;
}

unsigned vq_driver_add(struct vq *q, unsigned n)
{
	unsigned added = 0;
	for (; added < n && q->drv.num_free > 0; added++) {
		/* Linux kicks before num_added could wrap, which would make the
		 * batch [old, new) ambiguous. */
		if (q->drv.num_added == UINT16_MAX)
			vq_driver_kick_if_needed(q);
		uint16_t head = q->drv.free_head;
		q->drv.free_head = q->desc[head].next;
		q->drv.num_free--;
		q->desc[head] = (struct vq_desc){.addr = 0x1000u * head, .len = 512};
		q->drv.outstanding[head] = true;
		q->avail.ring[q->drv.avail_idx & (q->size - 1)] = head;
		q->drv.avail_idx++;
		q->drv.num_added++;
		/* The entry and its descriptor before the index (§2.7.13.3.1). */
		atomic_store_explicit(&q->avail.idx, q->drv.avail_idx, memory_order_release);
	}
	return added;
}

unsigned vq_driver_reap(struct vq *q)
{
	uint16_t used_idx = atomic_load_explicit(&q->used.idx, memory_order_acquire);
	if ((uint16_t)(used_idx - q->drv.last_used) > vq_driver_outstanding(q)) {
		corrupt(q, "used->idx moved past the buffers the device owns");
		return 0;
	}
	unsigned reaped = 0;
	for (; q->drv.last_used != used_idx; reaped++) {
		uint32_t id = q->used.ring[q->drv.last_used & (q->size - 1)].id;
		if (id >= q->size || !q->drv.outstanding[id]) {
			corrupt(q, "a used entry names a buffer the device does not own");
			return reaped;
		}
		q->drv.outstanding[id] = false;
		q->desc[id].next = q->drv.free_head;
		q->drv.free_head = (uint16_t)id;
		q->drv.num_free++;
		q->drv.last_used++;
		/* Linux's get_buf: while interrupts are wanted, ask for one at
		 * the next entry, as each entry is taken. */
		if (q->drv.cb_enabled && q->event_idx) {
			atomic_store_explicit(&q->avail.used_event, q->drv.last_used,
					      memory_order_relaxed);
			atomic_thread_fence(memory_order_seq_cst);
		}
	}
	return reaped;
}

void vq_driver_disable_cb(struct vq *q)
{
	q->drv.cb_enabled = false;
	if (q->event_idx)
		/* Linux's value ("a hack": it has none better): an interrupt
		 * is still due when the device's used index passes 0. */
		atomic_store_explicit(&q->avail.used_event, 0, memory_order_relaxed);
	else
		atomic_store_explicit(&q->avail.flags, VRING_AVAIL_F_NO_INTERRUPT,
				      memory_order_relaxed);
}

/* Ask for an interrupt at entry `event`, then look again (Linux's
 * virtqueue_enable_cb_prepare and virtqueue_poll): true when more than
 * `within` used entries are already there, which the device may have
 * written before it could see the request. */
static bool arm_interrupt(struct vq *q, uint16_t event, uint16_t within)
{
	q->drv.cb_enabled = true;
	if (!q->event_idx)
		atomic_store_explicit(&q->avail.flags, 0, memory_order_relaxed);
	atomic_store_explicit(&q->avail.used_event, event, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	uint16_t used_idx = atomic_load_explicit(&q->used.idx, memory_order_acquire);
	return (uint16_t)(used_idx - q->drv.last_used) > within;
}

bool vq_driver_enable_cb(struct vq *q)
{
	return arm_interrupt(q, q->drv.last_used, 0);
}

bool vq_driver_enable_cb_delayed(struct vq *q)
{
	uint16_t bufs = (uint16_t)(vq_driver_outstanding(q) * 3 / 4);
	return arm_interrupt(q, (uint16_t)(q->drv.last_used + bufs), bufs);
}

unsigned vq_driver_outstanding(const struct vq *q)
{
	return (uint16_t)(q->drv.avail_idx - q->drv.last_used);
}

/* ---- the device ---- */

bool vq_device_has_avail(const struct vq *q)
{
	return atomic_load_explicit(&q->avail.idx, memory_order_acquire) != q->dev.next_avail;
}

unsigned vq_device_pop(struct vq *q, unsigned n)
{
	uint16_t avail_idx = atomic_load_explicit(&q->avail.idx, memory_order_acquire);
	uint16_t ready = (uint16_t)(avail_idx - q->dev.next_avail);
	if (ready > q->size - q->dev.inflight_len) {
		corrupt(q, "avail->idx is more than a queue ahead");
		return 0;
	}
	unsigned popped = 0;
	for (; popped < n && popped < ready; popped++) {
		uint16_t head = q->avail.ring[q->dev.next_avail & (q->size - 1)];
		if (head >= q->size) {
			corrupt(q, "an available entry names no descriptor");
			return popped;
		}
		q->dev.inflight[(q->dev.inflight_head + q->dev.inflight_len++) & (q->size - 1)] = head;
		q->dev.next_avail++;
	}
	/* QEMU's virtqueue_pop: with EVENT_IDX, a kick is wanted at the next
	 * entry, while kicks are enabled. */
	if (q->event_idx && q->dev.kicks_enabled)
		atomic_store_explicit(&q->used.avail_event, q->dev.next_avail,
				      memory_order_relaxed);
	return popped;
}

bool vq_device_complete(struct vq *q)
{
	if (q->dev.inflight_len == 0)
		return false;
	if (q->dev.num_added == UINT16_MAX)
		vq_device_interrupt_if_needed(q);
	uint16_t head = q->dev.inflight[q->dev.inflight_head];
	q->dev.inflight_head = (uint16_t)((q->dev.inflight_head + 1) & (q->size - 1));
	q->dev.inflight_len--;
	q->used.ring[q->dev.next_used & (q->size - 1)] =
		(struct vq_used_elem){.id = head, .len = q->desc[head].len};
	q->dev.next_used++;
	q->dev.num_added++;
	/* The element before the index (§2.7.8.2). */
	atomic_store_explicit(&q->used.idx, q->dev.next_used, memory_order_release);
	return true;
}

#ifdef VQ_BUG_NEEDS_NOTIFICATION
/* The bug: "did the driver ask for an entry at or past old?", as a plain
 * u16 comparison.  Away from the wrap it agrees with vring_need_event when
 * used_event lies in the batch; across the wrap it does not: used_event =
 * 65535 (65535 + 1 is 0 in u16) or a used_event past 0 in a batch that
 * crossed 0 (Linux's disable_cb writes 0) is below old, and the mandatory
 * interrupt is skipped.  It also interrupts when used_event is past the
 * batch, which the spec advises against (SHOULD NOT). */
static bool used_event_reached(uint16_t used_event, uint16_t new_idx, uint16_t old)
{
	(void)new_idx;
	return (uint16_t)(used_event + 1) > old;
}
#else
static bool used_event_reached(uint16_t used_event, uint16_t new_idx, uint16_t old)
{
	return vring_need_event(used_event, new_idx, old);
}
#endif

bool vq_device_needs_notification(struct vq *q)
{
	/* Publish used->idx before reading what the driver asked for. */
	atomic_thread_fence(memory_order_seq_cst);
	uint16_t used_event = atomic_load_explicit(&q->avail.used_event, memory_order_relaxed);
	uint16_t avail_flags = atomic_load_explicit(&q->avail.flags, memory_order_relaxed);
	uint16_t new_idx = q->dev.next_used, old = (uint16_t)(new_idx - q->dev.num_added);
	q->dev.num_added = 0;
	/* Without EVENT_IDX rust-vmm always interrupts (it ignores
	 * VRING_AVAIL_F_NO_INTERRUPT, which the spec allows: SHOULD NOT);
	 * this device honours the flag, so the SHOULD NOT rule holds too. */
	bool notify = q->event_idx ? used_event_reached(used_event, new_idx, old)
				   : !(avail_flags & VRING_AVAIL_F_NO_INTERRUPT) && new_idx != old;
	emitted(q, SM_EMIT(q->mon, used_check, SM_INT(dev, q->dev_id), SM_INT(vq, q->vq_id),
			   SM_INT(old, old), SM_INT(new, new_idx), SM_INT(event_idx, q->event_idx),
			   SM_INT(used_event, used_event), SM_INT(avail_flags, avail_flags),
			   SM_INT(notify, notify)));
	return notify;
}

void vq_device_interrupt(struct vq *q)
{
	emitted(q, SM_EMIT(q->mon, used_notify, SM_INT(dev, q->dev_id), SM_INT(vq, q->vq_id)));
	q->ring_bell(q, VQ_INTERRUPT);
}

bool vq_device_interrupt_if_needed(struct vq *q)
{
	bool notify = vq_device_needs_notification(q);
	if (notify)
		vq_device_interrupt(q);
	return notify;
}

void vq_device_disable_kicks(struct vq *q)
{
	q->dev.kicks_enabled = false;
	/* With EVENT_IDX, rust-vmm and QEMU leave avail_event where it is. */
	if (!q->event_idx)
		atomic_store_explicit(&q->used.flags, VRING_USED_F_NO_NOTIFY, memory_order_relaxed);
}

bool vq_device_enable_kicks(struct vq *q)
{
	q->dev.kicks_enabled = true;
	if (q->event_idx)
		atomic_store_explicit(&q->used.avail_event, q->dev.next_avail,
				      memory_order_relaxed);
	else
		atomic_store_explicit(&q->used.flags, 0, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	return vq_device_has_avail(q);
}
