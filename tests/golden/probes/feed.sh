# feed.sh TRACE [SIGNAL]: the kernel's part for watch.t.  Waits for the
# trace_pipe FIFO that `specmon watch` makes in its instance of the
# stand-in tracefs ./tfs, notes the files there (files.txt) and what the
# enable files hold (enables.txt), then writes TRACE to the pipe.  With
# SIGNAL, keeps the pipe open and sends SIGNAL to the watch (its PID is in
# the instance's name), as Ctrl-C would.
for i in $(seq 100); do
	p=$(ls tfs/instances/*/trace_pipe 2>/dev/null) && break
	sleep 0.1
done
[ -n "$p" ] || { echo "feed.sh: no trace_pipe" >&2; exit 1; }
find tfs | sed 's/specmon-[0-9]*/specmon-PID/' | sort >files.txt
cat tfs/instances/*/events/*/*/enable | tr -d '\n' >enables.txt
if [ -n "${2:-}" ]; then
	pid=${p#tfs/instances/specmon-}
	pid=${pid%/trace_pipe}
	{ cat "$1"; sleep 0.5; kill -"$2" "$pid"; sleep 0.5; } >"$p"
else
	cat "$1" >"$p"
fi
