/* A peer built against the reference libzmq, driven by engine interop
 * tests. Usage: ref_peer MODE ENDPOINT
 *   MODE echo-bind  : PAIR binds ENDPOINT (use tcp://127.0.0.1:*), prints the
 *                     bound endpoint, echoes every message back until "END".
 *   MODE xpub-bind  : XPUB binds, prints the endpoint, waits for one
 *                     subscription, prints it in hex, then publishes
 *                     "topic-data" and "other-data" until told "END" on stdin.
 *   MODE echo-connect: PAIR connects to ENDPOINT and echoes until "END".
 */
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void echo (void *s)
{
    for (;;) {
        zmq_msg_t m;
        zmq_msg_init (&m);
        if (zmq_msg_recv (&m, s, 0) < 0) exit (2);
        int more = zmq_msg_more (&m);
        int end = zmq_msg_size (&m) == 3 && memcmp (zmq_msg_data (&m), "END", 3) == 0;
        if (zmq_msg_send (&m, s, more ? ZMQ_SNDMORE : 0) < 0) exit (3);
        if (end) return;
    }
}

int main (int argc, char **argv)
{
    if (argc < 3) return 1;
    void *ctx = zmq_ctx_new ();
    char ep[256];
    size_t len = sizeof ep;
    int linger = 2000;
    if (!strcmp (argv[1], "echo-bind") || !strcmp (argv[1], "echo-connect")) {
        void *s = zmq_socket (ctx, ZMQ_PAIR);
        zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger);
        if (!strcmp (argv[1], "echo-bind")) {
            if (zmq_bind (s, argv[2])) return 4;
            zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, ep, &len);
            printf ("%s\n", ep);
            fflush (stdout);
        } else if (zmq_connect (s, argv[2]))
            return 4;
        echo (s);
        zmq_close (s);
    } else if (!strcmp (argv[1], "xpub-bind")) {
        void *s = zmq_socket (ctx, ZMQ_XPUB);
        zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger);
        if (zmq_bind (s, argv[2])) return 4;
        zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, ep, &len);
        printf ("%s\n", ep);
        fflush (stdout);
        unsigned char sub[256];
        int n = zmq_recv (s, sub, sizeof sub, 0);
        if (n < 0) return 5;
        for (int i = 0; i < n; i++) printf ("%02x", sub[i]);
        printf ("\n");
        fflush (stdout);
        zmq_send (s, "other-data", 10, 0);
        zmq_send (s, "topic-data", 10, 0);
        char line[16];
        if (!fgets (line, sizeof line, stdin)) return 6;
        zmq_close (s);
    }
    zmq_ctx_term (ctx);
    return 0;
}
