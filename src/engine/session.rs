//! A session (libzmq's `session_base_t` with its connecter folded in): the
//! I/O-thread object that owns the pipe end toward one socket for one
//! endpoint, and the engine of the current connection.
//!
//! - A connecting session (`zmq_connect`) outlives its connections: it
//!   connects, runs an engine until the connection ends, then reconnects
//!   after ZMQ_RECONNECT_IVL (doubling up to ZMQ_RECONNECT_IVL_MAX). Unless
//!   ZMQ_IMMEDIATE is set, its pipe exists from the start, so messages queue
//!   (up to the HWM) while disconnected, as in libzmq.
//! - An accepted session (from a listener) has one connection; its pipe is
//!   attached to the socket once the handshake names the peer, and both go
//!   when the connection ends.
//! - When the socket closes its pipe end (or unbinds/disconnects), the
//!   session lingers: it sends what is left in the pipe for up to
//!   ZMQ_LINGER, holding the context's linger guard so `zmq_ctx_term` waits.
//!
//! The session owns its end of the pipe (`crate::pipe::Pipe`, owned by the
//! I/O thread's mailbox); new pipes toward the socket are made through
//! `SocketLink`, so this file knows nothing of the socket's internals.

use std::os::unix::io::{AsRawFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;

use super::events::{self, Reporter};
use super::raw_engine;
use super::stream_engine::{Disconnect, EngineHost, PeerInfo, Protocol, Status, StreamEngine};
use super::ws_protocol::WsProtocol;
use super::zap_client::{PendingRequest, ZapClient};
use crate::error::{Error, Result};
use crate::io::io_thread::{IoCx, IoObject};
use crate::io::reactor::{Interest, Ready, TimerId};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::{Pipe, PipeCmd, PipeCommand, PipeEvent, Read};
use crate::socket::pattern::{PipeId, PipeInfo};
use crate::transport::endpoint::{IpcAddress, TcpAddress};
use crate::transport::tcp::{ConnectState, SocksHandshake};
use crate::transport::{ipc, listener, tcp};

/// Reconnect interval bounds while connects fail for want of fds or memory
/// (milliseconds): at least the first, doubling up to the second (or
/// ZMQ_RECONNECT_IVL_MAX when larger).
const SHORTAGE_BACKOFF_MIN_MS: i32 = 10;
const SHORTAGE_BACKOFF_MAX_MS: i32 = 1000;
use crate::transport::ws::address::WsAddress;

/// How a session makes a pipe to its socket.
pub trait SocketLink: Send + Sync {
    /// Creates a pipe pair, hands one end to the socket (an Attach command
    /// with `info`) and returns the other. Fails e.g. when the socket is
    /// closing.
    /// The returned end must already name the session's I/O thread mailbox
    /// as its owner.
    fn attach(&self, info: PipeInfo) -> Result<Pipe>;
    /// A pipe to the context's ZAP handler (`inproc://zeromq.zap.01`),
    /// owned by the session's I/O thread; None when no handler is bound.
    fn zap_connect(&self) -> Option<Pipe> {
        None
    }
}

/// Where a connecting session connects to.
#[derive(Debug, Clone)]
pub enum Target {
    /// The address part of a `tcp://` endpoint, resolved at each attempt
    /// (DNS may change, as in libzmq).
    Tcp(String),
    Ipc(IpcAddress),
    /// A `ws://` endpoint: tcp to its host and port, then the upgrade.
    Ws(WsAddress),
}

/// Something held while a session may still deliver messages (the
/// context's linger guard: `zmq_ctx_term` waits until it is dropped).
pub type Guard = Box<dyn std::any::Any + Send>;

/// Makes a `Guard`.
pub type GuardFactory = Arc<dyn Fn() -> Guard + Send + Sync>;

/// The socket option values a session needs, and its context's hooks.
pub struct SessionConfig {
    pub options: Options,
    /// ZMQ_IPV6 of the socket.
    pub ipv6: bool,
    pub linger_guard: Option<GuardFactory>,
    /// Monitor events and the endpoint they name.
    pub events: Reporter,
}

impl SessionConfig {
    fn guard(&self) -> Option<Guard> {
        self.linger_guard.as_ref().map(|f| f())
    }
}

#[derive(Default)]
struct PipeSide {
    pipe: Option<Pipe>,
    /// The pipe's id, as routed to this object.
    routed: Option<PipeId>,
    /// The peer's end closed: no new pipes, finish once flushed.
    closed_by_socket: bool,
    /// A frame with MORE was written to the socket and its message is not
    /// complete yet.
    incomplete_in: bool,
    /// A frame with MORE was read from the socket; the rest of its message
    /// is still in the pipe.
    incomplete_out: bool,
    /// ZMQ_CONNECT_ROUTING_ID for the pipe, when set.
    connect_routing_id: Option<Vec<u8>>,
    locally_initiated: bool,
    /// SUB/XSUB re-attach on reconnect so the socket resends subscriptions
    /// (libzmq's pipe hiccup).
    resubscribe: bool,
    /// A connection has been up before (the pipe may need a hiccup).
    was_connected: bool,
    link: Option<Arc<dyn SocketLink>>,
    /// The last pipe read returned nothing.
    drained: bool,
    events: Reporter,
    /// ZMQ_STREAM: no ZMTP handshake, so libzmq reports none.
    raw: bool,
    /// A ZAP request the engine raised, for the session to send.
    zap_request: Option<PendingRequest>,
    /// The socket waits for the peer's routing id as the first message on
    /// the pipe made at connect (`PipeInfo::routing_id_in_band`); cleared
    /// once sent.
    routing_id_in_band: bool,
}

impl PipeSide {
    fn peer_info(&self, peer: &PeerInfo) -> PipeInfo {
        PipeInfo {
            peer_routing_id: peer.routing_id.clone(),
            connect_routing_id: self.connect_routing_id.clone(),
            locally_initiated: self.locally_initiated,
            routing_id_in_band: false,
        }
    }
}

impl EngineHost for PipeSide {
    fn ready(&mut self, peer: PeerInfo) -> std::result::Result<(), Disconnect> {
        if !self.raw {
            self.events.emit(events::HANDSHAKE_SUCCEEDED, 0);
        }
        let hiccup = self.resubscribe && self.was_connected;
        self.was_connected = true;
        if self.closed_by_socket {
            return Ok(());
        }
        if let Some(pipe) = self.pipe.as_mut().filter(|_| !hiccup) {
            if std::mem::take(&mut self.routing_id_in_band) {
                // The pipe is new and nothing was pushed yet: it has room.
                let _ = pipe.write(Msg::from_slice(&peer.routing_id));
                pipe.flush();
            }
            return Ok(());
        }
        if let Some(mut old) = self.pipe.take() {
            old.terminate();
        }
        let link = self.link.as_ref().ok_or(Disconnect::Io(Error::Term))?;
        let pipe = link.attach(self.peer_info(&peer)).map_err(Disconnect::Io)?;
        self.pipe = Some(pipe);
        self.drained = false;
        Ok(())
    }

    fn push(&mut self, msg: Msg) -> std::result::Result<(), Msg> {
        let Some(pipe) = self.pipe.as_mut() else {
            // The socket is gone: what the peer sends has nowhere to go.
            return Ok(());
        };
        let more = msg.more();
        pipe.write(msg)?;
        self.incomplete_in = more;
        Ok(())
    }

    fn flush(&mut self) {
        if let Some(pipe) = self.pipe.as_mut() {
            pipe.flush();
        }
    }

    fn zap_request(&mut self, req: PendingRequest) {
        self.zap_request = Some(req);
    }

    fn pull(&mut self) -> Option<Msg> {
        match self.pipe.as_mut()?.read() {
            Read::Msg(m) => {
                self.incomplete_out = m.more();
                Some(m)
            }
            Read::Empty => {
                self.drained = true;
                None
            }
            // The socket closed the pipe and everything before its end was
            // read; the session drops the pipe after this engine call.
            Read::Delimiter => {
                self.drained = true;
                self.closed_by_socket = true;
                None
            }
        }
    }
}

/// A cheap pseudo-random number (reconnect jitter needs no quality):
/// xorshift over a per-thread state seeded from the clock.
fn jitter_source() -> u64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0x9e37_79b9_7f4a_7c15, |d| d.as_nanos() as u64)
                | 1,
        );
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        x
    })
}

/// One session object on an I/O thread.
pub struct Session {
    config: SessionConfig,
    side: PipeSide,
    engine: Option<StreamEngine>,
    /// Some for a connecting session.
    target: Option<Target>,
    /// A connect in progress.
    connecting: Option<OwnedFd>,
    /// ZMQ_SOCKS_PROXY: the negotiation with the proxy, between the tcp
    /// connect and the engine.
    socks: Option<SocksHandshake>,
    reconnect_ivl: i32,
    reconnect_timer: Option<TimerId>,
    /// ZMQ_CONNECT_TIMEOUT of the connect in progress.
    connect_timer: Option<TimerId>,
    proto_timer: Option<TimerId>,
    linger_timer: Option<TimerId>,
    terminating: bool,
    guard: Option<Guard>,
    /// Why the last connection ended (for a monitor).
    last_disconnect: Option<Disconnect>,
    /// The interest the engine's fd is registered with.
    interest: Option<Interest>,
    /// The pipe is attached when a handshake completes, not at connect.
    attach_on_handshake: bool,
    zap: ZapClient,
}

impl Session {
    /// A session that connects to `target`. `pipe` is the pipe created at
    /// `zmq_connect` time (None with ZMQ_IMMEDIATE: it is attached after the
    /// handshake instead).
    pub fn connecting(
        config: SessionConfig,
        target: Target,
        link: Arc<dyn SocketLink>,
        pipe: Option<Pipe>,
        connect_routing_id: Option<Vec<u8>>,
    ) -> Session {
        let resubscribe = matches!(config.options.socket_type, 2 | 10);
        let guard = pipe.as_ref().and_then(|_| config.guard());
        let attach_on_handshake = pipe.is_none();
        Session {
            reconnect_ivl: config.options.reconnect_ivl,
            side: PipeSide {
                pipe,
                connect_routing_id,
                locally_initiated: true,
                routing_id_in_band: false,
                resubscribe,
                link: Some(link),
                events: config.events.clone(),
                raw: raw_engine::is_raw(&config.options),
                ..PipeSide::default()
            },
            config,
            engine: None,
            target: Some(target),
            connecting: None,
            socks: None,
            reconnect_timer: None,
            connect_timer: None,
            proto_timer: None,
            linger_timer: None,
            terminating: false,
            guard,
            last_disconnect: None,
            interest: None,
            attach_on_handshake,
            zap: ZapClient::default(),
        }
    }

    /// The socket's pipe (made at connect) waits for the peer's routing id
    /// as its first message: a ROUTER's, see `PipeInfo::routing_id_in_band`.
    pub fn routing_id_in_band(mut self, in_band: bool) -> Session {
        self.side.routing_id_in_band = in_band && self.side.pipe.is_some();
        self
    }

    /// A session for an accepted connection `fd` (already tuned).
    pub fn accepted(config: SessionConfig, fd: OwnedFd, link: Arc<dyn SocketLink>) -> Session {
        let proto = raw_engine::protocol_for(&config.options);
        Session::accepted_with(config, fd, link, proto)
    }

    /// [`Session::accepted`] running `proto` (a transport's own framing).
    pub fn accepted_with(
        config: SessionConfig,
        fd: OwnedFd,
        link: Arc<dyn SocketLink>,
        proto: Box<dyn Protocol>,
    ) -> Session {
        let engine = StreamEngine::new(fd, proto);
        Session {
            reconnect_ivl: config.options.reconnect_ivl,
            side: PipeSide {
                link: Some(link),
                events: config.events.clone(),
                raw: raw_engine::is_raw(&config.options),
                ..PipeSide::default()
            },
            config,
            engine: Some(engine),
            target: None,
            connecting: None,
            socks: None,
            reconnect_timer: None,
            connect_timer: None,
            proto_timer: None,
            linger_timer: None,
            terminating: false,
            guard: None,
            last_disconnect: None,
            interest: None,
            attach_on_handshake: true,
            zap: ZapClient::default(),
        }
    }

    /// Why the last connection ended.
    pub fn last_disconnect(&self) -> Option<&Disconnect> {
        self.last_disconnect.as_ref()
    }

    /// Whether an engine is connected and past its handshake.
    pub fn is_connected(&self) -> bool {
        self.engine.as_ref().is_some_and(|e| e.is_ready())
    }

    fn sync_route(&mut self, cx: &mut IoCx<'_>) {
        // Once the socket has a pipe from this session, what it wrote may be
        // in the engine's output only: the pipe can be attached, filled,
        // closed by the socket and read to its delimiter within one engine
        // call (e.g. the handshake finishing on a ZAP outcome), and then is
        // never routed. zmq_ctx_term must wait for that output all the same.
        if self.side.pipe.is_some() && self.guard.is_none() {
            self.guard = self.config.guard();
        }
        if self.side.pipe.as_ref().is_some_and(|p| p.is_terminated()) {
            // Read up to the socket's delimiter: nothing more will come.
            self.side.pipe = None;
        }
        let now = self.side.pipe.as_ref().map(|p| p.id());
        if now != self.side.routed {
            if let Some(old) = self.side.routed.take() {
                cx.unroute_pipe(old);
            }
            if let Some(id) = now {
                cx.route_pipe(id);
            }
            self.side.routed = now;
        }
    }

    fn start_engine(&mut self, cx: &mut IoCx<'_>, fd: OwnedFd) {
        let proto: Box<dyn Protocol> = match &self.target {
            Some(Target::Ws(a)) => {
                Box::new(WsProtocol::client(&self.config.options, &a.host, &a.path))
            }
            _ => raw_engine::protocol_for(&self.config.options),
        };
        let mut engine = StreamEngine::new(fd, proto);
        if let Err(e) = cx.register(engine.fd(), Interest::READ) {
            self.engine_closed(cx, Disconnect::Io(e));
            return;
        }
        self.interest = Some(Interest::READ);
        let status = engine.start(&mut self.side);
        self.engine = Some(engine);
        self.after_engine(cx, status);
    }

    /// Applies an engine call's outcome: interest, protocol timer, routes,
    /// termination progress.
    fn after_engine(&mut self, cx: &mut IoCx<'_>, mut status: Status) {
        if let (Status::Running(_), Some(req)) = (&status, self.side.zap_request.take()) {
            let link = self.side.link.as_deref();
            // No handler (or an immediate reply): the handshake goes on
            // now, and may attach the pipe routed just below.
            if let Some(outcome) = self.zap.send(link, &self.config.options, &req) {
                if let Some(engine) = self.engine.as_mut() {
                    status = engine.zap_outcome(outcome, &mut self.side);
                }
            }
        }
        self.sync_route(cx);
        self.zap.sync_route(cx);
        match status {
            Status::Closed(d) => self.engine_closed(cx, d),
            Status::Running(interest) => {
                let Some(engine) = self.engine.as_ref() else {
                    return;
                };
                // epoll_ctl only on a change of interest.
                if self.interest != Some(interest) {
                    let _ = cx.reregister(engine.fd(), interest);
                    self.interest = Some(interest);
                }
                let want = engine.poll_timeout();
                if self.proto_timer.map(|t| t.deadline()) != want {
                    if let Some(t) = self.proto_timer.take() {
                        cx.cancel_timer(t);
                    }
                    if let Some(deadline) = want {
                        self.proto_timer = Some(cx.add_timer_at(deadline));
                    }
                }
                if self.side.closed_by_socket {
                    self.start_linger(cx);
                }
                if self.terminating {
                    self.linger_progress(cx);
                }
            }
        }
    }

    fn engine_closed(&mut self, cx: &mut IoCx<'_>, reason: Disconnect) {
        let was_ready = self.engine.as_ref().is_some_and(|e| e.is_ready());
        if let Some(engine) = self.engine.take() {
            let _ = cx.deregister(engine.fd());
            let ev = &self.config.events;
            // A raw connection has no mechanism: libzmq reports every end
            // of one as a handshake failure, then DISCONNECTED.
            if !engine.is_ready() || self.side.raw {
                match &reason {
                    Disconnect::Protocol(e) if e.auth_status().is_some() => ev.emit(
                        events::HANDSHAKE_FAILED_AUTH,
                        u64::from(e.auth_status().unwrap_or(0)),
                    ),
                    // libzmq raises no handshake event for a peer of an
                    // incompatible socket type, only DISCONNECTED.
                    Disconnect::Protocol(crate::zmtp::ProtocolError::IncompatibleSocketType {
                        ..
                    }) => {}
                    Disconnect::Protocol(e) if e.is_handshake_protocol_failure() => {
                        ev.emit(events::HANDSHAKE_FAILED_PROTOCOL, e.code() as u64)
                    }
                    Disconnect::Protocol(e) => {
                        ev.emit(events::HANDSHAKE_FAILED_NO_DETAIL, e.errno() as u64)
                    }
                    Disconnect::Io(e) => {
                        ev.emit(events::HANDSHAKE_FAILED_NO_DETAIL, e.errno() as u64)
                    }
                    // libzmq's read turns an orderly end of stream into
                    // EPIPE (a reset comes as Io(ECONNRESET)).
                    Disconnect::Closed => {
                        ev.emit(events::HANDSHAKE_FAILED_NO_DETAIL, libc::EPIPE as u64)
                    }
                }
            }
            ev.emit(events::DISCONNECTED, engine.fd() as u64);
        }
        if let Some(t) = self.proto_timer.take() {
            cx.cancel_timer(t);
        }
        self.last_disconnect = Some(reason);
        self.side.zap_request = None;
        self.zap.forget();
        self.clean_pipe();
        if was_ready && raw_engine::is_raw(&self.config.options) {
            raw_engine::notify_disconnect(&mut self.side);
        }
        // A pipe made at zmq_connect outlives connections; one attached at
        // the handshake (ZMQ_IMMEDIATE, ROUTER) goes with its connection.
        let keep = self.target.is_some() && !self.attach_on_handshake;
        if !keep {
            if let Some(mut pipe) = self.side.pipe.take() {
                pipe.terminate();
            }
            self.sync_route(cx);
        }
        if self.target.is_none() || (self.terminating && self.side.pipe.is_none()) {
            self.finish(cx);
            return;
        }
        if self.config.options.reconnect_ivl < 0 {
            // ZMQ_RECONNECT_IVL -1 after a connection ended: as libzmq's
            // session, which asks its socket to drop the endpoint, the pipe
            // goes too. What was queued for this peer can never be sent, so
            // it must not hold zmq_ctx_term per ZMQ_LINGER, and a PAIR is
            // free to take the pipe of a new zmq_connect.
            self.finish(cx);
            return;
        }
        // A connecting session that lingers keeps trying to deliver.
        self.schedule_reconnect(cx);
    }

    /// Drops half-delivered messages so the next connection starts on a
    /// message boundary (libzmq's `clean_pipes`).
    fn clean_pipe(&mut self) {
        let side = &mut self.side;
        if let Some(pipe) = side.pipe.as_mut() {
            if side.incomplete_in {
                pipe.rollback();
                pipe.flush();
            }
            while side.incomplete_out {
                match pipe.read() {
                    Read::Msg(m) => side.incomplete_out = m.more(),
                    _ => side.incomplete_out = false,
                }
            }
        }
        side.incomplete_in = false;
        side.incomplete_out = false;
    }

    fn schedule_reconnect(&mut self, cx: &mut IoCx<'_>) {
        let ivl = self.config.options.reconnect_ivl;
        if ivl < 0 {
            // ZMQ_RECONNECT_IVL -1: never reconnect. A connect that failed
            // keeps its pipe, as libzmq's connecter (which just stops).
            if self.side.pipe.is_none() {
                self.finish(cx);
            }
            return;
        }
        let now = self.reconnect_ivl.max(0);
        // As libzmq, a random extra of up to one base interval keeps many
        // peers of a restarted server from reconnecting in lockstep.
        let jitter = if ivl > 0 {
            jitter_source() % ivl as u64
        } else {
            0
        };
        let wait = now as u64 + jitter;
        self.reconnect_timer = Some(cx.add_timer(Duration::from_millis(wait)));
        self.config.events.emit(events::CONNECT_RETRIED, wait);
        let max = self.config.options.reconnect_ivl_max;
        if max > ivl {
            self.reconnect_ivl = now.saturating_mul(2).min(max);
        }
    }

    fn start_connect(&mut self, cx: &mut IoCx<'_>) {
        let Some(target) = self.target.clone() else {
            return;
        };
        let options = &self.config.options;
        let attempt = match &target {
            Target::Tcp(address) => {
                // Through a SOCKS proxy the tcp connect goes to the proxy;
                // the endpoint's host is resolved by the proxy.
                let via = if options.socks_proxy.is_empty() {
                    Ok(address.as_str())
                } else {
                    std::str::from_utf8(&options.socks_proxy).map_err(|_| Error::Inval)
                };
                via.and_then(|a| TcpAddress::resolve_connect(a, self.config.ipv6))
                    .and_then(|a| tcp::connect(&a, options))
            }
            Target::Ipc(address) => ipc::connect(address),
            Target::Ws(address) => TcpAddress::resolve_connect(&address.tcp, self.config.ipv6)
                .and_then(|a| tcp::connect(&a, options)),
        };
        match attempt {
            Ok((fd, ConnectState::Connected)) => self.connected(cx, fd),
            Ok((fd, ConnectState::InProgress)) => {
                if let Err(e) = cx.register(fd.as_raw_fd(), Interest::WRITE) {
                    self.last_disconnect = Some(Disconnect::Io(e));
                    self.schedule_reconnect(cx);
                    return;
                }
                self.config
                    .events
                    .emit(events::CONNECT_DELAYED, libc::EINPROGRESS as u64);
                self.connecting = Some(fd);
                let timeout = self.config.options.connect_timeout;
                if timeout > 0 {
                    self.connect_timer = Some(cx.add_timer(Duration::from_millis(timeout as u64)));
                }
            }
            Err(e) => {
                self.last_disconnect = Some(Disconnect::Io(e));
                if listener::is_resource_shortage(e) {
                    self.back_off_shortage(cx, e);
                } else {
                    self.schedule_reconnect(cx);
                }
            }
        }
    }

    /// No fd (or memory) for the connection: says so on the monitor
    /// (CONNECT_DELAYED with the errno), then retries with an interval that
    /// doubles while the shortage lasts, whatever ZMQ_RECONNECT_IVL_MAX.
    fn back_off_shortage(&mut self, cx: &mut IoCx<'_>, e: Error) {
        self.config
            .events
            .emit(events::CONNECT_DELAYED, e.errno() as u64);
        let now = self.reconnect_ivl.max(SHORTAGE_BACKOFF_MIN_MS);
        self.reconnect_ivl = now;
        self.schedule_reconnect(cx);
        let cap = self
            .config
            .options
            .reconnect_ivl_max
            .max(SHORTAGE_BACKOFF_MAX_MS);
        self.reconnect_ivl = now.saturating_mul(2).min(cap);
    }

    fn connected(&mut self, cx: &mut IoCx<'_>, fd: OwnedFd) {
        if let Some(Target::Ws(_)) = &self.target {
            let _ = tcp::tune(fd.as_raw_fd(), &self.config.options);
        }
        if let Some(Target::Tcp(address)) = &self.target {
            let _ = tcp::tune(fd.as_raw_fd(), &self.config.options);
            if !self.config.options.socks_proxy.is_empty() {
                let raw = fd.as_raw_fd();
                match SocksHandshake::new(fd, address, &self.config.options) {
                    Ok(hs) => {
                        self.socks = Some(hs);
                        self.drive_socks(cx, true);
                    }
                    Err(e) => self.socks_failed(cx, raw, e),
                }
                return;
            }
        }
        self.engine_connected(cx, fd);
    }

    /// Moves the SOCKS negotiation on; `fresh` when its fd is not
    /// registered yet.
    fn drive_socks(&mut self, cx: &mut IoCx<'_>, fresh: bool) {
        let Some(mut hs) = self.socks.take() else {
            return;
        };
        let fd = hs.fd();
        match hs.advance() {
            Ok(true) => {
                if !fresh {
                    let _ = cx.deregister(fd);
                }
                self.engine_connected(cx, hs.into_fd());
            }
            Ok(false) => {
                let interest = if hs.wants_write() {
                    Interest::WRITE
                } else {
                    Interest::READ
                };
                let rc = if fresh {
                    cx.register(fd, interest)
                } else {
                    cx.reregister(fd, interest)
                };
                if let Err(e) = rc {
                    if !fresh {
                        let _ = cx.deregister(fd);
                    }
                    drop(hs);
                    self.socks_failed(cx, fd, e);
                    return;
                }
                self.socks = Some(hs);
            }
            Err(e) => {
                if !fresh {
                    let _ = cx.deregister(fd);
                }
                drop(hs);
                self.socks_failed(cx, fd, e);
            }
        }
    }

    /// The proxy refused, failed or hung up (`fd`, already closed): as
    /// libzmq's socks connecter, CLOSED, then a reconnect.
    fn socks_failed(&mut self, cx: &mut IoCx<'_>, fd: i32, e: Error) {
        self.config.events.emit(events::CLOSED, fd as u64);
        self.last_disconnect = Some(Disconnect::Io(e));
        self.schedule_reconnect(cx);
    }

    /// The connection to the peer is up (through the proxy, if any).
    fn engine_connected(&mut self, cx: &mut IoCx<'_>, fd: OwnedFd) {
        self.config
            .events
            .emit(events::CONNECTED, fd.as_raw_fd() as u64);
        // A successful connection restarts the backoff.
        self.reconnect_ivl = self.config.options.reconnect_ivl;
        self.start_engine(cx, fd);
    }

    /// The socket closed its end of the pipe, or asked the session to end
    /// (close, unbind, disconnect): deliver what the socket left in the
    /// pipe for up to ZMQ_LINGER, then finish (libzmq's `process_term`).
    fn start_linger(&mut self, cx: &mut IoCx<'_>) {
        if self.terminating {
            return;
        }
        self.terminating = true;
        let linger = self.config.options.linger;
        if linger == 0 {
            self.finish(cx);
            return;
        }
        if linger > 0 {
            self.linger_timer = Some(cx.add_timer(Duration::from_millis(linger as u64)));
        }
        self.linger_progress(cx);
    }

    /// Finishes once the pipe is empty and the engine has written all it
    /// encoded; meanwhile a disconnected connecting session keeps trying.
    fn linger_progress(&mut self, cx: &mut IoCx<'_>) {
        let pipe_empty = match self.side.pipe.as_mut() {
            None => true,
            Some(p) => p.is_terminated() || !p.check_read(),
        };
        let engine_flushed = self.engine.as_ref().is_none_or(|e| e.output_empty());
        if pipe_empty && engine_flushed {
            self.finish(cx);
            return;
        }
        if self.engine.is_none()
            && self.connecting.is_none()
            && self.socks.is_none()
            && self.reconnect_timer.is_none()
            && self.target.is_some()
        {
            self.start_connect(cx);
        }
    }

    fn finish(&mut self, cx: &mut IoCx<'_>) {
        if let Some(engine) = self.engine.take() {
            let _ = cx.deregister(engine.fd());
        }
        if let Some(fd) = self.connecting.take() {
            let _ = cx.deregister(fd.as_raw_fd());
        }
        if let Some(hs) = self.socks.take() {
            let _ = cx.deregister(hs.fd());
        }
        for t in [
            self.reconnect_timer.take(),
            self.connect_timer.take(),
            self.proto_timer.take(),
            self.linger_timer.take(),
        ]
        .into_iter()
        .flatten()
        {
            cx.cancel_timer(t);
        }
        if let Some(mut pipe) = self.side.pipe.take() {
            pipe.terminate();
        }
        self.sync_route(cx);
        self.zap.close(cx);
        self.side.link = None;
        self.guard = None;
        cx.finish();
    }
}

impl IoObject for Session {
    fn start(&mut self, cx: &mut IoCx<'_>) {
        self.sync_route(cx);
        if let Some(engine) = self.engine.as_mut() {
            if let Err(e) = cx.register(engine.fd(), Interest::READ) {
                self.engine = None;
                self.last_disconnect = Some(Disconnect::Io(e));
                self.finish(cx);
                return;
            }
            self.interest = Some(Interest::READ);
            let status = engine.start(&mut self.side);
            self.after_engine(cx, status);
        } else {
            self.start_connect(cx);
        }
    }

    fn ready(&mut self, cx: &mut IoCx<'_>, ready: Ready) {
        if let Some(fd) = self.connecting.take() {
            if let Some(t) = self.connect_timer.take() {
                cx.cancel_timer(t);
            }
            let _ = cx.deregister(fd.as_raw_fd());
            match tcp::finish_connect(fd.as_raw_fd()) {
                Ok(()) => self.connected(cx, fd),
                Err(e) => {
                    self.config
                        .events
                        .emit(events::CLOSED, fd.as_raw_fd() as u64);
                    drop(fd);
                    self.last_disconnect = Some(Disconnect::Io(e));
                    self.schedule_reconnect(cx);
                }
            }
            return;
        }
        if self.socks.is_some() {
            self.drive_socks(cx, false);
            return;
        }
        if let Some(engine) = self.engine.as_mut() {
            let status = engine.on_ready(ready.readable, ready.writable, &mut self.side);
            self.after_engine(cx, status);
        }
    }

    fn timer(&mut self, cx: &mut IoCx<'_>, id: TimerId) {
        if self.connect_timer == Some(id) {
            self.connect_timer = None;
            if let Some(fd) = self.connecting.take() {
                let _ = cx.deregister(fd.as_raw_fd());
                self.last_disconnect = Some(Disconnect::Io(Error::TimedOut));
                self.schedule_reconnect(cx);
            }
        } else if self.reconnect_timer == Some(id) {
            self.reconnect_timer = None;
            self.start_connect(cx);
        } else if self.proto_timer == Some(id) {
            self.proto_timer = None;
            if let Some(engine) = self.engine.as_mut() {
                let status = engine.on_timeout(&mut self.side);
                self.after_engine(cx, status);
            }
        } else if self.linger_timer == Some(id) {
            self.linger_timer = None;
            self.finish(cx);
        }
    }

    fn pipe_command(&mut self, cx: &mut IoCx<'_>, cmd: PipeCommand) {
        if self.zap.owns(cmd.pipe) {
            let outcome = self.zap.pipe_command(cmd.cmd);
            match (outcome, self.engine.as_mut()) {
                (Some(outcome), Some(engine)) => {
                    let status = engine.zap_outcome(outcome, &mut self.side);
                    self.after_engine(cx, status);
                }
                _ => self.zap.sync_route(cx),
            }
            return;
        }
        if self.side.routed != Some(cmd.pipe) {
            return;
        }
        let Some(pipe) = self.side.pipe.as_mut() else {
            return;
        };
        let event = pipe.process_command(cmd.cmd);
        if cmd.cmd == PipeCmd::Term {
            self.side.closed_by_socket = true;
        }
        match event {
            PipeEvent::None => {}
            PipeEvent::ReadActivated => {
                self.side.drained = false;
                if let Some(engine) = self.engine.as_mut() {
                    let status = engine.restart_output(&mut self.side);
                    self.after_engine(cx, status);
                }
            }
            PipeEvent::WriteActivated => {
                if let Some(engine) = self.engine.as_mut() {
                    let status = engine.restart_input(&mut self.side);
                    self.after_engine(cx, status);
                }
            }
            PipeEvent::Terminated => {}
        }
        self.sync_route(cx);
        if self.side.closed_by_socket {
            self.start_linger(cx);
        }
        if self.terminating {
            self.linger_progress(cx);
        }
    }

    /// zmq_disconnect/zmq_unbind (or the socket closing, after it closed
    /// its pipes): as libzmq's disconnect, what the socket had not handed
    /// to the connection is dropped and the pipe goes at once. A session
    /// already lingering because its socket closed goes on lingering.
    fn terminate(&mut self, cx: &mut IoCx<'_>) {
        if !self.terminating {
            self.finish(cx);
        }
    }

    fn stop(&mut self, cx: &mut IoCx<'_>) {
        self.finish(cx);
    }

    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }

    /// The connection is lost as if the peer had gone: libzmq raises
    /// DISCONNECTED for an engine that ends (CLOSED for a connect attempt).
    fn panicked(&mut self) {
        if let Some(engine) = self.engine.as_ref() {
            let fd = engine.fd();
            self.config.events.emit(events::DISCONNECTED, fd as u64);
        } else if let Some(fd) = self.connecting.as_ref() {
            let fd = fd.as_raw_fd();
            self.config.events.emit(events::CLOSED, fd as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::io_thread::{next_object_id, IoCommand, IoThread};
    use crate::io::mailbox::Mailbox;
    use crate::pipe::{pipe_pair, PipeConfig, PipeOwner};
    use crate::transport::listener::Listener;
    use parking_lot::{Condvar, Mutex};
    use std::time::Instant;

    /// The fake socket's end of one pipe, with its own command mailbox.
    struct Shared {
        end: Mutex<Pipe>,
        mb: Arc<Mailbox<PipeCommand>>,
    }

    impl PipeOwner for Mailbox<PipeCommand> {
        fn pipe_command(&self, cmd: PipeCommand) {
            self.send(cmd);
        }
    }

    impl Shared {
        /// The socket writes a message.
        fn send(&self, frames: &[&[u8]]) {
            let mut p = self.end.lock();
            for (i, f) in frames.iter().enumerate() {
                let mut m = Msg::from_slice(f);
                m.set_more(i + 1 < frames.len());
                assert!(p.write(m).is_ok());
            }
            p.flush();
        }

        /// The socket reads one frame, waiting up to 10 s.
        fn recv(&self) -> Option<Msg> {
            loop {
                match self.end.lock().read() {
                    Read::Msg(m) => return Some(m),
                    Read::Delimiter => return None,
                    Read::Empty => {}
                }
                let cmd = self.mb.recv(Some(Duration::from_secs(10))).ok()?;
                self.end.lock().process_command(cmd.cmd);
            }
        }

        fn close(&self) {
            self.end.lock().terminate();
        }
    }

    /// The fake socket: records the pipes attached to it.
    struct Link {
        io: Arc<Mailbox<IoCommand>>,
        attached: Mutex<Vec<(Arc<Shared>, PipeInfo)>>,
        changed: Condvar,
        /// When not empty: the fake socket sends these messages on the
        /// pipe and closes it before `attach` returns (a socket that sends
        /// and closes as soon as the pipe appears, before the session acts).
        send_then_close: Mutex<Vec<Vec<u8>>>,
    }

    impl Link {
        fn new(io: &Arc<Mailbox<IoCommand>>) -> Arc<Link> {
            Arc::new(Link {
                io: Arc::clone(io),
                attached: Mutex::new(Vec::new()),
                changed: Condvar::new(),
                send_then_close: Mutex::new(Vec::new()),
            })
        }

        /// A pipe pair: the session's end and the fake socket's.
        fn pipe(&self) -> (Pipe, Arc<Shared>) {
            let mb = Arc::new(Mailbox::new().unwrap());
            let io: Arc<dyn PipeOwner> = self.io.clone();
            let sock: Arc<dyn PipeOwner> = mb.clone();
            let (session_end, socket_end) = pipe_pair(PipeConfig {
                hwm: [0, 0],
                conflate: [false, false],
                owners: [Some(io), Some(sock)],
            });
            (
                session_end,
                Arc::new(Shared {
                    end: Mutex::new(socket_end),
                    mb,
                }),
            )
        }

        fn wait_attached(&self, n: usize) -> (Arc<Shared>, PipeInfo) {
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut a = self.attached.lock();
            while a.len() < n {
                assert!(!self.changed.wait_until(&mut a, deadline).timed_out());
            }
            a[n - 1].clone()
        }
    }

    impl SocketLink for Link {
        fn attach(&self, info: PipeInfo) -> Result<Pipe> {
            let (end, shared) = self.pipe();
            let messages = std::mem::take(&mut *self.send_then_close.lock());
            if !messages.is_empty() {
                for m in &messages {
                    shared.send(&[m]);
                }
                shared.close();
            }
            self.attached.lock().push((shared, info));
            self.changed.notify_all();
            Ok(end)
        }
    }

    fn options(socket_type: i32) -> Options {
        Options {
            socket_type,
            ..Options::default()
        }
    }

    fn config(socket_type: i32) -> SessionConfig {
        SessionConfig {
            options: options(socket_type),
            ipv6: false,
            linger_guard: None,
            events: Reporter::default(),
        }
    }

    fn body(m: &Msg) -> Vec<u8> {
        m.data().to_vec()
    }

    #[test]
    fn tcp_connect_bind_round_trip() {
        let mut io = IoThread::start("test-io").unwrap();
        let bind_link = Link::new(io.mailbox());
        let mut bopts = options(5); // DEALER
        bopts.routing_id = b"server".to_vec();
        let listener =
            Listener::bind_tcp("127.0.0.1:*", &bopts, false, bind_link.clone(), None).unwrap();
        let endpoint = listener.endpoint().to_string();
        assert!(endpoint.starts_with("tcp://127.0.0.1:"));
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));

        let conn_link = Link::new(io.mailbox());
        let (session_end, pipe) = conn_link.pipe();
        let mut cfg = config(5);
        cfg.options.routing_id = b"client".to_vec();
        let session = Session::connecting(
            cfg,
            Target::Tcp(endpoint.trim_start_matches("tcp://").to_string()),
            conn_link.clone(),
            Some(session_end),
            None,
        );
        // Queued before the connection exists.
        pipe.send(&[b"hello", b"world"]);
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));

        let (server, info) = bind_link.wait_attached(1);
        assert_eq!(info.peer_routing_id, b"client");
        assert!(!info.locally_initiated);
        let m = server.recv().unwrap();
        assert!(m.more());
        assert_eq!(body(&m), b"hello");
        let m = server.recv().unwrap();
        assert!(!m.more());
        assert_eq!(body(&m), b"world");

        // Back the other way, including a large zero-copy body.
        let big = vec![0x5au8; 200_000];
        server.send(&[b"x", &big]);
        let m = pipe.recv().unwrap();
        assert_eq!(body(&m), b"x");
        let m = pipe.recv().unwrap();
        assert_eq!(m.size(), big.len());
        assert!(m.data() == &big[..]);

        // Many small messages in both directions.
        for i in 0..2000u32 {
            pipe.send(&[&i.to_be_bytes()]);
        }
        for i in 0..2000u32 {
            assert_eq!(body(&server.recv().unwrap()), i.to_be_bytes());
        }
        pipe.close();
        server.close();
        io.stop();
    }

    #[test]
    fn reconnects_after_peer_restart() {
        let mut io = IoThread::start("test-io").unwrap();
        let bind_link = Link::new(io.mailbox());
        let listener =
            Listener::bind_tcp("127.0.0.1:*", &options(7), false, bind_link.clone(), None).unwrap(); // PULL
        let endpoint = listener.endpoint().trim_start_matches("tcp://").to_string();
        let lid = next_object_id();
        io.send(IoCommand::Add(lid, Box::new(listener)));

        let conn_link = Link::new(io.mailbox());
        let (session_end, pipe) = conn_link.pipe();
        let mut cfg = config(8); // PUSH
        cfg.options.reconnect_ivl = 10;
        let session = Session::connecting(
            cfg,
            Target::Tcp(endpoint.clone()),
            conn_link,
            Some(session_end),
            None,
        );
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));
        pipe.send(&[b"one"]);
        let (server, _) = bind_link.wait_attached(1);
        assert_eq!(body(&server.recv().unwrap()), b"one");

        // The "server" goes away (unbind ends its sessions), then comes back
        // on the same port.
        io.send(IoCommand::Terminate(lid));
        let deadline = Instant::now() + Duration::from_secs(10);
        let listener = loop {
            match Listener::bind_tcp(&endpoint, &options(7), false, bind_link.clone(), None) {
                Ok(l) => break l,
                Err(_) if Instant::now() < deadline => std::thread::yield_now(),
                Err(e) => panic!("rebind failed: {e:?}"),
            }
        };
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));
        // Send only once the new connection is up: a frame written while the
        // old connection was still dying may be lost with it, as in libzmq.
        let (server, _) = bind_link.wait_attached(2);
        pipe.send(&[b"two"]);
        assert_eq!(body(&server.recv().unwrap()), b"two");
        io.stop();
    }

    #[test]
    fn ipc_round_trip_and_garbage_peer() {
        let mut io = IoThread::start("test-io").unwrap();
        let bind_link = Link::new(io.mailbox());
        let listener = Listener::bind_ipc("*", &options(0), bind_link.clone(), None).unwrap();
        let endpoint = listener.endpoint().to_string();
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));
        let path = endpoint.trim_start_matches("ipc://").to_string();

        // A garbage peer costs only its own connection.
        {
            use std::io::{Read, Write};
            let mut bad = std::os::unix::net::UnixStream::connect(&path).unwrap();
            bad.write_all(&[0u8; 64]).unwrap();
            let mut buf = [0u8; 256];
            // The session closes it: read until EOF/reset.
            bad.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            loop {
                match bad.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }

        let conn_link = Link::new(io.mailbox());
        let (session_end, pipe) = conn_link.pipe();
        let session = Session::connecting(
            config(0),
            Target::Ipc(IpcAddress::resolve(&path).unwrap()),
            conn_link,
            Some(session_end),
            None,
        );
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));
        pipe.send(&[b"over ipc"]);
        let (server, _) = bind_link.wait_attached(1);
        assert_eq!(body(&server.recv().unwrap()), b"over ipc");
        io.stop();
    }

    /// Builds the reference-libzmq peer helper; None when the reference
    /// library's header is not installed.
    fn ref_peer() -> Option<std::path::PathBuf> {
        if !std::path::Path::new("/usr/include/zmq.h").exists() {
            eprintln!("reference libzmq not installed; interop test skipped");
            return None;
        }
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/helpers/ref_peer.c");
        let out = std::env::temp_dir().join(format!("ref_peer_{}", std::process::id()));
        let ok = std::process::Command::new("cc")
            .args(["-O1", "-o"])
            .arg(&out)
            .arg(src)
            .arg("-lzmq")
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "building the reference peer failed");
        Some(out)
    }

    struct Child(std::process::Child);

    impl Drop for Child {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn spawn_ref(bin: &std::path::Path, mode: &str, ep: &str) -> (Child, impl FnMut() -> String) {
        use std::io::BufRead;
        let mut child = std::process::Command::new(bin)
            .args([mode, ep])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        (Child(child), move || lines.next().unwrap().unwrap())
    }

    #[test]
    fn interop_with_reference_libzmq() {
        let Some(bin) = ref_peer() else {
            return;
        };
        let mut io = IoThread::start("test-io").unwrap();

        // 1. The reference binds, we connect.
        let (_child, mut line) = spawn_ref(&bin, "echo-bind", "tcp://127.0.0.1:*");
        let ep = line();
        let link = Link::new(io.mailbox());
        let (session_end, pipe) = link.pipe();
        let session = Session::connecting(
            config(0),
            Target::Tcp(ep.trim_start_matches("tcp://").to_string()),
            link,
            Some(session_end),
            None,
        );
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));
        let big = vec![7u8; 100_000];
        pipe.send(&[b"a", b"b"]);
        pipe.send(&[&big]);
        let m = pipe.recv().unwrap();
        assert!(m.more() && body(&m) == b"a");
        let m = pipe.recv().unwrap();
        assert!(!m.more() && body(&m) == b"b");
        assert!(pipe.recv().unwrap().data() == &big[..]);
        pipe.send(&[b"END"]);
        assert_eq!(body(&pipe.recv().unwrap()), b"END");

        // 2. We bind, the reference connects.
        let link = Link::new(io.mailbox());
        let listener =
            Listener::bind_tcp("127.0.0.1:*", &options(0), false, link.clone(), None).unwrap();
        let ep = listener.endpoint().to_string();
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));
        let (_child2, _) = spawn_ref(&bin, "echo-connect", &ep);
        let (server, _) = link.wait_attached(1);
        server.send(&[b"ping", &big]);
        assert_eq!(body(&server.recv().unwrap()), b"ping");
        assert!(server.recv().unwrap().data() == &big[..]);
        server.send(&[b"END"]);
        assert_eq!(body(&server.recv().unwrap()), b"END");

        // 3. Subscriptions reach a reference XPUB, which then filters.
        let (mut child3, mut line) = spawn_ref(&bin, "xpub-bind", "tcp://127.0.0.1:*");
        let ep = line();
        let link = Link::new(io.mailbox());
        let (session_end, pipe) = link.pipe();
        let session = Session::connecting(
            config(2),
            Target::Tcp(ep.trim_start_matches("tcp://").to_string()),
            link,
            Some(session_end),
            None,
        );
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));
        pipe.send(&[b"\x01topic"]);
        assert_eq!(line(), "01746f706963");
        assert_eq!(body(&pipe.recv().unwrap()), b"topic-data");
        {
            use std::io::Write;
            let mut stdin = child3.0.stdin.take().unwrap();
            stdin.write_all(b"END\n").unwrap();
        }
        io.stop();
        let _ = std::fs::remove_file(bin);
    }

    #[test]
    fn close_lingers_until_delivered() {
        let mut io = IoThread::start("test-io").unwrap();
        let bind_link = Link::new(io.mailbox());
        let listener =
            Listener::bind_tcp("127.0.0.1:*", &options(7), false, bind_link.clone(), None).unwrap();
        let ep = listener.endpoint().trim_start_matches("tcp://").to_string();
        let conn_link = Link::new(io.mailbox());
        let (session_end, pipe) = conn_link.pipe();
        let session = Session::connecting(
            config(8),
            Target::Tcp(ep),
            conn_link,
            Some(session_end),
            None,
        );
        for i in 0..100u32 {
            pipe.send(&[&i.to_be_bytes()]);
        }
        // The socket closes before the connection even exists.
        pipe.close();
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));
        let (server, _) = bind_link.wait_attached(1);
        for i in 0..100u32 {
            assert_eq!(body(&server.recv().unwrap()), i.to_be_bytes());
        }
        // Then the session finishes and the connection closes.
        assert!(server.recv().is_none());
        io.stop();
    }

    /// Counts linger guards: live ones and all ever taken.
    #[derive(Default)]
    struct GuardCount {
        live: std::sync::atomic::AtomicUsize,
        taken: std::sync::atomic::AtomicUsize,
    }

    struct CountedGuard(Arc<GuardCount>);

    impl Drop for CountedGuard {
        fn drop(&mut self) {
            self.0
                .live
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn counted_guards(count: &Arc<GuardCount>) -> GuardFactory {
        let count = Arc::clone(count);
        Arc::new(move || {
            use std::sync::atomic::Ordering::SeqCst;
            count.live.fetch_add(1, SeqCst);
            count.taken.fetch_add(1, SeqCst);
            Box::new(CountedGuard(Arc::clone(&count)))
        })
    }

    /// ZMTP 3.0 greeting (NULL, client) and READY of a PULL peer.
    fn null_pull_handshake() -> Vec<u8> {
        let mut v = vec![0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0];
        let mut mechanism = [0u8; 20];
        mechanism[..4].copy_from_slice(b"NULL");
        v.extend_from_slice(&mechanism);
        v.extend_from_slice(&[0u8; 32]); // as-server 0, filler
        let body = b"\x05READY\x0bSocket-Type\x00\x00\x00\x04PULL";
        v.extend_from_slice(&[0x04, body.len() as u8]);
        v.extend_from_slice(body);
        v
    }

    /// The message frames of a ZMTP 3 stream (after its greeting).
    fn message_frames(mut stream: &[u8]) -> Vec<Vec<u8>> {
        let mut frames = Vec::new();
        while let Some((&flags, rest)) = stream.split_first() {
            let (len, rest) = if flags & 0x02 != 0 {
                let (n, rest) = rest.split_at(8);
                (u64::from_be_bytes(n.try_into().unwrap()) as usize, rest)
            } else {
                (usize::from(rest[0]), &rest[1..])
            };
            let (body, rest) = rest.split_at(len);
            if flags & 0x04 == 0 {
                frames.push(body.to_vec());
            }
            stream = rest;
        }
        frames
    }

    /// The socket sends and closes as soon as it has the pipe, so the
    /// session attaches the pipe, reads it to its delimiter and is left
    /// with encoded output, all in one engine call: the pipe is never
    /// routed, yet the session must hold the linger guard until that output
    /// is written, or zmq_ctx_term stops it first (the last messages lost).
    /// The test does what zmq_ctx_term does: waits for the guards, then
    /// stops the I/O thread.
    #[test]
    fn linger_guard_held_when_pipe_closes_within_attach() {
        let mut io = IoThread::start("test-io").unwrap();
        let guards = Arc::new(GuardCount::default());
        let link = Link::new(io.mailbox());
        // Over OUT_BATCH, so the engine writes it before pulling the rest:
        // the tail is still to be written when the call ends.
        let big = vec![0xa5u8; 40 * 1024];
        *link.send_then_close.lock() = vec![big.clone(), b"tail".to_vec()];
        let listener = Listener::bind_ipc(
            "*",
            &options(8), // PUSH
            link.clone(),
            Some(counted_guards(&guards)),
        )
        .unwrap();
        let path = listener.endpoint().trim_start_matches("ipc://").to_string();
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));

        use std::io::{Read, Write};
        let mut peer = std::os::unix::net::UnixStream::connect(&path).unwrap();
        peer.write_all(&null_pull_handshake()).unwrap();
        link.wait_attached(1);
        let deadline = Instant::now() + Duration::from_secs(10);
        use std::sync::atomic::Ordering::SeqCst;
        while guards.taken.load(SeqCst) == 0 || guards.live.load(SeqCst) != 0 {
            assert!(
                Instant::now() < deadline,
                "the session never took a linger guard"
            );
            std::thread::yield_now();
        }
        io.stop();

        peer.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut stream = Vec::new();
        peer.read_to_end(&mut stream).unwrap();
        assert_eq!(message_frames(&stream[64..]), vec![big, b"tail".to_vec()]);
    }

    #[test]
    fn silent_peer_times_out_in_handshake() {
        let mut io = IoThread::start("test-io").unwrap();
        let link = Link::new(io.mailbox());
        let mut o = options(0);
        o.handshake_ivl = 50;
        let listener = Listener::bind_tcp("127.0.0.1:*", &o, false, link, None).unwrap();
        let ep = listener.endpoint().trim_start_matches("tcp://").to_string();
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));
        use std::io::Read;
        let mut silent = std::net::TcpStream::connect(ep).unwrap();
        silent
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let t = Instant::now();
        let mut buf = [0u8; 256];
        loop {
            match silent.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        assert!(t.elapsed() < Duration::from_secs(5));
        io.stop();
    }

    struct Recorder {
        events: Mutex<Vec<(u16, u64, String)>>,
        changed: Condvar,
    }

    impl crate::engine::events::EventSink for Recorder {
        fn event(&self, event: u16, value: u64, endpoint: &str) {
            self.events
                .lock()
                .push((event, value, endpoint.to_string()));
            self.changed.notify_all();
        }
    }

    impl Recorder {
        fn wait_for(&self, event: u16) -> (u16, u64, String) {
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut ev = self.events.lock();
            loop {
                if let Some(e) = ev.iter().find(|e| e.0 == event) {
                    return e.clone();
                }
                assert!(!self.changed.wait_until(&mut ev, deadline).timed_out());
            }
        }
    }

    #[test]
    fn monitor_events() {
        use crate::engine::events as ev;
        let mut io = IoThread::start("test-io").unwrap();
        let rec = Arc::new(Recorder {
            events: Mutex::new(Vec::new()),
            changed: Condvar::new(),
        });
        let link = Link::new(io.mailbox());
        let mut listener =
            Listener::bind_tcp("127.0.0.1:*", &options(0), false, link, None).unwrap();
        listener.set_event_sink(Some(rec.clone()));
        let ep = listener.endpoint().to_string();
        io.send(IoCommand::Add(next_object_id(), Box::new(listener)));
        assert_eq!(rec.wait_for(ev::LISTENING).2, ep);

        let link = Link::new(io.mailbox());
        let (session_end, _pipe) = link.pipe();
        let mut cfg = config(0);
        cfg.events = Reporter::new(Some(rec.clone()), &ep);
        let session = Session::connecting(
            cfg,
            Target::Tcp(ep.trim_start_matches("tcp://").to_string()),
            link,
            Some(session_end),
            None,
        );
        io.send(IoCommand::Add(next_object_id(), Box::new(session)));
        rec.wait_for(ev::CONNECTED);
        rec.wait_for(ev::ACCEPTED);
        rec.wait_for(ev::HANDSHAKE_SUCCEEDED);

        // A garbage peer: the handshake fails, then the connection is gone.
        {
            use std::io::{Read, Write};
            let mut bad = std::net::TcpStream::connect(ep.trim_start_matches("tcp://")).unwrap();
            bad.write_all(&[0u8; 64]).unwrap();
            bad.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut buf = [0u8; 128];
            while matches!(bad.read(&mut buf), Ok(n) if n > 0) {}
        }
        rec.wait_for(ev::DISCONNECTED);
        let failed =
            rec.events.lock().iter().any(|e| {
                e.0 == ev::HANDSHAKE_FAILED_PROTOCOL || e.0 == ev::HANDSHAKE_FAILED_NO_DETAIL
            });
        assert!(failed);
        io.stop();
        rec.wait_for(ev::CLOSED);
    }
}
