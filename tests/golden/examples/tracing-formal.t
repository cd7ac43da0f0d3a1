# examples/tracing-formal: do_first, do_second, do_second, each one SM_EMIT
# line; the second do_second has no do_first before it (alternatesWith):
# one violation, printed by the print reactor, and the exit status counts
# the emits that returned SM_VIOLATION.
$ tracing-formal examples/tracing-formal/order.sm
<emit>:0: violation of order: do_second() with no do_first before it to match
  rule: do_first alternates with do_second
  relation: do_first alternatesWith do_second   (examples/tracing-formal/order.sm:6)
  allowed here: do_first
  history of order:
    <emit>:0  do_first()
    <emit>:0  do_second()
[1]
