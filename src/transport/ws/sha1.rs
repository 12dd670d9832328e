//! SHA-1 (FIPS 180-4), only for the WebSocket accept key (RFC 6455 4.2.2),
//! where it is a fixed checksum of a public nonce, not a security measure.
#![forbid(unsafe_code)]

const H0: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// The SHA-1 digest of the concatenation of `parts`.
pub fn digest(parts: &[&[u8]]) -> [u8; 20] {
    let mut h = H0;
    let mut block = [0u8; 64];
    let mut fill = 0usize;
    let mut total: u64 = 0;
    let feed = |byte: u8, h: &mut [u32; 5], block: &mut [u8; 64], fill: &mut usize| {
        if let Some(slot) = block.get_mut(*fill) {
            *slot = byte;
        }
        *fill = fill.wrapping_add(1);
        if *fill == 64 {
            compress(h, block);
            *fill = 0;
        }
    };
    for part in parts {
        for &b in *part {
            feed(b, &mut h, &mut block, &mut fill);
            total = total.wrapping_add(8);
        }
    }
    feed(0x80, &mut h, &mut block, &mut fill);
    while fill != 56 {
        feed(0, &mut h, &mut block, &mut fill);
    }
    for b in total.to_be_bytes() {
        feed(b, &mut h, &mut block, &mut fill);
    }
    let mut out = [0u8; 20];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn compress(h: &mut [u32; 5], block: &[u8; 64]) {
    let mut w = [0u32; 80];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([
            bytes.first().copied().unwrap_or(0),
            bytes.get(1).copied().unwrap_or(0),
            bytes.get(2).copied().unwrap_or(0),
            bytes.get(3).copied().unwrap_or(0),
        ]);
    }
    for i in 16usize..80 {
        let x = w.get(i.wrapping_sub(3)).copied().unwrap_or(0)
            ^ w.get(i.wrapping_sub(8)).copied().unwrap_or(0)
            ^ w.get(i.wrapping_sub(14)).copied().unwrap_or(0)
            ^ w.get(i.wrapping_sub(16)).copied().unwrap_or(0);
        if let Some(slot) = w.get_mut(i) {
            *slot = x.rotate_left(1);
        }
    }
    let [mut a, mut b, mut c, mut d, mut e] = *h;
    for (i, word) in w.iter().enumerate() {
        let (f, k) = match i {
            0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
            20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
            40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
            _ => (b ^ c ^ d, 0xCA62_C1D6u32),
        };
        let t = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*word);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = t;
    }
    for (state, v) in h.iter_mut().zip([a, b, c, d, e]) {
        *state = state.wrapping_add(v);
    }
}

#[cfg(test)]
mod tests {
    use super::digest;

    fn hex(d: [u8; 20]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn fips_vectors() {
        assert_eq!(
            hex(digest(&[b"abc"])),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(digest(&[b""])),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        );
        assert_eq!(
            hex(digest(&[
                b"abcdbcdecdefdefgefghfghighij",
                b"hijkijkljklmklmnlmnomnopnopq"
            ])),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            hex(digest(&[&million])),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
    }
}
