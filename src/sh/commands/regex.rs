//! POSIX regular expressions for `grep`, `sed` and `expr`: basic (BRE, with GNU's `\+ \? \|`
//! extensions) and extended (ERE) syntax, translated to `regex-lite` syntax. Bracket
//! expressions (`[[:alpha:]]`, `[]a]`, `[^-x]`) are rewritten with every literal escaped.
//! regex-lite matches leftmost-first (Perl); for patterns with an alternation and no anchors,
//! `whole`/`longest_end` extend a match to POSIX's leftmost-longest (up to 64 bytes further),
//! so `s/a|ab/X/` on `abc` gives `Xc` as GNU sed does. Known differences: anchored
//! alternations keep the first matching branch, and back-references (`\1` in a pattern) are
//! refused. Matching is linear in the input (no backtracking).

use regex_lite::{Regex, RegexBuilder};

/// Which syntax a pattern is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// POSIX basic (`grep`, `sed`).
    Basic,
    /// POSIX extended (`grep -E`, `sed -E`).
    Extended,
    /// A fixed string (`grep -F`).
    Fixed,
    /// Perl syntax (`grep -P`), handed to regex-lite as is: no look-around, no
    /// back-references.
    Perl,
}

/// Appends `c` to `out` as a literal.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' {
        if c != ' ' {
            out.push('\\');
        }
        out.push(c);
    } else if c == '\n' {
        out.push_str("\\n");
    } else {
        out.push(c);
    }
}

/// `s` as a regex matching it literally.
pub fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        push_literal(&mut out, c);
    }
    out
}

/// Translates a bracket expression starting after `[`; returns the regex text and the index
/// after the closing `]`.
fn bracket(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
    let unmatched = || "Unmatched [, [^, [:, [., or [=".to_string();
    let mut out = String::from("[");
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let c = *chars.get(i).ok_or_else(unmatched)?;
        if c == ']' && !first {
            out.push(']');
            return Ok((out, i + 1));
        }
        first = false;
        if c == '[' && matches!(chars.get(i + 1), Some(':' | '.' | '=')) {
            let kind = chars[i + 1];
            let start = i + 2;
            let mut j = start;
            while j + 1 < chars.len() && !(chars[j] == kind && chars[j + 1] == ']') {
                j += 1;
            }
            if j + 1 >= chars.len() {
                return Err(unmatched());
            }
            let name: String = chars[start..j].iter().collect();
            i = j + 2;
            match kind {
                ':' => {
                    const CLASSES: &[&str] = &[
                        "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print",
                        "punct", "space", "upper", "xdigit",
                    ];
                    if !CLASSES.contains(&name.as_str()) {
                        return Err("Invalid character class name".into());
                    }
                    out.push_str(&format!("[:{name}:]"));
                }
                _ => {
                    for c in name.chars() {
                        push_literal(&mut out, c);
                    }
                }
            }
            continue;
        }
        // GNU extension: `\n` and `\t` inside brackets (a newline can be in sed's pattern
        // space); other backslashes are literal, as POSIX says.
        if c == '\\' && matches!(chars.get(i + 1), Some('n' | 't')) {
            out.push_str(if chars[i + 1] == 'n' { "\\n" } else { "\\t" });
            i += 2;
            continue;
        }
        // A range `a-z` (the `-` is literal first or last).
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            let end = chars[i + 2];
            if end < c {
                return Err("Invalid range end".into());
            }
            push_literal(&mut out, c);
            out.push('-');
            push_literal(&mut out, end);
            i += 3;
            continue;
        }
        push_literal(&mut out, c);
        i += 1;
    }
}

/// Reads an interval `m,n}` (or `m,n\}` in BRE) after the `{`; `None` if it is not one.
fn interval(chars: &[char], i: usize, bre: bool) -> Option<(String, usize)> {
    let mut j = i;
    let mut text = String::new();
    while let Some(&c) = chars.get(j) {
        if c.is_ascii_digit() || c == ',' {
            text.push(c);
            j += 1;
        } else {
            break;
        }
    }
    let end = if bre {
        (chars.get(j) == Some(&'\\') && chars.get(j + 1) == Some(&'}')).then_some(j + 2)?
    } else {
        (chars.get(j) == Some(&'}')).then_some(j + 1)?
    };
    let (lo, hi) = match text.split_once(',') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (text.as_str(), None),
    };
    let lo_n: u32 = if lo.is_empty() { 0 } else { lo.parse().ok()? };
    if let Some(hi) = hi.filter(|h| !h.is_empty()) {
        let hi_n: u32 = hi.parse().ok()?;
        if hi_n < lo_n {
            return None;
        }
    }
    let body = match hi {
        None => format!("{{{lo_n}}}"),
        Some("") => format!("{{{lo_n},}}"),
        Some(h) => format!("{{{lo_n},{h}}}"),
    };
    Some((body, end))
}

/// Translates a BRE or ERE into regex-lite syntax. Errors use glibc's wording.
pub fn translate(pattern: &str, syntax: Syntax) -> Result<String, String> {
    if syntax == Syntax::Fixed {
        return Ok(escape(pattern));
    }
    if syntax == Syntax::Perl {
        if pattern.contains("(?<") || pattern.contains("(?=") || pattern.contains("(?!") {
            return Err("look-around assertions are not supported in the Layercake sandbox".into());
        }
        return Ok(pattern.to_string());
    }
    let bre = syntax == Syntax::Basic;
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut depth = 0usize;
    // Whether the next token starts an expression (where `*` is literal, `^` an anchor).
    let mut at_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = at_start;
        at_start = false;
        match c {
            '\\' => {
                let Some(&n) = chars.get(i + 1) else {
                    return Err("Trailing backslash".into());
                };
                i += 2;
                match n {
                    '(' if bre => {
                        out.push('(');
                        depth += 1;
                        at_start = true;
                    }
                    ')' if bre => {
                        if depth == 0 {
                            return Err("Unmatched ) or \\)".into());
                        }
                        depth -= 1;
                        out.push(')');
                    }
                    '|' if bre => {
                        out.push('|');
                        at_start = true;
                    }
                    '{' if bre => {
                        if start {
                            return Err("Invalid preceding regular expression".into());
                        }
                        let (body, end) =
                            interval(&chars, i, true).ok_or("Invalid content of \\{\\}")?;
                        out.push_str(&body);
                        i = end;
                    }
                    '}' if bre => return Err("Unmatched \\{".into()),
                    '+' | '?' if bre => {
                        if start {
                            push_literal(&mut out, n);
                        } else {
                            out.push(n);
                        }
                    }
                    '1'..='9' => return Err("back-references are not supported".into()),
                    'n' => out.push_str("\\n"),
                    't' => out.push_str("\\t"),
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' | '<' | '>' => {
                        out.push('\\');
                        out.push(n);
                    }
                    '`' => out.push_str("\\A"),
                    '\'' => out.push_str("\\z"),
                    _ => push_literal(&mut out, n),
                }
            }
            '[' => {
                let (class, end) = bracket(&chars, i + 1)?;
                out.push_str(&class);
                i = end;
            }
            '.' => {
                out.push('.');
                i += 1;
            }
            '*' => {
                if start {
                    out.push_str("\\*");
                } else if !out.ends_with('*') || out.ends_with("\\*") {
                    out.push('*');
                }
                i += 1;
            }
            '^' => {
                if bre && !start {
                    out.push_str("\\^");
                } else {
                    out.push('^');
                    at_start = true;
                }
                i += 1;
            }
            '$' => {
                let last = i + 1 == chars.len()
                    || (bre
                        && chars.get(i + 1) == Some(&'\\')
                        && matches!(chars.get(i + 2), Some(')' | '|')))
                    || (!bre && matches!(chars.get(i + 1), Some(')' | '|')));
                if bre && !last {
                    out.push_str("\\$");
                } else {
                    out.push('$');
                }
                i += 1;
            }
            '(' if !bre => {
                out.push('(');
                depth += 1;
                at_start = true;
                i += 1;
            }
            ')' if !bre => {
                if depth == 0 {
                    out.push_str("\\)");
                } else {
                    depth -= 1;
                    out.push(')');
                }
                i += 1;
            }
            '|' if !bre => {
                out.push('|');
                at_start = true;
                i += 1;
            }
            '+' | '?' if !bre => {
                if start {
                    push_literal(&mut out, c);
                } else {
                    out.push(c);
                }
                i += 1;
            }
            '{' if !bre => match interval(&chars, i + 1, false) {
                Some((body, end)) if !start => {
                    out.push_str(&body);
                    i = end;
                }
                _ => {
                    out.push_str("\\{");
                    i += 1;
                }
            },
            _ => {
                push_literal(&mut out, c);
                i += 1;
            }
        }
    }
    if depth > 0 {
        return Err("Unmatched ( or \\(".into());
    }
    Ok(out)
}

/// Compiles a pattern (`.` matches a newline, as in sed's pattern space).
pub fn compile(pattern: &str, syntax: Syntax, icase: bool) -> Result<Regex, String> {
    let text = translate(pattern, syntax)?;
    build(&text, icase)
}

/// Compiles translated regex text.
pub fn build(text: &str, icase: bool) -> Result<Regex, String> {
    // The flags go into the pattern text, so `Regex::as_str` can be wrapped (`whole`).
    let flags = if icase { "(?is)" } else { "(?s)" };
    RegexBuilder::new(&format!("{flags}{text}"))
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            msg.lines()
                .rev()
                .find(|l| l.starts_with("error:"))
                .map(|l| l.trim_start_matches("error:").trim().to_string())
                .unwrap_or(msg)
        })
}

/// Whether POSIX's leftmost-longest rule can pick a longer match than leftmost-first: the
/// pattern has an alternation, and no anchors or word boundaries (which a substring test
/// could not judge).
fn needs_longest(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    let (mut i, mut alt) = (0, false);
    while i < c.len() {
        match c[i] {
            '\\' => {
                if matches!(c.get(i + 1), Some('b' | 'B' | '<' | '>' | 'A' | 'z')) {
                    return false;
                }
                i += 2;
                continue;
            }
            '[' => {
                i += 1;
                while i < c.len() && c[i] != ']' {
                    if c[i] == '\\' {
                        i += 1;
                    } else if c[i] == '[' && c.get(i + 1) == Some(&':') {
                        while i + 1 < c.len() && !(c[i] == ':' && c[i + 1] == ']') {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
            }
            '^' | '$' => return false,
            '|' => alt = true,
            _ => {}
        }
        i += 1;
    }
    alt
}

/// `^(?:re)$`, when leftmost-longest may differ from `re`'s leftmost-first matches.
pub fn whole(re: &Regex) -> Option<Regex> {
    if !needs_longest(re.as_str()) {
        return None;
    }
    RegexBuilder::new(&format!("^(?:{})$", re.as_str()))
        .build()
        .ok()
}

/// How far a leftmost-first match `start..end` extends under POSIX's leftmost-longest rule
/// (looking at most 64 bytes further, so the cost stays linear in the input).
pub fn longest_end(whole: &Regex, hay: &str, start: usize, end: usize) -> usize {
    let mut e = hay.len().min(end + 64);
    while e > end {
        if hay.is_char_boundary(e) && whole.is_match(&hay[start..e]) {
            return e;
        }
        e -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &str, s: Syntax) -> String {
        translate(p, s).unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn bre() {
        assert_eq!(t(r"a\(b\)*c", Syntax::Basic), "a(b)*c");
        assert_eq!(t("a+b?", Syntax::Basic), r"a\+b\?");
        assert_eq!(t(r"a\{2,3\}", Syntax::Basic), "a{2,3}");
        assert_eq!(t("*a", Syntax::Basic), r"\*a");
        assert_eq!(t("a^b$", Syntax::Basic), r"a\^b$");
        assert_eq!(t("[[:digit:]]x", Syntax::Basic), "[[:digit:]]x");
        assert_eq!(t("[]a-]", Syntax::Basic), r"[\]a\-]");
        assert_eq!(t("[^\\n]", Syntax::Basic), r"[^\n]");
        assert_eq!(t("[\\.]", Syntax::Basic), r"[\\\.]");
        assert_eq!(t(r"\(a", Syntax::Basic), r"ERR Unmatched ( or \(");
        assert_eq!(t("[a", Syntax::Basic), "ERR Unmatched [, [^, [:, [., or [=");
    }

    #[test]
    fn leftmost_longest() {
        let re = compile("a|ab", Syntax::Extended, false).unwrap_or_else(|e| panic!("{e}"));
        let w = whole(&re).unwrap_or_else(|| panic!("alternation"));
        assert_eq!(longest_end(&w, "xabc", 1, 2), 3);
        let anchored = compile("^a|ab", Syntax::Extended, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(whole(&anchored).is_none());
        let class = compile("[|]a", Syntax::Extended, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(whole(&class).is_none());
    }

    #[test]
    fn ere() {
        assert_eq!(t("(a|b)+{x", Syntax::Extended), r"(a|b)+\{x");
        assert_eq!(t("a{2}", Syntax::Extended), "a{2}");
        assert_eq!(t("a.b", Syntax::Fixed), r"a\.b");
    }
}
