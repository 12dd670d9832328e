/* local_thr <bind-to> <message-size> <message-count>
 * Receives message-count messages on a PULL socket and reports the mean
 * throughput, timed from the first message to the last (libzmq's tool). */
#include "perfutil.h"

int main (int argc, char *argv[])
{
    if (argc != 4) {
        printf ("usage: local_thr <bind-to> <message-size> <message-count>\n");
        return 1;
    }
    const char *bind_to = argv[1];
    size_t message_size = perf_parse_size (argv[2]);
    int message_count = perf_parse_count (argv[3], "message count");

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_PULL);
    PERF_CHECK (s);
    PERF_CHECK (perf_apply_security (s, 1) == 0);
    PERF_CHECK (zmq_bind (s, bind_to) == 0);

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

    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
