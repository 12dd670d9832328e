//! The raw engine (libzmq's `raw_engine_t`): what a ZMQ_STREAM socket (and
//! a ROUTER with ZMQ_ROUTER_RAW) runs on its tcp/ipc connections instead of
//! ZMTP. It is a `Protocol` for the
//! stream engine, which keeps doing the I/O (large reads, batched and
//! gather writes, backpressure); this part only says there is no framing:
//!
//! - there is no handshake: the connection is ready at once, and an empty
//!   message marks it on the pipe (the STREAM pattern turns it into the
//!   [routing id][""] connect notification, or drops it per
//!   ZMQ_STREAM_NOTIFY);
//! - each chunk read becomes one single-frame message;
//! - each message from the socket is written as its bytes alone.
//!
//! The session pushes the matching empty message when a ready raw
//! connection ends (`notify_disconnect`).
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

use std::collections::VecDeque;
use std::time::Instant;

use bytes::BytesMut;

use super::stream_engine::{Disconnect, EngineHost, Output, PeerInfo, ProtoEvent, Protocol};
use super::zmtp_protocol::ZmtpProtocol;
use crate::msg::{Msg, MAX_INLINE};
use crate::options::Options;
use crate::socket::factory::ZMQ_STREAM;

/// Whether sockets with `options` speak raw bytes instead of ZMTP.
pub fn is_raw(options: &Options) -> bool {
    options.socket_type == ZMQ_STREAM || options.raw_socket
}

/// The protocol a new connection of a socket with `options` runs.
pub fn protocol_for(options: &Options) -> Box<dyn Protocol> {
    if is_raw(options) {
        Box::new(RawProtocol::new())
    } else {
        Box::new(ZmtpProtocol::new(options))
    }
}

/// A ready raw connection ended: tell the socket with an empty message, as
/// libzmq does (best effort: a full pipe loses it, as in libzmq).
pub fn notify_disconnect(host: &mut dyn EngineHost) {
    if host.push(Msg::new()).is_ok() {
        host.flush();
    }
}

/// Bytes in, bytes out.
pub struct RawProtocol {
    /// Holds the start events, then at most one data message per input.
    events: VecDeque<ProtoEvent>,
}

impl RawProtocol {
    pub fn new() -> RawProtocol {
        let mut events = VecDeque::with_capacity(2);
        events.push_back(ProtoEvent::Ready(PeerInfo {
            socket_type: ZMQ_STREAM,
            ..PeerInfo::default()
        }));
        events.push_back(ProtoEvent::Message(Msg::new()));
        RawProtocol { events }
    }
}

impl Default for RawProtocol {
    fn default() -> Self {
        Self::new()
    }
}

impl Protocol for RawProtocol {
    fn handle_input(&mut self, _now: Instant, input: &mut BytesMut) {
        if input.is_empty() {
            return;
        }
        // Small chunks are copied so they do not pin the read buffer;
        // larger ones share it.
        let msg = if input.len() <= MAX_INLINE {
            let m = Msg::from_slice(input);
            input.clear();
            m
        } else {
            Msg::from_bytes(input.split().freeze())
        };
        self.events.push_back(ProtoEvent::Message(msg));
    }

    fn poll_event(&mut self) -> Option<ProtoEvent> {
        self.events.pop_front()
    }

    fn poll_transmit(&mut self, _out: &mut Output) {}

    fn is_ready(&self) -> bool {
        true
    }

    fn pending(&self) -> usize {
        0
    }

    fn bytes_needed(&self, _input: &BytesMut) -> usize {
        1
    }

    fn encode(&mut self, msg: Msg, out: &mut Output) -> Result<(), Disconnect> {
        out.put_body(msg);
        Ok(())
    }

    fn handle_timeout(&mut self, _now: Instant) {}

    fn poll_timeout(&self) -> Option<Instant> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::stream_engine::{Status, StreamEngine};
    use crate::io::reactor::Interest;
    use std::io::{Read, Write};
    use std::os::unix::io::OwnedFd;
    use std::os::unix::net::UnixStream;

    #[derive(Default)]
    struct Host {
        ready: bool,
        inbox: Vec<Msg>,
        outbox: VecDeque<Msg>,
    }

    impl EngineHost for Host {
        fn ready(&mut self, _peer: PeerInfo) -> Result<(), Disconnect> {
            self.ready = true;
            Ok(())
        }
        fn push(&mut self, msg: Msg) -> Result<(), Msg> {
            self.inbox.push(msg);
            Ok(())
        }
        fn flush(&mut self) {}
        fn pull(&mut self) -> Option<Msg> {
            self.outbox.pop_front()
        }
    }

    #[test]
    fn bytes_both_ways_without_framing() {
        let (a, mut peer) = UnixStream::pair().unwrap();
        a.set_nonblocking(true).unwrap();
        let mut e = StreamEngine::new(OwnedFd::from(a), Box::new(RawProtocol::new()));
        let mut h = Host::default();
        h.outbox.push_back(Msg::from_slice(b"HTTP/1.0 200 OK\r\n"));
        assert_eq!(e.start(&mut h), Status::Running(Interest::READ));
        // Ready at once, marked by an empty message; queued output went.
        assert!(h.ready && e.is_ready());
        assert_eq!(h.inbox.len(), 1);
        assert_eq!(h.inbox[0].size(), 0);
        let mut buf = [0u8; 17];
        peer.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"HTTP/1.0 200 OK\r\n");

        peer.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        e.on_ready(true, false, &mut h);
        assert_eq!(h.inbox.len(), 2);
        assert_eq!(h.inbox[1].data(), b"GET / HTTP/1.0\r\n\r\n");
        assert!(!h.inbox[1].more());

        let big = vec![0xabu8; 100_000];
        peer.write_all(&big).unwrap();
        let mut got = Vec::new();
        while got.len() < big.len() {
            e.on_ready(true, false, &mut h);
            for m in h.inbox.drain(2..) {
                got.extend_from_slice(m.data());
            }
        }
        assert!(got == big);

        drop(peer);
        assert!(matches!(
            e.on_ready(true, false, &mut h),
            Status::Closed(Disconnect::Closed)
        ));
    }
}
