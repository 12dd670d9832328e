#!/usr/bin/env bash
# The guide's chapter-2 publish-subscribe and multi-socket examples:
#   wuserver -> wuproxy (XSUB/XPUB zmq_proxy) -> wuclient
#   psenvpub -> psenvsub (envelopes: only "B" arrives)
#   taskvent + wuserver -> msreader, and the same -> mspoller
source "$(dirname "$0")/examples-lib.sh"
need wuserver wuproxy wuclient psenvpub psenvsub msreader mspoller taskvent tasksink

# Weather through the proxy: wuclient's "5556" is the proxy's public 8100.
weather=$(endpoint 5556)
public=$(endpoint 8100)
ZHELPERS_ENDPOINT_5556=$weather bg wuserver.out wuserver
ZHELPERS_ENDPOINT_5556=$weather ZHELPERS_ENDPOINT_8100=$public bg wuproxy.out wuproxy
ZHELPERS_ENDPOINT_5556=$public timeout 40 "$examples/wuclient" 1 >wuclient.out &
wu=$!

# Envelopes: three messages for "B", none for "A".
export ZHELPERS_ENDPOINT_5563=$(endpoint 5563)
bg psenvpub.out psenvpub
timeout 40 "$examples/psenvsub" 3 >psenvsub.out &
ps=$!

# Multiple sockets: each reader gets its own ventilator (100 tasks) and
# sink, and the weather updates for zip codes starting with "1".
readers=()
for r in msreader mspoller; do
    ZHELPERS_ENDPOINT_5557=$(endpoint 5557)
    ZHELPERS_ENDPOINT_5558=$(endpoint 5558)
    export ZHELPERS_ENDPOINT_5557 ZHELPERS_ENDPOINT_5558
    bg tasksink-$r.out tasksink
    ZHELPERS_ENDPOINT_5556=$weather timeout 40 "$examples/$r" 1 100 10 >$r.out &
    readers+=($!)
    echo | timeout 40 "$examples/taskvent" >taskvent-$r.out || fail "taskvent for $r: exit $?"
done

wait $wu || fail "wuclient exit $?"
grep -qE "^Average temperature for zipcode '1' was -?[0-9]+F$" wuclient.out \
    || fail "wuclient via wuproxy: $(cat wuclient.out)"

wait $ps || fail "psenvsub exit $?"
[[ $(count '^\[B\] We would like to see this$' psenvsub.out) == 3 ]] || fail "psenvsub: $(cat psenvsub.out)"
[[ $(wc -l <psenvsub.out) == 3 ]] || fail "psenvsub: $(cat psenvsub.out)"

for i in 0 1; do
    r=$([[ $i == 0 ]] && echo msreader || echo mspoller)
    wait ${readers[$i]} || fail "$r exit $?"
    [[ $(count '^Task: [0-9]+$' $r.out) == 100 ]] || fail "$r tasks: $(head $r.out)"
    (( $(count '^Weather update: 1[0-9]{4} -?[0-9]+ [0-9]+$' $r.out) >= 10 )) || fail "$r updates: $(head $r.out)"
    [[ $(count '^Weather update: [^1]' $r.out) == 0 ]] || fail "$r: unfiltered update"
done
echo "chapter 2 publish-subscribe examples ok"
