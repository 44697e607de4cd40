//! The image's user database: `/etc/passwd`, `/etc/group`, `/etc/shadow`, `/etc/gshadow`
//! parsed into entries and written back line for line (lines this code does not understand
//! are kept as they are). Shared by `id`/`whoami` and the user management commands.

use crate::fs::FsPath;
use crate::sh::shell::Shell;

/// One line of `/etc/passwd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Password field (`x`).
    pub password: String,
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
    /// GECOS comment.
    pub gecos: String,
    /// Home directory.
    pub home: String,
    /// Login shell.
    pub shell: String,
}

impl User {
    /// The `/etc/passwd` line.
    pub fn line(&self) -> String {
        format!(
            "{}:{}:{}:{}:{}:{}:{}",
            self.name, self.password, self.uid, self.gid, self.gecos, self.home, self.shell
        )
    }

    /// Parses a line.
    pub fn parse(line: &str) -> Option<User> {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 7 {
            return None;
        }
        Some(User {
            name: f[0].into(),
            password: f[1].into(),
            uid: f[2].parse().ok()?,
            gid: f[3].parse().ok()?,
            gecos: f[4].into(),
            home: f[5].into(),
            shell: f[6..].join(":"),
        })
    }
}

/// One line of `/etc/group`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Group name.
    pub name: String,
    /// Password field.
    pub password: String,
    /// Group id.
    pub gid: u32,
    /// Supplementary members.
    pub members: Vec<String>,
}

impl Group {
    /// The `/etc/group` line.
    pub fn line(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.name,
            self.password,
            self.gid,
            self.members.join(",")
        )
    }

    /// Parses a line.
    pub fn parse(line: &str) -> Option<Group> {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 4 {
            return None;
        }
        Some(Group {
            name: f[0].into(),
            password: f[1].into(),
            gid: f[2].parse().ok()?,
            members: f[3]
                .split(',')
                .filter(|m| !m.is_empty())
                .map(String::from)
                .collect(),
        })
    }
}

fn read_text(sh: &Shell<'_>, path: &str) -> Option<String> {
    let content = sh.fs.read_file(&FsPath::new(path)).ok()?;
    // A synthetic file (random bytes standing in for the real one) has no lines to read.
    let bytes = content.bytes()?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// The users of `/etc/passwd` (empty when missing).
pub fn users(sh: &Shell<'_>) -> Vec<User> {
    read_text(sh, "/etc/passwd")
        .unwrap_or_default()
        .lines()
        .filter_map(User::parse)
        .collect()
}

/// The groups of `/etc/group` (empty when missing).
pub fn groups(sh: &Shell<'_>) -> Vec<Group> {
    read_text(sh, "/etc/group")
        .unwrap_or_default()
        .lines()
        .filter_map(Group::parse)
        .collect()
}

/// The raw lines of a file, or `None` when it is missing. A synthetic file is `Some(None)`:
/// present but without readable lines.
pub fn lines(sh: &Shell<'_>, path: &str) -> Option<Option<Vec<String>>> {
    let content = sh.fs.read_file(&FsPath::new(path)).ok()?;
    Some(content.bytes().map(|b| {
        String::from_utf8_lossy(b)
            .lines()
            .map(String::from)
            .collect()
    }))
}

/// Writes lines back to a file (newline-terminated), keeping its mode and owner.
pub fn write_lines(sh: &mut Shell<'_>, path: &str, lines: &[String]) -> Result<(), String> {
    let mut text = lines.join("\n");
    if !lines.is_empty() {
        text.push('\n');
    }
    sh.write_file(path, text.into_bytes(), false)
}

/// Replaces (by first field) or appends a line of a colon-separated file; `None` removes it.
pub fn edit_line(lines: &mut Vec<String>, name: &str, new: Option<String>) {
    let pos = lines.iter().position(|l| l.split(':').next() == Some(name));
    match (pos, new) {
        (Some(i), Some(l)) => lines[i] = l,
        (Some(i), None) => {
            lines.remove(i);
        }
        (None, Some(l)) => lines.push(l),
        (None, None) => {}
    }
}

/// The user with this name.
pub fn user_named(sh: &Shell<'_>, name: &str) -> Option<User> {
    users(sh).into_iter().find(|u| u.name == name)
}

/// The name of a uid.
pub fn user_name(sh: &Shell<'_>, uid: u32) -> Option<String> {
    users(sh).into_iter().find(|u| u.uid == uid).map(|u| u.name)
}

/// The name of a gid.
pub fn group_name(sh: &Shell<'_>, gid: u32) -> Option<String> {
    groups(sh)
        .into_iter()
        .find(|g| g.gid == gid)
        .map(|g| g.name)
}
