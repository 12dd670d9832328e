/* One side of an interoperability exchange, used by test_interop.sh: the
 * script builds this file twice (against the reference libzmq 4.3.4 and
 * against the library under test) and runs the two builds against each
 * other over tcp and ipc.
 *
 *   interop_peer <role> bind <wildcard-endpoint> <endpoint-file> <sync-file>
 *   interop_peer <role> connect <endpoint> - <sync-file>
 *
 * A binding peer writes the endpoint it bound to into endpoint-file. Roles
 * come in pairs: pair-a/pair-b, push/pull, req/rep, dealer/router, pub/sub,
 * xpub/xsub. Each role runs a fixed script (empty, small, >64 KiB and
 * multipart messages; subscriptions travelling upstream) with every receive
 * bounded in time; exit status 0 means the script completed. pub/sub use
 * sync-file to tell when the subscription is in effect.
 *
 * Security (test_interop_security.sh): INTEROP_MECHANISM=plain or curve
 * makes the binding peer the server of that mechanism (a PLAIN server runs
 * a ZAP handler that allows the test user) and the connecting peer its
 * client, with fixed test keys. INTEROP_HEARTBEAT=1 turns on heartbeats
 * (100 ms, timeout 400 ms); pair-a/pair-b then stay quiet for 1.5 s after
 * their script, fail if the connection dropped meanwhile, and exchange one
 * more message. */
#include "secutil.h"

#include <stdint.h>
#include <time.h>

#define BIG (100 * 1024 + 7)
#define WAIT_MS 5000

static const char *role;

static void fail (const char *what)
{
    fprintf (stderr, "interop_peer %s: %s (errno %d: %s)\n", role, what,
             zmq_errno (), zmq_strerror (zmq_errno ()));
    exit (1);
}

static int64_t now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *big_body (void)
{
    static char *big = NULL;
    if (!big) {
        big = malloc (BIG);
        if (!big)
            fail ("malloc");
        for (size_t i = 0; i < BIG; i++)
            big[i] = (char) ('A' + i % 26);
    }
    return big;
}

static void send_frame (void *s, const void *data, size_t len, int more)
{
    if (zmq_send (s, data, len, more ? ZMQ_SNDMORE : 0) != (int) len)
        fail ("send");
}

/* Receives one frame and checks it against data/len and the more flag. */
static void expect_frame (void *s, const void *data, size_t len, int more)
{
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    if (zmq_msg_recv (&msg, s, 0) < 0)
        fail ("receive (timed out?)");
    if (zmq_msg_size (&msg) != len || memcmp (zmq_msg_data (&msg), data, len))
        fail ("unexpected frame content");
    if (zmq_msg_more (&msg) != more)
        fail ("unexpected more flag");
    zmq_msg_close (&msg);
}

/* The standard messages: empty, small, big, three frames. */
static void send_standard (void *s, int idx)
{
    switch (idx) {
        case 0: send_frame (s, "", 0, 0); break;
        case 1: send_frame (s, "small", 5, 0); break;
        case 2: send_frame (s, big_body (), BIG, 0); break;
        default:
            send_frame (s, "m1", 2, 1);
            send_frame (s, "", 0, 1);
            send_frame (s, "m3", 2, 0);
    }
}

static void expect_standard (void *s, int idx)
{
    switch (idx) {
        case 0: expect_frame (s, "", 0, 0); break;
        case 1: expect_frame (s, "small", 5, 0); break;
        case 2: expect_frame (s, big_body (), BIG, 0); break;
        default:
            expect_frame (s, "m1", 2, 1);
            expect_frame (s, "", 0, 1);
            expect_frame (s, "m3", 2, 0);
    }
}

/* Receives a frame of any content; returns its size, copies up to cap. */
static int recv_any (void *s, char *buf, size_t cap)
{
    int rc = zmq_recv (s, buf, cap, 0);
    if (rc < 0)
        fail ("receive (timed out?)");
    return rc;
}

/* Fixed CURVE test keys (Z85), made with zmq_curve_keypair. */
static const char server_public[] = "ob{ksXE$F:cqx:Nr*!J.nZW(I+3$s8W.26.Gqk1#";
static const char server_secret[] = "a7G%jisX%r>*B)YgnT+Da]M*0QKKXlA[o=eQO]fi";
static const char client_public[] = "CbCO.:dB9tKUF]d=NDOm}VDMx0bQFZOcb<SJFghU";
static const char client_secret[] = ":84Yb(@T2Os]3qmkc4xN4>MHI&x$gqbtI&PK}tLU";

/* Applies INTEROP_MECHANISM: the binding side is the server. Returns the
 * ZAP handler started for a PLAIN server, or NULL. */
static sz_zap_t *apply_security (void *ctx, void *s, int binds)
{
    const char *mechanism = getenv ("INTEROP_MECHANISM");
    if (!mechanism || strcmp (mechanism, "null") == 0)
        return NULL;
    if (strcmp (mechanism, "plain") == 0) {
        if (!binds) {
            sz_plain_client (s, "interop", "secret");
            return NULL;
        }
        sz_plain_server (s);
        sz_zap_t *zap = sz_zap_start (ctx, ZMQ_REP, SZ_POLICY);
        zap->user = "interop";
        zap->password = "secret";
        sz_zap_run (zap);
        return zap;
    }
    if (strcmp (mechanism, "curve") != 0)
        fail ("unknown INTEROP_MECHANISM");
    if (binds) {
        ts_set_int (s, ZMQ_CURVE_SERVER, 1);
        ts_set_str (s, ZMQ_CURVE_SECRETKEY, server_secret);
    } else {
        ts_set_str (s, ZMQ_CURVE_SERVERKEY, server_public);
        ts_set_str (s, ZMQ_CURVE_PUBLICKEY, client_public);
        ts_set_str (s, ZMQ_CURVE_SECRETKEY, client_secret);
    }
    return NULL;
}

/* After the script: 1.5 s of quiet with heartbeats on, then one more
 * message each way; the connection must not have dropped meanwhile. */
static void quiet_period (void *ctx, void *s, void *mon, int first)
{
    (void) ctx;
    if (mu_read (mon, 1500, NULL, NULL, 0) != -1)
        fail ("connection dropped during the quiet period");
    if (first) {
        send_frame (s, "after quiet", 11, 0);
        expect_frame (s, "echo", 4, 0);
    } else {
        expect_frame (s, "after quiet", 11, 0);
        send_frame (s, "echo", 4, 0);
    }
}

static int file_exists (const char *path)
{
    return access (path, F_OK) == 0;
}

static void touch (const char *path)
{
    FILE *f = fopen (path, "w");
    if (!f)
        fail ("create sync file");
    fclose (f);
}

int main (int argc, char *argv[])
{
    if (argc != 6) {
        fprintf (stderr, "usage: interop_peer <role> bind|connect <endpoint> "
                         "<endpoint-file>|- <sync-file>\n");
        return 2;
    }
    role = argv[1];
    int binds = strcmp (argv[2], "bind") == 0;
    const char *endpoint = argv[3];
    const char *endpoint_file = argv[4];
    const char *sync_file = argv[5];

    static const struct {
        const char *name;
        int type;
    } roles[] = {{"pair-a", ZMQ_PAIR},   {"pair-b", ZMQ_PAIR},
                 {"push", ZMQ_PUSH},     {"pull", ZMQ_PULL},
                 {"req", ZMQ_REQ},       {"rep", ZMQ_REP},
                 {"dealer", ZMQ_DEALER}, {"router", ZMQ_ROUTER},
                 {"pub", ZMQ_PUB},       {"sub", ZMQ_SUB},
                 {"xpub", ZMQ_XPUB},     {"xsub", ZMQ_XSUB}};
    int type = -1;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp (role, roles[i].name) == 0)
            type = roles[i].type;
    if (type < 0) {
        fprintf (stderr, "unknown role %s\n", role);
        return 2;
    }

    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    fprintf (stderr, "interop_peer %s: libzmq %d.%d.%d, %s %s\n", role, major,
             minor, patch, argv[2], endpoint);

    void *ctx = zmq_ctx_new ();
    if (!ctx)
        fail ("zmq_ctx_new");
    void *s = zmq_socket (ctx, type);
    if (!s)
        fail ("zmq_socket");
    int timeout = WAIT_MS;
    zmq_setsockopt (s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt (s, ZMQ_SNDTIMEO, &timeout, sizeof timeout);
    if (type == ZMQ_DEALER)
        zmq_setsockopt (s, ZMQ_ROUTING_ID, "DEALER1", 7);
    if (type == ZMQ_SUB)
        zmq_setsockopt (s, ZMQ_SUBSCRIBE, "T", 1);
    sz_zap_t *zap = apply_security (ctx, s, binds);
    void *mon = NULL;
    int heartbeat = getenv ("INTEROP_HEARTBEAT") != NULL;
    if (heartbeat) {
        ts_set_int (s, ZMQ_HEARTBEAT_IVL, 100);
        ts_set_int (s, ZMQ_HEARTBEAT_TIMEOUT, 400);
        mon = mu_monitor (ctx, s, "inproc://interop-monitor",
                          ZMQ_EVENT_DISCONNECTED
                            | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                            | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                            | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    }

    if (binds) {
        if (zmq_bind (s, endpoint) != 0)
            fail ("bind");
        char ep[256];
        size_t size = sizeof ep;
        if (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, ep, &size) != 0)
            fail ("ZMQ_LAST_ENDPOINT");
        char tmp[512];
        snprintf (tmp, sizeof tmp, "%s.tmp", endpoint_file);
        FILE *f = fopen (tmp, "w");
        if (!f)
            fail ("write endpoint file");
        fprintf (f, "%s\n", ep);
        fclose (f);
        if (rename (tmp, endpoint_file) != 0)
            fail ("rename endpoint file");
    } else if (zmq_connect (s, endpoint) != 0)
        fail ("connect");

    char buf[256];
    if (type == ZMQ_PAIR && strcmp (role, "pair-a") == 0) {
        for (int i = 0; i < 4; i++) {
            send_standard (s, i);
            expect_standard (s, i);
        }
    } else if (type == ZMQ_PAIR) {
        for (int i = 0; i < 4; i++) {
            expect_standard (s, i);
            send_standard (s, i);
        }
    } else if (type == ZMQ_PUSH) {
        for (int i = 0; i < 4; i++)
            send_standard (s, i);
        /* Linger (default: forever) makes zmq_ctx_term deliver them. */
    } else if (type == ZMQ_PULL) {
        for (int i = 0; i < 4; i++)
            expect_standard (s, i);
    } else if (type == ZMQ_REQ) {
        for (int i = 0; i < 4; i++) {
            send_standard (s, i);
            expect_standard (s, (i + 1) % 4);
        }
    } else if (type == ZMQ_REP) {
        for (int i = 0; i < 4; i++) {
            expect_standard (s, i);
            send_standard (s, (i + 1) % 4);
        }
    } else if (type == ZMQ_DEALER) {
        for (int i = 0; i < 4; i++) {
            send_standard (s, i);
            expect_standard (s, i);
        }
    } else if (type == ZMQ_ROUTER) {
        for (int i = 0; i < 4; i++) {
            expect_frame (s, "DEALER1", 7, 1);
            expect_standard (s, i);
            send_frame (s, "DEALER1", 7, 1);
            send_standard (s, i);
        }
    } else if (type == ZMQ_PUB) {
        /* Probe until the subscriber says it sees them, then the real
         * messages: matching ones, a non-matching one, and an end mark. */
        int64_t deadline = now_ms () + WAIT_MS;
        while (!file_exists (sync_file)) {
            if (now_ms () > deadline)
                fail ("subscriber never saw a probe");
            send_frame (s, "Tprobe", 6, 0);
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep (&ts, NULL);
        }
        send_frame (s, "Nope", 4, 0);
        send_frame (s, "T1", 2, 0);
        send_frame (s, "Tbig", 4, 1);
        send_frame (s, big_body (), BIG, 0);
        send_frame (s, "N2", 2, 1);
        send_frame (s, "T-but-not-first-frame", 21, 0);
        send_frame (s, "Tm", 2, 1);
        send_frame (s, "", 0, 1);
        send_frame (s, "x", 1, 0);
        send_frame (s, "TEND", 4, 0);
    } else if (type == ZMQ_SUB) {
        int rc = recv_any (s, buf, sizeof buf);
        if (rc != 6 || memcmp (buf, "Tprobe", 6) != 0)
            fail ("expected a probe first");
        touch (sync_file);
        do
            rc = recv_any (s, buf, sizeof buf);
        while (rc == 6 && memcmp (buf, "Tprobe", 6) == 0);
        if (rc != 2 || memcmp (buf, "T1", 2) != 0)
            fail ("expected T1 (filtering or order broken)");
        expect_frame (s, "Tbig", 4, 1);
        expect_frame (s, big_body (), BIG, 0);
        expect_frame (s, "Tm", 2, 1);
        expect_frame (s, "", 0, 1);
        expect_frame (s, "x", 1, 0);
        expect_frame (s, "TEND", 4, 0);
    } else if (type == ZMQ_XPUB) {
        /* The subscription arrives from the other library as a message. */
        expect_frame (s, "\x01T", 2, 0);
        send_frame (s, "Nope", 4, 0);
        send_frame (s, "T1", 2, 0);
        send_frame (s, "Tbig", 4, 1);
        send_frame (s, big_body (), BIG, 0);
        expect_frame (s, "upstream", 8, 0);
        expect_frame (s, "\x00T", 2, 0);
    } else if (type == ZMQ_XSUB) {
        send_frame (s, "\x01T", 2, 0);
        expect_frame (s, "T1", 2, 0);
        expect_frame (s, "Tbig", 4, 1);
        expect_frame (s, big_body (), BIG, 0);
        send_frame (s, "upstream", 8, 0);
        send_frame (s, "\x00T", 2, 0);
        /* Linger delivers both before zmq_ctx_term returns. */
    }

    if (heartbeat && type == ZMQ_PAIR)
        quiet_period (ctx, s, mon, strcmp (role, "pair-a") == 0);
    if (mon)
        zmq_close (mon);
    zmq_close (s);
    if (zap)
        sz_zap_stop (zap);
    zmq_ctx_term (ctx);
    return 0;
}
