/* inproc_lat <message-size> <roundtrip-count>
 * local_lat and remote_lat in one process over inproc://: a worker thread
 * echoes on a REP socket, the main thread times the REQ round trips and
 * reports the average one-way latency. */
#include "perfutil.h"

static size_t message_size;
static int roundtrip_count;

static void worker (void *ctx)
{
    void *s = zmq_socket (ctx, ZMQ_REP);
    if (!s || zmq_connect (s, "inproc://lat_test") != 0) {
        fprintf (stderr, "worker: %s\n", zmq_strerror (zmq_errno ()));
        exit (1);
    }
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        exit (1);
    for (int i = 0; i != roundtrip_count; i++) {
        if (zmq_recvmsg (s, &msg, 0) < 0 || zmq_sendmsg (s, &msg, 0) < 0) {
            fprintf (stderr, "worker: %s\n", zmq_strerror (zmq_errno ()));
            exit (1);
        }
    }
    if (zmq_msg_close (&msg) != 0 || zmq_close (s) != 0)
        exit (1);
}

int main (int argc, char *argv[])
{
    if (argc != 3) {
        printf ("usage: inproc_lat <message-size> <roundtrip-count>\n");
        return 1;
    }
    message_size = perf_parse_size (argv[1]);
    roundtrip_count = perf_parse_count (argv[2], "roundtrip count");

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_REQ);
    PERF_CHECK (s);
    PERF_CHECK (zmq_bind (s, "inproc://lat_test") == 0);

    void *thread = zmq_threadstart (worker, ctx);
    PERF_CHECK (thread);

    zmq_msg_t msg;
    PERF_CHECK (zmq_msg_init_size (&msg, message_size) == 0);
    memset (zmq_msg_data (&msg), 0, message_size);

    void *watch = zmq_stopwatch_start ();
    for (int i = 0; i != roundtrip_count; i++) {
        PERF_CHECK (zmq_sendmsg (s, &msg, 0) >= 0);
        PERF_CHECK (zmq_recvmsg (s, &msg, 0) >= 0);
        if (zmq_msg_size (&msg) != message_size) {
            printf ("message of incorrect size received\n");
            return -1;
        }
    }
    unsigned long elapsed = zmq_stopwatch_stop (watch);
    PERF_CHECK (zmq_msg_close (&msg) == 0);

    double latency = (double) elapsed / (roundtrip_count * 2);
    printf ("message size: %d [B]\n", (int) message_size);
    printf ("roundtrip count: %d\n", roundtrip_count);
    printf ("average latency: %.3f [us]\n", latency);

    zmq_threadclose (thread);
    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
