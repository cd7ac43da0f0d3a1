# specmon graph on the kernel's own models, imported: stall.dot (a hybrid
# model: an invariant on enqueued, resets on two edges; its
# "sched_switch_in\nsched_wakeup" label is two edges) and wwnr.dot, with the
# `start on` event on the arrow to the initial state.  The final state is
# the model's doublecircle (stall) or, none being marked, the initial state
# (wwnr, as in Linux RV).  The invariant is as the model writes it; the
# spec gives threshold_jiffies its value.
# needs: shared
$ cp tests/golden/dot/stall-kernel.sm tests/golden/dot/wwnr-kernel.sm .; specmon graph stall-kernel.sm
digraph "stall-kernel" {
	subgraph "cluster_stall" {
		label = "automaton stall per pid";
		"stall.dequeued" [shape = doublecircle, label = "dequeued"];
		"stall.enqueued" [shape = circle, label = "enqueued\nclk < threshold_jiffies"];
		"stall.running" [shape = circle, label = "running"];
		"stall.__init_dequeued" [shape = point, style = invis, label = ""];
		"stall.__init_dequeued" -> "stall.dequeued" [label = "start on sched_switch_wait"];
		"stall.running" -> "stall.running" [label = "sched_switch_in"];
		"stall.running" -> "stall.running" [label = "sched_wakeup"];
		"stall.enqueued" -> "stall.enqueued" [label = "sched_wakeup"];
		"stall.enqueued" -> "stall.running" [label = "sched_switch_in"];
		"stall.running" -> "stall.dequeued" [label = "sched_switch_wait"];
		"stall.dequeued" -> "stall.enqueued" [label = "sched_wakeup / reset(clk)"];
		"stall.running" -> "stall.enqueued" [label = "sched_switch_preempt / reset(clk)"];
	}
}
$ specmon graph wwnr-kernel.sm wwnr
digraph "wwnr-kernel" {
	subgraph "cluster_wwnr" {
		label = "automaton wwnr per pid";
		"wwnr.not_running" [shape = doublecircle, label = "not_running"];
		"wwnr.running" [shape = circle, label = "running"];
		"wwnr.__init_not_running" [shape = point, style = invis, label = ""];
		"wwnr.__init_not_running" -> "wwnr.not_running" [label = "start on suspend"];
		"wwnr.not_running" -> "wwnr.not_running" [label = "wakeup"];
		"wwnr.not_running" -> "wwnr.running" [label = "switch_in"];
		"wwnr.running" -> "wwnr.not_running" [label = "switch_out"];
	}
}
$ specmon graph wwnr-kernel.sm stall
specmon: error: spec 'wwnr-kernel.sm' has no property 'stall' (its properties: wwnr)
[2]
