//! An in-memory driver for two mechanisms: commands go straight from one
//! to the other, ZAP requests to a closure standing in for the handler.

use super::{Mechanism, Status, ZapReply, ZapRequest};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::metadata::Properties;
use bytes::Bytes;

/// How the stand-in ZAP handler answers.
pub enum Zap {
    /// No handler bound.
    Unavailable,
    /// Answer with this status (and User-Id "alice").
    Status(u16),
}

pub fn reply(status_code: u16) -> ZapReply {
    ZapReply {
        status_code,
        status_text: Bytes::from_static(b"OK"),
        user_id: Bytes::from_static(b"alice"),
        metadata: vec![("X-Role".into(), Bytes::from_static(b"admin"))],
    }
}

/// What a driven handshake ended with.
#[derive(Debug)]
pub struct Outcome {
    pub client: Result<Status, ProtocolError>,
    pub server: Result<Status, ProtocolError>,
    pub zap_requests: Vec<ZapRequest>,
    /// Every command body the server sent, in order.
    pub server_sent: Vec<Bytes>,
    pub client_sent: Vec<Bytes>,
}

/// Pumps commands both ways until neither side has anything to say.
pub fn handshake(client: &mut dyn Mechanism, server: &mut dyn Mechanism, zap: Zap) -> Outcome {
    let mut out = Outcome {
        client: Ok(Status::Handshaking),
        server: Ok(Status::Handshaking),
        zap_requests: Vec::new(),
        server_sent: Vec::new(),
        client_sent: Vec::new(),
    };
    for _ in 0..16 {
        let mut progressed = false;
        if out.client.is_ok() {
            match client.next_handshake_command() {
                Ok(Some(cmd)) => {
                    progressed = true;
                    let cmd = cmd.freeze();
                    out.client_sent.push(cmd.clone());
                    if out.server.is_ok() {
                        if let Err(e) = server.process_handshake_command(&cmd) {
                            out.server = Err(e);
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => out.client = Err(e),
            }
        }
        if out.server.is_ok() {
            if let Some(req) = server.poll_zap_request() {
                progressed = true;
                out.zap_requests.push(req);
                let r = match zap {
                    Zap::Unavailable => server.zap_unavailable(),
                    Zap::Status(s) => server.handle_zap_reply(reply(s)),
                };
                if let Err(e) = r {
                    out.server = Err(e);
                }
            }
        }
        if out.server.is_ok() {
            match server.next_handshake_command() {
                Ok(Some(cmd)) => {
                    progressed = true;
                    let cmd = cmd.freeze();
                    out.server_sent.push(cmd.clone());
                    if out.client.is_ok() {
                        if let Err(e) = client.process_handshake_command(&cmd) {
                            out.client = Err(e);
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => out.server = Err(e),
            }
        }
        if !progressed {
            break;
        }
    }
    if out.client.is_ok() {
        out.client = Ok(client.status());
    }
    if out.server.is_ok() {
        out.server = Ok(server.status());
    }
    out
}

pub fn prop<'a>(props: &'a Properties, name: &str) -> Option<&'a [u8]> {
    crate::zmtp::metadata::get(props, name).map(|v| &v[..])
}
