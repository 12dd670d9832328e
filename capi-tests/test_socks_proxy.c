/* ZMQ_SOCKS_PROXY: tcp connects go through a SOCKS5 proxy (RFC 1928), with
 * no authentication or with username/password (RFC 1929) when
 * ZMQ_SOCKS_USERNAME is set. The proxy is written here: a thread accepting
 * on 127.0.0.1:0, one relay thread per connection. A proxy refusing the
 * credentials delivers nothing, and the client reconnects (CLOSED then
 * CONNECT_RETRIED on its monitor, never CONNECTED). */
#include "monitorutil.h"
#include "rawpeer.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>

/* DRAFT in 4.3's zmq.h, but libzmq 4.3.4 takes them in a stable build. */
#ifndef ZMQ_SOCKS_USERNAME
#define ZMQ_SOCKS_USERNAME 99
#define ZMQ_SOCKS_PASSWORD 100
#endif

#define MAX_CONNS 32

typedef struct
{
    int listen_fd;
    int stop_pipe[2];
    int port;
    /* Required credentials; NULL user: no authentication. */
    const char *user;
    const char *password;
    pthread_t accept_thread;
    pthread_t relays[MAX_CONNS];
    int relay_fds[MAX_CONNS];
    int nrelays;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    /* What the proxy saw. */
    int greetings;
    unsigned char methods[16];
    int nmethods;
    int auth_refused;
    int requests;
    int last_atyp;
    char last_host[256];
    int last_port;
    int relayed; /* connections made to the target */
    /* Once this many refusals happened, new clients get no answer to
     * their greeting (see with_auth). */
    int stall_after_refusals;
    int stalled;
} proxy_t;

/* Reads exactly len bytes (5 s at most); 0 on success. */
static int read_n (int fd, void *buf, size_t len)
{
    return rp_read (fd, buf, len, TS_WAIT_MS);
}

static int write_n (int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

static int connect_target (const char *host, int port)
{
    char service[16];
    snprintf (service, sizeof service, "%d", port);
    struct addrinfo hints, *res = NULL;
    memset (&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo (host, service, &hints, &res) != 0)
        return -1;
    int fd = -1;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket (ai->ai_family, SOCK_STREAM, 0);
        if (fd >= 0 && connect (fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            close (fd);
            fd = -1;
        }
    }
    freeaddrinfo (res);
    return fd;
}

static void relay (int a, int b)
{
    char buf[8192];
    for (;;) {
        struct pollfd pfd[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        if (poll (pfd, 2, -1) < 0)
            return;
        for (int i = 0; i < 2; i++) {
            if (!pfd[i].revents)
                continue;
            int from = i == 0 ? a : b, to = i == 0 ? b : a;
            ssize_t n = recv (from, buf, sizeof buf, 0);
            if (n <= 0 || write_n (to, buf, (size_t) n) != 0)
                return;
        }
    }
}

typedef struct
{
    proxy_t *proxy;
    int fd;
} conn_t;

/* One SOCKS5 session: greeting, optional auth, CONNECT, then relay. */
static void *serve (void *arg)
{
    conn_t *c = arg;
    proxy_t *p = c->proxy;
    int fd = c->fd;
    free (c);
    unsigned char head[2], methods[255], buf[512];
    if (read_n (fd, head, 2) != 0 || head[0] != 5 || head[1] == 0
        || read_n (fd, methods, head[1]) != 0)
        goto done;
    unsigned char want = p->user ? 2 : 0;
    int offered = 0;
    for (int i = 0; i < head[1]; i++)
        offered |= methods[i] == want;
    pthread_mutex_lock (&p->lock);
    p->greetings++;
    p->nmethods = head[1] < 16 ? head[1] : 16;
    memcpy (p->methods, methods, (size_t) p->nmethods);
    int stall = p->stall_after_refusals
                && p->auth_refused >= p->stall_after_refusals;
    if (stall) {
        p->stalled++;
        pthread_cond_broadcast (&p->changed);
    }
    pthread_mutex_unlock (&p->lock);
    if (stall) {
        /* Hold the connection until the client goes. */
        struct pollfd pfd = {fd, POLLIN, 0};
        while (poll (&pfd, 1, -1) > 0 && recv (fd, buf, sizeof buf, 0) > 0)
            ;
        goto done;
    }
    unsigned char choice[2] = {5, offered ? want : 0xff};
    if (write_n (fd, choice, 2) != 0 || !offered)
        goto done;

    if (p->user) {
        unsigned char ver, ulen, plen;
        char user[256], password[256];
        if (read_n (fd, &ver, 1) != 0 || ver != 1 || read_n (fd, &ulen, 1) != 0
            || read_n (fd, user, ulen) != 0 || read_n (fd, &plen, 1) != 0
            || read_n (fd, password, plen) != 0)
            goto done;
        user[ulen] = 0;
        password[plen] = 0;
        int ok = strcmp (user, p->user) == 0 && strcmp (password, p->password) == 0;
        unsigned char status[2] = {1, ok ? 0 : 1};
        if (!ok) {
            pthread_mutex_lock (&p->lock);
            p->auth_refused++;
            pthread_cond_broadcast (&p->changed);
            pthread_mutex_unlock (&p->lock);
        }
        if (write_n (fd, status, 2) != 0 || !ok)
            goto done;
    }

    /* VER CMD RSV ATYP */
    if (read_n (fd, buf, 4) != 0 || buf[0] != 5 || buf[1] != 1 || buf[2] != 0)
        goto done;
    int atyp = buf[3];
    char host[256];
    if (atyp == 1) {
        if (read_n (fd, buf, 4) != 0)
            goto done;
        inet_ntop (AF_INET, buf, host, sizeof host);
    } else if (atyp == 4) {
        if (read_n (fd, buf, 16) != 0)
            goto done;
        inet_ntop (AF_INET6, buf, host, sizeof host);
    } else if (atyp == 3) {
        unsigned char len;
        if (read_n (fd, &len, 1) != 0 || read_n (fd, host, len) != 0)
            goto done;
        host[len] = 0;
    } else
        goto done;
    unsigned char port_be[2];
    if (read_n (fd, port_be, 2) != 0)
        goto done;
    int port = port_be[0] << 8 | port_be[1];
    pthread_mutex_lock (&p->lock);
    p->requests++;
    p->last_atyp = atyp;
    snprintf (p->last_host, sizeof p->last_host, "%s", host);
    p->last_port = port;
    pthread_mutex_unlock (&p->lock);

    int target = connect_target (host, port);
    unsigned char reply[10] = {5, target >= 0 ? 0 : 5, 0, 1, 127, 0, 0, 1,
                               port_be[0], port_be[1]};
    if (write_n (fd, reply, sizeof reply) == 0 && target >= 0) {
        pthread_mutex_lock (&p->lock);
        p->relayed++;
        pthread_cond_broadcast (&p->changed);
        pthread_mutex_unlock (&p->lock);
        relay (fd, target);
    }
    if (target >= 0)
        close (target);
done:
    close (fd);
    return NULL;
}

static void *accept_loop (void *arg)
{
    proxy_t *p = arg;
    for (;;) {
        struct pollfd pfd[2] = {{p->listen_fd, POLLIN, 0},
                                {p->stop_pipe[0], POLLIN, 0}};
        if (poll (pfd, 2, -1) < 0 || pfd[1].revents)
            return NULL;
        int fd = accept (p->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        pthread_mutex_lock (&p->lock);
        if (p->nrelays == MAX_CONNS) {
            pthread_mutex_unlock (&p->lock);
            close (fd);
            continue;
        }
        conn_t *c = malloc (sizeof *c);
        REQUIRE (c);
        c->proxy = p;
        c->fd = fd;
        p->relay_fds[p->nrelays] = fd;
        REQUIRE (pthread_create (&p->relays[p->nrelays], NULL, serve, c) == 0);
        p->nrelays++;
        pthread_mutex_unlock (&p->lock);
    }
}

static void proxy_start (proxy_t *p, const char *user, const char *password)
{
    memset (p, 0, sizeof *p);
    p->user = user;
    p->password = password;
    pthread_mutex_init (&p->lock, NULL);
    pthread_cond_init (&p->changed, NULL);
    REQUIRE (pipe (p->stop_pipe) == 0);
    p->listen_fd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (p->listen_fd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (p->listen_fd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (p->listen_fd, 16) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (p->listen_fd, (struct sockaddr *) &addr, &len) == 0);
    p->port = ntohs (addr.sin_port);
    REQUIRE (pthread_create (&p->accept_thread, NULL, accept_loop, p) == 0);
}

/* Call after the zmq sockets using the proxy are closed (with linger 0, so
 * their connections are gone and every relay ends). */
static void proxy_stop (proxy_t *p)
{
    REQUIRE (write (p->stop_pipe[1], "x", 1) == 1);
    pthread_join (p->accept_thread, NULL);
    for (int i = 0; i < p->nrelays; i++)
        pthread_join (p->relays[i], NULL);
    close (p->listen_fd);
    close (p->stop_pipe[0]);
    close (p->stop_pipe[1]);
}

/* Waits until *counter >= n (5 s at most); returns 1 if it got there. */
static int proxy_wait (proxy_t *p, int *counter, int n)
{
    struct timespec until;
    clock_gettime (CLOCK_REALTIME, &until);
    until.tv_sec += TS_WAIT_MS / 1000;
    pthread_mutex_lock (&p->lock);
    int rc = 0;
    while (*counter < n && rc == 0)
        rc = pthread_cond_timedwait (&p->changed, &p->lock, &until);
    int ok = *counter >= n;
    pthread_mutex_unlock (&p->lock);
    return ok;
}

static void set_proxy (void *s, proxy_t *p)
{
    char addr[64];
    snprintf (addr, sizeof addr, "127.0.0.1:%d", p->port);
    ts_set_str (s, ZMQ_SOCKS_PROXY, addr);
}

static void round_trips (void *req, void *rep, int n)
{
    for (int i = 0; i < n; i++) {
        char text[32];
        snprintf (text, sizeof text, "request %d", i);
        ts_send (req, text, 0);
        ts_expect (rep, text, 0);
        snprintf (text, sizeof text, "reply %d", i);
        ts_send (rep, text, 0);
        ts_expect (req, text, 0);
    }
}

static int port_of (const char *ep)
{
    return atoi (strrchr (ep, ':') + 1);
}

static void no_auth (void *ctx)
{
    proxy_t proxy;
    proxy_start (&proxy, NULL, NULL);
    void *rep = ts_socket (ctx, ZMQ_REP);
    char ep[256];
    ts_bind_any (rep, "tcp://127.0.0.1:*", ep, sizeof ep);

    void *req = ts_socket (ctx, ZMQ_REQ);
    set_proxy (req, &proxy);
    REQUIRE (zmq_connect (req, ep) == 0);
    round_trips (req, rep, 3);
    pthread_mutex_lock (&proxy.lock);
    CHECK (proxy.greetings == 1);
    CHECK (proxy.nmethods == 1 && proxy.methods[0] == 0);
    CHECK (proxy.last_atyp == 1);
    CHECK (strcmp (proxy.last_host, "127.0.0.1") == 0);
    CHECK (proxy.last_port == port_of (ep));
    pthread_mutex_unlock (&proxy.lock);
    CHECK (zmq_close (req) == 0);

    /* A host name goes to the proxy unresolved. */
    req = ts_socket (ctx, ZMQ_REQ);
    set_proxy (req, &proxy);
    char named[300];
    snprintf (named, sizeof named, "tcp://localhost:%d", port_of (ep));
    REQUIRE (zmq_connect (req, named) == 0);
    round_trips (req, rep, 2);
    pthread_mutex_lock (&proxy.lock);
    CHECK (proxy.last_atyp == 3);
    CHECK (strcmp (proxy.last_host, "localhost") == 0);
    CHECK (proxy.last_port == port_of (ep));
    pthread_mutex_unlock (&proxy.lock);
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (rep) == 0);
    proxy_stop (&proxy);
}

static void with_auth (void *ctx)
{
    proxy_t proxy;
    proxy_start (&proxy, "alice", "secret");
    void *rep = ts_socket (ctx, ZMQ_REP);
    char ep[256];
    ts_bind_any (rep, "tcp://127.0.0.1:*", ep, sizeof ep);

    void *req = ts_socket (ctx, ZMQ_REQ);
    set_proxy (req, &proxy);
    ts_set_str (req, ZMQ_SOCKS_USERNAME, "alice");
    ts_set_str (req, ZMQ_SOCKS_PASSWORD, "secret");
    void *mon = mu_monitor (ctx, req, "inproc://socks-monitor-ok",
                            ZMQ_EVENT_CONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    REQUIRE (zmq_connect (req, ep) == 0);
    round_trips (req, rep, 3);
    /* Reported under the proxy's address, connected once the proxy is. */
    char proxy_ep[64];
    snprintf (proxy_ep, sizeof proxy_ep, "tcp://127.0.0.1:%d", proxy.port);
    mu_expect (mon, ZMQ_EVENT_CONNECTED, proxy_ep);
    mu_expect (mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, proxy_ep);
    CHECK (zmq_socket_monitor (req, NULL, 0) == 0);
    CHECK (zmq_close (mon) == 0);
    pthread_mutex_lock (&proxy.lock);
    CHECK (proxy.nmethods == 1 && proxy.methods[0] == 2);
    CHECK (proxy.auth_refused == 0);
    CHECK (proxy.relayed == 1);
    pthread_mutex_unlock (&proxy.lock);
    CHECK (zmq_close (req) == 0);

    /* Wrong password: refused, retried, nothing delivered. After two
     * refusals the proxy stops answering, so the client is mid-negotiation
     * when it closes: libzmq 4.3.4 aborts (epoll.cpp "Bad file descriptor")
     * when a socket closes while its socks connecter waits to retry after
     * a failure. */
    pthread_mutex_lock (&proxy.lock);
    proxy.stall_after_refusals = 2;
    pthread_mutex_unlock (&proxy.lock);
    req = ts_socket (ctx, ZMQ_REQ);
    set_proxy (req, &proxy);
    ts_set_int (req, ZMQ_RECONNECT_IVL, 10);
    ts_set_str (req, ZMQ_SOCKS_USERNAME, "alice");
    ts_set_str (req, ZMQ_SOCKS_PASSWORD, "wrong");
    mon = mu_monitor (ctx, req, "inproc://socks-monitor",
                            ZMQ_EVENT_CONNECTED | ZMQ_EVENT_CLOSED
                              | ZMQ_EVENT_CONNECT_RETRIED);
    REQUIRE (zmq_connect (req, ep) == 0);
    ts_send (req, "must not arrive", 0);
    CHECK (proxy_wait (&proxy, &proxy.stalled, 1));
    /* Each refusal closes the connection and retries; the events name the
     * proxy, as libzmq's socks connecter does. */
    mu_expect (mon, ZMQ_EVENT_CLOSED, proxy_ep);
    mu_expect (mon, ZMQ_EVENT_CONNECT_RETRIED, proxy_ep);
    mu_expect (mon, ZMQ_EVENT_CLOSED, proxy_ep);
    mu_expect (mon, ZMQ_EVENT_CONNECT_RETRIED, proxy_ep);
    mu_expect_none (mon, 0);
    pthread_mutex_lock (&proxy.lock);
    CHECK (proxy.relayed == 1);
    pthread_mutex_unlock (&proxy.lock);
    /* The proxy never connected this client to the target, so nothing
     * can be on its way to rep. */
    ts_expect_none (rep, 0);
    CHECK (zmq_socket_monitor (req, NULL, 0) == 0);
    CHECK (zmq_close (mon) == 0);
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (rep) == 0);
    proxy_stop (&proxy);
}

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    no_auth (ctx);
    with_auth (ctx);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
