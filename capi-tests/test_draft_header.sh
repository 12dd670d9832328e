#!/usr/bin/env bash
# With -DZMQ_BUILD_DRAFT_API, every macro of libzmq 4.3.4's draft section has
# the same value in our zmq.h as in the reference header (/usr/include/zmq.h,
# Debian's, which carries the draft section): one program prints them all and
# is built against each header.
set -euo pipefail
ref=/usr/include/zmq.h
[[ -f $ref ]] || { echo "no reference header $ref" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/ref"
cp "$ref" "$tmp/ref/zmq.h"
names=$(sed -n '/^#ifdef ZMQ_BUILD_DRAFT_API/,/^#endif \/\/ ZMQ_BUILD_DRAFT_API/p' "$ref" \
    | sed -n 's/^#define \([A-Z0-9_]*\) .*/\1/p')
[[ $(wc -w <<< "$names") -gt 40 ]] || { echo "found too few draft macros in $ref" >&2; exit 1; }
{
    echo '#include <stdio.h>'
    echo '#include <zmq.h>'
    echo 'int main (void) {'
    for n in $names; do
        case $n in
        ZMQ_MSG_PROPERTY_*) echo "    printf (\"$n %s\\n\", $n);" ;;
        *) echo "    printf (\"$n %lld\\n\", (long long) ($n));" ;;
        esac
    done
    echo '    printf ("zmq_poller_event_t %zu\n", sizeof (zmq_poller_event_t));'
    echo '    return 0;'
    echo '}'
} > "$tmp/print.c"
# shellcheck disable=SC2086
$CC $ZMQ_CFLAGS -DZMQ_BUILD_DRAFT_API -I"$tmp/ref" "$tmp/print.c" -o "$tmp/print-ref"
# shellcheck disable=SC2086
$CC $ZMQ_CFLAGS -DZMQ_BUILD_DRAFT_API -I"$ZMQ_ROOT/include" "$tmp/print.c" -o "$tmp/print-ours"
"$tmp/print-ref" > "$tmp/ref.out"
"$tmp/print-ours" > "$tmp/ours.out"
diff -u "$tmp/ref.out" "$tmp/ours.out"
echo "$(wc -l < "$tmp/ours.out") draft values equal the reference's"
