//! Benchmark: the web-ping seed — a cold build (empty cache; base-image diff_ids are memoized
//! by the catalog after the first round, as in a running playground) and the rebuild after
//! editing app.js (WORKDIR cached, COPY rebuilt), plus the time to sha256 the changed bytes
//! for the rebuild ÷ hash ratio.

mod common;

use layercake::build::{Build, BuildInputs, Cache, ContextFile, ImageStore};
use std::collections::BTreeMap;

const DOCKERFILE: &str = include_str!("../tests/data/build/web-ping/Dockerfile");
const APP: &str = include_str!("../tests/data/build/web-ping/context/app.js");
const APP_EDITED: &str = include_str!("../tests/data/build/web-ping/edit/app.js");

fn inputs(app: &str) -> BuildInputs {
    let mut files = BTreeMap::new();
    files.insert("app.js".to_string(), ContextFile::new(app.as_bytes()));
    files.insert(
        "Dockerfile".to_string(),
        ContextFile::new(DOCKERFILE.as_bytes()),
    );
    BuildInputs::new(DOCKERFILE, files)
}

fn main() {
    let store = ImageStore::new();
    common::report_time("build web-ping cold", || {
        let mut cache = Cache::new();
        let (_, r) = Build::new(inputs(APP), &store).run(&mut cache);
        assert!(r.is_ok());
    });
    let mut warm = Cache::new();
    let (_, r) = Build::new(inputs(APP), &store).run(&mut warm);
    assert!(r.is_ok());
    common::report_time("rebuild web-ping after editing app.js", || {
        let mut cache = warm.clone();
        let (_, r) = Build::new(inputs(APP_EDITED), &store).run(&mut cache);
        assert!(r.is_ok());
    });
    common::report_throughput("sha256 of the changed bytes", APP_EDITED.len(), || {
        std::hint::black_box(layercake::oci::Digest::of(APP_EDITED.as_bytes()));
    });
}
