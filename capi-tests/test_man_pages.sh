#!/usr/bin/env bash
# The manual `make install` puts under share/man: zmq(7) and a zmq_*(3) page for
# each of the 70 exported functions (tests/abi/libzmq-4.3.4-symbols.txt), each a
# file of its own (some a `.so` link to a family page). With MANPATH at the
# prefix, man(1) finds every one inside the prefix, groff renders it with every
# warning enabled (-ww) and prints none, and the page's NAME section names the
# function.
# Reference mode: the reference's pages are Debian's libzmq3-dev ones (58 of
# the 70 functions), not an install of this tree; nothing to check.
set -euo pipefail
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    echo "checks the pages of our install; the system libzmq3-dev's pages are Debian's" >&2
    exit 77
fi
command -v man >/dev/null || { echo "man is missing: apt-get install man-db" >&2; exit 1; }
mandir=$ZMQ_PREFIX/share/man
out=$ZMQ_TEST_BUILD/man-pages
mkdir -p "$out"
export MANPATH=$mandir MANWIDTH=80 MAN_DISABLE_SECCOMP=1 LC_ALL=C.UTF-8
unset MANPAGER PAGER
failed=0
check() {  # check <name> <section>
    local name=$1 section=$2 file
    if [[ ! -f $mandir/man$section/$name.$section ]]; then
        echo "$name($section): no file $mandir/man$section/$name.$section"; failed=1; return
    fi
    file=$(man -w "$section" "$name" 2>&1) || { echo "$name($section): man -w: $file"; failed=1; return; }
    [[ $file == "$mandir"/* ]] || { echo "$name($section): man finds $file, outside $mandir"; failed=1; return; }
    if ! man --warnings=w "$section" "$name" > "$out/$name.txt" 2> "$out/$name.err"; then
        echo "$name($section): man failed:"; cat "$out/$name.err"; failed=1; return
    fi
    if [[ -s $out/$name.err ]]; then
        echo "$name($section): warnings:"; cat "$out/$name.err"; failed=1; return
    fi
    # NAME lists the function (a family page lists all of its members).
    if ! sed -n '/^NAME/,/^SYNOPSIS/p' "$out/$name.txt" | tr -s ' \n' ' ' | grep -qw -- "$name"; then
        echo "$name($section): its NAME section does not name it"; failed=1
    fi
}
check zmq 7
count=0
while read -r symbol; do
    check "$symbol" 3
    count=$((count + 1))
done < "$ZMQ_ROOT/tests/abi/libzmq-4.3.4-symbols.txt"
[[ $count == 70 ]] || { echo "expected 70 functions, read $count"; failed=1; }
[[ $failed == 0 ]] && echo "zmq(7) and $count function pages render without warnings"
exit "$failed"
