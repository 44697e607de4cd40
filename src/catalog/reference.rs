//! Image references parsed and normalized the way Docker does (`distribution/reference`'s
//! `ParseNormalizedNamed`): `node` = `node:latest` = `library/node:latest` =
//! `docker.io/library/node:latest`; `localhost:5000/x` keeps its registry; repository names
//! must be lowercase; a missing tag is `latest` unless a digest is given.

use std::fmt;

/// The default registry of unqualified names.
pub const DEFAULT_REGISTRY: &str = "docker.io";

/// A parsed, normalized image reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImageRef {
    /// Registry host (and port): `docker.io`, `localhost:5000`, `ghcr.io`.
    pub registry: String,
    /// Repository path on the registry: `library/node`, `diamol/node`.
    pub repository: String,
    /// Tag; `latest` when neither a tag nor a digest was given, `None` for a bare digest.
    pub tag: Option<String>,
    /// Digest (`sha256:<64 hex>`), when the reference pins one.
    pub digest: Option<String>,
}

/// Why a reference is invalid; `Display` gives Docker's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// The reference is empty.
    Empty,
    /// Not of the form `[registry/]name[:tag][@digest]`.
    InvalidFormat,
    /// The repository path has uppercase letters (carries the normalized path).
    Uppercase(String),
    /// A bare 64-hex string, which Docker reserves for image IDs.
    HexName(String),
    /// The repository name is longer than 255 characters.
    NameTooLong,
    /// The digest is malformed.
    InvalidDigest,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceError::Empty => f.write_str(
                "invalid reference format: repository name must have at least one component",
            ),
            ReferenceError::InvalidFormat => f.write_str("invalid reference format"),
            ReferenceError::Uppercase(path) => write!(
                f,
                "invalid reference format: repository name ({path}) must be lowercase"
            ),
            ReferenceError::HexName(name) => write!(
                f,
                "invalid repository name ({name}), cannot specify 64-byte hexadecimal strings"
            ),
            ReferenceError::NameTooLong => f.write_str(
                "invalid reference format: repository name must not be more than 255 characters",
            ),
            ReferenceError::InvalidDigest => f.write_str("invalid checksum digest format"),
        }
    }
}

impl std::error::Error for ReferenceError {}

impl ImageRef {
    /// Parses and normalizes `text` like `docker pull` and `FROM` do.
    pub fn parse(text: &str) -> Result<ImageRef, ReferenceError> {
        if text.is_empty() {
            return Err(ReferenceError::Empty);
        }
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ReferenceError::HexName(text.to_string()));
        }
        let (rest, digest) = match text.split_once('@') {
            Some((r, d)) => (r, Some(parse_digest(d)?)),
            None => (text, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].find(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        if let Some(t) = tag {
            if !valid_tag(t) {
                return Err(ReferenceError::InvalidFormat);
            }
        }
        let (registry, path) = split_registry(name);
        if path.to_lowercase() != path {
            return Err(ReferenceError::Uppercase(path));
        }
        if !valid_registry(&registry) || !path.split('/').all(valid_component) {
            return Err(ReferenceError::InvalidFormat);
        }
        if registry.len() + 1 + path.len() > 255 {
            return Err(ReferenceError::NameTooLong);
        }
        let tag = match (tag, &digest) {
            (Some(t), _) => Some(t.to_string()),
            (None, Some(_)) => None,
            (None, None) => Some("latest".to_string()),
        };
        Ok(ImageRef {
            registry,
            repository: path,
            tag,
            digest,
        })
    }

    /// The repository as `docker images` shows it: `node`, `diamol/node`,
    /// `localhost:5000/x`.
    pub fn familiar_repository(&self) -> String {
        if self.registry == DEFAULT_REGISTRY {
            self.repository
                .strip_prefix("library/")
                .unwrap_or(&self.repository)
                .to_string()
        } else {
            format!("{}/{}", self.registry, self.repository)
        }
    }

    /// `node:latest` (familiar name with tag and/or digest).
    pub fn familiar(&self) -> String {
        self.with_suffix(self.familiar_repository())
    }

    /// `docker.io/library/node:latest`, as BuildKit prints it.
    pub fn full(&self) -> String {
        self.with_suffix(format!("{}/{}", self.registry, self.repository))
    }

    fn with_suffix(&self, mut name: String) -> String {
        if let Some(t) = &self.tag {
            name.push(':');
            name.push_str(t);
        }
        if let Some(d) = &self.digest {
            name.push('@');
            name.push_str(d);
        }
        name
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

/// `splitDockerDomain`: the first component is a registry when it has a `.` or `:`, is
/// `localhost`, or has uppercase letters; Docker Hub names get `library/` when they have one
/// component; `index.docker.io` is `docker.io`.
fn split_registry(name: &str) -> (String, String) {
    let (registry, path) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.to_lowercase() != first =>
        {
            (first.to_string(), rest.to_string())
        }
        _ => (DEFAULT_REGISTRY.to_string(), name.to_string()),
    };
    let registry = if registry == "index.docker.io" {
        DEFAULT_REGISTRY.to_string()
    } else {
        registry
    };
    let path = if registry == DEFAULT_REGISTRY && !path.contains('/') {
        format!("library/{path}")
    } else {
        path
    };
    (registry, path)
}

/// `[\w][\w.-]{0,127}`.
fn valid_tag(tag: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut chars = tag.chars();
    matches!(chars.next(), Some(c) if word(c))
        && tag.len() <= 128
        && chars.all(|c| word(c) || c == '.' || c == '-')
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
fn valid_component(c: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = c.as_bytes();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// A registry host: dot-separated labels of letters, digits and inner `-`, and an optional
/// `:port`.
fn valid_registry(registry: &str) -> bool {
    let (host, port) = match registry.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (registry, None),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    host.split('.').all(label_ok)
        && port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `sha256:<64 lowercase hex>` (other algorithms are refused: Docker Hub serves sha256).
fn parse_digest(d: &str) -> Result<String, ReferenceError> {
    let Some((algo, hex)) = d.split_once(':') else {
        return Err(ReferenceError::InvalidFormat);
    };
    let hex_ok = hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if algo != "sha256" || !hex_ok {
        return Err(ReferenceError::InvalidDigest);
    }
    Ok(d.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_docker() {
        for text in [
            "node",
            "node:latest",
            "library/node",
            "docker.io/library/node:latest",
            "index.docker.io/library/node",
        ] {
            assert_eq!(
                ImageRef::parse(text).unwrap().full(),
                "docker.io/library/node:latest",
                "{text}"
            );
        }
        let r = ImageRef::parse("localhost:5000/x").unwrap();
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.familiar(), "localhost:5000/x:latest");
        assert_eq!(
            ImageRef::parse("diamol/node").unwrap().full(),
            "docker.io/diamol/node:latest"
        );
        let d = format!("alpine@sha256:{}", "a".repeat(64));
        let r = ImageRef::parse(&d).unwrap();
        assert_eq!(r.tag, None);
        assert_eq!(r.familiar(), d);
    }

    #[test]
    fn rejects_like_docker() {
        let err = |t: &str| ImageRef::parse(t).unwrap_err().to_string();
        assert_eq!(
            err("Node"),
            "invalid reference format: repository name (library/Node) must be lowercase"
        );
        assert_eq!(err("node:"), "invalid reference format");
        assert_eq!(err("no de"), "invalid reference format");
        assert_eq!(err("node:-x"), "invalid reference format");
        assert_eq!(err("a//b"), "invalid reference format");
        assert_eq!(err("a__-b"), "invalid reference format");
        assert_eq!(err("x@sha256:abc"), "invalid checksum digest format");
        assert!(err(&"f".repeat(64)).contains("64-byte hexadecimal"));
        assert!(ImageRef::parse("my-reg.example.com:443/a/b_c.d:v1.0-x").is_ok());
    }
}
