//! tcp:// and ipc:// endpoints of a socket: what `zmq_bind`/`zmq_connect`
//! do for network transports (libzmq's `socket_base_t::bind/connect` for
//! tcp and ipc), and how sessions hand pipes to the socket.
//!
//! - bind: the listening socket is made here, in the caller's thread, so
//!   errors (EADDRINUSE, ...) and ZMQ_LAST_ENDPOINT with the real port are
//!   known at once; the listener then runs on an I/O thread.
//! - connect: a session runs on an I/O thread and connects in the
//!   background. Unless ZMQ_IMMEDIATE is set, its pipe is attached to the
//!   socket right away so messages queue while disconnected (a ROUTER's
//!   pipe stays anonymous until the handshake tells the peer's routing id,
//!   unless ZMQ_CONNECT_ROUTING_ID names it).
//! - unbind/disconnect/close terminate the endpoint's I/O object; sessions
//!   linger per ZMQ_LINGER, holding the context's linger guard.

use std::sync::Arc;

use super::events::{self, EventSink, Reporter};
use super::raw_engine;
use super::session::{Guard, GuardFactory, Session, SessionConfig, SocketLink, Target};
use crate::ctx::Context;
use crate::error::{Error, Result};
use crate::io::io_thread::{next_object_id, IoCommand, IoThreads, ObjectId, Scheduling};
use crate::io::mailbox::Mailbox;
use crate::pipe::{pipe_pair, Pipe, PipeConfig, PipeOwner};
use crate::socket::base::{EndpointHandle, Socket};
use crate::socket::command::{Command, SocketMailbox};
use crate::socket::pattern::PipeInfo;
use crate::transport::endpoint::{self, IpcAddress, Protocol, TcpAddress};
use crate::transport::listener::Listener;
use crate::transport::ws::address::WsAddress;

const ZMQ_ROUTER: i32 = 6;

/// The context's I/O threads, started on first use.
fn io_threads(ctx: &Context) -> Result<Arc<IoThreads>> {
    let hook_ctx = ctx.clone();
    ctx.extension(move || {
        let opts = hook_ctx.options();
        let prefix = (!opts.thread_name_prefix.is_empty()).then(|| opts.thread_name_prefix.clone());
        let sched = Scheduling {
            cpus: opts.thread_affinity.iter().copied().collect(),
            priority: opts.thread_priority,
            policy: opts.thread_sched_policy,
        };
        let threads = Arc::new(IoThreads::start(
            opts.io_threads.max(0) as usize,
            prefix.as_deref(),
            &sched,
        )?);
        let stopper = Arc::clone(&threads);
        hook_ctx.add_term_hook(Box::new(move || stopper.stop()));
        Ok(threads)
    })
}

fn guard_factory(ctx: &Context) -> GuardFactory {
    let ctx = ctx.clone();
    Arc::new(move || -> Guard { Box::new(ctx.linger_guard()) })
}

/// Pipe shape for one socket: (hwm, conflate) as libzmq sets them up for
/// a session pipe. End 0 is the session's, end 1 the socket's.
#[derive(Clone)]
struct PipeShape {
    sndhwm: i32,
    rcvhwm: i32,
    conflate: bool,
}

impl PipeShape {
    fn of(socket: &Socket) -> PipeShape {
        PipeShape {
            sndhwm: socket.options().sndhwm,
            rcvhwm: socket.options().rcvhwm,
            conflate: socket.effective_conflate(),
        }
    }

    fn pair(&self, io: &Arc<Mailbox<IoCommand>>, socket: &Arc<SocketMailbox>) -> (Pipe, Pipe) {
        let hwm = |v: i32| if self.conflate { 0 } else { v.max(0) as u64 };
        let io: Arc<dyn PipeOwner> = io.clone();
        let sock: Arc<dyn PipeOwner> = socket.clone();
        pipe_pair(PipeConfig {
            hwm: [hwm(self.rcvhwm), hwm(self.sndhwm)],
            conflate: [self.conflate, self.conflate],
            owners: [Some(io), Some(sock)],
        })
    }
}

/// Gives a session's socket new pipes through the socket's mailbox.
struct Link {
    ctx: Context,
    socket: Arc<SocketMailbox>,
    io: Arc<Mailbox<IoCommand>>,
    shape: PipeShape,
}

impl SocketLink for Link {
    fn attach(&self, info: PipeInfo) -> Result<Pipe> {
        let (session_end, socket_end) = self.shape.pair(&self.io, &self.socket);
        self.socket.send(Command::attach(socket_end, info));
        Ok(session_end)
    }

    fn zap_connect(&self) -> Option<Pipe> {
        let owner: Arc<dyn PipeOwner> = self.io.clone();
        crate::transport::inproc::connect_zap(&self.ctx, owner)
    }
}

/// An endpoint's object on an I/O thread, as the socket holds it.
struct Handle {
    io: Arc<Mailbox<IoCommand>>,
    id: ObjectId,
    /// Wait until the object has run its termination: a listener then has
    /// closed its fd, so the address can be bound again at once after
    /// zmq_unbind returns.
    sync: bool,
}

impl EndpointHandle for Handle {
    fn terminate(&mut self) {
        if !self.sync {
            self.io.send(IoCommand::Terminate(self.id));
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        self.io.send(IoCommand::Call(
            self.id,
            Box::new(move |object, cx| {
                object.terminate(cx);
                let _ = tx.send(());
            }),
        ));
        // Returns at once when the object had already finished (the
        // closure, and with it the sender, is then dropped unrun).
        let _ = rx.recv_timeout(std::time::Duration::from_secs(5));
    }
}

/// The socket's monitor (`crate::monitor`): it drops events nobody asked for.
fn event_sink(socket: &Socket) -> Option<Arc<dyn EventSink>> {
    let monitor: Arc<dyn EventSink> = socket.monitor().clone();
    Some(monitor)
}

fn session_config(socket: &Socket, endpoint: &str) -> SessionConfig {
    SessionConfig {
        options: socket.options().clone(),
        ipv6: socket.options().ipv6,
        linger_guard: Some(guard_factory(socket.ctx())),
        events: Reporter::new(event_sink(socket), endpoint),
    }
}

/// `zmq_bind` for tcp and ipc: returns ZMQ_LAST_ENDPOINT.
pub fn bind(socket: &mut Socket, uri: &str) -> Result<String> {
    let ep = endpoint::parse(uri)?;
    let threads = io_threads(socket.ctx())?;
    let io = threads.choose();
    let link = Arc::new(Link {
        ctx: socket.ctx().clone(),
        socket: Arc::clone(socket.mailbox()),
        io: Arc::clone(&io),
        shape: PipeShape::of(socket),
    });
    let options = socket.options();
    let guard = Some(guard_factory(socket.ctx()));
    let bound = match ep.protocol {
        Protocol::Tcp => Listener::bind_tcp(ep.address, options, options.ipv6, link, guard),
        Protocol::Ipc => Listener::bind_ipc(ep.address, options, link, guard),
        Protocol::Ws => Listener::bind_ws(ep.address, options, options.ipv6, link, guard),
        Protocol::Inproc => return Err(Error::ProtoNoSupport),
    };
    let mut listener = match bound {
        Ok(l) => l,
        Err(e) => {
            // libzmq names the address without its scheme here.
            Reporter::new(event_sink(socket), ep.address)
                .emit(events::BIND_FAILED, e.errno() as u64);
            return Err(e);
        }
    };
    listener.set_event_sink(event_sink(socket));
    let last = listener.endpoint().to_string();
    let id = next_object_id();
    io.send(IoCommand::Add(id, Box::new(listener)));
    // As libzmq, the endpoint is known by its resolved name only: unbind
    // of "tcp://127.0.0.1:*" is ENOENT, of the LAST_ENDPOINT text works.
    socket.add_endpoint(last.clone(), Box::new(Handle { io, id, sync: true }));
    Ok(last)
}

/// `zmq_connect` for tcp and ipc.
pub fn connect(socket: &mut Socket, uri: &str) -> Result<()> {
    let ep = endpoint::parse(uri)?;
    let target = match ep.protocol {
        Protocol::Tcp => {
            endpoint::check_connect_syntax(ep.address)?;
            Target::Tcp(ep.address.to_string())
        }
        Protocol::Ipc => Target::Ipc(IpcAddress::resolve(ep.address)?),
        Protocol::Ws => {
            // As libzmq, a ws address is resolved (DNS too) at zmq_connect.
            let address = WsAddress::parse(ep.address)?;
            TcpAddress::resolve_connect(&address.tcp, socket.options().ipv6)?;
            Target::Ws(address)
        }
        Protocol::Inproc => return Err(Error::ProtoNoSupport),
    };
    let threads = io_threads(socket.ctx())?;
    let io = threads.choose();
    let shape = PipeShape::of(socket);
    let link = Arc::new(Link {
        ctx: socket.ctx().clone(),
        socket: Arc::clone(socket.mailbox()),
        io: Arc::clone(&io),
        shape: shape.clone(),
    });
    let connect_routing_id = socket.take_connect_routing_id();
    // As libzmq, the pipe exists from zmq_connect on (unless
    // ZMQ_IMMEDIATE), so messages queue and a ROUTER's probe goes out at
    // once. A ROUTER knows a ZMTP peer's routing id only after the
    // handshake: unless ZMQ_CONNECT_ROUTING_ID names the peer now, the
    // session passes it as the pipe's first message.
    let routing_id_in_band = socket.options().socket_type == ZMQ_ROUTER
        && !raw_engine::is_raw(socket.options())
        && connect_routing_id.is_none();
    let pipe = if socket.options().immediate {
        None
    } else {
        let (session_end, socket_end) = shape.pair(&io, socket.mailbox());
        socket.attach_pipe(
            socket_end,
            &PipeInfo {
                peer_routing_id: Vec::new(),
                connect_routing_id: connect_routing_id.clone(),
                locally_initiated: true,
                routing_id_in_band,
            },
        );
        Some(session_end)
    };
    // As libzmq's socks connecter, a connection through a SOCKS proxy is
    // reported to a monitor under the proxy's address.
    let proxy = &socket.options().socks_proxy;
    let events_endpoint = match ep.protocol {
        Protocol::Tcp if !proxy.is_empty() => {
            format!("tcp://{}", String::from_utf8_lossy(proxy))
        }
        _ => uri.to_string(),
    };
    let session = Session::connecting(
        session_config(socket, &events_endpoint),
        target,
        link,
        pipe,
        connect_routing_id,
    )
    .routing_id_in_band(routing_id_in_band);
    let id = next_object_id();
    io.send(IoCommand::Add(id, Box::new(session)));
    socket.add_endpoint(
        uri.to_string(),
        Box::new(Handle {
            io,
            id,
            sync: false,
        }),
    );
    Ok(())
}
