//! Heredoc markers: which words of an instruction open a heredoc (`<<EOF`, `<<-'EOF'`,
//! `3<<EOF`), following BuildKit's `heredocsFromLine` and `ParseHeredoc`.

use super::ast::Heredoc;
use crate::words::{Lexer, NoEnv};

/// The heredocs a logical line opens, in order (content still empty).
pub fn heredocs_from_line(line: &str) -> Result<Vec<Heredoc>, String> {
    let lexer = Lexer {
        raw_quotes: true,
        raw_escapes: true,
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let words = lexer.expand_words(line, &NoEnv).unwrap_or_default();
    let mut docs = Vec::new();
    for word in words {
        if let Some(doc) = parse_heredoc(&word)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// Reads one word as a heredoc marker: `Ok(None)` when it is not one, `Err` when its quotes
/// are unbalanced.
pub fn parse_heredoc(word: &str) -> Result<Option<Heredoc>, String> {
    // ^(\d*)<<(-?)\s*([^<]*)$
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(rest) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start();
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    let file_descriptor = if digits == 0 {
        0
    } else {
        word[..digits].parse().unwrap_or(u32::MAX)
    };
    let plain = Lexer {
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let words = plain
        .expand_words(rest, &NoEnv)
        .map_err(|e| e.to_string())?;
    if words.len() != 1 {
        return Ok(None);
    }
    let raw = Lexer {
        raw_quotes: true,
        ..plain
    };
    let raw_words = raw.expand_words(rest, &NoEnv).map_err(|e| e.to_string())?;
    if raw_words.len() != 1 {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    let name = words.into_iter().next().unwrap_or_default();
    let expand = quotes(&name) == quotes(&raw_words[0]);
    Ok(Some(Heredoc {
        name,
        file_descriptor,
        expand,
        chomp,
        content: String::new(),
    }))
}

/// Removes leading tabs from every line (what `<<-` does when the content is used).
pub fn chomp(content: &str) -> String {
    content
        .split_inclusive('\n')
        .map(|l| l.trim_start_matches('\t'))
        .collect()
}
