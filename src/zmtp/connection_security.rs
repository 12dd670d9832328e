//! The security side of a [`Connection`]: driving its mechanism through
//! the handshake, the ZAP hand-off, and boxing frames after READY for a
//! mechanism that wraps them (CURVE). NULL and PLAIN never take the boxed
//! paths, so their per-frame cost is one test of a flag.

use super::{Connection, Event, State, Version};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::frame::{Body, FLAG_COMMAND, FLAG_MORE};
use crate::zmtp::mechanism::{self, ZapReply};
use crate::zmtp::metadata::Properties;
use bytes::BytesMut;
use std::time::Instant;

impl Connection {
    /// Sends what the mechanism has to send, raises its ZAP request, and
    /// completes the handshake once it is ready.
    pub(super) fn pump_mechanism(&mut self, now: Instant) -> Result<(), ProtocolError> {
        let Some(m) = self.mechanism.as_mut() else {
            return Err(ProtocolError::UnexpectedCommand);
        };
        while let Some(cmd) = m.next_handshake_command()? {
            self.out.push_copy(false, true, &cmd);
        }
        if let Some(req) = m.poll_zap_request() {
            self.zap_pending = true;
            self.events.push_back(Event::ZapRequest(req));
        }
        match m.status() {
            mechanism::Status::Handshaking => Ok(()),
            // Refused by ZAP (400/500): the ERROR just queued goes out
            // before the connection closes.
            mechanism::Status::Error => Err(match self.zap_status {
                Some(status) if status != 200 => ProtocolError::AuthFailed { status },
                _ => ProtocolError::UnexpectedCommand,
            }),
            mechanism::Status::Ready => {
                let props = m.peer_properties().clone();
                self.wrap = m.wraps_frames();
                self.state = State::Ready;
                self.handshake_deadline = None;
                self.heartbeat.start(now);
                self.peer_properties = props.clone();
                self.events.push_back(Event::HandshakeComplete {
                    properties: props,
                    version: self.version.unwrap_or(Version::V3_1),
                });
                Ok(())
            }
        }
    }

    /// The ZAP handler's checked reply to the request raised as
    /// [`Event::ZapRequest`], or why the reply was refused (a
    /// `ProtocolError::Zap*`). The handshake then resumes: call
    /// `handle_input` again with what the engine held back.
    pub fn handle_zap_reply(&mut self, now: Instant, reply: Result<ZapReply, ProtocolError>) {
        if !std::mem::take(&mut self.zap_pending) || self.state != State::Handshake {
            return;
        }
        let result = reply.and_then(|r| {
            self.zap_status = Some(r.status_code);
            let m = self
                .mechanism
                .as_mut()
                .ok_or(ProtocolError::UnexpectedCommand)?;
            m.handle_zap_reply(r)?;
            self.pump_mechanism(now)
        });
        if let Err(e) = result {
            self.fail(e);
        }
    }

    /// No ZAP handler is bound: the mechanism goes on or fails, as libzmq.
    pub fn zap_unavailable(&mut self, now: Instant) {
        if !std::mem::take(&mut self.zap_pending) || self.state != State::Handshake {
            return;
        }
        let result = match self.mechanism.as_mut() {
            Some(m) => m.zap_unavailable().and_then(|()| self.pump_mechanism(now)),
            None => Err(ProtocolError::UnexpectedCommand),
        };
        if let Err(e) = result {
            self.fail(e);
        }
    }

    /// Whether the handshake waits for a ZAP answer.
    pub fn awaiting_zap(&self) -> bool {
        self.zap_pending
    }

    /// What ZAP said of the peer, once ready: "User-Id" then the reply's
    /// metadata, as libzmq files them; empty when ZAP was not asked.
    pub fn zap_properties(&self) -> Properties {
        let Some(m) = self
            .mechanism
            .as_ref()
            .filter(|_| self.zap_status.is_some())
        else {
            return Properties::new();
        };
        let mut props = vec![("User-Id".to_string(), m.user_id().clone())];
        props.extend(m.zap_properties().iter().cloned());
        props
    }

    /// One boxed frame after the handshake (CURVE): opened by the
    /// mechanism, then handled as a plain frame.
    #[cold]
    #[inline(never)]
    pub(super) fn step_wrapped(
        &mut self,
        now: Instant,
        buf: &mut BytesMut,
    ) -> Result<(), Option<ProtocolError>> {
        let Some(frame) = self.decoder.decode(buf)? else {
            return Err(None);
        };
        let m = self
            .mechanism
            .as_mut()
            .ok_or(ProtocolError::UnexpectedCommand)?;
        let (flags, body) = m.decode(frame.flags, frame.body)?;
        self.heartbeat.on_frame();
        if flags & FLAG_COMMAND != 0 {
            self.process_command(now, &body);
        } else {
            self.events.push_back(Event::Frame {
                more: flags & FLAG_MORE != 0,
                body: Body::Shared(body),
            });
        }
        Ok(())
    }

    /// Queues one frame whose body is `prefix` then `rest`: boxed by the
    /// mechanism when it wraps frames, else copied as is.
    pub(super) fn push_frame(&mut self, more: bool, command: bool, prefix: &[u8], rest: &[u8]) {
        if !self.wrap {
            self.out.push_copy2(more, command, prefix, rest);
            return;
        }
        let body = if prefix.is_empty() {
            rest
        } else {
            self.scratch.clear();
            self.scratch.extend_from_slice(prefix);
            self.scratch.extend_from_slice(rest);
            &self.scratch[..]
        };
        let Some(m) = self.mechanism.as_mut() else {
            return;
        };
        if let Err(e) = self
            .out
            .push_with(|batch| m.encode_into(more, command, body, batch))
        {
            self.fail(e);
        }
    }
}
