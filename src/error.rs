//! The one error type of the library. Every variant maps to exactly one errno
//! value, so the C layer can report it through `errno` and `zmq_errno()`.

use std::fmt;

/// libzmq's private errno base (`ZMQ_HAUSNUMERO` in zmq.h).
pub const HAUSNUMERO: i32 = 156_384_712;

/// errno values that libzmq defines itself when the platform lacks them.
/// On Linux the POSIX ones exist, so only the ZeroMQ-specific ones are used.
pub const EFSM: i32 = HAUSNUMERO + 51;
pub const ENOCOMPATPROTO: i32 = HAUSNUMERO + 52;
pub const ETERM: i32 = HAUSNUMERO + 53;
pub const EMTHREAD: i32 = HAUSNUMERO + 54;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    Again,
    Fsm,
    Term,
    Inval,
    NotSup,
    HostUnreach,
    MThread,
    NotSock,
    Fault,
    Intr,
    ProtoNoSupport,
    NoCompatProto,
    AddrInUse,
    AddrNotAvail,
    NoDev,
    MsgSize,
    MFile,
    NoMem,
    NoEnt,
    ConnRefused,
    NoBufs,
    NetDown,
    ConnAborted,
    ConnReset,
    NotConn,
    TimedOut,
    NetUnreach,
    AfNoSupport,
    InProgress,
    Access,
    NameTooLong,
    /// Any other OS error, kept verbatim.
    Os(i32),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The errno value C callers see for this error.
    pub fn errno(self) -> i32 {
        match self {
            Error::Again => libc::EAGAIN,
            Error::Fsm => EFSM,
            Error::Term => ETERM,
            Error::Inval => libc::EINVAL,
            Error::NotSup => libc::ENOTSUP,
            Error::HostUnreach => libc::EHOSTUNREACH,
            Error::MThread => EMTHREAD,
            Error::NotSock => libc::ENOTSOCK,
            Error::Fault => libc::EFAULT,
            Error::Intr => libc::EINTR,
            Error::ProtoNoSupport => libc::EPROTONOSUPPORT,
            Error::NoCompatProto => ENOCOMPATPROTO,
            Error::AddrInUse => libc::EADDRINUSE,
            Error::AddrNotAvail => libc::EADDRNOTAVAIL,
            Error::NoDev => libc::ENODEV,
            Error::MsgSize => libc::EMSGSIZE,
            Error::MFile => libc::EMFILE,
            Error::NoMem => libc::ENOMEM,
            Error::NoEnt => libc::ENOENT,
            Error::ConnRefused => libc::ECONNREFUSED,
            Error::NoBufs => libc::ENOBUFS,
            Error::NetDown => libc::ENETDOWN,
            Error::ConnAborted => libc::ECONNABORTED,
            Error::ConnReset => libc::ECONNRESET,
            Error::NotConn => libc::ENOTCONN,
            Error::TimedOut => libc::ETIMEDOUT,
            Error::NetUnreach => libc::ENETUNREACH,
            Error::AfNoSupport => libc::EAFNOSUPPORT,
            Error::InProgress => libc::EINPROGRESS,
            Error::Access => libc::EACCES,
            Error::NameTooLong => libc::ENAMETOOLONG,
            Error::Os(e) => e,
        }
    }

    /// The error for an errno value, e.g. from a failed syscall.
    pub fn from_errno(e: i32) -> Error {
        match e {
            libc::EAGAIN => Error::Again,
            EFSM => Error::Fsm,
            ETERM => Error::Term,
            libc::EINVAL => Error::Inval,
            libc::ENOTSUP => Error::NotSup,
            libc::EHOSTUNREACH => Error::HostUnreach,
            EMTHREAD => Error::MThread,
            libc::ENOTSOCK => Error::NotSock,
            libc::EFAULT => Error::Fault,
            libc::EINTR => Error::Intr,
            libc::EPROTONOSUPPORT => Error::ProtoNoSupport,
            ENOCOMPATPROTO => Error::NoCompatProto,
            libc::EADDRINUSE => Error::AddrInUse,
            libc::EADDRNOTAVAIL => Error::AddrNotAvail,
            libc::ENODEV => Error::NoDev,
            libc::EMSGSIZE => Error::MsgSize,
            libc::EMFILE => Error::MFile,
            libc::ENOMEM => Error::NoMem,
            libc::ENOENT => Error::NoEnt,
            libc::ECONNREFUSED => Error::ConnRefused,
            libc::ENOBUFS => Error::NoBufs,
            libc::ENETDOWN => Error::NetDown,
            libc::ECONNABORTED => Error::ConnAborted,
            libc::ECONNRESET => Error::ConnReset,
            libc::ENOTCONN => Error::NotConn,
            libc::ETIMEDOUT => Error::TimedOut,
            libc::ENETUNREACH => Error::NetUnreach,
            libc::EAFNOSUPPORT => Error::AfNoSupport,
            libc::EINPROGRESS => Error::InProgress,
            libc::EACCES => Error::Access,
            libc::ENAMETOOLONG => Error::NameTooLong,
            other => Error::Os(other),
        }
    }

    /// The error of the last failed libc call on this thread.
    pub fn last_os_error() -> Error {
        Error::from_errno(
            std::io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::EIO),
        )
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::from_errno(e.raw_os_error().unwrap_or(libc::EIO))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "errno {}", self.errno())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_round_trips() {
        for e in [
            Error::Again,
            Error::Fsm,
            Error::Term,
            Error::MThread,
            Error::NoCompatProto,
            Error::Os(12345),
        ] {
            assert_eq!(Error::from_errno(e.errno()), e);
        }
    }
}
