//! Behaviour checked against the reference libzmq 4.3.4 with C probes.

use super::*;

fn int(v: i32) -> [u8; 4] {
    v.to_ne_bytes()
}

fn get_int(o: &Options, option: i32) -> Result<i32> {
    let mut out = [0u8; 4];
    assert_eq!(o.get(option, &mut out)?, 4);
    Ok(i32::from_ne_bytes(out))
}

fn get_bytes(o: &Options, option: i32) -> Result<Vec<u8>> {
    let mut out = [0xAAu8; 300];
    let n = o.get(option, &mut out[..256])?;
    assert!(out[n..256].iter().all(|&b| b == 0), "tail zeroed");
    Ok(out[..n].to_vec())
}

#[test]
fn int_defaults() {
    let o = Options::new();
    let expect = [
        (ZMQ_SNDHWM, 1000),
        (ZMQ_RCVHWM, 1000),
        (ZMQ_RATE, 100),
        (ZMQ_RECOVERY_IVL, 10_000),
        (ZMQ_SNDBUF, -1),
        (ZMQ_RCVBUF, -1),
        (ZMQ_TYPE, -1),
        (ZMQ_LINGER, -1),
        (ZMQ_RECONNECT_IVL, 100),
        (ZMQ_BACKLOG, 100),
        (ZMQ_RECONNECT_IVL_MAX, 0),
        (ZMQ_MULTICAST_HOPS, 1),
        (ZMQ_RCVTIMEO, -1),
        (ZMQ_SNDTIMEO, -1),
        (ZMQ_IPV4ONLY, 1),
        (ZMQ_TCP_KEEPALIVE, -1),
        (ZMQ_TCP_KEEPALIVE_CNT, -1),
        (ZMQ_TCP_KEEPALIVE_IDLE, -1),
        (ZMQ_TCP_KEEPALIVE_INTVL, -1),
        (ZMQ_IMMEDIATE, 0),
        (ZMQ_IPV6, 0),
        (ZMQ_MECHANISM, ZMQ_NULL),
        (ZMQ_PLAIN_SERVER, 0),
        (ZMQ_CURVE_SERVER, 0),
        (ZMQ_CONFLATE, 0),
        (ZMQ_TOS, 0),
        (ZMQ_GSSAPI_SERVER, 0),
        (ZMQ_GSSAPI_PLAINTEXT, 0),
        (ZMQ_HANDSHAKE_IVL, 30_000),
        (ZMQ_INVERT_MATCHING, 0),
        (ZMQ_HEARTBEAT_IVL, 0),
        (ZMQ_HEARTBEAT_TTL, 0),
        (ZMQ_HEARTBEAT_TIMEOUT, -1),
        (ZMQ_CONNECT_TIMEOUT, 0),
        (ZMQ_TCP_MAXRT, 0),
        (ZMQ_MULTICAST_MAXTPDU, 1500),
        (ZMQ_USE_FD, -1),
        (ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, 0),
        (ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE, 0),
        (ZMQ_ZAP_ENFORCE_DOMAIN, 0),
        (ZMQ_LOOPBACK_FASTPATH, 0),
        (ZMQ_MULTICAST_LOOP, 1),
        (ZMQ_RECONNECT_STOP, 0),
    ];
    for (option, value) in expect {
        assert_eq!(get_int(&o, option), Ok(value), "option {option}");
    }
}

#[test]
fn other_defaults() {
    let o = Options::new();
    let mut eight = [0u8; 8];
    assert_eq!(o.get(ZMQ_AFFINITY, &mut eight), Ok(8));
    assert_eq!(u64::from_ne_bytes(eight), 0);
    assert_eq!(o.get(ZMQ_MAXMSGSIZE, &mut eight), Ok(8));
    assert_eq!(i64::from_ne_bytes(eight), -1);
    assert_eq!(get_bytes(&o, ZMQ_ROUTING_ID).unwrap(), b"");
    for option in [
        ZMQ_PLAIN_USERNAME,
        ZMQ_PLAIN_PASSWORD,
        ZMQ_ZAP_DOMAIN,
        ZMQ_SOCKS_PROXY,
        ZMQ_SOCKS_USERNAME,
        ZMQ_SOCKS_PASSWORD,
        ZMQ_GSSAPI_PRINCIPAL,
        ZMQ_GSSAPI_SERVICE_PRINCIPAL,
        ZMQ_BINDTODEVICE,
        ZMQ_LAST_ENDPOINT,
    ] {
        assert_eq!(get_bytes(&o, option).unwrap(), b"\0", "option {option}");
    }
    let mut key = [1u8; 32];
    assert_eq!(o.get(ZMQ_CURVE_PUBLICKEY, &mut key), Ok(32));
    assert_eq!(key, [0; 32]);
    let mut z = [1u8; 41];
    assert_eq!(o.get(ZMQ_CURVE_SERVERKEY, &mut z), Ok(41));
    assert_eq!(&z[..40], &[b'0'; 40][..]);
    assert_eq!(z[40], 0);
}

#[test]
fn int_sizes_are_exact() {
    let mut o = Options::new();
    assert_eq!(o.set(ZMQ_RATE, &5i64.to_ne_bytes()), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_RATE, &[5, 0]), Err(Error::Inval));
    assert_eq!(o.set_raw(ZMQ_RATE, None), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_AFFINITY, &int(3)), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_MAXMSGSIZE, &int(3)), Err(Error::Inval));
    let mut eight = [0u8; 8];
    assert_eq!(o.get(ZMQ_RATE, &mut eight), Err(Error::Inval));
    let mut four = [0u8; 4];
    assert_eq!(o.get(ZMQ_AFFINITY, &mut four), Err(Error::Inval));
    assert_eq!(o.get(ZMQ_MAXMSGSIZE, &mut four), Err(Error::Inval));
    assert_eq!(o.get(ZMQ_SNDHWM, &mut [0u8; 3]), Err(Error::Inval));
    // A wrong-size HEARTBEAT_TTL is rejected even though 0 is in range.
    assert_eq!(o.set(ZMQ_HEARTBEAT_TTL, &[0; 8]), Err(Error::Inval));
}

#[test]
fn int_ranges() {
    let mut o = Options::new();
    let cases: &[(i32, i32, bool)] = &[
        (ZMQ_SNDHWM, -1, false),
        (ZMQ_SNDHWM, 0, true),
        (ZMQ_RCVHWM, -1, false),
        (ZMQ_RATE, 0, false),
        (ZMQ_RECOVERY_IVL, -1, false),
        (ZMQ_SNDBUF, -1, true),
        (ZMQ_SNDBUF, -2, false),
        (ZMQ_RCVBUF, 0, true),
        (ZMQ_TOS, -1, false),
        (ZMQ_TOS, 300, true),
        (ZMQ_LINGER, -1, true),
        (ZMQ_LINGER, -2, false),
        (ZMQ_RECONNECT_IVL, -1, true),
        (ZMQ_RECONNECT_IVL, -2, false),
        (ZMQ_RECONNECT_IVL_MAX, -1, false),
        (ZMQ_BACKLOG, -1, false),
        (ZMQ_MULTICAST_HOPS, 0, false),
        (ZMQ_MULTICAST_MAXTPDU, 0, false),
        (ZMQ_RCVTIMEO, -2, false),
        (ZMQ_SNDTIMEO, -1, true),
        (ZMQ_TCP_KEEPALIVE, 2, false),
        (ZMQ_TCP_KEEPALIVE, -2, false),
        (ZMQ_TCP_KEEPALIVE, 1, true),
        (ZMQ_TCP_KEEPALIVE_CNT, -2, false),
        (ZMQ_TCP_KEEPALIVE_IDLE, -1, true),
        (ZMQ_TCP_KEEPALIVE_INTVL, 0, true),
        (ZMQ_IPV6, 2, false),
        (ZMQ_IMMEDIATE, 2, false),
        (ZMQ_CONFLATE, 2, false),
        (ZMQ_CONNECT_TIMEOUT, -1, false),
        (ZMQ_TCP_MAXRT, -1, false),
        (ZMQ_HANDSHAKE_IVL, -1, false),
        (ZMQ_HEARTBEAT_IVL, -1, false),
        (ZMQ_HEARTBEAT_TIMEOUT, -1, false),
        (ZMQ_HEARTBEAT_TIMEOUT, 0, true),
        (ZMQ_USE_FD, -2, false),
        (ZMQ_USE_FD, -1, true),
        (ZMQ_RECONNECT_STOP, -5, true),
        (ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, 3, false),
        (ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE, 2, true),
        (ZMQ_GSSAPI_PLAINTEXT, 2, false),
        (ZMQ_PLAIN_SERVER, 2, false),
        (ZMQ_CURVE_SERVER, 2, false),
    ];
    for &(option, value, ok) in cases {
        let before = get_int(&o, option).unwrap();
        let r = o.set(option, &int(value));
        if ok {
            assert_eq!(r, Ok(()), "option {option} = {value}");
            assert_eq!(get_int(&o, option), Ok(value), "option {option}");
        } else {
            assert_eq!(r, Err(Error::Inval), "option {option} = {value}");
            assert_eq!(get_int(&o, option), Ok(before), "option {option} unchanged");
        }
    }
}

#[test]
fn relaxed_bools_store_one() {
    let mut o = Options::new();
    for option in [
        ZMQ_INVERT_MATCHING,
        ZMQ_ZAP_ENFORCE_DOMAIN,
        ZMQ_LOOPBACK_FASTPATH,
        ZMQ_MULTICAST_LOOP,
    ] {
        o.set(option, &int(7)).unwrap();
        assert_eq!(get_int(&o, option), Ok(1));
        o.set(option, &int(0)).unwrap();
        assert_eq!(get_int(&o, option), Ok(0));
    }
}

#[test]
fn ipv6_and_ipv4only_are_inverse() {
    let mut o = Options::new();
    o.set(ZMQ_IPV6, &int(1)).unwrap();
    assert_eq!(get_int(&o, ZMQ_IPV4ONLY), Ok(0));
    o.set(ZMQ_IPV4ONLY, &int(1)).unwrap();
    assert_eq!(get_int(&o, ZMQ_IPV6), Ok(0));
    assert!(!o.ipv6);
}

#[test]
fn heartbeat_ttl_in_deciseconds() {
    let mut o = Options::new();
    o.set(ZMQ_HEARTBEAT_TTL, &int(150)).unwrap();
    assert_eq!(get_int(&o, ZMQ_HEARTBEAT_TTL), Ok(100));
    o.set(ZMQ_HEARTBEAT_TTL, &int(6_553_599)).unwrap();
    assert_eq!(get_int(&o, ZMQ_HEARTBEAT_TTL), Ok(6_553_500));
    assert_eq!(o.set(ZMQ_HEARTBEAT_TTL, &int(6_553_600)), Err(Error::Inval));
    o.set(ZMQ_HEARTBEAT_TTL, &int(-99)).unwrap();
    assert_eq!(get_int(&o, ZMQ_HEARTBEAT_TTL), Ok(0));
    assert_eq!(o.set(ZMQ_HEARTBEAT_TTL, &int(-100)), Err(Error::Inval));
    o.set(ZMQ_HEARTBEAT_IVL, &int(250)).unwrap();
    assert_eq!(o.effective_heartbeat_timeout(), 250);
}

#[test]
fn routing_id_rules() {
    let mut o = Options::new();
    o.set(ZMQ_ROUTING_ID, b"\0abc").unwrap();
    assert_eq!(get_bytes(&o, ZMQ_ROUTING_ID).unwrap(), b"\0abc");
    assert_eq!(o.set(ZMQ_ROUTING_ID, b""), Err(Error::Inval));
    assert_eq!(o.set_raw(ZMQ_ROUTING_ID, None), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_ROUTING_ID, &[b'x'; 256]), Err(Error::Inval));
    o.set(ZMQ_ROUTING_ID, &[b'x'; 255]).unwrap();
    let mut small = [0u8; 254];
    assert_eq!(o.get(ZMQ_ROUTING_ID, &mut small), Err(Error::Inval));
    let mut exact = [0u8; 255];
    assert_eq!(o.get(ZMQ_ROUTING_ID, &mut exact), Ok(255));
    assert_eq!(o.set(ZMQ_IDENTITY, b"id"), Ok(()));
    assert_eq!(o.routing_id, b"id");
}

#[test]
fn strings_include_nul_and_need_room() {
    let mut o = Options::new();
    o.set(ZMQ_ZAP_DOMAIN, b"dom").unwrap();
    assert_eq!(get_bytes(&o, ZMQ_ZAP_DOMAIN).unwrap(), b"dom\0");
    let mut three = [0u8; 3];
    assert_eq!(o.get(ZMQ_ZAP_DOMAIN, &mut three), Err(Error::Inval));
    let mut four = [0u8; 4];
    assert_eq!(o.get(ZMQ_ZAP_DOMAIN, &mut four), Ok(4));
    assert_eq!(o.set(ZMQ_ZAP_DOMAIN, b""), Err(Error::Inval));
    assert_eq!(o.set_raw(ZMQ_ZAP_DOMAIN, None), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_ZAP_DOMAIN, &[b'z'; 256]), Err(Error::Inval));
    o.last_endpoint = "tcp://127.0.0.1:5555".into();
    assert_eq!(
        get_bytes(&o, ZMQ_LAST_ENDPOINT).unwrap(),
        b"tcp://127.0.0.1:5555\0"
    );
    assert_eq!(o.set(ZMQ_LAST_ENDPOINT, b"x"), Err(Error::Inval));
}

#[test]
fn null_versus_empty() {
    let mut o = Options::new();
    // SOCKS_PROXY: NULL clears, non-NULL empty is EINVAL, any length.
    o.set(ZMQ_SOCKS_PROXY, &[b'h'; 300]).unwrap();
    assert_eq!(o.set(ZMQ_SOCKS_PROXY, b""), Err(Error::Inval));
    o.set_raw(ZMQ_SOCKS_PROXY, None).unwrap();
    assert_eq!(get_bytes(&o, ZMQ_SOCKS_PROXY).unwrap(), b"\0");
    // SOCKS credentials: empty or NULL clear; at most 255.
    o.set(ZMQ_SOCKS_USERNAME, b"u").unwrap();
    o.set(ZMQ_SOCKS_USERNAME, b"").unwrap();
    assert_eq!(o.socks_username, b"");
    assert_eq!(o.set(ZMQ_SOCKS_PASSWORD, &[b'p'; 256]), Err(Error::Inval));
    // BINDTODEVICE: up to IFNAMSIZ.
    o.set(ZMQ_BINDTODEVICE, b"0123456789abcdef").unwrap();
    assert_eq!(
        o.set(ZMQ_BINDTODEVICE, b"0123456789abcdefg"),
        Err(Error::Inval)
    );
    assert_eq!(o.set(ZMQ_BINDTODEVICE, b""), Err(Error::Inval));
    o.set_raw(ZMQ_BINDTODEVICE, None).unwrap();
    assert_eq!(o.bound_device, b"");
    // GSSAPI principal: non-empty.
    assert_eq!(o.set(ZMQ_GSSAPI_PRINCIPAL, b""), Err(Error::Inval));
}

#[test]
fn mechanism_follows_the_last_security_option() {
    let mut o = Options::new();
    o.set(ZMQ_PLAIN_SERVER, &int(1)).unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_PLAIN));
    assert_eq!(get_int(&o, ZMQ_PLAIN_SERVER), Ok(1));
    assert_eq!(o.set(ZMQ_PLAIN_USERNAME, b""), Err(Error::Inval));
    o.set(ZMQ_PLAIN_USERNAME, b"bob").unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_PLAIN));
    assert_eq!(get_int(&o, ZMQ_PLAIN_SERVER), Ok(0));
    o.set_raw(ZMQ_PLAIN_USERNAME, None).unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_NULL));
    assert_eq!(get_bytes(&o, ZMQ_PLAIN_USERNAME).unwrap(), b"bob\0");
    o.set(ZMQ_PLAIN_PASSWORD, b"pw").unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_PLAIN));
    o.set(ZMQ_PLAIN_SERVER, &int(0)).unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_NULL));
    o.set(ZMQ_CURVE_SERVER, &int(1)).unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_CURVE));
    assert_eq!(get_int(&o, ZMQ_CURVE_SERVER), Ok(1));
    assert_eq!(get_int(&o, ZMQ_PLAIN_SERVER), Ok(0));
    o.set(ZMQ_CURVE_SERVER, &int(0)).unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_NULL));
    o.set(ZMQ_GSSAPI_SERVER, &int(1)).unwrap();
    assert_eq!(get_int(&o, ZMQ_GSSAPI_SERVER), Ok(1));
    o.set(ZMQ_GSSAPI_SERVER, &int(0)).unwrap();
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_GSSAPI));
    assert_eq!(get_int(&o, ZMQ_GSSAPI_SERVER), Ok(0));
    o.set(ZMQ_CURVE_SERVER, &int(1)).unwrap();
    let key: Vec<u8> = (0u8..32).collect();
    o.set(ZMQ_CURVE_SERVERKEY, &key).unwrap();
    assert_eq!(get_int(&o, ZMQ_CURVE_SERVER), Ok(0));
    assert_eq!(get_int(&o, ZMQ_MECHANISM), Ok(ZMQ_CURVE));
}

#[test]
fn curve_keys_binary_and_z85() {
    let mut o = Options::new();
    let text = b"Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    o.set(ZMQ_CURVE_PUBLICKEY, text).unwrap();
    assert_eq!(o.mechanism, ZMQ_CURVE);
    assert_eq!(o.curve_public_key[..4], [0xbb, 0x88, 0x47, 0x1d]);
    let mut z = [0u8; 41];
    assert_eq!(o.get(ZMQ_CURVE_PUBLICKEY, &mut z), Ok(41));
    assert_eq!(&z[..40], &text[..]);
    let mut with_nul = text.to_vec();
    with_nul.push(0);
    o.set(ZMQ_CURVE_SECRETKEY, &with_nul).unwrap();
    assert_eq!(*o.curve_secret_key, o.curve_public_key);
    with_nul[40] = b'x';
    assert_eq!(o.set(ZMQ_CURVE_SERVERKEY, &with_nul), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_CURVE_SERVERKEY, &[b' '; 40]), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_CURVE_SERVERKEY, &[1; 31]), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_CURVE_SERVERKEY, &[1; 33]), Err(Error::Inval));
    let mut wrong = [0u8; 40];
    assert_eq!(o.get(ZMQ_CURVE_PUBLICKEY, &mut wrong), Err(Error::Inval));
}

#[test]
fn metadata_rules() {
    let mut o = Options::new();
    o.set(ZMQ_METADATA, b"X-foo:bar").unwrap();
    o.set(ZMQ_METADATA, b"X-a:b").unwrap();
    for bad in [
        &b"foo:bar"[..],
        b"X-foo:",
        b":X-b",
        b"X-:b",
        b"X-ab",
        b"x-foo:baz",
        b"",
    ] {
        assert_eq!(o.set(ZMQ_METADATA, bad), Err(Error::Inval), "{bad:?}");
    }
    o.set(ZMQ_METADATA, b"X-foo:baz").unwrap();
    assert_eq!(o.app_metadata.get(&b"X-foo"[..]).unwrap(), b"bar");
    assert_eq!(o.app_metadata.len(), 2);
    assert_eq!(o.get(ZMQ_METADATA, &mut [0u8; 64]), Err(Error::Inval));
}

#[test]
fn accept_filters() {
    let mut o = Options::new();
    o.set(ZMQ_TCP_ACCEPT_FILTER, b"127.0.0.1").unwrap();
    o.set(ZMQ_TCP_ACCEPT_FILTER, b"10.0.0.0/8").unwrap();
    assert_eq!(o.set(ZMQ_TCP_ACCEPT_FILTER, b"bad"), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_TCP_ACCEPT_FILTER, b"::1"), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_TCP_ACCEPT_FILTER, b""), Err(Error::Inval));
    assert_eq!(o.tcp_accept_filters.len(), 2);
    o.set_raw(ZMQ_TCP_ACCEPT_FILTER, None).unwrap();
    assert!(o.tcp_accept_filters.is_empty());
    assert_eq!(
        o.get(ZMQ_TCP_ACCEPT_FILTER, &mut [0u8; 64]),
        Err(Error::Inval)
    );

    o.set(ZMQ_IPC_FILTER_UID, &int(5)).unwrap();
    o.set(ZMQ_IPC_FILTER_GID, &int(6)).unwrap();
    o.set(ZMQ_IPC_FILTER_PID, &int(7)).unwrap();
    assert_eq!(o.set(ZMQ_IPC_FILTER_GID, &[0; 8]), Err(Error::Inval));
    assert_eq!(o.set(ZMQ_IPC_FILTER_GID, b""), Err(Error::Inval));
    assert!(o.ipc_uid_accept_filters.contains(&5));
    o.set_raw(ZMQ_IPC_FILTER_UID, None).unwrap();
    assert!(o.ipc_uid_accept_filters.is_empty());
    assert_eq!(o.get(ZMQ_IPC_FILTER_PID, &mut [0u8; 4]), Err(Error::Inval));
}

#[test]
fn unknown_and_base_options() {
    let mut o = Options::new();
    for option in [0, 1, 10, 29, 67, 85, 101, 102, 110, 111, 112, 200, -1] {
        assert_eq!(o.set(option, &int(1)), Err(Error::Inval), "{option}");
        assert_eq!(o.get(option, &mut [0u8; 4]), Err(Error::Inval), "{option}");
    }
    for option in [ZMQ_RCVMORE, ZMQ_FD, ZMQ_EVENTS, ZMQ_THREAD_SAFE] {
        assert!(is_base_option(option));
        assert_eq!(o.get(option, &mut [0u8; 4]), Err(Error::Inval));
    }
    assert!(!is_base_option(ZMQ_TYPE));
    for option in [ZMQ_TYPE, ZMQ_MECHANISM] {
        assert_eq!(o.set(option, &int(1)), Err(Error::Inval));
    }
    let mut big = [0xFFu8; 8];
    assert_eq!(put_int_relaxed(&mut big, 3), Ok(4));
    assert_eq!(big, [3i32.to_ne_bytes(), [0; 4]].concat()[..]);
    assert_eq!(put_int_relaxed(&mut [0u8; 3], 3), Err(Error::Inval));
}

#[test]
fn wide_values_round_trip() {
    let mut o = Options::new();
    o.set(ZMQ_AFFINITY, &u64::MAX.to_ne_bytes()).unwrap();
    o.set(ZMQ_MAXMSGSIZE, &(-5i64).to_ne_bytes()).unwrap();
    let mut eight = [0u8; 8];
    o.get(ZMQ_AFFINITY, &mut eight).unwrap();
    assert_eq!(u64::from_ne_bytes(eight), u64::MAX);
    o.get(ZMQ_MAXMSGSIZE, &mut eight).unwrap();
    assert_eq!(i64::from_ne_bytes(eight), -5);
}

#[test]
fn per_socket_type_defaults() {
    // ZMQ_PAIR, ZMQ_SUB, ZMQ_XSUB, ZMQ_DEALER.
    for (t, linger) in [(0, -1), (2, 0), (10, 0), (5, -1)] {
        let o = Options::for_socket_type(t);
        assert_eq!(get_int(&o, ZMQ_TYPE), Ok(t));
        assert_eq!(get_int(&o, ZMQ_LINGER), Ok(linger));
    }
}
