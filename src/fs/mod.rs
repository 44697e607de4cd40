//! The layered copy-on-write filesystem.
//!
//! - [`Node`]: file (real or synthetic content), directory, symlink or hardlink, with mode,
//!   owner and a fixed mtime.
//! - [`Layer`]: an immutable changeset (put / whiteout / opaque), shared by `Arc` between
//!   images.
//! - [`Rootfs`]: lower layers + one writable upper layer: reads go through the stack, the
//!   first write copies up, deleting a lower path writes a whiteout, recreating a deleted
//!   directory makes it opaque; every write is reported as an [`FsEvent`].
//! - [`diff`]: `docker diff` (A/C/D) of an upper layer.
//!
//! Main calls: `Rootfs::new(lowers)`; reads `stat`, `lstat`, `read_file`, `read_dir` /
//! `list_dir` (with providing layers), `merged_view`, `provenance`, `source_of`, `resolve`;
//! writes `write_file`, `append_file`, `mkdir`, `mkdir_all`, `symlink`, `hardlink`, `place`,
//! `chmod`, `chown`, `remove`, `rename`; `take_events`; `pending_layer` / `commit` (the
//! normalized changeset); `Layer::fingerprint` (a hash of a changeset); `heap_bytes_of` for the
//! memory of images sharing layers.
//!
//! Invariants: committed layers are never changed; only the upper layer is written; path
//! resolution never leaves the root (absolute symlinks start at the image's `/`, `..` stops at
//! `/`, loops end after 40 hops).

pub mod diff;
pub mod error;
pub mod layer;
pub mod node;
pub mod path;
pub mod rootfs;

pub use error::{FsError, FsErrorKind};
pub use layer::{heap_bytes_of, Change, Layer};
pub use node::{Content, Node, NodeKind};
pub use path::FsPath;
pub use rootfs::{FsEvent, FsEventKind, Rootfs, Source, Version};
