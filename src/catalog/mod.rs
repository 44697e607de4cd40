//! The offline base-image catalog: every image `FROM` can name without a registry, as
//! deterministic synthetic layers, config and history.
//!
//! - [`resolve`]: a reference (`node`, `node:20-alpine`, `docker.io/library/nginx:latest`) →
//!   [`BaseImage`] (canonical name, layers bottom first as shared `Arc<fs::Layer>`, exec
//!   config, history, platform), or a [`CatalogError`] worded like Docker's pull errors.
//! - [`reference`]: `ImageRef`, Docker's reference grammar and normalisation.
//! - `images`: one function per image, each starting from its parent image, so images built
//!   on each other share the very same layers (`Arc::ptr_eq`, hence equal digests).
//! - `alpine`: Alpine root filesystems from the real 3.20.3 minirootfs listing;
//!   `debian`: Debian/Ubuntu/busybox root filesystems; `files`: literal file texts;
//!   `build`: the layer/image builders and the layer memo.
//!
//! Layers are built once per process (a memo of `OnceLock` + `Mutex`, no clock, no IO) and
//! cost kilobytes: file content is synthetic (declared size + seed from layer id and path)
//! except the small text files whose content matters (os-release, passwd, configs).
//! Only linux/amd64 exists; other platforms are refused by [`resolve_for_platform`].

pub mod alpine;
pub mod build;
pub mod debian;
pub mod digests;
pub mod files;
pub mod images;
pub mod reference;

pub use reference::{ImageRef, ReferenceError};

use crate::fs::Layer;
use crate::oci::{
    fslayer::layer_entries, tar::write_layer_tar, Digest, ExecConfig, History, ImageConfig, RootFs,
};
use build::ImageBuilder;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

/// One catalog image: its names (the first is canonical, `repository:tag` in familiar form)
/// and the function that builds it.
pub struct CatalogEntry {
    /// Familiar names, canonical first (`node:24`, `node:lts`, `node:latest`, …).
    pub names: &'static [&'static str],
    /// Builds the image (memoized by [`resolve`]).
    pub build: fn() -> ImageBuilder,
}

/// Every image of the catalog.
pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        names: &["alpine:3.20", "alpine:3.20.3"],
        build: || images::alpine("3.20"),
    },
    CatalogEntry {
        names: &["alpine:3.21", "alpine:3.21.3"],
        build: || images::alpine("3.21"),
    },
    CatalogEntry {
        names: &["alpine:3.22", "alpine:3.22.6"],
        build: || images::alpine("3.22"),
    },
    CatalogEntry {
        names: &["alpine:3.23", "alpine:3.23.6"],
        build: || images::alpine("3.23"),
    },
    CatalogEntry {
        names: &["alpine:3.24", "alpine:3.24.2", "alpine:3", "alpine:latest"],
        build: || images::alpine("3.24"),
    },
    CatalogEntry {
        names: &["alpine:3.9", "alpine:3.9.4"],
        build: || images::alpine("3.9"),
    },
    CatalogEntry {
        names: &[
            "busybox:1.38.0",
            "busybox:1.38",
            "busybox:1",
            "busybox:stable",
            "busybox:latest",
        ],
        build: images::busybox,
    },
    CatalogEntry {
        names: &[
            "debian:bookworm-slim",
            "debian:12-slim",
            "debian:12.12-slim",
        ],
        build: images::bookworm_slim,
    },
    CatalogEntry {
        names: &["debian:trixie-slim", "debian:13-slim", "debian:stable-slim"],
        build: images::trixie_slim,
    },
    CatalogEntry {
        names: &["ubuntu:16.04", "ubuntu:xenial"],
        build: || images::ubuntu("16.04"),
    },
    CatalogEntry {
        names: &["ubuntu:22.04", "ubuntu:jammy"],
        build: || images::ubuntu("22.04"),
    },
    CatalogEntry {
        names: &["ubuntu:24.04", "ubuntu:noble", "ubuntu:latest"],
        build: || images::ubuntu("24.04"),
    },
    CatalogEntry {
        names: &["buildpack-deps:trixie", "buildpack-deps:latest"],
        build: images::buildpack_deps,
    },
    CatalogEntry {
        names: &["node:20", "node:20.20.1", "node:20-trixie"],
        build: || images::node_debian("20"),
    },
    CatalogEntry {
        names: &["node:22", "node:22.23.2", "node:22-trixie"],
        build: || images::node_debian("22"),
    },
    CatalogEntry {
        names: &[
            "node:24",
            "node:24.21.0",
            "node:24-trixie",
            "node:lts",
            "node:latest",
        ],
        build: || images::node_debian("24"),
    },
    CatalogEntry {
        names: &[
            "node:20-alpine",
            "node:20.20.1-alpine",
            "node:20-alpine3.23",
        ],
        build: || images::node_alpine("20"),
    },
    CatalogEntry {
        names: &[
            "node:22-alpine",
            "node:22.23.2-alpine",
            "node:22-alpine3.23",
        ],
        build: || images::node_alpine("22"),
    },
    CatalogEntry {
        names: &[
            "node:24-alpine",
            "node:24.21.0-alpine",
            "node:lts-alpine",
            "node:alpine",
        ],
        build: || images::node_alpine("24"),
    },
    CatalogEntry {
        names: &[
            "nginx:1.31.3",
            "nginx:1.31",
            "nginx:mainline",
            "nginx:latest",
        ],
        build: images::nginx,
    },
    CatalogEntry {
        names: &[
            "nginx:1.31.6-alpine",
            "nginx:1.31-alpine",
            "nginx:mainline-alpine",
            "nginx:alpine",
        ],
        build: || images::nginx_alpine(false),
    },
    CatalogEntry {
        names: &["nginx:1.31.6-alpine-slim", "nginx:alpine-slim"],
        build: || images::nginx_alpine(true),
    },
    CatalogEntry {
        names: &[
            "python:3.12-slim",
            "python:3.12.13-slim",
            "python:3.12-slim-trixie",
        ],
        build: images::python_slim,
    },
    CatalogEntry {
        names: &["httpd:2.4", "httpd:2.4.68", "httpd:2", "httpd:latest"],
        build: images::httpd,
    },
    CatalogEntry {
        names: &[
            "golang:1.26-alpine",
            "golang:1.26.8-alpine",
            "golang:1.26-alpine3.24",
            "golang:alpine",
        ],
        build: images::golang_alpine,
    },
    CatalogEntry {
        names: &["diamol/node:latest"],
        build: images::diamol_node,
    },
    CatalogEntry {
        names: &["diamol/ch03-web-ping:latest"],
        build: images::diamol_web_ping,
    },
];

/// A resolved base image.
#[derive(Debug, Clone)]
pub struct BaseImage {
    /// Canonical familiar name (`node:24`); `scratch` for `FROM scratch`.
    pub name: String,
    /// The reference as asked, normalized (`docker.io/library/node:latest`).
    pub reference: Option<ImageRef>,
    /// Layers, bottom first, shared with every image built on the same base.
    pub layers: Vec<Arc<Layer>>,
    /// Execution config (`Env`, `Cmd`, `Entrypoint`, `WorkingDir`, …).
    pub config: ExecConfig,
    /// History, oldest first; entries with `empty_layer` add no layer.
    pub history: Vec<History>,
    /// Creation time, RFC 3339.
    pub created: String,
    /// `linux`.
    pub os: String,
    /// `amd64`.
    pub architecture: String,
}

impl BaseImage {
    /// The empty image of `FROM scratch`.
    pub fn scratch() -> BaseImage {
        BaseImage {
            name: "scratch".to_string(),
            reference: None,
            layers: Vec::new(),
            config: ExecConfig::default(),
            history: Vec::new(),
            created: String::new(),
            os: "linux".to_string(),
            architecture: "amd64".to_string(),
        }
    }

    /// Bytes of file content of all layers (what `docker image ls` shows as SIZE).
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size()).sum()
    }

    /// The layers' diff_ids (sha256 of each uncompressed tar), computed by streaming the
    /// synthetic content through sha256 once per layer per process (see [`diff_id`]).
    pub fn diff_ids(&self) -> Vec<Digest> {
        self.layers.iter().map(diff_id).collect()
    }

    /// The full OCI image config (computes the diff_ids: see [`BaseImage::diff_ids`]).
    pub fn image_config(&self) -> ImageConfig {
        ImageConfig {
            architecture: self.architecture.clone(),
            author: None,
            config: self.config.clone(),
            created: (!self.created.is_empty()).then(|| self.created.clone()),
            history: self.history.clone(),
            os: self.os.clone(),
            rootfs: RootFs {
                kind: "layers".to_string(),
                diff_ids: self.diff_ids(),
            },
            variant: None,
        }
    }
}

/// Layer address → (the layer, kept alive; its diff_id).
type DiffIdMemo = BTreeMap<usize, (Arc<Layer>, Digest)>;

/// The diff_id of a layer: sha256 of its deterministic tar. Catalog layers take it from
/// `digests::KNOWN_DIFF_IDS` (checked by the tests); other layers are hashed (synthetic content
/// generated and streamed, never stored). Memoized per layer (by `Arc` address; catalog layers
/// live for the whole process, so an address is never reused for another catalog layer).
pub fn diff_id(layer: &Arc<Layer>) -> Digest {
    static MEMO: OnceLock<Mutex<DiffIdMemo>> = OnceLock::new();
    let memo = MEMO.get_or_init(|| Mutex::new(BTreeMap::new()));
    let key = Arc::as_ptr(layer) as usize;
    if let Some((_, d)) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return *d;
    }
    let known = build::layer_key(layer).and_then(|key| {
        digests::KNOWN_DIFF_IDS
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, hex)| Digest::from_hex(hex).ok())
    });
    let digest = known.unwrap_or_else(|| compute_diff_id(layer));
    memo.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, (layer.clone(), digest));
    digest
}

/// The diff_id of a layer computed now: its tar streamed through sha256 (≈ 0.8 GB/s natively).
pub fn compute_diff_id(layer: &Layer) -> Digest {
    let (digest, _, _) = write_layer_tar(layer_entries(layer), std::io::sink())
        .expect("writing a tar to a sink cannot fail");
    digest
}

/// Why a reference did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogErrorKind {
    /// The reference is malformed.
    InvalidReference(ReferenceError),
    /// No such repository in the catalog (closest names attached).
    UnknownRepository {
        /// Closest catalog names.
        suggestions: Vec<String>,
    },
    /// The repository exists but not with this tag (its tags attached).
    UnknownTag {
        /// Closest tags of the repository, as full names.
        suggestions: Vec<String>,
    },
    /// A registry other than Docker Hub: the playground is offline.
    OtherRegistry,
    /// `name@sha256:…`: the catalog resolves tags only.
    DigestNotSupported,
    /// A platform other than linux/amd64.
    UnsupportedPlatform(String),
}

/// A resolution error: the kind and the reference as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// What went wrong.
    pub kind: CatalogErrorKind,
    /// The reference as written.
    pub reference: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parsed = ImageRef::parse(&self.reference).ok();
        match &self.kind {
            CatalogErrorKind::InvalidReference(e) => write!(f, "{e}"),
            CatalogErrorKind::UnknownRepository { .. } | CatalogErrorKind::OtherRegistry => {
                let repo = parsed.map_or(self.reference.clone(), |r| r.familiar_repository());
                write!(
                    f,
                    "pull access denied for {repo}, repository does not exist or may require 'docker login'"
                )
            }
            CatalogErrorKind::UnknownTag { .. } => {
                let name = parsed.map_or(self.reference.clone(), |r| r.familiar());
                write!(
                    f,
                    "manifest for {name} not found: manifest unknown: manifest unknown"
                )
            }
            CatalogErrorKind::DigestNotSupported => write!(
                f,
                "not supported yet: pulling by digest ({}): the offline catalog resolves tags only",
                self.reference
            ),
            CatalogErrorKind::UnsupportedPlatform(p) => write!(
                f,
                "no match for platform in manifest: not found: {} has linux/amd64 only, not {p}",
                self.reference
            ),
        }
    }
}

impl std::error::Error for CatalogError {}

impl CatalogError {
    /// A hint for the learner: the playground is offline, and the closest catalog names.
    pub fn hint(&self) -> Option<String> {
        let offline = "the playground is offline: FROM can use only its built-in images";
        match &self.kind {
            CatalogErrorKind::UnknownRepository { suggestions }
            | CatalogErrorKind::UnknownTag { suggestions } => Some(if suggestions.is_empty() {
                format!("{offline} (see `layercake images --catalog`)")
            } else {
                format!("{offline}; did you mean {}?", suggestions.join(", "))
            }),
            CatalogErrorKind::OtherRegistry => {
                Some(format!("{offline}, which are all on docker.io"))
            }
            CatalogErrorKind::DigestNotSupported => Some("use a tag, e.g. node:20-alpine".into()),
            CatalogErrorKind::InvalidReference(ReferenceError::Uppercase(_)) => {
                Some("repository names are lowercase, e.g. node, not Node".into())
            }
            _ => None,
        }
    }
}

/// Every name the catalog answers to (familiar form), in catalog order.
pub fn names() -> Vec<&'static str> {
    CATALOG
        .iter()
        .flat_map(|e| e.names.iter().copied())
        .collect()
}

/// Resolves `reference` for linux/amd64 (see [`resolve_for_platform`]).
pub fn resolve(reference: &str) -> Result<BaseImage, CatalogError> {
    let err = |kind| CatalogError {
        kind,
        reference: reference.to_string(),
    };
    if reference == "scratch" {
        return Ok(BaseImage::scratch());
    }
    let parsed =
        ImageRef::parse(reference).map_err(|e| err(CatalogErrorKind::InvalidReference(e)))?;
    if parsed.digest.is_some() {
        return Err(err(CatalogErrorKind::DigestNotSupported));
    }
    if parsed.registry != reference::DEFAULT_REGISTRY {
        return Err(err(CatalogErrorKind::OtherRegistry));
    }
    let repo = parsed.familiar_repository();
    let wanted = parsed.familiar();
    let Some(entry) = CATALOG.iter().find(|e| e.names.contains(&wanted.as_str())) else {
        let same_repo: Vec<&str> = names()
            .into_iter()
            .filter(|n| n.rsplit_once(':').is_some_and(|(r, _)| r == repo))
            .collect();
        return Err(if same_repo.is_empty() {
            err(CatalogErrorKind::UnknownRepository {
                suggestions: closest(&wanted, &names()),
            })
        } else {
            err(CatalogErrorKind::UnknownTag {
                suggestions: closest(&wanted, &same_repo),
            })
        });
    };
    let built = built_image(entry);
    Ok(BaseImage {
        name: entry.names[0].to_string(),
        reference: Some(parsed),
        layers: built.layers.clone(),
        config: built.config.clone(),
        history: built.history.clone(),
        created: crate::oci::spec::rfc3339(built.created),
        os: "linux".to_string(),
        architecture: "amd64".to_string(),
    })
}

/// Resolves `reference` for `platform` (`linux/amd64`, `linux/x86_64` or `amd64`; the
/// catalog has no other platform, so `--platform linux/arm64` is refused as Docker refuses a
/// platform an image does not have).
pub fn resolve_for_platform(reference: &str, platform: &str) -> Result<BaseImage, CatalogError> {
    let normalized = platform.to_ascii_lowercase();
    if !matches!(
        normalized.as_str(),
        "linux/amd64" | "linux/x86_64" | "amd64" | "linux/amd64/v1"
    ) {
        return Err(CatalogError {
            kind: CatalogErrorKind::UnsupportedPlatform(platform.to_string()),
            reference: reference.to_string(),
        });
    }
    resolve(reference)
}

fn built_image(entry: &'static CatalogEntry) -> Arc<ImageBuilder> {
    static MEMO: OnceLock<Mutex<BTreeMap<&'static str, Arc<ImageBuilder>>>> = OnceLock::new();
    let memo = MEMO.get_or_init(|| Mutex::new(BTreeMap::new()));
    let key = entry.names[0];
    if let Some(b) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return b.clone();
    }
    let built = Arc::new((entry.build)());
    memo.lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_insert(built)
        .clone()
}

/// Up to three of `candidates` closest to `wanted` by edit distance (ties in catalog order),
/// within a distance of half the name's length.
pub fn closest(wanted: &str, candidates: &[&str]) -> Vec<String> {
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (edit_distance(wanted, c), i, *c))
        .filter(|(d, _, _)| *d <= wanted.len().max(4) / 2 + 2)
        .collect();
    crate::sorting::sort(&mut scored);
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, c)| c.to_string())
        .collect()
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
