//! Benchmark: sha256 throughput, the floor under every layer digest and cache key.

mod common;

use sha2::{Digest, Sha256};

fn main() {
    let data: Vec<u8> = (0..8_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    common::report_throughput("sha256 of 8 MB", data.len(), || {
        std::hint::black_box(Sha256::digest(std::hint::black_box(&data)));
    });
}
