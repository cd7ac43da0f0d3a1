#!/bin/sh
# tests/data/make-dat.sh: make the trace-cmd trace.dat files of tests/data/
# from a real kernel, and the `trace-cmd report` text of each, which the
# tests compare specmon's .dat reader with (tests/golden/input/dat.t).
#
# Not run by `make check`: its outputs are committed.  Run it again only to
# make new ones (then review the tests' expected verdicts, which follow the
# records):
#
#     sh tests/data/make-dat.sh
#
# It writes, in this folder:
#
#     sched.dat      sched_switch, sched_wakeup and a kprobe with arguments
#                    (myprobe: do_sys_openat2 dfd=%di filename=+0(%si):ustring)
#                    over a small workload on two CPUs; trace.dat version 7,
#                    zstd-compressed (trace-cmd 3.1's default)
#     sched-v6.dat   the same records as a version 6 file, uncompressed (the
#                    format of older trace-cmd), converted by the host's
#                    trace-cmd
#     lost.dat       the same events through a 4 KB ring buffer overrun by a
#                    burst: the kernel dropped events on both CPUs
#     *.report       `trace-cmd report -N -t` of each (no plugins: the events'
#                    own key=value text; full nanosecond times)
#
# The host here cannot trace (tracefs is not permitted), so the traces are
# recorded in a QEMU guest: a stock Debian 12 cloud kernel (the package is
# downloaded and unpacked, never installed) booted with a tiny initramfs of
# busybox and the host's own trace-cmd with its libraries.  The guest runs
# trace-cmd and writes each file base64-encoded to its serial console
# between markers, with its sha256; the host decodes and checks them.
#
# Needs (Debian 12): apt-get install -y --no-install-recommends
#     qemu-system-x86 busybox-static cpio trace-cmd
# and access to the Debian archive (about 30 MB for the kernel package).
# TCG only (no KVM needed): the boot and both recordings take about 30 s.
#
# Knobs: DATLAB (scratch folder, default /tmp/datlab; kept, so a second run
# skips the download), KV (kernel ABI, default the one linux-image-cloud-amd64
# depends on), OUT (where the files go, default this folder).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lab=${DATLAB:-/tmp/datlab}
out=${OUT:-$here}

missing=
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing="$missing qemu-system-x86"
# A static busybox (the initramfs has no libc for it), with base64.
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 &&
	/bin/busybox --list | grep -qx base64; } || missing="$missing busybox-static"
command -v cpio >/dev/null 2>&1 || missing="$missing cpio"
command -v trace-cmd >/dev/null 2>&1 || missing="$missing trace-cmd"
if [ -n "$missing" ]; then
	echo "make-dat.sh: missing tools: apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

# ---- the kernel: a Debian 12 cloud image, unpacked into $lab/kernel ----
mkdir -p "$lab"
if [ -z "${KV:-}" ]; then
	KV=$(apt-cache depends linux-image-cloud-amd64 |
		sed -n 's/^ *Depends: linux-image-\(.*-cloud-amd64\)$/\1/p' | head -n 1)
fi
[ -n "$KV" ] || { echo "make-dat.sh: no linux-image-*-cloud-amd64 known to apt (apt-get update?)" >&2; exit 1; }
vmlinuz=$lab/kernel/boot/vmlinuz-$KV
if [ ! -e "$vmlinuz" ]; then
	(cd "$lab" && apt-get download "linux-image-$KV")
	dpkg-deb -x "$lab"/linux-image-"$KV"_*.deb "$lab/kernel"
fi
echo "make-dat.sh: kernel $KV"

# ---- the initramfs: busybox, trace-cmd and its shared libraries ----
root=$lab/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
cp /usr/bin/trace-cmd "$root/bin/trace-cmd"
# Each library where the host has it, and the dynamic loader (the path
# the binary names).
for lib in $(ldd /usr/bin/trace-cmd | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
# Where the kernel's tracing files are: tracefs, mounted by /init.
mkdir -p "$root/sys/kernel/tracing"

cat >"$root/init" <<'INIT'
#!/bin/sh
# The guest: record two traces, send them home over the console, power off.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
T=/sys/kernel/tracing
cd /tmp
# trace-cmd saves /proc/kallsyms (megabytes) in every file: an empty one
# keeps the files small (addresses are then printed as numbers).
: >/tmp/no-kallsyms
mount --bind /tmp/no-kallsyms /proc/kallsyms
# A kprobe with arguments: an integer and a user-space string.
echo 'p:myprobe do_sys_openat2 dfd=%di filename=+0(%si):ustring' >>$T/kprobe_events

# 1. sched.dat: sched_switch, sched_wakeup and myprobe over a small
#    workload on two CPUs.
trace-cmd record -q -o /tmp/sched.dat -e sched:sched_switch -e sched:sched_wakeup \
	-e kprobes:myprobe \
	sh -c 'for i in 1 2 3; do cat /proc/version >/dev/null; sleep 0.02; done & ls / >/dev/null; wait' \
	>/tmp/record.log 2>&1 || cat /tmp/record.log

# 2. lost.dat: a small ring buffer overrun by a burst, then extracted: the
#    kernel says how many events it overwrote at the start of each CPU's
#    first page.
trace-cmd start -b 4 -e sched:sched_switch -e sched:sched_wakeup -e kprobes:myprobe >/dev/null 2>&1
for i in $(seq 300); do cat /proc/version >/dev/null; done
for i in $(seq 40); do sleep 0.001; done
trace-cmd stop >/dev/null 2>&1
trace-cmd extract -o /tmp/lost.dat >/tmp/extract.log 2>&1 || cat /tmp/extract.log
trace-cmd reset >/dev/null 2>&1

for f in sched.dat lost.dat; do
	[ -s /tmp/$f ] || { echo "@@FAILED $f"; continue; }
	echo "@@BEGIN $f"
	base64 /tmp/$f
	echo "@@END $f $(sha256sum /tmp/$f | cut -d' ' -f1)"
done
echo "@@DONE"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$lab/initramfs.cpio.gz"

# ---- boot, and take the files from the console ----
console=$lab/console.log
timeout 600 qemu-system-x86_64 -accel tcg -m 512 -smp 2 -nographic -no-reboot \
	-kernel "$vmlinuz" -initrd "$lab/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=1" </dev/null >"$console" 2>&1 || true
tr -d '\r' <"$console" >"$console.txt"
grep -q '^@@DONE' "$console.txt" || { echo "make-dat.sh: the guest did not finish: see $console" >&2; exit 1; }

for f in sched.dat lost.dat; do
	# (the first marker may follow the firmware's terminal escapes)
	sed -n "/@@BEGIN $f\$/,/^@@END $f /p" "$console.txt" | sed '1d;$d' | base64 -d >"$lab/$f"
	want=$(sed -n "s/^@@END $f //p" "$console.txt")
	got=$(sha256sum "$lab/$f" | cut -d' ' -f1)
	[ -n "$want" ] && [ "$want" = "$got" ] || { echo "make-dat.sh: $f came back damaged (sha256 $got, the guest said '$want')" >&2; exit 1; }
	cp "$lab/$f" "$out/$f"
done
trace-cmd convert -i "$out/sched.dat" --file-version 6 --compression none \
	-o "$out/sched-v6.dat" >/dev/null
for f in sched.dat sched-v6.dat lost.dat; do
	# The text specmon's reader must agree with: the host's trace-cmd,
	# without plugins (-N: sched_switch as the kernel prints it, key=value)
	# and with full timestamps (-t: nanoseconds).
	trace-cmd report -N -t -i "$out/$f" >"$out/${f%.dat}.report" 2>/dev/null
	echo "make-dat.sh: $out/$f ($(wc -c <"$out/$f") bytes, $(wc -l <"$out/${f%.dat}.report") report lines)"
done
