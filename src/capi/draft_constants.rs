//! The constants of zmq.h's draft section (`#ifdef ZMQ_BUILD_DRAFT_API`), with
//! libzmq 4.3.4's values. The module is compiled always; its cfg only tells
//! cbindgen to write it inside the guard (build.rs, cbindgen.toml). The string
//! macros `ZMQ_MSG_PROPERTY_*` and `ZMQ_HAVE_POLLER` are text in cbindgen.toml.
#![allow(missing_docs)]

use super::constants::ZMQ_EVENT_ALL;
use std::os::raw::c_int;

/// DRAFT socket types.
pub const ZMQ_SERVER: c_int = 12;
pub const ZMQ_CLIENT: c_int = 13;
pub const ZMQ_RADIO: c_int = 14;
pub const ZMQ_DISH: c_int = 15;
pub const ZMQ_GATHER: c_int = 16;
pub const ZMQ_SCATTER: c_int = 17;
pub const ZMQ_DGRAM: c_int = 18;
pub const ZMQ_PEER: c_int = 19;
pub const ZMQ_CHANNEL: c_int = 20;

/// DRAFT socket options.
pub const ZMQ_ZAP_ENFORCE_DOMAIN: c_int = 93;
pub const ZMQ_LOOPBACK_FASTPATH: c_int = 94;
pub const ZMQ_METADATA: c_int = 95;
pub const ZMQ_MULTICAST_LOOP: c_int = 96;
pub const ZMQ_ROUTER_NOTIFY: c_int = 97;
pub const ZMQ_XPUB_MANUAL_LAST_VALUE: c_int = 98;
pub const ZMQ_SOCKS_USERNAME: c_int = 99;
pub const ZMQ_SOCKS_PASSWORD: c_int = 100;
pub const ZMQ_IN_BATCH_SIZE: c_int = 101;
pub const ZMQ_OUT_BATCH_SIZE: c_int = 102;
pub const ZMQ_WSS_KEY_PEM: c_int = 103;
pub const ZMQ_WSS_CERT_PEM: c_int = 104;
pub const ZMQ_WSS_TRUST_PEM: c_int = 105;
pub const ZMQ_WSS_HOSTNAME: c_int = 106;
pub const ZMQ_WSS_TRUST_SYSTEM: c_int = 107;
pub const ZMQ_ONLY_FIRST_SUBSCRIBE: c_int = 108;
pub const ZMQ_RECONNECT_STOP: c_int = 109;
pub const ZMQ_HELLO_MSG: c_int = 110;
pub const ZMQ_DISCONNECT_MSG: c_int = 111;
pub const ZMQ_PRIORITY: c_int = 112;

/// DRAFT ZMQ_RECONNECT_STOP options.
pub const ZMQ_RECONNECT_STOP_CONN_REFUSED: c_int = 0x1;
pub const ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED: c_int = 0x2;
pub const ZMQ_RECONNECT_STOP_AFTER_DISCONNECT: c_int = 0x3;

/// DRAFT context options.
pub const ZMQ_ZERO_COPY_RECV: c_int = 10;

/// Router notify options.
pub const ZMQ_NOTIFY_CONNECT: c_int = 1;
pub const ZMQ_NOTIFY_DISCONNECT: c_int = 2;

/// DRAFT socket monitoring events.
pub const ZMQ_EVENT_PIPES_STATS: c_int = 0x10000;
pub const ZMQ_CURRENT_EVENT_VERSION: c_int = 1;
pub const ZMQ_CURRENT_EVENT_VERSION_DRAFT: c_int = 2;
pub const ZMQ_EVENT_ALL_V1: c_int = ZMQ_EVENT_ALL;
pub const ZMQ_EVENT_ALL_V2: c_int = ZMQ_EVENT_ALL_V1 | ZMQ_EVENT_PIPES_STATS;
