//! Which distribution the sandbox runs on, read from the image's `/etc/os-release` — it
//! decides the package manager, `/bin/sh`'s dialect (dash or busybox ash) and the wording
//! of errors.

use crate::fs::{FsPath, Rootfs};

/// The container's hostname (the sandbox is deterministic: no random container id).
pub const HOSTNAME: &str = "buildkitsandbox";

/// The distribution family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Alpine (apk, busybox).
    Alpine,
    /// Debian (apt, dash, coreutils).
    Debian,
    /// Ubuntu (apt, dash, coreutils).
    Ubuntu,
    /// The busybox image (no package manager).
    Busybox,
    /// `scratch` or anything unknown.
    Unknown,
}

/// What `/etc/os-release` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsInfo {
    /// Family.
    pub family: Family,
    /// `ID`.
    pub id: String,
    /// `VERSION_ID`.
    pub version_id: String,
    /// `VERSION_CODENAME` (Debian/Ubuntu).
    pub codename: String,
    /// `PRETTY_NAME`.
    pub pretty_name: String,
    /// Whether `/bin/sh` is dash (numbers its error lines).
    pub dash: bool,
}

impl OsInfo {
    /// Reads `/etc/os-release` (or `/usr/lib/os-release`) of `fs`.
    pub fn detect(fs: &Rootfs) -> OsInfo {
        let text = ["/etc/os-release", "/usr/lib/os-release"]
            .iter()
            .find_map(|p| fs.read_file(&FsPath::new(p)).ok())
            .map(|c| String::from_utf8_lossy(&c.to_vec()).into_owned())
            .unwrap_or_default();
        let field = |name: &str| -> String {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .map(|v| v.trim_matches('"').to_string())
                .unwrap_or_default()
        };
        let id = field("ID");
        let family = match id.as_str() {
            "alpine" => Family::Alpine,
            "debian" => Family::Debian,
            "ubuntu" => Family::Ubuntu,
            _ if fs.exists(&FsPath::new("/bin/busybox")) => Family::Busybox,
            _ => Family::Unknown,
        };
        let sh = fs
            .resolve(&FsPath::new("/bin/sh"), true)
            .map(|p| p.name().to_string())
            .unwrap_or_default();
        OsInfo {
            family,
            version_id: field("VERSION_ID"),
            codename: field("VERSION_CODENAME"),
            pretty_name: field("PRETTY_NAME"),
            id,
            dash: sh == "dash",
        }
    }

    /// Whether packages come from apt.
    pub fn is_debian_like(&self) -> bool {
        matches!(self.family, Family::Debian | Family::Ubuntu)
    }
}
