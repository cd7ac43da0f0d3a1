#!/usr/bin/env python3
"""The specmon lab: real Linux virtio drivers against real QEMU devices.

Fetches a Debian 12 cloud kernel and its headers with `apt-get download`
(the version apt knows, not a pinned one) into a cache, builds the lab's
module (lab/module/) against those headers, packs an initramfs (busybox,
the kernel's virtio modules, the module, a static specmon, the rule
library, lab/guest/init), boots it under qemu-system-x86_64 (TCG) with
balloon, rng, net, blk, console and a virtio-keyboard for the lab's module,
and then checks:

  - the driver side: `specmon check virtio/driver` on the trace the guest
    recorded, and the verdicts specmon gave live inside the guest;
  - the device side: `specmon check virtio/device` on QEMU's -trace log;
  - the kernel module side: the reports that `specmon gen kmod
    virtio/driver`'s module, loaded before the drivers, wrote to the
    guest's kernel log (checked against the driver side's list);

against lab/expected/SCENARIO.txt, phase by phase.  Any missing, extra or
duplicated verdict fails the run.  doc/lab.md tells the rest.

    lab/lab.py --specmon build/specmon --static build-static/specmon
"""
import argparse
import filecmp
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

# The device each virtio device ID names in the expected lists.
ROLES = {1: "net", 2: "blk", 3: "console", 4: "rng", 5: "balloon", 18: "lab"}
# The in-tree drivers the guest loads (in this order), by module file name.
DRIVERS = ["virtio_pci", "virtio_balloon", "virtio-rng", "virtio_net",
           "virtio_blk", "virtio_console"]

# What each scenario boots and does; its expected verdicts are
# lab/expected/NAME.txt.
SCENARIOS = {
    # boot, then use every device, then the lab's module mode by mode
    "full": {"exercise": 1, "modes": "1,2,3,4,5,6,7,8,9,0",
             "rng": "virtio-rng-pci", "lab_device": True},
    # boot with an rng device that has only the legacy interface (§3.1.2)
    "legacy-rng": {"exercise": 0, "modes": "",
                   "rng": "virtio-rng-pci,disable-modern=on", "lab_device": False},
}


def note(msg):
    print("lab: " + msg, flush=True)


def die(msg):
    print("lab: error: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def run(cmd, **kw):
    """Run a command; its failure ends the lab with the command's output."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, **kw)
    if r.returncode != 0:
        die("%s failed (%d):\n%s" % (" ".join(cmd), r.returncode, r.stdout[-4000:]))
    return r.stdout


# ---- the kernel: Debian packages, downloaded once into the cache ----------

def kernel_version():
    """The ABI of the cloud kernel apt would install (KV overrides); one
    apt-get update when apt knows none (a fresh machine's empty lists)."""
    if os.environ.get("KV"):
        return os.environ["KV"]
    for attempt in (1, 2):
        r = subprocess.run(["apt-cache", "depends", "linux-image-cloud-amd64"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        m = re.search(r"Depends: linux-image-(\S+-cloud-amd64)", r.stdout)
        if m:
            return m.group(1)
        if attempt == 1:
            run(["apt-get", "update", "-q"])
    die("apt knows no linux-image-*-cloud-amd64, even after apt-get update")


def header_packages(kv):
    out = run(["apt-cache", "depends", "linux-headers-" + kv])
    deps = re.findall(r"Depends: (linux-(?:headers-\S+-common|kbuild-\S+))", out)
    return ["linux-headers-" + kv] + deps


def download(pkgs, debs):
    """apt-get download what the cache lacks; one apt-get update and a retry
    when a download fails (a stale package list)."""
    missing = [p for p in pkgs if not any(f.startswith(p + "_") for f in os.listdir(debs))]
    if not missing:
        return
    note("downloading " + " ".join(missing))
    cmd = ["apt-get", "download", "-q"] + missing
    if subprocess.run(cmd, cwd=debs).returncode != 0:
        run(["apt-get", "update", "-q"])
        run(cmd, cwd=debs)


def fetch_kernel(cache, kv):
    """The image, modules and headers of kv, unpacked under cache/kv/root."""
    debs = os.path.join(cache, "debs")
    root = os.path.join(cache, kv, "root")
    stamp = os.path.join(cache, kv, "unpacked")
    if os.path.exists(stamp):
        return root
    os.makedirs(debs, exist_ok=True)
    pkgs = ["linux-image-" + kv] + header_packages(kv)
    download(pkgs, debs)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    for p in pkgs:
        deb = sorted(f for f in os.listdir(debs) if f.startswith(p + "_"))[-1]
        run(["dpkg-deb", "-x", os.path.join(debs, deb), root])
    # The headers' Makefile includes the common headers by their installed
    # path: point it at the unpacked ones.
    common = [p for p in pkgs if p.endswith("-common")][0]
    with open(os.path.join(root, "usr/src/linux-headers-" + kv, "Makefile"), "w") as f:
        f.write("include %s/usr/src/%s/Makefile\n" % (root, common))
    open(stamp, "w").close()
    return root


def build_module(cache, kv, root):
    """lab/module/ built out of tree with the kernel's compiler (gcc-12)."""
    src = os.path.join(HERE, "module")
    out = os.path.join(cache, kv, "module")
    ko = os.path.join(out, "virtio_lab.ko")
    sources = [os.path.join(src, f) for f in os.listdir(src)]
    if os.path.exists(ko) and all(os.path.getmtime(ko) > os.path.getmtime(s) for s in sources):
        return ko
    os.makedirs(out, exist_ok=True)
    for s in sources:
        shutil.copy(s, out)
    note("building the module")
    run(["make", "-s", "-C", os.path.join(root, "usr/src/linux-headers-" + kv),
         "M=" + out, "CC=gcc-12", "modules"])
    return ko


# ---- the kernel module that `specmon gen kmod` writes ----------------------

# The module's name (gen kmod's default for virtio/driver).
KMOD = "specmon_virtio_driver"
# The legacy LZ4 frame's magic: the cloud kernel's bzImage payload.
LZ4_LEGACY = b"\x02\x21\x4c\x18"


def extract_vmlinux(cache, kv, root):
    """The ELF vmlinux inside the kernel image, for its BTF (the base of the
    modules' BTF): the image's LZ4 payload, decompressed by Debian's lz4,
    which reads the kernel's legacy frames.  Kept in the cache."""
    out = os.path.join(cache, kv, "vmlinux")
    if os.path.exists(out):
        return out
    if not shutil.which("lz4"):
        die("lz4 is not installed (doc/lab.md: what the lab needs)")
    with open(os.path.join(root, "boot/vmlinuz-" + kv), "rb") as f:
        image = f.read()
    at = image.find(LZ4_LEGACY)
    while at >= 0:
        # lz4 says "trailing garbage" (exit 1) for the image's bytes after
        # the payload: the ELF it wrote is what counts.
        r = subprocess.run(["lz4", "-dc"], input=image[at:], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        if r.stdout[:4] == b"\x7fELF" and b".BTF" in r.stdout:
            with open(out + ".tmp", "wb") as f:
                f.write(r.stdout)
            os.rename(out + ".tmp", out)
            return out
        at = image.find(LZ4_LEGACY, at + 1)
    die("no LZ4 payload with an ELF vmlinux (and .BTF) in boot/vmlinuz-" + kv)


def build_kmod(cache, kv, root, specmon, order):
    """`specmon gen kmod virtio/driver` with the guest kernel's BTF (vmlinux
    and the modules the drivers load), built like the lab's module.  The
    sources are generated afresh each run; only the files that changed are
    copied, so Kbuild rebuilds only when the generator's output changed."""
    vmlinux = extract_vmlinux(cache, kv, root)
    kdir = os.path.join(root, "lib/modules", kv, "kernel")
    new = os.path.join(cache, kv, "kmod.new")
    out = os.path.join(cache, kv, "kmod")
    shutil.rmtree(new, ignore_errors=True)
    os.makedirs(new)
    btf = ["--btf", vmlinux]
    for m in order:
        btf += ["--btf", os.path.join(kdir, m + ".ko")]
    run([specmon, "gen", "kmod", "virtio/driver", "-o", new, "--name", KMOD] + btf)
    for d, _, files in os.walk(new):
        for f in files:
            src = os.path.join(d, f)
            dst = os.path.join(out, os.path.relpath(src, new))
            if not os.path.exists(dst) or not filecmp.cmp(src, dst, shallow=False):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(src, dst)
    shutil.rmtree(new)
    run(["make", "-s", "-C", os.path.join(root, "usr/src/linux-headers-" + kv),
         "M=" + out, "CC=gcc-12", "modules"])
    return os.path.join(out, KMOD + ".ko")


# ---- the initramfs ---------------------------------------------------------

def modinfo_depends(path):
    with open(path, "rb") as f:
        m = re.search(rb"\0depends=([^\0]*)\0", f.read())
    return [d for d in m.group(1).decode().split(",") if d] if m else []


def module_order(root, kv):
    """DRIVERS and everything they depend on, each after its dependencies,
    as paths under lib/modules/KV/kernel without .ko."""
    kdir = os.path.join(root, "lib/modules", kv, "kernel")
    where = {}
    for d, _, files in os.walk(kdir):
        for f in files:
            if f.endswith(".ko"):
                where[f[:-3].replace("-", "_")] = os.path.relpath(os.path.join(d, f), kdir)[:-3]
    order = []

    def visit(name):
        name = name.replace("-", "_")
        if name not in where:
            die("no module %s in %s" % (name, kdir))
        if where[name] in order:
            return
        for dep in modinfo_depends(os.path.join(kdir, where[name] + ".ko")):
            visit(dep)
        order.append(where[name])

    for d in DRIVERS:
        visit(d)
    return order


def newc(entries):
    """An uncompressed cpio archive (newc) of (path, mode, data) entries."""
    out = bytearray()
    for ino, (path, mode, data) in enumerate(entries + [("TRAILER!!!", 0, b"")], 1):
        name = path.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
        out += b"070701" + b"".join(b"%08x" % v for v in fields) + name
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return bytes(out)


def has_interpreter(path):
    """Whether an ELF64 program asks for a dynamic loader (PT_INTERP)."""
    with open(path, "rb") as f:
        elf = f.read()
    phoff = int.from_bytes(elf[0x20:0x28], "little")
    size = int.from_bytes(elf[0x36:0x38], "little")
    count = int.from_bytes(elf[0x38:0x3a], "little")
    return any(int.from_bytes(elf[phoff + i * size:phoff + i * size + 4], "little") == 3
               for i in range(count))


def initramfs(path, root, kv, ko, kmod, static):
    """busybox, the modules, the lab's module, gen kmod's module (when
    kmod), specmon and the library."""
    entries = []
    dirs = set()

    def add_dir(d):
        if d and d not in dirs:
            add_dir(os.path.dirname(d))
            dirs.add(d)
            entries.append((d, stat.S_IFDIR | 0o755, b""))

    def add_file(dst, src=None, data=None, mode=0o644):
        add_dir(os.path.dirname(dst))
        if data is None:
            with open(src, "rb") as f:
                data = f.read()
        entries.append((dst, stat.S_IFREG | mode, data))

    busybox = shutil.which("busybox") or die("busybox-static is not installed")
    if has_interpreter(busybox):
        die("%s is not static: apt-get install busybox-static" % busybox)
    add_file("bin/busybox", busybox, mode=0o755)
    applets = subprocess.run([busybox, "--list"], stdout=subprocess.PIPE, text=True).stdout.split()
    for a in applets:
        if a != "busybox":
            entries.append(("bin/" + a, stat.S_IFLNK | 0o777, b"busybox"))
    for d in ("proc", "sys", "dev", "tmp", "sys/kernel/tracing"):
        add_dir(d)
    kdir = os.path.join(root, "lib/modules", kv, "kernel")
    order = module_order(root, kv)
    for m in order:
        add_file("lib/modules/%s/kernel/%s.ko" % (kv, m), os.path.join(kdir, m + ".ko"))
    add_file("lab/modules.order", data=("\n".join(order) + "\n").encode())
    add_file("lab/virtio_lab.ko", ko)
    if kmod:
        add_file("lab/%s.ko" % KMOD, kmod)
    add_file("init", os.path.join(HERE, "guest/init"), mode=0o755)
    add_file("bin/specmon", static, mode=0o755)
    specs = os.path.join(TOP, "specs")
    for d, _, files in os.walk(specs):
        for f in sorted(files):
            if f.endswith(".sm"):
                add_file("lab/specs/" + os.path.relpath(os.path.join(d, f), specs),
                         os.path.join(d, f))
    with open(path, "wb") as f:
        f.write(newc(entries))


# ---- the guest -------------------------------------------------------------

class Console(threading.Thread):
    """Reads the guest's console (QEMU's stdout), notes when each line
    arrives (the host clock, which QEMU's log uses), and answers the
    guest's balloon requests through QMP."""

    def __init__(self, proc, log, qmp):
        super().__init__(daemon=True)
        self.proc, self.log, self.qmp = proc, log, qmp
        self.lines = []          # (host time, text)

    def run(self):
        with open(self.log, "w") as log:
            for raw in self.proc.stdout:
                t = time.time()
                line = raw.decode(errors="replace").rstrip("\r\n")
                self.lines.append((t, line))
                log.write("%.6f %s\n" % (t, line))
                log.flush()
                m = re.match(r".*@@REQ balloon (\d+)$", line)
                if m:
                    self.qmp("balloon", {"value": int(m.group(1)) << 20})


def qmp_client(path):
    """A function that sends one QMP command (connecting on first use)."""
    state = {}

    def send(cmd, args):
        if "f" not in state:
            s = socket.socket(socket.AF_UNIX)
            s.connect(path)
            state["f"] = s.makefile("rw")
            state["f"].readline()
            state["f"].write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
            state["f"].flush()
            state["f"].readline()
        state["f"].write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
        state["f"].flush()
        state["f"].readline()
    return send


def qemu_command(sc, kernel, initrd, outdir, append):
    disk = os.path.join(outdir, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(8 << 20)
    cmd = ["qemu-system-x86_64", "-M", "pc", "-accel", "tcg", "-cpu", "max", "-smp", "1",
           "-m", "256", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
           "-kernel", kernel, "-initrd", initrd, "-append", append,
           "-serial", "stdio", "-serial", "file:" + os.path.join(outdir, "ttyS1.bin"),
           "-qmp", "unix:%s,server=on,wait=off" % os.path.join(outdir, "qmp.sock"),
           "-device", "virtio-balloon-pci",
           "-device", sc["rng"],
           "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,romfile=",
           "-drive", "file=%s,if=none,id=d0,format=raw" % disk,
           "-device", "virtio-blk-pci,drive=d0",
           "-device", "virtio-serial-pci",
           "-chardev", "file,id=hvc,path=" + os.path.join(outdir, "hvc0.txt"),
           "-device", "virtconsole,chardev=hvc"]
    if sc["lab_device"]:
        # offers ACCESS_PLATFORM: a driver that drops it is refused FEATURES_OK
        cmd += ["-device", "virtio-keyboard-pci,iommu_platform=on"]
    cmd += ["-D", os.path.join(outdir, "qemu_trace.log"), "-msg", "timestamp=on",
            "-trace", "virtio_*"]
    return cmd


def boot(name, sc, kernel, initrd, outdir, timeout):
    """Runs the guest and takes its files; returns the console lines (host
    time, text)."""
    os.makedirs(outdir, exist_ok=True)
    for f in os.listdir(outdir):
        os.unlink(os.path.join(outdir, f))
    # printk.devkmsg=on: the guest's phase markers in /dev/kmsg are never
    # rate-limited away
    append = ("console=ttyS0 panic=-1 loglevel=4 printk.devkmsg=on "
              "lab.exercise=%d lab.modes=%s" % (sc["exercise"], sc["modes"]))
    cmd = qemu_command(sc, kernel, initrd, outdir, append)
    with open(os.path.join(outdir, "qemu-command.txt"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    lines = run_qemu(name, cmd, outdir, timeout)
    for _, l in lines:
        if "@@FAIL" in l:
            die("%s: the guest failed: %s (see %s/console.log)" % (name, l, outdir))
    if not any("@@DONE" in l for _, l in lines):
        die("%s: the guest stopped before it was done; see %s/console.log" % (name, outdir))
    got = unpack_files(os.path.join(outdir, "ttyS1.bin"), outdir, name)
    for f in GUEST_FILES:
        if f not in got:
            die("%s: the guest sent no %s; see %s/console.log" % (name, f, outdir))
    # The module says when a mode could not do what it should (a device
    # that does not offer what the mode needs): its verdicts would mislead.
    with open(os.path.join(outdir, "guest-dmesg.txt"), errors="replace") as f:
        errors = [l.strip() for l in f if "virtio_lab: error:" in l]
    if errors:
        die("%s: the lab's module failed:\n    %s" % (name, "\n    ".join(errors)))
    return lines


def run_qemu(name, cmd, outdir, timeout):
    """QEMU until the guest powers off, its console read as it comes."""
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    con = Console(proc, os.path.join(outdir, "console.log"),
                  qmp_client(os.path.join(outdir, "qmp.sock")))
    con.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        die("%s: the guest did not finish in %d s (LAB_TIMEOUT); see %s/console.log"
            % (name, timeout, outdir))
    con.join(5)
    if proc.returncode != 0:
        die("%s: QEMU failed (%d); see %s/console.log" % (name, proc.returncode, outdir))
    note("%s: the guest ran %.1f s" % (name, time.time() - start))
    return con.lines


# What the guest sends back (as guest-NAME).
GUEST_FILES = ("trace.txt", "watch.json", "watch.err", "dmesg.txt")


def unpack_files(path, outdir, name):
    """The guest's files from ttyS1: `@@FILE NAME SIZE SHA256` and the
    bytes; returns their names."""
    with open(path, "rb") as f:
        data = f.read()
    names = []
    pos = 0
    while True:
        m = re.compile(rb"@@FILE (\S+) (\d+) ([0-9a-f]{64})\n").search(data, pos)
        if not m:
            break
        body = data[m.end():m.end() + int(m.group(2))]
        fname = m.group(1).decode()
        if hashlib.sha256(body).hexdigest() != m.group(3).decode():
            die("%s: %s came back damaged from the guest" % (name, fname))
        with open(os.path.join(outdir, "guest-" + fname), "wb") as f:
            f.write(body)
        names.append(fname)
        pos = m.end() + len(body)
    return names


# ---- verdicts, phase by phase ----------------------------------------------

# The module each expected list's device name is loaded by (QEMU's log names
# a device by its address only: the device a driver's load first writes
# DRIVER to is that driver's).
LOADED_BY = {"virtio_balloon": "balloon", "virtio-rng": "rng", "virtio_net": "net",
             "virtio_blk": "blk", "virtio_console": "console"}


def specmon_json(specmon, spec, path, outfile):
    """`specmon check --json SPEC PATH`, its output kept in outfile; the
    objects it printed."""
    r = subprocess.run([specmon, "check", "--json", spec, path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with open(outfile, "w") as f:
        f.write(r.stdout)
    if r.returncode not in (0, 1):
        die("specmon check %s %s failed (%d): %s" % (spec, path, r.returncode, r.stderr.strip()))
    return parse_json_lines(r.stdout, outfile)


def parse_json_lines(text, name):
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        try:
            obj = json.loads(line)
        except ValueError:
            die("%s:%d: not JSON: %s" % (name, n, line[:200]))
        out.append(obj)
    return out


def trace_phases(path):
    """(line, phase) of each `@@PHASE` marker in an ftrace text file."""
    marks = []
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = re.search(r"tracing_mark_write: @@PHASE (\S+)", line)
            if m:
                marks.append((n, m.group(1)))
    return marks


def phase_at(marks, pos):
    phase = "before-boot"
    for at, name in marks:
        if at > pos:
            break
        phase = name
    return phase


def driver_roles(lines):
    """virtio index -> device name, from the guest's `@@DEV` lines."""
    roles = {}
    for _, l in lines:
        m = re.search(r"@@DEV index=(\d+) device=(0x[0-9a-f]+)", l)
        if m:
            roles[int(m.group(1))] = ROLES.get(int(m.group(2), 16), "devid-" + m.group(2))
    return roles


def device_roles(qemu_log, windows):
    """QEMU vdev address -> device name: the window (a driver's load, or a
    mode of the lab's module) of the first DRIVER status it received after
    the boot began."""
    boot = next(t for t, name in windows if name == "phase:boot")
    roles = {}
    with open(qemu_log, errors="replace") as f:
        for line in f:
            m = re.match(r"\d+@(\d+\.\d+):virtio_set_status vdev (0x[0-9a-f]+) val (\d+)", line)
            vdev = int(m.group(2), 16) if m else None    # as specmon reads it
            if not m or vdev in roles or not int(m.group(3)) & 2:
                continue
            t = float(m.group(1))
            if t < boot:
                continue          # the firmware's
            where = phase_at(windows, t)
            if where.startswith("load:") and where[5:] in LOADED_BY:
                roles[vdev] = LOADED_BY[where[5:]]
            elif where.startswith("phase:mode-"):
                roles[vdev] = "lab"
    return roles


def console_windows(lines):
    """(host time, name) of each phase marker and module load on the console."""
    out = []
    for t, l in lines:
        m = re.search(r"@@(PHASE|LOAD) (\S+)", l)
        if m:
            out.append((t, ("phase:" if m.group(1) == "PHASE" else "load:") + m.group(2)))
    return out


def verdicts(objs, phase_of, role_of):
    """(phase, property, device) of each violation."""
    out = []
    for o in objs:
        if o.get("type") != "violation":
            continue
        key = o.get("key", {}).get("dev")
        out.append((phase_of(o), o["property"], role_of.get(key, "dev=%s" % key)))
    return out


def summary(objs):
    """The counts of a check's JSON summary, and its warnings."""
    total = next((o for o in objs if o.get("type") == "summary"), {})
    warnings = sum(1 for o in objs if o.get("type") == "warning")
    return "%s lines, %s events, %s skipped, %s lost, %s violations, %s pending, %d warnings" % (
        total.get("lines"), total.get("events"), total.get("skipped"), total.get("lost_events"),
        total.get("violations"), total.get("pending"), warnings)


def read_expected(path):
    """`SIDE PHASE PROPERTY DEVICE` lines; # comments."""
    exp = {"driver": [], "device": []}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) != 4 or line[0] not in exp:
                die("%s:%d: expected `driver|device PHASE PROPERTY DEVICE`" % (path, n))
            exp[line[0]].append(tuple(line[1:]))
    return exp


def compare(what, expected, got):
    """Missing, extra and duplicated verdicts, as diff lines."""
    diff = []
    rest = list(got)
    for v in expected:
        if v in rest:
            rest.remove(v)
        else:
            diff.append("- %s %s" % (what, " ".join(v)))
    diff += ["+ %s %s" % (what, " ".join(v)) for v in rest]
    return diff


# In the guest's kernel log ("[   1.234567] TEXT"): gen kmod's report line
# (gen c's format: PLACE:N: [TIME ]violation of PROPERTY[KEYS]: ...), its
# load and unload lines, and what a kernel says when something broke.
KMSG = re.compile(r"\[\s*\d+\.\d+\] (.*)")
KMOD_REPORT = re.compile(r"(?:kprobe:\S+|kretprobe:\S+|timer):\d+: (?:\d+\.\d+ )?"
                         r"(violation of|pending) (\w+)(?:\[([^\]]*)\])?: ")
KMOD_COUNTS = re.compile(KMOD + r": (\d+) records, (\d+) violations; missed hits (\d+), "
                         r"refused keys (\d+), dropped events (\d+), dropped obligations (\d+)")
KERNEL_TROUBLE = re.compile(r"WARNING:|BUG:|Oops|general protection|Call Trace|"
                            + KMOD + r": cannot|" + KMOD + r": reactor")


def kmod_verdicts(path, role_of, phases):
    """(phase, property, device) of each report of gen kmod's module in the
    guest's kernel log, placed by the `@@PHASE` markers the guest also wrote
    there; and what is wrong with the log (problem lines)."""
    with open(path, errors="replace") as f:
        text = [m.group(1) for m in map(KMSG.match, f) if m]
    phase, marks, out, problems, counts, loaded = "before-boot", [], [], [], None, False
    for line in text:
        m = re.match(r"@@PHASE (\S+)$", line)
        if m:
            phase = m.group(1)
            marks.append(phase)
            continue
        loaded = loaded or line.startswith(KMOD + ": ")
        m = KMOD_REPORT.match(line)
        if m:
            keys = dict(k.split("=", 1) for k in (m.group(3) or "").split(", ") if "=" in k)
            dev = int(keys["dev"]) if "dev" in keys else None
            if m.group(1) == "violation of":
                out.append((phase, m.group(2), role_of.get(dev, "dev=%s" % dev)))
            continue
        m = KMOD_COUNTS.match(line)
        if m:
            counts = [int(x) for x in m.groups()]
        elif loaded and KERNEL_TROUBLE.search(line):
            problems.append("! kmod: the kernel log says: " + line)
    if not loaded:
        problems.append("! kmod: %s never loaded (no line of it in the kernel log)" % KMOD)
    if marks != phases:
        problems.append("! kmod: the kernel log's phase markers (%s) are not the guest's (%s)"
                        % (" ".join(marks), " ".join(phases)))
    if counts is None:
        problems.append("! kmod: no counts line: %s did not unload" % KMOD)
    else:
        if counts[1] != len(out):
            problems.append("! kmod: the module counted %d violations, the log holds %d"
                            % (counts[1], len(out)))
        if any(counts[2:]):
            problems.append("! kmod: missed hits, refused keys or dropped events: %s"
                            % " ".join(map(str, counts[2:])))
    return out, counts, problems


def run_had_kmod(outdir):
    """Whether a kept run loaded gen kmod's module (its lines in dmesg)."""
    path = os.path.join(outdir, "guest-dmesg.txt")
    if not os.path.exists(path):
        return False
    with open(path, errors="replace") as f:
        return any("] %s: " % KMOD in l for l in f)


def check_run(name, outdir, lines, specmon, expected, kmod):
    """The verdicts of one run against its expected list; diff lines.  With
    kmod, gen kmod's module's reports too, against the driver side's list:
    the module checks the same rules on the same probes as specmon does."""
    trace = os.path.join(outdir, "guest-trace.txt")
    marks = trace_phases(trace)
    windows = console_windows(lines)
    said = [w[len("phase:"):] for _, w in windows if w.startswith("phase:")]
    if [m for _, m in marks] != said:
        die("%s: the trace's phase markers (%s) are not the guest's (%s): the trace lost some"
            % (name, " ".join(m for _, m in marks), " ".join(said)))
    droles = driver_roles(lines)
    host = specmon_json(specmon, "virtio/driver", trace, os.path.join(outdir, "driver.json"))
    driver = verdicts(host, lambda o: phase_at(marks, o["line"]), droles)
    watch = verdicts(parse_json_lines(open(os.path.join(outdir, "guest-watch.json")).read(),
                                      "guest-watch.json"),
                     lambda o: phase_at(marks, o["line"]), droles)
    qlog = os.path.join(outdir, "qemu_trace.log")
    qroles = device_roles(qlog, windows)
    qemu = specmon_json(specmon, "virtio/device", qlog, os.path.join(outdir, "device.json"))
    pwin = [(t, w[len("phase:"):]) for t, w in windows if w.startswith("phase:")]
    device = verdicts(qemu, lambda o: phase_at(pwin, o["ts"]), qroles)
    sides = [("driver", driver), ("device", device)]
    if kmod:
        kverdicts, kcounts, kproblems = kmod_verdicts(
            os.path.join(outdir, "guest-dmesg.txt"), droles, said)
        sides.append(("kmod", kverdicts))
    table = ["%-7s %-10s %-24s %s" % ("side", "phase", "property", "device")]
    for side, vs in sides:
        table += ["%-7s %-10s %-24s %s" % ((side,) + v) for v in vs]
    with open(os.path.join(outdir, "verdicts.txt"), "w") as f:
        f.write("\n".join(table) + "\n")
    note("%s: verdicts (%s/verdicts.txt):\n    %s" % (name, outdir, "\n    ".join(table)))
    for what, objs in (("driver.json", host), ("device.json", qemu)):
        note("%s: %s: %s" % (name, what, summary(objs)))
    if kmod and kcounts:
        note("%s: %s: %d records, %d violations, %d missed hits, %d refused keys, "
             "%d dropped events, %d dropped obligations" % ((name, KMOD) + tuple(kcounts)))
    lost = next((o for o in host if o.get("type") == "summary"), {}).get("lost_events")
    if lost:
        die("%s: the guest's trace lost %s events: its verdicts cannot be judged" % (name, lost))
    diff = compare("driver", expected["driver"], driver)
    diff += compare("device", expected["device"], device)
    diff += compare("watch-vs-host", driver, watch)
    if kmod:
        diff += compare("kmod", expected["driver"], kverdicts) + kproblems
    return diff


def prepare(cache, static, specmon, kmod):
    """The kernel, the module and the initramfs; a function that boots one
    scenario."""
    if not static:
        die("--static: a static specmon for the guest (make static)")
    for tool in ("qemu-system-x86_64", "busybox", "gcc-12", "apt-get", "dpkg-deb"):
        if not shutil.which(tool):
            die("%s is not installed (doc/lab.md: what the lab needs)" % tool)
    kv = kernel_version()
    note("kernel " + kv)
    root = fetch_kernel(cache, kv)
    ko = build_module(cache, kv, root)
    kmod_ko = build_kmod(cache, kv, root, specmon, module_order(root, kv)) if kmod else None
    initrd = os.path.join(cache, kv, "initramfs.cpio")
    initramfs(initrd, root, kv, ko, kmod_ko, static)
    kernel = os.path.join(root, "boot/vmlinuz-" + kv)
    return lambda name, sc, outdir, timeout: boot(name, sc, kernel, initrd, outdir, timeout)


def read_console(path):
    """The (host time, text) lines of a kept console.log."""
    if not os.path.exists(path):
        die("%s: no such run kept (run make lab first)" % path)
    with open(path, errors="replace") as f:
        return [(float(t), l.rstrip("\n")) for t, _, l in (x.partition(" ") for x in f)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--specmon", required=True, help="specmon for the host's checks")
    ap.add_argument("--static", help="a static specmon for the guest (not with --recheck)")
    ap.add_argument("--recheck", action="store_true",
                    help="check the runs kept in the cache again, without booting")
    ap.add_argument("--cache", default=os.environ.get("LAB_CACHE") or os.path.join(TOP, "build/lab"))
    ap.add_argument("--scenarios", default=os.environ.get("LAB_SCENARIOS", "full legacy-rng"))
    ap.add_argument("--expected", default=os.path.join(HERE, "expected"),
                    help="the folder of the expected lists (default lab/expected)")
    ap.add_argument("--no-kmod", action="store_true", default=os.environ.get("LAB_KMOD") == "0",
                    help="leave gen kmod's module out (LAB_KMOD=0)")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("LAB_TIMEOUT", "240")))
    args = ap.parse_args()
    t0 = time.time()
    names = args.scenarios.split()
    for n in names:
        if n not in SCENARIOS:
            die("no scenario %s (%s)" % (n, ", ".join(SCENARIOS)))
    cache = args.cache
    if not args.recheck:
        boot_guest = prepare(os.path.abspath(cache), args.static, args.specmon,
                             not args.no_kmod)
    failed = []
    for n in names:
        outdir = os.path.join(cache, "runs", n)
        if args.recheck:
            lines = read_console(os.path.join(outdir, "console.log"))
        else:
            lines = boot_guest(n, SCENARIOS[n], outdir, args.timeout)
        kmod = not args.no_kmod
        if args.recheck and kmod and not run_had_kmod(outdir):
            note("%s: the kept run had no %s: its side is not checked" % (n, KMOD))
            kmod = False
        diff = check_run(n, outdir, lines, args.specmon,
                         read_expected(os.path.join(args.expected, n + ".txt")), kmod)
        if diff:
            failed.append(n)
            print("lab: %s: verdicts differ from %s/%s.txt "
                  "(- expected, not given; + given, not expected; ! wrong):\n    %s"
                  % (n, args.expected, n, "\n    ".join(diff)), file=sys.stderr)
        else:
            note("%s: every verdict as expected" % n)
    if not args.recheck:
        note("%.1f s" % (time.time() - t0))
    if failed:
        die("verdicts differ in " + ", ".join(failed))


if __name__ == "__main__":
    main()
