//! One ZMTP connection as a state machine: greeting, mechanism handshake,
//! then traffic (frames, subscriptions, heartbeats).
//!
//! A ZMTP 2.0 or 1.0 peer (libzmq 3.2 or 2.x) is served as libzmq 4.3's
//! `zmtp_engine` serves it: after the greeting each side sends an identity
//! frame in the peer's framing, there is no mechanism, no command and no
//! heartbeat, and subscriptions travel as `\x01topic`/`\x00topic` data
//! frames. The peer's identity frame completes the handshake.

use super::command::{self, Command};
use super::error::ProtocolError;
use super::frame::{
    Body, Decoder, Frame, FrameHeader, Framing, OutQueue, Transmit, FLAG_COMMAND, FLAG_MORE,
};
use super::frame_v1::V1Decoder;
use super::greeting::{self, GreetingEvent, GreetingReader};
use super::heartbeat::Heartbeat;
use super::mechanism::{self, Mechanism, MechanismConfig, OwnProperties, ZapRequest};
use super::metadata::{self, Properties};
use super::socket_type::SocketType;
use bytes::{Bytes, BytesMut};

#[path = "connection_security.rs"]
mod security;
use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

/// Per-connection settings, taken from the socket's options when the
/// engine is created. Build with `Config { socket_type, ..Config::default() }`
/// so that fields added later (mechanisms) do not break callers.
#[derive(Debug, Clone)]
pub struct Config {
    /// Our socket type (`Socket-Type`, compatibility check).
    pub socket_type: SocketType,
    /// ZMQ_ROUTING_ID; sent as `Identity` by REQ, DEALER and ROUTER.
    pub routing_id: Bytes,
    /// The security mechanism and its keys (from ZMQ_PLAIN_* / ZMQ_CURVE_*);
    /// None for one this library does not provide (GSSAPI): the handshake
    /// then fails rather than fall back to NULL.
    pub mechanism: Option<MechanismConfig>,
    /// ZMQ_ZAP_DOMAIN is set (NULL then asks ZAP too).
    pub zap_domain_set: bool,
    /// ZMQ_ZAP_ENFORCE_DOMAIN.
    pub zap_enforce_domain: bool,
    /// ZMQ_MAXMSGSIZE, per frame; negative = unlimited.
    pub max_msg_size: i64,
    /// ZMQ_HEARTBEAT_IVL in ms; 0 = no PINGs.
    pub heartbeat_ivl_ms: i32,
    /// ZMQ_HEARTBEAT_TTL in ms (sent in deciseconds); 0 = none.
    pub heartbeat_ttl_ms: i32,
    /// ZMQ_HEARTBEAT_TIMEOUT in ms; -1 = the interval.
    pub heartbeat_timeout_ms: i32,
    /// ZMQ_HANDSHAKE_IVL in ms; 0 = no limit. libzmq's default is 30000.
    pub handshake_ivl_ms: i32,
    /// ZMQ_METADATA properties, sent in READY after the standard ones.
    pub metadata: Vec<(String, Bytes)>,
    /// ZAP is in use (a ZMQ_ZAP_DOMAIN is set, or a mechanism other than
    /// NULL): ZMTP 1.0/2.0 peers cannot authenticate and are refused, as
    /// libzmq refuses them.
    pub zap_enabled: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            socket_type: SocketType::Pair,
            routing_id: Bytes::new(),
            mechanism: Some(MechanismConfig::Null),
            zap_domain_set: false,
            zap_enforce_domain: false,
            max_msg_size: -1,
            heartbeat_ivl_ms: 0,
            heartbeat_ttl_ms: 0,
            heartbeat_timeout_ms: -1,
            handshake_ivl_ms: 30_000,
            metadata: Vec::new(),
            zap_enabled: false,
        }
    }
}

/// The protocol version spoken with the peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Version {
    /// ZMTP 1.0 (RFC 13, libzmq 2.x), with or without a revision byte:
    /// identity frame, then 1.0 framing. A PUB/XPUB gets a subscription to
    /// everything from an unversioned peer (2.x subscribers filter locally
    /// and send none), as libzmq injects it.
    V1_0,
    /// ZMTP 2.0 (RFC 15, libzmq 3.x): socket type byte, identity frame,
    /// then 2.0 framing; subscriptions are data frames.
    V2_0,
    /// ZMTP 3.0: subscriptions travel as data frames `\x01topic`/`\x00topic`.
    V3_0,
    /// ZMTP 3.1 (or later): SUBSCRIBE/CANCEL commands, PING/PONG.
    V3_1,
}

/// What the connection has for the engine, in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The handshake completed. `properties` are the peer's READY properties
    /// in order, `Socket-Type` and `Identity` included. For a 1.0/2.0 peer
    /// they are made up as READY would carry them: `Socket-Type` from its
    /// greeting (when it sent a known one) and `Identity`, its identity
    /// frame (possibly empty), always.
    HandshakeComplete {
        properties: Properties,
        version: Version,
    },
    /// A data frame. A small `body` is a copy; a larger one shares the
    /// engine's read buffer.
    Frame { more: bool, body: Body },
    /// A ZMTP 3.1 SUBSCRIBE command with its topic; also, with an empty
    /// topic, the subscription libzmq makes up for a PUB/XPUB whose peer is
    /// an unversioned ZMTP 1.0 subscriber. (A 3.0/2.0 peer's
    /// subscriptions are data frames starting with 1/0; they arrive as
    /// `Frame`, which is how libzmq's XPUB reads them too; see
    /// [`super::command::legacy_subscription`].)
    Subscribe(Bytes),
    /// A ZMTP 3.1 CANCEL command with its topic.
    Cancel(Bytes),
    /// The handshake waits for the ZAP handler's answer to this request:
    /// give it with [`Connection::handle_zap_reply`] or
    /// [`Connection::zap_unavailable`]. Input is not consumed meanwhile.
    ZapRequest(ZapRequest),
    /// The connection failed; it is dead and the engine should drop it.
    Error(ProtocolError),
}

/// Returned by the `send_*` methods before the handshake completes or after
/// a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotReady;

impl fmt::Display for NotReady {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ZMTP connection is not ready for traffic")
    }
}

impl std::error::Error for NotReady {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Greeting,
    /// 3.x: the mechanism's handshake commands.
    Handshake,
    /// 1.0/2.0: awaiting the peer's identity frame.
    Identity,
    Ready,
    Failed,
}

/// The frame decoder for the peer's version.
#[derive(Debug)]
enum FrameDecoder {
    /// ZMTP 2.0 and 3.x.
    V2(Decoder),
    /// ZMTP 1.0.
    V1(V1Decoder),
}

impl FrameDecoder {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
        match self {
            FrameDecoder::V2(d) => d.decode(buf),
            FrameDecoder::V1(d) => d.decode(buf),
        }
    }

    #[inline(always)]
    fn decode_data(&mut self, buf: &mut BytesMut) -> Result<Option<(u8, Body)>, ProtocolError> {
        match self {
            FrameDecoder::V2(d) => d.decode_data(buf),
            // 1.0 peers are rare: their frames keep the shared path.
            FrameDecoder::V1(d) => Ok(d.decode(buf)?.map(|f| (f.flags, Body::Shared(f.body)))),
        }
    }

    fn bytes_needed(&self, buf: &BytesMut) -> usize {
        match self {
            FrameDecoder::V2(d) => d.bytes_needed(buf),
            FrameDecoder::V1(d) => d.bytes_needed(buf),
        }
    }
}

/// A sans-IO ZMTP connection (3.1 down to 1.0). See the module documentation.
#[derive(Debug)]
pub struct Connection {
    config: Config,
    state: State,
    greeting: GreetingReader,
    decoder: FrameDecoder,
    out: OutQueue,
    events: VecDeque<Event>,
    version: Option<Version>,
    peer_properties: Properties,
    handshake_deadline: Option<Instant>,
    heartbeat: Heartbeat,
    /// A 1.0/2.0 peer's greeting socket type byte (none when unversioned).
    legacy_socket_type: Option<u8>,
    /// Announce a subscription to everything once the identity is in.
    subscription_required: bool,
    /// The security mechanism (3.x peers); None if it could not be built.
    mechanism: Option<Box<dyn Mechanism>>,
    /// Why the mechanism could not be built.
    mechanism_error: Option<ProtocolError>,
    /// A ZAP request is out: input waits.
    zap_pending: bool,
    /// The status of the ZAP reply, once one came.
    zap_status: Option<u16>,
    /// After the handshake, frames are boxed by the mechanism (CURVE).
    wrap: bool,
    /// Room to join a command's prefix and data before boxing it.
    scratch: BytesMut,
}

impl Connection {
    /// A connection that has just been established at `now`. Our signature
    /// is queued at once: poll_transmit and write it immediately.
    pub fn new(config: Config, now: Instant) -> Connection {
        let mut out = OutQueue::default();
        out.push_raw(&greeting::signature(config.routing_id.len()));
        let handshake_deadline = u64::try_from(config.handshake_ivl_ms)
            .ok()
            .filter(|&ms| ms > 0)
            .map(|ms| now + Duration::from_millis(ms));
        let own = OwnProperties {
            socket_type: config.socket_type,
            routing_id: config.routing_id.clone(),
            metadata: config.metadata.clone(),
            zap_domain_set: config.zap_domain_set,
            zap_enforce_domain: config.zap_enforce_domain,
        };
        let built = match &config.mechanism {
            Some(m) => mechanism::build(m, &own),
            None => Err(ProtocolError::MechanismMismatch { peer: [0; 20] }),
        };
        let (mechanism, mechanism_error) = match built {
            Ok(m) => (Some(m), None),
            Err(e) => (None, Some(e)),
        };
        Connection {
            decoder: FrameDecoder::V2(Decoder::new(config.max_msg_size)),
            heartbeat: Heartbeat::new(
                config.heartbeat_ivl_ms,
                config.heartbeat_ttl_ms,
                config.heartbeat_timeout_ms,
            ),
            config,
            state: State::Greeting,
            greeting: GreetingReader::default(),
            out,
            events: VecDeque::new(),
            version: None,
            peer_properties: Vec::new(),
            handshake_deadline,
            legacy_socket_type: None,
            subscription_required: false,
            mechanism,
            mechanism_error,
            zap_pending: false,
            zap_status: None,
            wrap: false,
            scratch: BytesMut::new(),
        }
    }

    /// Consumes what it can from the engine's read buffer: the greeting,
    /// handshake commands, then every complete frame, queueing events (and
    /// any reply, e.g. PONG, for `poll_transmit`). An incomplete frame is
    /// left in `buf` for the next call. After a failure input is ignored.
    pub fn handle_input(&mut self, now: Instant, buf: &mut BytesMut) {
        loop {
            match self.step_input(now, buf) {
                Ok(()) => {}
                Err(None) => return,
                Err(Some(e)) => {
                    self.fail(e);
                    return;
                }
            }
        }
    }

    /// One unit of progress. `Err(None)`: nothing more to do now.
    fn step_input(
        &mut self,
        now: Instant,
        buf: &mut BytesMut,
    ) -> Result<(), Option<ProtocolError>> {
        match self.state {
            State::Failed => Err(None),
            State::Greeting => match self.greeting.read(buf)? {
                None => Err(None),
                Some(GreetingEvent::Signature) => {
                    self.out.push_raw(&[greeting::ZMTP_3]);
                    Ok(())
                }
                Some(GreetingEvent::Revision(major)) => {
                    if major <= greeting::ZMTP_2_0 {
                        // The byte libzmq sends is its ZMQ_* type number,
                        // which RFC 15 numbers alike (0..=8; 3.x sent its
                        // XPUB/XSUB numbers too).
                        self.out.push_raw(&[self.config.socket_type.raw() as u8]);
                    } else {
                        let (name, as_server) = self
                            .mechanism
                            .as_ref()
                            .map_or((&b"NULL"[..], false), |m| (m.name(), m.as_server()));
                        self.out.push_raw(&greeting::v3_tail(name, as_server));
                    }
                    Ok(())
                }
                Some(GreetingEvent::Unversioned) => {
                    if self.config.zap_enabled {
                        return Err(Some(ProtocolError::Unversioned));
                    }
                    // Our signature was the header of our identity frame;
                    // its body follows.
                    let routing_id = self.config.routing_id.clone();
                    self.out.push_raw(&routing_id);
                    self.subscription_required =
                        matches!(self.config.socket_type, SocketType::Pub | SocketType::XPub);
                    self.downgrade(Version::V1_0);
                    Ok(())
                }
                Some(GreetingEvent::Legacy {
                    revision,
                    socket_type,
                }) => {
                    if self.config.zap_enabled {
                        return Err(Some(ProtocolError::UnsupportedVersion { major: revision }));
                    }
                    // libzmq 4.3 does not check a 1.0/2.0 peer's socket type
                    // against ours (nor did 3.2, despite RFC 15's SHOULD);
                    // it is reported as Socket-Type.
                    self.legacy_socket_type = Some(socket_type);
                    self.downgrade(if revision == greeting::ZMTP_1_0 {
                        Version::V1_0
                    } else {
                        Version::V2_0
                    });
                    let routing_id = self.config.routing_id.clone();
                    self.out.push_copy(false, false, &routing_id);
                    Ok(())
                }
                Some(GreetingEvent::Complete(peer)) => {
                    let mismatch = ProtocolError::MechanismMismatch {
                        peer: peer.mechanism,
                    };
                    if let Some(e) = self.mechanism_error.take() {
                        return Err(Some(e));
                    }
                    let ours = self.mechanism.as_ref().map(|m| m.name());
                    if ours.map(greeting::mechanism_field) != Some(peer.mechanism) {
                        return Err(Some(mismatch));
                    }
                    // libzmq: major 3 minor 0 is 3.0; anything newer talks 3.1.
                    self.version = Some(if peer.major == greeting::ZMTP_3 && peer.minor == 0 {
                        Version::V3_0
                    } else {
                        Version::V3_1
                    });
                    self.state = State::Handshake;
                    self.pump_mechanism(now)?;
                    Ok(())
                }
            },
            State::Handshake => {
                if self.zap_pending {
                    return Err(None);
                }
                let Some(frame) = self.decoder.decode(buf)? else {
                    return Err(None);
                };
                if !frame.is_command() {
                    return Err(Some(ProtocolError::UnexpectedCommand));
                }
                if let Some(m) = self.mechanism.as_mut() {
                    m.process_handshake_command(&frame.body)?;
                }
                self.pump_mechanism(now)?;
                Ok(())
            }
            State::Identity => {
                let Some(frame) = self.decoder.decode(buf)? else {
                    return Err(None);
                };
                let mut props = Properties::new();
                if let Some(t) = self
                    .legacy_socket_type
                    .and_then(|t| SocketType::from_raw(i32::from(t)))
                {
                    props.push((
                        metadata::SOCKET_TYPE.into(),
                        Bytes::from_static(t.name().as_bytes()),
                    ));
                }
                props.push((metadata::IDENTITY.into(), frame.body));
                self.state = State::Ready;
                self.handshake_deadline = None;
                self.peer_properties = props.clone();
                self.events.push_back(Event::HandshakeComplete {
                    properties: props,
                    version: self.version.unwrap_or(Version::V1_0),
                });
                if self.subscription_required {
                    self.events.push_back(Event::Subscribe(Bytes::new()));
                }
                Ok(())
            }
            State::Ready => {
                if self.wrap {
                    return self.step_wrapped(now, buf);
                }
                let Some((flags, body)) = self.decoder.decode_data(buf)? else {
                    return Err(None);
                };
                self.heartbeat.on_frame();
                if flags & FLAG_COMMAND != 0 {
                    // A 2.0 peer has no commands: libzmq's session drops
                    // command frames it cannot route. Command bodies are
                    // never copied inline, so they are always shared.
                    if let (false, Body::Shared(body)) = (self.is_legacy(), &body) {
                        self.process_command(now, body);
                    }
                } else {
                    self.events.push_back(Event::Frame {
                        more: flags & FLAG_MORE != 0,
                        body,
                    });
                }
                Ok(())
            }
        }
    }

    /// Commands after the handshake. Like libzmq, unknown or malformed ones
    /// are dropped rather than fatal.
    fn process_command(&mut self, now: Instant, body: &Bytes) {
        let Some(cmd) = Command::parse(body) else {
            return;
        };
        if cmd.is(command::SUBSCRIBE) {
            self.events.push_back(Event::Subscribe(cmd.data));
        } else if cmd.is(command::CANCEL) {
            self.events.push_back(Event::Cancel(cmd.data));
        } else if cmd.is(command::PING) {
            let Some(ttl) = cmd.data.get(..2) else {
                return;
            };
            self.heartbeat
                .on_ping(now, u16::from_be_bytes([ttl[0], ttl[1]]));
            let end = cmd.data.len().min(2 + command::MAX_PING_CONTEXT);
            let context = cmd.data.get(2..end).unwrap_or(&[]);
            self.push_frame(false, true, command::PONG_PREFIX, context);
        }
        // PONG: its arrival already reset the heartbeat deadlines.
    }

    /// Switches to a 1.0/2.0 peer's framing after its greeting. There is no
    /// mechanism and no heartbeat (libzmq has neither for these peers).
    fn downgrade(&mut self, version: Version) {
        self.version = Some(version);
        if version == Version::V1_0 {
            self.decoder = FrameDecoder::V1(V1Decoder::new(self.config.max_msg_size));
            self.out.set_framing(Framing::V1);
        }
        self.heartbeat = Heartbeat::default();
        self.state = State::Identity;
    }

    fn is_legacy(&self) -> bool {
        matches!(self.version, Some(Version::V1_0 | Version::V2_0))
    }

    fn fail(&mut self, e: ProtocolError) {
        if self.state != State::Failed {
            self.state = State::Failed;
            self.handshake_deadline = None;
            self.heartbeat = Heartbeat::default();
            self.events.push_back(Event::Error(e));
        }
    }

    /// The next event, in wire order.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The next bytes to write. Small frames come batched in `head`; a large
    /// body comes as `body`, shared with the sender (writev both).
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.out.poll()
    }

    /// Bytes queued for `poll_transmit`. An engine can stop pulling messages
    /// from its pipe once this passes its batch size.
    pub fn pending_output(&self) -> usize {
        self.out.len()
    }

    /// Fires due timers: handshake timeout, heartbeat PING, heartbeat
    /// timeout and the peer's TTL. Failures surface as `Event::Error`.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.state == State::Failed {
            return;
        }
        if self.handshake_deadline.is_some_and(|d| now >= d) {
            self.fail(ProtocolError::HandshakeTimeout);
            return;
        }
        if self.state == State::Ready {
            match self.heartbeat.handle_timeout(now) {
                Err(e) => self.fail(e),
                Ok(true) => {
                    let ttl = self.heartbeat.ttl_deciseconds().to_be_bytes();
                    self.push_frame(false, true, command::PING_PREFIX, &ttl);
                }
                Ok(false) => {}
            }
        }
    }

    /// When `handle_timeout` next needs to run.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            State::Failed => None,
            State::Ready => self.heartbeat.poll_timeout(),
            State::Greeting | State::Handshake | State::Identity => self.handshake_deadline,
        }
    }

    /// Queues one data frame. Bodies of [`super::frame::ZERO_COPY_THRESHOLD`]
    /// bytes or more are sent from `body` itself, not copied.
    pub fn send_frame(&mut self, more: bool, body: Bytes) -> Result<(), NotReady> {
        self.check_ready()?;
        if self.wrap {
            self.push_frame(more, false, &[], &body);
            return Ok(());
        }
        self.out.push_shared(more, false, body);
        Ok(())
    }

    /// The header of one data frame whose `len`-byte body the caller
    /// sends itself, header first, right after everything `poll_transmit`
    /// has handed out up to then (so it must drain `poll_transmit` first).
    /// The engine sends large bodies this way, from the message's own
    /// buffer.
    /// Not available when frames are boxed ([`Connection::wraps_frames`]).
    pub fn frame_header(&self, more: bool, len: usize) -> Result<FrameHeader, NotReady> {
        self.check_ready()?;
        if self.wrap {
            return Err(NotReady);
        }
        Ok(self.out.header(more, len))
    }

    /// Queues one data frame, copying `body` into the output batch (for
    /// small inline messages that have no `Bytes`).
    pub fn send_frame_copy(&mut self, more: bool, body: &[u8]) -> Result<(), NotReady> {
        self.check_ready()?;
        if self.wrap {
            self.push_frame(more, false, &[], body);
            return Ok(());
        }
        self.out.push_copy(more, false, body);
        Ok(())
    }

    /// Queues a subscription in the form the peer's version expects:
    /// a SUBSCRIBE command (3.1) or a data frame `\x01topic` (3.0, 2.0 and
    /// 1.0, as libzmq's v2/v1 encoders write it).
    pub fn send_subscribe(&mut self, topic: &[u8]) -> Result<(), NotReady> {
        self.send_subscription(true, topic)
    }

    /// Queues a cancellation: CANCEL (3.1) or `\x00topic` (3.0 and older).
    pub fn send_cancel(&mut self, topic: &[u8]) -> Result<(), NotReady> {
        self.send_subscription(false, topic)
    }

    fn send_subscription(&mut self, subscribe: bool, topic: &[u8]) -> Result<(), NotReady> {
        self.check_ready()?;
        let as_data = matches!(
            self.version,
            Some(Version::V1_0 | Version::V2_0 | Version::V3_0)
        );
        match (as_data, subscribe) {
            (true, true) => self.push_frame(false, false, &[1], topic),
            (true, false) => self.push_frame(false, false, &[0], topic),
            (_, true) => self.push_frame(false, true, command::SUBSCRIBE_PREFIX, topic),
            (_, false) => self.push_frame(false, true, command::CANCEL_PREFIX, topic),
        }
        Ok(())
    }

    fn check_ready(&self) -> Result<(), NotReady> {
        if self.state == State::Ready {
            Ok(())
        } else {
            Err(NotReady)
        }
    }

    /// Frames are boxed by the mechanism (CURVE): bodies are copied into
    /// their boxes, never sent by reference.
    pub fn wraps_frames(&self) -> bool {
        self.wrap
    }

    /// Handshake complete and not failed: traffic may flow.
    pub fn is_ready(&self) -> bool {
        self.state == State::Ready
    }

    /// A failure was reported; the connection is dead.
    pub fn is_failed(&self) -> bool {
        self.state == State::Failed
    }

    /// The version negotiated with the peer, once its greeting is in.
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    /// The peer's READY properties (empty until the handshake completes;
    /// made up from the greeting and identity frame for a 1.0/2.0 peer).
    pub fn peer_properties(&self) -> &[(String, Bytes)] {
        &self.peer_properties
    }

    /// The peer's `Identity` property, if it sent one.
    pub fn peer_routing_id(&self) -> Option<&Bytes> {
        metadata::get(&self.peer_properties, metadata::IDENTITY)
    }

    /// The peer's `Socket-Type`, if it sent a known one.
    pub fn peer_socket_type(&self) -> Option<SocketType> {
        metadata::get(&self.peer_properties, metadata::SOCKET_TYPE)
            .and_then(|v| SocketType::from_name(v))
    }

    /// How many more input bytes the decoder needs to make progress (1 or
    /// more during the greeting). A hint for read sizing only.
    pub fn bytes_needed(&self, buf: &BytesMut) -> usize {
        match self.state {
            State::Greeting => 1,
            State::Failed => 0,
            State::Handshake if self.zap_pending => 0,
            State::Handshake | State::Identity | State::Ready => self.decoder.bytes_needed(buf),
        }
    }
}
