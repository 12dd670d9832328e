/* local_lat <bind-to> <message-size> <roundtrip-count>
 * Echoes roundtrip-count messages back on a REP socket. */
#include "perfutil.h"

int main (int argc, char *argv[])
{
    if (argc != 4) {
        printf ("usage: local_lat <bind-to> <message-size> "
                "<roundtrip-count>\n");
        return 1;
    }
    const char *bind_to = argv[1];
    size_t message_size = perf_parse_size (argv[2]);
    int roundtrip_count = perf_parse_count (argv[3], "roundtrip count");

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_REP);
    PERF_CHECK (s);
    PERF_CHECK (perf_apply_security (s, 1) == 0);
    PERF_CHECK (zmq_bind (s, bind_to) == 0);

    zmq_msg_t msg;
    PERF_CHECK (zmq_msg_init (&msg) == 0);
    for (int i = 0; i != roundtrip_count; i++) {
        PERF_CHECK (zmq_recvmsg (s, &msg, 0) >= 0);
        if (zmq_msg_size (&msg) != message_size) {
            printf ("message of incorrect size received\n");
            return -1;
        }
        PERF_CHECK (zmq_sendmsg (s, &msg, 0) >= 0);
    }
    PERF_CHECK (zmq_msg_close (&msg) == 0);

    /* The last reply must reach the peer before the socket goes away;
     * the default linger takes care of it. */
    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
