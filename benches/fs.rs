//! Benchmark: path lookup with 2 vs 100 layers (should be flat), and the memory of 20 images
//! sharing one 100 MB base versus one image.

mod common;

use layercake::fs::{Change, FsPath, Layer, Node, Rootfs};
use std::sync::Arc;

/// A base layer of `files` synthetic files spread over directories, `bytes` in total.
fn base_layer(files: usize, bytes: u64) -> Layer {
    let mut changes = Vec::new();
    for d in 0..files / 50 {
        changes.push((
            FsPath::new(&format!("/usr/lib/d{d}")),
            Change::Put(Node::dir(0o755)),
        ));
    }
    changes.push((FsPath::new("/usr"), Change::Put(Node::dir(0o755))));
    changes.push((FsPath::new("/usr/lib"), Change::Put(Node::dir(0o755))));
    for f in 0..files {
        let path = FsPath::new(&format!("/usr/lib/d{}/file{f}.so", f / 50));
        changes.push((
            path,
            Change::Put(Node::synthetic(bytes / files as u64, f as u64, 0o644)),
        ));
    }
    Layer::from_changes(changes)
}

fn small_layer(i: usize) -> Layer {
    Layer::from_changes([(
        FsPath::new(&format!("/app/step{i}")),
        Change::Put(Node::file(format!("{i}"), 0o644)),
    )])
}

fn stack(layers: usize) -> Rootfs {
    let mut lowers = vec![Arc::new(base_layer(5_000, 100 << 20))];
    lowers.extend((1..layers).map(|i| Arc::new(small_layer(i))));
    Rootfs::new(lowers)
}

fn main() {
    let probes: Vec<FsPath> = (0..1000)
        .map(|i| {
            FsPath::new(&format!(
                "/usr/lib/d{}/file{}.so",
                (i * 7) % 100,
                (i * 7) % 100 * 50 + 3
            ))
        })
        .collect();
    for layers in [2, 100] {
        let fs = stack(layers);
        let s = common::best_seconds(800, || {
            for p in &probes {
                std::hint::black_box(fs.stat(p).ok());
            }
        });
        println!(
            "[{}] stat lookup, {layers} layers: {:.0} ns per lookup",
            common::TARGET,
            s * 1e9 / probes.len() as f64
        );
    }
    let base = Arc::new(base_layer(5_000, 100 << 20));
    let one = base.heap_bytes() + small_layer(0).heap_bytes();
    let twenty: usize =
        base.heap_bytes() + (0..20).map(|i| small_layer(i).heap_bytes()).sum::<usize>();
    println!(
        "[{}] memory: base layer of 100 MB synthetic content = {} KB; 1 image = {} KB; 20 images sharing it = {} KB",
        common::TARGET,
        base.heap_bytes() / 1024,
        one / 1024,
        twenty / 1024
    );
}
