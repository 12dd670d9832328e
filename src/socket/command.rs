//! Commands a socket receives through its mailbox, and the mailbox handle
//! other threads use to reach a socket.
//!
//! Other threads never touch a socket directly: peers (sockets, sessions in
//! I/O threads) and the context send it [`Command`]s through a
//! [`SocketMailbox`], whose eventfd (made on demand) is the socket's ZMQ_FD.
//!
//! For the I/O engine: to give a socket a new pipe (a tcp/ipc connection
//! whose session owns the other end), send
//! `Command::attach(pipe, info)` with `SocketMailbox::send`. The socket
//! sets itself as the pipe end's owner on attach, so pipe commands created
//! before that are buffered, not lost.

use crate::ctx::StopSocket;
use crate::error::Result;
use crate::io::mailbox::Mailbox;
use crate::pipe::{Pipe, PipeCommand, PipeOwner};
use crate::socket::pattern::PipeInfo;
use std::os::unix::io::RawFd;
use std::time::Duration;

pub enum Command {
    /// A command for one of the socket's pipe ends.
    Pipe(PipeCommand),
    /// A new pipe for the socket (inproc peer bound/connected, or a
    /// session). Boxed: it is rare, and a pipe held by value would make
    /// every command, the per-message pipe wake-ups included, as large.
    Attach(Box<Attachment>),
    /// The context is terminating: fail every call with ETERM.
    Stop,
}

/// A new pipe end and what the socket needs to know about its peer.
pub struct Attachment {
    pub pipe: Pipe,
    pub info: PipeInfo,
}

impl Command {
    pub fn attach(pipe: Pipe, info: PipeInfo) -> Command {
        Command::Attach(Box::new(Attachment { pipe, info }))
    }
}

/// A socket's mailbox; shared (`Arc`) with everyone that sends to it.
pub struct SocketMailbox(Mailbox<Command>);

impl SocketMailbox {
    pub fn new() -> Result<SocketMailbox> {
        Ok(SocketMailbox(Mailbox::new()?))
    }

    pub fn send(&self, cmd: Command) {
        self.0.send(cmd);
    }

    pub(crate) fn try_recv(&self) -> Result<Command> {
        self.0.try_recv()
    }

    pub(crate) fn recv(&self, timeout: Option<Duration>) -> Result<Command> {
        self.0.recv(timeout)
    }

    /// Whether a command waits, at the cost of one atomic load.
    pub(crate) fn has_pending(&self) -> bool {
        self.0.has_pending()
    }

    /// ZMQ_FD, made at the first call.
    pub fn fd(&self) -> Result<RawFd> {
        self.0.fd()
    }
}

impl PipeOwner for SocketMailbox {
    fn pipe_command(&self, cmd: PipeCommand) {
        self.0.send(Command::Pipe(cmd));
    }
}

impl StopSocket for SocketMailbox {
    fn stop(&self) {
        self.0.send(Command::Stop);
    }
}
