//! Shell pattern matching (`case`, `${v#p}`, pathname expansion): `*`, `?`, `[…]` with
//! ranges, `!`/`^` negation and `[:class:]`, where quoted characters match only themselves.
//! Linear memory, O(pattern × text) time (one backtrack point per `*`).

/// One pattern character and whether it was quoted.
pub type PatChar = (char, bool);

/// Whether the whole of `text` matches `pattern`.
pub fn matches(pattern: &[PatChar], text: &[char]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() {
            match pattern[p] {
                ('*', false) => {
                    star = Some((p, t));
                    p += 1;
                    continue;
                }
                ('?', false) => {
                    p += 1;
                    t += 1;
                    continue;
                }
                ('[', false) => {
                    if let Some((ok, len)) = bracket(&pattern[p..], text[t]) {
                        if ok {
                            p += len;
                            t += 1;
                            continue;
                        }
                    } else if text[t] == '[' {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
                (c, _) if c == text[t] => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|c| *c == ('*', false))
}

/// A bracket expression at the start of `pattern` against `c`: (matched, pattern length);
/// `None` when the `[` does not open a valid bracket expression.
fn bracket(pattern: &[PatChar], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pattern.get(i), Some(('!' | '^', false)));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let (pc, quoted) = *pattern.get(i)?;
        if pc == ']' && !quoted && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if pc == '[' && !quoted && matches!(pattern.get(i + 1), Some((':', false))) {
            let rest: String = pattern[i + 2..].iter().map(|x| x.0).collect();
            if let Some(end) = rest.find(":]") {
                let class = &rest[..end];
                matched |= class_matches(class, c);
                i += 2 + end + 2;
                continue;
            }
        }
        if matches!(pattern.get(i + 1), Some(('-', false)))
            && pattern.get(i + 2).is_some_and(|x| x.0 != ']' || x.1)
        {
            let hi = pattern[i + 2].0;
            matched |= pc <= c && c <= hi;
            i += 3;
            continue;
        }
        matched |= pc == c;
        i += 1;
    }
}

fn class_matches(class: &str, c: char) -> bool {
    match class {
        "alpha" => c.is_ascii_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_ascii_alphanumeric(),
        "upper" => c.is_ascii_uppercase(),
        "lower" => c.is_ascii_lowercase(),
        "space" => c.is_ascii_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        "cntrl" => c.is_ascii_control(),
        "print" => c.is_ascii_graphic() || c == ' ',
        "graph" => c.is_ascii_graphic(),
        _ => false,
    }
}

/// Whether the pattern has an unquoted `*`, `?` or `[` (pathname expansion applies).
pub fn has_magic(pattern: &[PatChar]) -> bool {
    pattern
        .iter()
        .any(|&(c, q)| !q && matches!(c, '*' | '?' | '['))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        let p: Vec<PatChar> = p.chars().map(|c| (c, false)).collect();
        let t: Vec<char> = t.chars().collect();
        matches(&p, &t)
    }

    #[test]
    fn wildcards() {
        assert!(m("*", ""));
        assert!(m("a*c", "abbbc"));
        assert!(!m("a*c", "abbbd"));
        assert!(m("*.js", "app.js"));
        assert!(m("x86_64", "x86_64"));
        assert!(m("?b", "ab"));
        assert!(m("[a-c]x", "bx"));
        assert!(!m("[!a-c]x", "bx"));
        assert!(m("[[:digit:]]*", "3abc"));
        assert!(m("[]]", "]"));
        assert!(m("[", "["));
        assert!(m("*-*", "linux-x64"));
    }

    #[test]
    fn quoted_star_is_literal() {
        let p = vec![('*', true)];
        assert!(!matches(&p, &['a']));
        assert!(matches(&p, &['*']));
    }
}
