//! PLAIN (RFC 24) as libzmq 4.3.4 speaks it: the client sends HELLO with
//! its username and password, the server asks ZAP, answers WELCOME (or
//! ERROR with the ZAP status), the client sends INITIATE with its
//! properties and the server READY with its own. Nothing is encrypted.

use super::zap::{Verdict, ZapState};
use super::{
    parse_peer_properties, peer_error, split_command, Mechanism, OwnProperties, SecretBytes,
    Status, ZapReply, ZapRequest,
};
use crate::zmtp::command;
use crate::zmtp::error::ProtocolError;
use crate::zmtp::mechanism::null::put_properties;
use crate::zmtp::metadata::Properties;
use bytes::{BufMut, Bytes, BytesMut};

/// The name in the greeting's mechanism field.
pub const NAME: &[u8] = b"PLAIN";

const HELLO: &[u8] = b"HELLO";
const WELCOME: &[u8] = b"WELCOME";
const INITIATE: &[u8] = b"INITIATE";
/// WELCOME has no data: `\x07WELCOME` is the whole command.
const WELCOME_COMMAND: &[u8] = b"\x07WELCOME";

/// A command body: `name-size name` then our properties.
fn command_with_properties(name_prefix: &[u8], own: &OwnProperties) -> BytesMut {
    let mut b = BytesMut::with_capacity(64);
    b.extend_from_slice(name_prefix);
    put_properties(&mut b, own.socket_type, &own.routing_id, &own.metadata);
    b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientState {
    SendHello,
    WaitWelcome,
    SendInitiate,
    WaitReady,
    Ready,
    Failed,
}

/// The PLAIN client (ZMQ_PLAIN_USERNAME / ZMQ_PLAIN_PASSWORD set).
#[derive(Debug)]
pub struct PlainClient {
    own: OwnProperties,
    username: Bytes,
    password: SecretBytes,
    state: ClientState,
    peer: Properties,
    no_zap: ZapState,
}

impl PlainClient {
    pub fn new(own: &OwnProperties, username: Bytes, password: SecretBytes) -> PlainClient {
        PlainClient {
            own: own.clone(),
            username,
            password,
            state: ClientState::SendHello,
            peer: Properties::new(),
            no_zap: ZapState::default(),
        }
    }

    /// `\x05HELLO`, then username and password each behind a one-byte
    /// length (the options layer keeps both under 256 bytes).
    fn hello(&self) -> Result<BytesMut, ProtocolError> {
        let user_len =
            u8::try_from(self.username.len()).map_err(|_| ProtocolError::MalformedHello)?;
        let pass_len =
            u8::try_from(self.password.0.len()).map_err(|_| ProtocolError::MalformedHello)?;
        let mut b = BytesMut::with_capacity(
            8usize
                .saturating_add(self.username.len())
                .saturating_add(self.password.0.len()),
        );
        b.extend_from_slice(b"\x05HELLO");
        b.put_u8(user_len);
        b.extend_from_slice(&self.username);
        b.put_u8(pass_len);
        b.extend_from_slice(&self.password.0);
        Ok(b)
    }
}

impl PlainClient {
    fn process(&mut self, body: &Bytes, name: &[u8], data: &[u8]) -> Result<(), ProtocolError> {
        if name == WELCOME {
            if self.state != ClientState::WaitWelcome {
                Err(ProtocolError::UnexpectedCommand)
            } else if !data.is_empty() {
                Err(ProtocolError::MalformedWelcome)
            } else {
                self.state = ClientState::SendInitiate;
                Ok(())
            }
        } else if name == command::READY {
            if self.state != ClientState::WaitReady {
                Err(ProtocolError::UnexpectedCommand)
            } else {
                parse_peer_properties(self.own.socket_type, body.slice_ref(data)).map(|props| {
                    self.peer = props;
                    self.state = ClientState::Ready;
                })
            }
        } else if name == command::ERROR
            && matches!(
                self.state,
                ClientState::WaitWelcome | ClientState::WaitReady
            )
        {
            Err(peer_error(data))
        } else {
            Err(ProtocolError::UnexpectedCommand)
        }
    }
}

impl Mechanism for PlainClient {
    fn name(&self) -> &'static [u8] {
        NAME
    }

    fn as_server(&self) -> bool {
        false
    }

    fn next_handshake_command(&mut self) -> Result<Option<BytesMut>, ProtocolError> {
        match self.state {
            ClientState::SendHello => {
                let hello = self.hello()?;
                self.state = ClientState::WaitWelcome;
                Ok(Some(hello))
            }
            ClientState::SendInitiate => {
                self.state = ClientState::WaitReady;
                Ok(Some(command_with_properties(b"\x08INITIATE", &self.own)))
            }
            _ => Ok(None),
        }
    }

    fn process_handshake_command(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        let result = split_command(body).and_then(|(name, data)| self.process(body, name, data));
        if result.is_err() {
            self.state = ClientState::Failed;
        }
        result
    }

    fn poll_zap_request(&mut self) -> Option<ZapRequest> {
        None
    }

    fn handle_zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtocolError> {
        self.no_zap.accept(reply).map(|_| ())
    }

    fn zap_unavailable(&mut self) -> Result<(), ProtocolError> {
        Ok(())
    }

    fn status(&self) -> Status {
        match self.state {
            ClientState::Ready => Status::Ready,
            ClientState::Failed => Status::Error,
            _ => Status::Handshaking,
        }
    }

    fn peer_properties(&self) -> &Properties {
        &self.peer
    }

    fn user_id(&self) -> &Bytes {
        &self.no_zap.user_id
    }

    fn zap_properties(&self) -> &Properties {
        &self.no_zap.properties
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServerState {
    WaitHello,
    WaitZap,
    SendWelcome,
    WaitInitiate,
    SendReady,
    Ready,
    SendError,
    Failed,
}

/// The PLAIN server (ZMQ_PLAIN_SERVER): every HELLO goes to ZAP.
#[derive(Debug)]
pub struct PlainServer {
    own: OwnProperties,
    state: ServerState,
    zap: ZapState,
    peer: Properties,
}

impl PlainServer {
    pub fn new(own: &OwnProperties) -> PlainServer {
        PlainServer {
            own: own.clone(),
            state: ServerState::WaitHello,
            zap: ZapState::default(),
            peer: Properties::new(),
        }
    }

    /// HELLO's data: `username-size username password-size password`,
    /// nothing after.
    fn process_hello(&mut self, body: &Bytes, data: &[u8]) -> Result<(), ProtocolError> {
        let bad = || ProtocolError::MalformedHello;
        let (&user_len, rest) = data.split_first().ok_or_else(bad)?;
        let user_len = usize::from(user_len);
        if rest.len() < user_len {
            return Err(bad());
        }
        let (username, rest) = rest.split_at(user_len);
        let (&pass_len, rest) = rest.split_first().ok_or_else(bad)?;
        if rest.len() != usize::from(pass_len) {
            return Err(bad());
        }
        self.zap
            .ask(NAME, vec![body.slice_ref(username), body.slice_ref(rest)]);
        self.state = ServerState::WaitZap;
        Ok(())
    }
}

impl Mechanism for PlainServer {
    fn name(&self) -> &'static [u8] {
        NAME
    }

    fn as_server(&self) -> bool {
        true
    }

    fn next_handshake_command(&mut self) -> Result<Option<BytesMut>, ProtocolError> {
        match self.state {
            ServerState::SendWelcome => {
                self.state = ServerState::WaitInitiate;
                Ok(Some(BytesMut::from(WELCOME_COMMAND)))
            }
            ServerState::SendReady => {
                self.state = ServerState::Ready;
                Ok(Some(command_with_properties(b"\x05READY", &self.own)))
            }
            ServerState::SendError => {
                self.state = ServerState::Failed;
                Ok(self.zap.take_error_command())
            }
            _ => Ok(None),
        }
    }

    fn process_handshake_command(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        let result = split_command(body).and_then(|(name, data)| match self.state {
            ServerState::WaitHello if name == HELLO => self.process_hello(body, data),
            ServerState::WaitInitiate if name == INITIATE => {
                parse_peer_properties(self.own.socket_type, body.slice_ref(data)).map(|props| {
                    self.peer = props;
                    self.state = ServerState::SendReady;
                })
            }
            _ => Err(ProtocolError::UnexpectedCommand),
        });
        if result.is_err() {
            self.state = ServerState::Failed;
        }
        result
    }

    fn poll_zap_request(&mut self) -> Option<ZapRequest> {
        self.zap.take_request()
    }

    fn handle_zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtocolError> {
        match self.zap.accept(reply) {
            Ok(Verdict::Proceed) => {
                self.state = ServerState::SendWelcome;
                Ok(())
            }
            Ok(Verdict::Refuse) => {
                self.state = ServerState::SendError;
                Ok(())
            }
            Err(e) => {
                self.state = ServerState::Failed;
                Err(e)
            }
        }
    }

    /// libzmq 4.3.4's PLAIN server cannot work without a handler: the
    /// handshake fails (HANDSHAKE_FAILED_NO_DETAIL, EFAULT), nothing is sent.
    fn zap_unavailable(&mut self) -> Result<(), ProtocolError> {
        self.state = ServerState::Failed;
        self.zap.unavailable(false)
    }

    fn status(&self) -> Status {
        match self.state {
            ServerState::Ready => Status::Ready,
            ServerState::Failed => Status::Error,
            _ => Status::Handshaking,
        }
    }

    fn peer_properties(&self) -> &Properties {
        &self.peer
    }

    fn user_id(&self) -> &Bytes {
        &self.zap.user_id
    }

    fn zap_properties(&self) -> &Properties {
        &self.zap.properties
    }
}
