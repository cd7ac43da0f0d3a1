# INTERIM (until specmon watch is merged): arm /lab/probes.txt in instance "lab",
# save its trace_pipe, check it with specmon at the end.
monitor_start() {
	INST=$T/instances/lab
	mkdir $INST || return 1
	while IFS= read -r l; do
		case "$l" in ''|'#'*) continue ;; esac
		echo "$l" >> $T/kprobe_events || { say "probe refused: $l"; return 1; }
	done < /lab/probes.txt
	echo 1 > $INST/events/vio/enable || return 1
	echo 16384 > $INST/buffer_size_kb
	cat $INST/trace_pipe > $OUT/trace.txt &
	CATPID=$!
}
monitor_stop() {
	sleep 0.5
	kill $CATPID
	specmon check --json virtio/driver $OUT/trace.txt > $OUT/watch.json 2> $OUT/watch.err
}
