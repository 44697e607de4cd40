//! `Digest`: a validated `sha256:<64 lowercase hex>` content address, and `Sha256Writer`, which
//! hashes bytes while passing them on to another writer (so a layer is hashed as it is written).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// A content digest as written in OCI manifests and image configs: `sha256:` followed by
/// 64 lowercase hex digits. Only sha256 is supported (it is what Docker and BuildKit write).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest {
    bytes: [u8; 32],
}

/// Why a text is not a valid digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestParseError {
    /// The algorithm prefix is missing or is not `sha256:`.
    UnsupportedAlgorithm,
    /// The hex part is not exactly 64 characters.
    WrongLength(usize),
    /// The hex part has a character outside `0-9a-f` (uppercase is refused, as by go-digest).
    NotLowercaseHex,
}

impl fmt::Display for DigestParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestParseError::UnsupportedAlgorithm => {
                write!(f, "unsupported digest algorithm (expected sha256:)")
            }
            DigestParseError::WrongLength(n) => {
                write!(f, "a sha256 digest has 64 hex digits, not {n}")
            }
            DigestParseError::NotLowercaseHex => write!(f, "digest is not lowercase hex"),
        }
    }
}

impl std::error::Error for DigestParseError {}

impl Digest {
    /// The digest of `data`.
    pub fn of(data: &[u8]) -> Digest {
        Digest {
            bytes: Sha256::digest(data).into(),
        }
    }

    /// The digest from its 32 raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Digest {
        Digest { bytes }
    }

    /// The 32 raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// The 64 lowercase hex digits, without the `sha256:` prefix (the blob file name).
    pub fn hex(&self) -> String {
        let mut s = String::with_capacity(64);
        for b in self.bytes {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        }
        s
    }

    /// The first 12 hex digits, as `docker images` shows an image ID.
    pub fn short(&self) -> String {
        let mut h = self.hex();
        h.truncate(12);
        h
    }

    /// Parses the 64 hex digits alone (a blob file name).
    pub fn from_hex(hex: &str) -> Result<Digest, DigestParseError> {
        if hex.len() != 64 {
            return Err(DigestParseError::WrongLength(hex.len()));
        }
        let mut bytes = [0u8; 32];
        for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
            let hi = nibble(pair[0])?;
            let lo = nibble(pair[1])?;
            bytes[i] = hi << 4 | lo;
        }
        Ok(Digest { bytes })
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn nibble(c: u8) -> Result<u8, DigestParseError> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        _ => Err(DigestParseError::NotLowercaseHex),
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest(sha256:{})", self.hex())
    }
}

impl FromStr for Digest {
    type Err = DigestParseError;
    fn from_str(s: &str) -> Result<Digest, DigestParseError> {
        let hex = s
            .strip_prefix("sha256:")
            .ok_or(DigestParseError::UnsupportedAlgorithm)?;
        Digest::from_hex(hex)
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A writer that hashes every byte it passes on to `inner` and counts them.
///
/// Used to compute a layer's diff_id while the tar is written, and a blob's digest while it
/// is gzip-compressed, without a second pass over the bytes.
pub struct Sha256Writer<W> {
    inner: W,
    hasher: Sha256,
    written: u64,
}

impl<W: Write> Sha256Writer<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Sha256Writer<W> {
        Sha256Writer {
            inner,
            hasher: Sha256::new(),
            written: 0,
        }
    }

    /// How many bytes went through so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The inner writer.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// Ends hashing: the digest and size of everything written, and the inner writer.
    pub fn finish(self) -> (Digest, u64, W) {
        let digest = Digest {
            bytes: self.hasher.finalize().into(),
        };
        (digest, self.written, self.inner)
    }
}

impl<W: Write> Write for Sha256Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Chain IDs of a stack of layers, bottom first: `ChainID(L0) = DiffID(L0)`,
/// `ChainID(L0..Ln) = sha256(ChainID(L0..Ln-1) + " " + DiffID(Ln))` (image-spec config.md).
pub fn chain_ids(diff_ids: &[Digest]) -> Vec<Digest> {
    let mut out: Vec<Digest> = Vec::with_capacity(diff_ids.len());
    for d in diff_ids {
        let next = match out.last() {
            None => *d,
            Some(prev) => Digest::of(format!("{prev} {d}").as_bytes()),
        };
        out.push(next);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            Digest::of(b"").to_string(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // Docker's DigestSHA256EmptyTar: two zero blocks.
        assert_eq!(
            Digest::of(&[0u8; 1024]).to_string(),
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
        );
    }

    #[test]
    fn parse_and_display_round_trip() {
        let text = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
        let d: Digest = text.parse().unwrap();
        assert_eq!(d.to_string(), text);
        assert_eq!(d.short(), "5f70bf18a086");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), d);
    }

    #[test]
    fn invalid_digests() {
        let cases: &[(&str, DigestParseError)] = &[
            ("5f70bf18", DigestParseError::UnsupportedAlgorithm),
            ("sha512:00", DigestParseError::UnsupportedAlgorithm),
            ("sha256:abc", DigestParseError::WrongLength(3)),
            (
                "sha256:5F70BF18A086007016E948B04AED3B82103A36BEA41755B6CDDFAF10ACE3C6EF",
                DigestParseError::NotLowercaseHex,
            ),
            (
                "sha256:zf70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
                DigestParseError::NotLowercaseHex,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<Digest>().unwrap_err(), *want, "{text}");
        }
        assert!(serde_json::from_str::<Digest>("\"sha256:12\"").is_err());
    }

    #[test]
    fn writer_hashes_what_it_writes() {
        let mut w = Sha256Writer::new(Vec::new());
        w.write_all(b"hello ").unwrap();
        w.write_all(b"world").unwrap();
        let (d, n, inner) = w.finish();
        assert_eq!(n, 11);
        assert_eq!(inner, b"hello world");
        assert_eq!(d, Digest::of(b"hello world"));
    }

    #[test]
    fn chain_ids_follow_the_spec() {
        let a = Digest::of(b"a");
        let b = Digest::of(b"b");
        let ids = chain_ids(&[a, b]);
        assert_eq!(ids[0], a);
        assert_eq!(ids[1], Digest::of(format!("{a} {b}").as_bytes()));
        assert!(chain_ids(&[]).is_empty());
    }
}
