//! The inproc transport: a registry of bound names in the context, and pipes
//! made directly between two sockets.
//!
//! - bind: registers the name (EADDRINUSE if taken) with what a connecting
//!   socket needs of the binder (mailbox, HWMs, routing id, conflate), then
//!   takes every connection made to that name before the bind.
//! - connect to a bound name: makes the pipe pair, attaches one end locally,
//!   and sends the other to the binder as an `Attach` command.
//! - connect to a name not bound yet succeeds (as in libzmq 4.3): the pipe is
//!   made at once, so the connecting socket can queue messages; the other
//!   end waits in the registry until the bind, which then raises the HWMs to
//!   the sum of both sides' (libzmq's hwm boost).
//!
//! HWM of a direction: sender's SNDHWM + receiver's RCVHWM, unlimited when
//! either is 0. Each side's values at that moment stay with the pipe as
//! libzmq's hwm boosts: a socket that changes its HWMs later gets its new
//! value plus the other side's (`Pipe::update_hwms`). Each side learns the other's ZMQ_ROUTING_ID at pipe creation
//! (`PipeInfo::peer_routing_id`). A ROUTER that connects before the bind
//! needs the binder's routing id to name the peer (and cannot send to it
//! before anyway), so its end waits in the registry too and reaches it as an
//! `Attach` command at bind time; libzmq sends the id as a first message
//! instead. Other types attach at once and see an empty peer routing id.

use crate::ctx::Context;
use crate::error::{Error, Result};
use crate::pipe::{pipe_pair, Pipe, PipeConfig, PipeId, PipeOwner};
use crate::socket::base::Socket;
use crate::socket::command::{Command, SocketMailbox};
use crate::socket::factory::{ZMQ_REP, ZMQ_ROUTER};
use crate::socket::pattern::PipeInfo;
use std::collections::HashMap;
use std::sync::Arc;

struct Bound {
    socket: u64,
    socket_type: i32,
    mailbox: Arc<SocketMailbox>,
    sndhwm: i32,
    rcvhwm: i32,
    routing_id: Vec<u8>,
    conflate: bool,
}

/// A connecting ROUTER's end, held back until the bind.
struct Deferred {
    socket: u64,
    mailbox: Arc<SocketMailbox>,
    pipe: Pipe,
    connect_routing_id: Option<Vec<u8>>,
}

struct Pending {
    /// The end for the binder.
    pipe: Pipe,
    connector: Option<Deferred>,
    sndhwm: i32,
    rcvhwm: i32,
    routing_id: Vec<u8>,
}

/// Bound inproc names of one context, and connects waiting for a bind.
#[derive(Default)]
pub struct Registry {
    bound: HashMap<String, Bound>,
    pending: HashMap<String, Vec<Pending>>,
}

impl Registry {
    /// Forgets everything (context termination).
    pub fn clear(&mut self) {
        self.bound.clear();
        self.pending.clear();
    }
}

fn sum_hwm(snd: i32, rcv: i32) -> u64 {
    if snd <= 0 || rcv <= 0 {
        0
    } else {
        snd as u64 + rcv as u64
    }
}

fn hwm(v: i32) -> u64 {
    v.max(0) as u64
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::Inval);
    }
    Ok(())
}

pub(crate) fn bind(sock: &mut Socket, name: &str) -> Result<()> {
    check_name(name)?;
    let opts = sock.options();
    let (sndhwm, rcvhwm, routing_id) = (opts.sndhwm, opts.rcvhwm, opts.routing_id.clone());
    let pending = {
        let ctx = sock.ctx().clone();
        let mut reg = ctx.inproc();
        if reg.bound.contains_key(name) {
            return Err(Error::AddrInUse);
        }
        reg.bound.insert(
            name.to_string(),
            Bound {
                socket: sock.registry_id(),
                socket_type: opts.socket_type,
                mailbox: sock.mailbox().clone(),
                sndhwm,
                rcvhwm,
                routing_id: routing_id.clone(),
                conflate: sock.effective_conflate(),
            },
        );
        reg.pending.remove(name).unwrap_or_default()
    };
    for p in pending {
        // This end writes binder -> connector and reads connector -> binder.
        p.pipe
            .set_hwms(sum_hwm(sndhwm, p.rcvhwm), sum_hwm(p.sndhwm, rcvhwm));
        p.pipe
            .set_inproc_boosts((sndhwm, rcvhwm), (p.sndhwm, p.rcvhwm));
        // The connector may already be blocked at its own SNDHWM.
        p.pipe.announce_credit();
        if let Some(d) = p.connector {
            d.mailbox.send(Command::attach(
                d.pipe,
                PipeInfo {
                    peer_routing_id: routing_id.clone(),
                    connect_routing_id: d.connect_routing_id,
                    locally_initiated: true,
                    routing_id_in_band: false,
                },
            ));
        }
        let info = PipeInfo {
            peer_routing_id: p.routing_id,
            connect_routing_id: None,
            locally_initiated: false,
            routing_id_in_band: false,
        };
        sock.attach_pipe(p.pipe, &info);
    }
    Ok(())
}

/// Connects to `name`; returns the id of the local pipe end.
pub(crate) fn connect(sock: &mut Socket, name: &str) -> Result<PipeId> {
    check_name(name)?;
    let ctx = sock.ctx().clone();
    let opts = sock.options();
    let (sndhwm, rcvhwm, routing_id) = (opts.sndhwm, opts.rcvhwm, opts.routing_id.clone());
    let is_router = opts.socket_type == ZMQ_ROUTER;
    let my_conflate = sock.effective_conflate();
    let connect_routing_id = sock.take_connect_routing_id();
    let (pipe, peer_routing_id) = {
        let mut reg = ctx.inproc();
        match reg.bound.get(name) {
            Some(b) => {
                let (mine, theirs) = pipe_pair(PipeConfig {
                    hwm: [sum_hwm(sndhwm, b.rcvhwm), sum_hwm(b.sndhwm, rcvhwm)],
                    conflate: [my_conflate, b.conflate],
                    owners: [None, Some(b.mailbox.clone())],
                });
                mine.set_inproc_boosts((sndhwm, rcvhwm), (b.sndhwm, b.rcvhwm));
                b.mailbox.send(Command::attach(
                    theirs,
                    PipeInfo {
                        peer_routing_id: routing_id,
                        connect_routing_id: None,
                        locally_initiated: false,
                        routing_id_in_band: false,
                    },
                ));
                (mine, b.routing_id.clone())
            }
            None => {
                let (mine, theirs) = pipe_pair(PipeConfig {
                    hwm: [hwm(sndhwm), hwm(rcvhwm)],
                    conflate: [my_conflate, false],
                    owners: [None, None],
                });
                let id = mine.id();
                let mut pending = Pending {
                    pipe: theirs,
                    connector: None,
                    sndhwm,
                    rcvhwm,
                    routing_id,
                };
                let result = if is_router {
                    pending.connector = Some(Deferred {
                        socket: sock.registry_id(),
                        mailbox: sock.mailbox().clone(),
                        pipe: mine,
                        connect_routing_id: connect_routing_id.clone(),
                    });
                    None
                } else {
                    Some(mine)
                };
                reg.pending
                    .entry(name.to_string())
                    .or_default()
                    .push(pending);
                match result {
                    Some(mine) => (mine, Vec::new()),
                    None => return Ok(id),
                }
            }
        }
    };
    let id = pipe.id();
    let info = PipeInfo {
        peer_routing_id,
        connect_routing_id,
        locally_initiated: true,
        routing_id_in_band: false,
    };
    sock.attach_pipe(pipe, &info);
    Ok(id)
}

/// The ZAP handler's endpoint (RFC 27).
pub(crate) const ZAP_ENDPOINT: &str = "zeromq.zap.01";

/// Connects a session to the ZAP handler bound at `inproc://zeromq.zap.01`
/// (libzmq's `session_base_t::zap_connect`): an unlimited pipe pair, one
/// end attached to the handler's socket, the other returned, owned by
/// `owner` (the session's I/O thread). None when nothing is bound there or
/// the binder is neither REP nor ROUTER (libzmq asserts on the latter).
pub(crate) fn connect_zap(ctx: &Context, owner: Arc<dyn PipeOwner>) -> Option<Pipe> {
    let reg = ctx.inproc();
    let b = reg.bound.get(ZAP_ENDPOINT)?;
    if b.socket_type != ZMQ_REP && b.socket_type != ZMQ_ROUTER {
        return None;
    }
    let (mine, theirs) = pipe_pair(PipeConfig {
        hwm: [0, 0],
        conflate: [false, false],
        owners: [Some(owner), Some(b.mailbox.clone())],
    });
    // A ROUTER handler names the session with a generated routing id.
    b.mailbox.send(Command::attach(
        theirs,
        PipeInfo {
            peer_routing_id: Vec::new(),
            connect_routing_id: None,
            locally_initiated: false,
            routing_id_in_band: false,
        },
    ));
    Some(mine)
}

/// Forgets connects still waiting for their bind: `socket` disconnected
/// (`pipe`: its end) or closed (`pipe`: None, every such connect). Returns
/// whether anything was removed.
pub(crate) fn cancel_pending(ctx: &Context, socket: u64, pipe: Option<PipeId>) -> bool {
    let mut reg = ctx.inproc();
    let mut removed = false;
    for list in reg.pending.values_mut() {
        list.retain(|p| {
            let mine = p
                .connector
                .as_ref()
                .is_some_and(|d| d.socket == socket && pipe.is_none_or(|id| d.pipe.id() == id));
            removed |= mine;
            !mine
        });
    }
    reg.pending.retain(|_, l| !l.is_empty());
    removed
}

/// Removes `name` if `socket` bound it. Existing connections stay.
pub(crate) fn unbind(ctx: &Context, name: &str, socket: u64) {
    let mut reg = ctx.inproc();
    if reg.bound.get(name).is_some_and(|b| b.socket == socket) {
        reg.bound.remove(name);
    }
}
