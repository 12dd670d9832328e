/* req_clients <connect-to> <clients> <roundtrips> [<message-size>]
 * Opens <clients> REQ sockets in one thread, all connected to
 * <connect-to> (router_srv), then <roundtrips> times sends one request on
 * every socket and receives every reply, so all clients have a request in
 * flight at once. Raise `ulimit -n` first: each client costs an fd for
 * its connection (libzmq: and one for its mailbox). Prints nothing. */
#include "perfutil.h"

int main (int argc, char *argv[])
{
    if (argc != 4 && argc != 5) {
        printf ("usage: req_clients <connect-to> <clients> <roundtrips> "
                "[<message-size>]\n");
        return 1;
    }
    const char *connect_to = argv[1];
    int clients = perf_parse_count (argv[2], "clients");
    int roundtrips = perf_parse_count (argv[3], "roundtrips");
    size_t message_size = argc == 5 ? perf_parse_size (argv[4]) : 16;

    void *ctx = zmq_ctx_new ();
    PERF_CHECK (ctx);
    PERF_CHECK (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, clients + 16) == 0);
    void **s = calloc ((size_t) clients, sizeof *s);
    PERF_CHECK (s);
    for (int c = 0; c != clients; c++) {
        s[c] = zmq_socket (ctx, ZMQ_REQ);
        PERF_CHECK (s[c]);
        PERF_CHECK (zmq_connect (s[c], connect_to) == 0);
    }
    zmq_msg_t msg;
    for (int r = 0; r != roundtrips; r++) {
        for (int c = 0; c != clients; c++) {
            PERF_CHECK (zmq_msg_init_size (&msg, message_size) == 0);
            memset (zmq_msg_data (&msg), 0, message_size);
            PERF_CHECK (zmq_msg_send (&msg, s[c], 0) >= 0);
        }
        for (int c = 0; c != clients; c++) {
            PERF_CHECK (zmq_msg_init (&msg) == 0);
            PERF_CHECK (zmq_msg_recv (&msg, s[c], 0) >= 0);
            if (zmq_msg_size (&msg) != message_size) {
                printf ("message of incorrect size received\n");
                return -1;
            }
            PERF_CHECK (zmq_msg_close (&msg) == 0);
        }
    }
    for (int c = 0; c != clients; c++)
        PERF_CHECK (zmq_close (s[c]) == 0);
    free (s);
    PERF_CHECK (zmq_ctx_term (ctx) == 0);
    perf_report_rss ();
    return 0;
}
