//! Benchmark: builds of the seed examples — each example's cold build (empty cache;
//! base-image diff_ids are memoized by the catalog after the first round, as in a running
//! playground) and its rebuild after editing one file (a context file, or the Dockerfile's
//! last line), plus, for web-ping, the time to sha256 the changed bytes for the rebuild ÷
//! hash ratio.

mod common;

use layercake::build::{Build, BuildInputs, Cache, ContextFile, ImageStore};
use std::collections::BTreeMap;

fn inputs(dockerfile: &str, files: &[(&str, String)]) -> BuildInputs {
    let mut map: BTreeMap<String, ContextFile> = files
        .iter()
        .map(|(p, c)| (p.to_string(), ContextFile::new(c.as_bytes())))
        .collect();
    map.insert("Dockerfile".into(), ContextFile::new(dockerfile.as_bytes()));
    BuildInputs::new(dockerfile, map)
}

fn main() {
    let store = ImageStore::new();
    let mut web_ping_rebuild = None;
    for example in layercake::examples::EXAMPLES {
        let files: Vec<(&str, String)> = example
            .files
            .iter()
            .map(|(p, c)| (*p, c.to_string()))
            .collect();
        // The edit: the first context file that is not .dockerignore gets a comment line;
        // without one, the Dockerfile gets a LABEL at the end.
        let mut edited = files.clone();
        let mut dockerfile = example.dockerfile.to_string();
        match edited.iter_mut().find(|(p, _)| !p.starts_with('.')) {
            Some((_, c)) => c.push_str("\n// edited\n"),
            None => dockerfile.push_str("LABEL edited=yes\n"),
        }
        let first = Build::new(inputs(example.dockerfile, &files), &store);
        let (_, r) = first.run(&mut Cache::new());
        if let Err(e) = r {
            println!("[{}] build {}: fails ({e})", common::TARGET, example.id);
            continue;
        }
        common::report_time(&format!("build {} cold", example.id), || {
            let (_, r) =
                Build::new(inputs(example.dockerfile, &files), &store).run(&mut Cache::new());
            assert!(r.is_ok());
        });
        let mut warm = Cache::new();
        let (_, r) = Build::new(inputs(example.dockerfile, &files), &store).run(&mut warm);
        assert!(r.is_ok());
        let s = common::best_seconds(1500, || {
            let mut cache = warm.clone();
            let (_, r) = Build::new(inputs(&dockerfile, &edited), &store).run(&mut cache);
            assert!(r.is_ok());
        });
        println!(
            "[{}] rebuild {} after editing one file: {:.3} ms",
            common::TARGET,
            example.id,
            s * 1e3
        );
        if example.id == "web-ping" {
            web_ping_rebuild = Some((s, edited[0].1.clone()));
        }
    }
    if let Some((rebuild, app)) = web_ping_rebuild {
        let hash = common::best_seconds(500, || {
            std::hint::black_box(layercake::oci::Digest::of(app.as_bytes()));
        });
        println!(
            "[{}] web-ping rebuild ÷ sha256 of the changed bytes ({} B): {:.0}",
            common::TARGET,
            app.len(),
            rebuild / hash
        );
    }
}
