//! What `zmq_has` reports: the one table of optional features, each true only
//! once it really works in this library. Flip an entry in the same commit
//! that makes the feature work (e.g. "ipc" with the ipc transport).
#![forbid(unsafe_code)]

/// (capability name as zmq_has(3) spells it, available).
pub const CAPABILITIES: &[(&str, bool)] = &[
    ("ipc", true),
    // libzmq 4.3.4 answers "WS" (its capability spelling), not "ws".
    ("WS", true),
    ("pgm", false),
    ("tipc", false),
    ("norm", false),
    ("curve", true),
    ("gssapi", false),
    ("draft", false),
];

/// Whether `name` is an available capability (exact, case-sensitive match,
/// as libzmq).
pub fn has(name: &[u8]) -> bool {
    CAPABILITIES
        .iter()
        .any(|(n, available)| *available && n.as_bytes() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_absent() {
        assert!(!has(b""));
        assert!(!has(b"tcp"));
        assert!(!has(b"IPC"));
    }
}
