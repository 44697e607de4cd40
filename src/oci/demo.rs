//! A small demo image built from layer entries in code: three layers exercising every entry
//! kind (directories, files with odd modes and owners, a few-MB streamed synthetic file,
//! symlinks, hard links, a long path, whiteouts of a file and of a directory, an opaque
//! directory). Used by `layercake oci demo` and by the export/import and tool tests.

use super::error::OciError;
use super::layout::Image;
use super::spec::{rfc3339, Empty, History, ImageConfig};
use super::tar::{layer_blob, Compression, Content, EntryKind, EntryMeta, LayerEntry};
use std::borrow::Cow;
use std::io::{self, Read};

/// Size of the synthetic `bin/busybox` of the demo's base layer.
pub const DEMO_BIG_FILE: u64 = 3 * 1024 * 1024 + 123;

/// The demo's creation time (2024-01-01T00:00:00Z), fixed so its digests are stable.
pub const DEMO_EPOCH: u64 = 1_704_067_200;

/// A deterministic pseudo-random byte stream (xorshift64*), generated while read: content
/// of any size without holding it in memory.
pub struct SyntheticReader {
    state: u64,
    remaining: u64,
}

impl SyntheticReader {
    /// `size` bytes generated from `seed`.
    pub fn new(seed: u64, size: u64) -> SyntheticReader {
        SyntheticReader {
            state: seed ^ 0x9e37_79b9_7f4a_7c15,
            remaining: size,
        }
    }
}

impl Read for SyntheticReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        for chunk in buf[..n].chunks_mut(8) {
            self.state ^= self.state >> 12;
            self.state ^= self.state << 25;
            self.state ^= self.state >> 27;
            let word = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

fn meta(mode: u32) -> EntryMeta {
    EntryMeta {
        mode,
        uid: 0,
        gid: 0,
        mtime: DEMO_EPOCH,
    }
}

fn dir(path: &str, mode: u32) -> LayerEntry<'static> {
    LayerEntry {
        path: path.into(),
        meta: meta(mode),
        kind: EntryKind::Dir,
    }
}

fn file(path: &str, mode: u32, text: &'static str) -> LayerEntry<'static> {
    LayerEntry {
        path: path.into(),
        meta: meta(mode),
        kind: EntryKind::File(Content::Bytes(Cow::Borrowed(text.as_bytes()))),
    }
}

fn link(path: &str, target: &str) -> LayerEntry<'static> {
    LayerEntry {
        path: path.into(),
        meta: meta(0o777),
        kind: EntryKind::Symlink(target.into()),
    }
}

fn hard(path: &str, target: &str, mode: u32) -> LayerEntry<'static> {
    LayerEntry {
        path: path.into(),
        meta: meta(mode),
        kind: EntryKind::Hardlink(target.into()),
    }
}

fn marker(path: &str, kind: EntryKind<'static>) -> LayerEntry<'static> {
    LayerEntry {
        path: path.into(),
        meta: meta(0),
        kind,
    }
}

/// A path longer than 100 bytes, to exercise the USTAR prefix split.
pub const DEMO_LONG_DIR: &str =
    "usr/share/a-rather-long-directory-name-for-the-ustar-prefix-field/and-another-level-to-pass-one-hundred";

/// The demo's layers as entries, bottom first.
pub fn demo_layers() -> Vec<Vec<LayerEntry<'static>>> {
    let mut owned = file("home/user/notes.txt", 0o640, "mine\n");
    owned.meta.uid = 1000;
    owned.meta.gid = 1000;
    let base = vec![
        dir("bin", 0o755),
        LayerEntry {
            path: "bin/busybox".into(),
            meta: meta(0o755),
            kind: EntryKind::File(Content::Reader {
                size: DEMO_BIG_FILE,
                reader: Box::new(SyntheticReader::new(42, DEMO_BIG_FILE)),
            }),
        },
        link("bin/sh", "busybox"),
        hard("bin/ls", "bin/busybox", 0o755),
        file("bin/su", 0o4755, "#!/bin/sh\necho su\n"),
        dir("data", 0o700),
        file("data/cache.db", 0o600, "cached\n"),
        dir("data/sub", 0o755),
        file("data/sub/deep.txt", 0o644, "deep\n"),
        dir("etc", 0o755),
        file("etc/hosts", 0o644, "127.0.0.1 localhost\n"),
        file(
            "etc/os-release",
            0o644,
            "NAME=\"Layercake demo\"\nID=demo\n",
        ),
        dir("home", 0o755),
        dir("home/user", 0o750),
        owned,
        dir("tmp", 0o1777),
        dir("usr", 0o755),
        dir("usr/bin", 0o755),
        link("usr/bin/env", "/bin/busybox"),
        dir("usr/share", 0o755),
        dir(
            "usr/share/a-rather-long-directory-name-for-the-ustar-prefix-field",
            0o755,
        ),
        dir(DEMO_LONG_DIR, 0o755),
        LayerEntry {
            path: format!("{DEMO_LONG_DIR}/file-with-a-long-name.txt"),
            meta: meta(0o644),
            kind: EntryKind::File(Content::Bytes(Cow::Borrowed(b"long\n"))),
        },
        dir("var", 0o755),
        dir("var/cache", 0o755),
        file("var/cache/old-1", 0o644, "old\n"),
        dir("var/cache/old-dir", 0o755),
        file("var/cache/old-dir/x", 0o644, "old x\n"),
    ];
    let app = vec![
        dir("app", 0o755),
        file(
            "app/main.sh",
            0o755,
            "#!/bin/sh\necho hello from layercake\n",
        ),
        dir("etc", 0o755),
        file("etc/hosts", 0o600, "127.0.0.1 localhost\n10.0.0.2 db\n"),
        marker("etc/os-release", EntryKind::Whiteout),
        dir("var", 0o755),
        dir("var/cache", 0o755),
        marker("var/cache", EntryKind::Opaque),
        file("var/cache/fresh", 0o644, "fresh\n"),
    ];
    let top = vec![
        dir("app", 0o750),
        hard("app/run", "app/main.sh", 0o755),
        link("app/hosts", "../etc/hosts"),
        marker("data", EntryKind::Whiteout),
        dir("bin", 0o755),
        file("bin/su", 0o755, "#!/bin/sh\necho su without setuid\n"),
    ];
    vec![base, app, top]
}

/// The demo image (tag `layercake/demo:latest`), layers compressed as asked.
pub fn demo_image(compression: Compression) -> Result<Image, OciError> {
    let mut layers = Vec::new();
    for entries in demo_layers() {
        layers.push(layer_blob(entries, compression)?);
    }
    let created = rfc3339(DEMO_EPOCH as i64);
    let step = |by: &str, empty: bool| History {
        created: Some(created.clone()),
        created_by: Some(by.to_string()),
        comment: Some("buildkit.dockerfile.v0".to_string()),
        empty_layer: empty,
        ..History::default()
    };
    let mut config = ImageConfig {
        architecture: "amd64".into(),
        os: "linux".into(),
        created: Some(created.clone()),
        ..ImageConfig::default()
    };
    config.config.env =
        vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into()];
    config.config.cmd = vec!["/app/main.sh".into()];
    config.config.working_dir = "/app".into();
    config
        .config
        .exposed_ports
        .insert("8080/tcp".into(), Empty {});
    config.config.labels.insert(
        "org.opencontainers.image.title".into(),
        "layercake demo".into(),
    );
    config.history = vec![
        History {
            created: Some(created.clone()),
            created_by: Some("/bin/sh -c #(nop) ADD file:demo in / ".into()),
            ..History::default()
        },
        step("COPY app/ /app/ # buildkit", false),
        step(
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            true,
        ),
        step(
            "RUN /bin/sh -c rm -rf /data \u{26}\u{26} chmod 750 /app # buildkit",
            false,
        ),
        step("EXPOSE [8080/tcp]", true),
        step("WORKDIR /app", false),
        step("CMD [\"/app/main.sh\"]", true),
    ];
    // WORKDIR /app made no change here: keep history and diff_ids consistent.
    config.history[5].empty_layer = true;
    config.rootfs.diff_ids = layers.iter().map(|l| l.diff_id).collect();
    Ok(Image {
        config,
        layers,
        tags: vec!["layercake/demo:latest".into()],
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_reader_is_deterministic_and_sized() {
        let mut a = Vec::new();
        SyntheticReader::new(7, 1001).read_to_end(&mut a).unwrap();
        let mut b = Vec::new();
        SyntheticReader::new(7, 1001).read_to_end(&mut b).unwrap();
        assert_eq!(a.len(), 1001);
        assert_eq!(a, b);
        let mut c = Vec::new();
        SyntheticReader::new(8, 1001).read_to_end(&mut c).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn demo_history_matches_layers() {
        let image = demo_image(Compression::None).unwrap();
        let non_empty = image
            .config
            .history
            .iter()
            .filter(|h| !h.empty_layer)
            .count();
        assert_eq!(non_empty, image.layers.len());
    }
}
