//! ZWS 2.0 as the stream engine's protocol (libzmq 4.3.4's `ws_engine_t`):
//! the HTTP upgrade, then WebSocket messages carrying ZMTP frames.
//!
//! The socket's ZMTP connection (`ZmtpProtocol`, with whatever mechanism
//! it negotiates) runs on top, so READY/HELLO/... and metadata are its
//! work, not this file's. ZWS has no ZMTP greeting: once the upgrade chose
//! a subprotocol, the connection is given the greeting the subprotocol
//! implies (ZMTP 3.0 with that mechanism; for bare `ZWS2.0`, a ZMTP 2.0
//! greeting, whose identity-frame exchange is exactly that subprotocol's
//! routing-id message), and its own greeting is dropped from its output.
//! ZMTP 3.0 semantics match libzmq's ws engine: subscriptions are
//! `\x01topic` data messages and there are no ZMTP PINGs.
//!
//! - Frames in: each binary message becomes a ZMTP frame for the
//!   connection until its handshake completes; after that, data goes
//!   straight to the socket (NULL and PLAIN leave bodies as they are),
//!   except for CURVE, whose connection must decrypt every message.
//! - Frames out: the connection's frames are re-framed as WebSocket
//!   messages; after the handshake the socket's messages are framed
//!   directly (a server sends large bodies from their own buffers; a client
//!   must mask, which means one copy).
//! - Heartbeats are WebSocket PING/PONG, as libzmq's ws engine sends them:
//!   a PING every ZMQ_HEARTBEAT_IVL once ready; no frame at all within
//!   ZMQ_HEARTBEAT_TIMEOUT after a PING ends the connection. A PING is
//!   answered with a PONG, a CLOSE with a CLOSE (then the connection ends).
//! - ZMQ_HANDSHAKE_IVL covers upgrade and mechanism handshake together.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::{Buf, BufMut, BytesMut};

use super::stream_engine::{Disconnect, Output, ProtoEvent, Protocol};
use super::zap_client::ZapOutcome;
use super::zmtp_protocol::ZmtpProtocol;
use crate::msg::{Msg, MAX_INLINE};
use crate::options::Options;
use crate::transport::ws::frame::{self, Opcode, FLAG_COMMAND, FLAG_MORE};
use crate::transport::ws::handshake::{self, Subprotocol};
use crate::zmtp::frame as zframe;
use crate::zmtp::ProtocolError;

/// ZMTP greeting sizes the connection writes for a 3.x and a 2.0 peer.
const V3_GREETING: usize = 64;
const V2_GREETING: usize = 12;
/// The socket-type byte of the made-up 2.0 greeting: none known (bare
/// ZWS2.0 does not say; libzmq does not check it either).
const UNKNOWN_SOCKET_TYPE: u8 = 0xFF;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Upgrade,
    Open,
    Failed,
}

/// One ws:// connection (either side).
pub struct WsProtocol {
    phase: Phase,
    /// The connecting side's handshake; None on an accepted connection.
    client: Option<handshake::Client>,
    options: Options,
    /// The ZMTP connection, made once the subprotocol is known.
    zmtp: Option<ZmtpProtocol>,
    /// ZMTP-framed bytes for the connection.
    zmtp_in: BytesMut,
    /// The connection's output not yet re-framed.
    zmtp_out: BytesMut,
    /// Greeting bytes of the connection's output still to drop.
    greeting_skip: usize,
    /// Reads the ZMTP frames in `zmtp_out`.
    zmtp_frames: zframe::Decoder,
    decoder: frame::Decoder,
    events: VecDeque<ProtoEvent>,
    /// Upgrade request/response and control frames, sent before anything
    /// else queued.
    raw_out: BytesMut,
    /// Every post-handshake message goes through the connection (CURVE).
    through_zmtp: bool,
    ready: bool,
    mask_rng: u64,
    handshake_deadline: Option<Instant>,
    heartbeat_ivl: Option<Duration>,
    heartbeat_timeout: Option<Duration>,
    next_ping: Option<Instant>,
    pong_deadline: Option<Instant>,
}

fn millis(ms: i32) -> Option<Duration> {
    u64::try_from(ms)
        .ok()
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    // A failing OS generator leaves a fixed seed: masking keys only keep
    // proxies from mistaking payloads for HTTP, they protect no secret.
    let _ = getrandom::fill(&mut b);
    u64::from_ne_bytes(b) | 1
}

impl WsProtocol {
    /// The accepting side of a connection of a socket with `options`.
    pub fn server(options: &Options) -> WsProtocol {
        WsProtocol::new(options, None)
    }

    /// The connecting side: `host` and `path` from the endpoint.
    pub fn client(options: &Options, host: &str, path: &str) -> WsProtocol {
        let mut nonce = [0u8; 16];
        let _ = getrandom::fill(&mut nonce);
        let hs = handshake::Client::new(host, path, options.mechanism, nonce);
        let mut p = WsProtocol::new(options, Some(hs));
        if let Some(hs) = &p.client {
            p.raw_out.extend_from_slice(hs.request());
        }
        p
    }

    fn new(options: &Options, client: Option<handshake::Client>) -> WsProtocol {
        let now = Instant::now();
        let heartbeat_ivl = millis(options.heartbeat_ivl);
        let heartbeat_timeout = heartbeat_ivl.and_then(|ivl| match options.heartbeat_timeout {
            -1 => Some(ivl),
            t => millis(t),
        });
        WsProtocol {
            phase: Phase::Upgrade,
            // A server receives masked frames, a client unmasked ones.
            decoder: frame::Decoder::new(client.is_none(), options.maxmsgsize),
            client,
            options: options.clone(),
            zmtp: None,
            zmtp_in: BytesMut::new(),
            zmtp_out: BytesMut::new(),
            greeting_skip: 0,
            zmtp_frames: zframe::Decoder::new(-1),
            events: VecDeque::new(),
            raw_out: BytesMut::new(),
            through_zmtp: false,
            ready: false,
            mask_rng: random_u64(),
            handshake_deadline: millis(options.handshake_ivl).map(|d| now + d),
            heartbeat_ivl,
            heartbeat_timeout,
            next_ping: None,
            pong_deadline: None,
        }
    }

    fn fail(&mut self, e: ProtocolError) {
        if self.phase != Phase::Failed {
            self.phase = Phase::Failed;
            self.events
                .push_back(ProtoEvent::Failed(Disconnect::Protocol(e)));
        }
    }

    /// A fresh masking key (xorshift64*; see `random_u64` on why this is
    /// enough), or none on the server side.
    fn mask(&mut self) -> Option<[u8; 4]> {
        self.client.as_ref()?;
        let mut x = self.mask_rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.mask_rng = x;
        let v = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        Some(((v >> 32) as u32).to_ne_bytes())
    }

    /// Queues one frame whose body is copied (masked when we are the client).
    fn put_frame(&mut self, out: &mut Output, opcode: Opcode, flags: u8, body: &[u8]) {
        let mask = self.mask();
        let head = frame::head(opcode, flags, body.len(), mask);
        out.put(head.as_slice());
        match mask {
            None => out.put(body),
            Some(m) => {
                let mut masked = body.to_vec();
                frame::apply_mask(&mut masked, m, frame::body_offset(opcode));
                out.put_bytes(masked.into());
            }
        }
    }

    fn put_control(&mut self, opcode: Opcode, body: &[u8]) {
        let mask = self.mask();
        let head = frame::head(opcode, 0, body.len(), mask);
        self.raw_out.extend_from_slice(head.as_slice());
        let start = self.raw_out.len();
        self.raw_out.extend_from_slice(body);
        if let (Some(m), Some(tail)) = (mask, self.raw_out.get_mut(start..)) {
            frame::apply_mask(tail, m, 0);
        }
    }

    /// The upgrade chose `sub`: start the ZMTP connection behind it.
    fn open(&mut self, sub: Subprotocol, now: Instant) {
        let mut options = self.options.clone();
        // Both are this side's business here (WebSocket PING/PONG, one
        // deadline for upgrade and mechanism).
        options.heartbeat_ivl = 0;
        options.handshake_ivl = 0;
        let mut zmtp = ZmtpProtocol::new(&options);
        let mut signature = [0u8; 10];
        signature[0] = 0xFF;
        signature[8] = 1;
        signature[9] = 0x7F;
        self.zmtp_in.extend_from_slice(&signature);
        match sub.mechanism() {
            None => {
                self.zmtp_in.extend_from_slice(&[1, UNKNOWN_SOCKET_TYPE]);
                self.greeting_skip = V2_GREETING;
            }
            Some(name) => {
                let peer_as_server = sub != Subprotocol::Null && !self.options.as_server;
                self.zmtp_in.extend_from_slice(&[3, 0]);
                self.zmtp_in
                    .extend_from_slice(&crate::zmtp::greeting::mechanism_field(name));
                self.zmtp_in.put_u8(u8::from(peer_as_server));
                self.zmtp_in.put_bytes(0, 31);
                self.greeting_skip = V3_GREETING;
            }
        }
        self.through_zmtp = sub == Subprotocol::Curve;
        self.phase = Phase::Open;
        zmtp.handle_input(now, &mut self.zmtp_in);
        self.zmtp = Some(zmtp);
        self.take_zmtp_events(now);
    }

    /// Moves the connection's events over, noting the end of its handshake.
    fn take_zmtp_events(&mut self, now: Instant) {
        let Some(zmtp) = self.zmtp.as_mut() else {
            return;
        };
        while let Some(ev) = zmtp.poll_event() {
            // Not a match: events the connection may gain (a ZAP request)
            // pass through untouched.
            if let ProtoEvent::Ready(_) = &ev {
                self.ready = true;
                self.handshake_deadline = None;
                self.next_ping = self.heartbeat_ivl.map(|ivl| now + ivl);
            } else if let ProtoEvent::Failed(_) = &ev {
                self.phase = Phase::Failed;
            }
            self.events.push_back(ev);
        }
    }

    fn on_message(&mut self, now: Instant, m: frame::Message) {
        // Any frame shows the peer alive (libzmq cancels its timeout on
        // every message).
        self.pong_deadline = None;
        match m.opcode {
            Opcode::Ping => self.put_control(Opcode::Pong, &m.body),
            Opcode::Pong => {}
            Opcode::Close => {
                self.put_control(Opcode::Close, &m.body);
                self.phase = Phase::Failed;
                self.events
                    .push_back(ProtoEvent::Failed(Disconnect::Closed));
            }
            Opcode::Binary if !self.ready || self.through_zmtp => {
                zframe::put_header(&mut self.zmtp_in, m.more(), m.is_command(), m.body.len());
                self.zmtp_in.extend_from_slice(&m.body);
                if let Some(zmtp) = self.zmtp.as_mut() {
                    zmtp.handle_input(now, &mut self.zmtp_in);
                }
                self.take_zmtp_events(now);
            }
            Opcode::Binary if m.is_command() => {
                // libzmq's session drops commands after the handshake; a
                // ZMTP 3.1 style subscription is taken as one, though.
                if let Some(msg) = subscription(&m.body) {
                    self.events.push_back(ProtoEvent::Message(msg));
                }
            }
            Opcode::Binary => {
                let mut msg = if m.body.len() > MAX_INLINE {
                    Msg::from_bytes(m.body)
                } else {
                    Msg::from_slice(&m.body)
                };
                msg.set_more(m.flags & FLAG_MORE != 0);
                self.events.push_back(ProtoEvent::Message(msg));
            }
        }
    }

    /// Re-frames the connection's pending output as WebSocket messages.
    fn drain_zmtp(&mut self, out: &mut Output) {
        let Some(zmtp) = self.zmtp.as_mut() else {
            return;
        };
        let conn = zmtp.connection_mut();
        while let Some(t) = conn.poll_transmit() {
            self.zmtp_out.extend_from_slice(&t.head);
            self.zmtp_out.extend_from_slice(&t.body);
        }
        let skip = self.greeting_skip.min(self.zmtp_out.len());
        self.zmtp_out.advance(skip);
        self.greeting_skip -= skip;
        while let Ok(Some(f)) = self.zmtp_frames.decode(&mut self.zmtp_out) {
            let flags = if f.more() { FLAG_MORE } else { 0 }
                | if f.is_command() { FLAG_COMMAND } else { 0 };
            self.put_frame(out, Opcode::Binary, flags, &f.body);
        }
    }
}

/// A ZMTP 3.1 SUBSCRIBE/CANCEL command body as the pub/sub patterns take
/// it (`\x01topic`/`\x00topic`).
fn subscription(body: &[u8]) -> Option<Msg> {
    let (tag, topic) = if let Some(t) = body.strip_prefix(b"\x09SUBSCRIBE") {
        (1u8, t)
    } else {
        (0u8, body.strip_prefix(b"\x06CANCEL")?)
    };
    let mut v = Vec::with_capacity(topic.len().saturating_add(1));
    v.push(tag);
    v.extend_from_slice(topic);
    Some(Msg::from_vec(v))
}

impl Protocol for WsProtocol {
    fn zap_outcome(&mut self, outcome: ZapOutcome) {
        let now = Instant::now();
        if let Some(zmtp) = self.zmtp.as_mut() {
            zmtp.zap_outcome(outcome);
            // What arrived while the ZAP handler was asked waits here.
            zmtp.handle_input(now, &mut self.zmtp_in);
        }
        self.take_zmtp_events(now);
    }

    fn wants_input(&self) -> bool {
        self.zmtp.as_ref().is_none_or(|z| z.wants_input())
    }

    fn handle_input(&mut self, now: Instant, input: &mut BytesMut) {
        if self.phase == Phase::Upgrade {
            let chosen = match &self.client {
                Some(hs) => hs.handle_response(input),
                None => match handshake::handle_request(input, self.options.mechanism) {
                    Ok(Some((sub, response))) => {
                        self.raw_out.extend_from_slice(response.as_bytes());
                        Ok(Some(sub))
                    }
                    Ok(None) => Ok(None),
                    Err(e) => Err(e),
                },
            };
            match chosen {
                Ok(Some(sub)) => self.open(sub, now),
                Ok(None) => return,
                Err(_) => self.fail(ProtocolError::WsHandshake),
            }
        }
        while self.phase == Phase::Open {
            match self.decoder.decode(input) {
                Ok(Some(m)) => self.on_message(now, m),
                Ok(None) => break,
                Err(frame::FrameError::TooLarge(size)) => {
                    self.fail(ProtocolError::MessageTooLarge { size })
                }
                Err(_) => self.fail(ProtocolError::WsFrame),
            }
        }
        if self.phase == Phase::Failed {
            input.clear();
        }
    }

    fn poll_event(&mut self) -> Option<ProtoEvent> {
        self.events.pop_front()
    }

    fn poll_transmit(&mut self, out: &mut Output) {
        if !self.raw_out.is_empty() {
            out.put_bytes(self.raw_out.split().freeze());
        }
        self.drain_zmtp(out);
    }

    fn is_ready(&self) -> bool {
        self.ready && self.phase == Phase::Open
    }

    fn pending(&self) -> usize {
        let zmtp = self.zmtp.as_ref().map_or(0, |z| {
            (z.pending() + self.zmtp_out.len()).saturating_sub(self.greeting_skip)
        });
        self.raw_out.len() + zmtp
    }

    fn bytes_needed(&self, input: &BytesMut) -> usize {
        match self.phase {
            Phase::Open => self.decoder.bytes_needed(input),
            _ => 0,
        }
    }

    fn encode(&mut self, msg: Msg, out: &mut Output) -> Result<(), Disconnect> {
        // Whatever is queued (a PONG, the connection's last command) goes
        // first.
        self.poll_transmit(out);
        if self.through_zmtp {
            if let Some(zmtp) = self.zmtp.as_mut() {
                let _ = zmtp
                    .connection_mut()
                    .send_frame_copy(msg.more(), msg.data());
            }
            self.drain_zmtp(out);
            return Ok(());
        }
        let flags = if msg.more() { FLAG_MORE } else { 0 };
        if self.client.is_some() {
            self.put_frame(out, Opcode::Binary, flags, msg.data());
        } else {
            let head = frame::head(Opcode::Binary, flags, msg.size(), None);
            out.put_framed_body(head.as_slice(), msg);
        }
        Ok(())
    }

    fn handle_timeout(&mut self, now: Instant) {
        if self.phase == Phase::Failed {
            return;
        }
        if self.handshake_deadline.is_some_and(|d| now >= d) {
            self.fail(ProtocolError::HandshakeTimeout);
            return;
        }
        if self.pong_deadline.is_some_and(|d| now >= d) {
            self.fail(ProtocolError::HeartbeatTimeout);
            return;
        }
        if let (Some(at), Some(ivl)) = (self.next_ping, self.heartbeat_ivl) {
            if now >= at {
                self.put_control(Opcode::Ping, &[]);
                self.next_ping = Some(now + ivl);
                if self.pong_deadline.is_none() {
                    self.pong_deadline = self.heartbeat_timeout.map(|t| now + t);
                }
            }
        }
        if !self.ready {
            if let Some(zmtp) = self.zmtp.as_mut() {
                zmtp.handle_timeout(now);
            }
            self.take_zmtp_events(now);
        }
    }

    fn poll_timeout(&self) -> Option<Instant> {
        if self.phase == Phase::Failed {
            return None;
        }
        let zmtp = if self.ready {
            None
        } else {
            self.zmtp.as_ref().and_then(|z| z.poll_timeout())
        };
        [
            self.handshake_deadline,
            self.next_ping,
            self.pong_deadline,
            zmtp,
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ws_fuzz::valid_client_prefix;

    fn masked(flags: u8, body: &[u8]) -> Vec<u8> {
        let mask = [0x5a, 0x01, 0xff, 0x10];
        let head = frame::head(Opcode::Binary, flags, body.len(), Some(mask));
        let mut b = body.to_vec();
        frame::apply_mask(&mut b, mask, 1);
        [head.as_slice(), &b].concat()
    }

    fn server(heartbeat_ivl: i32) -> WsProtocol {
        WsProtocol::server(&Options {
            socket_type: 6, // ZMQ_ROUTER
            heartbeat_ivl,
            ..Options::default()
        })
    }

    fn events(p: &mut WsProtocol) -> Vec<ProtoEvent> {
        std::iter::from_fn(|| p.poll_event()).collect()
    }

    #[test]
    fn server_handshake_then_messages_and_pong() {
        let mut p = server(0);
        let mut input = BytesMut::from(&valid_client_prefix()[..]);
        input.extend_from_slice(&masked(FLAG_MORE, b"a"));
        input.extend_from_slice(&masked(0, &[7u8; 5000]));
        let now = Instant::now();
        p.handle_input(now, &mut input);
        assert!(input.is_empty());
        let ev = events(&mut p);
        assert!(
            matches!(&ev[..], [ProtoEvent::Ready(peer), ProtoEvent::Message(a), ProtoEvent::Message(b)]
            if peer.socket_type == 5 && a.more() && a.data() == b"a" && !b.more() && b.size() == 5000)
        );
        assert!(p.is_ready());
        // The response and our READY are queued; a PING adds a PONG.
        let mut out = Output::default();
        p.poll_transmit(&mut out);
        let queued = out.len();
        assert!(queued > 100);
        let ping = frame::head(Opcode::Ping, 0, 0, Some([1, 2, 3, 4]));
        p.handle_input(now, &mut BytesMut::from(ping.as_slice()));
        p.poll_transmit(&mut out);
        assert_eq!(out.len(), queued + 2);
    }

    #[test]
    fn server_refuses_a_zmtp_greeting() {
        let mut p = server(0);
        let mut greeting = BytesMut::from(&b"\xff\0\0\0\0\0\0\0\x01\x7f\x03\x00NULL"[..]);
        p.handle_input(Instant::now(), &mut greeting);
        assert!(matches!(
            &events(&mut p)[..],
            [ProtoEvent::Failed(Disconnect::Protocol(
                ProtocolError::WsHandshake
            ))]
        ));
        assert_eq!(p.poll_timeout(), None);
    }

    #[test]
    fn handshake_and_heartbeat_deadlines() {
        let mut p = server(0);
        let deadline = p.poll_timeout().expect("handshake deadline");
        p.handle_timeout(deadline);
        assert!(matches!(
            &events(&mut p)[..],
            [ProtoEvent::Failed(Disconnect::Protocol(
                ProtocolError::HandshakeTimeout
            ))]
        ));

        let mut p = server(100);
        let now = Instant::now();
        p.handle_input(now, &mut BytesMut::from(&valid_client_prefix()[..]));
        assert!(matches!(&events(&mut p)[..], [ProtoEvent::Ready(_)]));
        let ping_at = p.poll_timeout().expect("ping time");
        assert!(ping_at >= now + Duration::from_millis(100));
        let before = p.pending();
        p.handle_timeout(ping_at);
        assert_eq!(p.pending(), before + 2, "an unmasked empty PING");
        // No answer within the timeout (the interval): the peer is gone.
        p.handle_timeout(ping_at + Duration::from_millis(100));
        assert!(matches!(
            &events(&mut p)[..],
            [ProtoEvent::Failed(Disconnect::Protocol(
                ProtocolError::HeartbeatTimeout
            ))]
        ));
    }
}
