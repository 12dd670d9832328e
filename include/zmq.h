/*
    0MQ (ZeroMQ) API, libzmq 4.3 compatible, implemented in Rust.

    This file is generated from the Rust sources by cbindgen (see build.rs and
    cbindgen.toml); do not edit it by hand: run `make headers`.

    It is the principal public contract for 0MQ API users: constant values,
    struct layouts and prototypes are those of libzmq 4.3's zmq.h, so programs
    written against libzmq compile against it unchanged.
*/

#ifndef __ZMQ_H_INCLUDED__
#define __ZMQ_H_INCLUDED__

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*  Version macros for compile-time API version detection                     */
#define ZMQ_MAKE_VERSION(major, minor, patch)                                  \
    ((major) *10000 + (minor) *100 + (patch))
#define ZMQ_VERSION                                                            \
    ZMQ_MAKE_VERSION (ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH)

/*  Handle DSO symbol visibility                                              */
#if defined __GNUC__ && __GNUC__ >= 4
#define ZMQ_EXPORT __attribute__ ((visibility ("default")))
#else
#define ZMQ_EXPORT
#endif

/*  zmq_msg_t is pointer-aligned (cbindgen writes ZMQ_ALIGNED_ for repr(align)) */
#define ZMQ_ALIGNED_(n) __attribute__ ((aligned (n)))

/*  Define integer types needed for event interface                           */
#define ZMQ_DEFINED_STDINT 1

/*  On platforms that lack some POSIX errnos, 0MQ numbers them itself.        */
#ifndef ENOTSUP
#define ENOTSUP (ZMQ_HAUSNUMERO + 1)
#endif
#ifndef EPROTONOSUPPORT
#define EPROTONOSUPPORT (ZMQ_HAUSNUMERO + 2)
#endif
#ifndef ENOBUFS
#define ENOBUFS (ZMQ_HAUSNUMERO + 3)
#endif
#ifndef ENETDOWN
#define ENETDOWN (ZMQ_HAUSNUMERO + 4)
#endif
#ifndef EADDRINUSE
#define EADDRINUSE (ZMQ_HAUSNUMERO + 5)
#endif
#ifndef EADDRNOTAVAIL
#define EADDRNOTAVAIL (ZMQ_HAUSNUMERO + 6)
#endif
#ifndef ECONNREFUSED
#define ECONNREFUSED (ZMQ_HAUSNUMERO + 7)
#endif
#ifndef EINPROGRESS
#define EINPROGRESS (ZMQ_HAUSNUMERO + 8)
#endif
#ifndef ENOTSOCK
#define ENOTSOCK (ZMQ_HAUSNUMERO + 9)
#endif
#ifndef EMSGSIZE
#define EMSGSIZE (ZMQ_HAUSNUMERO + 10)
#endif
#ifndef EAFNOSUPPORT
#define EAFNOSUPPORT (ZMQ_HAUSNUMERO + 11)
#endif
#ifndef ENETUNREACH
#define ENETUNREACH (ZMQ_HAUSNUMERO + 12)
#endif
#ifndef ECONNABORTED
#define ECONNABORTED (ZMQ_HAUSNUMERO + 13)
#endif
#ifndef ECONNRESET
#define ECONNRESET (ZMQ_HAUSNUMERO + 14)
#endif
#ifndef ENOTCONN
#define ENOTCONN (ZMQ_HAUSNUMERO + 15)
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT (ZMQ_HAUSNUMERO + 16)
#endif
#ifndef EHOSTUNREACH
#define EHOSTUNREACH (ZMQ_HAUSNUMERO + 17)
#endif
#ifndef ENETRESET
#define ENETRESET (ZMQ_HAUSNUMERO + 18)
#endif

/*  Callback types. Parameters of these (function) types are pointers.        */
typedef void (zmq_free_fn) (void *data_, void *hint_);
typedef void (zmq_timer_fn) (int timer_id, void *arg);
typedef void (zmq_thread_fn) (void *);

/*  zmq_sendiov / zmq_recviov take the caller's <sys/uio.h> iovec.            */
struct iovec;

/*  Scheduling timers (zmq_timers_*) are available.                           */
#define ZMQ_HAVE_TIMERS


#define ZMQ_VERSION_MAJOR 4

#define ZMQ_VERSION_MINOR 3

#define ZMQ_VERSION_PATCH 5

#define ZMQ_HAUSNUMERO 156384712

#define EFSM (ZMQ_HAUSNUMERO + 51)

#define ENOCOMPATPROTO (ZMQ_HAUSNUMERO + 52)

#define ETERM (ZMQ_HAUSNUMERO + 53)

#define EMTHREAD (ZMQ_HAUSNUMERO + 54)

#define ZMQ_IO_THREADS 1

#define ZMQ_MAX_SOCKETS 2

#define ZMQ_SOCKET_LIMIT 3

#define ZMQ_THREAD_PRIORITY 3

#define ZMQ_THREAD_SCHED_POLICY 4

#define ZMQ_MAX_MSGSZ 5

#define ZMQ_MSG_T_SIZE 6

#define ZMQ_THREAD_AFFINITY_CPU_ADD 7

#define ZMQ_THREAD_AFFINITY_CPU_REMOVE 8

#define ZMQ_THREAD_NAME_PREFIX 9

#define ZMQ_IO_THREADS_DFLT 1

#define ZMQ_MAX_SOCKETS_DFLT 1023

#define ZMQ_THREAD_PRIORITY_DFLT -1

#define ZMQ_THREAD_SCHED_POLICY_DFLT -1

#define ZMQ_PAIR 0

#define ZMQ_PUB 1

#define ZMQ_SUB 2

#define ZMQ_REQ 3

#define ZMQ_REP 4

#define ZMQ_DEALER 5

#define ZMQ_ROUTER 6

#define ZMQ_PULL 7

#define ZMQ_PUSH 8

#define ZMQ_XPUB 9

#define ZMQ_XSUB 10

#define ZMQ_STREAM 11

#define ZMQ_XREQ ZMQ_DEALER

#define ZMQ_XREP ZMQ_ROUTER

#define ZMQ_AFFINITY 4

#define ZMQ_ROUTING_ID 5

#define ZMQ_SUBSCRIBE 6

#define ZMQ_UNSUBSCRIBE 7

#define ZMQ_RATE 8

#define ZMQ_RECOVERY_IVL 9

#define ZMQ_SNDBUF 11

#define ZMQ_RCVBUF 12

#define ZMQ_RCVMORE 13

#define ZMQ_FD 14

#define ZMQ_EVENTS 15

#define ZMQ_TYPE 16

#define ZMQ_LINGER 17

#define ZMQ_RECONNECT_IVL 18

#define ZMQ_BACKLOG 19

#define ZMQ_RECONNECT_IVL_MAX 21

#define ZMQ_MAXMSGSIZE 22

#define ZMQ_SNDHWM 23

#define ZMQ_RCVHWM 24

#define ZMQ_MULTICAST_HOPS 25

#define ZMQ_RCVTIMEO 27

#define ZMQ_SNDTIMEO 28

#define ZMQ_LAST_ENDPOINT 32

#define ZMQ_ROUTER_MANDATORY 33

#define ZMQ_TCP_KEEPALIVE 34

#define ZMQ_TCP_KEEPALIVE_CNT 35

#define ZMQ_TCP_KEEPALIVE_IDLE 36

#define ZMQ_TCP_KEEPALIVE_INTVL 37

#define ZMQ_IMMEDIATE 39

#define ZMQ_XPUB_VERBOSE 40

#define ZMQ_ROUTER_RAW 41

#define ZMQ_IPV6 42

#define ZMQ_MECHANISM 43

#define ZMQ_PLAIN_SERVER 44

#define ZMQ_PLAIN_USERNAME 45

#define ZMQ_PLAIN_PASSWORD 46

#define ZMQ_CURVE_SERVER 47

#define ZMQ_CURVE_PUBLICKEY 48

#define ZMQ_CURVE_SECRETKEY 49

#define ZMQ_CURVE_SERVERKEY 50

#define ZMQ_PROBE_ROUTER 51

#define ZMQ_REQ_CORRELATE 52

#define ZMQ_REQ_RELAXED 53

#define ZMQ_CONFLATE 54

#define ZMQ_ZAP_DOMAIN 55

#define ZMQ_ROUTER_HANDOVER 56

#define ZMQ_TOS 57

#define ZMQ_CONNECT_ROUTING_ID 61

#define ZMQ_GSSAPI_SERVER 62

#define ZMQ_GSSAPI_PRINCIPAL 63

#define ZMQ_GSSAPI_SERVICE_PRINCIPAL 64

#define ZMQ_GSSAPI_PLAINTEXT 65

#define ZMQ_HANDSHAKE_IVL 66

#define ZMQ_SOCKS_PROXY 68

#define ZMQ_XPUB_NODROP 69

#define ZMQ_BLOCKY 70

#define ZMQ_XPUB_MANUAL 71

#define ZMQ_XPUB_WELCOME_MSG 72

#define ZMQ_STREAM_NOTIFY 73

#define ZMQ_INVERT_MATCHING 74

#define ZMQ_HEARTBEAT_IVL 75

#define ZMQ_HEARTBEAT_TTL 76

#define ZMQ_HEARTBEAT_TIMEOUT 77

#define ZMQ_XPUB_VERBOSER 78

#define ZMQ_CONNECT_TIMEOUT 79

#define ZMQ_TCP_MAXRT 80

#define ZMQ_THREAD_SAFE 81

#define ZMQ_MULTICAST_MAXTPDU 84

#define ZMQ_VMCI_BUFFER_SIZE 85

#define ZMQ_VMCI_BUFFER_MIN_SIZE 86

#define ZMQ_VMCI_BUFFER_MAX_SIZE 87

#define ZMQ_VMCI_CONNECT_TIMEOUT 88

#define ZMQ_USE_FD 89

#define ZMQ_GSSAPI_PRINCIPAL_NAMETYPE 90

#define ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE 91

#define ZMQ_BINDTODEVICE 92

#define ZMQ_MORE 1

#define ZMQ_SHARED 3

#define ZMQ_DONTWAIT 1

#define ZMQ_SNDMORE 2

#define ZMQ_NULL 0

#define ZMQ_PLAIN 1

#define ZMQ_CURVE 2

#define ZMQ_GSSAPI 3

#define ZMQ_GROUP_MAX_LENGTH 255

#define ZMQ_IDENTITY ZMQ_ROUTING_ID

#define ZMQ_CONNECT_RID ZMQ_CONNECT_ROUTING_ID

#define ZMQ_TCP_ACCEPT_FILTER 38

#define ZMQ_IPC_FILTER_PID 58

#define ZMQ_IPC_FILTER_UID 59

#define ZMQ_IPC_FILTER_GID 60

#define ZMQ_IPV4ONLY 31

#define ZMQ_DELAY_ATTACH_ON_CONNECT ZMQ_IMMEDIATE

#define ZMQ_NOBLOCK ZMQ_DONTWAIT

#define ZMQ_FAIL_UNROUTABLE ZMQ_ROUTER_MANDATORY

#define ZMQ_ROUTER_BEHAVIOR ZMQ_ROUTER_MANDATORY

#define ZMQ_SRCFD 2

#define ZMQ_GSSAPI_NT_HOSTBASED 0

#define ZMQ_GSSAPI_NT_USER_NAME 1

#define ZMQ_GSSAPI_NT_KRB5_PRINCIPAL 2

#define ZMQ_EVENT_CONNECTED 1

#define ZMQ_EVENT_CONNECT_DELAYED 2

#define ZMQ_EVENT_CONNECT_RETRIED 4

#define ZMQ_EVENT_LISTENING 8

#define ZMQ_EVENT_BIND_FAILED 16

#define ZMQ_EVENT_ACCEPTED 32

#define ZMQ_EVENT_ACCEPT_FAILED 64

#define ZMQ_EVENT_CLOSED 128

#define ZMQ_EVENT_CLOSE_FAILED 256

#define ZMQ_EVENT_DISCONNECTED 512

#define ZMQ_EVENT_MONITOR_STOPPED 1024

#define ZMQ_EVENT_ALL 65535

#define ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL 2048

#define ZMQ_EVENT_HANDSHAKE_SUCCEEDED 4096

#define ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL 8192

#define ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 16384

#define ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED 268435456

#define ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND 268435457

#define ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE 268435458

#define ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE 268435459

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED 268435473

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE 268435474

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO 268435475

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE 268435476

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR 268435477

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY 268435478

#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME 268435479

#define ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA 268435480

#define ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC 285212673

#define ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH 285212674

#define ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED 536870912

#define ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY 536870913

#define ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID 536870914

#define ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION 536870915

#define ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE 536870916

#define ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA 536870917

#define ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED 805306368

#define ZMQ_POLLIN 1

#define ZMQ_POLLOUT 2

#define ZMQ_POLLERR 4

#define ZMQ_POLLPRI 8

#define ZMQ_POLLITEMS_DFLT 16

#define ZMQ_HAS_CAPABILITIES 1

#define ZMQ_STREAMER 1

#define ZMQ_FORWARDER 2

#define ZMQ_QUEUE 3

#if defined(ZMQ_BUILD_DRAFT_API)
#define ZMQ_SERVER 12
#define ZMQ_CLIENT 13
#define ZMQ_RADIO 14
#define ZMQ_DISH 15
#define ZMQ_GATHER 16
#define ZMQ_SCATTER 17
#define ZMQ_DGRAM 18
#define ZMQ_PEER 19
#define ZMQ_CHANNEL 20
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#define ZMQ_LOOPBACK_FASTPATH 94
#define ZMQ_METADATA 95
#define ZMQ_MULTICAST_LOOP 96
#define ZMQ_ROUTER_NOTIFY 97
#define ZMQ_XPUB_MANUAL_LAST_VALUE 98
#define ZMQ_SOCKS_USERNAME 99
#define ZMQ_SOCKS_PASSWORD 100
#define ZMQ_IN_BATCH_SIZE 101
#define ZMQ_OUT_BATCH_SIZE 102
#define ZMQ_WSS_KEY_PEM 103
#define ZMQ_WSS_CERT_PEM 104
#define ZMQ_WSS_TRUST_PEM 105
#define ZMQ_WSS_HOSTNAME 106
#define ZMQ_WSS_TRUST_SYSTEM 107
#define ZMQ_ONLY_FIRST_SUBSCRIBE 108
#define ZMQ_RECONNECT_STOP 109
#define ZMQ_HELLO_MSG 110
#define ZMQ_DISCONNECT_MSG 111
#define ZMQ_PRIORITY 112
#define ZMQ_RECONNECT_STOP_CONN_REFUSED 1
#define ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED 2
#define ZMQ_RECONNECT_STOP_AFTER_DISCONNECT 3
#define ZMQ_ZERO_COPY_RECV 10
#define ZMQ_NOTIFY_CONNECT 1
#define ZMQ_NOTIFY_DISCONNECT 2
#define ZMQ_EVENT_PIPES_STATS 65536
#define ZMQ_CURRENT_EVENT_VERSION 1
#define ZMQ_CURRENT_EVENT_VERSION_DRAFT 2
#define ZMQ_EVENT_ALL_V1 ZMQ_EVENT_ALL
#define ZMQ_EVENT_ALL_V2 (ZMQ_EVENT_ALL_V1 | ZMQ_EVENT_PIPES_STATS)
#endif

typedef struct ZMQ_ALIGNED_(8) zmq_msg_t {
    uint8_t _[64];
} zmq_msg_t;

typedef int zmq_fd_t;

typedef struct zmq_pollitem_t {
    void *socket;
    zmq_fd_t fd;
    short events;
    short revents;
} zmq_pollitem_t;

#if defined(ZMQ_BUILD_DRAFT_API)
typedef struct zmq_poller_event_t {
    void *socket;
    zmq_fd_t fd;
    void *user_data;
    short events;
} zmq_poller_event_t;
#endif

ZMQ_EXPORT void *zmq_ctx_new(void);

ZMQ_EXPORT int zmq_ctx_term(void *context);

ZMQ_EXPORT int zmq_ctx_shutdown(void *context);

ZMQ_EXPORT int zmq_ctx_set(void *context, int option, int optval);

ZMQ_EXPORT int zmq_ctx_get(void *context, int option);

ZMQ_EXPORT void *zmq_init(int io_threads);

ZMQ_EXPORT int zmq_term(void *context);

ZMQ_EXPORT int zmq_ctx_destroy(void *context);

ZMQ_EXPORT int zmq_msg_init(struct zmq_msg_t *msg);

ZMQ_EXPORT int zmq_msg_init_size(struct zmq_msg_t *msg, size_t size);

ZMQ_EXPORT int zmq_msg_init_data(struct zmq_msg_t *msg, void *data, size_t size, zmq_free_fn *ffn, void *hint);

ZMQ_EXPORT int zmq_msg_close(struct zmq_msg_t *msg);

ZMQ_EXPORT int zmq_msg_move(struct zmq_msg_t *dest, struct zmq_msg_t *src);

ZMQ_EXPORT int zmq_msg_copy(struct zmq_msg_t *dest, struct zmq_msg_t *src);

ZMQ_EXPORT void *zmq_msg_data(struct zmq_msg_t *msg);

ZMQ_EXPORT size_t zmq_msg_size(const struct zmq_msg_t *msg);

ZMQ_EXPORT int zmq_msg_more(const struct zmq_msg_t *msg);

ZMQ_EXPORT int zmq_msg_get(const struct zmq_msg_t *msg, int property);

ZMQ_EXPORT int zmq_msg_set(struct zmq_msg_t *msg, int property, int optval);

ZMQ_EXPORT const char *zmq_msg_gets(const struct zmq_msg_t *msg, const char *property);

ZMQ_EXPORT int zmq_poll(struct zmq_pollitem_t *items, int nitems, long timeout);

ZMQ_EXPORT int zmq_proxy(void *frontend, void *backend, void *capture);

ZMQ_EXPORT int zmq_proxy_steerable(void *frontend, void *backend, void *capture, void *control);

ZMQ_EXPORT int zmq_device(int type, void *frontend, void *backend);

ZMQ_EXPORT void *zmq_socket(void *context, int type_);

ZMQ_EXPORT int zmq_close(void *s);

ZMQ_EXPORT int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen);

ZMQ_EXPORT int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen);

ZMQ_EXPORT int zmq_bind(void *s, const char *addr);

ZMQ_EXPORT int zmq_connect(void *s, const char *addr);

ZMQ_EXPORT int zmq_unbind(void *s, const char *addr);

ZMQ_EXPORT int zmq_disconnect(void *s, const char *addr);

ZMQ_EXPORT int zmq_send(void *s, const void *buf, size_t len, int flags);

ZMQ_EXPORT int zmq_send_const(void *s, const void *buf, size_t len, int flags);

ZMQ_EXPORT int zmq_recv(void *s, void *buf, size_t len, int flags);

ZMQ_EXPORT int zmq_msg_send(struct zmq_msg_t *msg, void *s, int flags);

ZMQ_EXPORT int zmq_msg_recv(struct zmq_msg_t *msg, void *s, int flags);

ZMQ_EXPORT int zmq_sendmsg(void *s, struct zmq_msg_t *msg, int flags);

ZMQ_EXPORT int zmq_recvmsg(void *s, struct zmq_msg_t *msg, int flags);

ZMQ_EXPORT int zmq_sendiov(void *s, struct iovec *iov, size_t count, int flags);

ZMQ_EXPORT int zmq_recviov(void *s, struct iovec *iov, size_t *count, int flags);

ZMQ_EXPORT int zmq_socket_monitor(void *s, const char *addr, int events);

ZMQ_EXPORT int zmq_errno(void);

ZMQ_EXPORT const char *zmq_strerror(int errnum);

ZMQ_EXPORT void zmq_version(int *major, int *minor, int *patch);

ZMQ_EXPORT int zmq_has(const char *capability);

ZMQ_EXPORT char *zmq_z85_encode(char *dest, const uint8_t *data, size_t size);

ZMQ_EXPORT uint8_t *zmq_z85_decode(uint8_t *dest, const char *string);

ZMQ_EXPORT int zmq_curve_keypair(char *z85_public_key, char *z85_secret_key);

ZMQ_EXPORT int zmq_curve_public(char *z85_public_key, const char *z85_secret_key);

ZMQ_EXPORT void *zmq_atomic_counter_new(void);

ZMQ_EXPORT void zmq_atomic_counter_set(void *counter_, int value);

ZMQ_EXPORT int zmq_atomic_counter_inc(void *counter_);

ZMQ_EXPORT int zmq_atomic_counter_dec(void *counter_);

ZMQ_EXPORT int zmq_atomic_counter_value(void *counter_);

ZMQ_EXPORT void zmq_atomic_counter_destroy(void **counter_p);

ZMQ_EXPORT void *zmq_timers_new(void);

ZMQ_EXPORT int zmq_timers_destroy(void **timers_p);

ZMQ_EXPORT int zmq_timers_add(void *timers, size_t interval, zmq_timer_fn handler, void *arg);

ZMQ_EXPORT int zmq_timers_cancel(void *timers, int timer_id);

ZMQ_EXPORT int zmq_timers_set_interval(void *timers, int timer_id, size_t interval);

ZMQ_EXPORT int zmq_timers_reset(void *timers, int timer_id);

ZMQ_EXPORT long zmq_timers_timeout(void *timers);

ZMQ_EXPORT int zmq_timers_execute(void *timers);

ZMQ_EXPORT void *zmq_stopwatch_start(void);

ZMQ_EXPORT unsigned long zmq_stopwatch_intermediate(void *watch);

ZMQ_EXPORT unsigned long zmq_stopwatch_stop(void *watch);

ZMQ_EXPORT void zmq_sleep(int seconds);

ZMQ_EXPORT void *zmq_threadstart(zmq_thread_fn *func, void *arg);

ZMQ_EXPORT void zmq_threadclose(void *thread);

#if defined(ZMQ_BUILD_DRAFT_API)
ZMQ_EXPORT int zmq_ctx_set_ext(void *context, int option, const void *optval, size_t optvallen);
ZMQ_EXPORT int zmq_ctx_get_ext(void *context, int option, void *optval, size_t *optvallen);
ZMQ_EXPORT int zmq_join(void *s, const char *group);
ZMQ_EXPORT int zmq_leave(void *s, const char *group);
ZMQ_EXPORT uint32_t zmq_connect_peer(void *s, const char *addr);
ZMQ_EXPORT int zmq_msg_set_routing_id(struct zmq_msg_t *msg, uint32_t routing_id);
ZMQ_EXPORT uint32_t zmq_msg_routing_id(struct zmq_msg_t *msg);
ZMQ_EXPORT int zmq_msg_set_group(struct zmq_msg_t *msg, const char *group);
ZMQ_EXPORT const char *zmq_msg_group(struct zmq_msg_t *msg);
ZMQ_EXPORT int zmq_msg_init_buffer(struct zmq_msg_t *msg, const void *buf, size_t size);
ZMQ_EXPORT void *zmq_poller_new(void);
ZMQ_EXPORT int zmq_poller_destroy(void **poller_p);
ZMQ_EXPORT int zmq_poller_size(void *poller);
ZMQ_EXPORT int zmq_poller_add(void *poller, void *socket, void *user_data, short events);
ZMQ_EXPORT int zmq_poller_modify(void *poller, void *socket, short events);
ZMQ_EXPORT int zmq_poller_remove(void *poller, void *socket);
ZMQ_EXPORT int zmq_poller_wait(void *poller, struct zmq_poller_event_t *event, long timeout);
ZMQ_EXPORT int zmq_poller_wait_all(void *poller, struct zmq_poller_event_t *events, int n_events, long timeout);
ZMQ_EXPORT int zmq_poller_fd(void *poller, zmq_fd_t *fd);
ZMQ_EXPORT int zmq_poller_add_fd(void *poller, zmq_fd_t fd, void *user_data, short events);
ZMQ_EXPORT int zmq_poller_modify_fd(void *poller, zmq_fd_t fd, short events);
ZMQ_EXPORT int zmq_poller_remove_fd(void *poller, zmq_fd_t fd);
ZMQ_EXPORT int zmq_socket_get_peer_state(void *socket, const void *routing_id, size_t routing_id_size);
ZMQ_EXPORT int zmq_socket_monitor_versioned(void *s, const char *addr, uint64_t events, int event_version, int socket_type);
ZMQ_EXPORT int zmq_socket_monitor_pipes_stats(void *s);
#endif

#ifdef ZMQ_BUILD_DRAFT_API
/*  DRAFT Msg property names.                                                 */
#define ZMQ_MSG_PROPERTY_ROUTING_ID "Routing-Id"
#define ZMQ_MSG_PROPERTY_SOCKET_TYPE "Socket-Type"
#define ZMQ_MSG_PROPERTY_USER_ID "User-Id"
#define ZMQ_MSG_PROPERTY_PEER_ADDRESS "Peer-Address"

/*  The zmq_poller_* functions are available.                                 */
#define ZMQ_HAVE_POLLER
#endif /* ZMQ_BUILD_DRAFT_API */

#undef ZMQ_ALIGNED_
#undef ZMQ_EXPORT

#ifdef __cplusplus
}
#endif

#endif  /* __ZMQ_H_INCLUDED__ */
