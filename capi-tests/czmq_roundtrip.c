/* czmq (Debian's libczmq4, built against the system libzmq.so.5) over the
 * libzmq.so.5 the loader picked. Built and run by test_czmq.sh, which checks
 * which library was loaded.
 *
 * usage: czmq_roundtrip <expected libzmq version, e.g. 4.3.5>
 *
 * Prints "czmq_roundtrip: ok" and exits 0 when every check holds. Nothing
 * sleeps to synchronise: receives are bounded by ZMQ_RCVTIMEO and polls by
 * timeouts. The monitor part runs when zmq_socket_monitor works on the library
 * (probed first: zmonitor asserts on a failing zmq_socket_monitor). */
#include <czmq.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 5000

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf (stderr, "%s:%d: check failed: %s (errno %d: %s)\n",     \
                     __FILE__, __LINE__, #cond, zmq_errno (),                \
                     zmq_strerror (zmq_errno ()));                           \
            exit (1);                                                        \
        }                                                                    \
    } while (0)

static int str_is (char *s, const char *want)
{
    int same = s != NULL && strcmp (s, want) == 0;
    if (!same)
        fprintf (stderr, "got \"%s\", want \"%s\"\n", s ? s : "(null)", want);
    zstr_free (&s);
    return same;
}

/* Binds to a port the kernel picks and returns the endpoint (free it).
 * Not zsock_bind's "tcp://...:*": czmq turns that into a scan from port 49152
 * upwards, in effect a fixed port shared with every other test on the box.
 * Port 0 is passed through to zmq_bind, which lets the kernel choose. */
static char *bind_ephemeral (zsock_t *s)
{
    CHECK (zsock_bind (s, "tcp://127.0.0.1:0") == 0);
    char *endpoint = zsock_last_endpoint (s);
    CHECK (endpoint && strncmp (endpoint, "tcp://127.0.0.1:", 16) == 0);
    CHECK (atoi (endpoint + 16) > 0);
    return endpoint;
}

static void rep_req (void)
{
    zsock_t *rep = zsock_new (ZMQ_REP);
    CHECK (rep);
    char *endpoint = bind_ephemeral (rep);
    zsock_t *req = zsock_new_req (endpoint);
    CHECK (req);
    zstr_free (&endpoint);
    zsock_set_rcvtimeo (rep, TIMEOUT_MS);
    zsock_set_rcvtimeo (req, TIMEOUT_MS);
    CHECK (zsock_rcvtimeo (req) == TIMEOUT_MS);
    CHECK (zsock_type (req) == ZMQ_REQ);

    for (int i = 0; i < 10; i++) {
        CHECK (zstr_sendf (req, "hello %d", i) == 0);
        char expect[32];
        snprintf (expect, sizeof expect, "hello %d", i);
        CHECK (str_is (zstr_recv (rep), expect));
        CHECK (zstr_send (rep, "world") == 0);
        CHECK (str_is (zstr_recv (req), "world"));
    }
    /* zstr_sendx/recvx: multipart strings. */
    CHECK (zstr_sendx (req, "one", "two", "three", NULL) == 0);
    char *a = NULL, *b = NULL, *c = NULL;
    CHECK (zstr_recvx (rep, &a, &b, &c, NULL) == 3);
    CHECK (str_is (a, "one") && str_is (b, "two") && str_is (c, "three"));
    CHECK (zstr_send (rep, "done") == 0);
    CHECK (str_is (zstr_recv (req), "done"));
    /* A REQ must send before it receives: EFSM, mapped to a NULL string. */
    CHECK (zstr_recv (req) == NULL && zmq_errno () == EFSM);
    zsock_destroy (&req);
    zsock_destroy (&rep);
    CHECK (rep == NULL);
}

static void pub_sub (void)
{
    zsock_t *pub = zsock_new (ZMQ_PUB);
    CHECK (pub);
    char *endpoint = bind_ephemeral (pub);
    zsock_t *sub = zsock_new_sub (endpoint, "weather");
    CHECK (sub);
    zstr_free (&endpoint);
    zsock_set_subscribe (sub, "news");
    zsock_set_rcvtimeo (sub, TIMEOUT_MS);

    /* The subscription travels asynchronously: publish probes until one
     * arrives, each wait bounded by the poller. */
    zpoller_t *poller = zpoller_new (sub, NULL);
    CHECK (poller);
    int arrived = 0;
    for (int i = 0; i < 200 && !arrived; i++) {
        CHECK (zstr_send (pub, "weather probe") == 0);
        arrived = zpoller_wait (poller, 25) == sub;
    }
    CHECK (arrived);
    while (zsock_events (sub) & ZMQ_POLLIN)
        CHECK (str_is (zstr_recv (sub), "weather probe"));

    CHECK (zstr_send (pub, "sports 1") == 0); /* filtered out */
    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, "news");
    zmsg_addstr (msg, "body");
    CHECK (zmsg_send (&msg, pub) == 0);
    CHECK (zstr_send (pub, "weather 2") == 0);

    msg = zmsg_recv (sub);
    CHECK (msg && zmsg_size (msg) == 2);
    CHECK (str_is (zmsg_popstr (msg), "news"));
    CHECK (str_is (zmsg_popstr (msg), "body"));
    zmsg_destroy (&msg);
    CHECK (str_is (zstr_recv (sub), "weather 2"));
    CHECK (zpoller_wait (poller, 50) == NULL && zpoller_expired (poller));

    zpoller_destroy (&poller);
    zsock_destroy (&sub);
    zsock_destroy (&pub);
}

static void poller_and_multipart (void)
{
    zsock_t *a_in = zsock_new_pull ("@inproc://czmq-a");
    zsock_t *a_out = zsock_new_push (">inproc://czmq-a");
    zsock_t *b_in = zsock_new (ZMQ_PULL);
    CHECK (a_in && a_out && b_in);
    char *endpoint = bind_ephemeral (b_in);
    zsock_t *b_out = zsock_new (ZMQ_PUSH);
    CHECK (b_out);
    CHECK (zsock_connect (b_out, "%s", endpoint) == 0);
    zstr_free (&endpoint);
    zsock_set_rcvtimeo (a_in, TIMEOUT_MS);
    zsock_set_rcvtimeo (b_in, TIMEOUT_MS);

    zpoller_t *poller = zpoller_new (a_in, b_in, NULL);
    CHECK (poller);
    CHECK (zpoller_wait (poller, 50) == NULL && zpoller_expired (poller));

    /* A multipart zmsg with a binary frame, an empty frame and a big frame. */
    zmsg_t *msg = zmsg_new ();
    unsigned char bin[4] = {0, 1, 2, 255};
    zmsg_addmem (msg, bin, sizeof bin);
    zmsg_addmem (msg, NULL, 0);
    size_t big_size = 200 * 1024;
    unsigned char *big = malloc (big_size);
    CHECK (big);
    for (size_t i = 0; i < big_size; i++)
        big[i] = (unsigned char) (i * 7);
    zmsg_addmem (msg, big, big_size);
    CHECK (zmsg_send (&msg, b_out) == 0 && msg == NULL);

    CHECK (zpoller_wait (poller, TIMEOUT_MS) == b_in);
    msg = zmsg_recv (b_in);
    CHECK (msg && zmsg_size (msg) == 3 && zmsg_content_size (msg) == 4 + big_size);
    zframe_t *frame = zmsg_pop (msg);
    CHECK (zframe_size (frame) == 4 && memcmp (zframe_data (frame), bin, 4) == 0);
    CHECK (zframe_more (frame));
    zframe_destroy (&frame);
    frame = zmsg_pop (msg);
    CHECK (zframe_size (frame) == 0);
    zframe_destroy (&frame);
    frame = zmsg_pop (msg);
    CHECK (zframe_size (frame) == big_size && memcmp (zframe_data (frame), big, big_size) == 0);
    zframe_destroy (&frame);
    zmsg_destroy (&msg);
    free (big);

    CHECK (zstr_send (a_out, "to a") == 0);
    CHECK (zpoller_wait (poller, TIMEOUT_MS) == a_in);
    CHECK (str_is (zstr_recv (a_in), "to a"));
    CHECK (zpoller_wait (poller, 0) == NULL);

    zpoller_destroy (&poller);
    zsock_destroy (&a_in);
    zsock_destroy (&a_out);
    zsock_destroy (&b_in);
    zsock_destroy (&b_out);
}

/* An actor: czmq's inproc PAIR pipe and signals between two threads. */
static void echo_actor (zsock_t *pipe, void *args)
{
    (void) args;
    zsock_signal (pipe, 0);
    while (true) {
        zmsg_t *msg = zmsg_recv (pipe);
        if (!msg)
            break;
        char *command = zmsg_popstr (msg);
        int term = command && strcmp (command, "$TERM") == 0;
        if (!term)
            zstr_sendf (pipe, "echo %s", command ? command : "");
        zstr_free (&command);
        zmsg_destroy (&msg);
        if (term)
            break;
    }
}

static void actor (void)
{
    zactor_t *echo = zactor_new (echo_actor, NULL);
    CHECK (echo);
    CHECK (zstr_send (echo, "hi") == 0);
    CHECK (str_is (zstr_recv (echo), "echo hi"));
    zactor_destroy (&echo);
}

/* zmonitor asserts when zmq_socket_monitor fails, so probe it directly first.
 * The probe's endpoint gets a reader before monitoring stops: libzmq 4.3.4
 * blocks in the stop (MONITOR_STOPPED is a blocking send) if nobody reads. */
static int monitor_supported (void)
{
    zsock_t *s = zsock_new (ZMQ_PAIR);
    CHECK (s);
    int rc = zmq_socket_monitor (zsock_resolve (s), "inproc://czmq-monitor-probe",
                                 ZMQ_EVENT_ALL);
    int err = zmq_errno ();
    if (rc == 0) {
        zsock_t *reader = zsock_new_pair (">inproc://czmq-monitor-probe");
        CHECK (reader);
        CHECK (zmq_socket_monitor (zsock_resolve (s), NULL, 0) == 0);
        zsock_destroy (&reader);
    }
    zsock_destroy (&s);
    if (rc == 0)
        return 1;
    CHECK (err == ENOTSUP);
    return 0;
}

/* Next event name from a zmonitor, NULL after TIMEOUT_MS. */
static char *next_event (zactor_t *monitor, zpoller_t *poller)
{
    if (zpoller_wait (poller, TIMEOUT_MS) != monitor) {
        fprintf (stderr, "no monitor event within %d ms\n", TIMEOUT_MS);
        return NULL;
    }
    zmsg_t *msg = zmsg_recv (monitor);
    CHECK (msg && zmsg_size (msg) == 3);
    char *name = zmsg_popstr (msg);
    char *value = zmsg_popstr (msg);
    char *address = zmsg_popstr (msg);
    printf ("  event %s value %s address %s\n", name, value, address);
    zstr_free (&value);
    zstr_free (&address);
    zmsg_destroy (&msg);
    return name;
}

static void monitor (void)
{
    zsock_t *server = zsock_new (ZMQ_DEALER);
    zsock_t *client = zsock_new (ZMQ_DEALER);
    CHECK (server && client);
    zactor_t *server_mon = zactor_new (zmonitor, server);
    zactor_t *client_mon = zactor_new (zmonitor, client);
    CHECK (server_mon && client_mon);
    CHECK (zstr_sendx (server_mon, "LISTEN", "LISTENING", "ACCEPTED", "DISCONNECTED",
                       NULL) == 0);
    CHECK (zstr_sendx (server_mon, "START", NULL) == 0);
    CHECK (zsock_wait (server_mon) == 0);
    CHECK (zstr_sendx (client_mon, "LISTEN", "CONNECTED", NULL) == 0);
    CHECK (zstr_sendx (client_mon, "START", NULL) == 0);
    CHECK (zsock_wait (client_mon) == 0);
    zpoller_t *server_events = zpoller_new (server_mon, NULL);
    zpoller_t *client_events = zpoller_new (client_mon, NULL);
    CHECK (server_events && client_events);

    char *endpoint = bind_ephemeral (server);
    CHECK (str_is (next_event (server_mon, server_events), "LISTENING"));
    CHECK (zsock_connect (client, "%s", endpoint) == 0);
    zstr_free (&endpoint);
    CHECK (str_is (next_event (client_mon, client_events), "CONNECTED"));
    CHECK (str_is (next_event (server_mon, server_events), "ACCEPTED"));
    zsock_set_rcvtimeo (server, TIMEOUT_MS);
    CHECK (zstr_send (client, "over a monitored link") == 0);
    CHECK (str_is (zstr_recv (server), "over a monitored link"));
    zsock_destroy (&client);
    CHECK (str_is (next_event (server_mon, server_events), "DISCONNECTED"));

    zpoller_destroy (&server_events);
    zpoller_destroy (&client_events);
    zactor_destroy (&server_mon);
    zactor_destroy (&client_mon);
    zsock_destroy (&server);
}

int main (int argc, char *argv[])
{
    CHECK (argc == 2);
    /* zmq_version reports the libzmq that was loaded (zsys_version is czmq's). */
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    char version[32];
    snprintf (version, sizeof version, "%d.%d.%d", major, minor, patch);
    printf ("czmq %d.%d.%d over libzmq %s\n", CZMQ_VERSION_MAJOR, CZMQ_VERSION_MINOR,
            CZMQ_VERSION_PATCH, version);
    if (strcmp (version, argv[1]) != 0) {
        fprintf (stderr, "loaded libzmq %s, expected %s\n", version, argv[1]);
        return 1;
    }
    zsys_init ();
    zsys_handler_set (NULL); /* leave SIGINT/SIGTERM to the test harness */

    rep_req ();
    printf ("ok REQ/REP, zstr, EFSM\n");
    pub_sub ();
    printf ("ok PUB/SUB with filters\n");
    poller_and_multipart ();
    printf ("ok zpoller, zmsg multipart\n");
    actor ();
    printf ("ok zactor\n");
    if (monitor_supported ()) {
        monitor ();
        printf ("ok zmonitor\n");
    }
    else if (getenv ("ZMQ_REFERENCE") && strcmp (getenv ("ZMQ_REFERENCE"), "1") == 0) {
        fprintf (stderr, "zmq_socket_monitor unsupported on the reference\n");
        return 1;
    }
    else
        printf ("monitor: zmq_socket_monitor returns ENOTSUP here; not run\n");

    /* zsys_shutdown destroys the global context: zmq_ctx_term must return. */
    zsys_shutdown ();
    printf ("czmq_roundtrip: ok\n");
    return 0;
}
