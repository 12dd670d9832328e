//! The generic socket options of `zmq_setsockopt(3)` / `zmq_getsockopt(3)`.
//!
//! `Options` holds every option that libzmq 4.3 keeps in its per-socket
//! options block, with libzmq's defaults, value checks and length rules, as
//! measured against the reference build (Debian's libzmq 4.3.4, which has
//! CURVE and GSSAPI, no VMCI and no draft-only options):
//!
//! - int options need `optvallen == sizeof(int)` exactly, on set and on get;
//!   `ZMQ_AFFINITY` (uint64) and `ZMQ_MAXMSGSIZE` (int64) need exactly 8;
//! - string options are returned with their terminating NUL: the buffer must
//!   hold `len + 1` bytes, the rest of it is zeroed, the length written is
//!   `len + 1`; `ZMQ_ROUTING_ID` is binary and returned without a NUL;
//! - CURVE keys are set as 32 binary bytes, 40 Z85 characters or 41 (Z85
//!   plus NUL), and read as 32 (binary) or 41 (Z85 plus NUL);
//! - anything else, including an unknown option, is `Error::Inval`.
//!
//! Some options distinguish a NULL value from a non-NULL empty one (for
//! example `ZMQ_PLAIN_USERNAME` with NULL/0 selects the NULL mechanism, while
//! a non-NULL empty value is EINVAL). [`Options::set_raw`] takes
//! `Option<&[u8]>` for that: `None` is NULL with length 0. [`Options::set`]
//! is the non-NULL form.
//!
//! Ownership of the options that are not plain stored values:
//! - `ZMQ_TYPE` and `ZMQ_LAST_ENDPOINT` are answered from the fields
//!   [`Options::socket_type`] and [`Options::last_endpoint`], which the socket
//!   base fills (type at creation, see [`Options::for_socket_type`]; endpoint
//!   after each bind/connect). Both are read-only through `set`.
//! - `ZMQ_RCVMORE`, `ZMQ_FD`, `ZMQ_EVENTS` and `ZMQ_THREAD_SAFE` are dynamic
//!   state of the socket base: [`is_base_option`] is true for them, and
//!   `get`/`set` answer `Error::Inval` for them, like any unknown option. The
//!   base must answer them itself before calling `get`; libzmq accepts any
//!   buffer of at least `sizeof(int)` for them ([`put_int_relaxed`]).
//! - Pattern options (`ZMQ_SUBSCRIBE`, `ZMQ_ROUTER_MANDATORY`, ...) belong to
//!   the patterns, which see them first (`Pattern::set_option`).
//!
//! Values are only validated and stored here; the transports, engines and
//! the socket base read the public fields.
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

pub mod accept_filter;
pub mod z85;

/// Secrets (ZMQ_PLAIN_PASSWORD, ZMQ_CURVE_SECRETKEY) are wiped from every
/// copy of the options (each session keeps one) when it is dropped.
use zeroize::Zeroizing;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};

pub use accept_filter::TcpAddressMask;

// Option numbers from zmq.h (libzmq 4.3.4), including the deprecated aliases
// and the ones that are only in the draft part of the header but built into
// the reference library.
pub const ZMQ_AFFINITY: i32 = 4;
pub const ZMQ_ROUTING_ID: i32 = 5;
pub const ZMQ_IDENTITY: i32 = ZMQ_ROUTING_ID;
pub const ZMQ_RATE: i32 = 8;
pub const ZMQ_RECOVERY_IVL: i32 = 9;
pub const ZMQ_SNDBUF: i32 = 11;
pub const ZMQ_RCVBUF: i32 = 12;
pub const ZMQ_RCVMORE: i32 = 13;
pub const ZMQ_FD: i32 = 14;
pub const ZMQ_EVENTS: i32 = 15;
pub const ZMQ_TYPE: i32 = 16;
pub const ZMQ_LINGER: i32 = 17;
pub const ZMQ_RECONNECT_IVL: i32 = 18;
pub const ZMQ_BACKLOG: i32 = 19;
pub const ZMQ_RECONNECT_IVL_MAX: i32 = 21;
pub const ZMQ_MAXMSGSIZE: i32 = 22;
pub const ZMQ_SNDHWM: i32 = 23;
pub const ZMQ_RCVHWM: i32 = 24;
pub const ZMQ_MULTICAST_HOPS: i32 = 25;
pub const ZMQ_RCVTIMEO: i32 = 27;
pub const ZMQ_SNDTIMEO: i32 = 28;
pub const ZMQ_IPV4ONLY: i32 = 31;
pub const ZMQ_LAST_ENDPOINT: i32 = 32;
pub const ZMQ_TCP_KEEPALIVE: i32 = 34;
pub const ZMQ_TCP_KEEPALIVE_CNT: i32 = 35;
pub const ZMQ_TCP_KEEPALIVE_IDLE: i32 = 36;
pub const ZMQ_TCP_KEEPALIVE_INTVL: i32 = 37;
pub const ZMQ_TCP_ACCEPT_FILTER: i32 = 38;
pub const ZMQ_IMMEDIATE: i32 = 39;
pub const ZMQ_IPV6: i32 = 42;
pub const ZMQ_MECHANISM: i32 = 43;
pub const ZMQ_PLAIN_SERVER: i32 = 44;
pub const ZMQ_PLAIN_USERNAME: i32 = 45;
pub const ZMQ_PLAIN_PASSWORD: i32 = 46;
pub const ZMQ_CURVE_SERVER: i32 = 47;
pub const ZMQ_CURVE_PUBLICKEY: i32 = 48;
pub const ZMQ_CURVE_SECRETKEY: i32 = 49;
pub const ZMQ_CURVE_SERVERKEY: i32 = 50;
pub const ZMQ_CONFLATE: i32 = 54;
pub const ZMQ_ZAP_DOMAIN: i32 = 55;
pub const ZMQ_TOS: i32 = 57;
pub const ZMQ_IPC_FILTER_PID: i32 = 58;
pub const ZMQ_IPC_FILTER_UID: i32 = 59;
pub const ZMQ_IPC_FILTER_GID: i32 = 60;
pub const ZMQ_GSSAPI_SERVER: i32 = 62;
pub const ZMQ_GSSAPI_PRINCIPAL: i32 = 63;
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL: i32 = 64;
pub const ZMQ_GSSAPI_PLAINTEXT: i32 = 65;
pub const ZMQ_HANDSHAKE_IVL: i32 = 66;
pub const ZMQ_SOCKS_PROXY: i32 = 68;
pub const ZMQ_INVERT_MATCHING: i32 = 74;
pub const ZMQ_HEARTBEAT_IVL: i32 = 75;
pub const ZMQ_HEARTBEAT_TTL: i32 = 76;
pub const ZMQ_HEARTBEAT_TIMEOUT: i32 = 77;
pub const ZMQ_CONNECT_TIMEOUT: i32 = 79;
pub const ZMQ_TCP_MAXRT: i32 = 80;
pub const ZMQ_THREAD_SAFE: i32 = 81;
pub const ZMQ_MULTICAST_MAXTPDU: i32 = 84;
pub const ZMQ_VMCI_BUFFER_SIZE: i32 = 85;
pub const ZMQ_VMCI_BUFFER_MIN_SIZE: i32 = 86;
pub const ZMQ_VMCI_BUFFER_MAX_SIZE: i32 = 87;
pub const ZMQ_VMCI_CONNECT_TIMEOUT: i32 = 88;
pub const ZMQ_USE_FD: i32 = 89;
pub const ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: i32 = 90;
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: i32 = 91;
pub const ZMQ_BINDTODEVICE: i32 = 92;
pub const ZMQ_ZAP_ENFORCE_DOMAIN: i32 = 93;
pub const ZMQ_LOOPBACK_FASTPATH: i32 = 94;
pub const ZMQ_METADATA: i32 = 95;
pub const ZMQ_MULTICAST_LOOP: i32 = 96;
pub const ZMQ_SOCKS_USERNAME: i32 = 99;
pub const ZMQ_SOCKS_PASSWORD: i32 = 100;
pub const ZMQ_RECONNECT_STOP: i32 = 109;

/// Security mechanisms (`ZMQ_MECHANISM` values).
pub const ZMQ_NULL: i32 = 0;
pub const ZMQ_PLAIN: i32 = 1;
pub const ZMQ_CURVE: i32 = 2;
pub const ZMQ_GSSAPI: i32 = 3;

/// GSSAPI name types.
pub const ZMQ_GSSAPI_NT_HOSTBASED: i32 = 0;
pub const ZMQ_GSSAPI_NT_USER_NAME: i32 = 1;
pub const ZMQ_GSSAPI_NT_KRB5_PRINCIPAL: i32 = 2;

/// Size of a CURVE key in binary and in Z85.
pub const CURVE_KEYSIZE: usize = 32;
pub const CURVE_KEYSIZE_Z85: usize = 40;

/// Longest interface name accepted by `ZMQ_BINDTODEVICE` (IFNAMSIZ).
const BINDTODEVICE_MAX: usize = 16;
/// Longest routing id, PLAIN credential, ZAP domain, SOCKS credential,
/// GSSAPI principal and accept filter text.
const SHORT_STRING_MAX: usize = 255;

/// Whether `option` is dynamic state answered by the socket base itself
/// (`ZMQ_RCVMORE`, `ZMQ_FD`, `ZMQ_EVENTS`, `ZMQ_THREAD_SAFE`), not by
/// [`Options::get`].
pub fn is_base_option(option: i32) -> bool {
    matches!(option, ZMQ_RCVMORE | ZMQ_FD | ZMQ_EVENTS | ZMQ_THREAD_SAFE)
}

/// Writes an int the way libzmq's socket base answers its dynamic options:
/// any buffer of at least `sizeof(int)` is accepted, the bytes after the int
/// are zeroed (so a caller reading into an `int64_t` sees the value) and 4 is
/// returned.
pub fn put_int_relaxed(out: &mut [u8], value: i32) -> Result<usize> {
    put_bytes(out, &value.to_ne_bytes())
}

/// The generic options of one socket. Fields are public so the socket base,
/// transports and engines read them directly; write them only through
/// `set`/`set_raw` (except `socket_type` and `last_endpoint`, which belong
/// to the socket base).
#[derive(Debug, Clone)]
pub struct Options {
    /// ZMQ_SNDHWM: messages queued per outbound pipe; 0 is no limit.
    pub sndhwm: i32,
    /// ZMQ_RCVHWM: messages queued per inbound pipe; 0 is no limit.
    pub rcvhwm: i32,
    /// ZMQ_AFFINITY: bitmask of I/O threads for new connections.
    pub affinity: u64,
    /// ZMQ_ROUTING_ID: 0..=255 bytes (empty when unset).
    pub routing_id: Vec<u8>,
    /// ZMQ_RATE (kbit/s, multicast only).
    pub rate: i32,
    /// ZMQ_RECOVERY_IVL (ms, multicast only).
    pub recovery_ivl: i32,
    /// ZMQ_MULTICAST_HOPS.
    pub multicast_hops: i32,
    /// ZMQ_MULTICAST_MAXTPDU.
    pub multicast_maxtpdu: i32,
    /// ZMQ_SNDBUF: kernel send buffer; -1 keeps the OS default.
    pub sndbuf: i32,
    /// ZMQ_RCVBUF: kernel receive buffer; -1 keeps the OS default.
    pub rcvbuf: i32,
    /// ZMQ_TOS: IP type-of-service for new connections; 0 leaves it alone.
    pub tos: i32,
    /// ZMQ_TYPE: the socket type, filled by the socket base (-1 until then).
    pub socket_type: i32,
    /// ZMQ_LINGER (ms): -1 waits forever, 0 drops at once.
    pub linger: i32,
    /// ZMQ_CONNECT_TIMEOUT (ms): 0 uses the OS's connect timeout.
    pub connect_timeout: i32,
    /// ZMQ_TCP_MAXRT (ms): TCP_USER_TIMEOUT; 0 keeps the OS default.
    pub tcp_maxrt: i32,
    /// ZMQ_RECONNECT_STOP: bitmask of conditions that stop reconnecting.
    pub reconnect_stop: i32,
    /// ZMQ_RECONNECT_IVL (ms): -1 disables reconnection.
    pub reconnect_ivl: i32,
    /// ZMQ_RECONNECT_IVL_MAX (ms): 0 means no exponential backoff.
    pub reconnect_ivl_max: i32,
    /// ZMQ_BACKLOG: listen(2) backlog.
    pub backlog: i32,
    /// ZMQ_MAXMSGSIZE (bytes): -1 is no limit.
    pub maxmsgsize: i64,
    /// ZMQ_RCVTIMEO (ms): -1 blocks forever.
    pub rcvtimeo: i32,
    /// ZMQ_SNDTIMEO (ms): -1 blocks forever.
    pub sndtimeo: i32,
    /// ZMQ_IPV6 (and the inverse ZMQ_IPV4ONLY).
    pub ipv6: bool,
    /// ZMQ_IMMEDIATE: queue only to completed connections.
    pub immediate: bool,
    /// ZMQ_INVERT_MATCHING (PUB/SUB/XPUB/XSUB read it).
    pub invert_matching: bool,
    /// Connections carry raw bytes instead of ZMTP (libzmq's
    /// `options.raw_socket`): ZMQ_STREAM, and ROUTER once ZMQ_ROUTER_RAW was
    /// set to non-zero (it stays on, as in libzmq). Set by the socket base.
    pub raw_socket: bool,
    /// ZMQ_SOCKS_PROXY address; empty when none.
    pub socks_proxy: Vec<u8>,
    /// ZMQ_SOCKS_USERNAME.
    pub socks_username: Vec<u8>,
    /// ZMQ_SOCKS_PASSWORD.
    pub socks_password: Vec<u8>,
    /// ZMQ_TCP_KEEPALIVE: -1 OS default, 0 off, 1 on.
    pub tcp_keepalive: i32,
    /// ZMQ_TCP_KEEPALIVE_CNT: -1 OS default.
    pub tcp_keepalive_cnt: i32,
    /// ZMQ_TCP_KEEPALIVE_IDLE (s): -1 OS default.
    pub tcp_keepalive_idle: i32,
    /// ZMQ_TCP_KEEPALIVE_INTVL (s): -1 OS default.
    pub tcp_keepalive_intvl: i32,
    /// ZMQ_TCP_ACCEPT_FILTER: accepted peers must match one (none: any peer).
    pub tcp_accept_filters: Vec<TcpAddressMask>,
    /// ZMQ_IPC_FILTER_UID: accepted ipc peers' uid must be in it (empty: any).
    pub ipc_uid_accept_filters: BTreeSet<u32>,
    /// ZMQ_IPC_FILTER_GID.
    pub ipc_gid_accept_filters: BTreeSet<u32>,
    /// ZMQ_IPC_FILTER_PID.
    pub ipc_pid_accept_filters: BTreeSet<i32>,
    /// ZMQ_MECHANISM: ZMQ_NULL, ZMQ_PLAIN, ZMQ_CURVE or ZMQ_GSSAPI.
    pub mechanism: i32,
    /// Whether this side is the security server (PLAIN/CURVE/GSSAPI_SERVER).
    pub as_server: bool,
    /// ZMQ_PLAIN_USERNAME.
    pub plain_username: Vec<u8>,
    /// ZMQ_PLAIN_PASSWORD.
    pub plain_password: Zeroizing<Vec<u8>>,
    /// ZMQ_ZAP_DOMAIN.
    pub zap_domain: Vec<u8>,
    /// ZMQ_CURVE_PUBLICKEY (binary).
    pub curve_public_key: [u8; CURVE_KEYSIZE],
    /// ZMQ_CURVE_SECRETKEY (binary).
    pub curve_secret_key: Zeroizing<[u8; CURVE_KEYSIZE]>,
    /// ZMQ_CURVE_SERVERKEY (binary).
    pub curve_server_key: [u8; CURVE_KEYSIZE],
    /// ZMQ_GSSAPI_PRINCIPAL.
    pub gss_principal: Vec<u8>,
    /// ZMQ_GSSAPI_SERVICE_PRINCIPAL.
    pub gss_service_principal: Vec<u8>,
    /// ZMQ_GSSAPI_PRINCIPAL_NAMETYPE.
    pub gss_principal_nt: i32,
    /// ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE.
    pub gss_service_principal_nt: i32,
    /// ZMQ_GSSAPI_PLAINTEXT.
    pub gss_plaintext: bool,
    /// ZMQ_CONFLATE: keep only the last message.
    pub conflate: bool,
    /// ZMQ_HANDSHAKE_IVL (ms): 0 disables the handshake timeout.
    pub handshake_ivl: i32,
    /// ZMQ_HEARTBEAT_IVL (ms): 0 disables heartbeats.
    pub heartbeat_ivl: i32,
    /// ZMQ_HEARTBEAT_TTL, in deciseconds as sent in a PING command.
    pub heartbeat_ttl_ds: u16,
    /// ZMQ_HEARTBEAT_TIMEOUT (ms): -1 means "use heartbeat_ivl".
    pub heartbeat_timeout: i32,
    /// ZMQ_USE_FD: a pre-created listening fd for the next bind; -1 none.
    pub use_fd: i32,
    /// ZMQ_BINDTODEVICE: interface name for SO_BINDTODEVICE; empty none.
    pub bound_device: Vec<u8>,
    /// ZMQ_ZAP_ENFORCE_DOMAIN.
    pub zap_enforce_domain: bool,
    /// ZMQ_LOOPBACK_FASTPATH (Windows only in libzmq; stored).
    pub loopback_fastpath: bool,
    /// ZMQ_MULTICAST_LOOP.
    pub multicast_loop: bool,
    /// ZMQ_METADATA: application properties ("X-..." names) sent in the
    /// handshake. The first value set for a name wins, as in libzmq.
    pub app_metadata: BTreeMap<Vec<u8>, Vec<u8>>,
    /// ZMQ_LAST_ENDPOINT, filled by the socket base; empty before any
    /// bind/connect.
    pub last_endpoint: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            sndhwm: 1000,
            rcvhwm: 1000,
            affinity: 0,
            routing_id: Vec::new(),
            rate: 100,
            recovery_ivl: 10_000,
            multicast_hops: 1,
            multicast_maxtpdu: 1500,
            sndbuf: -1,
            rcvbuf: -1,
            tos: 0,
            socket_type: -1,
            linger: -1,
            connect_timeout: 0,
            tcp_maxrt: 0,
            reconnect_stop: 0,
            reconnect_ivl: 100,
            reconnect_ivl_max: 0,
            backlog: 100,
            maxmsgsize: -1,
            rcvtimeo: -1,
            sndtimeo: -1,
            ipv6: false,
            immediate: false,
            invert_matching: false,
            raw_socket: false,
            socks_proxy: Vec::new(),
            socks_username: Vec::new(),
            socks_password: Vec::new(),
            tcp_keepalive: -1,
            tcp_keepalive_cnt: -1,
            tcp_keepalive_idle: -1,
            tcp_keepalive_intvl: -1,
            tcp_accept_filters: Vec::new(),
            ipc_uid_accept_filters: BTreeSet::new(),
            ipc_gid_accept_filters: BTreeSet::new(),
            ipc_pid_accept_filters: BTreeSet::new(),
            mechanism: ZMQ_NULL,
            as_server: false,
            plain_username: Vec::new(),
            plain_password: Zeroizing::new(Vec::new()),
            zap_domain: Vec::new(),
            curve_public_key: [0; CURVE_KEYSIZE],
            curve_secret_key: Zeroizing::new([0; CURVE_KEYSIZE]),
            curve_server_key: [0; CURVE_KEYSIZE],
            gss_principal: Vec::new(),
            gss_service_principal: Vec::new(),
            gss_principal_nt: ZMQ_GSSAPI_NT_HOSTBASED,
            gss_service_principal_nt: ZMQ_GSSAPI_NT_HOSTBASED,
            gss_plaintext: false,
            conflate: false,
            handshake_ivl: 30_000,
            heartbeat_ivl: 0,
            heartbeat_ttl_ds: 0,
            heartbeat_timeout: -1,
            use_fd: -1,
            bound_device: Vec::new(),
            zap_enforce_domain: false,
            loopback_fastpath: false,
            multicast_loop: true,
            app_metadata: BTreeMap::new(),
            last_endpoint: String::new(),
        }
    }
}

/// The int in `value` when it is exactly `sizeof(int)` long.
fn int_of(value: Option<&[u8]>) -> Option<i32> {
    let bytes: [u8; 4] = value?.try_into().ok()?;
    Some(i32::from_ne_bytes(bytes))
}

/// An int that must satisfy `ok`.
fn int_where(value: Option<&[u8]>, ok: impl Fn(i32) -> bool) -> Result<i32> {
    match int_of(value) {
        Some(v) if ok(v) => Ok(v),
        _ => Err(Error::Inval),
    }
}

/// A bool given as int 0 or 1 (anything else is EINVAL).
fn bool_strict(value: Option<&[u8]>) -> Result<bool> {
    int_where(value, |v| v == 0 || v == 1).map(|v| v != 0)
}

/// A bool given as int, any non-zero value meaning true.
fn bool_relaxed(value: Option<&[u8]>) -> Result<bool> {
    int_where(value, |_| true).map(|v| v != 0)
}

/// Exactly 8 bytes, native order.
fn eight_bytes(value: Option<&[u8]>) -> Result<[u8; 8]> {
    value.and_then(|v| v.try_into().ok()).ok_or(Error::Inval)
}

/// A string where NULL/0 clears it, a non-NULL empty value is EINVAL and
/// a non-empty one must be at most `max` bytes.
fn string_strict(value: Option<&[u8]>, max: usize) -> Result<Vec<u8>> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if !v.is_empty() && v.len() <= max => Ok(v.to_vec()),
        Some(_) => Err(Error::Inval),
    }
}

/// A non-empty string of at most `max` bytes (NULL is EINVAL).
fn string_nonempty(value: Option<&[u8]>, max: usize) -> Result<Vec<u8>> {
    match value {
        Some(v) if !v.is_empty() && v.len() <= max => Ok(v.to_vec()),
        _ => Err(Error::Inval),
    }
}

/// Writes a 4-byte int; the buffer must be exactly that long.
fn put_int(out: &mut [u8], value: i32) -> Result<usize> {
    if out.len() != 4 {
        return Err(Error::Inval);
    }
    out.copy_from_slice(&value.to_ne_bytes());
    Ok(4)
}

/// Writes 8 bytes; the buffer must be exactly that long.
fn put_eight(out: &mut [u8], value: [u8; 8]) -> Result<usize> {
    if out.len() != 8 {
        return Err(Error::Inval);
    }
    out.copy_from_slice(&value);
    Ok(8)
}

/// Writes `value` at the start of `out` and zeroes the rest, as libzmq does.
pub fn put_bytes(out: &mut [u8], value: &[u8]) -> Result<usize> {
    if out.len() < value.len() {
        return Err(Error::Inval);
    }
    let (head, tail) = out.split_at_mut(value.len());
    head.copy_from_slice(value);
    tail.fill(0);
    Ok(value.len())
}

/// Writes `value` plus a terminating NUL (`len + 1` bytes).
fn put_string(out: &mut [u8], value: &[u8]) -> Result<usize> {
    if out.len() <= value.len() {
        return Err(Error::Inval);
    }
    put_bytes(out, value)?;
    // out.len() > value.len(), so this cannot saturate.
    Ok(value.len().saturating_add(1))
}

/// Writes a CURVE key: 32 bytes binary, or 41 bytes Z85 plus NUL.
fn put_curve_key(out: &mut [u8], key: &[u8; CURVE_KEYSIZE]) -> Result<usize> {
    match out.len() {
        CURVE_KEYSIZE => {
            out.copy_from_slice(key);
            Ok(CURVE_KEYSIZE)
        }
        n if n == CURVE_KEYSIZE_Z85 + 1 => {
            let text = z85::encode(key).ok_or(Error::Inval)?;
            put_string(out, text.as_bytes())
        }
        _ => Err(Error::Inval),
    }
}

/// Parses a CURVE key given as 32 binary bytes, or as Z85 text of 40 bytes
/// or 41 (the 41st normally a NUL). Text is read as a C string, up to its
/// first NUL, and its decoded bytes overwrite the start of the key, as
/// libzmq's `zmq_z85_decode` does.
fn set_curve_key(key: &mut [u8; CURVE_KEYSIZE], value: Option<&[u8]>) -> Result<()> {
    let value = value.ok_or(Error::Inval)?;
    match value.len() {
        CURVE_KEYSIZE => {
            key.copy_from_slice(value);
            Ok(())
        }
        n if n == CURVE_KEYSIZE_Z85 || n == CURVE_KEYSIZE_Z85 + 1 => {
            let text = match value.iter().position(|&c| c == 0) {
                Some(nul) => value.get(..nul).unwrap_or_default(),
                None if n == CURVE_KEYSIZE_Z85 => value,
                // 41 bytes without a NUL: a 41-character string, not Z85.
                None => return Err(Error::Inval),
            };
            let decoded = z85::decode(text).ok_or(Error::Inval)?;
            key.get_mut(..decoded.len())
                .ok_or(Error::Inval)?
                .copy_from_slice(&decoded);
            Ok(())
        }
        _ => Err(Error::Inval),
    }
}

/// An IPC peer credential filter: NULL/0 clears the set, 4 bytes add an id.
fn set_filter<T: Ord>(
    set: &mut BTreeSet<T>,
    value: Option<&[u8]>,
    conv: fn([u8; 4]) -> T,
) -> Result<()> {
    match value {
        None => {
            set.clear();
            Ok(())
        }
        Some(v) => {
            let bytes: [u8; 4] = v.try_into().map_err(|_| Error::Inval)?;
            set.insert(conv(bytes));
            Ok(())
        }
    }
}

impl Options {
    /// Options with libzmq's defaults.
    pub fn new() -> Options {
        Options::default()
    }

    /// The initial options of a socket of `socket_type`: the defaults, with
    /// `socket_type` filled in and, as libzmq's SUB and XSUB constructors
    /// do, ZMQ_LINGER 0 for SUB (2) and XSUB (10), whose only outbound
    /// traffic is subscriptions.
    pub fn for_socket_type(socket_type: i32) -> Options {
        let mut options = Options {
            socket_type,
            ..Options::default()
        };
        if socket_type == 2 || socket_type == 10 {
            options.linger = 0;
        }
        options
    }

    /// `zmq_setsockopt` with a non-NULL value.
    pub fn set(&mut self, option: i32, value: &[u8]) -> Result<()> {
        self.set_raw(option, Some(value))
    }

    /// `zmq_setsockopt`; `None` stands for a NULL `optval` with length 0.
    /// On error nothing is changed.
    pub fn set_raw(&mut self, option: i32, value: Option<&[u8]>) -> Result<()> {
        match option {
            ZMQ_SNDHWM => self.sndhwm = int_where(value, |v| v >= 0)?,
            ZMQ_RCVHWM => self.rcvhwm = int_where(value, |v| v >= 0)?,
            ZMQ_AFFINITY => self.affinity = u64::from_ne_bytes(eight_bytes(value)?),
            ZMQ_ROUTING_ID => self.routing_id = string_nonempty(value, SHORT_STRING_MAX)?,
            ZMQ_RATE => self.rate = int_where(value, |v| v > 0)?,
            ZMQ_RECOVERY_IVL => self.recovery_ivl = int_where(value, |v| v >= 0)?,
            ZMQ_SNDBUF => self.sndbuf = int_where(value, |v| v >= -1)?,
            ZMQ_RCVBUF => self.rcvbuf = int_where(value, |v| v >= -1)?,
            ZMQ_TOS => self.tos = int_where(value, |v| v >= 0)?,
            ZMQ_LINGER => self.linger = int_where(value, |v| v >= -1)?,
            ZMQ_CONNECT_TIMEOUT => self.connect_timeout = int_where(value, |v| v >= 0)?,
            ZMQ_TCP_MAXRT => self.tcp_maxrt = int_where(value, |v| v >= 0)?,
            ZMQ_RECONNECT_STOP => self.reconnect_stop = int_where(value, |_| true)?,
            ZMQ_RECONNECT_IVL => self.reconnect_ivl = int_where(value, |v| v >= -1)?,
            ZMQ_RECONNECT_IVL_MAX => self.reconnect_ivl_max = int_where(value, |v| v >= 0)?,
            ZMQ_BACKLOG => self.backlog = int_where(value, |v| v >= 0)?,
            ZMQ_MAXMSGSIZE => self.maxmsgsize = i64::from_ne_bytes(eight_bytes(value)?),
            ZMQ_MULTICAST_HOPS => self.multicast_hops = int_where(value, |v| v > 0)?,
            ZMQ_MULTICAST_MAXTPDU => self.multicast_maxtpdu = int_where(value, |v| v > 0)?,
            ZMQ_RCVTIMEO => self.rcvtimeo = int_where(value, |v| v >= -1)?,
            ZMQ_SNDTIMEO => self.sndtimeo = int_where(value, |v| v >= -1)?,
            ZMQ_IPV4ONLY => self.ipv6 = !bool_strict(value)?,
            ZMQ_IPV6 => self.ipv6 = bool_strict(value)?,
            ZMQ_SOCKS_PROXY => self.socks_proxy = string_strict(value, usize::MAX)?,
            ZMQ_SOCKS_USERNAME => {
                self.socks_username = match value {
                    None | Some([]) => Vec::new(),
                    v => string_strict(v, SHORT_STRING_MAX)?,
                }
            }
            ZMQ_SOCKS_PASSWORD => {
                self.socks_password = match value {
                    None | Some([]) => Vec::new(),
                    v => string_strict(v, SHORT_STRING_MAX)?,
                }
            }
            ZMQ_TCP_KEEPALIVE => self.tcp_keepalive = int_where(value, |v| (-1..=1).contains(&v))?,
            ZMQ_TCP_KEEPALIVE_CNT => self.tcp_keepalive_cnt = int_where(value, |v| v >= -1)?,
            ZMQ_TCP_KEEPALIVE_IDLE => self.tcp_keepalive_idle = int_where(value, |v| v >= -1)?,
            ZMQ_TCP_KEEPALIVE_INTVL => self.tcp_keepalive_intvl = int_where(value, |v| v >= -1)?,
            ZMQ_IMMEDIATE => self.immediate = bool_strict(value)?,
            ZMQ_TCP_ACCEPT_FILTER => {
                let text = string_strict(value, SHORT_STRING_MAX)?;
                if text.is_empty() {
                    self.tcp_accept_filters.clear();
                } else {
                    let mask = TcpAddressMask::parse(&text, self.ipv6)?;
                    self.tcp_accept_filters.push(mask);
                }
            }
            ZMQ_IPC_FILTER_UID => {
                set_filter(&mut self.ipc_uid_accept_filters, value, u32::from_ne_bytes)?
            }
            ZMQ_IPC_FILTER_GID => {
                set_filter(&mut self.ipc_gid_accept_filters, value, u32::from_ne_bytes)?
            }
            ZMQ_IPC_FILTER_PID => {
                set_filter(&mut self.ipc_pid_accept_filters, value, i32::from_ne_bytes)?
            }
            ZMQ_PLAIN_SERVER => {
                let on = bool_strict(value)?;
                self.as_server = on;
                self.mechanism = if on { ZMQ_PLAIN } else { ZMQ_NULL };
            }
            ZMQ_PLAIN_USERNAME | ZMQ_PLAIN_PASSWORD => match value {
                None => self.mechanism = ZMQ_NULL,
                v => {
                    let text = string_nonempty(v, SHORT_STRING_MAX)?;
                    if option == ZMQ_PLAIN_USERNAME {
                        self.plain_username = text;
                    } else {
                        self.plain_password = Zeroizing::new(text);
                    }
                    self.as_server = false;
                    self.mechanism = ZMQ_PLAIN;
                }
            },
            ZMQ_ZAP_DOMAIN => self.zap_domain = string_nonempty(value, SHORT_STRING_MAX)?,
            ZMQ_CURVE_SERVER => {
                let on = bool_strict(value)?;
                self.as_server = on;
                self.mechanism = if on { ZMQ_CURVE } else { ZMQ_NULL };
            }
            ZMQ_CURVE_PUBLICKEY => {
                set_curve_key(&mut self.curve_public_key, value)?;
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CURVE_SECRETKEY => {
                set_curve_key(&mut self.curve_secret_key, value)?;
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CURVE_SERVERKEY => {
                set_curve_key(&mut self.curve_server_key, value)?;
                self.as_server = false;
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CONFLATE => self.conflate = bool_strict(value)?,
            ZMQ_GSSAPI_SERVER => {
                // libzmq selects GSSAPI whatever the value (0 or 1).
                self.as_server = bool_strict(value)?;
                self.mechanism = ZMQ_GSSAPI;
            }
            ZMQ_GSSAPI_PRINCIPAL => {
                self.gss_principal = string_nonempty(value, SHORT_STRING_MAX)?;
                self.mechanism = ZMQ_GSSAPI;
            }
            ZMQ_GSSAPI_SERVICE_PRINCIPAL => {
                self.gss_service_principal = string_nonempty(value, SHORT_STRING_MAX)?;
                self.mechanism = ZMQ_GSSAPI;
                self.as_server = false;
            }
            ZMQ_GSSAPI_PLAINTEXT => self.gss_plaintext = bool_strict(value)?,
            ZMQ_GSSAPI_PRINCIPAL_NAMETYPE => {
                self.gss_principal_nt = int_where(value, |v| (0..=2).contains(&v))?
            }
            ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => {
                self.gss_service_principal_nt = int_where(value, |v| (0..=2).contains(&v))?
            }
            ZMQ_HANDSHAKE_IVL => self.handshake_ivl = int_where(value, |v| v >= 0)?,
            ZMQ_INVERT_MATCHING => self.invert_matching = bool_relaxed(value)?,
            ZMQ_HEARTBEAT_IVL => self.heartbeat_ivl = int_where(value, |v| v >= 0)?,
            ZMQ_HEARTBEAT_TTL => {
                // Stored in deciseconds (the PING command's unit), truncated
                // toward zero, so -99..=6553599 ms are accepted.
                let ms = int_of(value).ok_or(Error::Inval)?;
                self.heartbeat_ttl_ds = u16::try_from(ms / 100).map_err(|_| Error::Inval)?;
            }
            ZMQ_HEARTBEAT_TIMEOUT => self.heartbeat_timeout = int_where(value, |v| v >= 0)?,
            ZMQ_USE_FD => self.use_fd = int_where(value, |v| v >= -1)?,
            ZMQ_BINDTODEVICE => self.bound_device = string_strict(value, BINDTODEVICE_MAX)?,
            ZMQ_ZAP_ENFORCE_DOMAIN => self.zap_enforce_domain = bool_relaxed(value)?,
            ZMQ_LOOPBACK_FASTPATH => self.loopback_fastpath = bool_relaxed(value)?,
            ZMQ_MULTICAST_LOOP => self.multicast_loop = bool_relaxed(value)?,
            ZMQ_METADATA => self.add_metadata(value)?,
            _ => return Err(Error::Inval),
        }
        Ok(())
    }

    /// `ZMQ_METADATA`: "X-name:value". libzmq rejects a value exactly
    /// `sizeof(int)` long, and keeps the first value given for a name.
    fn add_metadata(&mut self, value: Option<&[u8]>) -> Result<()> {
        let text = value.ok_or(Error::Inval)?;
        if text.is_empty() || text.len() == 4 {
            return Err(Error::Inval);
        }
        let colon = text.iter().position(|&c| c == b':').ok_or(Error::Inval)?;
        let (name, rest) = text.split_at(colon);
        let value = rest.get(1..).unwrap_or_default();
        if name.is_empty() || value.is_empty() {
            return Err(Error::Inval);
        }
        if !name.starts_with(b"X-") || name.len() > SHORT_STRING_MAX {
            return Err(Error::Inval);
        }
        self.app_metadata
            .entry(name.to_vec())
            .or_insert_with(|| value.to_vec());
        Ok(())
    }

    /// `zmq_getsockopt`: writes the value into `out` (whose length is the
    /// caller's `*optvallen`) and returns the length to report back.
    pub fn get(&self, option: i32, out: &mut [u8]) -> Result<usize> {
        match option {
            ZMQ_SNDHWM => put_int(out, self.sndhwm),
            ZMQ_RCVHWM => put_int(out, self.rcvhwm),
            ZMQ_AFFINITY => put_eight(out, self.affinity.to_ne_bytes()),
            ZMQ_ROUTING_ID => put_bytes(out, &self.routing_id),
            ZMQ_RATE => put_int(out, self.rate),
            ZMQ_RECOVERY_IVL => put_int(out, self.recovery_ivl),
            ZMQ_SNDBUF => put_int(out, self.sndbuf),
            ZMQ_RCVBUF => put_int(out, self.rcvbuf),
            ZMQ_TOS => put_int(out, self.tos),
            ZMQ_TYPE => put_int(out, self.socket_type),
            ZMQ_LINGER => put_int(out, self.linger),
            ZMQ_CONNECT_TIMEOUT => put_int(out, self.connect_timeout),
            ZMQ_TCP_MAXRT => put_int(out, self.tcp_maxrt),
            ZMQ_RECONNECT_STOP => put_int(out, self.reconnect_stop),
            ZMQ_RECONNECT_IVL => put_int(out, self.reconnect_ivl),
            ZMQ_RECONNECT_IVL_MAX => put_int(out, self.reconnect_ivl_max),
            ZMQ_BACKLOG => put_int(out, self.backlog),
            ZMQ_MAXMSGSIZE => put_eight(out, self.maxmsgsize.to_ne_bytes()),
            ZMQ_MULTICAST_HOPS => put_int(out, self.multicast_hops),
            ZMQ_MULTICAST_MAXTPDU => put_int(out, self.multicast_maxtpdu),
            ZMQ_RCVTIMEO => put_int(out, self.rcvtimeo),
            ZMQ_SNDTIMEO => put_int(out, self.sndtimeo),
            ZMQ_IPV4ONLY => put_int(out, i32::from(!self.ipv6)),
            ZMQ_IPV6 => put_int(out, i32::from(self.ipv6)),
            ZMQ_IMMEDIATE => put_int(out, i32::from(self.immediate)),
            ZMQ_SOCKS_PROXY => put_string(out, &self.socks_proxy),
            ZMQ_SOCKS_USERNAME => put_string(out, &self.socks_username),
            ZMQ_SOCKS_PASSWORD => put_string(out, &self.socks_password),
            ZMQ_TCP_KEEPALIVE => put_int(out, self.tcp_keepalive),
            ZMQ_TCP_KEEPALIVE_CNT => put_int(out, self.tcp_keepalive_cnt),
            ZMQ_TCP_KEEPALIVE_IDLE => put_int(out, self.tcp_keepalive_idle),
            ZMQ_TCP_KEEPALIVE_INTVL => put_int(out, self.tcp_keepalive_intvl),
            ZMQ_MECHANISM => put_int(out, self.mechanism),
            ZMQ_PLAIN_SERVER => put_int(out, i32::from(self.is_server_of(ZMQ_PLAIN))),
            ZMQ_PLAIN_USERNAME => put_string(out, &self.plain_username),
            ZMQ_PLAIN_PASSWORD => put_string(out, &self.plain_password),
            ZMQ_ZAP_DOMAIN => put_string(out, &self.zap_domain),
            ZMQ_CURVE_SERVER => put_int(out, i32::from(self.is_server_of(ZMQ_CURVE))),
            ZMQ_CURVE_PUBLICKEY => put_curve_key(out, &self.curve_public_key),
            ZMQ_CURVE_SECRETKEY => put_curve_key(out, &self.curve_secret_key),
            ZMQ_CURVE_SERVERKEY => put_curve_key(out, &self.curve_server_key),
            ZMQ_CONFLATE => put_int(out, i32::from(self.conflate)),
            ZMQ_GSSAPI_SERVER => put_int(out, i32::from(self.is_server_of(ZMQ_GSSAPI))),
            ZMQ_GSSAPI_PRINCIPAL => put_string(out, &self.gss_principal),
            ZMQ_GSSAPI_SERVICE_PRINCIPAL => put_string(out, &self.gss_service_principal),
            ZMQ_GSSAPI_PLAINTEXT => put_int(out, i32::from(self.gss_plaintext)),
            ZMQ_GSSAPI_PRINCIPAL_NAMETYPE => put_int(out, self.gss_principal_nt),
            ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => put_int(out, self.gss_service_principal_nt),
            ZMQ_HANDSHAKE_IVL => put_int(out, self.handshake_ivl),
            ZMQ_INVERT_MATCHING => put_int(out, i32::from(self.invert_matching)),
            ZMQ_HEARTBEAT_IVL => put_int(out, self.heartbeat_ivl),
            ZMQ_HEARTBEAT_TTL => put_int(out, self.heartbeat_ttl_ms()),
            ZMQ_HEARTBEAT_TIMEOUT => put_int(out, self.heartbeat_timeout),
            ZMQ_USE_FD => put_int(out, self.use_fd),
            ZMQ_BINDTODEVICE => put_string(out, &self.bound_device),
            ZMQ_ZAP_ENFORCE_DOMAIN => put_int(out, i32::from(self.zap_enforce_domain)),
            ZMQ_LOOPBACK_FASTPATH => put_int(out, i32::from(self.loopback_fastpath)),
            ZMQ_MULTICAST_LOOP => put_int(out, i32::from(self.multicast_loop)),
            ZMQ_LAST_ENDPOINT => put_string(out, self.last_endpoint.as_bytes()),
            _ => Err(Error::Inval),
        }
    }

    /// Whether this side is the server of `mechanism` (and it is selected).
    fn is_server_of(&self, mechanism: i32) -> bool {
        self.as_server && self.mechanism == mechanism
    }

    /// ZMQ_HEARTBEAT_TTL in milliseconds (as `getsockopt` reports it).
    pub fn heartbeat_ttl_ms(&self) -> i32 {
        // At most 6 553 500: a u16 of deciseconds fits in an i32 of ms.
        i32::from(self.heartbeat_ttl_ds).saturating_mul(100)
    }

    /// The heartbeat timeout in effect: ZMQ_HEARTBEAT_TIMEOUT, or the
    /// heartbeat interval when it is -1 (libzmq's rule).
    pub fn effective_heartbeat_timeout(&self) -> i32 {
        if self.heartbeat_timeout == -1 {
            self.heartbeat_ivl
        } else {
            self.heartbeat_timeout
        }
    }
}

#[cfg(test)]
mod tests;
