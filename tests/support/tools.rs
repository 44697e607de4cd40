//! Running the real image tools (skopeo, umoci) from tests: find a tool (failing with what
//! installs it), run a command and return its stdout (failing with both outputs), and a
//! scratch directory removed at the end. Included by the tests that need it with
//! `#[path = "support/tools.rs"] mod tools;`.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A command for `name`, after checking it is installed.
pub fn tool(name: &str) -> Command {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`{name}` is not installed: `make test` installs skopeo and umoci \
         (Debian: apt-get install skopeo umoci); this test needs the real tools"
    );
    Command::new(name)
}

/// Runs `cmd`; its stdout, or a panic with both outputs when it fails.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (make test installs skopeo and umoci)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh directory under the system's temp dir, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// `layercake-<name>-<pid>`, emptied first.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("layercake-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
