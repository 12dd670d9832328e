//! ZMTP 3.1 (RFC 37) with 3.0 (RFC 23), 2.0 (RFC 15) and 1.0 (RFC 13)
//! compatibility, sans-IO.
//!
//! Bytes in, events and bytes out, like quinn-proto or rustls: no sockets,
//! clocks or threads. Time comes in as `Instant` arguments. Nothing here
//! panics on peer input; every frame size is checked against
//! ZMQ_MAXMSGSIZE before its body is awaited, and nothing is allocated from
//! an announced size.
//!
//! The engine drives one [`Connection`] per stream:
//!
//! - on connect: [`Connection::new`], then write [`Connection::poll_transmit`]
//!   at once (our signature goes out before the peer says anything);
//! - on readable: read into a `BytesMut`, [`Connection::handle_input`], then
//!   drain [`Connection::poll_event`] and write `poll_transmit` (the
//!   handshake and PONGs produce output);
//! - on [`Event::HandshakeComplete`]: the peer's properties (for
//!   `zmq_msg_gets`, the routing id of a ROUTER's peer) and [`Version`];
//! - to send: [`Connection::send_frame`] (zero-copy for large bodies),
//!   [`Connection::send_frame_copy`], [`Connection::send_subscribe`] /
//!   [`Connection::send_cancel`] (right form for 3.0 or 3.1), then
//!   `poll_transmit`; a [`Transmit`] is `head` + `body` and implements
//!   `bytes::Buf` for writev and partial writes;
//! - timers: arm [`Connection::poll_timeout`], call
//!   [`Connection::handle_timeout`] when it passes (handshake timeout,
//!   heartbeat PING/timeout/TTL), then `poll_event` and `poll_transmit`;
//! - [`Event::Error`]: the connection is dead; drop it.
//!   [`ProtocolError::code`] is the `ZMQ_PROTOCOL_ERROR_*` value for the
//!   monitor.
//!
//! Older peers are detected from their greeting and served as libzmq 4.3
//! serves them ([`Version::V2_0`]: libzmq 3.x, RFC 15; [`Version::V1_0`]:
//! libzmq 2.x, RFC 13): their identity frame completes the handshake and
//! arrives as the `Identity` property (plus `Socket-Type` from a 2.0
//! greeting; not checked against ours, as libzmq does not), subscriptions
//! are data frames both ways, and there are no commands or heartbeats. A
//! PUB/XPUB talking to an unversioned 1.0 peer gets an
//! [`Event::Subscribe`] with an empty topic right after
//! `HandshakeComplete` (2.x subscribers filter locally), as libzmq injects
//! it. [`Config::zap_enabled`] refuses such peers, as libzmq does with ZAP.
//!
//! ZMQ_STREAM and ZMQ_ROUTER_RAW do not speak ZMTP and do not use this.
//!
//! ```
//! use bytes::BytesMut;
//! use std::time::Instant;
//! use zmq::zmtp::{Config, Connection, Event, SocketType};
//!
//! let now = Instant::now();
//! let mut a = Connection::new(Config { socket_type: SocketType::Dealer, ..Config::default() }, now);
//! let mut b = Connection::new(Config { socket_type: SocketType::Router, ..Config::default() }, now);
//! // Stand-ins for the two ends of a TCP stream.
//! let (mut a_in, mut b_in) = (BytesMut::new(), BytesMut::new());
//! for _ in 0..4 {
//!     while let Some(t) = a.poll_transmit() { b_in.extend_from_slice(&t.to_vec()); }
//!     while let Some(t) = b.poll_transmit() { a_in.extend_from_slice(&t.to_vec()); }
//!     a.handle_input(now, &mut a_in);
//!     b.handle_input(now, &mut b_in);
//! }
//! assert!(a.is_ready() && b.is_ready());
//! assert!(matches!(b.poll_event(), Some(Event::HandshakeComplete { .. })));
//!
//! a.send_frame(false, bytes::Bytes::from_static(b"hello")).unwrap();
//! while let Some(t) = a.poll_transmit() { b_in.extend_from_slice(&t.to_vec()); }
//! b.handle_input(now, &mut b_in);
//! assert_eq!(b.poll_event(), Some(Event::Frame { more: false, body: "hello".into() }));
//! ```

#![forbid(unsafe_code)]

pub mod command;
pub mod connection;
pub mod error;
pub mod frame;
pub mod frame_v1;
pub mod greeting;
pub mod heartbeat;
pub mod mechanism;
pub mod metadata;
pub mod socket_type;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_legacy;
#[cfg(test)]
mod tests_security;

pub use connection::{Config, Connection, Event, NotReady, Version};
pub use error::ProtocolError;
pub use frame::{Body, Decoder, Frame, Transmit};
pub use metadata::Properties;
pub use socket_type::SocketType;
