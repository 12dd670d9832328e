/* zmq_proxy_steerable's control socket, over inproc:
 * - STATISTICS replies with 8 uint64 frames: frontend received messages and
 *   bytes, frontend sent messages and bytes, then the same for the backend;
 * - PAUSE stops forwarding (messages wait in the queues), RESUME restarts it;
 * - TERMINATE ends the proxy with 0;
 * - while paused, the context terminating still ends it with -1/ETERM;
 * - from libzmq 4.3.5 on: messages are counted per frame, and a REP control
 *   socket answers PAUSE/RESUME/TERMINATE (and unknown commands) with an
 *   empty reply (4.3.4 counted whole messages and did not reply). */
#include "testsock.h"

#include <pthread.h>
#include <stdint.h>

typedef struct {
    void *frontend, *backend, *control;
    int rc, err;
} proxy_args_t;

static void *proxy_thread (void *arg)
{
    proxy_args_t *a = arg;
    a->rc = zmq_proxy_steerable (a->frontend, a->backend, NULL, a->control);
    a->err = zmq_errno ();
    CHECK (zmq_close (a->frontend) == 0);
    CHECK (zmq_close (a->backend) == 0);
    CHECK (zmq_close (a->control) == 0);
    return NULL;
}

/* libzmq 4.3.5 or later (our API level); the reference 4.3.4 is older. */
static int api_435 (void)
{
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    return major * 10000 + minor * 100 + patch >= 40305;
}

/* Sends STATISTICS and reads the 8 values. */
static void statistics (void *control, uint64_t out[8])
{
    ts_send (control, "STATISTICS", 0);
    for (int i = 0; i < 8; i++) {
        zmq_msg_t m;
        REQUIRE (zmq_msg_init (&m) == 0);
        REQUIRE (ts_wait_in (control, TS_WAIT_MS));
        REQUIRE (zmq_msg_recv (&m, control, ZMQ_DONTWAIT) == 8);
        memcpy (&out[i], zmq_msg_data (&m), 8);
        CHECK (zmq_msg_more (&m) == (i < 7));
        zmq_msg_close (&m);
    }
}

static void expect_stats (void *control, const uint64_t want[8])
{
    uint64_t got[8];
    statistics (control, got);
    for (int i = 0; i < 8; i++) {
        if (got[i] != want[i]) {
            fprintf (stderr, "statistics[%d] = %llu, want %llu\n", i,
                     (unsigned long long) got[i],
                     (unsigned long long) want[i]);
            testutil_failures++;
        }
    }
}

/* PUSH -> PULL | proxy | PUSH -> PULL, steered through a PAIR. */
static void test_pair_control (void)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    proxy_args_t a;
    a.frontend = ts_socket (ctx, ZMQ_PULL);
    a.backend = ts_socket (ctx, ZMQ_PUSH);
    a.control = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a.frontend, "inproc://front") == 0);
    REQUIRE (zmq_bind (a.backend, "inproc://back") == 0);
    REQUIRE (zmq_bind (a.control, "inproc://control") == 0);
    void *producer = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (producer, "inproc://front") == 0);
    void *consumer = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_connect (consumer, "inproc://back") == 0);
    void *control = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_connect (control, "inproc://control") == 0);

    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, proxy_thread, &a) == 0);

    uint64_t zero[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    expect_stats (control, zero);

    ts_send (producer, "one", 0);
    ts_send (producer, "three", 0);
    ts_expect (consumer, "one", 0);
    ts_expect (consumer, "three", 0);
    uint64_t two[8] = {2, 8, 0, 0, 0, 0, 2, 8};
    expect_stats (control, two);

    /* PAUSE; the STATISTICS reply after it proves it was handled. */
    ts_send (control, "PAUSE", 0);
    expect_stats (control, two);
    ts_send (producer, "held", 0);
    ts_expect_none (consumer, 200);
    ts_send (control, "RESUME", 0);
    ts_expect (consumer, "held", 0);

    /* A multipart message: 4.3.5 counts frames, 4.3.4 whole messages. */
    ts_send (producer, "ab", ZMQ_SNDMORE);
    ts_send (producer, "cde", 0);
    ts_expect (consumer, "ab", 1);
    ts_expect (consumer, "cde", 0);
    uint64_t n = api_435 () ? 5 : 4;
    uint64_t after[8] = {n, 17, 0, 0, 0, 0, n, 17};
    expect_stats (control, after);

    ts_send (control, "TERMINATE", 0);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (a.rc == 0);

    CHECK (zmq_close (producer) == 0);
    CHECK (zmq_close (consumer) == 0);
    CHECK (zmq_close (control) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

/* DEALER <-> ROUTER both ways, counted on both sides; ETERM while paused. */
static void test_both_ways_and_term (void)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    proxy_args_t a;
    a.frontend = ts_socket (ctx, ZMQ_ROUTER);
    a.backend = ts_socket (ctx, ZMQ_DEALER);
    a.control = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a.frontend, "inproc://bw-front") == 0);
    REQUIRE (zmq_bind (a.backend, "inproc://bw-back") == 0);
    REQUIRE (zmq_bind (a.control, "inproc://bw-control") == 0);
    void *client = ts_socket (ctx, ZMQ_DEALER);
    ts_set_str (client, ZMQ_ROUTING_ID, "id");
    REQUIRE (zmq_connect (client, "inproc://bw-front") == 0);
    void *server = ts_socket (ctx, ZMQ_DEALER);
    REQUIRE (zmq_connect (server, "inproc://bw-back") == 0);
    void *control = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_connect (control, "inproc://bw-control") == 0);

    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, proxy_thread, &a) == 0);

    ts_send (client, "ping", 0);
    ts_expect (server, "id", 1);
    ts_expect (server, "ping", 0);
    ts_send (server, "id", ZMQ_SNDMORE);
    ts_send (server, "pong!", 0);
    ts_expect (client, "pong!", 0);
    /* Request: routing id + body (2 frames, 6 bytes); reply: 2 frames, 7
     * bytes (4.3.4: one message each). */
    uint64_t r = api_435 () ? 2 : 1;
    uint64_t want[8] = {r, 6, r, 7, r, 7, r, 6};
    expect_stats (control, want);

    ts_send (control, "PAUSE", 0);
    expect_stats (control, want);
    ts_send (client, "late", 0);
    ts_expect_none (server, 100);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (control) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (a.rc == -1);
    CHECK (a.err == ETERM);
}

/* 4.3.5: a REP control socket gets an empty reply to every command but
 * STATISTICS, which gets the 8 values. */
static void test_rep_control (void)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    proxy_args_t a;
    a.frontend = ts_socket (ctx, ZMQ_PULL);
    a.backend = ts_socket (ctx, ZMQ_PUSH);
    a.control = ts_socket (ctx, ZMQ_REP);
    REQUIRE (zmq_bind (a.frontend, "inproc://rep-front") == 0);
    REQUIRE (zmq_bind (a.backend, "inproc://rep-back") == 0);
    REQUIRE (zmq_bind (a.control, "inproc://rep-control") == 0);
    void *producer = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (producer, "inproc://rep-front") == 0);
    void *consumer = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_connect (consumer, "inproc://rep-back") == 0);
    void *control = ts_socket (ctx, ZMQ_REQ);
    REQUIRE (zmq_connect (control, "inproc://rep-control") == 0);

    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, proxy_thread, &a) == 0);

    ts_send (control, "PAUSE", 0);
    ts_expect (control, "", 0);
    ts_send (producer, "x", 0);
    ts_expect_none (consumer, 100);
    ts_send (control, "NO SUCH COMMAND", 0);
    ts_expect (control, "", 0);
    ts_send (control, "RESUME", 0);
    ts_expect (control, "", 0);
    ts_expect (consumer, "x", 0);
    uint64_t want[8] = {1, 1, 0, 0, 0, 0, 1, 1};
    expect_stats (control, want);
    ts_send (control, "TERMINATE", 0);
    ts_expect (control, "", 0);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (a.rc == 0);

    CHECK (zmq_close (producer) == 0);
    CHECK (zmq_close (consumer) == 0);
    CHECK (zmq_close (control) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (40);
    test_pair_control ();
    test_both_ways_and_term ();
    if (api_435 ())
        test_rep_control ();
    else
        fprintf (stderr, "libzmq < 4.3.5: REP control replies not tested\n");
    return test_end ();
}
