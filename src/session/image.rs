//! A built image as `docker image inspect` shows it (ID, tags, the `Config` fields the image
//! sets, `RootFS.Layers`) and "Download OCI layout": an OCI image layout tar
//! (`oci-layout`, `index.json`, `blobs/sha256/…`) that `skopeo copy oci-archive:FILE …`
//! reads.

use super::Builder;
use crate::oci::ArchiveFormat;
use serde::Serialize;

/// One entry of `RootFS.Layers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RootfsLayer {
    /// The diff_id (`sha256:…` of the uncompressed tar). The OCI layout stores layers
    /// uncompressed, so it is also the layer's digest in the manifest.
    pub diff_id: String,
    /// Bytes of file content.
    pub size: u64,
    /// The history entry that made it.
    pub created_by: String,
}

/// `docker image inspect`, the parts the panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageInspect {
    /// `sha256:…` (the digest of the config).
    pub id: String,
    /// `RepoTags`.
    pub repo_tags: Vec<String>,
    /// `Created`.
    pub created: Option<String>,
    /// `Architecture` / `Os`.
    pub platform: String,
    /// The `Config` fields the image sets, in docker's order, each value as JSON
    /// (`Env` → `["PATH=…"]`).
    pub config: Vec<(String, String)>,
    /// `RootFS.Layers`, bottom first.
    pub layers: Vec<RootfsLayer>,
}

impl Builder {
    /// `docker image inspect REF`.
    pub fn inspect(&self, reference: &str) -> Option<ImageInspect> {
        let image = self.store.find(reference)?;
        let config = serde_json::to_value(&image.config.config)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let order = [
            "User",
            "ExposedPorts",
            "Env",
            "Entrypoint",
            "Cmd",
            "Volumes",
            "WorkingDir",
            "Labels",
            "StopSignal",
            "Healthcheck",
            "OnBuild",
            "Shell",
            "ArgsEscaped",
        ];
        let mut fields: Vec<(String, String)> = order
            .iter()
            .filter_map(|k| config.get(*k).map(|v| (k.to_string(), v.to_string())))
            .collect();
        for (k, v) in &config {
            if !order.contains(&k.as_str()) {
                fields.push((k.clone(), v.to_string()));
            }
        }
        let mut made_by = image.layer_created_by().into_iter();
        let layers = image
            .config
            .rootfs
            .diff_ids
            .iter()
            .zip(&image.layers)
            .map(|(d, l)| RootfsLayer {
                diff_id: d.to_string(),
                size: l.size(),
                created_by: made_by.next().unwrap_or_default(),
            })
            .collect();
        let c = &image.config;
        Some(ImageInspect {
            id: image.id.to_string(),
            repo_tags: self.store.tags_of(&image.id),
            created: c.created.clone(),
            platform: match &c.variant {
                Some(v) => format!("{}/{}/{v}", c.os, c.architecture),
                None => format!("{}/{}", c.os, c.architecture),
            },
            config: fields,
            layers,
        })
    }

    /// An OCI image layout tar of a built image (`skopeo copy oci-archive:FILE …`), tagged
    /// `tag` in `index.json`.
    pub fn save_oci(&self, tag: &str) -> Result<Vec<u8>, String> {
        self.export_tar(tag, ArchiveFormat::Oci)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspect_lists_the_config_the_image_sets_and_its_layers() {
        let mut b = Builder::new();
        let view = b.build(
            "FROM alpine:3.20\nENV A=1\nEXPOSE 80\nWORKDIR /w\nRUN echo x > f\nCMD [\"sh\"]\n",
            &Default::default(),
            "playground",
            &Default::default(),
        );
        let info = b.inspect("playground").expect("built");
        assert_eq!(Some(info.id.clone()), view.image_id);
        assert_eq!(info.repo_tags, ["playground:latest"]);
        let keys: Vec<&str> = info.config.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["ExposedPorts", "Env", "Cmd", "WorkingDir"]);
        assert_eq!(info.config[0].1, "{\"80/tcp\":{}}");
        assert_eq!(info.config[2].1, "[\"sh\"]");
        assert_eq!(info.layers.len(), 3, "alpine + WORKDIR + RUN");
        assert!(info.layers[2]
            .created_by
            .starts_with("RUN /bin/sh -c echo x"));
        assert!(b.inspect("nothing").is_none());
    }

    #[test]
    fn the_oci_layout_reads_back_with_its_tag() {
        let mut b = Builder::new();
        b.build(
            "FROM alpine:3.20\nRUN echo x > /f\n",
            &Default::default(),
            "mine:1",
            &Default::default(),
        );
        let tar = b.save_oci("mine:1").expect("exports");
        let archive =
            crate::oci::import(&tar, crate::oci::ImportLimits::default()).expect("imports");
        assert_eq!(archive.images.len(), 1);
        assert_eq!(
            archive.images[0].config.id().to_string(),
            b.inspect("mine:1").expect("image").id
        );
        let text = String::from_utf8_lossy(&tar);
        assert!(text.contains("oci-layout") && text.contains("index.json"));
        assert!(
            !text.contains("manifest.json"),
            "an OCI layout, not a docker archive"
        );
        assert!(b.save_oci("other").is_err());
    }
}
