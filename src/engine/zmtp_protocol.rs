//! ZMTP as the stream engine's protocol: adapts `zmtp::Connection` to the
//! engine's `Protocol` trait, turning frames into `Msg`s and subscription
//! commands into the `\x01topic`/`\x00topic` messages the pub/sub patterns
//! exchange (libzmq does the same in its v3.1 encoder/decoder).

use std::time::Instant;

use bytes::{Bytes, BytesMut};

use super::stream_engine::{Disconnect, Output, PeerInfo, ProtoEvent, Protocol};
use crate::msg::{Msg, MAX_INLINE};
use crate::options::{Options, ZMQ_CURVE, ZMQ_NULL, ZMQ_PLAIN};
use crate::zmtp::mechanism::{MechanismConfig, Secret32, SecretBytes};

use super::zap_client::ZapOutcome;
use crate::zmtp::frame::{Body, INLINE_BODY_MAX, ZERO_COPY_THRESHOLD};
use crate::zmtp::{metadata, Config, Connection, Event, SocketType};

/// One ZMTP connection seen as an engine protocol.
pub struct ZmtpProtocol {
    conn: Connection,
    /// Our socket sends subscriptions (SUB/XSUB): single-frame messages
    /// starting with 1/0 become SUBSCRIBE/CANCEL.
    sends_subscriptions: bool,
    /// The last frame sent had MORE: the next one is not a message start.
    out_more: bool,
}

impl ZmtpProtocol {
    /// A connection for a socket with `options` (its type, routing id,
    /// limits, heartbeats, handshake interval).
    pub fn new(options: &Options) -> ZmtpProtocol {
        let socket_type = SocketType::from_raw(options.socket_type).unwrap_or(SocketType::Pair);
        let metadata = options
            .app_metadata
            .iter()
            .filter_map(|(k, v)| {
                std::str::from_utf8(k)
                    .ok()
                    .map(|k| (k.to_string(), Bytes::copy_from_slice(v)))
            })
            .collect();
        let config = Config {
            socket_type,
            routing_id: Bytes::copy_from_slice(&options.routing_id),
            mechanism: mechanism_config(options),
            zap_domain_set: !options.zap_domain.is_empty(),
            zap_enforce_domain: options.zap_enforce_domain,
            // libzmq's session_base_t::zap_enabled.
            zap_enabled: options.mechanism != ZMQ_NULL || !options.zap_domain.is_empty(),
            max_msg_size: options.maxmsgsize,
            heartbeat_ivl_ms: options.heartbeat_ivl,
            heartbeat_ttl_ms: options.heartbeat_ttl_ms(),
            heartbeat_timeout_ms: options.heartbeat_timeout,
            handshake_ivl_ms: options.handshake_ivl,
            metadata,
        };
        ZmtpProtocol {
            conn: Connection::new(config, Instant::now()),
            sends_subscriptions: matches!(socket_type, SocketType::Sub | SocketType::XSub),
            out_more: false,
        }
    }
}

/// The mechanism the socket's options select, as libzmq's options do: the
/// last of the PLAIN/CURVE options set decides, and whether this side is
/// its server. None for GSSAPI, which this library does not provide.
fn mechanism_config(options: &Options) -> Option<MechanismConfig> {
    Some(match (options.mechanism, options.as_server) {
        (ZMQ_NULL, _) => MechanismConfig::Null,
        (ZMQ_PLAIN, true) => MechanismConfig::PlainServer,
        (ZMQ_PLAIN, false) => MechanismConfig::PlainClient {
            username: Bytes::copy_from_slice(&options.plain_username),
            password: SecretBytes(options.plain_password.to_vec()),
        },
        // libzmq's server needs only its secret key (ZMQ_CURVE_PUBLICKEY may
        // be unset): the public key the vouch names is derived from it.
        (ZMQ_CURVE, true) => MechanismConfig::CurveServer {
            public: crate::util::curve_keys::public_of(&options.curve_secret_key),
            secret: Secret32(*options.curve_secret_key),
        },
        (ZMQ_CURVE, false) => MechanismConfig::CurveClient {
            public: options.curve_public_key,
            secret: Secret32(*options.curve_secret_key),
            server_public: options.curve_server_key,
        },
        _ => return None,
    })
}

// The decoder copies out exactly the bodies a message stores inline.
const _: () = assert!(INLINE_BODY_MAX == MAX_INLINE);

fn frame_msg(more: bool, body: Body) -> Msg {
    // Small bodies are copied into the message itself so they do not pin
    // the read buffer; larger ones share it.
    let mut msg = match body {
        Body::Inline { len, data } => Msg::from_slice(data.get(..usize::from(len)).unwrap_or(&[])),
        Body::Shared(b) if b.len() > MAX_INLINE => Msg::from_bytes(b),
        Body::Shared(b) => Msg::from_slice(&b),
    };
    msg.set_more(more);
    msg
}

fn owned(props: metadata::Properties) -> Vec<(String, Vec<u8>)> {
    props.into_iter().map(|(k, v)| (k, v.to_vec())).collect()
}

fn subscription_msg(tag: u8, topic: &[u8]) -> Msg {
    let mut v = Vec::with_capacity(topic.len() + 1);
    v.push(tag);
    v.extend_from_slice(topic);
    Msg::from_vec(v)
}

impl ZmtpProtocol {
    #[cold]
    #[inline(never)]
    fn other_event(&self, event: Event) -> ProtoEvent {
        match event {
            Event::HandshakeComplete { properties, .. } => {
                let socket_type = metadata::get(&properties, metadata::SOCKET_TYPE)
                    .and_then(|v| SocketType::from_name(v))
                    .map_or(-1, SocketType::raw);
                let routing_id = metadata::get(&properties, metadata::IDENTITY)
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                ProtoEvent::Ready(PeerInfo {
                    socket_type,
                    routing_id,
                    properties: owned(properties),
                    zap_properties: owned(self.conn.zap_properties()),
                })
            }
            Event::Frame { more, body } => ProtoEvent::Message(frame_msg(more, body)),
            Event::Subscribe(topic) => ProtoEvent::Message(subscription_msg(1, &topic)),
            Event::Cancel(topic) => ProtoEvent::Message(subscription_msg(0, &topic)),
            Event::Error(e) => ProtoEvent::Failed(Disconnect::Protocol(e)),
            Event::ZapRequest(req) => ProtoEvent::ZapRequest(req),
        }
    }
}

impl Protocol for ZmtpProtocol {
    fn handle_input(&mut self, now: Instant, input: &mut BytesMut) {
        self.conn.handle_input(now, input);
    }

    fn poll_event(&mut self) -> Option<ProtoEvent> {
        // Data frames are the hot case; the rest stays out of line.
        match self.conn.poll_event()? {
            Event::Frame { more, body } => Some(ProtoEvent::Message(frame_msg(more, body))),
            other => Some(self.other_event(other)),
        }
    }

    fn poll_transmit(&mut self, out: &mut Output) {
        while let Some(t) = self.conn.poll_transmit() {
            out.put_bytes(t.head);
            out.put_bytes(t.body);
        }
    }

    fn is_ready(&self) -> bool {
        self.conn.is_ready()
    }

    fn pending(&self) -> usize {
        self.conn.pending_output()
    }

    fn bytes_needed(&self, input: &BytesMut) -> usize {
        self.conn.bytes_needed(input)
    }

    fn encode(&mut self, msg: Msg, out: &mut Output) -> Result<(), Disconnect> {
        let more = msg.more();
        let starts_message = !self.out_more;
        self.out_more = more;
        // The engine encodes only after the handshake, so NotReady cannot
        // happen; were it to, dropping the frame is what a dead connection
        // does anyway.
        if self.sends_subscriptions && starts_message && !more {
            match msg.data().first() {
                Some(1) => {
                    let _ = self.conn.send_subscribe(msg.data().get(1..).unwrap_or(&[]));
                    return Ok(());
                }
                Some(0) => {
                    let _ = self.conn.send_cancel(msg.data().get(1..).unwrap_or(&[]));
                    return Ok(());
                }
                _ => {}
            }
        }
        if msg.size() >= ZERO_COPY_THRESHOLD && !self.conn.wraps_frames() {
            // The body goes out from the message's own buffer, after
            // everything queued before it, with its header kept beside it:
            // no copy, and no allocation (as a `Bytes` over it would need).
            if let Ok(header) = self.conn.frame_header(more, msg.size()) {
                self.poll_transmit(out);
                out.put_framed_body(header.as_slice(), msg);
            }
        } else {
            let _ = self.conn.send_frame_copy(more, msg.data());
        }
        Ok(())
    }

    fn handle_timeout(&mut self, now: Instant) {
        self.conn.handle_timeout(now);
    }

    fn poll_timeout(&self) -> Option<Instant> {
        self.conn.poll_timeout()
    }

    fn zap_outcome(&mut self, outcome: ZapOutcome) {
        let now = Instant::now();
        match outcome {
            ZapOutcome::Reply(r) => self.conn.handle_zap_reply(now, Ok(r)),
            ZapOutcome::Invalid(e) => self.conn.handle_zap_reply(now, Err(e)),
            ZapOutcome::NoHandler => self.conn.zap_unavailable(now),
        }
    }

    fn wants_input(&self) -> bool {
        !self.conn.awaiting_zap()
    }
}
