//! The shell patterns of `${VAR#p}`, `${VAR%p}` and `${VAR/p/r}`.
//!
//! BuildKit turns a pattern into a Go regular expression (`convertShellPatternToRegex` in
//! `shell/lex.go`): `*` → `.*` (or lazy `.*?`), `?` → `.`, everything else literal; the escapes
//! `\*`, `\?`, `\\` are literal and `\}`, `\/` drop their backslash. No bracket expressions.
//! Go's `.` does not match a newline, so neither do `*` and `?` here.
//!
//! We match the same language without a regex engine: a pattern is a list of [`Pat`] and a set
//! of pattern positions is a bit set stepped one character at a time (shift-and with
//! self-looping stars), so every operation is O(value × pattern / 64), never exponential.
//! For this language (literals, `.` and `.*` only) Go's leftmost-first match is the shortest
//! match for lazy stars and the longest for greedy ones, which is what we compute.

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pat {
    /// `*`: any run of characters except newline.
    Star,
    /// `?`: one character except newline.
    One,
    /// A literal character.
    Lit(char),
}

/// Compiles a pattern as BuildKit does. `Err(c)` is an invalid escape `\c` (U+FFFD when the
/// pattern ends in a lone backslash, as Go's `%c` prints `scanner.EOF`).
pub(super) fn compile(pattern: &str) -> Result<Vec<Pat>, char> {
    let mut out = Vec::new();
    // Go's text/scanner drops a byte order mark at the very start.
    let mut it = pattern
        .strip_prefix('\u{feff}')
        .unwrap_or(pattern)
        .chars()
        .peekable();
    while let Some(c) = it.next() {
        match c {
            '*' => {
                // `.*.*` matches what `.*` matches: keep one (the bit set needs no chains).
                if out.last() != Some(&Pat::Star) {
                    out.push(Pat::Star);
                }
            }
            '?' => out.push(Pat::One),
            '\\' => match it.peek() {
                // `\}` and `\/` only protect the character inside `${}`.
                Some('}' | '/') => {}
                _ => match it.next() {
                    Some(e @ ('*' | '?' | '\\')) => out.push(Pat::Lit(e)),
                    Some(e) => return Err(e),
                    None => return Err('\u{fffd}'),
                },
            },
            _ => out.push(Pat::Lit(c)),
        }
    }
    Ok(out)
}

/// BuildKit's `reversePattern`: reverses a pattern keeping `\x` pairs in order (`a\*c` →
/// `c\*a`). `${VAR%p}` matches the reversed pattern against the reversed value.
pub(super) fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pieces: Vec<&[char]> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let len = if chars[i] == '\\' && i + 1 < chars.len() {
            2
        } else {
            1
        };
        pieces.push(&chars[i..i + len]);
        i += len;
    }
    pieces.iter().rev().flat_map(|p| p.iter()).collect()
}

/// A compiled pattern as bit masks over pattern positions `0..=len` (bit `len` = accept).
pub(super) struct Matcher {
    len: usize,
    star: Vec<u64>,
    one: Vec<u64>,
    /// Per literal character, the positions holding it (sorted by character).
    lits: Vec<(char, Vec<u64>)>,
    zero: Vec<u64>,
}

/// A set of pattern positions.
type Set = Vec<u64>;

impl Matcher {
    pub(super) fn new(pat: &[Pat]) -> Matcher {
        let words = pat.len() / 64 + 1;
        let zero = vec![0u64; words];
        let mut star = zero.clone();
        let mut one = zero.clone();
        let mut lits: Vec<(char, Vec<u64>)> = Vec::new();
        for (i, p) in pat.iter().enumerate() {
            let (w, b) = (i / 64, 1u64 << (i % 64));
            match p {
                Pat::Star => star[w] |= b,
                Pat::One => one[w] |= b,
                Pat::Lit(c) => match lits.binary_search_by(|(k, _)| k.cmp(c)) {
                    Ok(at) => lits[at].1[w] |= b,
                    Err(at) => {
                        let mut mask = zero.clone();
                        mask[w] |= b;
                        lits.insert(at, (*c, mask));
                    }
                },
            }
        }
        Matcher {
            len: pat.len(),
            star,
            one,
            lits,
            zero,
        }
    }

    fn start(&self) -> Set {
        let mut set = self.zero.clone();
        set[0] = 1;
        self.close(&mut set);
        set
    }

    /// Adds the position after every star in the set (a star may match nothing).
    fn close(&self, set: &mut Set) {
        let mut carry = 0;
        for (w, s) in set.iter_mut().zip(&self.star) {
            let stars = *w & s;
            let shifted = (stars << 1) | carry;
            carry = stars >> 63;
            *w |= shifted;
        }
    }

    fn accepts(&self, set: &Set) -> bool {
        set[self.len / 64] & (1u64 << (self.len % 64)) != 0
    }

    fn is_empty(set: &Set) -> bool {
        set.iter().all(|w| *w == 0)
    }

    /// The set after reading `c`.
    fn step(&self, set: &Set, c: char) -> Set {
        let lit = self
            .lits
            .binary_search_by(|(k, _)| k.cmp(&c))
            .ok()
            .map(|at| &self.lits[at].1);
        let any = c != '\n';
        let mut out = self.zero.clone();
        let mut carry = 0;
        for w in 0..set.len() {
            let mut advancing = 0;
            if let Some(lit) = lit {
                advancing |= lit[w];
            }
            let mut staying = 0;
            if any {
                advancing |= self.one[w];
                staying = self.star[w];
            }
            let moved = set[w] & advancing;
            out[w] = (moved << 1) | carry | (set[w] & staying);
            carry = moved >> 63;
        }
        self.close(&mut out);
        out
    }

    /// Ends `e` such that the pattern matches `value[start..e]`: the shortest and the longest.
    pub(super) fn anchored_ends(&self, value: &[char], start: usize) -> Option<(usize, usize)> {
        let mut set = self.start();
        let mut found: Option<(usize, usize)> = None;
        let note = |end: usize, found: &mut Option<(usize, usize)>| {
            *found = Some(found.map_or((end, end), |(short, _)| (short, end)));
        };
        if self.accepts(&set) {
            note(start, &mut found);
        }
        for (i, &c) in value.iter().enumerate().skip(start) {
            set = self.step(&set, c);
            if Self::is_empty(&set) {
                break;
            }
            if self.accepts(&set) {
                note(i + 1, &mut found);
            }
        }
        found
    }

    /// For every position `s` in `0..=value.len()`, whether some match starts at `s`.
    /// `reversed` must be the matcher of the reversed pattern.
    pub(super) fn match_starts(reversed: &Matcher, value: &[char]) -> Vec<bool> {
        let n = value.len();
        let mut starts = vec![false; n + 1];
        let begin = reversed.start();
        let mut set = reversed.zero.clone();
        for j in 0..=n {
            // A new reversed thread at every position: a match may end anywhere.
            for (w, b) in set.iter_mut().zip(&begin) {
                *w |= b;
            }
            if reversed.accepts(&set) {
                starts[n - j] = true;
            }
            if j < n {
                set = reversed.step(&set, value[n - 1 - j]);
            }
        }
        starts
    }
}

/// `${VAR#p}` (shortest) and `${VAR##p}` (longest): remove a matching prefix.
pub(super) fn trim_prefix(pat: &[Pat], value: &str, greedy: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    match Matcher::new(pat).anchored_ends(&chars, 0) {
        Some((short, long)) => chars[if greedy { long } else { short }..].iter().collect(),
        None => value.to_string(),
    }
}

/// `${VAR%p}` and `${VAR%%p}`: `reversed_pat` is the compiled reversed pattern; BuildKit
/// removes a matching prefix of the reversed value.
pub(super) fn trim_suffix(reversed_pat: &[Pat], value: &str, greedy: bool) -> String {
    let reversed: String = value.chars().rev().collect();
    trim_prefix(reversed_pat, &reversed, greedy)
        .chars()
        .rev()
        .collect()
}

/// `${VAR/p/r}` (first match, replacement taken literally) and `${VAR//p/r}` (every match,
/// replacement expanded like Go's `Regexp.ReplaceAllString` template, where `$0` / `${0}` is
/// the match, `$$` is `$`, and other references are empty).
pub(super) fn replace(pat: &[Pat], value: &str, replacement: &str, all: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let forward = Matcher::new(pat);
    let reversed: Vec<Pat> = pat.iter().rev().copied().collect();
    let starts = Matcher::match_starts(&Matcher::new(&reversed), &chars);
    let longest_from = |s: usize| forward.anchored_ends(&chars, s).map_or(s, |(_, long)| long);
    if !all {
        let Some(s) = starts.iter().position(|&ok| ok) else {
            return value.to_string();
        };
        let e = longest_from(s);
        let mut out: String = chars[..s].iter().collect();
        out.push_str(replacement);
        out.extend(&chars[e..]);
        return out;
    }
    // Go's replaceAll loop, in characters instead of bytes.
    let mut out = String::new();
    let (mut last_end, mut search, mut next) = (0, 0, 0);
    while search <= n {
        next = next.max(search);
        while next <= n && !starts[next] {
            next += 1;
        }
        if next > n {
            break;
        }
        let (s, e) = (next, longest_from(next));
        out.extend(&chars[last_end..s]);
        // No replacement for an empty match right after the previous match.
        if e > last_end || s == 0 {
            expand_template(&mut out, replacement, &chars[s..e]);
        }
        last_end = e;
        search = if search + 1 > e { search + 1 } else { e };
    }
    out.extend(&chars[last_end.min(n)..]);
    out
}

/// Go's `Regexp.expand` for a pattern without capture groups.
fn expand_template(out: &mut String, template: &str, matched: &[char]) {
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        match extract_reference(rest) {
            Some((name, after)) => {
                if name == "0" {
                    out.extend(matched);
                }
                rest = after;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// Go's `extract`: `name` or `{name}` (letters, digits, `_`), and the text after it.
fn extract_reference(s: &str) -> Option<(&str, &str)> {
    let (body, brace) = match s.strip_prefix('{') {
        Some(b) => (b, true),
        None => (s, false),
    };
    let len: usize = body
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let (name, mut after) = body.split_at(len);
    if brace {
        after = after.strip_prefix('}')?;
    }
    Some((name, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(p: &str) -> Vec<Pat> {
        compile(p).expect("valid pattern")
    }

    #[test]
    fn trims_shortest_and_longest() {
        assert_eq!(trim_prefix(&pat("*/"), "a/b/c", false), "b/c");
        assert_eq!(trim_prefix(&pat("*/"), "a/b/c", true), "c");
        let rev = pat(&reverse_pattern("/*"));
        assert_eq!(trim_suffix(&rev, "a/b/c", false), "a/b");
        assert_eq!(trim_suffix(&rev, "a/b/c", true), "a");
    }

    #[test]
    fn stars_do_not_cross_newlines() {
        assert_eq!(trim_prefix(&pat("*x"), "a\nx", true), "a\nx");
        assert_eq!(replace(&pat("?"), "\n", "X", true), "\n");
    }

    #[test]
    fn replace_all_follows_go() {
        // One match of the whole value; the empty match at its end is skipped.
        assert_eq!(replace(&pat("*"), "abc", "X", true), "X");
        assert_eq!(replace(&pat("*"), "", "X", true), "X");
        assert_eq!(replace(&pat("b"), "abcb", "[$0]", true), "a[b]c[b]");
        assert_eq!(replace(&pat("b"), "abcb", "[$0]", false), "a[$0]cb");
        assert_eq!(replace(&pat("b"), "ab", "$1${x}$$-$", true), "a$-$");
        assert_eq!(replace(&pat("x*"), "axbxc", "-", true), "a-");
    }

    #[test]
    fn escapes() {
        assert_eq!(pat(r"a\*\}"), [Pat::Lit('a'), Pat::Lit('*'), Pat::Lit('}')]);
        assert_eq!(compile(r"\x"), Err('x'));
        assert_eq!(compile("\\"), Err('\u{fffd}'));
        assert_eq!(reverse_pattern(r"a\*c"), r"c\*a");
    }

    #[test]
    fn long_values_stay_fast() {
        let value = "a".repeat(20_000);
        let p = pat(&"*a".repeat(50));
        assert_eq!(replace(&p, &value, "x", true), "x");
        assert_eq!(trim_prefix(&pat("*b"), &value, false), value);
    }
}
