//! Fuzzes word expansion (every lexer mode, with an environment taken from the input) and
//! .dockerignore reading, matching and context filtering. Any panic, stack overflow or hang
//! is a bug. (`frontend.rs` adds the Dockerfile parser and checks.)
#![no_main]

use layercake::dockerignore::{self, EntryKind, Matcher};
use layercake::words::{env_from_pairs, Lexer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // Parts separated by NUL: word, environment lines, ignore file, paths.
    let mut parts = text.split('\0');
    let word = parts.next().unwrap_or("");
    let env_text = parts.next().unwrap_or("");
    let ignore_text = parts.next().unwrap_or("");
    let paths_text = parts.next().unwrap_or("");

    // Words.
    let env = env_from_pairs(env_text.lines());
    let lexer = Lexer {
        escape: if flags & 1 == 0 { '\\' } else { '`' },
        raw_quotes: flags & 2 != 0,
        raw_escapes: flags & 4 != 0,
        skip_process_quotes: flags & 8 != 0,
        skip_unset_env: flags & 16 != 0,
    };
    if let Ok(expansion) = lexer.process(word, &env) {
        // Splitting never invents non-whitespace characters.
        let joined: usize = expansion.words.iter().map(|w| w.len()).sum();
        assert!(joined <= expansion.result.len());
    }

    // .dockerignore.
    let patterns = dockerignore::parse_ignore_file(ignore_text);
    if let Ok(matcher) = Matcher::new(&patterns) {
        let mut entries: Vec<(String, EntryKind)> = paths_text
            .lines()
            .filter(|p| !p.is_empty())
            .map(|p| {
                let kind = if p.ends_with('/') {
                    EntryKind::Dir
                } else {
                    EntryKind::File
                };
                (p.trim_end_matches('/').to_string(), kind)
            })
            .collect();
        for (path, _) in &entries {
            let _ = matcher.matches(path);
        }
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let kept = matcher.filter_walk(&entries);
        assert!(kept.len() <= entries.len());
    }
});
