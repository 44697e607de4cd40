//! Source checks that keep the architecture honest (see ARCHITECTURE.md, "Invariants").
//!
//! - Web crates and `cfg(feature = "web")` appear only in `src/ui/`, `src/main.rs` and the one
//!   `mod ui` line of `src/lib.rs`.
//! - The core (everything in `src/` but `src/ui/`, `src/main.rs` and `src/bin/`) does no IO,
//!   reads no clock and uses no randomness.
//! - Every source file opens with a `//!` comment saying what it owns.

use std::path::{Path, PathBuf};

const WEB_WORDS: &[&str] = &[
    "yew",
    "web_sys",
    "js_sys",
    "gloo",
    "wasm_bindgen",
    "feature = \"web\"",
];
const IMPURE_WORDS: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "SystemTime",
    "Instant::now",
    "rand::",
    "getrandom",
    "thread_rng",
    "println!",
    "eprintln!",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).expect("source is UTF-8"))
        })
        .collect()
}

/// A word counts when it stands as a path or identifier, not inside a longer one.
fn mentions(line: &str, word: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(word).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let word_ends_in_ident = word.chars().last().is_some_and(|c| c.is_alphanumeric());
        let glued_after = ident(after) && word_ends_in_ident;
        !ident(before) && !glued_after
    })
}

#[test]
fn web_crates_only_in_the_ui() {
    let mut bad = Vec::new();
    for (path, text) in src_files() {
        if path.starts_with("src/ui/") || path == "src/main.rs" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if path == "src/lib.rs" && line.trim() == "#[cfg(feature = \"web\")]" {
                let next = text.lines().nth(n + 1).unwrap_or("");
                if next.trim() == "pub mod ui;" {
                    continue;
                }
            }
            if WEB_WORDS.iter().any(|w| mentions(line, w)) {
                bad.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "web code outside src/ui/:\n{}",
        bad.join("\n")
    );
}

#[test]
fn core_does_no_io_and_reads_no_clock() {
    let mut bad = Vec::new();
    for (path, text) in src_files() {
        if path.starts_with("src/ui/") || path.starts_with("src/bin/") || path == "src/main.rs" {
            continue;
        }
        let mut in_tests = false;
        for (n, line) in text.lines().enumerate() {
            if line.trim() == "#[cfg(test)]" {
                in_tests = true; // test modules may print and read files
            }
            if !in_tests && IMPURE_WORDS.iter().any(|w| mentions(line, w)) {
                bad.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "IO, clock or randomness in the core:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_source_file_says_what_it_owns() {
    let missing: Vec<_> = src_files()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` module comment: {missing:?}"
    );
}

#[test]
fn the_checks_can_fail() {
    assert!(mentions("use yew::prelude::*;", "yew"));
    assert!(mentions("#[cfg(feature = \"web\")]", "feature = \"web\""));
    assert!(!mentions("let yewish = 1;", "yew"));
    assert!(!mentions("// yew is only in ui", "yew"));
    assert!(mentions("let t = SystemTime::now();", "SystemTime"));
    assert!(mentions("std::fs::read(p)", "std::fs"));
}
