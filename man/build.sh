#!/usr/bin/env bash
# The manual pages: man/NAME.SECTION.scd is converted with scdoc(1) into
# NAME.SECTION. A page that documents several functions names the others on a
# comment line `; also: zmq_a zmq_b`; each of those gets its own page file made
# of one `.so` request pointing at the main page, as man(1) expects.
#
#   man/build.sh OUTDIR                      convert every page into OUTDIR
#   man/build.sh --install OUTDIR MANDIR     copy them into MANDIR/man3, MANDIR/man7
#   man/build.sh --uninstall MANDIR          remove what --install put there
#   man/build.sh --list                      every page name, with its section
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)

pages() {  # prints "name section main" for every page file, aliases included
    local f base name section alias
    for f in "$src"/*.scd; do
        base=$(basename "$f" .scd)
        name=${base%.*}
        section=${base##*.}
        echo "$name $section $name"
        for alias in $(sed -n 's/^; also: //p' "$f"); do
            echo "$alias $section $name"
        done
    done
}

case ${1:-} in
--list)
    pages
    ;;
--install)
    out=$2 mandir=$3
    while read -r name section _; do
        install -d "$mandir/man$section"
        install -m 644 "$out/$name.$section" "$mandir/man$section/$name.$section"
    done < <(pages)
    ;;
--uninstall)
    mandir=$2
    while read -r name section _; do
        rm -f "$mandir/man$section/$name.$section"
    done < <(pages)
    ;;
"")
    echo "usage: man/build.sh OUTDIR | --install OUTDIR MANDIR | --uninstall MANDIR | --list" >&2
    exit 2
    ;;
*)
    out=$1
    command -v scdoc >/dev/null || { echo "scdoc is missing: apt-get install scdoc" >&2; exit 1; }
    mkdir -p "$out"
    while read -r name section main; do
        if [[ $name == "$main" ]]; then
            scdoc < "$src/$name.$section.scd" > "$out/$name.$section.tmp"
            mv "$out/$name.$section.tmp" "$out/$name.$section"
        else
            echo ".so man$section/$main.$section" > "$out/$name.$section"
        fi
    done < <(pages)
    ;;
esac
