#!/usr/bin/env bash
# The Debian packages `make deb` builds (packaging/deb/build.sh, uncompressed
# here for speed): libzmq5-rs provides, conflicts with and replaces libzmq5 and
# holds libzmq.so.5 (soname libzmq.so.5, libzmq 4.3.4's 70 symbols, stripped);
# libzmq-rs-dev does the same for libzmq3-dev and holds the headers, libzmq.so,
# libzmq.a, pkg-config and CMake files and a manual page per function. Both
# install with dpkg into an empty scratch root (dpkg --root, dependencies on
# libc6 and libgcc-s1 forced, as that root has no C library), never into this
# machine's, and a program built against the installed headers and library
# there runs on it. `make test-deb` runs the bindings over the packages in a
# Debian chroot.
set -euo pipefail
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    echo "checks the packages built from this tree; the reference is Debian's own" >&2
    exit 77
fi
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is missing" >&2; exit 1; }
out=$ZMQ_TEST_BUILD/deb
DEB_COMPRESSION=none "$ZMQ_ROOT/packaging/deb/build.sh" "$out" > "$out.log" 2>&1 \
    || { cat "$out.log" >&2; exit 1; }
runtime=$(ls "$out"/libzmq5-rs_*.deb)
dev=$(ls "$out"/libzmq-rs-dev_*.deb)
version=$(dpkg-deb --field "$runtime" Version)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
libdir=usr/lib/$multiarch

field_is() {  # field_is DEB FIELD VALUE
    local got
    got=$(dpkg-deb --field "$1" "$2")
    [[ $got == "$3" ]] || { echo "$(basename "$1") $2: '$got', want '$3'" >&2; exit 1; }
}
field_is "$runtime" Provides "libzmq5 (= $version)"
field_is "$runtime" Conflicts libzmq5
field_is "$runtime" Replaces libzmq5
field_is "$runtime" Section libs
field_is "$dev" Depends "libzmq5-rs (= $version)"
field_is "$dev" Provides "libzmq3-dev (= $version)"
field_is "$dev" Conflicts libzmq3-dev
field_is "$dev" Replaces libzmq3-dev
[[ $(dpkg-deb --field "$runtime" Depends) == "libc6 (>= "* ]] \
    || { echo "libzmq5-rs does not depend on libc6" >&2; exit 1; }

# Install both into a scratch root with its own, empty, dpkg database.
root=$ZMQ_TEST_BUILD/deb-root
rm -rf "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-script-chrootless --log=/dev/null \
    -i "$runtime" "$dev" > "$root.log" 2>&1 || { cat "$root.log" >&2; exit 1; }
for pkg in libzmq5-rs libzmq-rs-dev; do
    [[ $(dpkg-query --root="$root" -W -f '${Status}' "$pkg") == "install ok installed" ]] \
        || { echo "$pkg is not installed in the scratch root" >&2; exit 1; }
done

[[ $(readlink "$root/$libdir/libzmq.so.5") == libzmq.so.5.2.5 ]] \
    || { echo "$libdir/libzmq.so.5 is not a link to libzmq.so.5.2.5" >&2; exit 1; }
[[ $(readlink "$root/$libdir/libzmq.so") == libzmq.so.5 ]] \
    || { echo "$libdir/libzmq.so is not a link to libzmq.so.5" >&2; exit 1; }
"$ZMQ_ROOT/tests/abi/check-symbols.sh" "$root/$libdir/libzmq.so.5.2.5"
sections=$(readelf -S "$root/$libdir/libzmq.so.5.2.5")
if grep -q '\.debug_info' <<< "$sections"; then
    echo "the packaged libzmq.so.5.2.5 is not stripped" >&2; exit 1
fi
for f in usr/include/zmq.h usr/include/zmq_utils.h "$libdir/libzmq.a" \
         "$libdir/pkgconfig/libzmq.pc" "$libdir/cmake/ZeroMQ/ZeroMQConfig.cmake" \
         "$libdir/cmake/ZeroMQ/ZeroMQConfigVersion.cmake" usr/share/man/man7/zmq.7.gz \
         usr/share/doc/libzmq5-rs/copyright usr/share/doc/libzmq-rs-dev/copyright; do
    [[ -f $root/$f ]] || { echo "$f is missing from the packages" >&2; exit 1; }
done
grep -qx "libdir=/$libdir" "$root/$libdir/pkgconfig/libzmq.pc" \
    || { echo "libzmq.pc does not name /$libdir" >&2; exit 1; }
grep -q "\"/$libdir/libzmq.so.5.2.5\"" "$root/$libdir/cmake/ZeroMQ/ZeroMQConfig.cmake" \
    || { echo "ZeroMQConfig.cmake does not name /$libdir/libzmq.so.5.2.5" >&2; exit 1; }
while read -r symbol; do
    [[ -f $root/usr/share/man/man3/$symbol.3.gz ]] || { echo "no manual page for $symbol" >&2; exit 1; }
done < "$ZMQ_ROOT/tests/abi/libzmq-4.3.4-symbols.txt"

# A program built against what the packages installed runs on that library.
prog=$ZMQ_TEST_BUILD/deb-version
"$CC" $ZMQ_CFLAGS -I"$root/usr/include" "$ZMQ_ROOT/c-examples/version.c" -o "$prog" \
    -L"$root/$libdir" -lzmq
got=$(LD_LIBRARY_PATH=$root/$libdir "$prog")
[[ $got == "Current 0MQ version is 4.3.5" ]] || { echo "packaged library: $got" >&2; exit 1; }
echo "$(basename "$runtime") $(basename "$dev"): fields, contents and a scratch-root install check out"
