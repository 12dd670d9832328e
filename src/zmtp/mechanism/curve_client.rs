//! The CURVE client (RFC 26 as libzmq 4.3.4): HELLO, WELCOME -> INITIATE
//! (vouching for its short-term key with its long-term one), READY, then
//! MESSAGE boxes.

use super::curve_box::{
    self, field, nonce, open, precompute, random, seal_into, short_nonce, MessageCodec, SessionBox,
    HELLO_NONCE_PREFIX, INITIATE_NONCE_PREFIX, KEY_SIZE, READY_NONCE_PREFIX, VOUCH_NONCE_PREFIX,
    WELCOME_NONCE_PREFIX,
};
use super::curve_server::{HELLO_SIZE, MAX_METADATA, NAME, WELCOME_SIZE};
use super::zap::ZapState;
use super::{
    parse_peer_properties, peer_error, split_command, Mechanism, OwnProperties, Secret32, Status,
    ZapReply, ZapRequest,
};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::mechanism::null::put_properties;
use crate::zmtp::metadata::Properties;
use bytes::{BufMut, Bytes, BytesMut};
use zeroize::Zeroizing;

/// READY without metadata: name, short nonce, tag.
const READY_MIN: usize = 6 + 8 + 16;
/// The cookie the server put in WELCOME, returned verbatim in INITIATE.
const COOKIE_SIZE: usize = 16 + 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    SendHello,
    WaitWelcome,
    SendInitiate,
    WaitReady,
    Ready,
    Failed,
}

/// The CURVE client of one connection.
#[derive(Debug)]
pub struct CurveClient {
    own: OwnProperties,
    /// Our long-term key pair (C, c) and the server's key (S).
    public: [u8; KEY_SIZE],
    secret: Secret32,
    server_public: [u8; KEY_SIZE],
    /// Our short-term key pair (C', c').
    cn_public: [u8; KEY_SIZE],
    cn_secret: Secret32,
    /// The server's short-term key (S') and cookie, from WELCOME.
    cn_server: [u8; KEY_SIZE],
    cookie: [u8; COOKIE_SIZE],
    /// Box(S, c') from HELLO, used once more to open WELCOME.
    hello_box: Option<SessionBox>,
    /// Box(S', c'), precomputed at WELCOME; moves into the codec.
    session: Option<SessionBox>,
    /// Our next short nonce: HELLO uses 1, INITIATE 2, MESSAGE from 3.
    next_nonce: u64,
    state: State,
    peer: Properties,
    no_zap: ZapState,
    codec: Option<MessageCodec>,
}

impl CurveClient {
    /// `public`/`secret`: ZMQ_CURVE_PUBLICKEY / ZMQ_CURVE_SECRETKEY;
    /// `server_public`: ZMQ_CURVE_SERVERKEY.
    pub fn new(
        own: &OwnProperties,
        public: [u8; KEY_SIZE],
        secret: Secret32,
        server_public: [u8; KEY_SIZE],
    ) -> Result<CurveClient, ProtocolError> {
        let (cn_public, cn_secret) = curve_box::ephemeral_keypair()?;
        Ok(CurveClient {
            own: own.clone(),
            public,
            secret,
            server_public,
            cn_public,
            cn_secret: Secret32(*cn_secret),
            cn_server: [0; KEY_SIZE],
            cookie: [0; COOKIE_SIZE],
            hello_box: None,
            session: None,
            next_nonce: 1,
            state: State::SendHello,
            peer: Properties::new(),
            no_zap: ZapState::default(),
            codec: None,
        })
    }

    fn take_nonce(&mut self) -> Result<[u8; 8], ProtocolError> {
        let n = self.next_nonce;
        self.next_nonce = n.checked_add(1).ok_or(ProtocolError::InvalidSequence)?;
        Ok(short_nonce(n))
    }

    /// HELLO: `\x05HELLO`, version 1.0, 72 zero bytes, C', short nonce,
    /// Box[64 zero bytes](C'->S): 200 bytes.
    fn produce_hello(&mut self) -> Result<BytesMut, ProtocolError> {
        let cipher = precompute(&self.server_public, &self.cn_secret.0)?;
        let short = self.take_nonce()?;
        let mut out = BytesMut::with_capacity(HELLO_SIZE);
        out.extend_from_slice(b"\x05HELLO\x01\x00");
        out.put_bytes(0, 72);
        out.extend_from_slice(&self.cn_public);
        out.extend_from_slice(&short);
        seal_into(
            &cipher,
            &nonce(HELLO_NONCE_PREFIX, &short),
            &[0u8; 64],
            &mut out,
        )?;
        self.hello_box = Some(SessionBox(cipher));
        Ok(out)
    }

    /// WELCOME: `\x07WELCOME`, 16-byte nonce, Box[S' + cookie](S->C').
    fn process_welcome(&mut self, body: &[u8]) -> Result<(), ProtocolError> {
        // libzmq 4.3.4 reports a WELCOME of the wrong size as a
        // cryptographic failure, like one that does not open.
        if body.len() != WELCOME_SIZE {
            return Err(ProtocolError::Cryptographic);
        }
        let welcome_nonce: [u8; 16] = field(body, 8, ProtocolError::Cryptographic)?;
        let boxed = body.get(24..).ok_or(ProtocolError::Cryptographic)?;
        let cipher = self
            .hello_box
            .take()
            .ok_or(ProtocolError::UnexpectedCommand)?;
        let plain = open(
            &cipher.0,
            &nonce(WELCOME_NONCE_PREFIX, &welcome_nonce),
            boxed,
        )?;
        self.cn_server = field(&plain, 0, ProtocolError::Cryptographic)?;
        self.cookie = field(&plain, KEY_SIZE, ProtocolError::Cryptographic)?;
        self.session = Some(SessionBox(precompute(&self.cn_server, &self.cn_secret.0)?));
        self.state = State::SendInitiate;
        Ok(())
    }

    /// INITIATE: `\x08INITIATE`, cookie, short nonce, Box[C + vouch nonce +
    /// vouch + metadata](C'->S'), vouch = Box[C' + S](C->S').
    fn produce_initiate(&mut self) -> Result<BytesMut, ProtocolError> {
        let vouch_nonce = random::<16>()?;
        let vouch_cipher = precompute(&self.cn_server, &self.secret.0)?;
        let mut vouch_plain = [0u8; 2 * KEY_SIZE];
        for (slot, b) in vouch_plain
            .iter_mut()
            .zip(self.cn_public.iter().chain(&self.server_public))
        {
            *slot = *b;
        }
        let mut plain = BytesMut::with_capacity(256);
        plain.extend_from_slice(&self.public);
        plain.extend_from_slice(vouch_nonce.as_slice());
        seal_into(
            &vouch_cipher,
            &nonce(VOUCH_NONCE_PREFIX, vouch_nonce.as_slice()),
            &vouch_plain,
            &mut plain,
        )?;
        put_properties(
            &mut plain,
            self.own.socket_type,
            &self.own.routing_id,
            &self.own.metadata,
        );
        let plain = Zeroizing::new(plain.to_vec());

        let short = self.take_nonce()?;
        let session = &self
            .session
            .as_ref()
            .ok_or(ProtocolError::UnexpectedCommand)?
            .0;
        let mut out = BytesMut::with_capacity(plain.len().saturating_add(113 + 16));
        out.extend_from_slice(b"\x08INITIATE");
        out.extend_from_slice(&self.cookie);
        out.extend_from_slice(&short);
        seal_into(
            session,
            &nonce(INITIATE_NONCE_PREFIX, &short),
            &plain,
            &mut out,
        )?;
        Ok(out)
    }

    /// READY: `\x05READY`, short nonce, Box[metadata](S'->C').
    fn process_ready(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        if body.len() < READY_MIN || body.len() > READY_MIN.saturating_add(MAX_METADATA) {
            return Err(ProtocolError::MalformedReady);
        }
        let short: [u8; 8] = field(body, 6, ProtocolError::MalformedReady)?;
        let boxed = body.get(14..).ok_or(ProtocolError::MalformedReady)?;
        let session = self
            .session
            .take()
            .ok_or(ProtocolError::UnexpectedCommand)?;
        let plain = open(&session.0, &nonce(READY_NONCE_PREFIX, &short), boxed)?;
        self.peer = parse_peer_properties(self.own.socket_type, Bytes::copy_from_slice(&plain))?;
        self.codec = Some(MessageCodec::new(
            session,
            false,
            self.next_nonce,
            u64::from_be_bytes(short),
        ));
        self.state = State::Ready;
        Ok(())
    }

    fn fail<T>(&mut self, e: ProtocolError) -> Result<T, ProtocolError> {
        self.state = State::Failed;
        self.hello_box = None;
        self.session = None;
        Err(e)
    }
}

impl Mechanism for CurveClient {
    fn name(&self) -> &'static [u8] {
        NAME
    }

    fn as_server(&self) -> bool {
        false
    }

    fn next_handshake_command(&mut self) -> Result<Option<BytesMut>, ProtocolError> {
        let produced = match self.state {
            State::SendHello => self.produce_hello().map(|c| (c, State::WaitWelcome)),
            State::SendInitiate => self.produce_initiate().map(|c| (c, State::WaitReady)),
            _ => return Ok(None),
        };
        match produced {
            Ok((command, next)) => {
                self.state = next;
                Ok(Some(command))
            }
            Err(e) => self.fail(e),
        }
    }

    fn process_handshake_command(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        let result = split_command(body).and_then(|(name, data)| match (self.state, name) {
            (State::WaitWelcome, b"WELCOME") => self.process_welcome(body),
            (State::WaitReady, b"READY") => self.process_ready(body),
            (State::WaitWelcome | State::WaitReady, b"ERROR") => Err(peer_error(data)),
            _ => Err(ProtocolError::UnexpectedCommand),
        });
        match result {
            Ok(()) => Ok(()),
            Err(e) => self.fail(e),
        }
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
            State::Ready => Status::Ready,
            State::Failed => Status::Error,
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

    fn wraps_frames(&self) -> bool {
        true
    }

    fn encode_into(
        &mut self,
        more: bool,
        command: bool,
        body: &[u8],
        out: &mut BytesMut,
    ) -> Result<(), ProtocolError> {
        curve_box::encode_ready(self.codec.as_mut(), more, command, body, out)
    }

    fn decode(&mut self, _flags: u8, body: Bytes) -> Result<(u8, Bytes), ProtocolError> {
        curve_box::decode_ready(self.codec.as_mut(), body)
    }
}
