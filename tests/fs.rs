//! The layered filesystem, driven by small scripts in `tests/data/fs/<case>/script` whose
//! output is compared with `expected` (`BLESS=1` rewrites it). The script language:
//!
//! `layer` (commit the upper layer), `write P TEXT`, `append P TEXT`, `mkdir P`, `mkdirp P`,
//! `rm P`, `rmr P`, `mv A B`, `chmod MODE P`, `chown U:G P`, `symlink TARGET P`, `link A B`,
//! `cat P`, `ls P`, `stat P`, `resolve P`, `show` (merged view), `upper` (upper changes),
//! `diff` (docker diff), `events`, `prov P`. `\n` in TEXT is a newline.

#[path = "conformance/harness.rs"]
#[allow(dead_code)]
mod harness;

use layercake::fs::{diff, Change, Content, FsPath, Rootfs, Source};
use std::fmt::Write as _;

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

#[test]
fn fs_scripts() {
    let cases = harness::dir_cases(&harness::data_dir("fs"), "script", "expected", true);
    harness::run("fs", cases, |c| run(&String::from_utf8_lossy(&c.input)));
}
