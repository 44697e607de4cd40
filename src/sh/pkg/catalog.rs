//! The offline package catalogs, parsed once from the TSV files in `data/` (apt, apk), the
//! small text files packages install (`data/texts.txt`), and placing a package's files on
//! the filesystem (synthetic content except the texts).

use super::seed;
use crate::sh::shell::Shell;
use std::sync::OnceLock;

/// One entry of a package's file list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSpec {
    /// A synthetic file: bytes, or `None` for "the rest of the installed size".
    Synth(String, Option<u64>),
    /// A symlink to a target.
    Link(String, String),
    /// A text file from `data/texts.txt`, by key.
    Text(String, String),
    /// A directory.
    Dir(String),
}

impl FileSpec {
    /// The path the entry creates.
    pub fn path(&self) -> &str {
        match self {
            FileSpec::Synth(p, _)
            | FileSpec::Link(p, _)
            | FileSpec::Text(p, _)
            | FileSpec::Dir(p) => p,
        }
    }
}

/// Parses `path:bytes,path:*,path>target,path=key,dir/`.
pub fn parse_files(s: &str) -> Vec<FileSpec> {
    s.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| {
            if let Some((p, t)) = f.split_once('>') {
                FileSpec::Link(p.to_string(), t.to_string())
            } else if let Some((p, k)) = f.split_once('=') {
                FileSpec::Text(p.to_string(), k.to_string())
            } else if let Some(p) = f.strip_suffix('/') {
                FileSpec::Dir(p.to_string())
            } else if let Some((p, n)) = f.rsplit_once(':') {
                FileSpec::Synth(p.to_string(), n.parse().ok())
            } else {
                FileSpec::Synth(f.to_string(), Some(0))
            }
        })
        .collect()
}

/// Parses `a|b, c` into alternatives groups.
pub fn parse_deps(s: &str) -> Vec<Vec<String>> {
    s.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.split('|').map(|a| a.trim().to_string()).collect())
        .collect()
}

/// A Debian/Ubuntu package.
#[derive(Debug, Clone)]
pub struct DebPkg {
    /// Name.
    pub name: String,
    /// Version per release letter (`x`, `j`, `n`, `b`, `t`).
    pub versions: Vec<(char, String)>,
    /// Installed-Size in KiB.
    pub kib: u64,
    /// Section.
    pub section: String,
    /// Depends (alternatives).
    pub depends: Vec<Vec<String>>,
    /// Recommends (alternatives).
    pub recommends: Vec<Vec<String>>,
    /// Files.
    pub files: Vec<FileSpec>,
}

impl DebPkg {
    /// The version in release `r`, if the release has the package.
    pub fn version(&self, r: char) -> Option<&str> {
        self.versions
            .iter()
            .find(|(k, _)| *k == r)
            .map(|(_, v)| v.as_str())
    }

    /// The `.deb` download size (compressed: about 40 % of the installed size).
    pub fn deb_bytes(&self) -> u64 {
        (self.kib * 1024 / 4).max(2_000) + (super::seed(&self.name, "deb") % 997)
    }
}

/// An Alpine package.
#[derive(Debug, Clone)]
pub struct ApkPkg {
    /// Name.
    pub name: String,
    /// (branch minor, version), ascending.
    pub versions: Vec<(u32, String)>,
    /// Installed size in KiB.
    pub kib: u64,
    /// Description.
    pub desc: String,
    /// Depends.
    pub depends: Vec<String>,
    /// Other names that select it.
    pub provides: Vec<String>,
    /// Files.
    pub files: Vec<FileSpec>,
}

impl ApkPkg {
    /// The version on Alpine 3.`minor`: the newest entry not after it, else the oldest.
    pub fn version(&self, minor: u32) -> &str {
        self.versions
            .iter()
            .rev()
            .find(|(m, _)| *m <= minor)
            .or_else(|| self.versions.first())
            .map_or("0-r0", |(_, v)| v.as_str())
    }
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn col<'a>(r: &[&'a str], i: usize) -> &'a str {
    r.get(i).copied().unwrap_or("")
}

/// The apt catalog.
pub fn deb_packages() -> &'static [DebPkg] {
    static CELL: OnceLock<Vec<DebPkg>> = OnceLock::new();
    CELL.get_or_init(|| {
        rows(include_str!("data/apt.tsv"))
            .map(|r| DebPkg {
                name: col(&r, 0).to_string(),
                versions: col(&r, 1)
                    .split(';')
                    .filter_map(|kv| {
                        let (k, v) = kv.split_once('=')?;
                        Some((k.chars().next()?, v.to_string()))
                    })
                    .collect(),
                kib: col(&r, 2).parse().unwrap_or(0),
                section: col(&r, 3).to_string(),
                depends: parse_deps(col(&r, 4)),
                recommends: parse_deps(col(&r, 5)),
                files: parse_files(col(&r, 6)),
            })
            .collect()
    })
}

/// The apk catalog.
pub fn apk_packages() -> &'static [ApkPkg] {
    static CELL: OnceLock<Vec<ApkPkg>> = OnceLock::new();
    CELL.get_or_init(|| {
        rows(include_str!("data/apk.tsv"))
            .map(|r| ApkPkg {
                name: col(&r, 0).to_string(),
                versions: col(&r, 1)
                    .split(';')
                    .filter_map(|kv| {
                        let (k, v) = kv.split_once('=')?;
                        Some((k.parse().ok()?, v.to_string()))
                    })
                    .collect(),
                kib: col(&r, 2).parse().unwrap_or(0),
                desc: col(&r, 3).to_string(),
                depends: col(&r, 4)
                    .split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect(),
                provides: col(&r, 5)
                    .split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect(),
                files: parse_files(col(&r, 6)),
            })
            .collect()
    })
}

/// A text file packages install, by key.
pub fn text(key: &str) -> Option<&'static str> {
    if key == "nginx-index" {
        return Some(crate::catalog::files::NGINX_INDEX_HTML);
    }
    static CELL: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let texts = CELL.get_or_init(|| {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        for line in include_str!("data/texts.txt").split_inclusive('\n') {
            if let Some(key) = line.strip_prefix("@@ ") {
                out.push((key.trim_end(), String::new()));
            } else if let Some((_, body)) = out.last_mut() {
                body.push_str(line);
            }
        }
        out
    });
    texts
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
}

/// The mode a package file gets.
fn mode_for(path: &str) -> u32 {
    if path.ends_with("sudoers") {
        0o440
    } else if path.contains("/bin/")
        || path.contains("/sbin/")
        || path.contains("/libexec/")
        || path.starts_with("/etc/init.d/")
    {
        0o755
    } else {
        0o644
    }
}

/// Places `files` of `package` (`total` bytes in all; the entry marked `*` takes what the
/// others leave, or `rest` when none is marked), substituting `vars` (`$PY` …) in paths.
/// Returns the paths created (directories first), for dpkg's `.list` / apk's database.
pub fn install_files(
    sh: &mut Shell<'_>,
    package: &str,
    files: &[FileSpec],
    total: u64,
    rest: Option<&str>,
    vars: &[(&str, &str)],
) -> Result<Vec<String>, String> {
    let subst = |s: &str| {
        let mut s = s.to_string();
        for (k, v) in vars {
            s = s.replace(k, v);
        }
        s
    };
    let fixed: u64 = files
        .iter()
        .map(|f| match f {
            FileSpec::Synth(_, Some(n)) => *n,
            FileSpec::Text(_, k) => text(k).map_or(0, |t| t.len() as u64),
            _ => 0,
        })
        .sum();
    let remaining = total.saturating_sub(fixed);
    let has_star = files.iter().any(|f| matches!(f, FileSpec::Synth(_, None)));
    let mut created = Vec::new();
    for f in files {
        let path = subst(f.path());
        match f {
            FileSpec::Synth(_, size) => {
                let size = size.unwrap_or(remaining);
                sh.write_synthetic(&sh.path(&path), size, seed(package, &path), mode_for(&path))?;
            }
            FileSpec::Link(_, target) => super::symlink(sh, &path, &subst(target))?,
            FileSpec::Text(_, key) => {
                super::write_text(sh, &path, text(key).unwrap_or(""))?;
                let p = sh.path(&path);
                let _ = sh.fs.chmod(&p, mode_for(&path));
            }
            FileSpec::Dir(_) => super::mkdir_p(sh, &path)?,
        }
        created.push(path);
    }
    if let (false, Some(rest), true) = (has_star, rest, remaining > 0) {
        let path = subst(rest);
        sh.write_synthetic(&sh.path(&path), remaining, seed(package, &path), 0o644)?;
        created.push(path);
    }
    Ok(created)
}
