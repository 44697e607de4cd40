//! Export → import round trips: the same inputs give the same archive bytes, and importing an
//! exported archive gives back the same image ID, diff_ids, layer digests and entries.

#![allow(clippy::unwrap_used)]

use layercake::oci::demo::{demo_image, demo_layers};
use layercake::oci::{
    export, fs_layer_blob, image_fs_layers, import, layer_blob, to_fs_layer, ArchiveFormat,
    Compression, ImportLimits, ImportedKind,
};

fn round_trip(format: ArchiveFormat, compression: Compression) {
    let image = demo_image(compression).unwrap();
    let bytes = export(std::slice::from_ref(&image), format).unwrap();
    let again = export(&[demo_image(compression).unwrap()], format).unwrap();
    assert_eq!(bytes, again, "export is deterministic");

    let imported = import(&bytes, ImportLimits::default()).unwrap();
    assert_eq!(imported.format, format);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.images.len(), 1);
    let got = &imported.images[0];
    assert_eq!(got.id, image.config.id());
    assert_eq!(got.config, image.config);
    let want_tag = match format {
        ArchiveFormat::Docker => "layercake/demo:latest",
        ArchiveFormat::Oci => "docker.io/layercake/demo:latest",
    };
    assert_eq!(got.tags, [want_tag]);
    assert_eq!(got.layers.len(), image.layers.len());
    for (g, w) in got.layers.iter().zip(&image.layers) {
        assert_eq!(g.diff_id, w.diff_id);
        assert_eq!(g.digest, w.digest);
        assert_eq!(g.size, w.size);
        assert_eq!(g.gzip, compression == Compression::Gzip);
        // Writing the imported entries again gives the same tar.
        let entries = g.entries.iter().map(|e| e.as_layer_entry()).collect();
        let rewritten = layer_blob(entries, compression).unwrap();
        assert_eq!(rewritten.diff_id, w.diff_id);
        assert_eq!(rewritten.digest, w.digest);
    }
    // Through the fs model and back: the same layers.
    for (g, w) in got.layers.iter().zip(&image.layers) {
        let fs_layer = to_fs_layer(&g.entries);
        assert_eq!(
            fs_layer_blob(&fs_layer, compression).unwrap().digest,
            w.digest
        );
    }
    let originals = demo_layers();
    for (layer, original) in image_fs_layers(got).iter().zip(&originals) {
        let paths =
            |l: &layercake::fs::Layer| l.changes().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(paths(layer), paths(original));
    }
    // Every kind made it through.
    let kinds: Vec<&ImportedKind> = got
        .layers
        .iter()
        .flat_map(|l| &l.entries)
        .map(|e| &e.kind)
        .collect();
    assert!(kinds.iter().any(|k| matches!(k, ImportedKind::Whiteout)));
    assert!(kinds.iter().any(|k| matches!(k, ImportedKind::Opaque)));
    assert!(kinds.iter().any(|k| matches!(k, ImportedKind::Hardlink(_))));
    assert!(kinds.iter().any(|k| matches!(k, ImportedKind::Symlink(_))));
}

#[test]
fn oci_gzip_round_trip() {
    round_trip(ArchiveFormat::Oci, Compression::Gzip);
}

#[test]
fn oci_plain_round_trip() {
    round_trip(ArchiveFormat::Oci, Compression::None);
}

#[test]
fn docker_round_trip() {
    round_trip(ArchiveFormat::Docker, Compression::None);
}

#[test]
fn docker_gzip_layers_round_trip() {
    round_trip(ArchiveFormat::Docker, Compression::Gzip);
}

#[test]
fn gzipped_archive_imports() {
    use std::io::Write;
    let image = demo_image(Compression::None).unwrap();
    let bytes = export(std::slice::from_ref(&image), ArchiveFormat::Docker).unwrap();
    let mut gz = layercake::oci::tar::gzip_writer(Vec::new());
    gz.write_all(&bytes).unwrap();
    let gz = gz.finish().unwrap();
    let imported = import(&gz, ImportLimits::default()).unwrap();
    assert_eq!(imported.images[0].id, image.config.id());
}

#[test]
fn several_images_share_blobs() {
    let a = demo_image(Compression::Gzip).unwrap();
    let mut b = demo_image(Compression::Gzip).unwrap();
    b.layers.truncate(2);
    b.config.rootfs.diff_ids.truncate(2);
    b.config.history.truncate(2);
    b.tags = vec!["base:1".into(), "base:latest".into()];
    for format in [ArchiveFormat::Oci, ArchiveFormat::Docker] {
        let bytes = export(&[a.clone(), b.clone()], format).unwrap();
        let imported = import(&bytes, ImportLimits::default()).unwrap();
        assert_eq!(imported.images.len(), 2, "{format:?}");
        assert_eq!(imported.images[0].id, a.config.id());
        assert_eq!(imported.images[1].id, b.config.id());
        assert_eq!(imported.images[1].tags.len(), 2);
        // Shared layers are stored once: 3 + 0 layer blobs, 2 configs, 2 manifests.
        let mut archive = tar::Archive::new(&bytes[..]);
        let blobs = archive
            .entries()
            .unwrap()
            .filter(|e| {
                let e = e.as_ref().unwrap();
                e.path_bytes().starts_with(b"blobs/sha256/") && e.header().entry_type().is_file()
            })
            .count();
        assert_eq!(blobs, 7, "{format:?}");
    }
}

/// Regression (found by the umoci comparison): `fs::Rootfs`'s directory listing jumped from
/// `/bin/busybox` past `/bin/busybox0` and lost the sibling `/bin/busybox-again`.
#[test]
fn merged_view_keeps_siblings_that_extend_a_name() {
    let rootfs = layercake::fs::Rootfs::new(demo_layers());
    let paths: Vec<String> = rootfs
        .merged_view()
        .into_iter()
        .map(|(p, _, _)| p.as_str().to_string())
        .collect();
    for want in ["/bin/busybox", "/bin/busybox-again", "/bin/ls"] {
        assert!(paths.iter().any(|p| p == want), "{want} missing: {paths:?}");
    }
}

/// Golden digests of the demo image: any change to tar headers, ordering, gzip settings,
/// JSON field order or escaping shows up here. `tests/wasm_node.rs` checks the same values in
/// wasm.
#[test]
fn demo_image_golden_digests() {
    let image = demo_image(Compression::Gzip).unwrap();
    assert_eq!(
        image.config.id().to_string(),
        "sha256:02aa8a21fe2df7124116b8afe5c2940ee5d0dd803ebecaacd754a060a6978c56"
    );
    let layers: Vec<String> = image.layers.iter().map(|l| l.digest.to_string()).collect();
    assert_eq!(
        layers,
        [
            "sha256:18fd563f3fc951681797368c7c28a6cdbbb30a2f67f14ac8c59d9df80debcb34",
            "sha256:5aa20c1ac9f60af294b2778b021ff29b524c72e4c278246541594edc2b847a7d",
            "sha256:75f6e2d39a542b07f183f15689a3859f3c9dfe133894238131599bf20005569d",
        ]
    );
    let oci = export(std::slice::from_ref(&image), ArchiveFormat::Oci).unwrap();
    assert_eq!(
        layercake::oci::Digest::of(&oci).to_string(),
        "sha256:967701095abac6ace34ee3fd702447953d97b1806b7616cc6633ccee61934f94"
    );
    let docker = export(
        &[demo_image(Compression::None).unwrap()],
        ArchiveFormat::Docker,
    )
    .unwrap();
    assert_eq!(
        layercake::oci::Digest::of(&docker).to_string(),
        "sha256:736e275ab5bed7dbd0f0dafd1c774a4aa7c5375eaf8c2e7cb9d1a9210c313edd"
    );
}

/// The legacy `docker save` form (before Docker 25): `<id>.json` config, `<id>/layer.tar`
/// layers, a layer stored once and referenced through a relative symlink, `repositories`.
#[test]
fn legacy_docker_archive_imports() {
    let image = demo_image(Compression::None).unwrap();
    let config = image.config.to_bytes();
    let config_name = format!("{}.json", layercake::oci::Digest::of(&config).hex());
    let mut out = Vec::new();
    let mut add = |name: &str, flag: u8, link: &str, data: &[u8]| {
        let mut h = tar::Header::new_ustar();
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        h.set_entry_type(tar::EntryType::new(flag));
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(data);
        out.extend(std::iter::repeat_n(0u8, (512 - data.len() % 512) % 512));
    };
    add(&config_name, b'0', "", &config);
    for (i, layer) in image.layers.iter().enumerate() {
        add(&format!("l{i}/"), b'5', "", b"");
        add(&format!("l{i}/layer.tar"), b'0', "", &layer.bytes);
    }
    add("top/", b'5', "", b"");
    add("top/layer.tar", b'2', "../l2/layer.tar", b"");
    let manifest = format!(
        r#"[{{"Config":"{config_name}","RepoTags":["old:style"],"Layers":["l0/layer.tar","l1/layer.tar","top/layer.tar"]}}]"#
    );
    add("manifest.json", b'0', "", manifest.as_bytes());
    add("repositories", b'0', "", br#"{"old":{"style":"x"}}"#);
    out.extend_from_slice(&[0u8; 1024]);
    let imported = import(&out, ImportLimits::default()).unwrap();
    assert_eq!(imported.format, ArchiveFormat::Docker);
    assert_eq!(imported.images[0].id, image.config.id());
    assert_eq!(imported.images[0].tags, ["old:style"]);
    assert_eq!(
        imported.images[0].layers[2].diff_id,
        image.layers[2].diff_id
    );
}
