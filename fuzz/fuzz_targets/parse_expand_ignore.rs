//! Fuzz target: any bytes through the Dockerfile parser (with checks), word expansion and the
//! .dockerignore matcher. Nothing may panic, overflow the stack or hang.
#![no_main]

use layercake::dockerfile;
use layercake::dockerignore::{parse_ignore_file, Matcher};
use layercake::words::{env_from_pairs, Lexer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = dockerfile::diagnostics(&text);
    let env = env_from_pairs(["A=1", "EMPTY=", "PATH=/usr/bin:/bin"]);
    for line in text.lines().take(64) {
        let _ = Lexer::default().expand_words(line, &env);
        let _ = Lexer::new('`').expand_word(line, &env);
    }
    if let Ok(matcher) = Matcher::new(&parse_ignore_file(&text)) {
        for line in text.lines().take(16) {
            let _ = matcher.matches(line);
        }
    }
});
