/* remote_lat <connect-to> <message-size> <roundtrip-count>
 * Sends roundtrip-count requests on a REQ socket, each waiting for its echo,
 * and reports the average one-way latency (half the round trip). */
#include "perfutil.h"

int main (int argc, char *argv[])
{
    if (argc != 4) {
        printf ("usage: remote_lat <connect-to> <message-size> "
                "<roundtrip-count>\n");
        return 1;
    }
    const char *connect_to = argv[1];
    size_t message_size = perf_parse_size (argv[2]);
    int roundtrip_count = perf_parse_count (argv[3], "roundtrip count");

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_REQ);
    PERF_CHECK (s);
    PERF_CHECK (perf_apply_security (s, 0) == 0);
    PERF_CHECK (zmq_connect (s, connect_to) == 0);

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

    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
