//! Socket monitor events raised by listeners, sessions and engines
//! (zmq_socket_monitor(3)); values and meanings as libzmq 4.3 reports them.
//!
//! The engine only raises events; a monitor implementation supplies the
//! `EventSink` (see `engine::network`, which hands each endpoint's objects
//! the socket's sink). Sinks are called from I/O threads, and for bind
//! events from the socket's own thread.

/// TCP/IPC connection established (value: the fd).
pub const CONNECTED: u16 = 0x0001;
/// A connect is in progress (value: the errno, EINPROGRESS).
pub const CONNECT_DELAYED: u16 = 0x0002;
/// A reconnect is scheduled (value: the interval in ms).
pub const CONNECT_RETRIED: u16 = 0x0004;
/// Bound and listening (value: the fd).
pub const LISTENING: u16 = 0x0008;
/// Bind failed (value: the errno).
pub const BIND_FAILED: u16 = 0x0010;
/// A connection was accepted (value: the fd).
pub const ACCEPTED: u16 = 0x0020;
/// An accept failed (value: the errno).
pub const ACCEPT_FAILED: u16 = 0x0040;
/// A listening or connecting fd was closed (value: the fd).
pub const CLOSED: u16 = 0x0080;
/// A connection ended (value: the fd).
pub const DISCONNECTED: u16 = 0x0200;
/// The handshake failed without protocol detail (value: the errno).
pub const HANDSHAKE_FAILED_NO_DETAIL: u16 = 0x0800;
/// The ZMTP handshake completed (value: 0).
pub const HANDSHAKE_SUCCEEDED: u16 = 0x1000;
/// The peer broke the handshake protocol (value: ZMQ_PROTOCOL_ERROR_*).
pub const HANDSHAKE_FAILED_PROTOCOL: u16 = 0x2000;
/// Authentication was refused (value: the ZAP status, 300/400/500).
pub const HANDSHAKE_FAILED_AUTH: u16 = 0x4000;

/// Receives the events of one socket's endpoints.
pub trait EventSink: Send + Sync {
    /// `event` is one of the constants above, `endpoint` the endpoint text
    /// (the connect address, or the bound address for a listener and the
    /// connections it accepted).
    fn event(&self, event: u16, value: u64, endpoint: &str);
}

/// Where an object reports its events: an optional sink plus its endpoint.
#[derive(Clone, Default)]
pub struct Reporter {
    sink: Option<std::sync::Arc<dyn EventSink>>,
    endpoint: std::sync::Arc<str>,
}

impl Reporter {
    pub fn new(sink: Option<std::sync::Arc<dyn EventSink>>, endpoint: &str) -> Reporter {
        Reporter {
            sink,
            endpoint: endpoint.into(),
        }
    }

    /// Raises `event` if anyone listens.
    pub fn emit(&self, event: u16, value: u64) {
        if let Some(sink) = &self.sink {
            sink.event(event, value, &self.endpoint);
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}
