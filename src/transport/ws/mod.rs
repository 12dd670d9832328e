//! The `ws://` transport (ZWS 2.0 as libzmq 4.3.4 speaks it): a tcp
//! connection that starts with an HTTP/1.1 WebSocket upgrade and then
//! carries each ZMTP frame as one WebSocket binary message.
//!
//! Sans-IO parts, each fuzzable on its own: `address` (endpoint strings),
//! `handshake` (the upgrade), `frame` (WebSocket framing). The engine side
//! (`crate::engine::ws_protocol`) runs them over the stream engine and
//! puts the socket's ZMTP connection (mechanism handshake, metadata) on
//! top; the listener and sessions are tcp's.

pub mod address;
mod base64;
pub mod frame;
pub mod handshake;
mod sha1;
