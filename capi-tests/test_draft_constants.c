/* zmq-test: draft */
/* Every constant of zmq.h's draft section (ZMQ_BUILD_DRAFT_API) has libzmq
 * 4.3.4's value, and zmq_poller_event_t its layout. Runs on the reference too:
 * Debian's header has the draft section. */
#include <stddef.h>
#include "testutil.h"

#define EQ(name, value) CHECK ((long long) (name) == (long long) (value))

int main (void)
{
    test_start (10);
    EQ (ZMQ_SERVER, 12);
    EQ (ZMQ_CLIENT, 13);
    EQ (ZMQ_RADIO, 14);
    EQ (ZMQ_DISH, 15);
    EQ (ZMQ_GATHER, 16);
    EQ (ZMQ_SCATTER, 17);
    EQ (ZMQ_DGRAM, 18);
    EQ (ZMQ_PEER, 19);
    EQ (ZMQ_CHANNEL, 20);
    EQ (ZMQ_ZAP_ENFORCE_DOMAIN, 93);
    EQ (ZMQ_LOOPBACK_FASTPATH, 94);
    EQ (ZMQ_METADATA, 95);
    EQ (ZMQ_MULTICAST_LOOP, 96);
    EQ (ZMQ_ROUTER_NOTIFY, 97);
    EQ (ZMQ_XPUB_MANUAL_LAST_VALUE, 98);
    EQ (ZMQ_SOCKS_USERNAME, 99);
    EQ (ZMQ_SOCKS_PASSWORD, 100);
    EQ (ZMQ_IN_BATCH_SIZE, 101);
    EQ (ZMQ_OUT_BATCH_SIZE, 102);
    EQ (ZMQ_WSS_KEY_PEM, 103);
    EQ (ZMQ_WSS_CERT_PEM, 104);
    EQ (ZMQ_WSS_TRUST_PEM, 105);
    EQ (ZMQ_WSS_HOSTNAME, 106);
    EQ (ZMQ_WSS_TRUST_SYSTEM, 107);
    EQ (ZMQ_ONLY_FIRST_SUBSCRIBE, 108);
    EQ (ZMQ_RECONNECT_STOP, 109);
    EQ (ZMQ_HELLO_MSG, 110);
    EQ (ZMQ_DISCONNECT_MSG, 111);
    EQ (ZMQ_PRIORITY, 112);
    EQ (ZMQ_RECONNECT_STOP_CONN_REFUSED, 1);
    EQ (ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED, 2);
    EQ (ZMQ_RECONNECT_STOP_AFTER_DISCONNECT, 3);
    EQ (ZMQ_ZERO_COPY_RECV, 10);
    EQ (ZMQ_NOTIFY_CONNECT, 1);
    EQ (ZMQ_NOTIFY_DISCONNECT, 2);
    EQ (ZMQ_EVENT_PIPES_STATS, 0x10000);
    EQ (ZMQ_CURRENT_EVENT_VERSION, 1);
    EQ (ZMQ_CURRENT_EVENT_VERSION_DRAFT, 2);
    EQ (ZMQ_EVENT_ALL_V1, 0xFFFF);
    EQ (ZMQ_EVENT_ALL_V2, 0x1FFFF);
    CHECK (strcmp (ZMQ_MSG_PROPERTY_ROUTING_ID, "Routing-Id") == 0);
    CHECK (strcmp (ZMQ_MSG_PROPERTY_SOCKET_TYPE, "Socket-Type") == 0);
    CHECK (strcmp (ZMQ_MSG_PROPERTY_USER_ID, "User-Id") == 0);
    CHECK (strcmp (ZMQ_MSG_PROPERTY_PEER_ADDRESS, "Peer-Address") == 0);
#ifndef ZMQ_HAVE_POLLER
    CHECK (!"ZMQ_HAVE_POLLER is defined");
#endif
    CHECK (sizeof (zmq_poller_event_t) == 32);
    CHECK (offsetof (zmq_poller_event_t, socket) == 0);
    CHECK (offsetof (zmq_poller_event_t, fd) == 8);
    CHECK (offsetof (zmq_poller_event_t, user_data) == 16);
    CHECK (offsetof (zmq_poller_event_t, events) == 24);
    return test_end ();
}
