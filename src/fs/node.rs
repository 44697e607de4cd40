//! Filesystem nodes: regular files, directories, symlinks and hardlinks, with mode, owner and
//! a fixed mtime; file content is real bytes or *synthetic* (a declared size and a seed,
//! generated on demand) so a large base image costs almost no memory.

use super::path::FsPath;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::sync::Arc;

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A regular file.
    File(Content),
    /// A directory.
    Dir,
    /// A symbolic link and its target, as written (relative or absolute).
    Symlink(String),
    /// A hard link to another path of the same image.
    Hardlink(FsPath),
}

/// A file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Content {
    /// Real bytes, shared cheaply.
    Bytes(#[serde(with = "arc_bytes")] Arc<[u8]>),
    /// `size` deterministic bytes derived from `seed` (binaries of base images).
    Synthetic {
        /// Declared size in bytes.
        size: u64,
        /// Seed of the byte stream.
        seed: u64,
    },
}

/// A node: kind plus metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// File, directory, symlink or hardlink.
    pub kind: NodeKind,
    /// Permission bits, including setuid/setgid/sticky (`0o7777`).
    pub mode: u32,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Modification time, seconds since the epoch (fixed; the build chooses it).
    pub mtime: i64,
}

impl Node {
    /// A file with real content.
    pub fn file(bytes: impl Into<Vec<u8>>, mode: u32) -> Node {
        Node::with(
            NodeKind::File(Content::Bytes(Arc::from(bytes.into()))),
            mode,
        )
    }

    /// A file of `size` synthetic bytes.
    pub fn synthetic(size: u64, seed: u64, mode: u32) -> Node {
        Node::with(NodeKind::File(Content::Synthetic { size, seed }), mode)
    }

    /// A directory.
    pub fn dir(mode: u32) -> Node {
        Node::with(NodeKind::Dir, mode)
    }

    /// A symlink to `target`.
    pub fn symlink(target: &str) -> Node {
        Node::with(NodeKind::Symlink(target.to_string()), 0o777)
    }

    fn with(kind: NodeKind, mode: u32) -> Node {
        Node {
            kind,
            mode: mode & 0o7777,
            uid: 0,
            gid: 0,
            mtime: 0,
        }
    }

    /// The same node owned by `uid:gid`.
    pub fn owned(mut self, uid: u32, gid: u32) -> Node {
        self.uid = uid;
        self.gid = gid;
        self
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, NodeKind::Dir)
    }

    /// Content size for files, 0 otherwise.
    pub fn size(&self) -> u64 {
        match &self.kind {
            NodeKind::File(c) => c.len(),
            _ => 0,
        }
    }

    /// `ls -l` style type letter and permissions, e.g. `-rwxr-xr-x`.
    pub fn mode_string(&self) -> String {
        let t = match self.kind {
            NodeKind::Dir => 'd',
            NodeKind::Symlink(_) => 'l',
            _ => '-',
        };
        let mut s = String::from(t);
        for shift in [6, 3, 0] {
            let bits = (self.mode >> shift) & 7;
            s.push(if bits & 4 != 0 { 'r' } else { '-' });
            s.push(if bits & 2 != 0 { 'w' } else { '-' });
            let special = match shift {
                6 => self.mode & 0o4000 != 0,
                3 => self.mode & 0o2000 != 0,
                _ => self.mode & 0o1000 != 0,
            };
            s.push(match (bits & 1 != 0, special, shift) {
                (true, true, 0) => 't',
                (false, true, 0) => 'T',
                (true, true, _) => 's',
                (false, true, _) => 'S',
                (true, false, _) => 'x',
                (false, false, _) => '-',
            });
        }
        s
    }
}

impl Content {
    /// Size in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Content::Bytes(b) => b.len() as u64,
            Content::Synthetic { size, .. } => *size,
        }
    }

    /// Whether the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the bytes are generated rather than stored.
    pub fn is_synthetic(&self) -> bool {
        matches!(self, Content::Synthetic { .. })
    }

    /// Writes the whole content to `out` without holding it all in memory.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Content::Bytes(b) => out.write_all(b),
            Content::Synthetic { size, seed } => {
                let mut gen = Synth::new(*seed);
                let mut left = *size;
                let mut buf = [0u8; 8192];
                while left > 0 {
                    let n = left.min(buf.len() as u64) as usize;
                    gen.fill(&mut buf[..n]);
                    out.write_all(&buf[..n])?;
                    left -= n as u64;
                }
                Ok(())
            }
        }
    }

    /// All the bytes (for synthetic content: generated now; prefer [`Content::write_to`]).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len().min(1 << 24) as usize);
        let _ = self.write_to(&mut v);
        v
    }

    /// An identity hash of the content: SHA-256 of the bytes when stored; for synthetic
    /// content an O(1) SHA-256 of `"synthetic\0"`, size and seed (little-endian). It names the
    /// content (equal content, equal identity); it is not the digest of the generated bytes.
    pub fn identity(&self) -> [u8; 32] {
        use sha2::{Digest as _, Sha256};
        match self {
            Content::Bytes(b) => Sha256::digest(b).into(),
            Content::Synthetic { size, seed } => {
                let mut h = Sha256::new();
                h.update(b"synthetic\0");
                h.update(size.to_le_bytes());
                h.update(seed.to_le_bytes());
                h.finalize().into()
            }
        }
    }

    /// The bytes, if stored (not synthetic).
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Bytes(b) => Some(b),
            Content::Synthetic { .. } => None,
        }
    }

    /// A reader over the content.
    pub fn reader(&self) -> ContentReader {
        ContentReader {
            content: self.clone(),
            pos: 0,
            synth: None,
        }
    }
}

/// Streams a [`Content`] (used by the tar writer).
pub struct ContentReader {
    content: Content,
    pos: u64,
    synth: Option<Synth>,
}

impl io::Read for ContentReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.content.len() - self.pos;
        let n = (buf.len() as u64).min(left) as usize;
        match &self.content {
            Content::Bytes(b) => {
                buf[..n].copy_from_slice(&b[self.pos as usize..self.pos as usize + n])
            }
            Content::Synthetic { seed, .. } => {
                let seed = *seed;
                self.synth
                    .get_or_insert_with(|| Synth::new(seed))
                    .fill(&mut buf[..n]);
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// The synthetic byte stream: text-like, somewhat compressible, fully determined by the seed.
struct Synth {
    state: u64,
    pending: u64,
    left: u8,
}

impl Synth {
    fn new(seed: u64) -> Synth {
        Synth {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            pending: 0,
            left: 0,
        }
    }

    fn fill(&mut self, buf: &mut [u8]) {
        const ALPHABET: &[u8; 64] = b"\0\0\0\0\x7fELF\x01\x02abcdefghijklmnopqrstuvwxyz_0123456789.:/ \n\0\0\0\0\0\0\0\0\0\0\0\0";
        for b in buf {
            if self.left == 0 {
                // splitmix64
                self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                self.pending = z ^ (z >> 31);
                self.left = 10;
            }
            *b = ALPHABET[(self.pending & 63) as usize];
            self.pending >>= 6;
            self.left -= 1;
        }
    }
}

mod arc_bytes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(b: &Arc<[u8]>, s: S) -> Result<S::Ok, S::Error> {
        b.as_ref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<[u8]>, D::Error> {
        Vec::<u8>::deserialize(d).map(Arc::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_content_is_deterministic_and_streams() {
        let c = Content::Synthetic {
            size: 100_000,
            seed: 7,
        };
        let a = c.to_vec();
        let mut b = Vec::new();
        std::io::copy(&mut c.reader(), &mut b).expect("reads");
        assert_eq!(a.len(), 100_000);
        assert_eq!(a, b);
        assert_ne!(
            a,
            Content::Synthetic {
                size: 100_000,
                seed: 8
            }
            .to_vec()
        );
    }

    #[test]
    fn mode_strings() {
        assert_eq!(Node::file("x", 0o755).mode_string(), "-rwxr-xr-x");
        assert_eq!(Node::dir(0o1777).mode_string(), "drwxrwxrwt");
        assert_eq!(Node::file("x", 0o4755).mode_string(), "-rwsr-xr-x");
    }
}
