# Sourced by the test_binding_*.sh scripts. A binding program prints
# "version X.Y.Z" (from the binding's version call), one "mapped PATH" line per
# libzmq file in its /proc/self/maps, and "ok" after its round trips.
#
#   binding_require MESSAGE CMD...   fail with MESSAGE unless CMD succeeds
#                          (the binding is installed)
#   binding_run CMD...     run CMD with the library under test first on the
#                          loader path (ours), or with none set (reference),
#                          output kept in $binding_out
#   binding_check          the output reports the expected version, maps the
#                          library under test and no other libzmq, and ends in ok
#                          (binding_no_version=1: the binding cannot report the
#                          running library's version; the maps alone decide)

if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    binding_version=4.3.4
    binding_lib=$(realpath "$(env -u PKG_CONFIG_PATH pkg-config --variable=libdir libzmq)/libzmq.so.5")
else
    binding_version=4.3.5
    binding_lib=$(realpath "$ZMQ_PREFIX/lib/libzmq.so.5")
fi
binding_out=$ZMQ_TEST_BUILD/$(basename "$0" .sh).out

binding_require() {
    local message=$1
    shift
    "$@" > /dev/null 2>&1 || { echo "$message" >&2; exit 1; }
}

binding_run() {
    local rc=0
    if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
        env -u LD_LIBRARY_PATH "$@" > "$binding_out" || rc=$?
    else
        LD_LIBRARY_PATH=$ZMQ_PREFIX/lib "$@" > "$binding_out" || rc=$?
    fi
    cat "$binding_out"
    [[ $rc == 0 ]] || { echo "exit status $rc" >&2; exit 1; }
}

binding_check() {
    local path seen=0
    [[ ${binding_no_version:-0} == 1 ]] || grep -qx "version $binding_version" "$binding_out" \
        || { echo "the binding does not report version $binding_version" >&2; exit 1; }
    while read -r path; do
        [[ $(realpath "$path") == "$binding_lib" ]] \
            || { echo "mapped $path, not $binding_lib" >&2; exit 1; }
        seen=1
    done < <(sed -n 's/^mapped //p' "$binding_out")
    [[ $seen == 1 ]] || { echo "no libzmq is mapped into the process" >&2; exit 1; }
    [[ $(tail -n 1 "$binding_out") == ok ]] || { echo "the program did not finish" >&2; exit 1; }
}
