/*
 * fuzz_virtqueue.c: the split virtqueue of examples/virtqueue driven on one
 * thread by operations the fuzzer chooses, with specmon's rule library
 * `virtio/notifications` as the oracle: every decision to notify is
 * emitted with the values the decider read, and a violation aborts (the
 * abort reactor prints the report first), as does a ring the queue finds
 * corrupt.  The correct queue must never abort, whatever the operations,
 * including event indexes and flags set to any value (the other side
 * writes them; the decider must still decide by the spec).
 *
 * Input: byte 0 the queue size (2 << (b % 8): 2 .. 256), byte 1 bit 0
 * EVENT_IDX, bytes 2-3 the start index (little-endian: near 65535 reaches
 * the wrap at once); then one operation a byte, op = b % 16 and arg = b / 16
 * (a two-byte value follows the ops that set an event index).
 *
 * The bug build (rust-vmm's needs_notification, -DVQ_BUG_NEEDS_NOTIFICATION):
 * `make fuzz-virtqueue-bug` builds it and runs it until it aborts.  There
 * the SHOULD NOT rules are not the oracle (the bug interrupts where it need
 * not, at once: an empty batch does it), so that the fuzzer looks for the
 * missed interrupt, which needs the wrap.  From an empty corpus it found one
 * after 5455 inputs (about a second: used_event 65535, batch [65535, 0));
 * with fuzz/corpus/virtqueue, at its 4th input.  The correct build ran
 * 654636 inputs in 3 minutes without an abort.
 */
#include "../examples/virtqueue/vq.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MONITOR_SPEC "virtio/notifications"

static sm_spec *spec_once(void)
{
	static sm_spec *spec;
	if (spec)
		return spec;
	char *path = NULL;
	if (sm_library_find(MONITOR_SPEC, &path) != SM_OK ||
	    sm_spec_load(path, &spec, NULL, NULL) != SM_OK) {
		fprintf(stderr, "fuzz_virtqueue: cannot load %s from the rule library\n",
			MONITOR_SPEC);
		abort();
	}
	free(path);
	return spec;
}

static void on_violation(void *ud, const sm_violation_info *v)
{
#ifdef VQ_BUG_NEEDS_NOTIFICATION
	if (strcmp(v->property, "used_notify_only_when_needed") == 0)
		return;
#endif
	sm_reactor_abort(ud, v);
}

static void count_bell(struct vq *q, enum vq_bell bell)
{
	unsigned *bells = q->user;
	bells[bell]++;
}

static uint16_t u16_at(const uint8_t *data, size_t size, size_t *at)
{
	uint16_t v = 0;
	if (*at < size)
		v = data[(*at)++];
	if (*at < size)
		v |= (uint16_t)(data[(*at)++] << 8);
	return v;
}

/* One operation of either side; the notifications follow their decisions
 * at once, as vq_*_if_needed do. */
static void operate(struct vq *q, unsigned op, unsigned arg, const uint8_t *data, size_t size,
		    size_t *at)
{
	switch (op) {
	case 0: vq_driver_add(q, arg + 1); break;
	case 1: vq_driver_kick_if_needed(q); break;
	case 2: vq_driver_reap(q); break;
	case 3: vq_driver_disable_cb(q); break;
	case 4: vq_driver_enable_cb(q); break;
	case 5: vq_driver_enable_cb_delayed(q); break;
	case 6: vq_device_pop(q, arg + 1); break;
	case 7: vq_device_complete(q); break;
	case 8: vq_device_interrupt_if_needed(q); break;
	case 9: vq_device_disable_kicks(q); break;
	case 10: vq_device_enable_kicks(q); break;
	case 11: atomic_store(&q->avail.used_event, u16_at(data, size, at)); break;
	case 12: atomic_store(&q->used.avail_event, u16_at(data, size, at)); break;
	case 13: atomic_store(&q->avail.flags, (uint16_t)arg); break;
	case 14: atomic_store(&q->used.flags, (uint16_t)arg); break;
	default: /* a batch: complete everything popped, then decide */
		while (vq_device_complete(q))
			;
		vq_device_interrupt_if_needed(q);
		break;
	}
}

/* One monitor for every input: each input's operations leave every rule of
 * the queue's instance where it started (a decision is followed by its
 * notification at once), and making a monitor costs more than an input. */
static sm_monitor *monitor_once(void)
{
	static sm_monitor *mon;
	if (mon)
		return mon;
	sm_options opt;
	sm_options_init(&opt);
	opt.out = NULL;
	opt.err = NULL;
	opt.reactor = on_violation;
	if (sm_monitor_new(spec_once(), &opt, &mon) != SM_OK)
		abort();
	return mon;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	static struct vq q;
	unsigned bells[2] = {0, 0};
	size_t at = 2;
	uint16_t start = u16_at(data, size, &at);
	if (!vq_init(&q, (uint16_t)(2u << (data[0] % 8)), data[1] & 1, start, monitor_once(), 0,
		     0, count_bell, bells))
		abort();
	while (at < size && !atomic_load(&q.broken)) {
		uint8_t b = data[at++];
		operate(&q, b % 16, b / 16, data, size, &at);
	}
	if (atomic_load(&q.broken))
		abort();
	return 0;
}
