#!/usr/bin/env bash
# The guide's chapter-2 pipeline with a kill signal: taskvent -> 3 x
# taskwork2 -> tasksink2; when the batch is done the sink publishes KILL and
# every worker, polling its PULL and SUB sockets, ends by itself.
source "$(dirname "$0")/examples-lib.sh"
need taskvent taskwork2 tasksink2

# Pipeline with a kill signal: the workers end by themselves.
export ZHELPERS_ENDPOINT_5557=$(endpoint 5557) ZHELPERS_ENDPOINT_5558=$(endpoint 5558) \
       ZHELPERS_ENDPOINT_5559=$(endpoint 5559)
bg tasksink2.out tasksink2
sink=$last_pid
workers=()
for w in 1 2 3; do
    bg taskwork2-$w.out taskwork2
    workers+=($last_pid)
done
echo | timeout 40 "$examples/taskvent" >taskvent.out || fail "taskvent exit $?"
wait_exit $sink 40
grep -qE '^(:\.{9}){10}Total elapsed time: [0-9]+ msec$' tasksink2.out || fail "tasksink2: $(cat tasksink2.out)"
for pid in "${workers[@]}"; do wait_exit $pid 10; done
done_count=$(cat taskwork2-*.out | tr '.' '\n' | grep -c '^[0-9]' || true)
(( done_count == 100 )) || fail "workers did $done_count tasks, want 100"
echo "chapter 2 kill signal example ok"
