//! `layercake history [--no-trunc] IMAGE`: docker's table (IMAGE, CREATED, CREATED BY, SIZE,
//! COMMENT), newest first; `<missing>` below the top row as for BuildKit images.

use crate::state::{human_ago, human_size, table, State};
use std::path::Path;
use std::process::ExitCode;

/// Prints the history of `image`.
pub fn run(state_dir: &Path, image: &str, no_trunc: bool) -> ExitCode {
    let state = match State::load(state_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(img) = state.store.find(image) else {
        eprintln!("Error response from daemon: No such image: {image}");
        return ExitCode::FAILURE;
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for h in img.history_rows() {
        let by = if no_trunc || h.created_by.chars().count() <= 45 {
            h.created_by
        } else {
            let cut: String = h.created_by.chars().take(44).collect();
            format!("{cut}…")
        };
        rows.push(vec![
            "<missing>".to_string(),
            human_ago(h.created.as_deref()),
            by,
            human_size(h.size),
            h.comment,
        ]);
    }
    if let Some(top) = rows.first_mut() {
        top[0] = if no_trunc {
            img.id.to_string()
        } else {
            img.id.hex()[..12].to_string()
        };
    }
    let mut all = vec![vec![
        "IMAGE".to_string(),
        "CREATED".into(),
        "CREATED BY".into(),
        "SIZE".into(),
        "COMMENT".into(),
    ]];
    all.extend(rows);
    print!("{}", table(&all));
    ExitCode::SUCCESS
}
