"""pyzmq (Debian's python3-zmq) driven over the libzmq.so.5 the loader picked.

Run by test_pyzmq.sh with /usr/bin/python3. argv[1] is the libzmq version we
expect (4.3.5 for ours, 4.3.4 for the reference), argv[2] the directory the
loaded libzmq.so.5 must come from. Every check raises on failure; nothing here
sleeps to synchronise: receives block with RCVTIMEO, polls have timeouts.
"""

import errno
import os
import sys

import zmq
from zmq.utils.monitor import recv_monitor_message

TIMEOUT_MS = 5000


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def loaded_libzmq():
    """Path of the libzmq.so.5 mapped into this process."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if os.path.basename(path).startswith("libzmq.so"):
                return os.path.realpath(path)
    return None


def rep_req(ctx):
    rep = ctx.socket(zmq.REP)
    req = ctx.socket(zmq.REQ)
    port = rep.bind_to_random_port("tcp://127.0.0.1")
    check(port > 0, "bind_to_random_port")
    endpoint = rep.getsockopt(zmq.LAST_ENDPOINT).decode()
    check(endpoint == "tcp://127.0.0.1:%d" % port, "LAST_ENDPOINT %r" % endpoint)
    check(rep.last_endpoint == endpoint.encode(), "last_endpoint attribute")
    for s in (rep, req):
        s.rcvtimeo = TIMEOUT_MS
        s.sndtimeo = TIMEOUT_MS
    req.connect(endpoint)
    for i in range(10):
        req.send_string("hello %d" % i)
        check(rep.recv_string() == "hello %d" % i, "REP recv")
        rep.send(b"world", copy=False)
        check(req.recv() == b"world", "REQ recv")
    # Multipart, including an empty frame and a large zero-copy frame (pyzmq
    # hands frames over its copy threshold to zmq_msg_init_data).
    big = os.urandom(200 * 1024)
    req.send_multipart([b"a", b"", big], copy=False)
    parts = rep.recv_multipart()
    check(parts == [b"a", b"", big], "multipart REQ->REP")
    rep.send_multipart([b"x", b"y"])
    frame = req.recv(copy=False)
    check(frame.bytes == b"x" and frame.more, "first frame has MORE")
    check(req.getsockopt(zmq.RCVMORE) == 1, "RCVMORE after first frame")
    check(req.recv() == b"y" and not req.rcvmore, "last frame")
    # Error mapping: a REQ must send before it receives.
    try:
        req.recv()
        raise AssertionError("REQ recv before send did not fail")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EFSM, "EFSM expected, got %s" % e)
    # EAGAIN maps to zmq.Again.
    try:
        rep.recv(zmq.NOBLOCK)
        raise AssertionError("NOBLOCK recv on an empty REP did not fail")
    except zmq.Again as e:
        check(e.errno == errno.EAGAIN, "Again errno")
    rep.close()
    req.close()


def pub_sub(ctx):
    pub = ctx.socket(zmq.PUB)
    sub = ctx.socket(zmq.SUB)
    port = pub.bind_to_random_port("tcp://127.0.0.1")
    sub.rcvtimeo = TIMEOUT_MS
    sub.setsockopt(zmq.SUBSCRIBE, b"weather")
    sub.subscribe("news")
    sub.connect("tcp://127.0.0.1:%d" % port)
    # The subscription travels asynchronously: publish a probe until the SUB
    # sees one (bounded by the poll timeouts), not a sleep.
    poller = zmq.Poller()
    poller.register(sub, zmq.POLLIN)
    for _ in range(200):
        pub.send(b"weather probe")
        if poller.poll(25):
            break
    else:
        raise AssertionError("subscription never reached the publisher")
    while sub.poll(0):
        check(sub.recv() == b"weather probe", "probe")
    pub.send(b"sports 1")           # filtered out
    pub.send_multipart([b"news", b"body"])
    pub.send(b"weather 2")
    check(sub.recv_multipart() == [b"news", b"body"], "news multipart")
    check(sub.recv() == b"weather 2", "weather 2 (sports filtered)")
    sub.unsubscribe("news")
    # Nothing else is pending.
    check(sub.poll(50) == 0, "no stray message")
    pub.close()
    sub.close()


def poller_two_sockets(ctx):
    a_in = ctx.socket(zmq.PULL)
    b_in = ctx.socket(zmq.PULL)
    a_out = ctx.socket(zmq.PUSH)
    b_out = ctx.socket(zmq.PUSH)
    a_in.bind("inproc://pyzmq-a")
    port = b_in.bind_to_random_port("tcp://127.0.0.1")
    a_out.connect("inproc://pyzmq-a")
    b_out.connect("tcp://127.0.0.1:%d" % port)
    poller = zmq.Poller()
    poller.register(a_in, zmq.POLLIN)
    poller.register(b_in, zmq.POLLIN)
    check(poller.poll(50) == [], "empty poll times out")
    b_out.send(b"to b")
    ready = dict(poller.poll(TIMEOUT_MS))
    check(ready == {b_in: zmq.POLLIN}, "only b ready: %r" % ready)
    check(b_in.recv() == b"to b", "b message")
    a_out.send(b"to a")
    b_out.send(b"to b again")
    # Wait for the tcp one (it may trail the inproc one); then a poll with
    # no timeout must report both.
    check(b_in.poll(TIMEOUT_MS) == zmq.POLLIN, "b readable")
    ready = dict(poller.poll(0))
    check(set(ready) == {a_in, b_in}, "both ready")
    check(a_in.recv() == b"to a" and b_in.recv() == b"to b again", "both messages")
    # POLLOUT on a connected PUSH.
    check(a_out.poll(0, zmq.POLLOUT) == zmq.POLLOUT, "PUSH writable")
    # zmq.select is the other poll front end.
    r, w, x = zmq.select([a_in, b_in], [a_out], [], 0.05)
    check(r == [] and w == [a_out] and x == [], "zmq.select")
    for s in (a_in, b_in, a_out, b_out):
        s.close()


def dealer_router(ctx):
    router = ctx.socket(zmq.ROUTER)
    dealer = ctx.socket(zmq.DEALER)
    router.rcvtimeo = dealer.rcvtimeo = TIMEOUT_MS
    dealer.setsockopt(zmq.IDENTITY, b"dealer-1")
    check(dealer.getsockopt(zmq.ROUTING_ID) == b"dealer-1", "ROUTING_ID get")
    check(dealer.identity == b"dealer-1", "identity attribute")
    port = router.bind_to_random_port("tcp://127.0.0.1")
    dealer.connect("tcp://127.0.0.1:%d" % port)
    dealer.send_multipart([b"", b"request"])
    msg = router.recv_multipart()
    check(msg == [b"dealer-1", b"", b"request"], "ROUTER sees the routing id: %r" % msg)
    router.send_multipart([b"dealer-1", b"", b"reply"])
    check(dealer.recv_multipart() == [b"", b"reply"], "DEALER reply")
    # Unknown peer with ROUTER_MANDATORY -> EHOSTUNREACH.
    router.setsockopt(zmq.ROUTER_MANDATORY, 1)
    try:
        router.send_multipart([b"nobody", b"x"])
        raise AssertionError("send to unknown peer did not fail")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EHOSTUNREACH, "EHOSTUNREACH expected, got %s" % e)
    router.close()
    dealer.close()


def options_and_errors(ctx):
    s = ctx.socket(zmq.DEALER)
    check(s.getsockopt(zmq.TYPE) == zmq.DEALER, "TYPE")
    check(s.getsockopt(zmq.LINGER) == -1, "default LINGER")
    s.setsockopt(zmq.LINGER, 0)
    check(s.linger == 0, "LINGER set")
    s.rcvtimeo = 123
    check(s.getsockopt(zmq.RCVTIMEO) == 123, "RCVTIMEO")
    s.sndhwm = 77
    check(s.sndhwm == 77, "SNDHWM")
    check(s.getsockopt(zmq.EVENTS) & zmq.POLLOUT == 0, "unconnected DEALER not writable")
    check(isinstance(s.getsockopt(zmq.FD), int) and s.getsockopt(zmq.FD) >= 0, "FD")
    try:
        s.rcvtimeo = 10
        s.recv()
        raise AssertionError("recv with RCVTIMEO did not time out")
    except zmq.Again:
        pass
    try:
        s.connect("bogus://nowhere")
        raise AssertionError("connect to a bad transport did not fail")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EPROTONOSUPPORT, "EPROTONOSUPPORT expected, got %s" % e)
    try:
        s.setsockopt(9999, 1)
        raise AssertionError("unknown option did not fail")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EINVAL, "EINVAL expected, got %s" % e)
    check(zmq.strerror(zmq.EFSM) != "", "strerror")
    s.close()
    check(s.closed, "closed")
    # Capabilities as the reference Debian build reports them.
    check(zmq.has("ipc"), "has ipc")
    check(zmq.has("curve") in (True, False), "has curve")
    check(not zmq.has("no-such-capability"), "has unknown")
    # Context options.
    check(ctx.get(zmq.IO_THREADS) == 1, "IO_THREADS default")
    ctx.set(zmq.MAX_SOCKETS, 512)
    check(ctx.get(zmq.MAX_SOCKETS) == 512, "MAX_SOCKETS")


def monitor_supported(ctx):
    """Probe: does zmq_socket_monitor work on this library?

    The monitor endpoint gets a reader before the monitor is stopped: libzmq
    4.3.4 sends MONITOR_STOPPED with a blocking send on stop (and on close),
    which hangs (the caller, or the reaper thread) when nobody is connected.
    """
    s = ctx.socket(zmq.PAIR)
    try:
        mon = s.get_monitor_socket()
    except zmq.ZMQError as e:
        s.close(linger=0)
        if e.errno == zmq.ENOTSUP:
            return False
        raise
    s.disable_monitor()
    mon.close(linger=0)
    s.close(linger=0)
    return True


def monitor(ctx):
    rep = ctx.socket(zmq.REP)
    mon = rep.get_monitor_socket()
    mon.rcvtimeo = TIMEOUT_MS
    port = rep.bind_to_random_port("tcp://127.0.0.1")
    endpoint = "tcp://127.0.0.1:%d" % port
    ev = recv_monitor_message(mon)
    check(ev["event"] == zmq.EVENT_LISTENING, "first event LISTENING: %r" % ev)
    check(ev["endpoint"] == endpoint.encode(), "LISTENING endpoint %r" % ev)
    req = ctx.socket(zmq.REQ)
    req.rcvtimeo = TIMEOUT_MS
    req.connect(endpoint)
    req.send(b"ping")
    check(rep.recv() == b"ping", "monitored REP recv")
    rep.send(b"pong")
    check(req.recv() == b"pong", "monitored REQ recv")
    seen = []
    while zmq.EVENT_HANDSHAKE_SUCCEEDED not in seen:
        seen.append(recv_monitor_message(mon)["event"])
    check(zmq.EVENT_ACCEPTED in seen, "ACCEPTED before HANDSHAKE_SUCCEEDED: %r" % seen)
    req.close(linger=0)
    while zmq.EVENT_DISCONNECTED not in seen:
        seen.append(recv_monitor_message(mon)["event"])
    # libzmq 4.3.4 closes its monitor socket with linger 0 on disable, so the
    # MONITOR_STOPPED event it queues is not delivered reliably: not checked.
    rep.disable_monitor()
    mon.close()
    rep.close()
    return seen


def term_unblocks_recv():
    # zmq_ctx_term makes a blocking call in another thread fail with ETERM.
    import threading

    ctx = zmq.Context()
    s = ctx.socket(zmq.PULL)
    s.bind("inproc://pyzmq-term")
    result = []

    def blocked():
        try:
            s.recv()
            result.append("returned")
        except zmq.ContextTerminated as e:
            result.append(e.errno)
        s.close(linger=0)

    t = threading.Thread(target=blocked)
    t.start()
    ctx.term()
    t.join(TIMEOUT_MS / 1000)
    check(not t.is_alive() and result == [zmq.ETERM], "ETERM from term: %r" % result)


def main():
    expected_version, expected_dir = sys.argv[1], sys.argv[2]
    check(zmq.zmq_version() == expected_version,
          "zmq.zmq_version() %s, expected %s" % (zmq.zmq_version(), expected_version))
    lib = loaded_libzmq()
    check(lib is not None and os.path.dirname(lib) == os.path.realpath(expected_dir),
          "loaded libzmq is %s, expected one in %s" % (lib, expected_dir))
    print("pyzmq %s over libzmq %s (%s)" % (zmq.__version__, zmq.zmq_version(), lib))

    ctx = zmq.Context()
    rep_req(ctx)
    print("ok REQ/REP, multipart, EFSM, Again")
    pub_sub(ctx)
    print("ok PUB/SUB with filters")
    poller_two_sockets(ctx)
    print("ok Poller over two sockets, select")
    dealer_router(ctx)
    print("ok DEALER/ROUTER, IDENTITY, EHOSTUNREACH")
    options_and_errors(ctx)
    print("ok options, errors, has()")
    if monitor_supported(ctx):
        seen = monitor(ctx)
        print("ok monitor: %s" % ", ".join(zmq.Event(e).name for e in seen))
    elif os.environ.get("ZMQ_REFERENCE") == "1":
        raise AssertionError("zmq_socket_monitor unsupported on the reference")
    else:
        print("monitor: zmq_socket_monitor returns ENOTSUP here; not run")
    ctx.term()
    term_unblocks_recv()
    print("ok context term (ETERM in a blocked thread)")


if __name__ == "__main__":
    main()
