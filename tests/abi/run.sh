#!/usr/bin/env bash
# The ABI probe: include/zmq.h against the reference libzmq 4.3.4 header
# (/usr/include/zmq.h, Debian's libzmq3-dev). Fails on any difference in:
#  1. macros: every macro of the reference's stable part (before
#     ZMQ_BUILD_DRAFT_API), printed with value, size and signedness by one
#     program built against each header; the outputs must be identical. Only
#     ZMQ_VERSION_PATCH / ZMQ_VERSION differ by design (4.3.5 vs 4.3.4) and are
#     checked apart. Done twice: with <errno.h>, and with the headers' errno.h
#     include removed so the `#ifndef ENOTSUP ...` fallbacks are compared too.
#  2. layout: sizeof/alignof of zmq_msg_t, zmq_pollitem_t, zmq_fd_t and the
#     offset and size of every zmq_pollitem_t field (same programs).
#  3. prototypes: a C file includes the reference zmq.h and then redeclares
#     every function of ours; C rejects an incompatible redeclaration (a missing
#     const, a wrong integer type), the draft ones against the reference's
#     draft section. Our header must declare exactly the 70 functions of the
#     reference symbol list without ZMQ_BUILD_DRAFT_API, and the 25 of its
#     draft section (libzmq-4.3.4-draft-symbols.txt) with it.
#  4. our header compiles as C99/C11 and C++ with -Wall -Wextra -Werror (-pedantic).
#
#   tests/abi/run.sh [our-include-dir]    (default: include/)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
ours=$(cd "${1:-$root/include}" && pwd)
ref_header=${ZMQ_REFERENCE_HEADER:-/usr/include/zmq.h}
CC=${CC:-cc}
CXX=${CXX:-c++}
strict=(-Wall -Wextra -Werror)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmq-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
problem() { echo "ABI: $*" >&2; status=1; }

[[ -f $ref_header ]] || { echo "ABI: no reference header $ref_header (apt-get install libzmq3-dev)" >&2; exit 1; }

# --- 1 and 2: macro values and layout ------------------------------------------
sed -n '1,/^#ifdef ZMQ_BUILD_DRAFT_API/p' "$ref_header" > "$tmp/ref-stable.h"
# name<TAB>kind, kind: value | empty | function
awk '/^[ \t]*#[ \t]*define[ \t]/ {
        sub(/^[ \t]*#[ \t]*define[ \t]+/, "");
        name = $0; sub(/[^A-Za-z0-9_].*$/, "", name);
        rest = substr($0, length(name) + 1);
        if (rest ~ /^\(/) kind = "function";
        else if (rest ~ /^[ \t]*$/) kind = "empty";
        else kind = "value";
        if (!(name in seen)) { seen[name] = kind; order[n++] = name }
        else if (seen[name] != kind) seen[name] = "empty";
     }
     END { for (i = 0; i < n; i++) print order[i] "\t" seen[order[i]] }' \
    "$tmp/ref-stable.h" > "$tmp/macros"
count=$(wc -l < "$tmp/macros")
[[ $count -gt 200 ]] || problem "found only $count macros in $ref_header"

{
    echo '#include <stdio.h>'
    echo '#include <stddef.h>'
    echo '#include <zmq.h>'
    echo '#define P(name, expr) printf ("%s = %lld size %zu %s\n", name, (long long) (expr), sizeof (expr), ((expr) - (expr) - 1 < 0) ? "signed" : "unsigned")'
    echo 'int main (void) {'
    while IFS=$'\t' read -r name kind; do
        case $name in
            ZMQ_VERSION_PATCH|ZMQ_VERSION) continue ;;  # by design, checked below
        esac
        echo "#ifdef $name"
        case $kind in
            value) echo "    P (\"$name\", $name);" ;;
            function)
                if [[ $name == ZMQ_MAKE_VERSION ]]; then
                    echo "    P (\"$name(1,2,3)\", ZMQ_MAKE_VERSION (1, 2, 3));"
                    echo "    P (\"$name(4,3,5)\", ZMQ_MAKE_VERSION (4, 3, 5));"
                else
                    echo "    puts (\"$name defined\");"
                fi ;;
            *) echo "    puts (\"$name defined\");" ;;
        esac
        echo "#else"
        echo "    puts (\"$name not defined\");"
        echo "#endif"
    done < "$tmp/macros"
    cat <<'C'
    printf ("sizeof zmq_msg_t %zu align %zu\n", sizeof (zmq_msg_t), _Alignof (zmq_msg_t));
    printf ("sizeof zmq_pollitem_t %zu align %zu\n", sizeof (zmq_pollitem_t), _Alignof (zmq_pollitem_t));
    printf ("sizeof zmq_fd_t %zu signed %d\n", sizeof (zmq_fd_t), (zmq_fd_t) -1 < 0);
    zmq_pollitem_t item;
    printf ("zmq_pollitem_t.socket offset %zu size %zu\n", offsetof (zmq_pollitem_t, socket), sizeof item.socket);
    printf ("zmq_pollitem_t.fd offset %zu size %zu\n", offsetof (zmq_pollitem_t, fd), sizeof item.fd);
    printf ("zmq_pollitem_t.events offset %zu size %zu\n", offsetof (zmq_pollitem_t, events), sizeof item.events);
    printf ("zmq_pollitem_t.revents offset %zu size %zu\n", offsetof (zmq_pollitem_t, revents), sizeof item.revents);
    zmq_msg_t msg;
    printf ("zmq_msg_t._ size %zu\n", sizeof msg._);
    return 0;
}
C
} > "$tmp/dump.c"

mkdir -p "$tmp/ref" "$tmp/ours" "$tmp/ref-noerrno" "$tmp/ours-noerrno"
cp "$ref_header" "$tmp/ref/zmq.h"
cp "$ours/zmq.h" "$tmp/ours/zmq.h"
sed '/#[ \t]*include[ \t]*<errno.h>/d' "$ref_header" > "$tmp/ref-noerrno/zmq.h"
sed '/#[ \t]*include[ \t]*<errno.h>/d' "$ours/zmq.h" > "$tmp/ours-noerrno/zmq.h"

for variant in "" -noerrno; do
    built=1
    for side in ref ours; do
        # -Wno-type-limits: the signedness test is constant for unsigned values.
        if ! $CC -std=gnu11 "${strict[@]}" -Wno-type-limits -I"$tmp/$side$variant" "$tmp/dump.c" \
                -o "$tmp/dump-$side$variant" 2> "$tmp/dump.err"; then
            problem "macro dump does not compile against $side$variant:"
            grep -E 'error' "$tmp/dump.err" >&2
            built=0
        elif ! "$tmp/dump-$side$variant" > "$tmp/out-$side$variant"; then
            problem "macro dump ($side$variant) failed"
            built=0
        fi
    done
    [[ $built == 1 ]] || continue
    if ! diff -u "$tmp/out-ref$variant" "$tmp/out-ours$variant" > "$tmp/diff$variant"; then
        problem "macros/layout differ from the reference${variant:+ (without errno.h)} ('-' reference, '+' ours):"
        grep '^[-+][^-+]' "$tmp/diff$variant" >&2
    fi
done
if [[ $status == 0 ]]; then
    lines=$(wc -l < "$tmp/out-ours")
    guarded=$(grep -c 'HAUSNUMERO\|^E[A-Z]* = 15638' "$tmp/out-ours-noerrno" || true)
    echo "abi: $lines macro/layout values equal the reference's ($guarded via the errno fallbacks)"
fi

# No macro of ours that the reference's stable part lacks: a stray `pub const` in
# src/capi would otherwise slip into every C program's namespace.
cut -f1 "$tmp/macros" | sort -u > "$tmp/ref-names"
# The draft section's blocks (no nesting inside them) are left out here and
# compared with the reference's draft section below.
define_names() { sed -n 's/^[ \t]*#[ \t]*define[ \t]\{1,\}\([A-Za-z0-9_]*\).*/\1/p' | sort -u; }
in_draft='/^#if(def ZMQ_BUILD_DRAFT_API| defined\(ZMQ_BUILD_DRAFT_API\))/ { d = 1 }'
awk "$in_draft d { print } /^#endif/ { d = 0 }" "$ours/zmq.h" | define_names > "$tmp/our-draft-names"
awk "$in_draft !d { print } /^#endif/ { d = 0 }" "$ours/zmq.h" | define_names > "$tmp/our-names"
sed -n '/^#ifdef ZMQ_BUILD_DRAFT_API/,/^#endif \/\/ ZMQ_BUILD_DRAFT_API/p' "$ref_header" | define_names > "$tmp/ref-draft-names"
if ! diff -u "$tmp/ref-draft-names" "$tmp/our-draft-names" > "$tmp/draft-names.diff"; then
    problem "draft-section macros differ from the reference's ('-' reference, '+' ours):"
    grep '^[-+][^-+]' "$tmp/draft-names.diff" >&2
fi
extra=$(comm -13 "$tmp/ref-names" "$tmp/our-names" | grep -vx 'ZMQ_ALIGNED_' || true)
if [[ -n $extra ]]; then
    problem "macros that libzmq 4.3's stable zmq.h does not define:" $extra
fi

# Our version macros: 4.3.5 by design.
cat > "$tmp/version.c" <<'C'
#include <zmq.h>
#if ZMQ_VERSION_MAJOR != 4 || ZMQ_VERSION_MINOR != 3 || ZMQ_VERSION_PATCH != 5 || ZMQ_VERSION != 40305
#error "version macros are not 4.3.5"
#endif
int main (void) { return 0; }
C
$CC "${strict[@]}" -I"$ours" -c "$tmp/version.c" -o /dev/null || problem "version macros are not 4.3.5"

# --- 3: prototypes ---------------------------------------------------------------
# cbindgen writes each function as "ZMQ_EXPORT ..." up to the ";".
awk '/^ZMQ_EXPORT/ { inproto = 1; text = "" }
     inproto { text = text " " $0; if ($0 ~ /;/) { print text; inproto = 0 } }' \
    "$ours/zmq.h" | sed 's/^ *ZMQ_EXPORT *//; s/  */ /g' > "$tmp/protos"
sed -n 's/.*[ *]\(zmq_[a-z0-9_]*\) *(.*/\1/p' "$tmp/protos" | sort > "$tmp/proto-names"
sort -u "$root/tests/abi/libzmq-4.3.4-symbols.txt" "$root/tests/abi/libzmq-4.3.4-draft-symbols.txt" > "$tmp/want-names"
if ! diff -u "$tmp/want-names" "$tmp/proto-names" > "$tmp/names.diff"; then
    problem "declared functions differ from the 70 + 25 draft of libzmq 4.3.4 ('-' missing, '+' extra):"
    grep '^[-+][^-+]' "$tmp/names.diff" >&2
fi
# Without ZMQ_BUILD_DRAFT_API only the 70 stable functions are declared.
printf '#include <zmq.h>\n' | $CC -E -P -I"$ours" - 2> "$tmp/stable.err" \
    | grep -o 'zmq_[a-z0-9_]* *(' | tr -d ' (' | sort -u > "$tmp/stable-names" || true
sort -u "$root/tests/abi/libzmq-4.3.4-symbols.txt" > "$tmp/stable-want"
if ! diff -u "$tmp/stable-want" "$tmp/stable-names" > "$tmp/stable.diff"; then
    problem "without ZMQ_BUILD_DRAFT_API, declared functions differ from the 70 stable ones:"
    grep '^[-+][^-+]' "$tmp/stable.diff" >&2 || cat "$tmp/stable.err" >&2
fi
{
    echo '#include <zmq.h>  /* the reference, draft section included */'
    echo '/* each prototype of ours, redeclared: C rejects incompatible ones */'
    cat "$tmp/protos"
} > "$tmp/protos.c"
if $CC -std=gnu11 -DZMQ_BUILD_DRAFT_API "${strict[@]}" -I"$tmp/ref" -c "$tmp/protos.c" -o /dev/null 2> "$tmp/protos.err"; then
    echo "abi: $(wc -l < "$tmp/protos") prototypes are compatible with the reference's"
else
    problem "prototypes incompatible with the reference:"
    grep -E 'error|note: previous' "$tmp/protos.err" >&2 || cat "$tmp/protos.err" >&2
fi

# --- 4: our headers alone, as C and C++ -------------------------------------------
printf '#include <zmq.h>\n#include <zmq_utils.h>\nint main (void) { zmq_msg_t m; (void) m; return ZMQ_VERSION > 0 ? 0 : 1; }\n' > "$tmp/alone.c"
cp "$tmp/alone.c" "$tmp/alone.cpp"
for std in c99 c11; do
    $CC -std=$std -pedantic "${strict[@]}" -I"$ours" -c "$tmp/alone.c" -o /dev/null 2> "$tmp/alone.err" \
        || { problem "zmq.h does not compile as $std:"; cat "$tmp/alone.err" >&2; }
done
$CXX -std=c++11 -pedantic "${strict[@]}" -I"$ours" -c "$tmp/alone.cpp" -o /dev/null 2> "$tmp/alone.err" \
    || { problem "zmq.h does not compile as C++:"; cat "$tmp/alone.err" >&2; }
# C++ programs link to the C names: extern "C" must cover every function.
printf '#include <zmq.h>\nint main (void) { int a, b, c; zmq_version (&a, &b, &c); return zmq_errno () == -12345; }\n' > "$tmp/link.cpp"
$CXX "${strict[@]}" -I"$ours" -c "$tmp/link.cpp" -o "$tmp/link.o"
nm "$tmp/link.o" > "$tmp/link.nm"
if grep -q '_Z.*zmq_' "$tmp/link.nm"; then
    problem "C++ sees mangled zmq_ names: extern \"C\" is missing"
fi

if [[ $status == 0 ]]; then
    echo "abi: C (c99, c11, -pedantic) and C++ builds of zmq.h are clean"
    echo "abi: OK"
fi
exit $status
