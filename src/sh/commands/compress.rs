//! `gzip`, `gunzip`, `zcat` (flate2's pure-Rust backend; deterministic output: no name, mtime
//! 0, OS byte 3) and `sha256sum`/`sha512sum`/`sha224sum`/`sha384sum` with `-c` checking.
//! Decompression is capped by what the write budget has left, so a gzip bomb stops early.

use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;
use sha2::Digest;
use std::io::{Read, Write};

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("gzip", gzip),
    ("gunzip", gzip),
    ("zcat", gzip),
    ("sha256sum", shasum),
    ("sha512sum", shasum),
    ("sha224sum", shasum),
    ("sha384sum", shasum),
];

/// Gzips `data` at `level` (1–9) with a fixed header.
pub fn gzip_bytes(data: &[u8], level: u32) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(3)
        .write(Vec::new(), flate2::Compression::new(level.clamp(1, 9)));
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// Gunzips `data` (all members) into at most `limit` bytes.
pub fn gunzip_bytes(data: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    if !data.starts_with(&[0x1f, 0x8b]) {
        return Err("not in gzip format".into());
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(data)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                "unexpected end of file".to_string()
            } else {
                "invalid compressed data--format violated".to_string()
            }
        })?;
    if out.len() as u64 > limit {
        return Err("write budget exceeded while decompressing".into());
    }
    Ok(out)
}

fn gzip(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = super::version::answer(sh, argv, io) {
        return status;
    }
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let prog = argv[0].as_str();
    let (mut decompress, mut stdout, mut keep, mut force, mut level) =
        (prog != "gzip", prog == "zcat", false, false, 6u32);
    let mut files = Vec::new();
    let mut only_files = false;
    for a in &argv[1..] {
        if only_files || !a.starts_with('-') || a == "-" {
            files.push(a.clone());
            continue;
        }
        match a.as_str() {
            "--" => only_files = true,
            "--stdout" | "--to-stdout" => stdout = true,
            "--decompress" | "--uncompress" => decompress = true,
            "--keep" => keep = true,
            "--force" => force = true,
            "--quiet" | "--no-name" | "--name" | "--best" | "--fast" => {}
            _ if a.starts_with("--") => {
                return io.fail(prog, format!("unrecognized option '{a}'"), 1);
            }
            _ => {
                for c in a[1..].chars() {
                    match c {
                        'c' => stdout = true,
                        'd' => decompress = true,
                        'k' => keep = true,
                        'f' => force = true,
                        'n' | 'N' | 'q' | 'v' => {}
                        '1'..='9' => level = c as u32 - '0' as u32,
                        _ => return io.fail(prog, format!("invalid option -- '{c}'"), 1),
                    }
                }
            }
        }
    }
    let limit = |sh: &Shell<'_>| sh.budget.limits.written.saturating_sub(sh.budget.written);
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    for f in files {
        if f == "-" {
            let data = io.read_stdin();
            let out = if decompress {
                match gunzip_bytes(&data, limit(sh)) {
                    Ok(d) => d,
                    Err(e) => {
                        let msg = if busybox {
                            "invalid magic".to_string()
                        } else {
                            format!("stdin: {e}")
                        };
                        io.eprint(format!("{}: {msg}\n", if busybox { prog } else { "gzip" }));
                        status = 1;
                        continue;
                    }
                }
            } else {
                gzip_bytes(&data, level)
            };
            io.print(out);
            continue;
        }
        let name = if busybox { prog } else { "gzip" };
        let data = match sh.read_file(&f) {
            Ok(d) => d,
            Err(e) if e.ends_with("Is a directory") && !busybox => {
                io.eprint(format!("{name}: {f} is a directory -- ignored\n"));
                status = status.max(2);
                continue;
            }
            Err(e) => {
                let msg = if busybox {
                    format!("can't open '{f}': {}", e.rsplit(": ").next().unwrap_or(""))
                } else {
                    e
                };
                io.eprint(format!("{name}: {msg}\n"));
                status = 1;
                continue;
            }
        };
        let target = if decompress {
            match f.strip_suffix(".gz").or_else(|| f.strip_suffix(".tgz")) {
                Some(stem) if f.ends_with(".tgz") => format!("{stem}.tar"),
                Some(stem) => stem.to_string(),
                None if stdout => String::new(),
                None => {
                    io.eprint(format!("{name}: {f}: unknown suffix -- ignored\n"));
                    status = status.max(2);
                    continue;
                }
            }
        } else {
            if f.ends_with(".gz") && !stdout {
                io.eprint(format!("{name}: {f} already has .gz suffix -- unchanged\n"));
                status = status.max(2);
                continue;
            }
            format!("{f}.gz")
        };
        let out = if decompress {
            match gunzip_bytes(&data, limit(sh)) {
                Ok(d) => d,
                Err(e) => {
                    let msg = if busybox {
                        "invalid magic".to_string()
                    } else {
                        format!("{f}: {e}")
                    };
                    io.eprint(format!("{name}: {msg}\n"));
                    status = 1;
                    continue;
                }
            }
        } else {
            gzip_bytes(&data, level)
        };
        if stdout {
            io.print(out);
            continue;
        }
        if sh.exists(&target) && !force {
            if busybox {
                io.eprint(format!("{name}: can't open '{target}': File exists\n"));
                status = 1;
            } else {
                io.eprint(format!(
                    "{name}: {target} already exists;\tnot overwritten\n"
                ));
                status = status.max(2);
            }
            continue;
        }
        let meta = sh.fs.stat(&sh.path(&f)).ok();
        let _ = sh.fs.remove(&sh.path(&target), false);
        if let Err(e) = sh.write_file(&target, out, false) {
            io.eprint(format!("{name}: {e}\n"));
            status = 1;
            continue;
        }
        if let Some(m) = meta {
            let p = sh.path(&target);
            let _ = sh.fs.chmod(&p, m.mode);
            let _ = sh.fs.chown(&p, m.uid, m.gid);
        }
        if !keep {
            let _ = sh.fs.remove(&sh.path(&f), false);
        }
    }
    status
}

fn hash_reader<D: Digest>(mut r: impl Read) -> Vec<u8> {
    let mut h = D::new();
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = r.read(&mut buf) {
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    h.finalize().to_vec()
}

/// The digest of a stream, in hex (streamed: synthetic content is never held whole).
fn digest_reader(prog: &str, r: impl Read) -> String {
    let bytes: Vec<u8> = match prog {
        "sha512sum" => hash_reader::<sha2::Sha512>(r),
        "sha224sum" => hash_reader::<sha2::Sha224>(r),
        "sha384sum" => hash_reader::<sha2::Sha384>(r),
        _ => hash_reader::<sha2::Sha256>(r),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest_hex(prog: &str, data: &[u8]) -> String {
    digest_reader(prog, data)
}

/// The digest of a file of the image.
fn file_digest(sh: &Shell<'_>, prog: &str, name: &str) -> Result<String, String> {
    let path = sh.path(name);
    if sh.fs.is_dir(&path) {
        return Err(format!("{name}: Is a directory"));
    }
    let content = sh
        .fs
        .read_file(&path)
        .map_err(|e| format!("{name}: {}", e.kind.message()))?;
    Ok(digest_reader(prog, content.reader()))
}

fn shasum(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let prog = argv[0].clone();
    let (mut check, mut quiet, mut status_only, mut strict) = (false, false, false, false);
    let mut ignore_missing = false;
    let mut files = Vec::new();
    for a in &argv[1..] {
        match a.as_str() {
            "-c" | "--check" => check = true,
            "--quiet" => quiet = true,
            "-s" | "--status" => status_only = true,
            "--strict" => strict = true,
            "--ignore-missing" => ignore_missing = true,
            "-b" | "-t" | "--binary" | "--text" | "-w" | "--warn" => {}
            _ if a.starts_with('-') && a != "-" => {
                return io.fail(
                    &prog,
                    format!("invalid option -- '{}'", a.trim_start_matches('-')),
                    1,
                )
            }
            _ => files.push(a.clone()),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let read = |sh: &Shell<'_>, io: &mut Io, f: &str| -> Result<Vec<u8>, String> {
        if f == "-" {
            Ok(io.read_stdin())
        } else {
            sh.read_file(f)
        }
    };
    let mut status = 0;
    if !check {
        for f in &files {
            let digest = if f == "-" {
                Ok(digest_hex(&prog, &io.read_stdin()))
            } else {
                file_digest(sh, &prog, f)
            };
            match digest {
                Ok(d) => io.println(format!("{d}  {f}")),
                Err(e) => {
                    io.eprint(format!("{prog}: {e}\n"));
                    status = 1;
                }
            }
        }
        return status;
    }
    let hex_len = digest_hex(&prog, b"").len();
    let (mut bad, mut unreadable, mut malformed) = (0, 0, 0);
    for f in &files {
        let mut formatted = 0;
        let list = match read(sh, io, f) {
            Ok(d) => String::from_utf8_lossy(&d).into_owned(),
            Err(e) => {
                io.eprint(format!("{prog}: {e}\n"));
                status = 1;
                continue;
            }
        };
        for line in list.lines() {
            let parsed = line.split_once(' ').and_then(|(h, rest)| {
                let name = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('*'))?;
                (h.len() == hex_len && h.chars().all(|c| c.is_ascii_hexdigit()))
                    .then_some((h, name))
            });
            let Some((hash, name)) = parsed else {
                malformed += 1;
                continue;
            };
            formatted += 1;
            match file_digest(sh, &prog, name) {
                Ok(d) => {
                    if d == hash.to_ascii_lowercase() {
                        if !quiet && !status_only {
                            io.println(format!("{name}: OK"));
                        }
                    } else {
                        bad += 1;
                        if !status_only {
                            io.println(format!("{name}: FAILED"));
                        }
                    }
                }
                Err(e) if ignore_missing && e.ends_with("No such file or directory") => {}
                Err(e) => {
                    unreadable += 1;
                    if !status_only {
                        io.eprint(format!("{prog}: {e}\n"));
                        io.println(format!("{name}: FAILED open or read"));
                    }
                }
            }
        }
        if formatted == 0 {
            let shown = if f == "-" {
                "standard input"
            } else {
                f.as_str()
            };
            io.eprint(format!(
                "{prog}: {shown}: no properly formatted checksum lines found\n"
            ));
            status = 1;
        }
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            many.to_string()
        }
    };
    if !status_only {
        if malformed > 0 && !busybox {
            io.eprint(format!(
                "{prog}: WARNING: {malformed} {} improperly formatted\n",
                plural(malformed, "line is", "lines are")
            ));
        }
        if unreadable > 0 && !busybox {
            io.eprint(format!(
                "{prog}: WARNING: {unreadable} listed {} could not be read\n",
                plural(unreadable, "file", "files")
            ));
        }
        if bad > 0 {
            if busybox {
                io.eprint(format!(
                    "{prog}: WARNING: {bad} of {} computed checksums did NOT match\n",
                    bad + unreadable
                ));
            } else {
                io.eprint(format!(
                    "{prog}: WARNING: {bad} computed {} did NOT match\n",
                    plural(bad, "checksum", "checksums")
                ));
            }
        }
    }
    if bad > 0 || unreadable > 0 || (strict && malformed > 0) {
        status = 1;
    }
    status
}
