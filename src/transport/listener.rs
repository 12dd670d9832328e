//! The listener of a bound tcp or ipc endpoint (libzmq's `tcp_listener_t`
//! and `ipc_listener_t`): accepts connections on the I/O thread and starts
//! a session for each. The socket binds in its own thread (so `zmq_bind`
//! reports errors and ZMQ_LAST_ENDPOINT at once) and hands the listening fd
//! over.

use std::collections::HashSet;
use std::os::unix::io::{AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::time::Duration;

use crate::engine::events::{self, EventSink, Reporter};
use crate::engine::session::{GuardFactory, Session, SessionConfig, SocketLink};
use crate::engine::ws_protocol::WsProtocol;
use crate::error::{Error, Result};
use crate::io::io_thread::{IoCommand, IoCx, IoObject, ObjectId};
use crate::io::reactor::{Interest, Ready, TimerId};
use crate::options::Options;
use crate::transport::endpoint::{tcp_endpoint_string, TcpAddress};
use crate::transport::ws::address::WsAddress;
use crate::transport::{ipc, tcp};
use crate::util::test_panic;

/// At most this many accepts per readiness event, so one busy listener
/// cannot starve the thread's other connections.
const ACCEPT_BATCH: usize = 64;

/// After an accept failed for want of fds or memory, the listener stops
/// polling for this long, doubling up to `ACCEPT_BACKOFF_MAX` while the
/// shortage lasts (libzmq retries at once, spinning on the level-triggered
/// listening fd and flooding its monitor with ACCEPT_FAILED).
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Whether an accept or connect failed because the process or the system
/// ran short of fds or memory: worth retrying later, not at once.
pub fn is_resource_shortage(e: Error) -> bool {
    matches!(e, Error::MFile | Error::NoBufs | Error::NoMem) || e.errno() == libc::ENFILE
}

enum Socket {
    Tcp(OwnedFd),
    Ipc(ipc::IpcListener),
}

impl Socket {
    fn fd(&self) -> RawFd {
        match self {
            Socket::Tcp(fd) => fd.as_raw_fd(),
            Socket::Ipc(l) => l.fd.as_raw_fd(),
        }
    }
}

/// A bound endpoint waiting for connections.
pub struct Listener {
    socket: Option<Socket>,
    options: Options,
    ipv6: bool,
    link: Arc<dyn SocketLink>,
    linger_guard: Option<GuardFactory>,
    /// Sessions started here; unbinding ends them too, as in libzmq.
    children: HashSet<ObjectId>,
    endpoint: String,
    events: Reporter,
    /// Set while accepting is paused after a resource shortage.
    backoff_timer: Option<TimerId>,
    /// The pause after the next shortage.
    backoff: Duration,
    /// Accepted connections speak ZWS (ws://), not ZMTP directly.
    ws: bool,
}

impl Listener {
    /// Binds `address` (the part after `tcp://`). Returns the listener and
    /// the endpoint actually bound (real port), for ZMQ_LAST_ENDPOINT.
    pub fn bind_tcp(
        address: &str,
        options: &Options,
        ipv6: bool,
        link: Arc<dyn SocketLink>,
        linger_guard: Option<GuardFactory>,
    ) -> Result<Listener> {
        let addr = TcpAddress::resolve_bind(address, ipv6)?;
        let (fd, bound) = tcp::listen(&addr.addr, options)?;
        Ok(Listener::new(
            Socket::Tcp(fd),
            tcp_endpoint_string(&bound),
            options,
            ipv6,
            link,
            linger_guard,
        ))
    }

    /// Binds a ws address (the part after `ws://`: `host:port[/path]`).
    pub fn bind_ws(
        address: &str,
        options: &Options,
        ipv6: bool,
        link: Arc<dyn SocketLink>,
        linger_guard: Option<GuardFactory>,
    ) -> Result<Listener> {
        let ws = WsAddress::parse(address)?;
        let mut l = Listener::bind_tcp(&ws.tcp, options, ipv6, link, linger_guard)?;
        if let Some(bound) = l.socket.as_ref().and_then(|s| tcp::local_addr(s.fd()).ok()) {
            l.endpoint = ws.endpoint_string(&bound);
        }
        l.events = Reporter::new(None, &l.endpoint);
        l.ws = true;
        Ok(l)
    }

    /// Binds an ipc path (the part after `ipc://`; `*` picks a unique one).
    pub fn bind_ipc(
        address: &str,
        options: &Options,
        link: Arc<dyn SocketLink>,
        linger_guard: Option<GuardFactory>,
    ) -> Result<Listener> {
        let l = ipc::listen(address, options)?;
        let endpoint = l.address.endpoint_string();
        Ok(Listener::new(
            Socket::Ipc(l),
            endpoint,
            options,
            false,
            link,
            linger_guard,
        ))
    }

    fn new(
        socket: Socket,
        endpoint: String,
        options: &Options,
        ipv6: bool,
        link: Arc<dyn SocketLink>,
        linger_guard: Option<GuardFactory>,
    ) -> Listener {
        Listener {
            socket: Some(socket),
            options: options.clone(),
            ipv6,
            link,
            linger_guard,
            children: HashSet::new(),
            events: Reporter::new(None, &endpoint),
            endpoint,
            backoff_timer: None,
            backoff: ACCEPT_BACKOFF_MIN,
            ws: false,
        }
    }

    /// Reports this listener's events, and those of the connections it
    /// accepts, to `sink` (LISTENING is raised here, at once).
    pub fn set_event_sink(&mut self, sink: Option<Arc<dyn EventSink>>) {
        self.events = Reporter::new(sink, &self.endpoint);
        if let Some(fd) = self.socket.as_ref().map(Socket::fd) {
            self.events.emit(events::LISTENING, fd as u64);
        }
    }

    /// The endpoint bound, e.g. `tcp://127.0.0.1:41234`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn accept_one(&mut self) -> Result<OwnedFd> {
        let socket = self.socket.as_ref().ok_or(Error::Again)?;
        match socket {
            Socket::Tcp(fd) => {
                let (conn, peer) = tcp::accept(fd.as_raw_fd())?;
                if !tcp::accept_allowed(&self.options, &peer) {
                    return Err(Error::ConnAborted);
                }
                // A tuning failure (e.g. the peer already left) is not the
                // listener's problem; the engine will see the error.
                let _ = tcp::tune(conn.as_raw_fd(), &self.options);
                Ok(conn)
            }
            Socket::Ipc(l) => {
                let conn = ipc::accept(l.fd.as_raw_fd())?;
                if !ipc::accept_allowed(conn.as_raw_fd(), &self.options) {
                    return Err(Error::ConnAborted);
                }
                Ok(conn)
            }
        }
    }

    /// Stops accepting for the current back-off, which doubles for the
    /// next shortage.
    fn pause(&mut self, cx: &mut IoCx<'_>) {
        let Some(fd) = self.socket.as_ref().map(Socket::fd) else {
            return;
        };
        if cx.reregister(fd, Interest::NONE).is_err() {
            return;
        }
        self.backoff_timer = Some(cx.add_timer(self.backoff));
        self.backoff = (self.backoff * 2).min(ACCEPT_BACKOFF_MAX);
    }

    fn close(&mut self, cx: &mut IoCx<'_>) {
        if let Some(id) = self.backoff_timer.take() {
            cx.cancel_timer(id);
        }
        if let Some(socket) = self.socket.take() {
            let _ = cx.deregister(socket.fd());
            self.events.emit(events::CLOSED, socket.fd() as u64);
        }
        for child in self.children.drain() {
            cx.mailbox().send(IoCommand::Terminate(child));
        }
        cx.finish();
    }
}

impl IoObject for Listener {
    fn start(&mut self, cx: &mut IoCx<'_>) {
        let Some(fd) = self.socket.as_ref().map(Socket::fd) else {
            cx.finish();
            return;
        };
        if cx.register(fd, Interest::READ).is_err() {
            self.close(cx);
        }
    }

    fn ready(&mut self, cx: &mut IoCx<'_>, _ready: Ready) {
        for _ in 0..ACCEPT_BATCH {
            match self.accept_one() {
                Ok(fd) => {
                    self.events.emit(events::ACCEPTED, fd.as_raw_fd() as u64);
                    let config = SessionConfig {
                        options: self.options.clone(),
                        ipv6: self.ipv6,
                        linger_guard: self.linger_guard.clone(),
                        events: self.events.clone(),
                    };
                    let link = Arc::clone(&self.link);
                    let session = if self.ws {
                        let proto = Box::new(WsProtocol::server(&self.options));
                        Session::accepted_with(config, fd, link, proto)
                    } else {
                        Session::accepted(config, fd, link)
                    };
                    let id = cx.spawn(test_panic::on_accept(Box::new(session)));
                    self.children.insert(id);
                    self.backoff = ACCEPT_BACKOFF_MIN;
                }
                Err(Error::Again) => break,
                // Refused by a filter, or the peer gave up before we
                // accepted: try the next one.
                Err(Error::ConnAborted) | Err(Error::Intr) => continue,
                // Out of fds or memory: the connection stays queued in the
                // kernel; stop polling for a while, then try again.
                Err(e) if is_resource_shortage(e) => {
                    self.events.emit(events::ACCEPT_FAILED, e.errno() as u64);
                    self.pause(cx);
                    break;
                }
                // Anything else is the connection's problem: next round.
                Err(e) => {
                    self.events.emit(events::ACCEPT_FAILED, e.errno() as u64);
                    break;
                }
            }
        }
    }

    fn timer(&mut self, cx: &mut IoCx<'_>, id: TimerId) {
        if self.backoff_timer != Some(id) {
            return;
        }
        self.backoff_timer = None;
        if let Some(fd) = self.socket.as_ref().map(Socket::fd) {
            if cx.reregister(fd, Interest::READ).is_err() {
                self.close(cx);
            }
        }
    }

    fn terminate(&mut self, cx: &mut IoCx<'_>) {
        self.close(cx);
    }

    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }

    /// The listening fd closes with the listener: libzmq's CLOSED.
    fn panicked(&mut self) {
        if let Some(fd) = self.socket.as_ref().map(Socket::fd) {
            self.events.emit(events::CLOSED, fd as u64);
        }
    }
}
