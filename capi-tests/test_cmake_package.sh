#!/usr/bin/env bash
# The CMake package `make install` writes (lib/cmake/ZeroMQ): a project using
# find_package(ZeroMQ 4.3) builds a REQ/REP program against the imported target
# libzmq and against libzmq-static, and a cppzmq program through cppzmq's own
# package (Debian's cppzmq-dev, whose config file does find_package(ZeroMQ))
# against cppzmq and cppzmq-static. The programs run with no LD_LIBRARY_PATH:
# the shared ones must load the installed libzmq.so.5 (CMake's build rpath),
# the static ones none. Project: capi-tests/cmake-consumer.
# In reference mode Debian's libzmq3-dev has no CMake package (it is built with
# autotools), so the project finds the system library through the pkg-config
# module cppzmq-dev ships, and only the shared targets are built.
set -euo pipefail
command -v cmake >/dev/null || { echo "cmake is missing: apt-get install cmake" >&2; exit 1; }
[[ -f /usr/share/cmake/cppzmq/cppzmqConfig.cmake ]] \
    || { echo "cppzmq-dev is missing: apt-get install cppzmq-dev" >&2; exit 1; }

build=$ZMQ_TEST_BUILD/cmake-consumer
rm -rf "$build"
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    args=(-DEXPECT_STATIC=OFF -DCMAKE_MODULE_PATH=/usr/share/cmake/cppzmq/libzmq-pkg-config)
    want=4.3.4
    libdir=$(env -u PKG_CONFIG_PATH pkg-config --variable=libdir libzmq)
    programs=(c_shared cpp_shared)
else
    args=(-DEXPECT_STATIC=ON -DCMAKE_PREFIX_PATH="$ZMQ_PREFIX")
    want=4.3.5
    libdir=$ZMQ_PREFIX/lib
    programs=(c_shared c_static cpp_shared cpp_static)
fi
env -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH cmake -S cmake-consumer -B "$build" \
    -DCMAKE_BUILD_TYPE=Release "${args[@]}" > "$build.configure.log" 2>&1 \
    || { cat "$build.configure.log" >&2; exit 1; }
cat "$build.configure.log"
if [[ ${ZMQ_REFERENCE:-0} != 1 ]]; then
    grep -qx -- "-- ZeroMQ_DIR=$ZMQ_PREFIX/lib/cmake/ZeroMQ" "$build.configure.log" \
        || { echo "find_package(ZeroMQ) did not use $ZMQ_PREFIX/lib/cmake/ZeroMQ" >&2; exit 1; }
    grep -qx -- "-- ZeroMQ_VERSION=4.3.5" "$build.configure.log" \
        || { echo "ZeroMQ_VERSION is not 4.3.5" >&2; exit 1; }
fi
cmake --build "$build" -j 2 > "$build.build.log" 2>&1 || { cat "$build.build.log" >&2; exit 1; }

for prog in "${programs[@]}"; do
    [[ -x $build/$prog ]] || { echo "$prog was not built" >&2; exit 1; }
    got=$(env -u LD_LIBRARY_PATH "$build/$prog")
    [[ $got == "$want" ]] || { echo "$prog reports version '$got', want $want" >&2; exit 1; }
    env -u LD_LIBRARY_PATH ldd "$build/$prog" > "$build/$prog.ldd"
    case $prog in
    *_static)
        if grep -q libzmq "$build/$prog.ldd"; then
            echo "$prog is linked against libzmq.a but loads a libzmq:" >&2
            cat "$build/$prog.ldd" >&2; exit 1
        fi ;;
    *)
        loaded=$(sed -n 's/^\s*libzmq\.so\.5 => \(\S*\) .*/\1/p' "$build/$prog.ldd")
        [[ -n $loaded && $(realpath "$loaded") == $(realpath "$libdir/libzmq.so.5") ]] \
            || { echo "$prog does not load $libdir/libzmq.so.5:" >&2; cat "$build/$prog.ldd" >&2; exit 1; } ;;
    esac
    echo "$prog: $got"
done
