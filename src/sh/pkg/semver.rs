//! Semantic versions and npm's range syntax (`^4.18.2`, `~1.0.4`, `4.x`, `>=2.1.2 <3`,
//! `1 || 2`, `1.2.3 - 2.3.4`, `*`, `latest`), enough to pick a catalog version.

/// `major.minor.patch` (pre-release tags and build metadata are ignored).
pub type Version = (u64, u64, u64);

/// Parses `1.2.3`, `v1.2.3`, `1.2.3-beta.1`, `2026.6.15` (missing parts are 0).
pub fn parse(v: &str) -> Option<Version> {
    let v = v.trim().trim_start_matches(['v', '=']);
    let core = v.split(['-', '+']).next().unwrap_or(v);
    let mut it = core.split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next().map_or(Some(0), |m| m.parse().ok())?;
    let patch = it.next().map_or(Some(0), |p| p.parse().ok())?;
    Some((major, minor, patch))
}

/// A partial version: `4`, `4.18`, `4.x`, `*`.
fn partial(s: &str) -> (Option<u64>, Option<u64>, Option<u64>) {
    let s = s.trim().trim_start_matches(['v', '=']);
    let core = s.split(['-', '+']).next().unwrap_or(s);
    let mut it = core.split('.').map(|p| {
        if p == "x" || p == "X" || p == "*" || p.is_empty() {
            None
        } else {
            p.parse().ok()
        }
    });
    (
        it.next().flatten(),
        it.next().flatten(),
        it.next().flatten(),
    )
}

/// Whether `v` satisfies the npm range `range`.
pub fn satisfies(v: Version, range: &str) -> bool {
    let range = range.trim();
    if range.is_empty() || range == "*" || range == "latest" || range == "x" {
        return true;
    }
    range.split("||").any(|set| set_ok(v, set.trim()))
}

fn set_ok(v: Version, set: &str) -> bool {
    if let Some((lo, hi)) = set.split_once(" - ") {
        let lo = partial(lo);
        let hi = partial(hi);
        let lo_v = (lo.0.unwrap_or(0), lo.1.unwrap_or(0), lo.2.unwrap_or(0));
        let hi_ok = match hi {
            (Some(a), Some(b), Some(c)) => v <= (a, b, c),
            (Some(a), Some(b), None) => v < (a, b + 1, 0),
            (Some(a), None, _) => v < (a + 1, 0, 0),
            _ => true,
        };
        return v >= lo_v && hi_ok;
    }
    // Split into comparators, allowing `>= 1.2` with a space after the operator.
    let mut comps: Vec<String> = Vec::new();
    for tok in set.split_whitespace() {
        match comps.last_mut() {
            Some(last) if ["<", ">", "<=", ">=", "=", "~", "^"].contains(&last.as_str()) => {
                last.push_str(tok)
            }
            _ => comps.push(tok.to_string()),
        }
    }
    comps.iter().all(|c| comp_ok(v, c))
}

fn comp_ok(v: Version, c: &str) -> bool {
    let (op, rest) = ["<=", ">=", "<", ">", "=", "^", "~"]
        .iter()
        .find_map(|op| c.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("", c));
    let p = partial(rest);
    let full = (p.0.unwrap_or(0), p.1.unwrap_or(0), p.2.unwrap_or(0));
    match op {
        ">=" => v >= full,
        ">" => match p {
            (Some(a), None, _) => v >= (a + 1, 0, 0),
            (Some(a), Some(b), None) => v >= (a, b + 1, 0),
            _ => v > full,
        },
        "<=" => match p {
            (Some(a), None, _) => v < (a + 1, 0, 0),
            (Some(a), Some(b), None) => v < (a, b + 1, 0),
            _ => v <= full,
        },
        "<" => v < full,
        "^" => {
            let upper = match p {
                (Some(0), Some(0), Some(z)) => (0, 0, z + 1),
                (Some(0), Some(0), None) => (0, 1, 0),
                (Some(0), Some(y), _) => (0, y + 1, 0),
                (Some(x), _, _) => (x + 1, 0, 0),
                (None, _, _) => return true,
            };
            v >= full && v < upper
        }
        "~" => {
            let upper = match p {
                (Some(x), Some(y), _) => (x, y + 1, 0),
                (Some(x), None, _) => (x + 1, 0, 0),
                (None, _, _) => return true,
            };
            v >= full && v < upper
        }
        _ => match p {
            (None, _, _) => true,
            (Some(a), None, _) => v.0 == a,
            (Some(a), Some(b), None) => v.0 == a && v.1 == b,
            (Some(_), Some(_), Some(_)) => v == full,
        },
    }
}

/// The highest of `versions` satisfying `range`.
pub fn max_satisfying<'a>(versions: &[&'a str], range: &str) -> Option<&'a str> {
    versions
        .iter()
        .filter_map(|s| parse(s).map(|v| (v, *s)))
        .filter(|(v, _)| satisfies(*v, range))
        .max_by_key(|(v, _)| *v)
        .map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let v = |s| parse(s).unwrap_or((0, 0, 0));
        assert!(satisfies(v("4.21.2"), "^4.18.2"));
        assert!(!satisfies(v("5.1.0"), "^4.18.2"));
        assert!(satisfies(v("1.3.8"), "~1.3.8"));
        assert!(!satisfies(v("1.4.0"), "~1.3.8"));
        assert!(satisfies(v("2.1.2"), ">=2.1.2 <3"));
        assert!(satisfies(v("2.1.2"), ">= 2.1.2 < 3"));
        assert!(satisfies(v("4.0.0"), "^3.0.0 || ^4.0.0"));
        assert!(satisfies(v("4.1.0"), "4.x"));
        assert!(satisfies(v("0.23.2"), "^0.23.2"));
        assert!(!satisfies(v("0.24.0"), "^0.23.2"));
        assert!(satisfies(v("2.0.0"), "2.0.0"));
        assert!(satisfies(v("1.0.2"), "1"));
        assert_eq!(
            max_satisfying(&["4.21.2", "5.1.0"], "latest"),
            Some("5.1.0")
        );
    }
}
