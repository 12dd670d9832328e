//! The socket base: pipes, mailbox, blocking, timeouts, generic options and
//! endpoints, shared by every socket type. The type's behaviour is a
//! [`Pattern`] driven through the callbacks of `socket::pattern`.
//!
//! # Commands and the hot path
//! Peers reach the socket only through its mailbox ([`SocketMailbox`]).
//! Commands are processed
//! - before a call fails with EAGAIN, and while a blocking call waits;
//! - at the next send/recv once a command is queued (one atomic load of the
//!   mailbox's pending flag), so a new pipe or a subscription is seen by the
//!   very next call, as a PUB that was idle must (libzmq checks its mailbox
//!   every millisecond of TSC time);
//! - every `COMMAND_INTERVAL` successful send/recv calls regardless;
//! - by ZMQ_EVENTS, and by every other non-hot entry point.
//!
//! A send or recv that succeeds at once therefore takes no lock and makes no
//! syscall: the pipe is lock-free and its wake-ups are commands only on
//! sleep/wake transitions and every low-water-mark messages.
//!
//! # Transports
//! `bind`/`connect` parse the endpoint; inproc is handled here (see
//! `transport::inproc`); tcp and ipc go to [`Socket::bind_network`] /
//! [`Socket::connect_network`], the I/O engine's hook. A network endpoint
//! registers an [`EndpointHandle`] with [`Socket::add_endpoint`] so that
//! unbind/disconnect/close can stop it.

use super::command::{Attachment, Command, SocketMailbox};
use super::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::ctx::Context;
use crate::error::{Error, Result};
use crate::monitor::Monitor;
use crate::msg::Msg;
use crate::options::{self, Options};
use crate::pipe::{Pipe, PipeEvent, Read, ReadInto};
use crate::transport::endpoint::{self, Protocol};
use crate::transport::inproc;
use crate::util::id_map::IdMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const ZMQ_DONTWAIT: i32 = 1;
pub const ZMQ_SNDMORE: i32 = 2;
pub const ZMQ_POLLIN: i16 = 1;
pub const ZMQ_POLLOUT: i16 = 2;

/// Successful send/recv calls between two looks at the mailbox.
const COMMAND_INTERVAL: u32 = 64;

/// The socket's pipes, as `PipeSet` for the pattern.
#[derive(Default)]
pub(crate) struct PipeTable {
    pipes: IdMap<Pipe>,
    /// Pipes that finished during a pattern call; the base removes them and
    /// tells the pattern afterwards (no re-entrant callbacks).
    finished: Vec<PipeId>,
}

impl PipeTable {
    fn finish(&mut self, id: PipeId) {
        if !self.finished.contains(&id) {
            self.finished.push(id);
        }
    }
}

impl PipeSet for PipeTable {
    fn read(&mut self, id: PipeId) -> Option<Msg> {
        let p = self.pipes.get_mut(&id)?;
        match p.read() {
            Read::Msg(m) => Some(m),
            Read::Empty => None,
            Read::Delimiter => {
                self.finish(id);
                None
            }
        }
    }

    fn read_into(&mut self, id: PipeId, out: &mut Msg) -> bool {
        let Some(p) = self.pipes.get_mut(&id) else {
            return false;
        };
        match p.read_into(out) {
            ReadInto::Msg => true,
            ReadInto::Empty => false,
            ReadInto::Delimiter => {
                self.finish(id);
                false
            }
        }
    }

    fn check_read(&mut self, id: PipeId) -> bool {
        let Some(p) = self.pipes.get_mut(&id) else {
            return false;
        };
        if p.check_read() {
            return true;
        }
        if p.is_terminated() {
            self.finish(id);
        }
        false
    }

    fn check_write(&mut self, id: PipeId) -> bool {
        self.pipes.get_mut(&id).is_some_and(|p| p.check_write())
    }

    fn write(&mut self, id: PipeId, msg: Msg) -> std::result::Result<(), Msg> {
        match self.pipes.get_mut(&id) {
            Some(p) => p.write(msg),
            None => Err(msg),
        }
    }

    fn write_from(&mut self, id: PipeId, msg: &mut Msg) -> bool {
        match self.pipes.get_mut(&id) {
            Some(p) => p.write_from(msg),
            None => false,
        }
    }

    fn flush(&mut self, id: PipeId) {
        if let Some(p) = self.pipes.get_mut(&id) {
            p.flush();
        }
    }

    fn rollback(&mut self, id: PipeId) {
        if let Some(p) = self.pipes.get_mut(&id) {
            p.rollback();
        }
    }

    fn terminate(&mut self, id: PipeId) {
        if let Some(p) = self.pipes.get_mut(&id) {
            p.terminate();
            self.finish(id);
        }
    }
}

/// A network endpoint (listener or connecter with its sessions) owned by
/// the I/O engine; dropped or terminated on unbind/disconnect/close.
pub trait EndpointHandle: Send {
    /// Stops the endpoint; sessions linger per ZMQ_LINGER on their own.
    fn terminate(&mut self);
}

/// One socket. Used by one thread at a time (sockets are not thread-safe).
pub struct Socket {
    ctx: Context,
    registry_id: u64,
    mailbox: Arc<SocketMailbox>,
    pattern: Box<dyn Pattern>,
    pipes: PipeTable,
    options: Options,
    rcvmore: bool,
    ctx_terminated: bool,
    calls_since_commands: u32,
    /// inproc names this socket bound.
    inproc_bound: Vec<String>,
    /// inproc connections this socket made: (name, pipe id).
    inproc_connected: Vec<(String, PipeId)>,
    /// Network endpoints by the endpoint string given to bind/connect and
    /// the resolved one (ZMQ_LAST_ENDPOINT).
    endpoints: Vec<(String, Box<dyn EndpointHandle>)>,
    /// Deferred inproc connects disconnected before their `Attach` arrived.
    cancelled: Vec<PipeId>,
    /// Pipes attached while a network connect ran (None: not recording).
    recording: Option<Vec<PipeId>>,
    /// Pipes made by network connects, by endpoint: zmq_disconnect closes
    /// them at once, as libzmq, so nothing more is queued to that peer.
    endpoint_pipes: Vec<(String, PipeId)>,
    /// zmq_socket_monitor's events; shared with this socket's endpoints.
    monitor: Arc<Monitor>,
}

impl Socket {
    /// A new socket of `socket_type` in `ctx`: EINVAL for an unknown type,
    /// ETERM when the context is terminating, EMFILE at ZMQ_MAX_SOCKETS.
    pub fn new(ctx: &Context, socket_type: i32) -> Result<Socket> {
        let pattern = super::factory::create(socket_type).ok_or(Error::Inval)?;
        Socket::with_pattern(ctx, pattern)
    }

    /// A socket driving `pattern` (tests use private patterns).
    pub fn with_pattern(ctx: &Context, pattern: Box<dyn Pattern>) -> Result<Socket> {
        let mailbox = Arc::new(SocketMailbox::new()?);
        let registry_id = ctx.register_socket(mailbox.clone())?;
        let mut options = Options::for_socket_type(pattern.socket_type());
        let ctx_options = ctx.options();
        options.ipv6 = ctx_options.ipv6;
        // libzmq: with ZMQ_BLOCKY off, new sockets do not linger.
        if !ctx_options.blocky {
            options.linger = 0;
        }
        Ok(Socket {
            ctx: ctx.clone(),
            registry_id,
            mailbox,
            pattern,
            pipes: PipeTable::default(),
            options,
            rcvmore: false,
            ctx_terminated: false,
            calls_since_commands: 0,
            inproc_bound: Vec::new(),
            inproc_connected: Vec::new(),
            endpoints: Vec::new(),
            cancelled: Vec::new(),
            recording: None,
            endpoint_pipes: Vec::new(),
            monitor: Arc::default(),
        })
    }

    pub fn ctx(&self) -> &Context {
        &self.ctx
    }

    /// The generic options (read by transports and sessions).
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The mailbox, for whoever must send this socket commands.
    pub fn mailbox(&self) -> &Arc<SocketMailbox> {
        &self.mailbox
    }

    /// The monitor, for the endpoints that report events.
    pub fn monitor(&self) -> &Arc<Monitor> {
        &self.monitor
    }

    /// zmq_socket_monitor: `None` stops monitoring.
    pub fn set_monitor(&mut self, addr: Option<&str>, events: u32) -> Result<()> {
        self.check_alive()?;
        match addr {
            Some(a) => self.monitor.start(&self.ctx, a, events),
            None => {
                self.monitor.stop();
                Ok(())
            }
        }
    }

    /// The id this socket has in its context's registry.
    pub fn registry_id(&self) -> u64 {
        self.registry_id
    }

    // ----- commands -------------------------------------------------------

    /// Removes pipes that finished and tells the pattern.
    fn reap_pipes(&mut self) {
        while let Some(id) = self.pipes.finished.pop() {
            if self.pipes.pipes.remove(&id).is_some() {
                self.inproc_connected.retain(|(_, p)| *p != id);
                self.endpoint_pipes.retain(|(_, p)| *p != id);
                self.pattern.pipe_terminated(&mut self.pipes, id);
            }
        }
    }

    fn process_command(&mut self, cmd: Command) {
        match cmd {
            Command::Pipe(pc) => {
                let Some(p) = self.pipes.pipes.get_mut(&pc.pipe) else {
                    return; // a pipe we already dropped
                };
                match p.process_command(pc.cmd) {
                    PipeEvent::None => {}
                    PipeEvent::ReadActivated => {
                        self.pattern.read_activated(&mut self.pipes, pc.pipe)
                    }
                    PipeEvent::WriteActivated => {
                        self.pattern.write_activated(&mut self.pipes, pc.pipe)
                    }
                    PipeEvent::Terminated => self.pipes.finish(pc.pipe),
                }
            }
            Command::Attach(a) => {
                let Attachment { pipe, info } = *a;
                self.attach_pipe(pipe, &info)
            }
            Command::Stop => self.ctx_terminated = true,
        }
        self.reap_pipes();
    }

    /// Takes a new pipe end into the socket.
    pub(crate) fn attach_pipe(&mut self, mut pipe: Pipe, info: &PipeInfo) {
        if let Some(i) = self.cancelled.iter().position(|&id| id == pipe.id()) {
            self.cancelled.swap_remove(i);
            pipe.terminate();
            return;
        }
        if self.ctx_terminated {
            pipe.terminate();
            return;
        }
        pipe.set_owner(self.mailbox.clone());
        let id = pipe.id();
        if let Some(r) = self.recording.as_mut() {
            r.push(id);
        }
        self.pipes.pipes.insert(id, pipe);
        self.pattern.attach(&mut self.pipes, id, info);
        self.reap_pipes();
    }

    /// Processes every queued command without blocking.
    pub fn process_commands(&mut self) -> Result<()> {
        self.calls_since_commands = 0;
        loop {
            match self.mailbox.try_recv() {
                Ok(cmd) => self.process_command(cmd),
                Err(Error::Again) => break,
                Err(e) => return Err(e),
            }
        }
        if self.ctx_terminated {
            return Err(Error::Term);
        }
        Ok(())
    }

    /// Waits up to `deadline` for a command, then processes every queued one.
    fn wait_commands(&mut self, deadline: Option<Instant>) -> Result<()> {
        let timeout = match deadline {
            None => None,
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return Err(Error::Again);
                }
                Some(d - now)
            }
        };
        // One command at a time: the caller retries after each, and the
        // next wait takes any further queued command without blocking. This
        // keeps the mailbox lock off the wake-up path as much as possible.
        let cmd = self.mailbox.recv(timeout)?;
        self.process_command(cmd);
        if self.ctx_terminated {
            return Err(Error::Term);
        }
        Ok(())
    }

    fn tick(&mut self) -> Result<()> {
        self.calls_since_commands += 1;
        if self.calls_since_commands >= COMMAND_INTERVAL || self.mailbox.has_pending() {
            self.process_commands()?;
        }
        if self.ctx_terminated {
            return Err(Error::Term);
        }
        Ok(())
    }

    fn deadline(timeout_ms: i32) -> Option<Instant> {
        if timeout_ms < 0 {
            return None;
        }
        Instant::now().checked_add(Duration::from_millis(timeout_ms as u64))
    }

    // ----- send / recv ----------------------------------------------------

    /// Sends one frame (ZMQ_SNDMORE in `flags` marks more to come). On
    /// success `msg` is left empty; on error it is left as it was.
    pub fn send(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.tick()?;
        msg.set_more(flags & ZMQ_SNDMORE != 0);
        let rc = self.pattern.send(&mut self.pipes, msg);
        self.reap_pipes();
        match rc {
            Err(Error::Again) => {}
            other => return other,
        }
        let nonblocking = flags & ZMQ_DONTWAIT != 0 || self.options.sndtimeo == 0;
        let deadline = Socket::deadline(self.options.sndtimeo);
        // Commands may have made room already (a credit or a new pipe);
        // a blocking call finds them in its first wait.
        if nonblocking {
            self.process_commands()?;
        }
        loop {
            let rc = self.pattern.send(&mut self.pipes, msg);
            self.reap_pipes();
            match rc {
                Err(Error::Again) if !nonblocking => {}
                other => return other,
            }
            self.wait_commands(deadline)?;
        }
    }

    /// Receives one frame; ZMQ_RCVMORE follows its MORE flag.
    pub fn recv(&mut self, flags: i32) -> Result<Msg> {
        let mut msg = Msg::new();
        self.recv_into(&mut msg, flags)?;
        Ok(msg)
    }

    /// Receives one frame into `msg` (its old content is dropped); on error
    /// `msg` is left as it was. ZMQ_RCVMORE follows the frame's MORE flag.
    pub fn recv_into(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.tick()?;
        let rc = self.pattern.recv_into(&mut self.pipes, msg);
        self.reap_pipes();
        match rc {
            Err(Error::Again) => {}
            Ok(()) => {
                self.rcvmore = msg.more();
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        let nonblocking = flags & ZMQ_DONTWAIT != 0 || self.options.rcvtimeo == 0;
        let deadline = Socket::deadline(self.options.rcvtimeo);
        if nonblocking {
            self.process_commands()?;
        }
        loop {
            let rc = self.pattern.recv_into(&mut self.pipes, msg);
            self.reap_pipes();
            match rc {
                Err(Error::Again) if !nonblocking => {}
                Ok(()) => {
                    self.rcvmore = msg.more();
                    return Ok(());
                }
                Err(e) => return Err(e),
            }
            self.wait_commands(deadline)?;
        }
    }

    /// ZMQ_EVENTS: processes commands, then reports POLLIN/POLLOUT.
    pub fn events(&mut self) -> Result<i16> {
        self.process_commands()?;
        let mut ev = 0;
        if self.pattern.has_in(&mut self.pipes) {
            ev |= ZMQ_POLLIN;
        }
        if self.pattern.has_out(&mut self.pipes) {
            ev |= ZMQ_POLLOUT;
        }
        self.reap_pipes();
        Ok(ev)
    }

    /// zmq_socket_get_peer_state (draft API).
    pub fn peer_state(&mut self, routing_id: &[u8]) -> Result<i16> {
        self.process_commands()?;
        let state = self.pattern.peer_state(&mut self.pipes, routing_id);
        self.reap_pipes();
        state
    }

    /// ZMQ_FD: the mailbox's eventfd, made at the first call (EMFILE when
    /// the process has no fd left).
    pub fn fd(&self) -> Result<i32> {
        self.mailbox.fd()
    }

    pub fn rcvmore(&self) -> bool {
        self.rcvmore
    }

    // ----- options --------------------------------------------------------

    fn check_alive(&mut self) -> Result<()> {
        if self.ctx_terminated || self.ctx.is_terminating() {
            self.ctx_terminated = true;
            return Err(Error::Term);
        }
        Ok(())
    }

    /// zmq_setsockopt; `None` is a NULL value with length 0.
    pub fn set_option(&mut self, option: i32, value: Option<&[u8]>) -> Result<()> {
        self.check_alive()?;
        // Patterns see NULL/0 as an empty value (ZMQ_XPUB_WELCOME_MSG uses
        // it to clear); the generic options tell the two apart.
        let handled = self
            .pattern
            .set_option(&mut self.pipes, option, value.unwrap_or(&[]));
        self.reap_pipes();
        if handled? {
            if self.pattern.raw_socket() {
                self.options.raw_socket = true;
            }
            return Ok(());
        }
        self.options.set_raw(option, value)?;
        if option == options::ZMQ_SNDHWM || option == options::ZMQ_RCVHWM {
            // libzmq's update_pipe_options: the new marks apply to the
            // pipes this socket has now, not only to later ones.
            let (snd, rcv) = (self.options.sndhwm, self.options.rcvhwm);
            for pipe in self.pipes.pipes.values() {
                pipe.update_hwms(snd, rcv);
            }
        }
        Ok(())
    }

    /// zmq_getsockopt: writes into `out`, returns the length written.
    pub fn get_option(&mut self, option: i32, out: &mut [u8]) -> Result<usize> {
        self.check_alive()?;
        match option {
            options::ZMQ_RCVMORE => options::put_int_relaxed(out, self.rcvmore as i32),
            options::ZMQ_FD => options::put_int_relaxed(out, self.fd()?),
            options::ZMQ_EVENTS => {
                let ev = self.events()?;
                options::put_int_relaxed(out, i32::from(ev))
            }
            options::ZMQ_THREAD_SAFE => options::put_int_relaxed(out, 0),
            _ => match self.pattern.get_option(option, out)? {
                Some(n) => Ok(n),
                None => self.options.get(option, out),
            },
        }
    }

    // ----- endpoints ------------------------------------------------------

    pub fn bind(&mut self, uri: &str) -> Result<()> {
        self.check_alive()?;
        let ep = endpoint::parse_for_socket(uri, self.options.socket_type)?;
        self.process_commands()?;
        let last = match ep.protocol {
            Protocol::Inproc => {
                inproc::bind(self, ep.address)?;
                self.inproc_bound.push(ep.address.to_string());
                uri.to_string()
            }
            Protocol::Tcp | Protocol::Ipc | Protocol::Ws => self.bind_network(uri)?,
        };
        self.options.last_endpoint = last;
        Ok(())
    }

    pub fn connect(&mut self, uri: &str) -> Result<()> {
        self.check_alive()?;
        let ep = endpoint::parse_for_socket(uri, self.options.socket_type)?;
        self.process_commands()?;
        match ep.protocol {
            Protocol::Inproc => {
                let id = inproc::connect(self, ep.address)?;
                self.inproc_connected.push((ep.address.to_string(), id));
            }
            Protocol::Tcp | Protocol::Ipc | Protocol::Ws => {
                self.recording = Some(Vec::new());
                let r = self.connect_network(uri);
                let made = self.recording.take().unwrap_or_default();
                r?;
                self.endpoint_pipes
                    .extend(made.into_iter().map(|id| (uri.to_string(), id)));
            }
        }
        self.options.last_endpoint = uri.to_string();
        Ok(())
    }

    /// zmq_unbind and zmq_disconnect (libzmq treats them alike).
    pub fn term_endpoint(&mut self, uri: &str) -> Result<()> {
        self.check_alive()?;
        let ep = endpoint::parse(uri)?;
        self.process_commands()?;
        if ep.protocol == Protocol::Inproc {
            let name = ep.address;
            if let Some(i) = self.inproc_bound.iter().position(|n| n == name) {
                self.inproc_bound.swap_remove(i);
                inproc::unbind(&self.ctx, name, self.registry_id);
                return Ok(());
            }
            let ids: Vec<PipeId> = self
                .inproc_connected
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, id)| *id)
                .collect();
            if ids.is_empty() {
                return Err(Error::NoEnt);
            }
            for id in ids {
                if self.pipes.pipes.contains_key(&id) {
                    self.pipes.terminate(id);
                } else {
                    // A ROUTER's connect still waiting for its bind.
                    self.inproc_connected.retain(|(_, p)| *p != id);
                    if !inproc::cancel_pending(&self.ctx, self.registry_id, Some(id)) {
                        // The bind happened; its Attach is on the way.
                        self.cancelled.push(id);
                    }
                }
            }
            self.reap_pipes();
            return Ok(());
        }
        let before = self.endpoints.len();
        let mut i = 0;
        while i < self.endpoints.len() {
            if self.endpoints[i].0 == uri {
                let (_, mut h) = self.endpoints.swap_remove(i);
                h.terminate();
            } else {
                i += 1;
            }
        }
        if self.endpoints.len() == before {
            return Err(Error::NoEnt);
        }
        let mut i = 0;
        while i < self.endpoint_pipes.len() {
            if self.endpoint_pipes[i].0 == uri {
                let (_, id) = self.endpoint_pipes.swap_remove(i);
                self.pipes.terminate(id);
            } else {
                i += 1;
            }
        }
        self.reap_pipes();
        Ok(())
    }

    /// Records a network endpoint under `uri` (the string given to
    /// bind/connect, and also the resolved one for wildcard binds).
    pub fn add_endpoint(&mut self, uri: String, handle: Box<dyn EndpointHandle>) {
        self.endpoints.push((uri, handle));
    }

    /// The I/O engine's hook for tcp/ipc bind: returns ZMQ_LAST_ENDPOINT.
    fn bind_network(&mut self, uri: &str) -> Result<String> {
        crate::engine::network::bind(self, uri)
    }

    /// The I/O engine's hook for tcp/ipc connect.
    fn connect_network(&mut self, uri: &str) -> Result<()> {
        crate::engine::network::connect(self, uri)
    }

    /// zmq_close: returns at once. Peers can still read what this socket
    /// sent; network sessions linger per ZMQ_LINGER on their own. In a
    /// forked child the socket is the parent's: it is let go without a
    /// word to its mailbox, pipes, sessions or context (libzmq's forked
    /// signalers do nothing), so the parent is not disturbed.
    pub fn close(self) {
        if self.ctx.forked() {
            std::mem::forget(self);
            return;
        }
        drop(self);
    }

    /// Whether this socket will queue messages for pipes with this type
    /// (libzmq applies ZMQ_CONFLATE only to these types).
    pub(crate) fn effective_conflate(&self) -> bool {
        use super::factory::*;
        self.options.conflate
            && matches!(
                self.options.socket_type,
                ZMQ_DEALER | ZMQ_PULL | ZMQ_PUSH | ZMQ_PUB | ZMQ_SUB
            )
    }

    pub(crate) fn take_connect_routing_id(&mut self) -> Option<Vec<u8>> {
        self.pattern.take_connect_routing_id()
    }
}

/// Unregisters a closing socket from its context when dropped, so that
/// `zmq_ctx_term` is not left waiting for it even if the close panics
/// half-way (the panic is caught at the C boundary).
struct Unregister(Context, u64);

impl Drop for Unregister {
    fn drop(&mut self) {
        self.0.unregister_socket(self.1);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        let _unregister = Unregister(self.ctx.clone(), self.registry_id);
        let _ = self.process_commands();
        inproc::cancel_pending(&self.ctx, self.registry_id, None);
        for name in std::mem::take(&mut self.inproc_bound) {
            inproc::unbind(&self.ctx, &name, self.registry_id);
        }
        // Pipes first: a network session that sees its pipe end terminated
        // lingers to deliver what is pending; the endpoint's termination that
        // follows then only stops what has nothing left to send.
        for p in self.pipes.pipes.values_mut() {
            p.terminate();
        }
        self.pipes.pipes.clear();
        for (_, mut h) in std::mem::take(&mut self.endpoints) {
            h.terminate();
        }
        // After the listeners' CLOSED, as libzmq.
        self.monitor.stop();
    }
}

#[cfg(test)]
mod tests;
