//! `.dockerignore`: reading the file into patterns, matching paths the way moby/patternmatcher
//! does, and filtering a build context the way BuildKit's context walk (fsutil) does.
//!
//! Pattern language: `*` (any run of non-`/`), `?` (one non-`/`), `[...]` / `[^...]` classes
//! with Go `filepath.Match` syntax, `\x` escapes, and `**` (any number of path segments,
//! including none). A leading `!` makes an exception. Patterns are cleaned like Go's
//! `filepath.Clean`. A path is excluded when the last pattern that matches it or one of its
//! parent directories is not an exception.
//!
//! The matcher is a small table-driven automaton (no regex crate); matching is
//! O(pattern × path) with no backtracking blow-up.
//!
//! Known difference: moby copies `\x` into a Go regular expression, so there `\d`, `\w`, `\s`
//! (and their capitals) are character classes, `\b` is a word boundary and an unknown letter
//! escape fails the build; here `\x` always means the literal `x`.

use std::fmt;

/// Why a pattern list could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreErrorKind {
    /// A pattern that is only `!`.
    LoneExclamation,
    /// A pattern with bad syntax (unclosed `[`, bad range, trailing `\`).
    BadPattern,
    /// A pattern longer than [`MAX_PATTERN`] characters.
    TooLong,
}

/// An error in one pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreError {
    /// What is wrong.
    pub kind: IgnoreErrorKind,
    /// The index of the pattern in the list given to [`Matcher::new`].
    pub index: usize,
    /// The pattern as given.
    pub pattern: String,
}

impl fmt::Display for IgnoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            IgnoreErrorKind::LoneExclamation => f.write_str("illegal exclusion pattern: \"!\""),
            IgnoreErrorKind::BadPattern => write!(f, "syntax error in pattern: {:?}", self.pattern),
            IgnoreErrorKind::TooLong => write!(f, "pattern longer than {MAX_PATTERN} characters"),
        }
    }
}

impl std::error::Error for IgnoreError {}

/// Longest pattern accepted (keeps matching cost bounded).
pub const MAX_PATTERN: usize = 4096;

/// How moby classifies a pattern (its fast paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchType {
    /// No wildcard: string equality.
    Exact,
    /// `dir/**`: the path starts with `dir/`.
    Prefix,
    /// `**/name` or `**name`: the path ends with it.
    Suffix,
    /// Anything else: the compiled automaton.
    Regexp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Lit(char),
    OneNotSlash,
    StarNotSlash,
    /// `(.*/)?`: any number of leading directories.
    OptDirs,
    /// `.*`: anything.
    AnyRest,
    /// `^`: moby copies it into the regular expression unescaped, where it anchors at the
    /// start of the path (so `^*.txt` matches `a.txt` and `a^*` matches nothing).
    Caret,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// One compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The cleaned pattern without its `!`.
    pub text: String,
    /// Whether it is an exception (`!pattern`).
    pub exclusion: bool,
    /// moby's classification.
    pub match_type: MatchType,
    toks: Vec<Tok>,
}

/// An ordered list of patterns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matcher {
    patterns: Vec<Pattern>,
}

/// A context entry kind for [`Matcher::filter_walk`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    /// A regular file (or anything that is not a directory).
    File,
    /// A directory.
    Dir,
}

/// Go's `filepath.Clean` for `/`-separated paths.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Reads a `.dockerignore` file into patterns (moby's `ignorefile.ReadAll`): a UTF-8 BOM is
/// dropped, lines starting with `#` are comments, lines are trimmed, empty ones dropped,
/// patterns cleaned and made relative (`/a` → `a`), `!` kept in front.
pub fn parse_ignore_file(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut pattern = line.trim();
        if pattern.is_empty() {
            continue;
        }
        let invert = pattern.starts_with('!');
        if invert {
            pattern = pattern[1..].trim();
        }
        let mut cleaned = String::new();
        if !pattern.is_empty() {
            cleaned = clean(pattern);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
        }
        out.push(if invert {
            format!("!{cleaned}")
        } else {
            cleaned
        });
    }
    out
}

/// The ignore file BuildKit uses for a Dockerfile: `<Dockerfile path>.dockerignore` if the
/// context has it, else `.dockerignore`.
pub fn ignore_file_for(dockerfile_path: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let specific = format!("{dockerfile_path}.dockerignore");
    if exists(&specific) {
        Some(specific)
    } else if exists(".dockerignore") {
        Some(".dockerignore".to_string())
    } else {
        None
    }
}

impl Matcher {
    /// Compiles a pattern list (moby's `patternmatcher.New`). Empty patterns are skipped.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Matcher, IgnoreError> {
        let mut out = Vec::new();
        for (index, given) in patterns.iter().enumerate() {
            let err = |kind| IgnoreError {
                kind,
                index,
                pattern: given.as_ref().to_string(),
            };
            let p = given.as_ref().trim();
            if p.is_empty() {
                continue;
            }
            if p.chars().count() > MAX_PATTERN {
                return Err(err(IgnoreErrorKind::TooLong));
            }
            let mut p = clean(p);
            let exclusion = p.starts_with('!');
            if exclusion {
                if p.len() == 1 {
                    return Err(err(IgnoreErrorKind::LoneExclamation));
                }
                p.remove(0);
            }
            let (toks, match_type) = compile(&p).ok_or_else(|| err(IgnoreErrorKind::BadPattern))?;
            out.push(Pattern {
                text: p,
                exclusion,
                match_type,
                toks,
            });
        }
        Ok(Matcher { patterns: out })
    }

    /// The compiled patterns, in order.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether any pattern is an exception.
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// Whether `path` (relative, `/`-separated) is excluded: the last pattern that matches it
    /// or one of its parents decides (moby's `MatchesOrParentMatches`).
    pub fn matches(&self, path: &str) -> bool {
        let parent = dir(path);
        let parents: Vec<&str> = if parent == "." {
            Vec::new()
        } else {
            parent.split('/').collect()
        };
        let mut matched = false;
        for pattern in &self.patterns {
            if pattern.exclusion != matched {
                continue;
            }
            let mut hit = pattern.matches(path);
            if !hit && !parents.is_empty() {
                let mut prefix = String::new();
                for (i, part) in parents.iter().enumerate() {
                    if i > 0 {
                        prefix.push('/');
                    }
                    prefix.push_str(part);
                    if pattern.matches(&prefix) {
                        hit = true;
                        break;
                    }
                }
            }
            if hit {
                matched = !pattern.exclusion;
            }
        }
        matched
    }

    /// Filters a context listing the way BuildKit's walk does. `entries` must be in walk
    /// order (lexical, parents before children). An excluded directory is dropped with its
    /// contents, unless an exception re-includes something inside it: then it is kept only
    /// when one of its descendants is kept, and it comes right before that descendant.
    pub fn filter_walk(&self, entries: &[(String, EntryKind)]) -> Vec<(String, EntryKind)> {
        let mut out = Vec::new();
        // Excluded directories whose contents are still being looked at, not yet emitted.
        let mut pending: Vec<&str> = Vec::new();
        let mut skipped: Option<&str> = None;
        for (path, kind) in entries {
            if let Some(dir) = skipped {
                if is_inside(path, dir) {
                    continue;
                }
                skipped = None;
            }
            pending.retain(|d| is_inside(path, d));
            if self.matches(path) {
                if *kind == EntryKind::Dir {
                    if self.has_exclusions() {
                        pending.push(path);
                    } else {
                        skipped = Some(path);
                    }
                }
                continue;
            }
            for d in pending.drain(..) {
                out.push((d.to_string(), EntryKind::Dir));
            }
            out.push((path.clone(), *kind));
        }
        out
    }
}

fn is_inside(path: &str, dir: &str) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

/// Go's `filepath.Dir`.
fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => clean(&path[..=i]),
        None => ".".to_string(),
    }
}

impl Pattern {
    /// Whether this pattern matches all of `path` (no parent rule).
    pub fn matches(&self, path: &str) -> bool {
        match self.match_type {
            MatchType::Exact => path == self.text,
            MatchType::Prefix => path.starts_with(&self.text[..self.text.len() - 2]),
            MatchType::Suffix => {
                let suffix = &self.text[2..];
                match suffix.strip_prefix('/') {
                    Some(bare) => path.ends_with(suffix) || path == bare,
                    None => path.ends_with(suffix),
                }
            }
            MatchType::Regexp => run(&self.toks, &path.chars().collect::<Vec<_>>()),
        }
    }
}

/// Compiles a cleaned pattern into tokens and moby's match type; `None` on a syntax error.
fn compile(pattern: &str) -> Option<(Vec<Tok>, MatchType)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut toks = Vec::new();
    let mut kind = MatchType::Exact;
    let mut i = 0;
    let mut index = 0;
    while i < chars.len() {
        let ch = chars[i];
        i += 1;
        match ch {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i == chars.len() {
                    if kind == MatchType::Exact {
                        kind = MatchType::Prefix;
                    } else {
                        toks.push(Tok::AnyRest);
                        kind = MatchType::Regexp;
                    }
                } else {
                    toks.push(Tok::OptDirs);
                    kind = MatchType::Regexp;
                }
                if index == 0 {
                    kind = MatchType::Suffix;
                }
            }
            '*' => {
                toks.push(Tok::StarNotSlash);
                kind = MatchType::Regexp;
            }
            '?' => {
                toks.push(Tok::OneNotSlash);
                kind = MatchType::Regexp;
            }
            '\\' => match chars.get(i) {
                Some(&next) => {
                    toks.push(Tok::Lit(next));
                    i += 1;
                    kind = MatchType::Regexp;
                }
                None => return None,
            },
            '[' => {
                let (tok, end) = parse_class(&chars, i)?;
                toks.push(tok);
                i = end;
                kind = MatchType::Regexp;
            }
            ']' => {
                toks.push(Tok::Lit(']'));
                kind = MatchType::Regexp;
            }
            '^' => toks.push(Tok::Caret),
            c => toks.push(Tok::Lit(c)),
        }
        index += 1;
    }
    // Fast paths need the whole pattern to be literal around the `**`.
    if kind == MatchType::Suffix
        && toks
            .iter()
            .skip(1)
            .any(|t| !matches!(t, Tok::Lit(_) | Tok::Caret))
    {
        kind = MatchType::Regexp;
    }
    if kind == MatchType::Suffix && chars.len() == 2 {
        toks = vec![Tok::AnyRest];
    }
    Some((toks, kind))
}

/// A `[...]` class starting after the `[` at `start`: Go `filepath.Match` syntax, where an
/// unclosed class, an empty one, a bare `-` or `]` where a character is expected, and a
/// reversed range are errors.
fn parse_class(chars: &[char], start: usize) -> Option<(Tok, usize)> {
    let mut i = start;
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    loop {
        if chars.get(i) == Some(&']') && !ranges.is_empty() {
            return Some((Tok::Class { negated, ranges }, i + 1));
        }
        let (lo, next) = class_char(chars, i)?;
        i = next;
        let mut hi = lo;
        if chars.get(i) == Some(&'-') {
            let (h, next) = class_char(chars, i + 1)?;
            hi = h;
            i = next;
        }
        if lo > hi {
            return None;
        }
        ranges.push((lo, hi));
    }
}

fn class_char(chars: &[char], mut i: usize) -> Option<(char, usize)> {
    match chars.get(i)? {
        '-' | ']' => None,
        '\\' => {
            i += 1;
            let c = *chars.get(i)?;
            chars.get(i + 1)?;
            Some((c, i + 1))
        }
        &c => {
            chars.get(i + 1)?;
            Some((c, i + 1))
        }
    }
}

/// Whether the tokens match the whole text: dynamic programming over (token, position),
/// two rows at a time, O(tokens × text).
fn run(toks: &[Tok], text: &[char]) -> bool {
    let n = text.len();
    let mut next = vec![false; n + 1];
    next[n] = true;
    for tok in toks.iter().rev() {
        let mut cur = vec![false; n + 1];
        match tok {
            Tok::StarNotSlash => {
                for j in (0..=n).rev() {
                    cur[j] = next[j] || (j < n && text[j] != '/' && cur[j + 1]);
                }
            }
            Tok::AnyRest => {
                for j in (0..=n).rev() {
                    cur[j] = next[j] || (j < n && cur[j + 1]);
                }
            }
            Tok::Caret => {
                for j in 0..=n {
                    cur[j] = j == 0 && next[j];
                }
            }
            Tok::OptDirs => {
                let mut later_slash = false;
                for j in (0..=n).rev() {
                    if j < n && text[j] == '/' && next[j + 1] {
                        later_slash = true;
                    }
                    cur[j] = next[j] || later_slash;
                }
            }
            single => {
                for j in 0..n {
                    let c = text[j];
                    let ok = match single {
                        Tok::Lit(l) => *l == c,
                        Tok::OneNotSlash => c != '/',
                        Tok::Class { negated, ranges } => {
                            ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
                        }
                        _ => false,
                    };
                    cur[j] = ok && next[j + 1];
                }
            }
        }
        next = cur;
    }
    next[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(patterns: &[&str], path: &str) -> bool {
        Matcher::new(patterns)
            .expect("valid patterns")
            .matches(path)
    }

    #[test]
    fn parents_and_exceptions() {
        assert!(excluded(&["docs"], "docs/README.md"));
        assert!(!excluded(&["docs", "!docs/README.md"], "docs/README.md"));
        assert!(excluded(&["**/*.go"], "a/b/c.go"));
        assert!(excluded(&["**/*.go"], "c.go"));
        assert!(!excluded(&["*.go"], "a/c.go"));
    }

    #[test]
    fn caret_anchors_only_in_regexp_patterns() {
        assert!(excluded(&["^*.txt"], "a.txt"));
        assert!(!excluded(&["a^*"], "a^b"));
        assert!(excluded(&["^foo"], "^foo"));
        assert!(!excluded(&["^foo"], "foo"));
    }

    #[test]
    fn pathological_patterns_stay_fast() {
        let pattern = "*a".repeat(200);
        let path = "a".repeat(3000);
        assert!(!excluded(&[&format!("{pattern}b")], &path));
    }

    #[test]
    fn clean_is_gos() {
        assert_eq!(clean("a//b/./c/.."), "a/b");
        assert_eq!(clean("/../x"), "/x");
        assert_eq!(clean("../../x"), "../../x");
        assert_eq!(clean("docs/"), "docs");
        assert_eq!(clean(""), ".");
    }
}
