//! Parser directives (`# syntax=`, `# escape=`, `# check=`): only at the very top of the
//! file, as BuildKit's `DirectiveParser` reads them.

use serde::Serialize;

/// A directive found at the top of a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// `syntax`, `escape` or `check` (lower case).
    pub name: String,
    /// The value, surrounding blanks removed.
    pub value: String,
    /// 1-based line.
    pub line: u32,
}

/// Reads directives line by line; the first line that is not one ends the scan for good.
#[derive(Debug, Clone)]
pub struct DirectiveParser {
    line: u32,
    comment: &'static str,
    seen: Vec<String>,
    done: bool,
}

impl Default for DirectiveParser {
    fn default() -> Self {
        DirectiveParser {
            line: 0,
            comment: "#",
            seen: Vec::new(),
            done: false,
        }
    }
}

impl DirectiveParser {
    /// A parser for directives written after `comment` (`#`, or `//` for `DetectSyntax`).
    pub fn with_comment(comment: &'static str) -> DirectiveParser {
        DirectiveParser {
            comment,
            ..DirectiveParser::default()
        }
    }

    /// Whether scanning has ended.
    pub fn done(&self) -> bool {
        self.done
    }

    /// Looks at one line. `Err(name)` when a directive is repeated.
    pub fn parse_line(&mut self, line: &str) -> Result<Option<Directive>, String> {
        self.line += 1;
        if self.done {
            return Ok(None);
        }
        let Some(rest) = line.strip_prefix(self.comment) else {
            self.done = true;
            return Ok(None);
        };
        let rest = rest.trim_start();
        let Some((name, value)) = match_directive(rest) else {
            self.done = true;
            return Ok(None);
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return Ok(None);
        }
        if self.seen.contains(&name) {
            return Err(name);
        }
        self.seen.push(name.clone());
        Ok(Some(Directive {
            name,
            value: value.to_string(),
            line: self.line,
        }))
    }

    /// All directives at the top of `text`.
    pub fn parse_all(&mut self, text: &str) -> Result<Vec<Directive>, String> {
        let mut out = Vec::new();
        for line in text.lines() {
            if self.done {
                break;
            }
            if let Some(d) = self.parse_line(line)? {
                out.push(d);
            }
        }
        Ok(out)
    }
}

/// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
fn match_directive(s: &str) -> Option<(&str, &str)> {
    let name_len = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if name_len == 0 || !s.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let rest = s[name_len..].trim_start().strip_prefix('=')?;
    let value = rest.trim();
    if value.is_empty() || value.contains(['\n', '\r']) {
        return None;
    }
    Some((&s[..name_len], value))
}

/// A directive found by [`detect_syntax`] or [`parse_directive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The value up to the first space.
    pub value: String,
    /// The whole value.
    pub full_value: String,
    /// 1-based line (0 for the JSON form).
    pub line: u32,
}

/// BuildKit's `DetectSyntax`: `# syntax=`, else `// syntax=`, else a JSON object with a
/// `syntax` key; a first line starting with `#!` is skipped.
pub fn detect_syntax(text: &str) -> Option<Found> {
    find_directive("syntax", text, true)
}

/// BuildKit's `ParseDirective(key)`: only `#` directives.
pub fn parse_directive(key: &str, text: &str) -> Option<Found> {
    find_directive(key, text, false)
}

fn find_directive(key: &str, text: &str, any_format: bool) -> Option<Found> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (text, shebang) = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#!") => (rest, true),
        None if text.starts_with("#!") => ("", true),
        _ => (text, false),
    };
    let start = u32::from(shebang);
    let prefixes: &[&'static str] = if any_format { &["#", "//"] } else { &["#"] };
    for prefix in prefixes {
        let mut parser = DirectiveParser {
            line: start,
            ..DirectiveParser::with_comment(prefix)
        };
        let found = parser
            .parse_all(text)
            .unwrap_or_default()
            .into_iter()
            .find(|d| d.name == key);
        if let Some(d) = found {
            let value = d.value.split(' ').next().unwrap_or_default().to_string();
            return Some(Found {
                value,
                full_value: d.value,
                line: d.line,
            });
        }
    }
    if any_format {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text)
        {
            if let Some(serde_json::Value::String(v)) = map.get(key) {
                return Some(Found {
                    value: v.clone(),
                    full_value: v.clone(),
                    line: start,
                });
            }
        }
    }
    None
}
