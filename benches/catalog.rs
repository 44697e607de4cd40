//! The base-image catalog: cold build of every image (first call in the process), memoized
//! resolution, heap bytes of all distinct layers, and the cost of a diff_id (sha256 of the
//! streamed tar of a layer's synthetic content).

mod common;

use layercake::catalog::{self, alpine, images, CATALOG};
use layercake::oci::{layer_entries, tar::write_layer_tar};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let start = Instant::now();
    for entry in CATALOG {
        catalog::resolve(entry.names[0]).expect("catalog names resolve");
    }
    println!(
        "[{}] catalog: cold build of all {} images: {:.1} ms",
        common::TARGET,
        CATALOG.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    common::report_time("catalog: resolve every name (memoized)", || {
        for name in catalog::names() {
            catalog::resolve(name).expect("catalog names resolve");
        }
    });
    common::report_time("catalog: alpine 3.20 rootfs from the listing", || {
        let _ = alpine::rootfs(&images::ALPINE[1]);
    });
    let mut distinct = BTreeMap::new();
    let mut logical = 0u64;
    for entry in CATALOG {
        let img = catalog::resolve(entry.names[0]).expect("resolves");
        logical += img.size();
        for l in &img.layers {
            distinct.insert(std::sync::Arc::as_ptr(l) as usize, l.clone());
        }
    }
    let heap: usize = distinct.values().map(|l| l.heap_bytes()).sum();
    let entries: usize = distinct.values().map(|l| l.len()).sum();
    let content: u64 = distinct.values().map(|l| l.size()).sum();
    println!(
        "[{}] catalog: {} distinct layers, {} entries, ≈{} KB heap for {:.2} GB of distinct content ({:.2} GB summed over images)",
        common::TARGET,
        distinct.len(),
        entries,
        heap / 1000,
        content as f64 / 1e9,
        logical as f64 / 1e9
    );
    let alpine = catalog::resolve("alpine:3.20").expect("resolves").layers[0].clone();
    common::report_throughput(
        "catalog: diff_id of alpine 3.20 (tar + sha256)",
        alpine.size() as usize,
        || {
            write_layer_tar(layer_entries(&alpine), std::io::sink()).expect("sink");
        },
    );
}
