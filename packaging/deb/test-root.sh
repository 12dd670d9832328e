#!/usr/bin/env bash
# The drop-in, end to end, in a scratch Debian root (a debootstrap chroot, never
# this machine's root): Debian's libzmq5 and bindings that depend on it
# (python3-zmq, ruby-ffi-rzmq, libzmq-ffi-perl, php-zmq) are installed from the
# mirror; then `apt-get install ./libzmq5-rs*.deb ./libzmq-rs-dev*.deb` replaces
# libzmq5 and libzmq3-dev (Conflicts/Replaces; the bindings stay, their
# dependency on libzmq5 met by Provides), and each binding runs its round trips with no LD_LIBRARY_PATH:
# the dynamic loader and the ldconfig cache must give it our libzmq.so.5.
# Perl's ZMQ::FFI is run without its soname option: it finds the library
# through the ldconfig cache.
#
#   packaging/deb/test-root.sh DEBDIR    (make test-deb; DEBDIR holds the .debs)
#
# The root with Debian's packages is built once (debootstrap, a few minutes)
# and kept as target/deb-chroot/<codename>.tar; later runs unpack it.
# Needs root (chroot, mount of /proc) and debootstrap.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
debdir=$(cd "${1:?usage: test-root.sh DEBDIR}" && pwd)
[[ $(id -u) == 0 ]] || { echo "test-root.sh needs root (chroot, mount)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }

codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache_dir=$root_dir/target/deb-chroot
cache=$cache_dir/$codename.tar
bindings=(python3-zmq ruby-ffi-rzmq libzmq-ffi-perl php-cli php-zmq libzmq3-dev)
mkdir -p "$cache_dir"
chroot_dir=$(mktemp -d "$cache_dir/root.XXXXXX")

cleanup() {
    umount "$chroot_dir/proc" 2>/dev/null || true
    rm -rf --one-file-system "$chroot_dir"
}
trap cleanup EXIT
in_root() {  # in_root CMD...: runs CMD in the chroot with a clean environment
    chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
# Whether package $1 is installed in the chroot. (Output is captured before
# grep sees it: with pipefail, `... | grep -q` fails when the writer gets SIGPIPE.)
installed() {
    local status
    status=$(in_root dpkg-query -W -f '${Status}' "$1" 2>/dev/null || true)
    [[ $status == "install ok installed" ]]
}

start=$SECONDS
if [[ ! -f $cache ]]; then
    echo "building the $codename root (debootstrap from $mirror)..."
    debootstrap --variant=minbase "$codename" "$chroot_dir" "$mirror" > "$cache_dir/debootstrap.log" 2>&1 \
        || { tail -n 30 "$cache_dir/debootstrap.log" >&2; exit 1; }
    mount -t proc proc "$chroot_dir/proc"
    in_root apt-get install -y --no-install-recommends "${bindings[@]}" > "$cache_dir/apt.log" 2>&1 \
        || { tail -n 30 "$cache_dir/apt.log" >&2; exit 1; }
    in_root apt-get clean
    umount "$chroot_dir/proc"
    tar -C "$chroot_dir" -cf "$cache.tmp" . && mv "$cache.tmp" "$cache"
    echo "root built and cached in $((SECONDS - start)) s: $cache"
else
    tar -C "$chroot_dir" -xf "$cache"
    echo "root unpacked from $cache in $((SECONDS - start)) s"
fi
mount -t proc proc "$chroot_dir/proc"

installed libzmq5 || { echo "the root lacks Debian's libzmq5 to replace" >&2; exit 1; }
mkdir -p "$chroot_dir/tmp/debs" "$chroot_dir/tmp/bindings"
cp "$debdir"/libzmq5-rs_*.deb "$debdir"/libzmq-rs-dev_*.deb "$chroot_dir/tmp/debs/"
# As a user would: apt installs both and removes libzmq5 and libzmq3-dev (they
# conflict), keeping every package that depends on libzmq5 (or on libzmq3-dev,
# as libzmq-ffi-perl does). Nothing is downloaded: libc6 and libgcc-s1 are there.
in_root sh -c 'apt-get install -y /tmp/debs/*.deb' > "$chroot_dir/tmp/apt.log" 2>&1 \
    || { cat "$chroot_dir/tmp/apt.log" >&2; exit 1; }
grep -E "^(Remv|Removing|Setting up|The following)" "$chroot_dir/tmp/apt.log" || true
for pkg in python3-zmq ruby-ffi-rzmq libzmq-ffi-perl php-zmq; do
    installed "$pkg" || { echo "$pkg was removed along with libzmq5" >&2; exit 1; }
done
for pkg in libzmq5 libzmq3-dev; do
    if installed "$pkg"; then
        echo "$pkg is still installed next to ours" >&2; exit 1
    fi
done
# Every installed package's dependencies still hold (python3-zmq and the
# others depend on libzmq5, now provided by libzmq5-rs).
in_root apt-get check > /dev/null || { in_root apt-get check >&2; exit 1; }
multiarch=$(in_root dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu")
libdir=/usr/lib/$multiarch
# (With merged /usr, ldconfig names /lib/<multiarch>, the same directory.)
cache_list=$(in_root ldconfig -p)
grep -Eq "libzmq\.so\.5 .*=> (/usr)?/lib/$multiarch/libzmq\.so\.5$" <<< "$cache_list" \
    || { echo "the ldconfig cache does not list $libdir/libzmq.so.5" >&2; exit 1; }
[[ $(readlink -f "$chroot_dir$libdir/libzmq.so.5") == "$chroot_dir$libdir/libzmq.so.5.2.5" ]] \
    || { echo "$libdir/libzmq.so.5 is not ours" >&2; exit 1; }

cp "$root_dir"/capi-tests/pyzmq_roundtrip.py "$root_dir"/capi-tests/bindings/roundtrip.{rb,pl,php} \
    "$chroot_dir/tmp/bindings/"
failed=0
check_output() {  # check_output NAME FILE: our version, our library mapped, nothing else
    local name=$1 out=$2 path
    if ! grep -qx "version 4.3.5" "$out" || [[ $(tail -n 1 "$out") != ok ]]; then
        echo "FAIL $name:"; cat "$out"; failed=1; return
    fi
    while read -r path; do
        if [[ $(readlink -f "$chroot_dir$path") != "$chroot_dir$libdir/libzmq.so.5.2.5" ]]; then
            echo "FAIL $name: maps $path"; failed=1; return
        fi
    done < <(sed -n 's/^mapped //p' "$out")
    echo "PASS $name"
}
run_binding() {  # run_binding NAME CMD...
    local name=$1 out=$chroot_dir/tmp/$1.out
    shift
    if ! in_root "$@" > "$out" 2>&1; then
        echo "FAIL $name:"; cat "$out"; failed=1; return
    fi
    check_output "$name" "$out"
}
if in_root python3 -B /tmp/bindings/pyzmq_roundtrip.py 4.3.5 "$libdir" > "$chroot_dir/tmp/python.out" 2>&1; then
    echo "PASS python3-zmq"
else
    echo "FAIL python3-zmq:"; cat "$chroot_dir/tmp/python.out"; failed=1
fi
run_binding ruby-ffi-rzmq ruby /tmp/bindings/roundtrip.rb
run_binding libzmq-ffi-perl perl /tmp/bindings/roundtrip.pl
run_binding php-zmq php /tmp/bindings/roundtrip.php
echo "test-deb: $((SECONDS - start)) s"
exit "$failed"
