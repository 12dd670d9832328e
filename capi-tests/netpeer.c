/* One end of a network fault scenario (test_netns_faults.sh,
 * test_netns_netem.sh); built against ours or against the system libzmq.
 *
 *   netpeer pull   <ep> <bind|connect> [count]   prints "<gen> <seq>" per
 *                  message; exits 0 after `count` messages or at "END"
 *   netpeer push   <ep> <bind|connect> <gen> <count> [pace_us]
 *                  sends "<gen> <seq>" for seq 0..count-1, then "END"
 *   netpeer push-partition <ep> <dir>   (connects; heartbeats on) sends
 *                  0..49, touches dir/phase1, waits for dir/down, checks
 *                  that DISCONNECTED comes within the heartbeat timeout,
 *                  queues 50..69, touches dir/queued, waits for CONNECTED,
 *                  sends "END" and lingers until delivered
 *   netpeer rep    <ep>                echoes requests, prints each
 *   netpeer req    <ep> <count> [pace_us]   REQ_CORRELATE + REQ_RELAXED,
 *                  resends a request whose reply does not come in 500 ms;
 *                  prints "ok <seq>" once per request answered
 *   netpeer router <ep>                echoes every message to its sender
 *   netpeer dealer <ep> <count>        sends count messages pipelined,
 *                  checks the echoes come back once each, in order
 *
 * Heartbeats (ZMQ_HEARTBEAT_IVL 200 ms, _TIMEOUT 1000 ms) are on for every
 * socket. Exit status 0 when the scenario's checks held. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define HB_IVL 200
#define HB_TIMEOUT 1000
/* DISCONNECTED must come within the heartbeat timeout of the link going
 * down, plus one interval and scheduling slack. */
#define DISCONNECT_BOUND_MS (HB_TIMEOUT + HB_IVL + 800)

__attribute__ ((noreturn)) static void die (const char *what)
{
    fprintf (stderr, "netpeer: %s (errno %d: %s)\n", what, zmq_errno (),
             zmq_strerror (zmq_errno ()));
    exit (1);
}

static int64_t now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_int (void *s, int opt, int v)
{
    if (zmq_setsockopt (s, opt, &v, sizeof v) != 0)
        die ("setsockopt");
}

/* A socket with the scenario's options, bound or connected to ep; with
 * `monitor`, its monitor is started first so no event is missed. */
static void *open_monitored (void *ctx, int type, const char *ep, int bind,
                             const char *monitor, int events, void **mon)
{
    void *s = zmq_socket (ctx, type);
    if (!s)
        die ("zmq_socket");
    set_int (s, ZMQ_HEARTBEAT_IVL, HB_IVL);
    set_int (s, ZMQ_HEARTBEAT_TIMEOUT, HB_TIMEOUT);
    set_int (s, ZMQ_RECONNECT_IVL, 100);
    set_int (s, ZMQ_LINGER, 10000);
    if (monitor) {
        *mon = zmq_socket (ctx, ZMQ_PAIR);
        if (zmq_socket_monitor (s, monitor, events) != 0 || !*mon
            || zmq_connect (*mon, monitor) != 0)
            die ("monitor");
    }
    if ((bind ? zmq_bind (s, ep) : zmq_connect (s, ep)) != 0)
        die (bind ? "zmq_bind" : "zmq_connect");
    return s;
}

static void *open_socket (void *ctx, int type, const char *ep, int bind)
{
    return open_monitored (ctx, type, ep, bind, NULL, 0, NULL);
}

static void send_text (void *s, const char *text)
{
    if (zmq_send (s, text, strlen (text), 0) < 0)
        die ("zmq_send");
}

static int recv_text (void *s, char *buf, size_t size)
{
    int n = zmq_recv (s, buf, size - 1, 0);
    if (n < 0)
        return -1;
    buf[(size_t) n < size - 1 ? (size_t) n : size - 1] = 0;
    return n;
}

static int file_exists (const char *dir, const char *name)
{
    char path[512];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat (path, &st) == 0;
}

static void touch (const char *dir, const char *name)
{
    char path[512];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen (path, "w");
    if (!f)
        die ("touch");
    fclose (f);
}

/* Waits (checking every 10 ms) until the orchestrating script has made
 * dir/name. */
static void await_file (const char *dir, const char *name)
{
    while (!file_exists (dir, name))
        usleep (10000);
}

/* Next monitor event within timeout_ms; -1 when none. */
static int next_event (void *mon, int timeout_ms)
{
    set_int (mon, ZMQ_RCVTIMEO, timeout_ms);
    uint8_t head[6];
    char ep[256];
    if (zmq_recv (mon, head, sizeof head, 0) != 6)
        return -1;
    if (zmq_recv (mon, ep, sizeof ep, 0) < 0)
        return -1;
    uint16_t ev;
    memcpy (&ev, head, 2);
    return ev;
}

static int await_event (void *mon, int want, int timeout_ms)
{
    int64_t end = now_ms () + timeout_ms;
    for (;;) {
        int64_t left = end - now_ms ();
        if (left <= 0)
            return -1;
        int ev = next_event (mon, (int) left);
        if (ev < 0)
            return -1;
        if (ev == want)
            return 0;
    }
}

static int pull (void *ctx, const char *ep, int bind, long count)
{
    void *s = open_socket (ctx, ZMQ_PULL, ep, bind);
    char buf[64];
    for (long n = 0; count <= 0 || n < count; n++) {
        if (recv_text (s, buf, sizeof buf) < 0)
            die ("recv");
        printf ("%s\n", buf);
        fflush (stdout);
        if (strcmp (buf, "END") == 0)
            break;
    }
    set_int (s, ZMQ_LINGER, 0);
    zmq_close (s);
    return 0;
}

static int push (void *ctx, const char *ep, int bind, int gen, long count, long pace_us)
{
    void *s = open_socket (ctx, ZMQ_PUSH, ep, bind);
    char buf[64];
    for (long seq = 0; seq < count; seq++) {
        snprintf (buf, sizeof buf, "%d %ld", gen, seq);
        send_text (s, buf);
        if (pace_us > 0)
            usleep ((useconds_t) pace_us);
    }
    send_text (s, "END");
    zmq_close (s);
    return 0;
}

static int push_partition (void *ctx, const char *ep, const char *dir)
{
    void *mon = NULL;
    void *s = open_monitored (ctx, ZMQ_PUSH, ep, 0, "inproc://netpeer-mon",
                              ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CONNECTED, &mon);
    if (await_event (mon, ZMQ_EVENT_CONNECTED, 20000) != 0)
        die ("first CONNECTED did not come");
    char buf[64];
    for (int seq = 0; seq < 50; seq++) {
        snprintf (buf, sizeof buf, "1 %d", seq);
        send_text (s, buf);
    }
    touch (dir, "phase1");
    await_file (dir, "down");
    int64_t down = now_ms ();
    if (await_event (mon, ZMQ_EVENT_DISCONNECTED, 10000) != 0)
        die ("DISCONNECTED did not come");
    int64_t took = now_ms () - down;
    fprintf (stderr, "netpeer: DISCONNECTED %lld ms after the partition\n",
             (long long) took);
    int rc = 0;
    if (took > DISCONNECT_BOUND_MS) {
        fprintf (stderr, "netpeer: later than %d ms\n", DISCONNECT_BOUND_MS);
        rc = 1;
    }
    for (int seq = 50; seq < 70; seq++) {
        snprintf (buf, sizeof buf, "1 %d", seq);
        send_text (s, buf);
    }
    touch (dir, "queued");
    if (await_event (mon, ZMQ_EVENT_CONNECTED, 30000) != 0)
        die ("no reconnect after the heal");
    send_text (s, "END");
    zmq_close (s);
    zmq_close (mon);
    return rc;
}

static int rep (void *ctx, const char *ep)
{
    void *s = open_socket (ctx, ZMQ_REP, ep, 1);
    char buf[64];
    for (;;) {
        if (recv_text (s, buf, sizeof buf) < 0)
            die ("recv");
        printf ("%s\n", buf);
        fflush (stdout);
        send_text (s, buf);
    }
    return 0;
}

static int req (void *ctx, const char *ep, long count, long pace_us)
{
    void *s = open_socket (ctx, ZMQ_REQ, ep, 0);
    set_int (s, ZMQ_REQ_CORRELATE, 1);
    set_int (s, ZMQ_REQ_RELAXED, 1);
    set_int (s, ZMQ_RCVTIMEO, 500);
    char want[64], got[64];
    for (long seq = 0; seq < count; seq++) {
        snprintf (want, sizeof want, "%ld", seq);
        send_text (s, want);
        for (;;) {
            if (recv_text (s, got, sizeof got) >= 0)
                break;
            if (zmq_errno () != EAGAIN)
                die ("recv");
            /* No reply in time: ask again (REQ_RELAXED); a late reply to
             * the earlier request is dropped (REQ_CORRELATE). */
            send_text (s, want);
        }
        if (strcmp (got, want) != 0) {
            fprintf (stderr, "netpeer: reply '%s' to request '%s'\n", got, want);
            return 1;
        }
        printf ("ok %s\n", got);
        fflush (stdout);
        if (pace_us > 0)
            usleep ((useconds_t) pace_us);
    }
    set_int (s, ZMQ_LINGER, 0);
    zmq_close (s);
    return 0;
}

static int router (void *ctx, const char *ep)
{
    void *s = open_socket (ctx, ZMQ_ROUTER, ep, 1);
    for (;;) {
        zmq_msg_t id, body;
        zmq_msg_init (&id);
        zmq_msg_init (&body);
        if (zmq_msg_recv (&id, s, 0) < 0 || zmq_msg_recv (&body, s, 0) < 0)
            die ("recv");
        if (zmq_msg_send (&id, s, ZMQ_SNDMORE) < 0 || zmq_msg_send (&body, s, 0) < 0)
            die ("send");
    }
    return 0;
}

static int dealer (void *ctx, const char *ep, long count)
{
    void *s = open_socket (ctx, ZMQ_DEALER, ep, 0);
    char buf[64], got[64];
    for (long seq = 0; seq < count; seq++) {
        snprintf (buf, sizeof buf, "%ld", seq);
        send_text (s, buf);
    }
    for (long seq = 0; seq < count; seq++) {
        snprintf (buf, sizeof buf, "%ld", seq);
        if (recv_text (s, got, sizeof got) < 0)
            die ("recv");
        if (strcmp (got, buf) != 0) {
            fprintf (stderr, "netpeer: echo '%s', expected '%s'\n", got, buf);
            return 1;
        }
    }
    set_int (s, ZMQ_LINGER, 0);
    zmq_close (s);
    return 0;
}

int main (int argc, char *argv[])
{
    if (argc < 3) {
        fprintf (stderr, "usage: see capi-tests/netpeer.c\n");
        return 2;
    }
    alarm (120);
    const char *role = argv[1], *ep = argv[2];
    int bind = argc > 3 && strcmp (argv[3], "bind") == 0;
    void *ctx = zmq_ctx_new ();
    if (!ctx)
        die ("zmq_ctx_new");
    int rc = 2;
    if (strcmp (role, "pull") == 0 && argc >= 4)
        rc = pull (ctx, ep, bind, argc > 4 ? atol (argv[4]) : 0);
    else if (strcmp (role, "push") == 0 && argc >= 6)
        rc = push (ctx, ep, bind, atoi (argv[4]), atol (argv[5]),
                   argc > 6 ? atol (argv[6]) : 0);
    else if (strcmp (role, "push-partition") == 0 && argc == 4)
        rc = push_partition (ctx, ep, argv[3]);
    else if (strcmp (role, "rep") == 0)
        rc = rep (ctx, ep);
    else if (strcmp (role, "req") == 0 && argc >= 4)
        rc = req (ctx, ep, atol (argv[3]), argc > 4 ? atol (argv[4]) : 0);
    else if (strcmp (role, "router") == 0)
        rc = router (ctx, ep);
    else if (strcmp (role, "dealer") == 0 && argc == 4)
        rc = dealer (ctx, ep, atol (argv[3]));
    else
        fprintf (stderr, "netpeer: bad arguments\n");
    zmq_ctx_term (ctx);
    return rc;
}
