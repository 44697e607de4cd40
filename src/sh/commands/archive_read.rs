//! `tar -t` and `tar -x`: reading an archive (gzip detected by its magic) and listing it or
//! extracting it into the image with GNU's or busybox's rules for unsafe member names.

use super::{excluded, Ctx, Opts};
use crate::fs::{FsPath, Node};
use crate::sh::commands::date;
use crate::sh::io::Io;
use crate::sh::shell::{Abort, Shell};
use std::io::Read;

/// One member name after GNU's rules: `None` to skip it (with a message for `..`).
pub(super) fn member_name(
    raw: &str,
    o: &Opts,
    ctx: &mut Ctx,
    warned: &mut bool,
    io: &mut Io,
) -> Option<String> {
    if ctx.busybox {
        // busybox's strip_unsafe_prefix: drop everything up to the last `../`.
        let mut cut = 0;
        loop {
            let rest = &raw[cut..];
            if rest.starts_with('/') {
                cut += 1;
            } else if rest.starts_with("../") {
                cut += 3;
            } else if let Some(p) = rest.find("/../") {
                cut += p + 4;
            } else {
                break;
            }
        }
        if cut > 0 && !*warned {
            io.eprint(format!(
                "tar: removing leading '{}' from member names\n",
                &raw[..cut]
            ));
            *warned = true;
        }
        let parts: Vec<&str> = raw[cut..]
            .split('/')
            .filter(|c| !c.is_empty() && *c != "." && *c != "..")
            .collect();
        if parts.len() <= o.strip {
            return None;
        }
        return Some(parts[o.strip..].join("/"));
    }
    let trimmed = raw.trim_start_matches('/');
    if trimmed.len() != raw.len() && !*warned {
        io.eprint("tar: Removing leading `/' from member names\n");
        *warned = true;
    }
    if trimmed.split('/').any(|c| c == "..") {
        ctx.prog_fail(io, &format!("{raw}: Member name contains '..'"));
        return None;
    }
    let parts: Vec<&str> = trimmed
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if parts.len() <= o.strip {
        return None;
    }
    Some(parts[o.strip..].join("/"))
}

pub(super) fn read(
    sh: &mut Shell<'_>,
    o: &Opts,
    archive: Option<FsPath>,
    mode: char,
    ctx: &mut Ctx,
    io: &mut Io,
) -> i32 {
    let data = match &archive {
        Some(p) => match sh.fs.read_file(p) {
            Ok(c) if !sh.charge_read(c.len()) => {
                return io.fail("tar", crate::sh::budget::BudgetKind::Read.message(), 2);
            }
            Ok(c) => c.to_vec(),
            Err(e) => {
                let f = o.file.clone().unwrap_or_default();
                let msg = if ctx.busybox {
                    format!("can't open '{f}': {}", e.kind.message())
                } else {
                    format!("{f}: Cannot open: {}", e.kind.message())
                };
                return ctx.fatal(io, &msg);
            }
        },
        None => io.read_stdin(),
    };
    let gz = data.starts_with(&[0x1f, 0x8b]);
    let other = [
        (&b"\xfd7zXZ\x00"[..], "xz"),
        (&b"BZh"[..], "bzip2"),
        (&b"\x28\xb5\x2f\xfd"[..], "zstd"),
    ];
    if let Some((_, what)) = other.iter().find(|(magic, _)| data.starts_with(magic)) {
        return ctx.fatal(
            io,
            &format!(
                "this archive is {what}-compressed; the Layercake sandbox only decompresses gzip"
            ),
        );
    }
    if o.gzip && !gz {
        io.eprint("gzip: stdin: not in gzip format\n");
        return ctx.fatal(io, "Child returned status 1");
    }
    let data = if gz {
        let limit = sh.budget.limits.written.saturating_sub(sh.budget.written);
        match crate::sh::commands::compress::gunzip_bytes(&data, limit) {
            Ok(d) => d,
            Err(e) => {
                io.eprint(format!("gzip: stdin: {e}\n"));
                return ctx.fatal(io, "Child returned status 1");
            }
        }
    } else {
        data
    };
    let mut ar = tar::Archive::new(&data[..]);
    let entries = match ar.entries() {
        Ok(e) => e,
        Err(_) => return ctx.fatal(io, "This does not look like a tar archive"),
    };
    let mut warned = false;
    let mut seen = vec![false; o.members.len()];
    let mut any = false;
    let mut ugswidth = 19usize;
    let mut out = String::new();
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(_) => {
                if !any {
                    ctx.prog_fail(io, "This does not look like a tar archive");
                } else {
                    ctx.prog_fail(io, "Unexpected EOF in archive");
                }
                break;
            }
        };
        any = true;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !o.members.is_empty() {
            let clean = raw.trim_start_matches("./").trim_end_matches('/');
            let hit = o.members.iter().position(|m| {
                let m = m.trim_start_matches("./").trim_end_matches('/');
                clean == m
                    || clean.starts_with(&format!("{m}/"))
                    || (m.contains(['*', '?']) && super::wildcard(m, clean))
            });
            match hit {
                Some(k) => seen[k] = true,
                None => continue,
            }
        }
        if excluded(o, &raw) {
            continue;
        }
        let h = entry.header();
        let kind = h.entry_type();
        let (mode_bits, uid, gid, mtime, size) = (
            h.mode().unwrap_or(0o644) & 0o7777,
            h.uid().unwrap_or(0) as u32,
            h.gid().unwrap_or(0) as u32,
            h.mtime().unwrap_or(0) as i64,
            h.size().unwrap_or(0),
        );
        let link = entry
            .link_name_bytes()
            .map(|l| String::from_utf8_lossy(&l).into_owned());
        if mode == 't' {
            if o.verbose {
                let owner = format!(
                    "{}/{}",
                    h.username()
                        .ok()
                        .flatten()
                        .filter(|n| !n.is_empty())
                        .map_or(uid.to_string(), String::from),
                    h.groupname()
                        .ok()
                        .flatten()
                        .filter(|n| !n.is_empty())
                        .map_or(gid.to_string(), String::from)
                );
                let t = match kind {
                    tar::EntryType::Directory => 'd',
                    tar::EntryType::Symlink => 'l',
                    tar::EntryType::Link => 'h',
                    _ => '-',
                };
                let perms = Node::file(Vec::new(), mode_bits).mode_string();
                let when = if ctx.busybox {
                    date::format(mtime, "%Y-%m-%d %H:%M:%S")
                } else {
                    date::format(mtime, "%Y-%m-%d %H:%M")
                };
                // GNU tar's column: user/group and size share a width that only grows.
                let size_text = size.to_string();
                let width = if ctx.busybox {
                    9
                } else {
                    let pad = owner.len() + 1 + size_text.len();
                    ugswidth = ugswidth.max(pad);
                    ugswidth - pad + size_text.len()
                };
                let suffix = match (kind, &link) {
                    (tar::EntryType::Symlink, Some(l)) => format!(" -> {l}"),
                    (tar::EntryType::Link, Some(l)) => format!(" link to {l}"),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "{t}{} {owner} {size_text:>width$} {when} {raw}{suffix}\n",
                    &perms[1..]
                ));
            } else {
                out.push_str(&raw);
                out.push('\n');
            }
            continue;
        }
        let Some(name) = member_name(&raw, o, ctx, &mut warned, io) else {
            continue;
        };
        if o.verbose {
            out.push_str(&raw);
            out.push('\n');
        }
        let (uid, gid) = if o.no_same_owner || sh.uid != 0 {
            (sh.uid, sh.gid)
        } else {
            (uid, gid)
        };
        let dest = sh.path(&name);
        if let Err(e) = sh.fs.mkdir_all(&dest.parent(), 0o755) {
            ctx.prog_fail(io, &format!("{name}: Cannot mkdir: {}", e.kind.message()));
            continue;
        }
        let result = match kind {
            tar::EntryType::Directory => {
                let node = Node {
                    mtime,
                    ..Node::dir(mode_bits).owned(uid, gid)
                };
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| e.kind.message().to_string())
            }
            tar::EntryType::Symlink => {
                let node = Node {
                    mtime,
                    ..Node::symlink(link.as_deref().unwrap_or("")).owned(uid, gid)
                };
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| e.kind.message().to_string())
            }
            tar::EntryType::Link => {
                let target = link.unwrap_or_default();
                match member_name(&target, o, ctx, &mut warned, io) {
                    Some(t) => {
                        let t = sh.path(&t);
                        let _ = sh.fs.remove(&dest, false);
                        sh.fs
                            .hardlink(&t, &dest)
                            .map_err(|e| e.kind.message().to_string())
                    }
                    None => continue,
                }
            }
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                if let Err(k) = sh.budget.charge_write(size) {
                    sh.abort = Some(Abort::Budget(k));
                    ctx.prog_fail(io, &format!("{raw}: {}", k.message()));
                    break;
                }
                let mut bytes = Vec::new();
                if entry.read_to_end(&mut bytes).is_err() {
                    ctx.prog_fail(io, "Unexpected EOF in archive");
                    break;
                }
                if o.to_stdout {
                    io.print(&bytes);
                    continue;
                }
                let node = Node {
                    mtime,
                    ..Node::file(bytes, mode_bits).owned(uid, gid)
                };
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| e.kind.message().to_string())
            }
            _ => continue,
        };
        if let Err(e) = result {
            let msg = if ctx.busybox {
                format!("can't create '{name}': {e}")
            } else {
                format!("{name}: Cannot open: {e}")
            };
            ctx.prog_fail(io, &msg);
        }
    }
    io.print(out);
    for (k, m) in o.members.iter().enumerate() {
        if !seen[k] {
            ctx.prog_fail(io, &format!("{m}: Not found in archive"));
        }
    }
    ctx.finish(io)
}
