//! The layered filesystem, driven by small scripts in `tests/data/fs/<case>/script` whose
//! output is compared with `expected` (`BLESS=1` rewrites it). The script language:
//!
//! `layer` (commit the upper layer), `write P TEXT`, `append P TEXT`, `mkdir P`, `mkdirp P`,
//! `rm P`, `rmr P`, `mv A B`, `chmod MODE P`, `chown U:G P`, `symlink TARGET P`, `link A B`,
//! `cat P`, `ls P`, `stat P`, `resolve P`, `show` (merged view), `upper` (upper changes),
//! `diff` (docker diff), `events`, `prov P`. `\n` in TEXT is a newline.
//! Also: `commit` (commit and print the layer's changes), `layers` (every lower layer's
//! changes), `lstat P`, `user U:G`, `mtime N` (owner and mtime of what is written next),
//! `synthetic P SIZE SEED` (write synthetic content), `touch P`, `lchown U:G P`.

#[path = "conformance/harness.rs"]
#[allow(dead_code)]
mod harness;

use layercake::fs::{
    diff, heap_bytes_of, Change, Content, FsErrorKind, FsPath, Layer, Node, NodeKind, Rootfs,
    Source,
};
use std::fmt::Write as _;
use std::sync::Arc;

fn source(s: Source) -> String {
    match s {
        Source::Upper => "upper".into(),
        Source::Lower(n) => format!("layer {n}"),
    }
}

fn run(script: &str) -> String {
    let mut fs = Rootfs::new(Vec::new());
    let mut out = String::new();
    for line in script.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let _ = writeln!(out, "> {line}");
        let mut words = line.splitn(3, ' ');
        let cmd = words.next().unwrap_or_default();
        let a = words.next().unwrap_or_default();
        let b = words.next().unwrap_or_default();
        let p = FsPath::new(a);
        let result: Result<String, String> = (|| {
            let e = |e: layercake::fs::FsError| e.to_string();
            Ok(match cmd {
                "layer" => {
                    let l = fs.commit();
                    format!(
                        "committed layer {} ({} changes, {} bytes)",
                        fs.lowers().len() - 1,
                        l.len(),
                        l.size()
                    )
                }
                "commit" => {
                    let l = fs.commit();
                    let mut text = format!("layer {}:\n", fs.lowers().len() - 1);
                    text.push_str(&dump_layer(&l));
                    text
                }
                "layers" => fs
                    .lowers()
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("layer {i}:\n{}", dump_layer(l)))
                    .collect(),
                "user" => {
                    let (u, g) = a.split_once(':').ok_or("user U:G")?;
                    fs.set_owner(u.parse().map_err(|_| "uid")?, g.parse().map_err(|_| "gid")?);
                    String::new()
                }
                "mtime" => {
                    fs.set_mtime(a.parse().map_err(|_| "mtime")?);
                    String::new()
                }
                "synthetic" => {
                    let (size, seed) = b.split_once(' ').ok_or("synthetic P SIZE SEED")?;
                    let content = Content::Synthetic {
                        size: size.parse().map_err(|_| "size")?,
                        seed: seed.parse().map_err(|_| "seed")?,
                    };
                    fs.write_file(&p, content, 0o644)
                        .map(|_| String::new())
                        .map_err(e)?
                }
                "touch" => fs.touch(&p).map(|_| String::new()).map_err(e)?,
                "lchown" => {
                    let (u, g) = a.split_once(':').ok_or("lchown U:G")?;
                    let (u, g) = (u.parse().map_err(|_| "uid")?, g.parse().map_err(|_| "gid")?);
                    fs.lchown(&FsPath::new(b), u, g)
                        .map(|_| String::new())
                        .map_err(e)?
                }
                "lstat" => {
                    let n = fs.lstat(&p).map_err(e)?;
                    format!("{}\n", describe(&n))
                }
                "write" => fs
                    .write_file(
                        &p,
                        Content::Bytes(b.replace("\\n", "\n").into_bytes().into()),
                        0o644,
                    )
                    .map(|_| String::new())
                    .map_err(e)?,
                "append" => fs
                    .append_file(&p, b.replace("\\n", "\n").as_bytes())
                    .map(|_| String::new())
                    .map_err(e)?,
                "mkdir" => fs.mkdir(&p, 0o755).map(|_| String::new()).map_err(e)?,
                "mkdirp" => fs.mkdir_all(&p, 0o755).map(|_| String::new()).map_err(e)?,
                "rm" => fs.remove(&p, false).map(|_| String::new()).map_err(e)?,
                "rmr" => fs.remove(&p, true).map(|_| String::new()).map_err(e)?,
                "mv" => fs
                    .rename(&p, &FsPath::new(b))
                    .map(|_| String::new())
                    .map_err(e)?,
                "chmod" => {
                    let mode = u32::from_str_radix(a, 8).map_err(|x| x.to_string())?;
                    fs.chmod(&FsPath::new(b), mode)
                        .map(|_| String::new())
                        .map_err(e)?
                }
                "chown" => {
                    let (u, g) = a.split_once(':').ok_or("chown U:G")?;
                    let (u, g) = (u.parse().map_err(|_| "uid")?, g.parse().map_err(|_| "gid")?);
                    fs.chown(&FsPath::new(b), u, g)
                        .map(|_| String::new())
                        .map_err(e)?
                }
                "symlink" => fs
                    .symlink(a, &FsPath::new(b))
                    .map(|_| String::new())
                    .map_err(e)?,
                "link" => fs
                    .hardlink(&p, &FsPath::new(b))
                    .map(|_| String::new())
                    .map_err(e)?,
                "cat" => {
                    String::from_utf8_lossy(&fs.read_file(&p).map_err(e)?.to_vec()).into_owned()
                }
                "ls" => fs
                    .read_dir(&p)
                    .map_err(e)?
                    .iter()
                    .map(|(n, node)| format!("{} {n}\n", node.mode_string()))
                    .collect(),
                "stat" => {
                    let n = fs.stat(&p).map_err(e)?;
                    format!(
                        "{} {}:{} size {}\n",
                        n.mode_string(),
                        n.uid,
                        n.gid,
                        n.size()
                    )
                }
                "resolve" => format!("{}\n", fs.resolve(&p, true).map_err(e)?),
                "show" => fs
                    .merged_view()
                    .iter()
                    .map(|(p, n, s)| {
                        format!("{} {} {} {}\n", n.mode_string(), n.size(), p, source(*s))
                    })
                    .collect(),
                "upper" => fs
                    .upper()
                    .changes()
                    .map(|(p, c)| match c {
                        Change::Put(n) => format!("put {p} {}\n", n.mode_string()),
                        Change::Opaque(n) => format!("opaque {p} {}\n", n.mode_string()),
                        Change::Whiteout => format!("whiteout {p}\n"),
                    })
                    .collect(),
                "diff" => diff::render(&diff::changes(&fs)),
                "events" => fs
                    .take_events()
                    .iter()
                    .map(|ev| {
                        format!(
                            "{} {}\n",
                            ev.path,
                            serde_json::to_string(&ev.kind).unwrap_or_default()
                        )
                    })
                    .collect(),
                "prov" => fs
                    .provenance(&p)
                    .iter()
                    .map(|v| format!("{} {} {}\n", source(v.source), v.change, v.size))
                    .collect(),
                other => return Err(format!("unknown command {other}")),
            })
        })();
        match result {
            Ok(text) => out.push_str(&text),
            Err(err) => {
                let _ = writeln!(out, "error: {err}");
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// One node as `mode uid:gid [t=mtime] what`, for layer dumps.
fn describe(n: &Node) -> String {
    let what = match &n.kind {
        NodeKind::File(Content::Synthetic { size, seed }) => {
            format!(" <synthetic {size} bytes seed {seed}>")
        }
        NodeKind::File(c) => format!(" {:?}", String::from_utf8_lossy(&c.to_vec())),
        NodeKind::Dir => String::new(),
        NodeKind::Symlink(t) => format!(" -> {t}"),
        NodeKind::Hardlink(t) => format!(" link to {t}"),
    };
    let mtime = if n.mtime != 0 {
        format!(" t={}", n.mtime)
    } else {
        String::new()
    };
    format!("{} {}:{}{mtime}{what}", n.mode_string(), n.uid, n.gid)
}

/// Every change of a layer, one per line.
fn dump_layer(layer: &Layer) -> String {
    layer
        .changes()
        .map(|(p, c)| match c {
            Change::Put(n) => format!("  put {p} {}\n", describe(n)),
            Change::Opaque(n) => format!("  opaque {p} {}\n", describe(n)),
            Change::Whiteout => format!("  whiteout {p}\n"),
        })
        .collect()
}

#[test]
fn fs_scripts() {
    let cases = harness::dir_cases(&harness::data_dir("fs"), "script", "expected", true);
    harness::run("fs", cases, |c| run(&String::from_utf8_lossy(&c.input)));
}

// ----- API tests -----

/// A synthetic base image: `dirs` directories of `files` files of `size` bytes each.
fn synthetic_base(dirs: usize, files: usize, size: u64) -> Layer {
    let mut changes = vec![
        (FsPath::new("/usr"), Change::Put(Node::dir(0o755))),
        (FsPath::new("/usr/lib"), Change::Put(Node::dir(0o755))),
    ];
    for d in 0..dirs {
        changes.push((
            FsPath::new(&format!("/usr/lib/d{d}")),
            Change::Put(Node::dir(0o755)),
        ));
        for f in 0..files {
            let seed = (d * files + f) as u64;
            changes.push((
                FsPath::new(&format!("/usr/lib/d{d}/f{f}")),
                Change::Put(Node::synthetic(size, seed, 0o644)),
            ));
        }
    }
    Layer::from_changes(changes)
}

#[test]
fn twenty_images_share_one_base() {
    // 100 MB of synthetic content in 1000 files.
    let base = Arc::new(synthetic_base(10, 100, 100_000));
    assert_eq!(base.size(), 100_000_000);
    let one = heap_bytes_of(std::slice::from_ref(&base));
    assert!(one < 1_000_000, "the base costs {one} heap bytes");
    let mut all = Vec::new();
    for i in 0..20 {
        let mut fs = Rootfs::new(vec![Arc::clone(&base)]);
        fs.write_file(
            &FsPath::new(&format!("/app{i}")),
            Content::Bytes(b"hi"[..].into()),
            0o644,
        )
        .expect("the root exists");
        fs.commit();
        all.extend(fs.lowers().iter().cloned());
    }
    let twenty = heap_bytes_of(&all);
    assert!(
        twenty < one + one / 10,
        "20 images cost {twenty}, one base {one}"
    );
}

#[test]
fn lookups_see_through_a_hundred_layers() {
    let mut fs = Rootfs::default();
    fs.mkdir_all(&FsPath::new("/etc/conf.d"), 0o755)
        .expect("fresh");
    for i in 0..100 {
        let file = FsPath::new(&format!("/etc/conf.d/f{i}"));
        let text = format!("{i}").into_bytes();
        fs.write_file(&file, Content::Bytes(text.into()), 0o644)
            .expect("the directory exists");
        if i % 10 == 0 {
            let text = format!("v{i}").into_bytes();
            fs.write_file(
                &FsPath::new("/etc/conf.d/f0"),
                Content::Bytes(text.into()),
                0o644,
            )
            .expect("the directory exists");
        }
        fs.commit();
    }
    assert_eq!(fs.lowers().len(), 100);
    let f0 = FsPath::new("/etc/conf.d/f0");
    assert_eq!(fs.read_file(&f0).expect("exists").to_vec(), b"v90");
    assert_eq!(fs.source_of(&f0), Some(Source::Lower(90)));
    assert_eq!(
        fs.list_dir(&FsPath::new("/etc/conf.d"))
            .expect("a dir")
            .len(),
        100
    );
    assert_eq!(fs.provenance(&f0).len(), 10);
    let fresh = Rootfs::new(fs.lowers().to_vec());
    assert_eq!(fresh.merged_view(), fs.merged_view());
}

#[test]
fn chmod_of_synthetic_file_does_not_materialize_it() {
    let base = Arc::new(synthetic_base(1, 1, 5_000_000));
    let mut fs = Rootfs::new(vec![base]);
    let path = FsPath::new("/usr/lib/d0/f0");
    fs.chmod(&path, 0o600).expect("exists");
    let layer = fs.commit();
    let Some(Change::Put(node)) = layer.get(&path) else {
        panic!("the file is copied up");
    };
    let NodeKind::File(content) = &node.kind else {
        panic!("a file");
    };
    assert!(content.is_synthetic(), "chmod must not materialize content");
    let mut sink = Vec::new();
    content.write_to(&mut sink).expect("writing to a Vec");
    assert_eq!(sink.len(), 5_000_000);
    assert_ne!(
        content.identity(),
        Content::Synthetic {
            size: 5_000_000,
            seed: 1
        }
        .identity()
    );
}

#[test]
fn errors_have_kinds_and_libc_messages() {
    let mut fs = Rootfs::default();
    let error = fs
        .remove(&FsPath::new("/x"), false)
        .expect_err("nothing there");
    assert_eq!(error.kind, FsErrorKind::NotFound);
    assert_eq!(error.to_string(), "/x: No such file or directory");
    fs.symlink("", &FsPath::new("/empty")).expect("fresh");
    let error = fs
        .stat(&FsPath::new("/empty"))
        .expect_err("an empty target");
    assert_eq!(error.kind, FsErrorKind::NotFound);
    fs.mkdir(&FsPath::new("/d"), 0o755).expect("fresh");
    let error = fs
        .hardlink(&FsPath::new("/d"), &FsPath::new("/l"))
        .expect_err("a directory");
    assert_eq!(error.kind, FsErrorKind::NotPermitted);
    assert_eq!(error.kind.message(), "Operation not permitted");
}

/// A tiny deterministic generator for the property test (no `rand` in this crate).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Random operations over a small namespace, committing now and then. Whatever happens, the
/// committed layers must describe exactly the tree the writes produced: the merged view is
/// the same before and after `commit` and when the layers are stacked afresh; no layer holds
/// a whiteout of nothing, and every entry's parent is a directory.
#[test]
fn commit_preserves_the_view_under_random_operations() {
    let names = ["a", "b", "c"];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let mut fs = Rootfs::default();
        let mut flat = Rootfs::default();
        let mut log = Vec::new();
        for step in 0..40 {
            let depth = 1 + rng.next() % 3;
            let path: String = (0..depth)
                .map(|_| format!("/{}", rng.pick(&names)))
                .collect();
            let other: String = (0..1 + rng.next() % 3)
                .map(|_| format!("/{}", rng.pick(&names)))
                .collect();
            let (p, q) = (FsPath::new(&path), FsPath::new(&other));
            let op = rng.next() % 12;
            log.push(format!("{op} {path} {other}"));
            // The same operation on a filesystem that never commits: a layered filesystem
            // must behave exactly like a single-layer one.
            let apply = |fs: &mut Rootfs| -> Option<Result<(), FsErrorKind>> {
                let result = match op {
                    0 | 1 => fs.write_file(
                        &p,
                        Content::Bytes(format!("{step}").into_bytes().into()),
                        0o644,
                    ),
                    2 => fs.mkdir(&p, 0o755),
                    3 => fs.mkdir_all(&p, 0o700),
                    4 => fs.remove(&p, false),
                    5 => fs.remove(&p, true),
                    6 => fs.rename(&p, &q),
                    7 => fs.chmod(&p, 0o600),
                    8 => fs.symlink(&other, &p),
                    9 => fs.hardlink(&p, &q),
                    10 => fs.append_file(&p, b"+"),
                    _ => return None,
                };
                Some(result.map_err(|e| e.kind))
            };
            let flat_result = apply(&mut flat);
            if let Some(layered_result) = apply(&mut fs) {
                assert_eq!(
                    layered_result,
                    flat_result.expect("same operation"),
                    "round {round}: layered and flat results differ\n{}",
                    log.join("\n")
                );
                assert_eq!(
                    view(&fs),
                    view(&flat),
                    "round {round}: layered and flat views differ\n{}",
                    log.join("\n")
                );
            }
            if op == 11 {
                {
                    let before = view(&fs);
                    let below = Rootfs::new(fs.lowers().to_vec());
                    let below_view: std::collections::BTreeMap<FsPath, Node> = below
                        .merged_view()
                        .into_iter()
                        .map(|(p, n, _)| (p, n))
                        .collect();
                    let layer = fs.commit();
                    for (path, change) in layer.changes() {
                        if let Change::Put(node) = change {
                            let changed_below = layer.changes().any(|(p, _)| p.is_inside(path));
                            // Below an opaque (or replaced) directory of this layer nothing
                            // from below shows, so every entry there is needed.
                            let hidden = layer.changes().any(|(p, c)| {
                                path.is_inside(p) && !matches!(c, Change::Put(n) if n.is_dir())
                            });
                            // Exactly this path below (no symlink in it followed).
                            let old = below_view.get(path);
                            let same_below = !hidden && old == Some(node);
                            assert!(
                                !node.is_dir() || changed_below || !same_below,
                                "round {round}: unchanged directory {path} in the layer\n{}",
                                log.join("\n")
                            );
                        }
                        if matches!(change, Change::Whiteout) {
                            assert!(
                                below.source_of(path).is_some(),
                                "round {round}: whiteout of nothing at {path}\n{}",
                                log.join("\n")
                            );
                        }
                    }
                    assert_eq!(
                        before,
                        view(&fs),
                        "round {round}: commit changed the view\n{}",
                        log.join("\n")
                    );
                    let after = fs.merged_view();
                    let fresh = Rootfs::new(fs.lowers().to_vec()).merged_view();
                    assert_eq!(
                        after,
                        fresh,
                        "round {round}: restacked view differs\n{}",
                        log.join("\n")
                    );
                }
            }
            for (path, node, _) in fs.merged_view() {
                let parent = fs
                    .lstat(&path.parent())
                    .expect("a visible path has a parent");
                assert!(
                    parent.is_dir(),
                    "round {round}: {path} under a non-directory"
                );
                if let NodeKind::Hardlink(target) = &node.kind {
                    assert!(
                        fs.stat(&path).is_ok() || fs.lstat(target).is_ok(),
                        "round {round}: dangling hard link {path} -> {target}\n{}",
                        log.join("\n")
                    );
                }
            }
        }
    }
}

/// The merged view with hard links shown as their file (which name holds the file is free).
fn view(fs: &Rootfs) -> Vec<(FsPath, Node)> {
    fs.merged_view()
        .into_iter()
        .map(|(path, node, _)| match node.kind {
            NodeKind::Hardlink(_) => {
                let file = fs.stat(&path).unwrap_or(node);
                (path, file)
            }
            _ => (path, node),
        })
        .collect()
}
