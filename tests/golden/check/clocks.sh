#!/bin/sh
# clocks.sh 'property ...' REC...: check the property on the events a, b, t
# (t marks where the timeline says the expression ticks) over one JSON
# record per REC, a record named after the events it makes tick together.
spec=$1
shift
{
	echo 'event a from json a from json ab from json at from json abt'
	echo 'event b from json b from json ab from json bt from json abt'
	echo 'event t from json t from json at from json bt from json abt'
	echo "$spec"
} >x.sm
: >x.jsonl
for r in "$@"; do printf '{"event":"%s"}\n' "$r" >>x.jsonl; done
exec specmon check x.sm x.jsonl
