# `from log` patterns are PCRE2 with bounded work per line (issue 5 §4).
# First: 100 KB lines against /(?<x>.*): error/ finish (with glibc regexec
# one took 37 s).  Line 2 (ok before it) and line 4 match; line 3 has no
# ": error" and matches nothing; line 4 is the second err after one ok, so
# `ok precedes err` breaks there.
# Then: /^(a+)+b/ on forty a's, a 'c' and a 'b' backtracks exponentially;
# the pattern gives up at its match limit, and the line is reported as a
# warning (text and JSON; it fails --strict), counted in the summary's
# pattern_limit, not silently unmatched.  The record itself was read (other
# events may bind it), so it is not a skipped line.
# Lines 4 and 5 match (ok, ok before them), so there is no violation.
$ printf 'event ok from log /^ok$/\nevent err from log /(?<x>.*): error/\nproperty p: ok precedes err\n' > s.sm; a=$(head -c 102400 /dev/zero | tr '\0' a); printf 'ok\n%s: error\n%s\n%s: error at the end\n' "$a" "$a" "$a" > t.log; specmon check s.sm t.log
t.log:4: violation of p: err() with no ok before it to match
  relation: ok precedes err   (s.sm:3)
  allowed here: ok
  history of p:
    t.log:1  ok()
    t.log:2  err()
specmon: 4 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ printf 'event bad from log /^(a+)+b/\nevent ok from log /^ok/\nproperty p: ok precedes bad\n' > l.sm; printf 'ok\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaacb\nok\naab\naaab\n' > l.log; specmon check l.sm l.log
l.log:2: warning: the pattern of event 'bad' gave up on this line (match limit exceeded): that event is not matched here
specmon: 5 lines, 4 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 line not matched: a pattern reached its match limit
specmon: 1 warning
$ specmon check --json l.sm l.log
{"type":"warning","kind":"pattern-limit","input":"l.log","line":2,"message":"the pattern of event 'bad' gave up on this line (match limit exceeded): that event is not matched here"}
{"type":"summary","lines":5,"records":5,"events":4,"skipped":0,"comments":0,"violations":0,"pending":0,"stopped":false,"properties":[{"name":"p","instances":1,"violations":0,"pending":0,"refused":0}],"warnings":1,"losses":0,"lost_events":0,"pattern_limit":1}
