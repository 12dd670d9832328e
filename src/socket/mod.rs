//! Sockets: one socket base and the patterns as small overrides of it.

pub mod base;
pub mod command;
pub mod factory;
pub mod pair;
pub mod pattern;
pub mod pipeline;
pub mod pubsub;
pub mod reqrep;
pub mod routing;
pub mod stream;
