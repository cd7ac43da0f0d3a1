# from kprobe / kretprobe / tracepoint: what the parser and the resolver
# refuse without BTF (BTF's own errors: tests/golden/probes/).
$ printf '%s\n' 'event a from kprobe f { x = y }' > s.sm; specmon lint s.sm
s.sm:1:25: error: 'x' is not a declared field of event 'a'
    event a from kprobe f { x = y }
                            ^
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = $ret }' > s.sm; specmon lint s.sm
s.sm:1:32: error: unknown fetch variable '$ret' (name the function's arguments, or $retval in a kretprobe)
    event a(x) from kprobe f { x = $ret }
                                   ^~~~
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = $retval }' > s.sm; specmon lint s.sm
s.sm:1:32: error: $retval in a kprobe: the value is known when the function returns (use 'from kretprobe')
    event a(x) from kprobe f { x = $retval }
                                   ^~~~~~~
[2]
$ printf '%s\n' 'event a(x) from kretprobe f { x = x->y }' > s.sm; specmon lint s.sm
s.sm:1:35: error: a kretprobe reads only $retval, not the argument 'x' (the entry's arguments are gone when the function returns; take them with a 'from kprobe' event)
    event a(x) from kretprobe f { x = x->y }
                                      ^
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = y: u7 }' > s.sm; specmon lint s.sm
s.sm:1:35: error: unknown fetch type 'u7' (expected u8, u16, u32, u64, s8 ... s64, x8 ... x64, char, string, ustring, symbol or symstr)
    event a(x) from kprobe f { x = y: u7 }
                                      ^~
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = y, x = z }' > s.sm; specmon lint s.sm
s.sm:1:35: error: field 'x' is fetched twice
    event a(x) from kprobe f { x = y, x = z }
                                      ^
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = container_of(y, z, w) }' > s.sm; specmon lint s.sm
s.sm:1:48: error: expected 'struct' and the containing type's name, found 'z'
    event a(x) from kprobe f { x = container_of(y, z, w) }
                                                   ^
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = y[z] }' > s.sm; specmon lint s.sm
s.sm:1:34: error: expected an array index (a number), found 'z'
    event a(x) from kprobe f { x = y[z] }
                                     ^
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = y[1 }' > s.sm; specmon lint s.sm
s.sm:1:36: error: expected ']' (to close '[' at line 1), found '}'
    event a(x) from kprobe f { x = y[1 }
                                       ^
[2]
$ printf '%s\n' 'event a(x) from kprobe f as { x }' > s.sm; specmon lint s.sm
s.sm:1:29: error: expected the probe's event name after 'as', found '{'
    event a(x) from kprobe f as { x }
                                ^
[2]
$ printf '%s\n' 'event a(x) from tracepoint sched' > s.sm; specmon lint s.sm
s.sm:1:33: error: expected ':' between the tracepoint's system and name, found end of file
    event a(x) from tracepoint sched
                                    ^
[2]
$ printf '%s\n' 'event a(x) from probe f' > s.sm; specmon lint s.sm
s.sm:1:17: error: expected 'ftrace', 'json', 'qemu', 'log', 'kprobe', 'kretprobe' or 'tracepoint' after 'from', found 'probe'
    event a(x) from probe f
                    ^~~~~
[2]
$ printf '%s\n' 'event a(x) from kprobe f { x = y-> }' > s.sm; specmon lint s.sm
s.sm:1:36: error: expected a member's name, found '}'
    event a(x) from kprobe f { x = y-> }
                                       ^
[2]
$ printf 'event a(x, y) from kprobe f { x = container_of(p, struct t, a.b)->c[2].d: x32, y } from kretprobe f as a_ret { x = $retval }\nevent b(prev_pid) from tracepoint sched:sched_switch { prev_pid = pid }\nproperty p: a precedes b\n' > s.sm; specmon lint s.sm
