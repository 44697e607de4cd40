//! `layercake inspect IMAGE…`: `docker image inspect` JSON (an array, 4-space indented).

use crate::state::State;
use serde_json::{json, Value};
use std::path::Path;
use std::process::ExitCode;

/// Prints the images as docker inspect JSON.
pub fn run(state_dir: &Path, images: &[String]) -> ExitCode {
    let state = match State::load(state_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = Vec::new();
    let mut code = ExitCode::SUCCESS;
    for name in images {
        let Some(img) = state.store.find(name) else {
            eprintln!("Error: No such image: {name}");
            code = ExitCode::FAILURE;
            continue;
        };
        let config: Value = serde_json::to_value(&img.config.config).unwrap_or(Value::Null);
        let comment = img
            .config
            .history
            .last()
            .and_then(|h| h.comment.clone())
            .unwrap_or_default();
        out.push(json!({
            "Id": img.id.to_string(),
            "RepoTags": state.store.tags_of(&img.id),
            "RepoDigests": [],
            "Parent": "",
            "Comment": comment,
            "Created": img.config.created.clone().unwrap_or_default(),
            "DockerVersion": "",
            "Author": img.config.author.clone().unwrap_or_default(),
            "Config": config,
            "Architecture": img.config.architecture,
            "Os": img.config.os,
            "Size": img.size(),
            "RootFS": {
                "Type": "layers",
                "Layers": img.config.rootfs.diff_ids.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            },
            "Metadata": { "LastTagTime": "0001-01-01T00:00:00Z" },
        }));
    }
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(&out, &mut ser).is_ok() {
        println!("{}", String::from_utf8_lossy(&buf));
    }
    code
}
