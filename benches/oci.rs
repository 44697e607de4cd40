//! Benchmark: writing a layer — a ~100 MB synthetic layer (one 96 MB binary plus 4096 small
//! files) to a deterministic tar hashed as it is written (diff_id), and the gzip blob of a
//! 16 MB layer (what an OCI export adds on top).

mod common;

use layercake::fs::{Change, FsPath, Layer, Node};
use layercake::oci::tar::write_layer_tar;
use layercake::oci::{fs_layer_blob, layer_entries, Compression};
use std::hint::black_box;

fn layer(big: u64, small_files: usize) -> Layer {
    let mut changes = vec![
        (FsPath::new("/usr"), Change::Put(Node::dir(0o755))),
        (FsPath::new("/usr/bin"), Change::Put(Node::dir(0o755))),
        (
            FsPath::new("/usr/bin/big"),
            Change::Put(Node::synthetic(big, 7, 0o755)),
        ),
        (FsPath::new("/etc"), Change::Put(Node::dir(0o755))),
    ];
    for i in 0..small_files {
        let text = format!("config file number {i}\n").repeat(20);
        changes.push((
            FsPath::new(&format!("/etc/conf-{i:05}")),
            Change::Put(Node::file(text.into_bytes(), 0o644)),
        ));
    }
    Layer::from_changes(changes)
}

fn main() {
    let big = layer(96 << 20, 4096);
    let (_, tar_size, _) = write_layer_tar(layer_entries(&big), std::io::sink()).expect("tar");
    common::report_throughput(
        "oci: tar+sha256 of a 100 MB layer",
        tar_size as usize,
        || {
            black_box(
                write_layer_tar(layer_entries(black_box(&big)), std::io::sink()).expect("tar"),
            );
        },
    );
    let small = layer(16 << 20, 256);
    let blob = fs_layer_blob(&small, Compression::Gzip).expect("blob");
    common::report_throughput(
        "oci: tar+sha256+gzip+sha256 of a 16 MB layer",
        blob.tar_size as usize,
        || {
            black_box(fs_layer_blob(black_box(&small), Compression::Gzip).expect("blob"));
        },
    );
}
