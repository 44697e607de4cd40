//! Every example shipped in the playground parses as BuildKit reads it, has no errors, and
//! its context files are the files in `www/examples/<id>/`.

use layercake::{dockerfile, examples};

#[test]
fn every_example_parses_without_errors() {
    for e in examples::EXAMPLES {
        let parsed =
            dockerfile::parse(e.dockerfile).unwrap_or_else(|err| panic!("{}: {err}", e.id));
        assert!(!parsed.dockerfile.stages.is_empty(), "{}", e.id);
    }
}

#[test]
fn warnings_are_only_the_ones_the_lessons_show() {
    let warned: Vec<(&str, Vec<String>)> = examples::EXAMPLES
        .iter()
        .map(|e| {
            (
                e.id,
                dockerfile::diagnostics(e.dockerfile)
                    .into_iter()
                    .filter_map(|d| d.code)
                    .collect(),
            )
        })
        .filter(|(_, codes): &(&str, Vec<String>)| !codes.is_empty())
        .collect();
    assert_eq!(
        warned,
        [
            ("node-cache", vec!["JSONArgsRecommended".to_string()]),
            ("static-web", vec!["LegacyKeyValueFormat".to_string()]),
        ]
    );
}

#[test]
fn context_files_match_the_example_folders() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/examples");
    for e in examples::EXAMPLES {
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join(e.id))
            .expect("example folder")
            .filter_map(|f| f.ok().map(|f| f.file_name().to_string_lossy().into_owned()))
            .filter(|n| n != "Dockerfile")
            .collect();
        on_disk.sort();
        let listed: Vec<String> = e.files.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            listed, on_disk,
            "{}: add new files to src/examples.rs",
            e.id
        );
    }
}
