/* When the process runs out of fds nothing hangs silently:
 * - zmq_socket needs no fd (ours: the mailbox eventfd is made only for
 *   ZMQ_FD / zmq_poll, which then fail with EMFILE); libzmq 4.3.4 fails
 *   zmq_socket itself with EMFILE. Either way the error is EMFILE.
 * - a connect that cannot get an fd raises CONNECT_DELAYED with EMFILE
 *   (ours; libzmq only CONNECT_RETRIED) and retries with back-off,
 * - an accept that cannot get an fd raises ACCEPT_FAILED with EMFILE and
 *   backs off (ours: a handful of events; libzmq retries at once, spinning,
 *   so the count is not checked against the reference),
 * - a client with ZMQ_RCVTIMEO gets EAGAIN on time,
 * - once fds are free again, the connection is made and the request served.
 * Monitor events are read with blocking receives: zmq_poll would need the
 * monitor sockets' own ZMQ_FDs. */
#include "monitorutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define MAX_HOGS 4096

static int hogs[MAX_HOGS];
static int nhogs = 0;

/* Opens fds until the process has none left. */
static void exhaust_fds (void)
{
    while (nhogs < MAX_HOGS) {
        int fd = dup (2);
        if (fd < 0) {
            REQUIRE (errno == EMFILE);
            return;
        }
        hogs[nhogs++] = fd;
    }
    REQUIRE (!"fd limit not reached");
}

static void release_fds (void)
{
    while (nhogs > 0)
        close (hogs[--nhogs]);
}

/* Reads one monitor event with a blocking receive (timeout_ms); returns its
 * id, or -1 when none came. */
static int ev_read (void *mon, int timeout_ms, uint32_t *value)
{
    ts_set_int (mon, ZMQ_RCVTIMEO, timeout_ms);
    uint8_t head[6];
    int rc = zmq_recv (mon, head, sizeof head, 0);
    if (rc < 0)
        return -1;
    REQUIRE (rc == 6);
    char ep[256];
    REQUIRE (zmq_recv (mon, ep, sizeof ep, 0) >= 0);
    uint16_t event;
    memcpy (&event, head, 2);
    if (value)
        memcpy (value, head + 2, 4);
    return event;
}

/* Skips events until `want` (within timeout_ms each); returns its value. */
static uint32_t ev_expect (void *mon, int want, int timeout_ms)
{
    for (;;) {
        uint32_t value = 0;
        int ev = ev_read (mon, timeout_ms, &value);
        if (ev < 0) {
            fprintf (stderr, "event 0x%x did not come\n", want);
            testutil_failures++;
            return 0;
        }
        if (ev == want)
            return value;
    }
}

static int port_of (const char *ep)
{
    const char *colon = strrchr (ep, ':');
    REQUIRE (colon);
    return atoi (colon + 1);
}

int main (void)
{
    test_start (60);
    int reference = getenv ("ZMQ_REFERENCE") && atoi (getenv ("ZMQ_REFERENCE"));
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_REP);
    ts_set_int (server, ZMQ_RCVTIMEO, TS_WAIT_MS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *smon = mu_monitor (ctx, server, "inproc://server-events",
                             ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_ACCEPT_FAILED);
    void *client = ts_socket (ctx, ZMQ_REQ);
    ts_set_int (client, ZMQ_RCVTIMEO, 300);
    ts_set_int (client, ZMQ_LINGER, 0);
    void *cmon = mu_monitor (ctx, client, "inproc://client-events",
                             ZMQ_EVENT_CONNECT_DELAYED | ZMQ_EVENT_CONNECT_RETRIED
                               | ZMQ_EVENT_CONNECTED);
    int raw = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (raw >= 0);

    struct rlimit rl;
    REQUIRE (getrlimit (RLIMIT_NOFILE, &rl) == 0);
    rl.rlim_cur = 256;
    REQUIRE (setrlimit (RLIMIT_NOFILE, &rl) == 0);
    exhaust_fds ();

    /* zmq_socket: EMFILE either from zmq_socket or from what needs the fd. */
    void *extra = zmq_socket (ctx, ZMQ_PAIR);
    if (extra) {
        CHECK (!reference);
        int fd;
        size_t size = sizeof fd;
        CHECK_ERR (zmq_getsockopt (extra, ZMQ_FD, &fd, &size), EMFILE);
        zmq_pollitem_t item = {extra, 0, ZMQ_POLLIN, 0};
        CHECK_ERR (zmq_poll (&item, 1, 0), EMFILE);
        CHECK (zmq_close (extra) == 0);
    } else
        CHECK (zmq_errno () == EMFILE);

    /* Connect without an fd: reported, and retried. */
    REQUIRE (zmq_connect (client, ep) == 0);
    if (!reference)
        CHECK (ev_expect (cmon, ZMQ_EVENT_CONNECT_DELAYED, TS_WAIT_MS) == EMFILE);
    ev_expect (cmon, ZMQ_EVENT_CONNECT_RETRIED, TS_WAIT_MS);

    /* The request waits in the pipe; the reply does not come, on time. */
    ts_send (client, "hello", 0);
    int64_t t0 = ts_now_ms ();
    char buf[16];
    CHECK_ERR (zmq_recv (client, buf, sizeof buf, 0), EAGAIN);
    int64_t waited = ts_now_ms () - t0;
    CHECK (waited >= 290 && waited < 3000);

    /* Accept without an fd: reported, then the listener backs off. */
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons ((uint16_t) port_of (ep));
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (connect (raw, (struct sockaddr *) &addr, sizeof addr) == 0);
    CHECK (ev_expect (smon, ZMQ_EVENT_ACCEPT_FAILED, TS_WAIT_MS) == EMFILE);
    int failures = 1;
    int64_t window_end = ts_now_ms () + 500;
    while (ts_now_ms () < window_end) {
        int ev = ev_read (smon, 50, NULL);
        if (ev == ZMQ_EVENT_ACCEPT_FAILED)
            failures++;
    }
    fprintf (stderr, "ACCEPT_FAILED events in 0.5 s: %d\n", failures);
    if (!reference)
        CHECK (failures <= 20);

    /* fds again: the pending connection is accepted, the client connects
     * and its request is served. */
    release_fds ();
    close (raw);
    ev_expect (smon, ZMQ_EVENT_ACCEPTED, TS_WAIT_MS);
    ev_expect (cmon, ZMQ_EVENT_CONNECTED, TS_WAIT_MS);
    ts_set_int (client, ZMQ_RCVTIMEO, TS_WAIT_MS);
    ts_expect (server, "hello", 0);
    ts_send (server, "world", 0);
    ts_expect (client, "world", 0);

    CHECK (zmq_close (cmon) == 0);
    CHECK (zmq_close (smon) == 0);
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
