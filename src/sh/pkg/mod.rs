//! Package managers and language runtimes over a built-in offline catalog: `apt-get`/`apt`/
//! `dpkg` (Debian, Ubuntu), `apk` (Alpine), `npm`/`yarn`/`node`, `pip`/`python`, and the
//! network tools that fail honestly offline (`curl`, `wget`, `git clone`), plus the
//! `--version` answers of the images' servers (`nginx -v`, `httpd -v`, `go version`).
//!
//! Catalog data lives in compact TSV files under `data/` (parsed once, on first use).
//! Installed files are synthetic (declared size, seed from package name and path) except
//! the small text configs that learners read (`data/texts.txt`). Output is deterministic:
//! fixed durations, no clock, no network.

pub mod apk;
pub mod apt;
pub mod apt_install;
pub mod catalog;
pub mod dpkg;
pub mod json;
pub mod net;
pub mod node;
pub mod npm;
pub mod pip;
pub mod semver;

use super::commands::CommandFn;
use super::shell::Shell;

/// The programs of this module, by name (looked up when the image has them on `PATH`).
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("apt-get", apt::apt_get),
    ("apt", apt::apt),
    ("dpkg", dpkg::dpkg),
    ("dpkg-query", dpkg::dpkg_query),
    ("apt-mark", dpkg::apt_mark),
    ("apk", apk::apk),
    ("npm", npm::npm),
    ("npx", node::npx),
    ("yarn", node::yarn),
    ("yarnpkg", node::yarn),
    ("node", node::node),
    ("nodejs", node::node),
    ("pip", pip::pip),
    ("pip3", pip::pip),
    ("pip3.11", pip::pip),
    ("pip3.12", pip::pip),
    ("pip3.13", pip::pip),
    ("python", pip::python),
    ("python3", pip::python),
    ("python3.5", pip::python),
    ("python3.10", pip::python),
    ("python3.11", pip::python),
    ("python3.12", pip::python),
    ("python3.13", pip::python),
    ("curl", net::curl),
    ("wget", net::wget),
    ("git", net::git),
    ("nginx", net::nginx),
    ("nginx-debug", net::nginx),
    ("httpd", net::httpd),
    ("apachectl", net::httpd),
    ("go", net::go),
    ("gpg", net::gpg),
    ("gpg1", net::gpg),
];

/// The extra line every offline network failure prints.
pub const OFFLINE_HINT: &str =
    "layercake: the playground is offline; put the file in the build context and COPY it\n";

/// A deterministic 64-bit seed (FNV-1a) for a synthetic file of `package` at `path`.
pub fn seed(package: &str, path: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in package.bytes().chain([0u8]).chain(path.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Creates `dir` and its parents (ignoring an existing one).
pub fn mkdir_p(sh: &mut Shell<'_>, dir: &str) -> Result<(), String> {
    let path = sh.path(dir);
    if sh.fs.is_dir(&path) {
        return Ok(());
    }
    sh.fs
        .mkdir_all(&path, 0o755)
        .map_err(|e| format!("{dir}: {}", e.kind.message()))
}

/// Writes a text file, creating its parent directories.
pub fn write_text(sh: &mut Shell<'_>, path: &str, text: &str) -> Result<(), String> {
    let parent = sh.path(path).parent();
    mkdir_p(sh, parent.as_str())?;
    sh.write_file(path, text.as_bytes().to_vec(), false)
}

/// Creates (or replaces) a symlink, creating its parent directories.
pub fn symlink(sh: &mut Shell<'_>, path: &str, target: &str) -> Result<(), String> {
    let parent = sh.path(path).parent();
    mkdir_p(sh, parent.as_str())?;
    let p = sh.path(path);
    if sh.fs.lstat(&p).is_ok() {
        let _ = sh.fs.remove(&p, false);
    }
    sh.fs
        .symlink(target, &p)
        .map_err(|e| format!("{path}: {}", e.kind.message()))
}

/// Removes a path if it exists (recursively), ignoring errors.
pub fn remove(sh: &mut Shell<'_>, path: &str) {
    let p = sh.path(path);
    if sh.fs.lstat(&p).is_ok() {
        let _ = sh.fs.remove(&p, true);
    }
}

/// The text of a file, if it exists and is readable.
pub fn read_text(sh: &Shell<'_>, path: &str) -> Option<String> {
    sh.read_file(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// `YYYY-MM-DD` and `HH:MM:SS` of an epoch second (UTC).
pub fn civil(epoch: i64) -> ((i64, u32, u32), (u32, u32, u32)) {
    let c = crate::calendar::civil(epoch);
    ((c.year, c.month, c.day), (c.hour, c.minute, c.second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), ((1970, 1, 1), (0, 0, 0)));
        assert_eq!(civil(1_714_564_800), ((2024, 5, 1), (12, 0, 0)));
        assert_eq!(civil(951_782_400), ((2000, 2, 29), (0, 0, 0)));
    }

    #[test]
    fn seeds_differ_by_package_and_path() {
        assert_ne!(seed("curl", "/usr/bin/curl"), seed("wget", "/usr/bin/curl"));
        assert_ne!(seed("a", "bc"), seed("ab", "c"));
    }
}
