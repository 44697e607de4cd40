//! Every example of the playground builds (its RUN steps in the sandbox), and its exported
//! image is accepted by the real tools: `skopeo inspect oci-archive:…` reports our manifest's
//! layers, and `umoci unpack` of the layout gives a rootfs holding what the example made.
//! Images over 400 MB (`FROM node:latest`) are built and checked here, but not written to
//! disk for the tools (the test says so when it skips one).

#![allow(clippy::unwrap_used)]

#[path = "support/tools.rs"]
mod tools;

use layercake::build::{Build, BuildInputs, Cache, ContextFile, ImageStore};
use layercake::oci::{export, ArchiveFormat};
use std::collections::BTreeMap;
use std::process::Command;
use tools::run;

/// A file each example's image must contain, and a piece of its content.
const CHECKS: &[(&str, &str, &str)] = &[
    ("web-ping", "web-ping/app.js", ""),
    ("web-ping-optimized", "web-ping/app.js", ""),
    (
        "static-web",
        "var/www/html/index.html",
        "Hi, I am in your container",
    ),
    (
        "nginx-site",
        "usr/share/nginx/html/index.html",
        "Hello from my own nginx image",
    ),
    ("entrypoint-cmd", "etc/os-release", "Ubuntu"),
    ("multi-stage", "usr/share/nginx/html/index.html", ""),
    ("node-cache", "app/package.json", ""),
];

#[test]
fn every_example_builds_and_the_tools_accept_its_image() {
    let dir = std::env::temp_dir().join(format!("layercake-examples-oci-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for example in layercake::examples::EXAMPLES {
        let mut files: BTreeMap<String, ContextFile> = example
            .files
            .iter()
            .map(|(p, c)| (p.to_string(), ContextFile::new(c.as_bytes())))
            .collect();
        files.insert(
            "Dockerfile".into(),
            ContextFile::new(example.dockerfile.as_bytes()),
        );
        let mut inputs = BuildInputs::new(example.dockerfile, files);
        inputs.epoch = 1_714_564_800;
        let mut store = ImageStore::new();
        let (events, result) = Build::new(inputs, &store).run(&mut Cache::new());
        let image =
            result.unwrap_or_else(|e| panic!("{}: build failed: {e}\n{events:?}", example.id));
        let id = store.insert(&image);
        store.tag(&format!("{}:latest", example.id), id);
        if image.size() > 400_000_000 {
            println!(
                "{}: {} bytes, built; not exported for the tools",
                example.id,
                image.size()
            );
            continue;
        }
        let oci = store.export_image(&id).unwrap();
        let bytes = export(std::slice::from_ref(&oci), ArchiveFormat::Oci)
            .unwrap_or_else(|e| panic!("{}: export: {e:?}", example.id));
        let archive = dir.join(format!("{}.tar", example.id));
        std::fs::write(&archive, &bytes).unwrap();

        let inspect: serde_json::Value =
            serde_json::from_str(&run(Command::new("skopeo")
                .args(["inspect", &format!("oci-archive:{}", archive.display())])))
            .unwrap();
        assert_eq!(
            inspect["Layers"].as_array().map(Vec::len),
            Some(oci.layers.len()),
            "{}: {inspect:#}",
            example.id
        );

        let layout = dir.join(format!("{}-layout", example.id));
        std::fs::create_dir_all(&layout).unwrap();
        run(Command::new("tar")
            .arg("-xf")
            .arg(&archive)
            .arg("-C")
            .arg(&layout));
        let bundle = dir.join(format!("{}-bundle", example.id));
        let tag = oci
            .tags
            .first()
            .map(|t| t.rsplit(':').next().unwrap_or("latest").to_string());
        run(Command::new("umoci")
            .args(["unpack", "--rootless", "--image"])
            .arg(format!(
                "{}:{}",
                layout.display(),
                tag.unwrap_or_else(|| "latest".into())
            ))
            .arg(&bundle));
        let (_, path, content) = CHECKS
            .iter()
            .find(|(id, _, _)| *id == example.id)
            .unwrap_or_else(|| panic!("{}: add a check for this example", example.id));
        let file = bundle.join("rootfs").join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!("{}: {} in umoci's rootfs: {e}", example.id, file.display())
        });
        assert!(text.contains(content), "{}: {path}: {text}", example.id);
        checked += 1;
        let _ = std::fs::remove_dir_all(&bundle);
        let _ = std::fs::remove_dir_all(&layout);
        let _ = std::fs::remove_file(&archive);
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{checked} example images accepted by skopeo and umoci");
    assert!(
        checked >= 5,
        "only {checked} examples were checked with the tools"
    );
}
