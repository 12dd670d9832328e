/* A socket of the reference libzmq driven line by line over stdin, for the
 * interop tests. Usage: ref_driver TYPE bind|connect ENDPOINT
 * Prints "READY <last endpoint>", then for each stdin line:
 *   send HEX[,HEX...]   sends a multipart message (frames in hex; "-" = empty)
 *   recv                receives a multipart message, prints "MSG HEX,HEX..."
 *                       (or "ERR <errno>" after the 10 s receive timeout)
 *   sub HEX             ZMQ_SUBSCRIBE
 *   quit                closes and exits
 */
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unhex (const char *s, size_t n, unsigned char *out)
{
    if (n == 1 && s[0] == '-') return 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned v;
        if (sscanf (s + i, "%2x", &v) != 1) return -1;
        out[i / 2] = (unsigned char) v;
    }
    return (int) (n / 2);
}

int main (int argc, char **argv)
{
    if (argc < 4) return 1;
    void *ctx = zmq_ctx_new ();
    void *s = zmq_socket (ctx, atoi (argv[1]));
    int v = 10000;
    zmq_setsockopt (s, ZMQ_RCVTIMEO, &v, sizeof v);
    v = 1000;
    zmq_setsockopt (s, ZMQ_LINGER, &v, sizeof v);
    int rc = !strcmp (argv[2], "bind") ? zmq_bind (s, argv[3]) : zmq_connect (s, argv[3]);
    if (rc) return 2;
    char ep[256];
    size_t len = sizeof ep;
    zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, ep, &len);
    printf ("READY %s\n", ep);
    fflush (stdout);
    static char line[1 << 20];
    static unsigned char buf[1 << 19];
    while (fgets (line, sizeof line, stdin)) {
        line[strcspn (line, "\n")] = 0;
        if (!strncmp (line, "send ", 5)) {
            char *p = line + 5;
            for (;;) {
                char *comma = strchr (p, ',');
                size_t n = comma ? (size_t) (comma - p) : strlen (p);
                int blen = unhex (p, n, buf);
                if (blen < 0) return 3;
                if (zmq_send (s, buf, blen, comma ? ZMQ_SNDMORE : 0) < 0) {
                    printf ("ERR %d\n", zmq_errno ());
                    break;
                }
                if (!comma) {
                    printf ("SENT\n");
                    break;
                }
                p = comma + 1;
            }
        } else if (!strcmp (line, "recv")) {
            int more = 1, first = 1;
            char out[1 << 20];
            size_t o = 0;
            while (more) {
                zmq_msg_t m;
                zmq_msg_init (&m);
                if (zmq_msg_recv (&m, s, 0) < 0) {
                    printf ("ERR %d\n", zmq_errno ());
                    o = (size_t) -1;
                    break;
                }
                if (!first) out[o++] = ',';
                first = 0;
                size_t n = zmq_msg_size (&m);
                if (n == 0) out[o++] = '-';
                for (size_t i = 0; i < n && o + 3 < sizeof out; i++)
                    o += sprintf (out + o, "%02x", ((unsigned char *) zmq_msg_data (&m))[i]);
                more = zmq_msg_more (&m);
                zmq_msg_close (&m);
            }
            if (o != (size_t) -1) {
                out[o] = 0;
                printf ("MSG %s\n", out);
            }
        } else if (!strncmp (line, "sub ", 4)) {
            int n = unhex (line + 4, strlen (line + 4), buf);
            zmq_setsockopt (s, ZMQ_SUBSCRIBE, buf, n < 0 ? 0 : n);
            printf ("OK\n");
        } else if (!strcmp (line, "quit"))
            break;
        fflush (stdout);
    }
    zmq_close (s);
    zmq_ctx_term (ctx);
    return 0;
}
