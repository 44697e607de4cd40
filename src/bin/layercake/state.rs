//! The CLI's state directory (`--state DIR`, default `.layercake/`): the image store
//! (`images.json`: configs, tags, layers) and the build cache (`cache.json`), shared by
//! successive commands.

use layercake::build::{Cache, ImageStore};
use std::path::{Path, PathBuf};

/// The loaded state.
pub struct State {
    dir: PathBuf,
    /// Images and tags.
    pub store: ImageStore,
    /// The build cache.
    pub cache: Cache,
}

impl State {
    /// Loads the state in `dir` (empty if missing).
    pub fn load(dir: &Path) -> Result<State, String> {
        let read = |name: &str| -> Result<Option<Vec<u8>>, String> {
            match std::fs::read(dir.join(name)) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(format!("cannot read {}: {e}", dir.join(name).display())),
            }
        };
        let store = match read("images.json")? {
            Some(b) => serde_json::from_slice(&b)
                .map_err(|e| format!("corrupt {}/images.json: {e}", dir.display()))?,
            None => ImageStore::new(),
        };
        let cache = match read("cache.json")? {
            Some(b) => serde_json::from_slice(&b)
                .map_err(|e| format!("corrupt {}/cache.json: {e}", dir.display()))?,
            None => Cache::new(),
        };
        Ok(State {
            dir: dir.to_path_buf(),
            store,
            cache,
        })
    }

    /// Writes the state back.
    pub fn save(&self) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let write = |name: &str, bytes: Vec<u8>| -> Result<(), String> {
            let tmp = self.dir.join(format!("{name}.tmp"));
            std::fs::write(&tmp, bytes)
                .and_then(|_| std::fs::rename(&tmp, self.dir.join(name)))
                .map_err(|e| format!("cannot write {}: {e}", self.dir.join(name).display()))
        };
        write(
            "images.json",
            serde_json::to_vec(&self.store).map_err(|e| e.to_string())?,
        )?;
        write(
            "cache.json",
            serde_json::to_vec(&self.cache).map_err(|e| e.to_string())?,
        )
    }
}

pub use layercake::build::store::human_size;

/// Docker's "N minutes ago" (go-units `HumanDuration`).
pub fn human_ago(created: Option<&str>) -> String {
    let Some(secs) = created.and_then(parse_rfc3339) else {
        return "N/A".to_string();
    };
    if secs < 946_684_800 {
        return "N/A".to_string();
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let d = (now - secs).max(0);
    let text = if d < 1 {
        "Less than a second".to_string()
    } else if d == 1 {
        "1 second".to_string()
    } else if d < 60 {
        format!("{d} seconds")
    } else if d / 60 == 1 {
        "About a minute".to_string()
    } else if d < 3600 {
        format!("{} minutes", d / 60)
    } else if d / 3600 == 1 {
        "About an hour".to_string()
    } else if d < 48 * 3600 {
        format!("{} hours", d / 3600)
    } else if d < 7 * 24 * 3600 * 2 {
        format!("{} days", d / 86400)
    } else if d < 30 * 24 * 3600 * 3 {
        format!("{} weeks", d / (7 * 86400))
    } else if d < 365 * 24 * 3600 * 2 {
        format!("{} months", d / (30 * 86400))
    } else {
        format!("{} years", d / (365 * 86400))
    };
    format!("{text} ago")
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS…Z`.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let num = |a: usize, b: usize| text.get(a..b)?.parse::<i64>().ok();
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86400 + hh * 3600 + mm * 60 + ss)
}

/// Go's `tabwriter` as docker uses it: columns padded to their widest cell plus 3 spaces.
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] + 3 - cell.chars().count();
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_docker() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(846), "846B");
        assert_eq!(human_size(5_530_000), "5.53MB");
        assert_eq!(human_size(64_700_000), "64.7MB");
        assert_eq!(human_size(1_160), "1.16kB");
        assert_eq!(parse_rfc3339("1970-01-02T00:00:00Z"), Some(86400));
    }
}
