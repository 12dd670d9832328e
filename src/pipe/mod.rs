//! Pipes: the bidirectional message channel between a socket and its peer
//! (another socket for inproc, a session in an I/O thread for tcp/ipc).
//!
//! A pipe is two ends ([`Pipe`]), each owned by one thread at a time: each end
//! writes into one [`ypipe`] queue and reads from the other. Ends never call
//! each other's owners directly; they exchange [`PipeCommand`]s, delivered to
//! whoever owns the peer end through an [`OwnerSlot`]:
//!
//! - `ActivateRead`: the writer flushed while the reader slept (ypipe protocol).
//! - `ActivateWrite(n)`: the reader has read `n` messages in total; sent every
//!   low-water-mark messages so a writer blocked on HWM can continue.
//! - `Term`: the peer end is closing; a delimiter follows the last message it
//!   wrote.
//!
//! # Owners and wake-ups
//! The owner of an end implements [`PipeOwner`] (the socket's mailbox, or an
//! I/O thread's mailbox: `PipeId`s are unique in the process, so one I/O
//! thread can dispatch commands for many pipes). An end created before its
//! owner is known (inproc connect before bind) buffers the commands for it in
//! its slot until [`Pipe::set_owner`] is called.
//!
//! The owner hands each command to [`Pipe::process_command`] of the end with
//! `PipeCommand::pipe` as id, and reacts to the returned [`PipeEvent`].
//!
//! # For the session (I/O engine)
//! `pipe_pair(PipeConfig)` gives two ends. Keep one (`set_owner` with your I/O
//! thread's mailbox adapter), send the other to the socket as
//! `socket::command::Command::attach(pipe, info)` through the socket's
//! mailbox. Read with `read()` (`Read::Delimiter` means the socket closed the
//! pipe: finish per ZMQ_LINGER and drop), write with `write()` + `flush()`.
//!
//! # Termination
//! Memory is shared through `Arc`, so ends need no acknowledgement round
//! trip: [`Pipe::terminate`] writes a delimiter after the messages already
//! flushed (dropping an unfinished multipart message), sends `Term`, and the
//! end can be dropped at once. The other end, on `Term`, terminates at once
//! when nothing is left to read (or when it does not wait for pending
//! messages: `delay == false`), otherwise after reading up to the delimiter.

pub mod conflate;
pub mod ypipe;

use crate::msg::Msg;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::Arc;

pub use crate::socket::pattern::PipeId;

static NEXT_PIPE_ID: AtomicU64 = AtomicU64::new(1);

/// A new process-wide unique pipe id.
pub fn next_pipe_id() -> PipeId {
    // Relaxed: only uniqueness matters.
    NEXT_PIPE_ID.fetch_add(1, Ordering::Relaxed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipeCmd {
    ActivateRead,
    ActivateWrite(u64),
    Term,
    /// The peer's socket changed its HWMs: (its SNDHWM, its RCVHWM), which
    /// are this end's (in, out) values before boosts (libzmq's `pipe_hwm`).
    Hwms(i32, i32),
}

/// A command for the pipe end `pipe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipeCommand {
    pub pipe: PipeId,
    pub cmd: PipeCmd,
}

/// Whoever owns a pipe end and must receive commands for it.
pub trait PipeOwner: Send + Sync {
    fn pipe_command(&self, cmd: PipeCommand);
}

enum Slot {
    Pending(Vec<PipeCommand>),
    Attached(Arc<dyn PipeOwner>),
}

/// Where commands for one end go. Locked only on wake-ups, never per message.
pub struct OwnerSlot(Mutex<Slot>);

impl OwnerSlot {
    fn new(owner: Option<Arc<dyn PipeOwner>>) -> Arc<OwnerSlot> {
        Arc::new(OwnerSlot(Mutex::new(match owner {
            Some(o) => Slot::Attached(o),
            None => Slot::Pending(Vec::new()),
        })))
    }

    fn send(&self, cmd: PipeCommand) {
        let mut s = self.0.lock();
        match &mut *s {
            Slot::Pending(v) => v.push(cmd),
            Slot::Attached(o) => o.pipe_command(cmd),
        }
    }

    fn set(&self, owner: Arc<dyn PipeOwner>) {
        let mut s = self.0.lock();
        if let Slot::Pending(v) = &mut *s {
            for c in v.drain(..) {
                owner.pipe_command(c);
            }
        }
        *s = Slot::Attached(owner);
    }
}

/// High and low water marks of one direction, shared by its writer (HWM) and
/// reader (LWM) so a later bind can raise them (libzmq's hwm boost).
///
/// The boosts are libzmq's `_out_hwm_boost` of the writer and
/// `_in_hwm_boost` of the reader: for an inproc pipe, the other socket's
/// contribution to this direction (the reader's RCVHWM for the writer, the
/// writer's SNDHWM for the reader), -1 for none. A socket that changes its
/// HWMs later adds them to its new values (`Pipe::apply_hwms`).
struct Marks {
    hwm: AtomicU64,
    lwm: AtomicU64,
    writer_boost: AtomicI32,
    reader_boost: AtomicI32,
}

/// libzmq 4.3's `compute_lwm`: the reader returns credit every half HWM
/// (rounded up). Older libzmq capped the distance to the HWM at 1024, which
/// for a large HWM left most of the window unreturned: a writer that had
/// sent 9 999 of 11 024 got nothing back until 10 000 were read.
pub fn compute_lwm(hwm: u64) -> u64 {
    hwm.div_ceil(2)
}

impl Marks {
    fn new(hwm: u64) -> Arc<Marks> {
        Arc::new(Marks {
            hwm: AtomicU64::new(hwm),
            lwm: AtomicU64::new(compute_lwm(hwm)),
            writer_boost: AtomicI32::new(-1),
            reader_boost: AtomicI32::new(-1),
        })
    }
    fn set(&self, hwm: u64) {
        // Relaxed: a stale value for a few messages is harmless.
        self.hwm.store(hwm, Ordering::Relaxed);
        self.lwm.store(compute_lwm(hwm), Ordering::Relaxed);
    }
}

/// A queue item: a frame, or the end of the stream.
pub enum Item {
    Msg(Msg),
    Delimiter,
}

enum Out {
    Y(ypipe::Writer<Item>),
    Conflate(Arc<conflate::Conflate>),
}

enum In {
    Y(ypipe::Reader<Item>),
    Conflate(Arc<conflate::Conflate>),
}

impl Out {
    fn write(&mut self, item: Item, incomplete: bool) {
        match self {
            Out::Y(w) => w.write(item, incomplete),
            Out::Conflate(c) => c.write(item),
        }
    }
    fn flush(&mut self) -> bool {
        match self {
            Out::Y(w) => w.flush(),
            Out::Conflate(c) => c.flush(),
        }
    }
    fn unwrite(&mut self) -> Option<Item> {
        match self {
            Out::Y(w) => w.unwrite(),
            Out::Conflate(_) => None,
        }
    }
}

impl In {
    fn check_read(&mut self) -> bool {
        match self {
            In::Y(r) => r.check_read(),
            In::Conflate(c) => c.check_read(),
        }
    }
    fn next_is_delimiter(&mut self) -> bool {
        match self {
            In::Y(r) => matches!(r.peek(), Some(Item::Delimiter)),
            In::Conflate(c) => c.next_is_delimiter(),
        }
    }
    fn read(&mut self) -> Option<Item> {
        match self {
            In::Y(r) => r.read(),
            In::Conflate(c) => c.read(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Active,
    /// The peer terminated; reading continues up to its delimiter.
    WaitingForDelimiter,
    Terminated,
}

/// What an owner must do after [`Pipe::process_command`] or a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipeEvent {
    None,
    ReadActivated,
    WriteActivated,
    /// The pipe is finished: forget it and drop it.
    Terminated,
}

/// Outcome of [`Pipe::read`].
pub enum Read {
    Msg(Msg),
    /// Nothing to read now; `ActivateRead` follows when there is.
    Empty,
    /// The peer terminated and everything it sent was read: the pipe is
    /// finished (`is_terminated()`), the owner drops it.
    Delimiter,
}

/// Outcome of [`Pipe::read_into`]: as [`Read`], the frame being in the
/// caller's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadInto {
    Msg,
    Empty,
    Delimiter,
}

/// How to build a pipe pair. `hwm[0]` bounds the direction end 0 -> end 1,
/// `hwm[1]` the other; 0 means unlimited.
#[derive(Clone, Default)]
pub struct PipeConfig {
    pub hwm: [u64; 2],
    /// ZMQ_CONFLATE per receiving end: `conflate[1]` for the queue end 1 reads.
    pub conflate: [bool; 2],
    pub owners: [Option<Arc<dyn PipeOwner>>; 2],
}

/// One end of a pipe.
pub struct Pipe {
    id: PipeId,
    peer_id: PipeId,
    inq: In,
    outq: Out,
    /// The slot commands for the peer end go to.
    peer_slot: Arc<OwnerSlot>,
    /// This end's slot (the peer sends to it); set by `set_owner`.
    my_slot: Arc<OwnerSlot>,
    out_marks: Arc<Marks>,
    in_marks: Arc<Marks>,
    in_active: bool,
    out_active: bool,
    msgs_read: u64,
    msgs_written: u64,
    peers_msgs_read: u64,
    /// A message is half written (frames with MORE so far).
    out_more: bool,
    state: State,
    /// Wait for pending messages when the peer terminates (libzmq's `delay`).
    delay: bool,
}

/// Creates a connected pair of pipe ends.
pub fn pipe_pair(cfg: PipeConfig) -> (Pipe, Pipe) {
    let [owner0, owner1] = cfg.owners;
    let slot0 = OwnerSlot::new(owner0);
    let slot1 = OwnerSlot::new(owner1);
    let marks01 = Marks::new(cfg.hwm[0]);
    let marks10 = Marks::new(cfg.hwm[1]);
    let (out0, in1) = queue(cfg.conflate[1]);
    let (out1, in0) = queue(cfg.conflate[0]);
    let (id0, id1) = (next_pipe_id(), next_pipe_id());
    let end = |id: PipeId,
               peer_id: PipeId,
               inq: In,
               outq: Out,
               peer_slot: Arc<OwnerSlot>,
               my_slot: Arc<OwnerSlot>,
               out_marks: Arc<Marks>,
               in_marks: Arc<Marks>,
               conflate: bool| Pipe {
        id,
        peer_id,
        inq,
        outq,
        peer_slot,
        my_slot,
        out_marks,
        in_marks,
        in_active: true,
        out_active: true,
        msgs_read: 0,
        msgs_written: 0,
        peers_msgs_read: 0,
        out_more: false,
        state: State::Active,
        delay: !conflate,
    };
    let p0 = end(
        id0,
        id1,
        in0,
        out0,
        slot1.clone(),
        slot0.clone(),
        marks01.clone(),
        marks10.clone(),
        cfg.conflate[0],
    );
    let p1 = end(
        id1,
        id0,
        in1,
        out1,
        slot0,
        slot1,
        marks10,
        marks01,
        cfg.conflate[1],
    );
    (p0, p1)
}

fn queue(conflate: bool) -> (Out, In) {
    if conflate {
        let c = Arc::new(conflate::Conflate::default());
        (Out::Conflate(c.clone()), In::Conflate(c))
    } else {
        let (w, r) = ypipe::ypipe();
        (Out::Y(w), In::Y(r))
    }
}

impl Pipe {
    pub fn id(&self) -> PipeId {
        self.id
    }

    /// The id of the other end (its owner dispatches on it).
    pub fn peer_id(&self) -> PipeId {
        self.peer_id
    }

    /// Names this end's owner; commands buffered so far are delivered to it.
    pub fn set_owner(&self, owner: Arc<dyn PipeOwner>) {
        self.my_slot.set(owner);
    }

    /// Raises the HWMs (inproc bind completing an earlier connect): `out`
    /// for what this end writes, `inb` for what it reads; 0 is unlimited.
    pub fn set_hwms(&self, out: u64, inb: u64) {
        self.out_marks.set(out);
        self.in_marks.set(inb);
    }

    /// Records libzmq's hwm boosts of an inproc pipe: `mine` are the
    /// (SNDHWM, RCVHWM) of this end's socket, `peer` those of the other
    /// end's socket, as they were when the two were joined.
    pub fn set_inproc_boosts(&self, mine: (i32, i32), peer: (i32, i32)) {
        let (my_snd, my_rcv) = mine;
        let (peer_snd, peer_rcv) = peer;
        self.out_marks
            .writer_boost
            .store(peer_rcv, Ordering::Relaxed);
        self.out_marks.reader_boost.store(my_snd, Ordering::Relaxed);
        self.in_marks.writer_boost.store(my_rcv, Ordering::Relaxed);
        self.in_marks
            .reader_boost
            .store(peer_snd, Ordering::Relaxed);
    }

    /// This end's socket changed ZMQ_SNDHWM/ZMQ_RCVHWM (libzmq's
    /// `update_pipe_options`): applies them here and sends the peer end
    /// its share.
    pub fn update_hwms(&self, sndhwm: i32, rcvhwm: i32) {
        self.apply_hwms(rcvhwm, sndhwm);
        self.send_peer(PipeCmd::Hwms(sndhwm, rcvhwm));
    }

    /// libzmq's `pipe_t::set_hwms`: `outhwm` limits what this end writes,
    /// `inhwm` sets how often it returns credit; each plus its boost, and
    /// unlimited when the value or the boost is 0. A conflating queue keeps
    /// no limit.
    fn apply_hwms(&self, inhwm: i32, outhwm: i32) {
        fn boosted(value: i32, boost: i32) -> u64 {
            if value <= 0 || boost == 0 {
                0
            } else {
                value as u64 + boost.max(0) as u64
            }
        }
        if matches!(self.outq, Out::Y(_)) {
            let boost = self.out_marks.writer_boost.load(Ordering::Relaxed);
            let out = boosted(outhwm, boost);
            self.out_marks.hwm.store(out, Ordering::Relaxed);
        }
        if matches!(self.inq, In::Y(_)) {
            let boost = self.in_marks.reader_boost.load(Ordering::Relaxed);
            let lwm = compute_lwm(boosted(inhwm, boost));
            self.in_marks.lwm.store(lwm, Ordering::Relaxed);
        }
    }

    /// Tells the writer how much this end has read, so a writer that was
    /// blocked by a lower HWM re-checks (after `set_hwms` raised it).
    pub fn announce_credit(&self) {
        self.send_peer(PipeCmd::ActivateWrite(self.msgs_read));
    }

    pub fn is_terminated(&self) -> bool {
        self.state == State::Terminated
    }

    fn send_peer(&self, cmd: PipeCmd) {
        self.peer_slot.send(PipeCommand {
            pipe: self.peer_id,
            cmd,
        });
    }

    /// Whether a frame can be read now. When false the pipe sleeps until
    /// `ReadActivated` (or it has terminated: check `is_terminated`).
    pub fn check_read(&mut self) -> bool {
        if !self.in_active || self.state == State::Terminated {
            return false;
        }
        if !self.inq.check_read() {
            self.in_active = false;
            return false;
        }
        if self.inq.next_is_delimiter() {
            let _ = self.inq.read();
            self.state = State::Terminated;
            return false;
        }
        true
    }

    /// Takes the next frame.
    pub fn read(&mut self) -> Read {
        if !self.in_active || self.state == State::Terminated {
            return if self.state == State::Terminated {
                Read::Delimiter
            } else {
                Read::Empty
            };
        }
        match self.inq.read() {
            None => {
                self.in_active = false;
                Read::Empty
            }
            Some(Item::Delimiter) => {
                self.state = State::Terminated;
                Read::Delimiter
            }
            Some(Item::Msg(msg)) => {
                self.count_read(msg.more());
                Read::Msg(msg)
            }
        }
    }

    /// Takes the next frame into `out` (its old content is dropped), without
    /// moving it through return values: the socket's recv path hands the
    /// caller's `zmq_msg_t` down to here. `out` is untouched unless a frame
    /// is read.
    pub fn read_into(&mut self, out: &mut Msg) -> ReadInto {
        if !self.in_active || self.state == State::Terminated {
            return if self.state == State::Terminated {
                ReadInto::Delimiter
            } else {
                ReadInto::Empty
            };
        }
        match self.inq.read() {
            None => {
                self.in_active = false;
                ReadInto::Empty
            }
            Some(Item::Delimiter) => {
                self.state = State::Terminated;
                ReadInto::Delimiter
            }
            Some(Item::Msg(msg)) => {
                let more = msg.more();
                *out = msg;
                self.count_read(more);
                ReadInto::Msg
            }
        }
    }

    /// Counts a frame read; every LWM complete messages the writer gets its
    /// credit back.
    #[inline]
    fn count_read(&mut self, more: bool) {
        if !more {
            self.msgs_read += 1;
            let lwm = self.in_marks.lwm.load(Ordering::Relaxed);
            if lwm > 0 && self.msgs_read.is_multiple_of(lwm) {
                self.send_peer(PipeCmd::ActivateWrite(self.msgs_read));
            }
        }
    }

    /// Queues a frame that `check_write` admitted.
    #[inline]
    fn push_out(&mut self, msg: Msg) {
        let more = msg.more();
        self.outq.write(Item::Msg(msg), more);
        self.out_more = more;
        if !more {
            self.msgs_written += 1;
        }
    }

    /// Whether one more message fits under the HWM. When false the pipe
    /// waits for `WriteActivated`.
    pub fn check_write(&mut self) -> bool {
        if !self.out_active || self.state != State::Active {
            return false;
        }
        let hwm = self.out_marks.hwm.load(Ordering::Relaxed);
        if hwm > 0 && self.msgs_written - self.peers_msgs_read >= hwm {
            self.out_active = false;
            return false;
        }
        true
    }

    /// Writes one frame; gives it back when the pipe is full or closing.
    pub fn write(&mut self, msg: Msg) -> Result<(), Msg> {
        if !self.check_write() {
            return Err(msg);
        }
        self.push_out(msg);
        Ok(())
    }

    /// Writes the frame in `msg`, leaving an empty message there; `false`
    /// (and `msg` untouched) when the pipe is full or closing. The send
    /// path's form of [`Pipe::write`]: no frame travels back and forth.
    pub fn write_from(&mut self, msg: &mut Msg) -> bool {
        if !self.check_write() {
            return false;
        }
        self.push_out(std::mem::take(msg));
        true
    }

    /// Drops the frames of an unfinished message.
    pub fn rollback(&mut self) {
        while self.outq.unwrite().is_some() {}
        self.out_more = false;
    }

    /// Publishes complete messages, waking the reader if it slept.
    pub fn flush(&mut self) {
        if self.state == State::Terminated {
            return;
        }
        if !self.outq.flush() {
            self.send_peer(PipeCmd::ActivateRead);
        }
    }

    /// Closes this end: the peer can still read what was flushed. The end is
    /// finished afterwards and may be dropped.
    pub fn terminate(&mut self) {
        if self.state == State::Terminated {
            return;
        }
        self.rollback();
        self.outq.write(Item::Delimiter, false);
        if !self.outq.flush() {
            self.send_peer(PipeCmd::ActivateRead);
        }
        self.send_peer(PipeCmd::Term);
        self.state = State::Terminated;
        self.in_active = false;
        self.out_active = false;
    }

    /// Applies a command addressed to this end.
    pub fn process_command(&mut self, cmd: PipeCmd) -> PipeEvent {
        match cmd {
            PipeCmd::ActivateRead => {
                if !self.in_active && self.state != State::Terminated {
                    self.in_active = true;
                    return PipeEvent::ReadActivated;
                }
                PipeEvent::None
            }
            PipeCmd::ActivateWrite(n) => {
                self.peers_msgs_read = n;
                if !self.out_active && self.state == State::Active {
                    self.out_active = true;
                    return PipeEvent::WriteActivated;
                }
                PipeEvent::None
            }
            PipeCmd::Hwms(inhwm, outhwm) => {
                self.apply_hwms(inhwm, outhwm);
                PipeEvent::None
            }
            PipeCmd::Term => {
                if self.state != State::Active {
                    return PipeEvent::None;
                }
                // The delimiter was flushed before Term was sent, so it is
                // visible now: nothing pending means we are done.
                let was_active = self.in_active;
                self.in_active = true;
                if !self.delay || !self.inq.check_read() || self.inq.next_is_delimiter() {
                    self.state = State::Terminated;
                    return PipeEvent::Terminated;
                }
                self.state = State::WaitingForDelimiter;
                // Make sure the owner reads up to the delimiter.
                if was_active {
                    PipeEvent::None
                } else {
                    PipeEvent::ReadActivated
                }
            }
        }
    }
}

/// An end dropped without `terminate` (its owner vanished, or it was still
/// in a mailbox) must still let the peer finish.
impl Drop for Pipe {
    fn drop(&mut self) {
        self.terminate();
    }
}

#[cfg(test)]
mod tests;
#[cfg(all(test, loom))]
mod ypipe_loom;
