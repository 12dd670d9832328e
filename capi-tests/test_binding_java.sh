#!/usr/bin/env bash
# Java: Debian's libzmq-java (jzmq 3.1, JNI: libzmq-jni's libjzmq.so, linked
# against libzmq.so.5) runs bindings/Roundtrip.java over the library under
# test: REQ/REP with a multipart request, EFSM on a second REQ send, PUB/SUB
# with a filter and a Poller, the monitor's LISTENING event, a PLAIN round trip
# with a ZAP handler (jzmq 3.1 cannot set CURVE options). jzmq's version
# calls report the header libjzmq was compiled with (4.3.4 either way), so the
# process's maps alone show that our libzmq, and no other, is the one running.
set -euo pipefail
jar=/usr/share/java/zmq.jar
[[ -f $jar ]] && ls /usr/lib/*/jni/libjzmq.so >/dev/null 2>&1 \
    || { echo "jzmq is missing: apt-get install libzmq-java libzmq-jni" >&2; exit 1; }
command -v javac >/dev/null || { echo "javac is missing: apt-get install default-jdk-headless" >&2; exit 1; }
classes=$ZMQ_TEST_BUILD/java-classes
rm -rf "$classes"
javac -nowarn -d "$classes" -cp "$jar" bindings/Roundtrip.java
. ./binding-lib.sh
binding_no_version=1
binding_run java -cp "$classes:$jar" Roundtrip
binding_check
