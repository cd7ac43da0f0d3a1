# specmon graph: a spec as Graphviz DOT, worked out by hand from door.sm.
# One digraph, named after the spec (`spec door`), its title as the graph's
# label; a cluster per property in the spec's order, labelled with the kind,
# the name, the key and the title; node IDs are PROPERTY.NAME, quoted.
# The automaton: states in the order the spec first names them (initial,
# final, invariant, then the edges): closed and locked are final
# (doublecircle), ajar shows its invariant on a second line; the initial
# state has rvgen's invisible __init_ node and arrow; edges say
# `event [guard] / actions` in the spec's order, the guard's `"` and `\`
# escaped for DOT; the `*` edges leave one dashed "any state" node
# (declared before the edges), `* -> *` (stay) as a loop on it.
# Relations: the sides as written, an edge labelled with the relation:
# `precedes bound 1`, `within 250ms` (from open, which opens the deadline),
# `alternatesWith` with a clock expression side.
# Then: one property only (a spec without `spec NAME` is named after its
# file); the errors (exit 2): a property the spec does not have (the known
# ones listed), a spec without properties, no spec, a third argument, an
# unknown option, a spec with errors; --svg without dot on PATH (exit 2,
# before the spec is read).  With dot (Debian's graphviz, which .ci/run
# installs), --svg is the drawing and dot reads the graphs above without a
# word.
$ specmon graph tests/golden/graph/door.sm
digraph "door" {
	label = "A door and its \"lock\"";
	labelloc = t;
	subgraph "cluster_door" {
		label = "automaton door per who\ndoors close within 30s";
		"door.closed" [shape = doublecircle, label = "closed"];
		"door.locked" [shape = doublecircle, label = "locked"];
		"door.ajar" [shape = circle, label = "ajar\nclk < 30s"];
		"door.__init_closed" [shape = point, style = invis, label = ""];
		"door.__init_closed" -> "door.closed";
		"door.*" [shape = box, style = "dashed,rounded", label = "any state"];
		"door.closed" -> "door.ajar" [label = "open / reset(clk), opened = opened + 1"];
		"door.ajar" -> "door.closed" [label = "close"];
		"door.closed" -> "door.locked" [label = "lock [code == \"a\\\\b\" || code == 0x1f]"];
		"door.*" -> "door.*" [label = "alarm", style = dashed];
		"door.*" -> "door.locked" [label = "lock [code == 0]", style = dashed];
	}
	subgraph "cluster_knock" {
		label = "relation knock";
		"knock.a" [shape = box, label = "open"];
		"knock.b" [shape = box, label = "close"];
		"knock.a" -> "knock.b" [label = "precedes bound 1"];
	}
	subgraph "cluster_hurry" {
		label = "relation hurry";
		"hurry.a" [shape = box, label = "open"];
		"hurry.b" [shape = box, label = "close"];
		"hurry.a" -> "hurry.b" [label = "within 250ms"];
	}
	subgraph "cluster_pairs" {
		label = "relation pairs";
		"pairs.a" [shape = box, label = "open"];
		"pairs.b" [shape = box, label = "(close + lock)"];
		"pairs.a" -> "pairs.b" [label = "alternatesWith"];
	}
}
$ cp tests/golden/graph/door.sm . && sed -i '/^spec /d' door.sm && specmon graph door.sm hurry
digraph "door" {
	subgraph "cluster_hurry" {
		label = "relation hurry";
		"hurry.a" [shape = box, label = "open"];
		"hurry.b" [shape = box, label = "close"];
		"hurry.a" -> "hurry.b" [label = "within 250ms"];
	}
}
$ specmon graph tests/golden/graph/door.sm dor
specmon: error: spec 'tests/golden/graph/door.sm' has no property 'dor' (its properties: door, knock, hurry, pairs)
[2]
$ specmon graph tests/golden/graph/none.sm a
specmon: error: spec 'tests/golden/graph/none.sm' has no property 'a' (it has none)
[2]
$ specmon graph
specmon: graph needs a spec
(specmon graph --help shows the usage)
[2]
$ specmon graph tests/golden/graph/door.sm door knock
specmon: graph takes a spec and at most one property, not also 'knock'
(specmon graph --help shows the usage)
[2]
$ specmon graph --png tests/golden/graph/door.sm
specmon: unknown option '--png'
(specmon graph --help shows the usage)
[2]
$ printf 'event a\nproperty p: a precedes b\n' > bad.sm; specmon graph bad.sm
bad.sm:2:24: error: unknown event or clock 'b'
    property p: a precedes b
                           ^
[2]
$ PATH=/nonexistent "$(command -v specmon)" graph --svg tests/golden/graph/door.sm
specmon: error: dot is not on PATH: install graphviz (dot) for --svg
[2]
$ specmon graph --svg tests/golden/graph/door.sm door | grep -c '^<svg'
1
$ specmon graph tests/golden/graph/door.sm | dot -Tcanon >/dev/null && specmon graph door.sm hurry | dot -Tcanon >/dev/null && echo valid
valid
$ specmon graph --help
usage: specmon graph SPEC [PROPERTY] [options]

Prints the spec's properties as one Graphviz DOT digraph, a cluster per
property (only PROPERTY's when it is given): automata with their states
(final ones doubled, the initial one with an arrow from nowhere, invariants
under the name) and edges labelled `event [guard] / actions` (`*` edges
dashed, from an "any state" node); relations as their two sides and an
edge labelled with the relation.  Exit status 0, or 2: usage or spec
errors, a PROPERTY the spec does not have.

options:
  --svg                   SVG instead, drawn by Graphviz's dot (which must be
                          installed: Debian's graphviz)
  --help, -h              this help

examples:
  specmon graph examples/virtio-status.sm | dot -Tpng -o spec.png
  specmon graph --svg examples/virtio-status.sm device_init > device_init.svg
