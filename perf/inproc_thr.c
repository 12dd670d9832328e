/* inproc_thr <message-size> <message-count>
 * local_thr and remote_thr in one process over inproc://: a worker thread
 * pushes, the main thread pulls and reports the mean throughput. */
#include "perfutil.h"

static size_t message_size;
static int message_count;

static void worker (void *ctx)
{
    void *s = zmq_socket (ctx, ZMQ_PUSH);
    if (!s || zmq_connect (s, "inproc://thr_test") != 0) {
        fprintf (stderr, "worker: %s\n", zmq_strerror (zmq_errno ()));
        exit (1);
    }
    for (int i = 0; i != message_count; i++) {
        zmq_msg_t msg;
        if (zmq_msg_init_size (&msg, message_size) != 0
            || zmq_sendmsg (s, &msg, 0) < 0 || zmq_msg_close (&msg) != 0) {
            fprintf (stderr, "worker send: %s\n", zmq_strerror (zmq_errno ()));
            exit (1);
        }
    }
    if (zmq_close (s) != 0) {
        fprintf (stderr, "worker close: %s\n", zmq_strerror (zmq_errno ()));
        exit (1);
    }
}

int main (int argc, char *argv[])
{
    if (argc != 3) {
        printf ("usage: inproc_thr <message-size> <message-count>\n");
        return 1;
    }
    message_size = perf_parse_size (argv[1]);
    message_count = perf_parse_count (argv[2], "message count");

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_PULL);
    PERF_CHECK (s);
    PERF_CHECK (zmq_bind (s, "inproc://thr_test") == 0);

    void *thread = zmq_threadstart (worker, ctx);
    PERF_CHECK (thread);

    zmq_msg_t msg;
    PERF_CHECK (zmq_msg_init (&msg) == 0);
    PERF_CHECK (zmq_recvmsg (s, &msg, 0) >= 0);
    if (zmq_msg_size (&msg) != message_size) {
        printf ("message of incorrect size received\n");
        return -1;
    }
    void *watch = zmq_stopwatch_start ();
    for (int i = 0; i != message_count - 1; i++) {
        PERF_CHECK (zmq_recvmsg (s, &msg, 0) >= 0);
        if (zmq_msg_size (&msg) != message_size) {
            printf ("message of incorrect size received\n");
            return -1;
        }
    }
    unsigned long elapsed = zmq_stopwatch_stop (watch);
    if (elapsed == 0)
        elapsed = 1;
    PERF_CHECK (zmq_msg_close (&msg) == 0);

    double throughput = (double) message_count / (double) elapsed * 1000000;
    double megabits = throughput * (double) message_size * 8 / 1000000;
    printf ("message size: %d [B]\n", (int) message_size);
    printf ("message count: %d\n", message_count);
    printf ("mean throughput: %d [msg/s]\n", (int) throughput);
    printf ("mean throughput: %.3f [Mb/s]\n", megabits);

    zmq_threadclose (thread);
    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
