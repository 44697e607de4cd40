//! The argument parsers of BuildKit's `line_parsers.go`: how the text after the keyword
//! becomes flags and argument nodes, one function per argument shape.

use super::ast::{Arg, RawInstruction};
use super::error::ParseErrorKind;

/// What an argument parser returns: the nodes and whether they came from a JSON array.
pub(crate) type Parsed = Result<(Vec<Arg>, bool), ParseErrorKind>;

/// BuildKit's `reWhitespace`: the separators between instruction words.
pub(crate) fn is_token_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Splits `s` on runs of `[\t\v\f\r ]`, at most `limit` pieces (`usize::MAX` for all).
pub(crate) fn split_token_space(s: &str, limit: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while out.len() + 1 < limit {
        match rest.find(is_token_space) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = rest[i..].trim_start_matches(is_token_space);
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

/// Splits a logical line into keyword, flags and the rest (BuildKit's `splitCommand`), and
/// returns the byte offset of the rest within `line`.
pub(crate) fn split_command(line: &str) -> (String, Vec<String>, String) {
    let trimmed = line.trim();
    let mut parts = split_token_space(trimmed, 2).into_iter();
    let keyword = parts.next().unwrap_or_default().to_string();
    match parts.next() {
        Some(rest) => {
            let (args, flags) = extract_flags(rest);
            (keyword, flags, args.trim().to_string())
        }
        None => (keyword, Vec::new(), String::new()),
    }
}

/// Takes the leading `--flag` words off `line` (BuildKit's `extractBuilderFlags`): quotes are
/// removed inside a flag, `\` escapes the next character, a bare `--` ends the flags.
pub(crate) fn extract_flags(line: &str) -> (&str, Vec<String>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= bytes.len() {
        let ch = bytes.get(pos).copied().unwrap_or(0);
        let at_end = pos == bytes.len();
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if is_go_space_byte(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || bytes.get(pos + 1) != Some(&b'-') {
                return (&line[pos..], words);
            }
            phase = Phase::Word;
        }
        if at_end {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                words.push(String::from_utf8_lossy(&word).into_owned());
            }
            break;
        }
        if phase == Phase::Word {
            if is_go_space_byte(ch) {
                phase = Phase::Spaces;
                if word == b"--" {
                    return (&line[pos..], words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(String::from_utf8_lossy(&word).into_owned());
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if c == b'\\' {
                if pos + 1 == bytes.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = bytes[pos];
            }
            word.push(c);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if c == b'\\' {
            if pos + 1 == bytes.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = bytes[pos];
        }
        word.push(c);
        pos += 1;
    }
    ("", words)
}

/// Go's `unicode.IsSpace(rune(b))` for one byte.
fn is_go_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x85 | 0xA0)
}

/// Quote-aware word splitting that keeps quotes and escapes (BuildKit's `parseWords`), used
/// by ARG, ENV and LABEL.
pub fn parse_words(rest: &str, escape: char) -> Vec<String> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= chars.len() {
        let at_end = pos == chars.len();
        let mut ch = chars.get(pos).copied().unwrap_or('\0');
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                pos += 1;
                continue;
            }
            phase = Phase::Word;
        }
        if at_end {
            if blank_ok || !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if pos + 1 == chars.len() {
                    pos += 1;
                    continue;
                }
                word.push(ch);
                pos += 1;
                ch = chars[pos];
            }
            word.push(ch);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if pos + 1 == chars.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            word.push(ch);
            ch = chars[pos];
        }
        word.push(ch);
        pos += 1;
    }
    words
}

fn values(v: impl IntoIterator<Item = impl Into<String>>) -> Vec<Arg> {
    v.into_iter().map(|s| Arg::Value(s.into())).collect()
}

/// A JSON array of strings (exec form). `Err(None)`: not JSON at all; `Err(Some(..))`: JSON
/// but not all strings.
pub fn parse_json_array(rest: &str) -> Result<Vec<String>, Option<ParseErrorKind>> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Err(None);
    }
    let parsed: Vec<serde_json::Value> = serde_json::from_str(rest).map_err(|_| None)?;
    parsed
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(s),
            _ => Err(Some(ParseErrorKind::NotStringArray)),
        })
        .collect()
}

/// FROM, EXPOSE: whitespace-separated words, quotes untouched.
pub(crate) fn strings_whitespace_delimited(rest: &str) -> Parsed {
    if rest.is_empty() {
        return Ok((Vec::new(), false));
    }
    Ok((values(split_token_space(rest, usize::MAX)), false))
}

/// MAINTAINER, USER, WORKDIR, STOPSIGNAL: the rest of the line as one node.
pub(crate) fn string(rest: &str) -> Parsed {
    if rest.is_empty() {
        return Ok((Vec::new(), false));
    }
    Ok((values([rest]), false))
}

/// RUN, CMD, ENTRYPOINT, SHELL: a JSON array, or the whole rest as one node (shell form).
pub(crate) fn maybe_json(rest: &str) -> Parsed {
    if rest.is_empty() {
        return Ok((Vec::new(), false));
    }
    match parse_json_array(rest) {
        Ok(list) => Ok((values(list), true)),
        Err(Some(e)) => Err(e),
        Err(None) => Ok((values([rest]), false)),
    }
}

/// ADD, COPY, VOLUME: a JSON array, or whitespace-separated words.
pub(crate) fn maybe_json_to_list(rest: &str) -> Parsed {
    match parse_json_array(rest) {
        Ok(list) => Ok((values(list), true)),
        Err(Some(e)) => Err(e),
        Err(None) => strings_whitespace_delimited(rest),
    }
}

/// ENV, LABEL: `name=value …` triples, or the legacy `name value`.
pub(crate) fn name_val(rest: &str, keyword: &str, escape: char) -> Parsed {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok((Vec::new(), false));
    };
    if !first.contains('=') {
        let parts = split_token_space(rest, 2);
        if parts.len() < 2 {
            return Err(ParseErrorKind::MissingValue(keyword.to_string()));
        }
        return Ok((values([parts[0], parts[1], ""]), false));
    }
    let mut out = Vec::with_capacity(words.len() * 3);
    for word in &words {
        let Some((k, v)) = word.split_once('=') else {
            return Err(ParseErrorKind::MissingEquals(word.clone()));
        };
        out.extend(values([k, v, "="]));
    }
    Ok((out, false))
}

/// ARG: each word (quotes kept) is a node.
pub(crate) fn name_or_name_val(rest: &str, escape: char) -> Parsed {
    Ok((values(parse_words(rest, escape)), false))
}

/// HEALTHCHECK: the first word (`CMD`, `NONE`, …), then the rest parsed like CMD.
pub(crate) fn health_config(rest: &str) -> Parsed {
    let bytes = rest.as_bytes();
    let sep = bytes
        .iter()
        .position(|&b| is_go_space_byte(b))
        .unwrap_or(bytes.len());
    if sep == 0 {
        return Ok((Vec::new(), false));
    }
    let next = bytes[sep..]
        .iter()
        .position(|&b| !is_go_space_byte(b))
        .map_or(bytes.len(), |i| sep + i);
    let (mut cmd, json) = maybe_json(&rest[next..])?;
    cmd.insert(0, Arg::Value(rest[..sep].to_string()));
    Ok((cmd, json))
}

/// Unknown instructions get one empty node, as in BuildKit.
pub(crate) fn ignore() -> Parsed {
    Ok((values([""]), false))
}

/// Whether an instruction (or the trigger of an ONBUILD) may carry heredocs.
pub(crate) fn can_contain_heredoc(node: &RawInstruction) -> bool {
    let target = match (node.name().as_str(), node.args.first()) {
        ("onbuild", Some(Arg::Nested(inner))) => inner,
        _ => node,
    };
    matches!(target.name().as_str(), "add" | "copy" | "run") && !target.json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_stop_at_the_first_plain_word_and_at_double_dash() {
        assert_eq!(
            extract_flags("--a=1 --b=\"x y\" rest of it"),
            ("rest of it", vec!["--a=1".into(), "--b=x y".into()])
        );
        assert_eq!(extract_flags("--a -- --b"), (" --b", vec!["--a".into()]));
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        assert_eq!(parse_words("a=\"b c\" d\\ e", '\\'), ["a=\"b c\"", "d\\ e"]);
    }
}
