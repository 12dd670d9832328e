//! Socket monitoring (`zmq_socket_monitor`, libzmq 4.3's event format 1).
//!
//! A monitored socket owns one [`Monitor`]; its listeners and sessions on
//! the I/O threads hold it through their socket link and report events at
//! the points where libzmq's `socket_base_t::event_*` calls are. Each event
//! goes out on an internal ZMQ_PAIR socket bound to the inproc address the
//! user gave, as two frames: 6 bytes (u16 event, u32 value, native byte
//! order) and the endpoint string.
//!
//! # Threads
//! Events come from the socket's own thread (bind) and from I/O threads.
//! As in libzmq, the PAIR socket is written under a mutex; sends never
//! block (ZMQ_DONTWAIT: an event nobody can take is dropped, as libzmq
//! does). The mutex is taken per connection event, never per message, and
//! an atomic copy of the event mask keeps unmonitored sockets lock-free.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::ctx::Context;
use crate::engine::events::EventSink;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::base::{Socket, ZMQ_DONTWAIT, ZMQ_SNDMORE};
use crate::transport::endpoint::{self, Protocol};

pub const ZMQ_EVENT_CONNECTED: u16 = 0x0001;
pub const ZMQ_EVENT_CONNECT_DELAYED: u16 = 0x0002;
pub const ZMQ_EVENT_CONNECT_RETRIED: u16 = 0x0004;
pub const ZMQ_EVENT_LISTENING: u16 = 0x0008;
pub const ZMQ_EVENT_BIND_FAILED: u16 = 0x0010;
pub const ZMQ_EVENT_ACCEPTED: u16 = 0x0020;
pub const ZMQ_EVENT_ACCEPT_FAILED: u16 = 0x0040;
pub const ZMQ_EVENT_CLOSED: u16 = 0x0080;
pub const ZMQ_EVENT_CLOSE_FAILED: u16 = 0x0100;
pub const ZMQ_EVENT_DISCONNECTED: u16 = 0x0200;
pub const ZMQ_EVENT_MONITOR_STOPPED: u16 = 0x0400;
pub const ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: u16 = 0x0800;
pub const ZMQ_EVENT_HANDSHAKE_SUCCEEDED: u16 = 0x1000;
pub const ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: u16 = 0x2000;
pub const ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: u16 = 0x4000;
pub const ZMQ_EVENT_ALL: u16 = 0xffff;

const ZMQ_PAIR: i32 = 0;
const ZMQ_LINGER: i32 = 17;

/// The monitor of one socket; idle until `start`.
#[derive(Default)]
pub struct Monitor {
    /// The events wanted, 0 when not monitoring. Read without the lock to
    /// skip unmonitored events; Relaxed is enough: an event racing with
    /// start/stop may be dropped or sent either way, and the lock orders
    /// everything that is sent.
    mask: AtomicU32,
    active: Mutex<Option<Active>>,
}

struct Active {
    socket: Socket,
    events: u32,
}

impl Monitor {
    /// A poisoned lock only means a thread panicked while sending an event;
    /// the socket is still usable.
    fn lock(&self) -> MutexGuard<'_, Option<Active>> {
        self.active.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts monitoring `events` on a new PAIR socket bound to `addr`
    /// (inproc only: EPROTONOSUPPORT otherwise), replacing any previous
    /// monitor (which gets MONITOR_STOPPED).
    pub fn start(&self, ctx: &Context, addr: &str, events: u32) -> Result<()> {
        let ep = endpoint::parse(addr)?;
        if ep.protocol != Protocol::Inproc {
            return Err(Error::ProtoNoSupport);
        }
        self.stop();
        let mut socket = Socket::new(ctx, ZMQ_PAIR)?;
        // libzmq: events not yet read are not worth a lingering close.
        socket.set_option(ZMQ_LINGER, Some(&0i32.to_ne_bytes()))?;
        socket.bind(addr)?;
        let mut active = self.lock();
        *active = Some(Active { socket, events });
        self.mask.store(events, Ordering::Relaxed);
        Ok(())
    }

    /// Stops monitoring: MONITOR_STOPPED (when wanted) is the last event,
    /// then the PAIR socket closes. Nothing happens when not monitoring.
    pub fn stop(&self) {
        let taken = {
            let mut active = self.lock();
            self.mask.store(0, Ordering::Relaxed);
            let taken = active.take();
            if let Some(mut a) = taken {
                if a.events & u32::from(ZMQ_EVENT_MONITOR_STOPPED) != 0 {
                    send_event(&mut a.socket, ZMQ_EVENT_MONITOR_STOPPED, 0, "");
                }
                Some(a)
            } else {
                None
            }
        };
        // Closed outside the lock: closing talks to the context.
        drop(taken);
    }

    /// Whether `event` is being monitored.
    pub fn wants(&self, event: u16) -> bool {
        self.mask.load(Ordering::Relaxed) & u32::from(event) != 0
    }

    /// Reports `event` with `value` (an fd, errno, interval or protocol
    /// error code, per event) for `endpoint`.
    pub fn report(&self, event: u16, value: u32, endpoint: &str) {
        if !self.wants(event) {
            return;
        }
        let mut active = self.lock();
        if let Some(a) = active.as_mut() {
            if a.events & u32::from(event) != 0 {
                send_event(&mut a.socket, event, value, endpoint);
            }
        }
    }
}

/// Listeners, sessions and engines report here (see `engine::events`).
impl EventSink for Monitor {
    fn event(&self, event: u16, value: u64, endpoint: &str) {
        // Values are C ints in libzmq's u32 slot (fds, errno values,
        // intervals, protocol error codes): keep their low 32 bits.
        self.report(event, value as u32, endpoint);
    }
}

/// The two frames of one event. Dropped when the PAIR has no peer or its
/// pipe is full, as in libzmq.
fn send_event(socket: &mut Socket, event: u16, value: u32, endpoint: &str) {
    let mut head = [0u8; 6];
    head[..2].copy_from_slice(&event.to_ne_bytes());
    head[2..].copy_from_slice(&value.to_ne_bytes());
    let mut first = Msg::from_slice(&head);
    if socket.send(&mut first, ZMQ_SNDMORE | ZMQ_DONTWAIT).is_err() {
        return;
    }
    let mut second = Msg::from_slice(endpoint.as_bytes());
    // The first frame went, so the pipe takes the second (the HWM counts
    // whole messages).
    let _ = socket.send(&mut second, ZMQ_DONTWAIT);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recv_event(s: &mut Socket) -> (u16, u32, String) {
        let head = s.recv(0).expect("head");
        assert_eq!(head.size(), 6);
        assert!(head.more());
        let d = head.data();
        let event = u16::from_ne_bytes([d[0], d[1]]);
        let value = u32::from_ne_bytes([d[2], d[3], d[4], d[5]]);
        let ep = s.recv(0).expect("endpoint");
        assert!(!ep.more());
        (
            event,
            value,
            String::from_utf8(ep.data().to_vec()).expect("utf8"),
        )
    }

    #[test]
    fn events_filter_and_stop() {
        let ctx = Context::new();
        let mon = Monitor::default();
        assert!(matches!(
            mon.start(&ctx, "tcp://127.0.0.1:5555", 0xffff),
            Err(Error::ProtoNoSupport)
        ));
        let wanted = ZMQ_EVENT_CONNECTED | ZMQ_EVENT_MONITOR_STOPPED;
        mon.start(&ctx, "inproc://monitor-unit", u32::from(wanted))
            .expect("start");
        let mut peer = Socket::new(&ctx, ZMQ_PAIR).expect("pair");
        peer.connect("inproc://monitor-unit").expect("connect");
        mon.report(ZMQ_EVENT_LISTENING, 1, "skipped");
        mon.report(ZMQ_EVENT_CONNECTED, 7, "tcp://x:1");
        assert_eq!(
            recv_event(&mut peer),
            (ZMQ_EVENT_CONNECTED, 7, "tcp://x:1".into())
        );
        mon.stop();
        assert_eq!(
            recv_event(&mut peer),
            (ZMQ_EVENT_MONITOR_STOPPED, 0, String::new())
        );
        assert!(!mon.wants(ZMQ_EVENT_CONNECTED));
        mon.report(ZMQ_EVENT_CONNECTED, 1, "after stop");
        mon.stop();
        // The address is free again once the monitor stopped.
        mon.start(&ctx, "inproc://monitor-unit", 0xffff)
            .expect("restart");
        mon.stop();
        drop(peer);
        ctx.term();
    }
}
