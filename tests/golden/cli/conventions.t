# The conventions of a command line tool (DESIGN.md §3): --version and -V
# (the version is SPECMON_VERSION, in include/specmon/specmon.h), --help
# for specmon and for each command (`help CMD` too), on standard output
# with exit status 0; an unknown option is a usage error (exit 2) that
# names it and the help to read.
$ specmon --version
specmon 0.1.0
$ specmon -V
specmon 0.1.0
$ specmon --help
usage: specmon COMMAND [ARGS]

commands:
  check SPEC [TRACE ...]  check traces against a spec: exit status 0 no
                          violation, 1 violations, 2 usage, spec or input errors
  lint SPEC               load a spec and print its diagnostics
  specs                   list the rule library, with titles
  graph SPEC [PROPERTY]   draw the automata and relations (Graphviz DOT)
  gen c SPEC -o DIR       write a self-contained C monitor of the spec
  gen kmod SPEC -o DIR    write a Linux kernel module that monitors the spec
  probes SPEC             the kprobe_events lines of the spec's kernel probes
  watch SPEC              arm those probes, check trace_pipe live, disarm on exit

SPEC is a file, or the name of a spec in the rule library (NAME.sm in
SPECMON_PATH, the source tree's specs/, the installed share/specmon/specs/).

  specmon --version, -V   print the version
  specmon --help, -h      this help
  specmon COMMAND --help  a command's usage, options and an example
$ specmon check --help
usage: specmon check SPEC [TRACE ...] [options]

Reads each TRACE ('-' or none: standard input) and reports every violation
of the spec's properties, then the instances still pending and a summary.
Exit status 0: no violation, 1: violations, 2: usage, spec or input errors.
Interrupted (Ctrl-C, SIGTERM), it finishes the current record, reports what
it read so far and exits with that verdict.

options:
  --format auto|ftrace|log|jsonl|qemu|dat  how to read the traces (default auto)
  --json                  one JSON object per line, and a summary object
  --strict                pending instances and warnings also fail
  --history N             events of history in each report (default 5)
  --coverage              list how often each automaton edge was taken
  --max-violations N      stop after N violations
  --max-instances N       at most N instances per property
  --threads 1|2           threads to check a file with (default 2 where it may
                          run on 2 CPUs: one reads and parses, one steps; the output
                          is the same)
  --quiet, -q             print only errors; the exit status tells
  --html FILE             also write the report as one self-contained HTML page:
                          a card per violation with the instance's timeline and
                          the automaton or relation drawn, pending, warnings, counts
                          (FILE '-': standard output, with --quiet)
  --color auto|always|never  colour the first line of reports (default auto:
                          on a terminal, unless NO_COLOR is set)
  --help, -h              this help

examples:
  specmon check examples/virtio-status.sm examples/boot-cloud.trace
  specmon check --html report.html \
      examples/virtio-status.sm examples/boot-cloud.trace
$ specmon lint -h
usage: specmon lint SPEC [options]

Loads the spec, with its includes and DOT models, and prints every
diagnostic on standard error.  Exit status 0: no error (warnings are
allowed), 2: errors.

options:
  --color auto|always|never  colour the diagnostics' first lines (default auto:
                          on a terminal, unless NO_COLOR is set)
  --help, -h              this help

example:
  specmon lint examples/virtio-status.sm
$ specmon help specs
usage: specmon specs

Lists the specs of the rule library, folder by folder in search order
(SPECMON_PATH, the source tree's specs/, the installed share/specmon/specs/):
each spec's name, as `specmon check NAME` takes it, and its title.  Where two
folders have the same name, check takes the first.

options:
  --help, -h              this help

example:
  SPECMON_PATH=$HOME/specs specmon specs
$ specmon check --frob tests/golden/cli/pair.sm
specmon: unknown option '--frob'
(specmon check --help shows the usage)
[2]
$ specmon lint --frob tests/golden/cli/pair.sm
specmon: unknown option '--frob'
(specmon lint --help shows the usage)
[2]
$ specmon specs --frob
specmon: unknown option '--frob'
(specmon specs --help shows the usage)
[2]
$ specmon --frob
specmon: unknown option '--frob'
(specmon --help shows the usage)
[2]
$ specmon check --color sometimes tests/golden/cli/pair.sm
specmon: --color takes auto, always or never, not 'sometimes'
(specmon check --help shows the usage)
[2]
