#!/usr/bin/env bash
# Debian packages of the library, built with dpkg-deb from a `make install`
# staged under PREFIX=/usr with Debian's multiarch library directory:
#
#   libzmq5-rs      libzmq.so.5 (stripped) in place of Debian's libzmq5:
#                   Provides/Conflicts/Replaces libzmq5, so packages depending
#                   on libzmq5 (pyzmq, czmq, ...) keep working, over this library
#   libzmq-rs-dev   in place of libzmq3-dev: headers, libzmq.so, libzmq.a,
#                   pkg-config and CMake files, manual pages
#
#   packaging/deb/build.sh OUTDIR      (make deb: OUTDIR=target/deb)
#   DEB_COMPRESSION=none|gzip|xz       dpkg-deb's compressor (default xz; tests
#                                      use none, which is much faster)
# Needs: cargo's release build (make build), dpkg-deb, dpkg-shlibdeps, scdoc.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(sed -n 's/^VERSION := //p' "$root/Makefile")
soname_version=$(sed -n 's/^SOVERSION := //p' "$root/Makefile")
debversion=$version-1
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
libdir=/usr/lib/$multiarch
runtime=libzmq${soname_version}-rs
dev=libzmq-rs-dev
maintainer="libzmq-rs maintainers <libzmq-rs@localhost>"
# The changelog's date: the commit built, so a rebuild gives the same packages.
stamp=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}

stage=$out/stage
rm -rf "$stage" "$out/$runtime" "$out/$dev"
make -s --no-print-directory -C "$root" install DESTDIR="$stage" PREFIX=/usr \
    LIBDIR="$libdir" INCLUDEDIR=/usr/include MANDIR=/usr/share/man > "$out/install.log"

# Moves PATH (relative to the stage) into package directory PKG.
take() {  # take PKG PATH...
    local pkg=$1 path
    shift
    for path in "$@"; do
        mkdir -p "$out/$pkg/$(dirname "$path")"
        mv "$stage/$path" "$out/$pkg/$path"
    done
}

docs() {  # docs PKG: copyright and changelog, as policy 12.5 and 12.7 ask
    local doc=$out/$1/usr/share/doc/$1
    mkdir -p "$doc"
    cat > "$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: libzmq-rs
Comment: A Rust implementation of the libzmq 4.3 C API and ABI.

Files: *
Copyright: the libzmq-rs authors
License: MPL-2.0
 On Debian systems the full text of the Mozilla Public License 2.0 is in
 /usr/share/common-licenses/MPL-2.0.
COPYRIGHT
    printf '%s (%s) unstable; urgency=medium\n\n  * Built from source with make deb.\n\n -- %s  %s\n' \
        "$1" "$debversion" "$maintainer" "$(date -R -d @"$stamp")" \
        | gzip -9n > "$doc/changelog.Debian.gz"
}

control() {  # control PKG: writes DEBIAN/control from stdin plus the common fields, and md5sums
    local pkg=$1 dir=$out/$1
    mkdir -p "$dir/DEBIAN"
    {
        echo "Package: $pkg"
        echo "Version: $debversion"
        echo "Architecture: $arch"
        echo "Maintainer: $maintainer"
        echo "Installed-Size: $(du -sk --exclude=DEBIAN "$dir" | cut -f1)"
        cat
    } > "$dir/DEBIAN/control"
    (cd "$dir" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
        | xargs -0 md5sum > DEBIAN/md5sums)
}

# Runtime package.
sofile=$(basename "$(readlink -f "$stage$libdir/libzmq.so.$soname_version")")
take "$runtime" "$libdir/$sofile" "$libdir/libzmq.so.$soname_version"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$out/$runtime$libdir/$sofile"
chmod 644 "$out/$runtime$libdir/$sofile"
docs "$runtime"
# The libraries this one needs, as Debian packages with versions (dpkg-shlibdeps
# wants a debian/control to read; a throwaway one will do).
mkdir -p "$out/shlibdeps/debian"
printf 'Source: libzmq-rs\n\nPackage: %s\nArchitecture: any\n' "$runtime" > "$out/shlibdeps/debian/control"
depends=$(cd "$out/shlibdeps" && dpkg-shlibdeps -O "$out/$runtime$libdir/$sofile" 2>/dev/null \
    | sed -n 's/^shlibs:Depends=//p')
[[ -n $depends ]] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }
echo "libzmq $soname_version $runtime" > "$out/$runtime/DEBIAN.shlibs"
control "$runtime" <<CONTROL
Section: libs
Priority: optional
Multi-Arch: same
Depends: $depends
Provides: libzmq$soname_version (= $debversion)
Conflicts: libzmq$soname_version
Replaces: libzmq$soname_version
Description: ZeroMQ library (libzmq 4.3 C API implemented in Rust)
 A drop-in libzmq.so.$soname_version: the stable C API and ABI of libzmq 4.3,
 reporting version $version. It takes the place of libzmq$soname_version, so
 programs and bindings built against Debian's libzmq run on it unchanged.
CONTROL
mv "$out/$runtime/DEBIAN.shlibs" "$out/$runtime/DEBIAN/shlibs"
echo "activate-noawait ldconfig" > "$out/$runtime/DEBIAN/triggers"

# Development package.
take "$dev" /usr/include "$libdir/libzmq.so" "$libdir/libzmq.a" "$libdir/pkgconfig" "$libdir/cmake" /usr/share/man
strip --strip-debug "$out/$dev$libdir/libzmq.a"
find "$out/$dev/usr/share/man" -type f -exec gzip -9n {} +
docs "$dev"
control "$dev" <<CONTROL
Section: libdevel
Priority: optional
Multi-Arch: same
Depends: $runtime (= $debversion)
Provides: libzmq3-dev (= $debversion)
Conflicts: libzmq3-dev
Replaces: libzmq3-dev
Description: ZeroMQ library, development files (libzmq 4.3 C API in Rust)
 Headers (zmq.h, zmq_utils.h), the libzmq.so link and the static libzmq.a,
 pkg-config (libzmq.pc) and CMake (ZeroMQ) files, and the manual pages, in
 place of libzmq3-dev.
CONTROL

leftover=$(cd "$stage" && find . -type f -o -type l)
[[ -z $leftover ]] || { echo "files in no package:" >&2; echo "$leftover" >&2; exit 1; }
for pkg in "$runtime" "$dev"; do
    dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$out/$pkg" "$out/${pkg}_${debversion}_$arch.deb" > /dev/null
    echo "$out/${pkg}_${debversion}_$arch.deb"
done
rm -rf "$stage" "$out/shlibdeps"
