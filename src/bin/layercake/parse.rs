//! `layercake parse`: read a Dockerfile as BuildKit does and print its parse dump (BuildKit's
//! test format) or the typed instructions as JSON; problems go to stderr with the source line.

use layercake::dockerfile;
use std::io::Read;
use std::process::ExitCode;

/// Output formats of `layercake parse`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// BuildKit's parse dump: one `(instruction "arg" …)` line per instruction.
    Dump,
    /// The typed instructions, stages, directives and warnings, with spans.
    Json,
}

/// Reads the file (or stdin for `-`), parses it and prints the result.
pub fn run(file: &str, format: Format) -> ExitCode {
    let (name, bytes) = match read(file) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("layercake parse: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let src = String::from_utf8_lossy(&bytes);
    match format {
        Format::Dump => match dockerfile::parse_ast(&src) {
            Ok(ast) => {
                print!("{}", dockerfile::dump(&ast.instructions));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprint!("{}", e.to_diagnostic().render(&name, &src));
                ExitCode::FAILURE
            }
        },
        Format::Json => match dockerfile::parse(&src) {
            Ok(parsed) => {
                for w in &parsed.warnings {
                    eprint!("{}", w.render(&name, &src));
                }
                let json = serde_json::json!({
                    "escape": parsed.ast.escape.to_string(),
                    "directives": parsed.ast.directives,
                    "global_args": parsed.dockerfile.global_args,
                    "stages": parsed.dockerfile.stages,
                    "instructions": parsed.ast.instructions,
                    "warnings": parsed.warnings,
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprint!("{}", e.to_diagnostic().render(&name, &src));
                ExitCode::FAILURE
            }
        },
    }
}

fn read(file: &str) -> std::io::Result<(String, Vec<u8>)> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(("Dockerfile".to_string(), buf))
    } else {
        Ok((file.to_string(), std::fs::read(file)?))
    }
}
