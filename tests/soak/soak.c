/* Soak: mixed patterns over tcp, ipc and inproc with connections churning,
 * for SOAK_MINUTES (default 30). Every SOAK_SAMPLE_S seconds (default 60)
 * the churn pauses at a cycle boundary and the process's RSS, open fds and
 * threads are printed. The baseline is the largest sample of the first 5
 * minutes (of the first half when the run is shorter than 10 minutes); any
 * later sample more than 10% above it fails the run (fds and threads get a
 * floor of 4 above the baseline: a connection closing in an I/O thread may
 * hold its fd a moment after the pause). Run by `make soak`. */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define REQUIRE(cond)                                                        \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf (stderr, "%s:%d: %s failed (errno %d: %s)\n", __FILE__,  \
                     __LINE__, #cond, zmq_errno (), zmq_strerror (zmq_errno ())); \
            exit (1);                                                        \
        }                                                                    \
    } while (0)

static void *ctx;
#define NT 3
static char router_ep[NT][256], pub_ep[NT][256], pull_ep[NT][256];

static volatile int stop;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int paused, parked, churners;
static long cycles;

static void set_int (void *s, int opt, int v)
{
    REQUIRE (zmq_setsockopt (s, opt, &v, sizeof v) == 0);
}

static void bind_any (void *s, int t, char *out)
{
    char wild[64];
    if (t == 0)
        snprintf (wild, sizeof wild, "tcp://127.0.0.1:*");
    else if (t == 1)
        snprintf (wild, sizeof wild, "ipc://*");
    else {
        static int n;
        snprintf (wild, sizeof wild, "inproc://soak-%d", n++);
    }
    REQUIRE (zmq_bind (s, wild) == 0);
    size_t size = 256;
    REQUIRE (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, out, &size) == 0);
}

/* Servers: one ROUTER (echo), one PUB, one PULL per transport, all driven
 * by one zmq_poll loop. */
static void *servers (void *arg)
{
    void **socks = arg;
    zmq_pollitem_t items[2 * NT];
    for (int t = 0; t < NT; t++) {
        items[2 * t] = (zmq_pollitem_t){socks[3 * t], 0, ZMQ_POLLIN, 0};
        items[2 * t + 1] = (zmq_pollitem_t){socks[3 * t + 2], 0, ZMQ_POLLIN, 0};
    }
    long tick = 0;
    while (!stop) {
        if (zmq_poll (items, 2 * NT, 10) < 0)
            break;
        for (int t = 0; t < NT; t++) {
            zmq_msg_t part;
            int more = 1;
            while (items[2 * t].revents && more) {
                zmq_msg_init (&part);
                if (zmq_msg_recv (&part, socks[3 * t], ZMQ_DONTWAIT) < 0) {
                    zmq_msg_close (&part);
                    break;
                }
                more = zmq_msg_more (&part);
                zmq_msg_send (&part, socks[3 * t], more ? ZMQ_SNDMORE : 0);
            }
            char buf[256];
            while (items[2 * t + 1].revents
                   && zmq_recv (socks[3 * t + 2], buf, sizeof buf, ZMQ_DONTWAIT) >= 0) {
            }
            char news[32];
            int n = snprintf (news, sizeof news, "news %ld", tick);
            zmq_send (socks[3 * t + 1], news, (size_t) n, ZMQ_DONTWAIT);
        }
        tick++;
    }
    return NULL;
}

static void checkpoint (void)
{
    pthread_mutex_lock (&gate);
    if (paused) {
        parked++;
        pthread_cond_broadcast (&gate_cv);
        while (paused)
            pthread_cond_wait (&gate_cv, &gate);
        parked--;
    }
    cycles++;
    pthread_mutex_unlock (&gate);
}

/* One churn cycle on transport t: a DEALER does a few request/replies, a
 * SUB takes some news, a PUSH sends a burst; all are closed again. */
static void churn_once (int t, unsigned seed)
{
    void *d = zmq_socket (ctx, ZMQ_DEALER);
    REQUIRE (d);
    set_int (d, ZMQ_LINGER, 0);
    set_int (d, ZMQ_RCVTIMEO, 2000);
    REQUIRE (zmq_connect (d, router_ep[t]) == 0);
    int rounds = 1 + (int) (seed % 20);
    char buf[2048];
    memset (buf, 'x', sizeof buf);
    for (int i = 0; i < rounds; i++) {
        size_t size = (seed * 7 + (unsigned) i * 131) % sizeof buf;
        REQUIRE (zmq_send (d, buf, size, 0) == (int) size);
        if (zmq_recv (d, buf, sizeof buf, 0) < 0)
            break; /* the peer is busy; churn goes on */
    }
    zmq_close (d);

    void *sub = zmq_socket (ctx, ZMQ_SUB);
    REQUIRE (sub);
    set_int (sub, ZMQ_LINGER, 0);
    set_int (sub, ZMQ_RCVTIMEO, 200);
    REQUIRE (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "news", 4) == 0);
    REQUIRE (zmq_connect (sub, pub_ep[t]) == 0);
    for (int i = 0; i < 3; i++)
        if (zmq_recv (sub, buf, sizeof buf, 0) < 0)
            break;
    zmq_close (sub);

    void *push = zmq_socket (ctx, ZMQ_PUSH);
    REQUIRE (push);
    set_int (push, ZMQ_LINGER, 100);
    REQUIRE (zmq_connect (push, pull_ep[t]) == 0);
    for (int i = 0; i < 50; i++)
        zmq_send (push, buf, 100, ZMQ_DONTWAIT);
    zmq_close (push);
}

static void *churn (void *arg)
{
    unsigned seed = (unsigned) (uintptr_t) arg;
    while (!stop) {
        seed = seed * 1103515245u + 12345u;
        churn_once ((int) ((seed >> 8) % NT), seed >> 4);
        checkpoint ();
    }
    return NULL;
}

static long count_fds (void)
{
    DIR *d = opendir ("/proc/self/fd");
    if (!d)
        return -1;
    long n = 0;
    while (readdir (d))
        n++;
    closedir (d);
    return n - 3;
}

static long status_field (const char *name)
{
    FILE *f = fopen ("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t len = strlen (name);
    while (fgets (line, sizeof line, f))
        if (strncmp (line, name, len) == 0 && line[len] == ':')
            v = atol (line + len + 1);
    fclose (f);
    return v;
}

int main (void)
{
    int minutes = getenv ("SOAK_MINUTES") ? atoi (getenv ("SOAK_MINUTES")) : 30;
    int sample_s = getenv ("SOAK_SAMPLE_S") ? atoi (getenv ("SOAK_SAMPLE_S")) : 60;
    int nchurn = getenv ("SOAK_CHURNERS") ? atoi (getenv ("SOAK_CHURNERS")) : 4;
    REQUIRE (minutes > 0 && sample_s > 0 && nchurn > 0 && nchurn < 64);
    long total_s = (long) minutes * 60;
    long baseline_s = total_s >= 600 ? 300 : total_s / 2;

    ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *socks[3 * NT];
    for (int t = 0; t < NT; t++) {
        socks[3 * t] = zmq_socket (ctx, ZMQ_ROUTER);
        socks[3 * t + 1] = zmq_socket (ctx, ZMQ_PUB);
        socks[3 * t + 2] = zmq_socket (ctx, ZMQ_PULL);
        for (int k = 0; k < 3; k++) {
            REQUIRE (socks[3 * t + k]);
            set_int (socks[3 * t + k], ZMQ_LINGER, 0);
        }
        bind_any (socks[3 * t], t, router_ep[t]);
        bind_any (socks[3 * t + 1], t, pub_ep[t]);
        bind_any (socks[3 * t + 2], t, pull_ep[t]);
    }
    pthread_t server, churner[64];
    REQUIRE (pthread_create (&server, NULL, servers, socks) == 0);
    churners = nchurn;
    for (int i = 0; i < nchurn; i++)
        REQUIRE (pthread_create (&churner[i], NULL, churn, (void *) (uintptr_t) (i + 1)) == 0);

    printf ("%8s %10s %8s %8s %10s\n", "elapsed", "rss_kib", "fds", "threads", "cycles");
    long base_rss = 0, base_fds = 0, base_threads = 0;
    int failed = 0;
    time_t start = time (NULL);
    for (long at = sample_s; at <= total_s; at += sample_s) {
        while (time (NULL) - start < at)
            sleep (1);
        /* Pause the churn at a cycle boundary, then measure. */
        pthread_mutex_lock (&gate);
        paused = 1;
        while (parked < churners)
            pthread_cond_wait (&gate_cv, &gate);
        long rss = status_field ("VmRSS");
        long fds = count_fds ();
        long threads = status_field ("Threads");
        long done = cycles;
        paused = 0;
        pthread_cond_broadcast (&gate_cv);
        pthread_mutex_unlock (&gate);
        printf ("%7lds %10ld %8ld %8ld %10ld", at, rss, fds, threads, done);
        if (at <= baseline_s) {
            base_rss = rss > base_rss ? rss : base_rss;
            base_fds = fds > base_fds ? fds : base_fds;
            base_threads = threads > base_threads ? threads : base_threads;
            printf ("  (baseline)");
        } else {
            long fd_cap = base_fds + (base_fds / 10 > 4 ? base_fds / 10 : 4);
            long th_cap = base_threads + (base_threads / 10 > 4 ? base_threads / 10 : 4);
            if (rss > base_rss + base_rss / 10 || fds > fd_cap || threads > th_cap) {
                printf ("  GROWTH");
                failed = 1;
            }
        }
        printf ("\n");
        fflush (stdout);
    }
    stop = 1;
    for (int i = 0; i < nchurn; i++)
        pthread_join (churner[i], NULL);
    pthread_join (server, NULL);
    for (int k = 0; k < 3 * NT; k++)
        zmq_close (socks[k]);
    REQUIRE (zmq_ctx_term (ctx) == 0);
    printf ("soak: %s (baseline rss %ld KiB, fds %ld, threads %ld)\n",
            failed ? "FAILED, growth past 10%" : "passed", base_rss, base_fds,
            base_threads);
    return failed;
}
