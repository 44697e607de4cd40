//! Hostile archives: each case builds a malicious (or broken) archive in code and names the
//! error kind and the entry the import must report, or the warning it must give.

#![allow(clippy::unwrap_used)]

use layercake::oci::{import, Digest, ImportLimits, OciErrorKind};
use std::io::Write;

/// One raw tar entry; names and sizes are written as given, unchecked.
struct Raw {
    name: &'static str,
    flag: u8,
    link: &'static str,
    data: Vec<u8>,
    /// Size written into the header (defaults to the data length).
    declared: Option<u64>,
}

fn reg(name: &'static str, data: &[u8]) -> Raw {
    Raw {
        name,
        flag: b'0',
        link: "",
        data: data.to_vec(),
        declared: None,
    }
}

fn dir(name: &'static str) -> Raw {
    Raw {
        name,
        flag: b'5',
        link: "",
        data: vec![],
        declared: None,
    }
}

fn special(name: &'static str, flag: u8, link: &'static str) -> Raw {
    Raw {
        name,
        flag,
        link,
        data: vec![],
        declared: None,
    }
}

fn raw_tar(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let mut h = tar::Header::new_ustar();
        {
            let old = h.as_old_mut();
            old.name[..e.name.len()].copy_from_slice(e.name.as_bytes());
            old.linkname[..e.link.len()].copy_from_slice(e.link.as_bytes());
        }
        h.set_mode(if e.flag == b'5' { 0o755 } else { 0o644 });
        h.set_size(e.declared.unwrap_or(e.data.len() as u64));
        h.set_entry_type(tar::EntryType::new(e.flag));
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(&e.data);
        let rem = e.data.len() % 512;
        if rem != 0 {
            out.extend(std::iter::repeat_n(0u8, 512 - rem));
        }
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

fn config_for(diff_ids: &[Digest]) -> Vec<u8> {
    let ids: Vec<String> = diff_ids.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{}},"rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
        ids.join(",")
    )
    .into_bytes()
}

/// A `docker save` archive of one image whose layers are `layers` (stored as given; the
/// config's diff_ids are the digests of the gunzipped layers unless `diff_ids` is given).
fn docker_archive(layers: &[Vec<u8>], diff_ids: Option<Vec<Digest>>, extra: Vec<Raw>) -> Vec<u8> {
    let diff_ids = diff_ids.unwrap_or_else(|| {
        layers
            .iter()
            .map(|l| {
                if l.starts_with(&[0x1f, 0x8b]) {
                    let mut out = Vec::new();
                    use std::io::Read;
                    flate2::read::GzDecoder::new(&l[..])
                        .read_to_end(&mut out)
                        .unwrap_or_default();
                    Digest::of(&out)
                } else {
                    Digest::of(l)
                }
            })
            .collect()
    });
    let config = config_for(&diff_ids);
    let config_path = format!("blobs/sha256/{}", Digest::of(&config).hex());
    let layer_paths: Vec<String> = layers
        .iter()
        .map(|l| format!("blobs/sha256/{}", Digest::of(l).hex()))
        .collect();
    let manifest = format!(
        r#"[{{"Config":"{config_path}","RepoTags":["evil:latest"],"Layers":[{}]}}]"#,
        layer_paths
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut entries = vec![
        reg("manifest.json", manifest.as_bytes()),
        reg(leak(config_path), &config),
    ];
    for (p, l) in layer_paths.into_iter().zip(layers) {
        entries.push(reg(leak(p), l));
    }
    entries.extend(extra);
    raw_tar(&entries)
}

fn one_layer(entries: &[Raw]) -> Vec<u8> {
    docker_archive(&[raw_tar(entries)], None, vec![])
}

fn oci_archive_with_size_lie() -> Vec<u8> {
    let layer = raw_tar(&[reg("f", b"x")]);
    let config = config_for(&[Digest::of(&layer)]);
    let manifest = format!(
        r#"{{"schemaVersion":2,"config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{}","size":{}}}]}}"#,
        Digest::of(&config),
        config.len(),
        Digest::of(&layer),
        layer.len() + 1
    );
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}]}}"#,
        Digest::of(manifest.as_bytes()),
        manifest.len()
    );
    let leak = |d: Digest| -> &'static str {
        Box::leak(format!("blobs/sha256/{}", d.hex()).into_boxed_str())
    };
    raw_tar(&[
        reg("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#),
        reg("index.json", index.as_bytes()),
        reg(leak(Digest::of(manifest.as_bytes())), manifest.as_bytes()),
        reg(leak(Digest::of(&config)), &config),
        reg(leak(Digest::of(&layer)), &layer),
    ])
}

fn kind_name(k: &OciErrorKind) -> &'static str {
    match k {
        OciErrorKind::CorruptTar(_) => "CorruptTar",
        OciErrorKind::CorruptGzip(_) => "CorruptGzip",
        OciErrorKind::Truncated => "Truncated",
        OciErrorKind::UnsafePath => "UnsafePath",
        OciErrorKind::LinkEscapes(_) => "LinkEscapes",
        OciErrorKind::ThroughSymlink(_) => "ThroughSymlink",
        OciErrorKind::BadHardlink(_) => "BadHardlink",
        OciErrorKind::Duplicate => "Duplicate",
        OciErrorKind::BadWhiteout => "BadWhiteout",
        OciErrorKind::UnsupportedEntry(_) => "UnsupportedEntry",
        OciErrorKind::LimitExceeded { .. } => "LimitExceeded",
        OciErrorKind::DigestMismatch { .. } => "DigestMismatch",
        OciErrorKind::SizeMismatch { .. } => "SizeMismatch",
        OciErrorKind::Missing => "Missing",
        OciErrorKind::InvalidJson(_) => "InvalidJson",
        OciErrorKind::UnknownFormat => "UnknownFormat",
        OciErrorKind::NotSupported(_) => "NotSupported",
        OciErrorKind::Io(_) => "Io",
        OciErrorKind::InvalidTag => "InvalidTag",
        OciErrorKind::Inconsistent(_) => "Inconsistent",
    }
}

/// What a case must produce.
enum Expect {
    /// An error of this kind whose message contains this text.
    Error(&'static str, &'static str),
    /// Success with a warning containing this text.
    Warning(&'static str),
}

struct Case {
    name: &'static str,
    archive: Vec<u8>,
    limits: ImportLimits,
    expect: Expect,
}

fn case(name: &'static str, archive: Vec<u8>, expect: Expect) -> Case {
    Case {
        name,
        archive,
        limits: ImportLimits::default(),
        expect,
    }
}

fn cases() -> Vec<Case> {
    use Expect::{Error, Warning};
    let good_layer = raw_tar(&[dir("etc"), reg("etc/hosts", b"127.0.0.1\n")]);
    let mut tampered = docker_archive(std::slice::from_ref(&good_layer), None, vec![]);
    // Flip one byte of the layer blob's data (the hosts file content) inside the archive.
    let pos = tampered
        .windows(10)
        .position(|w| w == b"127.0.0.1\n")
        .unwrap();
    tampered[pos] = b'9';
    let small = |max_archive_bytes, max_layer_bytes, max_entries| ImportLimits {
        max_archive_bytes,
        max_layer_bytes,
        max_entries,
    };
    let big_zero_layer = gzip(&raw_tar(&[reg("zeros", &vec![0u8; 4 << 20])]));
    let mut truncated_gzip = gzip(&raw_tar(&[reg("f", &[7u8; 100_000])]));
    truncated_gzip.truncate(truncated_gzip.len() / 2);
    vec![
        case(
            "layer entry climbs out with ..",
            one_layer(&[reg("../evil", b"x")]),
            Error("UnsafePath", "../evil"),
        ),
        case(
            "layer entry is absolute",
            one_layer(&[reg("/etc/passwd", b"x")]),
            Error("UnsafePath", "/etc/passwd"),
        ),
        case(
            "layer entry climbs out in the middle",
            one_layer(&[reg("a/../../b", b"x")]),
            Error("UnsafePath", "a/../../b"),
        ),
        case(
            "outer entry climbs out",
            docker_archive(
                std::slice::from_ref(&good_layer),
                None,
                vec![reg("../../tmp/pwned", b"x")],
            ),
            Error("UnsafePath", "../../tmp/pwned"),
        ),
        case(
            "symlink points above the root",
            one_layer(&[dir("a"), special("a/up", b'2', "../../etc/shadow")]),
            Error("LinkEscapes", "a/up"),
        ),
        case(
            "hard link points above the root",
            one_layer(&[special("h", b'1', "../outside")]),
            Error("LinkEscapes", "h"),
        ),
        case(
            "hard link to nothing",
            one_layer(&[special("h", b'1', "etc/missing")]),
            Error("BadHardlink", "etc/missing"),
        ),
        case(
            "symlink then a write through it",
            one_layer(&[
                special("a", b'2', "/etc"),
                reg("a/passwd", b"root::0:0::/:/bin/sh\n"),
            ]),
            Error("ThroughSymlink", "a/passwd"),
        ),
        case(
            "symlink in a lower layer, write through it above",
            docker_archive(
                &[
                    raw_tar(&[special("lib", b'2', "/etc")]),
                    raw_tar(&[reg("lib/cron", b"* * * * * evil\n")]),
                ],
                None,
                vec![],
            ),
            Error("ThroughSymlink", "layer 2"),
        ),
        case(
            "file under a file",
            one_layer(&[reg("f", b"x"), reg("f/g", b"y")]),
            Error("ThroughSymlink", "f/g"),
        ),
        case(
            "character device is skipped",
            one_layer(&[special("dev-console", b'3', "")]),
            Warning("dev-console: character device skipped"),
        ),
        case(
            "fifo is skipped",
            one_layer(&[special("pipe", b'6', "")]),
            Warning("pipe: fifo skipped"),
        ),
        case(
            "device node in the outer archive",
            docker_archive(
                std::slice::from_ref(&good_layer),
                None,
                vec![special("null", b'3', "")],
            ),
            Error("UnsupportedEntry", "null"),
        ),
        case(
            "duplicate entry in a layer",
            one_layer(&[reg("f", b"1"), reg("f", b"2")]),
            Error("Duplicate", "f"),
        ),
        case(
            "file then directory with one name",
            one_layer(&[reg("x", b"1"), dir("x")]),
            Error("Duplicate", "x"),
        ),
        case(
            "directory listed twice",
            one_layer(&[dir("d"), reg("d/f", b"1"), dir("d/")]),
            Warning("d/: directory listed twice"),
        ),
        case(
            "duplicate entry in the archive",
            docker_archive(
                std::slice::from_ref(&good_layer),
                None,
                vec![reg("manifest.json", b"[]")],
            ),
            Error("Duplicate", "manifest.json"),
        ),
        case(
            "declared size larger than the data",
            {
                let mut t = raw_tar(&[Raw {
                    declared: Some(100_000),
                    ..reg("big", b"tiny")
                }]);
                t.truncate(1024);
                docker_archive(&[t], None, vec![])
            },
            Error("Truncated", "big"),
        ),
        case(
            "declared size smaller than the data",
            one_layer(&[
                Raw {
                    declared: Some(1),
                    ..reg("liar", &[b'A'; 1500])
                },
                reg("after", b"x"),
            ]),
            Error("CorruptTar", "liar"),
        ),
        Case {
            name: "gzip bomb in a layer",
            archive: docker_archive(&[big_zero_layer], None, vec![]),
            limits: small(1 << 30, 1 << 20, 1000),
            expect: Error("LimitExceeded", "layer bytes"),
        },
        Case {
            name: "gzip bomb as the archive",
            archive: gzip(&docker_archive(
                &[raw_tar(&[reg("zeros", &vec![0u8; 4 << 20])])],
                None,
                vec![],
            )),
            limits: small(1 << 20, 1 << 30, 1000),
            expect: Error("LimitExceeded", "archive bytes"),
        },
        Case {
            name: "too many entries",
            archive: one_layer(&[
                reg("a", b""),
                reg("b", b""),
                reg("c", b""),
                reg("d", b""),
                reg("e", b""),
            ]),
            limits: small(1 << 30, 1 << 30, 5),
            expect: Error("LimitExceeded", "entries"),
        },
        case(
            "blob does not match its name",
            tampered,
            Error("DigestMismatch", "blobs/sha256/"),
        ),
        case(
            "layer does not match the config's diff_id",
            docker_archive(
                std::slice::from_ref(&good_layer),
                Some(vec![Digest::of(b"other")]),
                vec![],
            ),
            Error("DigestMismatch", "diff_id of layer 1"),
        ),
        case(
            "fewer layers than diff_ids",
            docker_archive(
                std::slice::from_ref(&good_layer),
                Some(vec![Digest::of(&good_layer), Digest::of(b"x")]),
                vec![],
            ),
            Error("Inconsistent", "layers length mismatch"),
        ),
        case(
            "descriptor size lies",
            oci_archive_with_size_lie(),
            Error("SizeMismatch", "blobs/sha256/"),
        ),
        case(
            "whiteout of nothing",
            one_layer(&[reg(".wh.", b"")]),
            Error("BadWhiteout", ".wh."),
        ),
        case(
            "whiteout of ..",
            one_layer(&[dir("etc"), reg("etc/.wh..", b"")]),
            Error("BadWhiteout", "etc/.wh.."),
        ),
        case(
            "not an archive",
            b"hello, this is not a tar file at all".repeat(20),
            Error("CorruptTar", ""),
        ),
        case(
            "no manifest or index",
            raw_tar(&[reg("readme", b"hi")]),
            Error("UnknownFormat", "not an image archive"),
        ),
        case(
            "outer symlink escapes",
            {
                let mut a = docker_archive(&[], None, vec![]);
                a.truncate(a.len() - 1024);
                let mut t = raw_tar(&[special("blobs/sha256/evil", b'2', "../../../etc/passwd")]);
                a.append(&mut t);
                a
            },
            Error("LinkEscapes", "blobs/sha256/evil"),
        ),
        case(
            "truncated gzip layer",
            docker_archive(
                &[truncated_gzip],
                Some(vec![Digest::of(b"unknown")]),
                vec![],
            ),
            Error("Truncated", "blobs/sha256/"),
        ),
        case(
            "manifest is not json",
            raw_tar(&[reg("manifest.json", b"[{\"Config\":")]),
            Error("InvalidJson", "manifest.json"),
        ),
    ]
}

#[test]
fn hostile_archives_are_refused_or_sanitized() {
    let mut failures = Vec::new();
    let all = cases();
    let count = all.len();
    for c in all {
        let result = import(&c.archive, c.limits);
        if std::env::var_os("SHOW").is_some() {
            match &result {
                Err(e) => eprintln!("{}: {e}", c.name),
                Ok(a) => eprintln!("{}: ok {:?}", c.name, a.warnings),
            }
        }
        let problem = match (&c.expect, result) {
            (Expect::Error(kind, text), Err(e)) => {
                let msg = e.to_string();
                if kind_name(&e.kind) != *kind || !msg.contains(text) {
                    Some(format!(
                        "want {kind} containing {text:?}, got {}: {msg}",
                        kind_name(&e.kind)
                    ))
                } else {
                    None
                }
            }
            (Expect::Error(kind, _), Ok(_)) => Some(format!("want {kind}, got success")),
            (Expect::Warning(text), Ok(a)) => {
                if a.warnings.iter().any(|w| w.contains(text)) {
                    None
                } else {
                    Some(format!("want warning {text:?}, got {:?}", a.warnings))
                }
            }
            (Expect::Warning(_), Err(e)) => Some(format!("want a warning, got error {e}")),
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", c.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_good_archive_of_the_table_imports() {
    let layer = raw_tar(&[
        dir("etc"),
        reg("etc/hosts", b"127.0.0.1\n"),
        special("etc/h2", b'1', "etc/hosts"),
    ]);
    let a = import(
        &docker_archive(&[layer], None, vec![]),
        ImportLimits::default(),
    )
    .unwrap();
    assert_eq!(a.images[0].tags, ["evil:latest"]);
    assert_eq!(a.images[0].layers[0].entries.len(), 3);
}
