#!/usr/bin/env python3
"""Differential test of `specmon gen c` against `specmon check`.

Random specs and traces come from gen.py (every feature but `strings`: the
generated monitor's values are integers, and a spec that compares strings
is refused).  Each spec is generated into C with its own prefix; all of
them are compiled into one driver with a small main (test code, written
here) that reads the instants of many traces from a simple line format and
prints each monitor's verdicts.  The same traces, rendered as ftrace text,
go through `specmon check --json`.  Compared per case, as sorted lists:
violations (input line, property, key) and pending instances (property,
key).  One spec in five is generated with --instances 2 and checked with
--max-instances 2, so that refused instances agree too.

The binding of records to events (which the generated monitor leaves to
its caller) and the grouping of records into instants are the reference's
(semantics.source_ticks, and the grouping of semantics.group_instants).

Environment: BUILD (default build), SEED (1), SPECS (100), TRACES (20 per
spec), JOBS (2), CC (cc), SHOW (3 failures printed), KEEP (a folder where
the cases and the generated code are kept).
Ends with "gen c: N cases agree, N differ, N specs refused (of N)".
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

from gen import ALL_FEATURES, Gen, render_spec, render_trace  # noqa: E402
from semantics import U, record_ts, source_ticks  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
SPECMON = os.path.join(ROOT, os.environ.get("BUILD", "build"), "specmon")
FEATURES = set(ALL_FEATURES) - {"strings"}
BASE_TS = 1234 * 10**9  # render_trace's first second
SMALL_POOL = 2
# Under `make check SAN=1` the generated code runs sanitized too.
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"] \
    if os.environ.get("BUILD", "build").endswith("-san") else []


# ---- the driver's input: instants, in the order specmon sees them ----

def instants(spec, records):
    """Lines for the driver: an instant per record, or per run of records
    with equal ts under `option instants = timestamp`; a run that begins
    with records binding nothing passes time at its first record."""
    groups = []  # [time_line, line or None, ts, [(event, values)]]
    for n, rec in enumerate(records, 1):
        ticks = source_ticks(spec, rec)
        ts = BASE_TS + record_ts(n, rec)
        if spec.instants_timestamp and groups and groups[-1][2] == ts:
            g = groups[-1]
            if g[1] is None and ticks:
                g[1] = n
            g[3].extend(ticks.items())
            continue
        groups.append([n, n if ticks else None, ts, list(ticks.items())])
    fields = {e.name: e.fields for e in spec.events}
    out = []
    for time_line, line, ts, ticks in groups:
        if line is None or line != time_line:
            out.append(f"A {time_line} {ts}")
        if line is None:
            continue
        out.append(f"I {line} {ts} {len(ticks)}")
        for event, values in ticks:
            vals = []
            for f in fields[event]:
                v = values[f]
                vals.append("0 0" if v is U else f"{v} 1")
            out.append(f"M {event} {len(vals)} {' '.join(vals)}".rstrip())
    out.append(f"F {len(records)}")
    return out


# ---- the driver ----

DRIVER_HEAD = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gmatch { int event; const int64_t *values; const unsigned char *present; };
struct gwhere { uint64_t line; int64_t ts; };

static void out_report(int pending, const char *prop, const int64_t *key, int nkeys,
                       uint64_t line)
{
    if (pending)
        printf("P %s", prop);
    else
        printf("V %llu %s", (unsigned long long)line, prop);
    for (int k = 0; k < nkeys; k++)
        printf(" %lld", (long long)key[k]);
    printf("\n");
}

struct ops {
    void (*init)(void);
    int (*event)(const char *name);
    void (*instant)(const struct gmatch *ms, size_t n, const struct gwhere *w);
    void (*finish)(const struct gwhere *w);
};
"""

DRIVER_SPEC = r"""
static struct @P_monitor mon_@P;
static void rep_@P(void *ud, const struct @P_report *r)
{
    (void)ud;
    out_report(r->kind == @P_PENDING, @P_property_name(r->property), r->key,
               @P_property_nkeys(r->property), r->where->line);
}
static void init_@P(void) { @P_init(&mon_@P, rep_@P, 0); }
static int event_@P(const char *name)
{
    for (int k = 0; k < @P_NEVENTS; k++)
        if (strcmp(@P_event_name(k), name) == 0)
            return k;
    return -1;
}
static struct @P_where where_@P(const struct gwhere *w)
{
    struct @P_where x = {"t", w->line, w->ts, 1, 6, 0, 0, 0};
    return x;
}
static void instant_@P(const struct gmatch *ms, size_t n, const struct gwhere *w)
{
    struct @P_match x[64];
    struct @P_where y = where_@P(w);
    for (size_t k = 0; k < n; k++) {
        x[k].event = ms[k].event;
        x[k].values = ms[k].values;
        x[k].present = ms[k].present;
    }
    @P_instant(&mon_@P, x, n, &y);
}
static void finish_@P(const struct gwhere *w)
{
    struct @P_where y = where_@P(w);
    @P_finish(&mon_@P, &y);
}
"""

DRIVER_MAIN = r"""
/* Input: "C spec" a case; "A line ts" time passes; "I line ts n" an
 * instant of n matches, each "M event nvalues value present ..."; "F line"
 * the end of the case.  Output: "V line property key..." per violation,
 * "P property key..." per pending instance, "E" after each case. */
int main(void)
{
    char word[64];
    const struct ops *o = 0;
    while (scanf("%63s", word) == 1) {
        if (word[0] == 'C') {
            int s;
            if (scanf("%d", &s) != 1) return 2;
            o = &all_ops[s];
            o->init();
        } else if (word[0] == 'A') {
            struct gwhere w;
            unsigned long long line; long long ts;
            if (scanf("%llu %lld", &line, &ts) != 2) return 2;
            w.line = line; w.ts = ts;
            o->instant(0, 0, &w);
        } else if (word[0] == 'I') {
            struct gwhere w;
            unsigned long long line; long long ts; int n;
            static int64_t values[64][16];
            static unsigned char present[64][16];
            struct gmatch ms[64];
            if (scanf("%llu %lld %d", &line, &ts, &n) != 3 || n > 64) return 2;
            w.line = line; w.ts = ts;
            for (int k = 0; k < n; k++) {
                char name[64]; int nv;
                if (scanf("%63s %63s %d", word, name, &nv) != 3 || nv > 16) return 2;
                ms[k].event = o->event(name);
                for (int v = 0; v < nv; v++) {
                    long long x; int p;
                    if (scanf("%lld %d", &x, &p) != 2) return 2;
                    values[k][v] = x;
                    present[k][v] = (unsigned char)p;
                }
                ms[k].values = values[k];
                ms[k].present = present[k];
            }
            o->instant(ms, (size_t)n, &w);
        } else if (word[0] == 'F') {
            struct gwhere w = {0, 0};
            unsigned long long line;
            if (scanf("%llu", &line) != 1) return 2;
            w.line = line;
            o->finish(&w);
            printf("E\n");
        }
    }
    return 0;
}
"""


def driver_source(prefixes):
    out = [f'#include "{p}.h"' for p in prefixes]
    out.append(DRIVER_HEAD)
    for p in prefixes:
        out.append(DRIVER_SPEC.replace("@P", p))
    out.append("static const struct ops all_ops[] = {")
    for p in prefixes:
        out.append(f"    {{init_{p}, event_{p}, instant_{p}, finish_{p}}},")
    out.append("};")
    out.append(DRIVER_MAIN)
    return "\n".join(out)


# ---- specmon ----

def run_specmon(sm, trace_text, small, tmp, n):
    tr = os.path.join(tmp, f"case{n}.trace")
    with open(tr, "w") as f:
        f.write(trace_text)
    args = [SPECMON, "check", "--json"] + (["--max-instances", str(SMALL_POOL)] if small else [])
    p = subprocess.run(args + [sm, tr], capture_output=True, text=True, timeout=30)
    os.unlink(tr)
    if p.returncode not in (0, 1):
        return ("error", p.stderr.strip())
    viol, pend = [], []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        key = tuple(o.get("key", {}).values())
        if o.get("type") == "violation":
            viol.append((o["line"], o["property"], key))
        elif o.get("type") == "pending":
            pend.append((o["property"], key))
    return ("ok", (sorted(viol), sorted(pend)))


def parse_driver(text):
    """The verdicts of each case, in order."""
    cases, viol, pend = [], [], []
    for line in text.splitlines():
        w = line.split()
        if w[0] == "E":
            cases.append(("ok", (sorted(viol), sorted(pend))))
            viol, pend = [], []
        elif w[0] == "V":
            viol.append((int(w[1]), w[2], tuple(int(x) for x in w[3:])))
        elif w[0] == "P":
            pend.append((w[1], tuple(int(x) for x in w[2:])))
    return cases


def main():
    seed = os.environ.get("SEED", "1")
    nspecs = int(os.environ.get("SPECS", "100"))
    ntraces = int(os.environ.get("TRACES", "20"))
    jobs = max(1, int(os.environ.get("JOBS", "2")))
    show = int(os.environ.get("SHOW", "3"))
    cc = os.environ.get("CC", "cc")
    keep = os.environ.get("KEEP")
    if not os.access(SPECMON, os.X_OK):
        print(f"gen c: {SPECMON} is missing; build it first")
        return 1
    tmp = tempfile.mkdtemp(prefix="smgenc")
    try:
        return run(seed, nspecs, ntraces, jobs, show, cc, tmp, keep)
    finally:
        if keep:
            shutil.copytree(tmp, keep, dirs_exist_ok=True)
        shutil.rmtree(tmp)


def run(seed, nspecs, ntraces, jobs, show, cc, tmp, keep):
    specs, refused, errors = [], 0, 0
    for i in range(nspecs):
        spec = Gen(random.Random(f"genc:{seed}:{i}"), FEATURES).spec()
        sm = os.path.join(tmp, f"s{i}.sm")
        with open(sm, "w") as f:
            f.write(render_spec(spec))
        small = i % 5 == 4
        p = subprocess.run([SPECMON, "gen", "c", sm, "-o", tmp, "--prefix", f"m{i}",
                            "--instances", str(SMALL_POOL if small else 64),
                            "--matches", "64"],
                           capture_output=True, text=True)
        if p.returncode != 0 and "gen c:" in p.stderr:
            refused += 1
        elif p.returncode != 0:
            errors += 1
            print(f"FAIL gen c of spec {i}:\n{p.stderr.strip()}\n--- spec\n{render_spec(spec)}")
        else:
            specs.append((i, spec, sm, small))
    prefixes = [f"m{i}" for i, _, _, _ in specs]
    with open(os.path.join(tmp, "driver.c"), "w") as f:
        f.write(driver_source(prefixes))
    sources = [os.path.join(tmp, f"{p}.c") for p in prefixes]
    # The generated code must build warning-free, as a user's project would.
    objs = []

    def build(src):
        obj = src[:-2] + ".o"
        flags = ["-std=c11", "-O1", "-Wall", "-Wextra", "-Werror"] + SAN
        r = subprocess.run([cc] + flags + ["-c", src,
                            "-o", obj], capture_output=True, text=True)
        return obj, r

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for obj, r in pool.map(build, sources + [os.path.join(tmp, "driver.c")]):
            if r.returncode != 0:
                print(f"FAIL compiling {os.path.basename(obj)[:-2]}.c:\n{r.stderr[:3000]}")
                print(f"gen c: 0 cases agree, 1 differ, {refused} specs refused (of {nspecs})")
                return 1
            objs.append(obj)
    exe = os.path.join(tmp, "driver")
    r = subprocess.run([cc, "-o", exe] + SAN + objs, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"FAIL linking the driver:\n{r.stderr[:3000]}")
        return 1

    cases, lines = [], []
    for s, (i, spec, sm, small) in enumerate(specs):
        for t in range(ntraces):
            rng = random.Random(f"genc:{seed}:{i}:{t}")
            records = Gen(rng, FEATURES).trace(spec)
            flags = rng.random() < 0.85
            cases.append((i, t, spec, sm, small, records, flags))
            lines.append(f"C {s}")
            lines.extend(instants(spec, records))
    d = subprocess.run([exe], input="\n".join(lines) + "\n", capture_output=True, text=True,
                       timeout=120)
    generated = parse_driver(d.stdout)
    if d.returncode != 0 or len(generated) != len(cases):
        print(f"FAIL the driver: exit status {d.returncode}, {len(generated)} of "
              f"{len(cases)} cases\n{d.stderr[:2000]}")
        return 1

    def check(n):
        i, t, spec, sm, small, records, flags = cases[n]
        return run_specmon(sm, render_trace(records, flags), small, tmp, n)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        engine = list(pool.map(check, range(len(cases))))
    agree = differ = 0
    for n, (want, got) in enumerate(zip(engine, generated)):
        if want == got:
            agree += 1
            continue
        differ += 1
        if differ > show:
            continue
        i, t, spec, sm, small, records, flags = cases[n]
        print(f"FAIL gen c: spec {i} trace {t} (SEED={os.environ.get('SEED', '1')}"
              f"{', --instances 2' if small else ''})\n--- spec\n{render_spec(spec).rstrip()}"
              f"\n--- trace\n{render_trace(records, flags).rstrip()}"
              f"\n--- specmon check\n{want}\n--- generated monitor\n{got}")
    print(f"gen c: {agree} cases agree, {differ + errors} differ, {refused} specs refused "
          f"(of {nspecs})")
    return 1 if differ or errors else 0


if __name__ == "__main__":
    sys.exit(main())
