//! Serde structs for the OCI image spec documents (image config, descriptor, manifest, index,
//! `oci-layout`) and Docker's `docker save` `manifest.json`, with the spec's field names.
//!
//! Field order is the order Docker/BuildKit emit, because the bytes are hashed (see `json.rs`):
//! BuildKit's exporter re-marshals the top level of the image config through a Go map, so its
//! keys come out sorted (`architecture`, `author`, `config`, `created`, `history`, `os`,
//! `rootfs`, `variant`); inside `config` the order is Go's struct order of
//! `DockerOCIImageConfig` (`User` … `StopSignal`, `ArgsEscaped`, `Healthcheck`, `OnBuild`,
//! `Shell`); `history` entries follow `ocispec.History`. Empty fields are skipped as Go's
//! `omitempty` does (an empty list or map is omitted, not written as `[]`/`{}`).

use super::digest::Digest;
use super::json::to_canonical_vec;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Media type of an OCI image config blob.
pub const MEDIA_TYPE_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// Media type of an OCI image manifest.
pub const MEDIA_TYPE_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// Media type of an OCI image index.
pub const MEDIA_TYPE_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// Media type of an uncompressed layer tar.
pub const MEDIA_TYPE_LAYER_TAR: &str = "application/vnd.oci.image.layer.v1.tar";
/// Media type of a gzip-compressed layer tar.
pub const MEDIA_TYPE_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
/// Docker's (schema 2) media type of a gzip layer, accepted on import.
pub const MEDIA_TYPE_DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
/// Annotation holding a tag in an OCI layout's `index.json` (what `umoci`/`skopeo` look up).
pub const ANNOTATION_REF_NAME: &str = "org.opencontainers.image.ref.name";
/// Annotation holding the full image name in `index.json` (written by containerd and Docker).
pub const ANNOTATION_IMAGE_NAME: &str = "io.containerd.image.name";

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// An empty JSON object `{}`: the value type of `ExposedPorts` and `Volumes` (Go `struct{}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// The image configuration (`application/vnd.oci.image.config.v1+json`, image-spec config.md),
/// with Docker's extra `config` fields. The image ID is the digest of its serialized bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfig {
    /// CPU architecture (`amd64`, `arm64`, …).
    pub architecture: String,
    /// Who made the image (`MAINTAINER`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Execution defaults for containers.
    #[serde(default)]
    pub config: ExecConfig,
    /// Creation time, RFC 3339 (a parameter of the build: the core reads no clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// One entry per build step, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<History>,
    /// Operating system (`linux`).
    pub os: String,
    /// The layers' diff_ids, bottom first.
    pub rootfs: RootFs,
    /// CPU variant (`v8` for arm64, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// The `config` object of an image config: defaults for a container (Go struct order of
/// BuildKit's `DockerOCIImageConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecConfig {
    /// `USER`.
    #[serde(rename = "User", default, skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// `EXPOSE`: keys like `80/tcp`.
    #[serde(
        rename = "ExposedPorts",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub exposed_ports: BTreeMap<String, Empty>,
    /// `ENV` as `KEY=value`, in definition order.
    #[serde(rename = "Env", default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    /// `ENTRYPOINT`.
    #[serde(rename = "Entrypoint", default, skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    /// `CMD`.
    #[serde(rename = "Cmd", default, skip_serializing_if = "Vec::is_empty")]
    pub cmd: Vec<String>,
    /// `VOLUME`.
    #[serde(
        rename = "Volumes",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub volumes: BTreeMap<String, Empty>,
    /// `WORKDIR`.
    #[serde(
        rename = "WorkingDir",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub working_dir: String,
    /// `LABEL`.
    #[serde(rename = "Labels", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// `STOPSIGNAL`.
    #[serde(
        rename = "StopSignal",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub stop_signal: String,
    /// Legacy Windows flag set by shell-form `CMD`/`ENTRYPOINT` in some builders.
    #[serde(rename = "ArgsEscaped", default, skip_serializing_if = "is_false")]
    pub args_escaped: bool,
    /// `HEALTHCHECK`.
    #[serde(
        rename = "Healthcheck",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub healthcheck: Option<Healthcheck>,
    /// `ONBUILD` triggers, as written.
    #[serde(rename = "OnBuild", default, skip_serializing_if = "Vec::is_empty")]
    pub on_build: Vec<String>,
    /// `SHELL`.
    #[serde(rename = "Shell", default, skip_serializing_if = "Vec::is_empty")]
    pub shell: Vec<String>,
}

/// Docker's `HealthcheckConfig`; durations are integer nanoseconds, 0 means "inherit".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Healthcheck {
    /// `["CMD", args…]`, `["CMD-SHELL", cmd]` or `["NONE"]`.
    #[serde(rename = "Test", default, skip_serializing_if = "Vec::is_empty")]
    pub test: Vec<String>,
    /// Time between checks (ns).
    #[serde(rename = "Interval", default, skip_serializing_if = "is_zero")]
    pub interval: i64,
    /// Time before a check is considered hung (ns).
    #[serde(rename = "Timeout", default, skip_serializing_if = "is_zero")]
    pub timeout: i64,
    /// Start-up grace period (ns).
    #[serde(rename = "StartPeriod", default, skip_serializing_if = "is_zero")]
    pub start_period: i64,
    /// Time between checks during the start period (ns).
    #[serde(rename = "StartInterval", default, skip_serializing_if = "is_zero")]
    pub start_interval: i64,
    /// Consecutive failures before unhealthy.
    #[serde(rename = "Retries", default, skip_serializing_if = "is_zero")]
    pub retries: i64,
}

/// `rootfs` of an image config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootFs {
    /// Always `layers`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Digests of the uncompressed layer tars, bottom first.
    pub diff_ids: Vec<Digest>,
}

impl Default for RootFs {
    fn default() -> RootFs {
        RootFs {
            kind: "layers".to_string(),
            diff_ids: Vec::new(),
        }
    }
}

/// One `history` entry (Go struct order of `ocispec.History`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// When the step ran, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The step (`RUN /bin/sh -c apk add curl # buildkit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Who made the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Free text (`buildkit.dockerfile.v0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// True when the step added no layer (no entry in `diff_ids`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub empty_layer: bool,
}

/// A content descriptor: what a blob is, its digest and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    /// Media type of the referenced blob.
    #[serde(rename = "mediaType")]
    pub media_type: String,
    /// Digest of the blob's bytes.
    pub digest: Digest,
    /// Size of the blob in bytes.
    pub size: u64,
    /// Annotations (`org.opencontainers.image.ref.name` in an index).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Platform of a manifest listed in an index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
}

/// The platform an image runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Platform {
    /// CPU architecture.
    pub architecture: String,
    /// Operating system.
    pub os: String,
    /// CPU variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// An image manifest (`application/vnd.oci.image.manifest.v1+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always 2.
    #[serde(rename = "schemaVersion")]
    pub schema_version: u32,
    /// `application/vnd.oci.image.manifest.v1+json`.
    #[serde(rename = "mediaType", default)]
    pub media_type: String,
    /// The image config blob.
    pub config: Descriptor,
    /// Layer blobs, bottom first.
    pub layers: Vec<Descriptor>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

/// An image index (`index.json` of a layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Always 2.
    #[serde(rename = "schemaVersion")]
    pub schema_version: u32,
    /// `application/vnd.oci.image.index.v1+json`.
    #[serde(rename = "mediaType", default)]
    pub media_type: String,
    /// The manifests, one per tag.
    pub manifests: Vec<Descriptor>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

/// The `oci-layout` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OciLayout {
    /// `1.0.0`.
    #[serde(rename = "imageLayoutVersion")]
    pub image_layout_version: String,
}

/// The `oci-layout` file's bytes exactly as `docker save` writes them (with a space).
pub const OCI_LAYOUT_BYTES: &[u8] = br#"{"imageLayoutVersion": "1.0.0"}"#;

/// One entry of a `docker save` `manifest.json` (moby `tarexport.manifestItem`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerManifestItem {
    /// Path of the config blob inside the archive.
    #[serde(rename = "Config")]
    pub config: String,
    /// `name:tag` references; Go writes `null` when there are none.
    #[serde(rename = "RepoTags", default)]
    pub repo_tags: Option<Vec<String>>,
    /// Paths of the layer tars inside the archive, bottom first.
    #[serde(rename = "Layers")]
    pub layers: Vec<String>,
}

impl ImageConfig {
    /// The config's canonical bytes (the config blob).
    pub fn to_bytes(&self) -> Vec<u8> {
        to_canonical_vec(self)
    }

    /// The image ID: the digest of the config bytes.
    pub fn id(&self) -> Digest {
        Digest::of(&self.to_bytes())
    }

    /// The platform this config declares.
    pub fn platform(&self) -> Platform {
        Platform {
            architecture: self.architecture.clone(),
            os: self.os.clone(),
            variant: self.variant.clone(),
        }
    }
}

impl Manifest {
    /// The manifest's canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_canonical_vec(self)
    }
}

impl Index {
    /// The index's canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_canonical_vec(self)
    }
}

/// Formats seconds since the Unix epoch as RFC 3339 UTC (`1970-01-01T00:00:00Z`), the way Go
/// marshals a `time.Time` with no sub-second part. Used for `created` fields; the time itself
/// is always a parameter (`SOURCE_DATE_EPOCH` style), never read from a clock.
pub fn rfc3339(epoch_seconds: i64) -> String {
    let c = crate::calendar::civil(epoch_seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn config_bytes_look_like_buildkit() {
        let mut cfg = ImageConfig {
            architecture: "amd64".into(),
            os: "linux".into(),
            created: Some(rfc3339(0)),
            ..ImageConfig::default()
        };
        cfg.config.env = vec!["PATH=/usr/bin".into()];
        cfg.config.cmd = vec!["sh".into()];
        cfg.config.working_dir = "/".into();
        cfg.config.exposed_ports.insert("80/tcp".into(), Empty {});
        cfg.rootfs.diff_ids.push(Digest::of(&[0; 1024]));
        cfg.history.push(History {
            created: Some(rfc3339(0)),
            created_by: Some("RUN /bin/sh -c echo > /x # buildkit".into()),
            comment: Some("buildkit.dockerfile.v0".into()),
            ..History::default()
        });
        cfg.history.push(History {
            created_by: Some("CMD [\"sh\"]".into()),
            empty_layer: true,
            ..History::default()
        });
        let text = String::from_utf8(cfg.to_bytes()).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"architecture":"amd64","config":{"ExposedPorts":{"80/tcp":{}},"#,
                r#""Env":["PATH=/usr/bin"],"Cmd":["sh"],"WorkingDir":"/"},"#,
                r#""created":"1970-01-01T00:00:00Z","history":[{"created":"1970-01-01T00:00:00Z","#,
                r#""created_by":"RUN /bin/sh -c echo \u003e /x # buildkit","#,
                r#""comment":"buildkit.dockerfile.v0"},{"created_by":"CMD [\"sh\"]","#,
                r#""empty_layer":true}],"os":"linux","rootfs":{"type":"layers","diff_ids":"#,
                r#"["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]}}"#
            )
        );
        let back: ImageConfig = serde_json::from_str(&text).unwrap();
        assert_eq!(back, cfg);
        assert_eq!(cfg.id(), Digest::of(text.as_bytes()));
    }

    #[test]
    fn healthcheck_in_nanoseconds() {
        let h = Healthcheck {
            test: vec!["CMD-SHELL".into(), "true".into()],
            interval: 30_000_000_000,
            retries: 3,
            ..Healthcheck::default()
        };
        assert_eq!(
            String::from_utf8(to_canonical_vec(&h)).unwrap(),
            r#"{"Test":["CMD-SHELL","true"],"Interval":30000000000,"Retries":3}"#
        );
    }

    #[test]
    fn docker_manifest_item_writes_null_tags() {
        let item = DockerManifestItem {
            config: "blobs/sha256/ab".into(),
            repo_tags: None,
            layers: vec![],
        };
        assert_eq!(
            to_canonical_vec(&item),
            br#"{"Config":"blobs/sha256/ab","RepoTags":null,"Layers":[]}"#
        );
    }
}
