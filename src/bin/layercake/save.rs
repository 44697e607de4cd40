//! `layercake save -o FILE IMAGE…`: a `docker save` archive (docker-archive, also an OCI
//! layout) written by `src/oci`.

use crate::state::State;
use layercake::oci::{self, ArchiveFormat};
use std::path::Path;
use std::process::ExitCode;

/// Writes the images to `output`.
pub fn run(state_dir: &Path, output: &str, images: &[String]) -> ExitCode {
    let state = match State::load(state_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut list = Vec::new();
    for name in images {
        let Some(id) = state.store.resolve(name) else {
            eprintln!("Error response from daemon: reference does not exist: {name}");
            return ExitCode::FAILURE;
        };
        match state.store.export_image(&id) {
            Ok(mut img) => {
                // Only the tags named on the command line, as docker does.
                let wanted = layercake::build::store::normalize_tag(name);
                if img.tags.contains(&wanted) {
                    img.tags = vec![wanted];
                }
                list.push(img)
            }
            Err(e) => {
                eprintln!("Error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let bytes = match oci::export(&list, ArchiveFormat::Docker) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(output, bytes) {
        eprintln!("Error: cannot write {output}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
