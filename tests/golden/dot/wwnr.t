# wwnr ("wakeup while not running"), per task, on JSON Lines whose pid
# member is the built-in pid.  By hand:
#  pid 7: wakeup (not_running, stays), switch_in (-> running),
#         wakeup while running: violation, line 3; switch_out (-> not_running)
#  pid 8: switch_out in not_running has no edge: violation, line 5
#  both end in not_running, the final state: nothing pending.
# needs: shared
$ printf 'automaton wwnr per pid from "shared/linux-rv/models/wwnr.dot"\n' > wwnr.sm; specmon check --history 0 wwnr.sm tests/golden/dot/wwnr.jsonl
tests/golden/dot/wwnr.jsonl:3: violation of wwnr[pid=7]: wakeup() in state running
  allowed here: switch_out   (shared/linux-rv/models/wwnr.dot:11)
tests/golden/dot/wwnr.jsonl:5: violation of wwnr[pid=8]: switch_out() in state not_running
  allowed here: wakeup   (shared/linux-rv/models/wwnr.dot:8)
                switch_in   (shared/linux-rv/models/wwnr.dot:9)
specmon: 5 lines, 5 events, 0 skipped lines; 2 violations, 0 pending
[1]
