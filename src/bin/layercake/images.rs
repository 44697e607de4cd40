//! `layercake image ls`: docker's table (REPOSITORY, TAG, IMAGE ID, CREATED, SIZE), one row
//! per tag, untagged images as `<none>`.

use crate::state::{human_ago, human_size, table, State};
use std::path::Path;
use std::process::ExitCode;

/// Lists the images.
pub fn run(state_dir: &Path) -> ExitCode {
    let state = match State::load(state_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut rows = vec![vec![
        "REPOSITORY".to_string(),
        "TAG".into(),
        "IMAGE ID".into(),
        "CREATED".into(),
        "SIZE".into(),
    ]];
    let ids: Vec<_> = state.store.ids().copied().collect();
    let mut lines = Vec::new();
    for id in ids {
        let Some(img) = state.store.get(&id) else {
            continue;
        };
        let tags = state.store.tags_of(&id);
        let names: Vec<(String, String)> = if tags.is_empty() {
            vec![("<none>".into(), "<none>".into())]
        } else {
            tags.iter()
                .map(|t| match t.rsplit_once(':') {
                    Some((r, tag)) if !tag.contains('/') => (r.to_string(), tag.to_string()),
                    _ => (t.clone(), "latest".into()),
                })
                .collect()
        };
        for (repo, tag) in names {
            lines.push((
                img.config.created.clone().unwrap_or_default(),
                vec![
                    repo,
                    tag,
                    id.hex()[..12].to_string(),
                    human_ago(img.config.created.as_deref()),
                    human_size(img.size()),
                ],
            ));
        }
    }
    lines.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    rows.extend(lines.into_iter().map(|(_, r)| r));
    print!("{}", table(&rows));
    ExitCode::SUCCESS
}
