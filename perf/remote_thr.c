/* remote_thr <connect-to> <message-size> <message-count>
 * Sends message-count messages of message-size bytes on a PUSH socket as
 * fast as it can; zmq_ctx_term waits until they are all delivered.
 *
 * With ZMQ_PERF_HOLD=1 it keeps its socket open after the last send until
 * its standard input reaches end of file. The bench uses that to disconnect
 * only once the receiver has counted every message: libzmq 4.3.4's ipc
 * receiver can lose the tail of a stream whose sender disconnects early. */
#include "perfutil.h"

int main (int argc, char *argv[])
{
    if (argc != 4) {
        printf ("usage: remote_thr <connect-to> <message-size> "
                "<message-count>\n");
        return 1;
    }
    const char *connect_to = argv[1];
    size_t message_size = perf_parse_size (argv[2]);
    int message_count = perf_parse_count (argv[3], "message count");

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_PUSH);
    PERF_CHECK (s);
    PERF_CHECK (perf_apply_security (s, 0) == 0);
    PERF_CHECK (zmq_connect (s, connect_to) == 0);

    for (int i = 0; i != message_count; i++) {
        zmq_msg_t msg;
        PERF_CHECK (zmq_msg_init_size (&msg, message_size) == 0);
#if defined ZMQ_MAKE_VALGRIND_HAPPY
        memset (zmq_msg_data (&msg), 0, message_size);
#endif
        PERF_CHECK (zmq_sendmsg (s, &msg, 0) >= 0);
        PERF_CHECK (zmq_msg_close (&msg) == 0);
    }

    perf_hold_until_eof ();
    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
