//! ZMTP 3.1 heartbeats (RFC 37 "PING and PONG"), timed as libzmq does:
//!
//! - every ZMQ_HEARTBEAT_IVL we send PING carrying our ZMQ_HEARTBEAT_TTL
//!   (deciseconds) and no context;
//! - after sending a PING, ZMQ_HEARTBEAT_TIMEOUT (default: the interval)
//!   without any frame from the peer ends the connection;
//! - a peer's PING with a non-zero TTL means: if no frame arrives within the
//!   TTL, the connection is dead;
//! - any frame from the peer cancels both deadlines.

use super::error::ProtocolError;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Heartbeat {
    ivl: Option<Duration>,
    timeout: Option<Duration>,
    /// Our TTL as sent in PING, deciseconds.
    ttl_ds: u16,
    next_ping: Option<Instant>,
    timeout_at: Option<Instant>,
    ttl_at: Option<Instant>,
}

fn positive_ms(ms: i32) -> Option<Duration> {
    u64::try_from(ms)
        .ok()
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
}

impl Heartbeat {
    /// Options in milliseconds, as zmq_setsockopt takes them. `timeout_ms`
    /// of -1 means "same as the interval".
    pub fn new(ivl_ms: i32, ttl_ms: i32, timeout_ms: i32) -> Heartbeat {
        let ivl = positive_ms(ivl_ms);
        let timeout = ivl.and(if timeout_ms == -1 {
            ivl
        } else {
            positive_ms(timeout_ms)
        });
        let ttl_ds = u16::try_from(ttl_ms.max(0) / 100).unwrap_or(u16::MAX);
        Heartbeat {
            ivl,
            timeout,
            ttl_ds,
            ..Heartbeat::default()
        }
    }

    /// The TTL field of our PINGs.
    pub fn ttl_deciseconds(&self) -> u16 {
        self.ttl_ds
    }

    /// The handshake completed: start the PING interval.
    pub fn start(&mut self, now: Instant) {
        self.next_ping = self.ivl.and_then(|ivl| now.checked_add(ivl));
    }

    /// A frame arrived from the peer.
    pub fn on_frame(&mut self) {
        self.timeout_at = None;
        self.ttl_at = None;
    }

    /// The peer's PING, after `on_frame`, with its TTL in deciseconds.
    pub fn on_ping(&mut self, now: Instant, ttl_ds: u16) {
        if self.ttl_at.is_none() && ttl_ds > 0 {
            let ttl = Duration::from_millis(u64::from(ttl_ds).saturating_mul(100));
            self.ttl_at = now.checked_add(ttl);
        }
    }

    pub fn poll_timeout(&self) -> Option<Instant> {
        [self.next_ping, self.timeout_at, self.ttl_at]
            .into_iter()
            .flatten()
            .min()
    }

    /// Fires due deadlines. `Ok(true)`: send a PING now.
    pub fn handle_timeout(&mut self, now: Instant) -> Result<bool, ProtocolError> {
        if self.ttl_at.is_some_and(|t| now >= t) {
            self.ttl_at = None;
            return Err(ProtocolError::HeartbeatTtlExpired);
        }
        if self.timeout_at.is_some_and(|t| now >= t) {
            self.timeout_at = None;
            return Err(ProtocolError::HeartbeatTimeout);
        }
        match (self.next_ping, self.ivl) {
            (Some(at), Some(ivl)) if now >= at => {
                self.next_ping = now.checked_add(ivl);
                if self.timeout_at.is_none() {
                    self.timeout_at = self.timeout.and_then(|t| now.checked_add(t));
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}
