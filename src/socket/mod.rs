//! Sockets: one socket base and the patterns as small overrides of it.

pub mod pattern;
pub mod routing;
