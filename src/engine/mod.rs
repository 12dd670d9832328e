//! Sessions and stream engines: what joins a socket's pipe to a tcp or ipc
//! connection speaking ZMTP.

pub mod events;
pub mod network;
pub mod raw_engine;
pub mod session;
pub mod stream_engine;
pub mod ws_fuzz;
pub mod ws_protocol;
pub mod zap_client;
pub mod zmtp_protocol;
