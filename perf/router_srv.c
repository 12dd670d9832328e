/* router_srv <bind-to> <request-count> [<expected-clients>]
 * A ROUTER echo server for many REQ clients (see req_clients): echoes
 * request-count requests, then reports the request rate, timed from the
 * first request to the last. REQ clients send their next request only
 * after the reply to the previous one, so the rate counts round trips
 * through the server with every client connected at once. */
#include "perfutil.h"

int main (int argc, char *argv[])
{
    if (argc != 3 && argc != 4) {
        printf ("usage: router_srv <bind-to> <request-count> "
                "[<expected-clients>]\n");
        return 1;
    }
    const char *bind_to = argv[1];
    int request_count = perf_parse_count (argv[2], "request count");
    int clients = argc == 4 ? perf_parse_count (argv[3], "clients") : 0;

    void *ctx = zmq_init (1);
    PERF_CHECK (ctx);
    void *s = zmq_socket (ctx, ZMQ_ROUTER);
    PERF_CHECK (s);
    /* Replies to every client may be queued at once. */
    int hwm = 0;
    PERF_CHECK (zmq_setsockopt (s, ZMQ_SNDHWM, &hwm, sizeof hwm) == 0);
    PERF_CHECK (zmq_setsockopt (s, ZMQ_RCVHWM, &hwm, sizeof hwm) == 0);
    int backlog = 4096;
    PERF_CHECK (zmq_setsockopt (s, ZMQ_BACKLOG, &backlog, sizeof backlog)
                == 0);
    PERF_CHECK (zmq_bind (s, bind_to) == 0);

    zmq_msg_t id, empty, body;
    PERF_CHECK (zmq_msg_init (&id) == 0);
    PERF_CHECK (zmq_msg_init (&empty) == 0);
    PERF_CHECK (zmq_msg_init (&body) == 0);
    void *watch = NULL;
    for (int i = 0; i != request_count; i++) {
        PERF_CHECK (zmq_msg_recv (&id, s, 0) >= 0);
        PERF_CHECK (zmq_msg_more (&id));
        PERF_CHECK (zmq_msg_recv (&empty, s, 0) >= 0);
        PERF_CHECK (zmq_msg_more (&empty) && zmq_msg_size (&empty) == 0);
        PERF_CHECK (zmq_msg_recv (&body, s, 0) >= 0);
        PERF_CHECK (!zmq_msg_more (&body));
        if (!watch)
            watch = zmq_stopwatch_start ();
        PERF_CHECK (zmq_msg_send (&id, s, ZMQ_SNDMORE) >= 0);
        PERF_CHECK (zmq_msg_send (&empty, s, ZMQ_SNDMORE) >= 0);
        PERF_CHECK (zmq_msg_send (&body, s, 0) >= 0);
    }
    unsigned long elapsed = zmq_stopwatch_stop (watch);
    if (elapsed == 0)
        elapsed = 1;

    double throughput = (double) request_count / (double) elapsed * 1000000;
    printf ("clients: %d\n", clients);
    printf ("request count: %d\n", request_count);
    printf ("mean throughput: %d [msg/s]\n", (int) throughput);

    PERF_CHECK (zmq_msg_close (&id) == 0);
    PERF_CHECK (zmq_msg_close (&empty) == 0);
    PERF_CHECK (zmq_msg_close (&body) == 0);
    int linger = 1000;
    PERF_CHECK (zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger) == 0);
    PERF_CHECK (zmq_close (s) == 0);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
