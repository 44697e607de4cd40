//! Hostile and huge inputs give a result or a clear error: no panic, no stack overflow, no
//! hang. (Run in a thread with a 1 MiB stack, about what a browser gives wasm.)

use layercake::dockerfile;
use layercake::words::{Lexer, NoEnv};

fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn a_ten_megabyte_dockerfile_parses() {
    let parsed = small_stack(|| {
        let mut src = String::from("FROM alpine\n");
        while src.len() < 10 << 20 {
            src.push_str(
                "RUN echo \"a fairly ordinary line of shell\" && ls -la /tmp \\\n    && true\n",
            );
        }
        dockerfile::parse(&src).map(|p| p.dockerfile.stages[0].instructions.len())
    });
    assert!(parsed.expect("parses") > 100_000);
}

#[test]
fn deep_substitution_nesting_is_a_clear_error() {
    let err = small_stack(|| {
        let depth = 100_000;
        let word = "${a:-".repeat(depth) + &"}".repeat(depth);
        Lexer::default()
            .expand_word(&word, &NoEnv)
            .expect_err("too deep")
            .to_string()
    });
    assert!(err.contains("nested more than"), "{err}");
}

#[test]
fn deep_nesting_in_from_and_json_does_not_crash_the_parser() {
    let diagnostics = small_stack(|| {
        let depth = 100_000;
        let src = format!(
            "FROM alpine:{}{}\nCMD {}{}\n",
            "${a:-".repeat(depth),
            "}".repeat(depth),
            "[".repeat(depth),
            "]".repeat(depth)
        );
        dockerfile::diagnostics(&src)
    });
    // Both lines are too long for BuildKit's 65535-byte limit: one clear error.
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        diagnostics[0].message,
        "dockerfile line greater than max allowed size of 65535"
    );
}

#[test]
fn nesting_just_under_the_line_limit_still_works() {
    let result = small_stack(|| {
        let depth = 10_000;
        let src = format!(
            "FROM alpine\nCMD {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        dockerfile::parse(&src).map(|p| p.dockerfile.stages[0].instructions.len())
    });
    assert_eq!(result.expect("parses as shell form"), 1);
}

#[test]
fn binary_garbage_never_panics() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..2_000 {
        let bytes: Vec<u8> = (0..200)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let alphabet = b"FROMRUN \\\n\t#$<{}[]\"'=-:`EOFCOPY";
                alphabet[(seed % alphabet.len() as u64) as usize]
            })
            .collect();
        let src = String::from_utf8_lossy(&bytes);
        let _ = dockerfile::diagnostics(&src);
    }
}
