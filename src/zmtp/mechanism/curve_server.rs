//! The CURVE server (RFC 26 as libzmq 4.3.4): HELLO -> WELCOME (with a
//! cookie only this connection can open), INITIATE (vouch + metadata) ->
//! ZAP -> READY, then MESSAGE boxes.

use super::curve_box::{
    self, ct_eq, field, nonce, open, precompute, random, seal_into, short_nonce, MessageCodec,
    SessionBox, COOKIE_NONCE_PREFIX, HELLO_NONCE_PREFIX, INITIATE_NONCE_PREFIX, KEY_SIZE,
    READY_NONCE_PREFIX, VOUCH_NONCE_PREFIX, WELCOME_NONCE_PREFIX,
};
use super::zap::{Verdict, ZapState};
use super::{
    parse_peer_properties, split_command, Mechanism, OwnProperties, Secret32, Status, ZapReply,
    ZapRequest,
};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::mechanism::null::put_properties;
use crate::zmtp::metadata::Properties;
use bytes::{Bytes, BytesMut};
use crypto_box::aead::generic_array::GenericArray;
use crypto_secretbox::{KeyInit, XSalsa20Poly1305};
use zeroize::Zeroizing;

/// The name in the greeting's mechanism field.
pub const NAME: &[u8] = b"CURVE";

/// HELLO is exactly this long (the padding makes WELCOME no amplifier).
pub const HELLO_SIZE: usize = 200;
/// WELCOME is exactly this long.
pub const WELCOME_SIZE: usize = 168;
/// INITIATE without metadata: name, cookie, short nonce, Box[C + vouch].
pub const INITIATE_MIN: usize = 9 + 96 + 8 + 16 + 128;
/// The most metadata an INITIATE or READY may carry. libzmq has no bound
/// (and once overflowed a stack buffer here, CVE-2019-13132); 64 KiB is
/// far above what any socket sends (Socket-Type, Identity, ZMQ_METADATA).
pub const MAX_METADATA: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    WaitHello,
    SendWelcome,
    WaitInitiate,
    WaitZap,
    SendReady,
    SendError,
    Ready,
    Failed,
}

/// The CURVE server of one connection.
#[derive(Debug)]
pub struct CurveServer {
    own: OwnProperties,
    secret: Secret32,
    public: [u8; KEY_SIZE],
    /// Our short-term key pair (S', s').
    cn_public: [u8; KEY_SIZE],
    cn_secret: Secret32,
    /// The client's short-term key (C') from HELLO.
    cn_client: [u8; KEY_SIZE],
    /// The key of this connection's cookie: made at WELCOME, wiped and
    /// dropped at INITIATE.
    cookie_key: Option<Secret32>,
    /// Box(C', s) from HELLO, used once more to seal WELCOME.
    hello_box: Option<SessionBox>,
    /// Box(C', s'), precomputed at INITIATE; moves into the codec.
    session: Option<SessionBox>,
    /// The client's last handshake short nonce (INITIATE's).
    peer_nonce: u64,
    state: State,
    zap: ZapState,
    peer: Properties,
    codec: Option<MessageCodec>,
}

impl CurveServer {
    /// `public`/`secret`: ZMQ_CURVE_PUBLICKEY / ZMQ_CURVE_SECRETKEY.
    pub fn new(
        own: &OwnProperties,
        public: [u8; KEY_SIZE],
        secret: Secret32,
    ) -> Result<CurveServer, ProtocolError> {
        let (cn_public, cn_secret) = curve_box::ephemeral_keypair()?;
        Ok(CurveServer {
            own: own.clone(),
            secret,
            public,
            cn_public,
            cn_secret: Secret32(*cn_secret),
            cn_client: [0; KEY_SIZE],
            cookie_key: None,
            hello_box: None,
            session: None,
            peer_nonce: 0,
            state: State::WaitHello,
            zap: ZapState::default(),
            peer: Properties::new(),
            codec: None,
        })
    }

    /// HELLO: `\x05HELLO`, version 1.0, 72 bytes of padding, C', short
    /// nonce, Box[64 zero bytes](C'->S).
    fn process_hello(&mut self, body: &[u8]) -> Result<(), ProtocolError> {
        if body.len() != HELLO_SIZE {
            return Err(ProtocolError::MalformedHello);
        }
        let version: [u8; 2] = field(body, 6, ProtocolError::MalformedHello)?;
        if version != [1, 0] {
            return Err(ProtocolError::MalformedHello);
        }
        self.cn_client = field(body, 80, ProtocolError::MalformedHello)?;
        let short: [u8; 8] = field(body, 112, ProtocolError::MalformedHello)?;
        let signature = body.get(120..).ok_or(ProtocolError::MalformedHello)?;
        let cipher = precompute(&self.cn_client, &self.secret.0)?;
        open(&cipher, &nonce(HELLO_NONCE_PREFIX, &short), signature)?;
        self.hello_box = Some(SessionBox(cipher));
        self.peer_nonce = u64::from_be_bytes(short);
        self.state = State::SendWelcome;
        Ok(())
    }

    /// WELCOME: `\x07WELCOME`, a random 16-byte nonce, Box[S' + cookie]
    /// (S->C'), where cookie = nonce16 + SecretBox[C' + s'](K).
    fn produce_welcome(&mut self) -> Result<BytesMut, ProtocolError> {
        let cookie_key = random::<KEY_SIZE>()?;
        let cookie_nonce = random::<16>()?;
        let mut cookie_plain = Zeroizing::new(Vec::with_capacity(2 * KEY_SIZE));
        cookie_plain.extend_from_slice(&self.cn_client);
        cookie_plain.extend_from_slice(&self.cn_secret.0);
        let cookie_cipher = XSalsa20Poly1305::new(GenericArray::from_slice(cookie_key.as_slice()));
        let mut welcome_plain = BytesMut::with_capacity(128 + 16);
        welcome_plain.extend_from_slice(&self.cn_public);
        welcome_plain.extend_from_slice(cookie_nonce.as_slice());
        seal_into(
            &cookie_cipher,
            &nonce(COOKIE_NONCE_PREFIX, cookie_nonce.as_slice()),
            &cookie_plain,
            &mut welcome_plain,
        )?;
        let welcome_plain = Zeroizing::new(welcome_plain.to_vec());
        self.cookie_key = Some(Secret32(*cookie_key));

        let welcome_nonce = random::<16>()?;
        let cipher = self
            .hello_box
            .take()
            .ok_or(ProtocolError::UnexpectedCommand)?;
        let mut out = BytesMut::with_capacity(WELCOME_SIZE);
        out.extend_from_slice(b"\x07WELCOME");
        out.extend_from_slice(welcome_nonce.as_slice());
        seal_into(
            &cipher.0,
            &nonce(WELCOME_NONCE_PREFIX, welcome_nonce.as_slice()),
            &welcome_plain,
            &mut out,
        )?;
        Ok(out)
    }

    /// INITIATE: `\x08INITIATE`, cookie, short nonce, Box[C + vouch nonce
    /// + vouch + metadata](C'->S'), vouch = Box[C' + S](C->S').
    fn process_initiate(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        // The cookie key serves this one INITIATE, whatever it holds.
        let cookie_key = self
            .cookie_key
            .take()
            .ok_or(ProtocolError::UnexpectedCommand)?;
        if body.len() < INITIATE_MIN || body.len() > INITIATE_MIN.saturating_add(MAX_METADATA) {
            return Err(ProtocolError::MalformedInitiate);
        }
        let cookie_nonce: [u8; 16] = field(body, 9, ProtocolError::MalformedInitiate)?;
        let cookie_box = body.get(25..105).ok_or(ProtocolError::MalformedInitiate)?;
        let cookie_cipher = XSalsa20Poly1305::new(GenericArray::from_slice(&cookie_key.0));
        drop(cookie_key);
        let cookie = open(
            &cookie_cipher,
            &nonce(COOKIE_NONCE_PREFIX, &cookie_nonce),
            cookie_box,
        )?;
        drop(cookie_cipher);
        let (cookie_client, cookie_secret) = cookie.split_at(KEY_SIZE);
        if !(ct_eq(cookie_client, &self.cn_client) & ct_eq(cookie_secret, &self.cn_secret.0)) {
            return Err(ProtocolError::Cryptographic);
        }

        let short: [u8; 8] = field(body, 105, ProtocolError::MalformedInitiate)?;
        let boxed = body.get(113..).ok_or(ProtocolError::MalformedInitiate)?;
        let session = precompute(&self.cn_client, &self.cn_secret.0)?;
        let plain = open(&session, &nonce(INITIATE_NONCE_PREFIX, &short), boxed)?;
        self.peer_nonce = u64::from_be_bytes(short);

        let client_key: [u8; KEY_SIZE] = field(&plain, 0, ProtocolError::MalformedInitiate)?;
        let vouch_nonce: [u8; 16] = field(&plain, 32, ProtocolError::MalformedInitiate)?;
        let vouch_box = plain.get(48..128).ok_or(ProtocolError::MalformedInitiate)?;
        let vouch_cipher = precompute(&client_key, &self.cn_secret.0)?;
        let vouch = open(
            &vouch_cipher,
            &nonce(VOUCH_NONCE_PREFIX, &vouch_nonce),
            vouch_box,
        )?;
        let (vouch_client, vouch_server) = vouch.split_at(KEY_SIZE.min(vouch.len()));
        if !(ct_eq(vouch_client, &self.cn_client) & ct_eq(vouch_server, &self.public)) {
            return Err(ProtocolError::KeyExchange);
        }

        let metadata = plain.get(128..).ok_or(ProtocolError::MalformedInitiate)?;
        self.peer = parse_peer_properties(self.own.socket_type, Bytes::copy_from_slice(metadata))?;
        self.session = Some(SessionBox(session));

        // libzmq asks ZAP unless ZMQ_ZAP_ENFORCE_DOMAIN is set without a
        // domain (then it serves anyone with the server key: "Stonehouse").
        if self.own.zap_domain_set || !self.own.zap_enforce_domain {
            self.zap
                .ask(NAME, vec![Bytes::copy_from_slice(&client_key)]);
            self.state = State::WaitZap;
        } else {
            self.state = State::SendReady;
        }
        Ok(())
    }

    /// READY: `\x05READY`, short nonce, Box[metadata](S'->C'); the session
    /// box then moves into the MESSAGE codec.
    fn produce_ready(&mut self) -> Result<BytesMut, ProtocolError> {
        let session = self
            .session
            .take()
            .ok_or(ProtocolError::UnexpectedCommand)?;
        let mut metadata = BytesMut::with_capacity(64);
        put_properties(
            &mut metadata,
            self.own.socket_type,
            &self.own.routing_id,
            &self.own.metadata,
        );
        let short = short_nonce(1);
        let mut out = BytesMut::with_capacity(metadata.len().saturating_add(30));
        out.extend_from_slice(b"\x05READY");
        out.extend_from_slice(&short);
        seal_into(
            &session.0,
            &nonce(READY_NONCE_PREFIX, &short),
            &metadata,
            &mut out,
        )?;
        self.codec = Some(MessageCodec::new(session, true, 2, self.peer_nonce));
        Ok(out)
    }

    /// Whether the cookie key still exists (only between WELCOME and
    /// INITIATE).
    pub fn holds_cookie_key(&self) -> bool {
        self.cookie_key.is_some()
    }

    fn fail<T>(&mut self, e: ProtocolError) -> Result<T, ProtocolError> {
        self.state = State::Failed;
        self.cookie_key = None;
        self.hello_box = None;
        self.session = None;
        Err(e)
    }
}

impl Mechanism for CurveServer {
    fn name(&self) -> &'static [u8] {
        NAME
    }

    fn as_server(&self) -> bool {
        true
    }

    fn next_handshake_command(&mut self) -> Result<Option<BytesMut>, ProtocolError> {
        let produced = match self.state {
            State::SendWelcome => self.produce_welcome().map(|c| (c, State::WaitInitiate)),
            State::SendReady => self.produce_ready().map(|c| (c, State::Ready)),
            State::SendError => {
                self.state = State::Failed;
                return Ok(self.zap.take_error_command());
            }
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
        let result = split_command(body).and_then(|(name, _)| match (self.state, name) {
            (State::WaitHello, b"HELLO") => self.process_hello(body),
            (State::WaitInitiate, b"INITIATE") => self.process_initiate(body),
            _ => Err(ProtocolError::UnexpectedCommand),
        });
        match result {
            Ok(()) => Ok(()),
            Err(e) => self.fail(e),
        }
    }

    fn poll_zap_request(&mut self) -> Option<ZapRequest> {
        self.zap.take_request()
    }

    fn handle_zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtocolError> {
        match self.zap.accept(reply) {
            Ok(Verdict::Proceed) => {
                self.state = State::SendReady;
                Ok(())
            }
            Ok(Verdict::Refuse) => {
                self.state = State::SendError;
                self.session = None;
                Ok(())
            }
            Err(e) => self.fail(e),
        }
    }

    fn zap_unavailable(&mut self) -> Result<(), ProtocolError> {
        match self.zap.unavailable(!self.own.zap_enforce_domain) {
            Ok(()) => {
                self.state = State::SendReady;
                Ok(())
            }
            Err(e) => self.fail(e),
        }
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
        &self.zap.user_id
    }

    fn zap_properties(&self) -> &Properties {
        &self.zap.properties
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
