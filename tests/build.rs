//! The build suite: every case in `tests/data/build/<case>/` is built from its `Dockerfile`
//! and `context/`, then rebuilt after applying `edit/` (files that replace context files or
//! the Dockerfile; `edit/.delete` lists paths to remove) with the same cache. The expected
//! output (`expected.txt`, blessable with `BLESS=1`) records the steps with their cache
//! decisions and reasons, each layer's diff_id, the history, the config and the image ID.
//! `build-args` (and `edit/build-args`) hold `K=V` lines; `target` names `--target`.

#[path = "conformance/harness.rs"]
mod harness;

use layercake::build::{Build, BuildInputs, Cache, ContextFile, Event, ImageStore};
use std::collections::BTreeMap;
use std::path::Path;

fn read_tree(dir: &Path, prefix: &str, out: &mut BTreeMap<String, ContextFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.path().is_dir() {
            read_tree(&e.path(), &path, out);
        } else {
            let bytes = std::fs::read(e.path()).expect("readable test file");
            let mode = if name.ends_with(".sh") { 0o755 } else { 0o644 };
            out.insert(path, ContextFile { bytes, mode });
        }
    }
}

fn args(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn render(events: &[Event], out: &mut String) {
    for e in events {
        let line = match e {
            Event::ContextLoaded {
                files,
                bytes,
                ignore_file,
                excluded,
            } => format!(
                "context: {files} files, {bytes} bytes{}{}",
                ignore_file
                    .as_ref()
                    .map(|f| format!(", ignore file {f}"))
                    .unwrap_or_default(),
                if excluded.is_empty() {
                    String::new()
                } else {
                    format!(", excluded {}", excluded.join(" "))
                }
            ),
            Event::StepStarted {
                step, name, vertex, ..
            } => {
                format!("#{step} {}{name}", if *vertex { "" } else { "(meta) " })
            }
            Event::CacheHit {
                step,
                reused,
                built_in,
                ..
            } => {
                format!("#{step} CACHED (reused `{reused}` from build {built_in})")
            }
            Event::CacheMiss { step, reason, .. } => format!("#{step} MISS {reason}"),
            Event::Log { step, line } => match step {
                Some(s) => format!("#{s} {line}"),
                None => line.clone(),
            },
            Event::FsEvents { .. } | Event::StepDone { .. } => continue,
            Event::LayerCommitted {
                step,
                diff_id,
                size,
                files_changed,
            } => {
                format!("#{step} layer {diff_id} {size}B {files_changed} changes")
            }
            Event::Finished { image_id, layers } => format!("image {image_id} ({layers} layers)"),
            Event::Failed { error } => {
                let mut s = format!("ERROR {error}");
                if let Some(h) = error.hint() {
                    s.push_str(&format!("\n  hint: {h}"));
                }
                s
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
}

fn build_once(
    dockerfile: &str,
    files: &BTreeMap<String, ContextFile>,
    build_args: BTreeMap<String, String>,
    target: Option<String>,
    store: &mut ImageStore,
    cache: &mut Cache,
    out: &mut String,
) {
    let mut inputs = BuildInputs::new(dockerfile, files.clone());
    inputs.build_args = build_args;
    inputs.target = target;
    inputs.epoch = 1_700_000_000;
    let (events, result) = Build::new(inputs, store).run(cache);
    render(&events, out);
    if let Ok(image) = result {
        // Every layer the build made hashes to the diff_id its config records (what
        // `docker load` checks); base layers are the catalog's, checked in tests/catalog.rs.
        let diff_ids = &image.config.rootfs.diff_ids;
        assert_eq!(image.layers.len(), diff_ids.len(), "one diff_id per layer");
        for (layer, recorded) in image.layers.iter().zip(diff_ids) {
            if layer.size() < 64 << 20 {
                let actual = layercake::build::image::diff_id(layer).expect("tar");
                assert_eq!(
                    &actual, recorded,
                    "a layer's diff_id differs from its config"
                );
            }
        }
        store.insert(&image);
        out.push_str("history:\n");
        for h in image.config.history.iter().rev() {
            out.push_str(&format!(
                "  {}{}\n",
                h.created_by.as_deref().unwrap_or(""),
                if h.empty_layer { "  (empty)" } else { "" }
            ));
        }
        let config = serde_json::to_string_pretty(&image.config.config).expect("serializable");
        out.push_str(&format!("config: {config}\n"));
        out.push_str(&format!(
            "diff_ids: {}\n",
            image.config.rootfs.diff_ids.len()
        ));
        out.push_str(&format!("size: {} bytes\n", image.size()));
    }
}

fn check(case: &harness::Case) -> String {
    let dir = harness::data_dir("build").join(&case.name);
    let dockerfile = String::from_utf8_lossy(&case.input).into_owned();
    let mut files = BTreeMap::new();
    read_tree(&dir.join("context"), "", &mut files);
    files.insert(
        "Dockerfile".to_string(),
        ContextFile::new(dockerfile.as_bytes()),
    );
    let target = std::fs::read_to_string(dir.join("target"))
        .ok()
        .map(|t| t.trim().to_string());
    let mut store = ImageStore::new();
    let mut cache = Cache::new();
    let mut out = String::from("== build 1\n");
    build_once(
        &dockerfile,
        &files,
        args(&dir.join("build-args")),
        target.clone(),
        &mut store,
        &mut cache,
        &mut out,
    );
    let edit = dir.join("edit");
    if edit.is_dir() {
        let mut changed = BTreeMap::new();
        read_tree(&edit, "", &mut changed);
        let edit_args = changed.remove("build-args");
        let deletions = changed.remove(".delete");
        let mut dockerfile = dockerfile.clone();
        if let Some(df) = changed.remove("Dockerfile") {
            dockerfile = String::from_utf8_lossy(&df.bytes).into_owned();
            changed.insert("Dockerfile".into(), df);
        }
        files.extend(changed);
        if let Some(d) = deletions {
            for p in String::from_utf8_lossy(&d.bytes).lines() {
                files.remove(p.trim());
            }
        }
        let build_args = match edit_args {
            Some(a) => String::from_utf8_lossy(&a.bytes)
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            None => args(&dir.join("build-args")),
        };
        out.push_str("== build 2 (after edit)\n");
        build_once(
            &dockerfile,
            &files,
            build_args,
            target,
            &mut store,
            &mut cache,
            &mut out,
        );
    }
    out
}

#[test]
fn build_cases() {
    let dir = harness::data_dir("build");
    let cases = harness::dir_cases(&dir, "Dockerfile", "expected.txt", true);
    harness::run("build", cases, check);
}

fn inputs(dockerfile: &str, files: &[(&str, &str)]) -> BuildInputs {
    let files = files
        .iter()
        .map(|(p, c)| (p.to_string(), ContextFile::new(c.as_bytes())))
        .collect();
    let mut i = BuildInputs::new(dockerfile, files);
    i.epoch = 1_700_000_000;
    i
}

#[test]
fn onbuild_triggers_run_when_the_image_is_a_base() {
    let mut store = ImageStore::new();
    let mut cache = Cache::new();
    let parent = "FROM alpine\nONBUILD COPY app.txt /app/\nONBUILD ENV FROM_TRIGGER=yes\n";
    let (_, result) = Build::new(inputs(parent, &[]), &store).run(&mut cache);
    let image = result.expect("the parent builds");
    assert_eq!(
        image.config.config.on_build,
        ["COPY app.txt /app/", "ENV FROM_TRIGGER=yes"]
    );
    let id = store.insert(&image);
    store.tag("my-base", id);
    let (events, result) = Build::new(
        inputs(
            "FROM my-base\nCMD [\"cat\", \"/app/app.txt\"]\n",
            &[("app.txt", "hi")],
        ),
        &store,
    )
    .run(&mut cache);
    let child = result.unwrap_or_else(|e| panic!("the child builds: {e} {events:?}"));
    assert!(
        child.config.config.on_build.is_empty(),
        "triggers are not inherited"
    );
    assert!(child
        .config
        .config
        .env
        .contains(&"FROM_TRIGGER=yes".to_string()));
    let top = child.layers.last().expect("a layer");
    assert!(top.changes().any(|(p, _)| p.as_str() == "/app/app.txt"));
}

#[test]
fn no_cache_misses_everything_and_says_why() {
    let mut cache = Cache::new();
    let df = "FROM alpine\nWORKDIR /w\nCOPY a .\n";
    let store = ImageStore::new();
    let (_, first) = Build::new(inputs(df, &[("a", "1")]), &store).run(&mut cache);
    let mut again = inputs(df, &[("a", "1")]);
    let (events, second) = Build::new(again.clone(), &store).run(&mut cache);
    assert_eq!(
        first.as_ref().map(|i| i.id).ok(),
        second.as_ref().map(|i| i.id).ok(),
        "same inputs, same image ID"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::CacheHit { .. }))
            .count(),
        2
    );
    again.no_cache = true;
    let (events, _) = Build::new(again, &store).run(&mut cache);
    let reasons: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::CacheMiss { reason, .. } => Some(reason.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons.iter().all(|r| r.starts_with("--no-cache")));
}

#[test]
fn run_is_keyed_by_args_and_env_and_written_with_its_arg_prefix() {
    use layercake::build::cache::Operation;
    use layercake::build::stage::StageState;
    use layercake::build::step::{dispatch, Outcome, StepEnv};
    let parsed = layercake::dockerfile::parse(
        "FROM alpine\nARG foo=bar\nARG bar=123\nARG foo=bar2\nRUN ls /etc/\n",
    )
    .expect("parses");
    let base = layercake::build::base::resolve("alpine").expect("in the catalog");
    let build_args = BTreeMap::new();
    let global = BTreeMap::new();
    let context = BTreeMap::new();
    let stages = BTreeMap::new();
    let images = |r: &str| layercake::build::base::resolve(r).map(|b| b.image);
    let env = StepEnv {
        lexer: layercake::words::Lexer::new('\\'),
        build_args: &build_args,
        global_args: &global,
        epoch: 0,
        context: &context,
        stages: &stages,
        stage_names: &[None],
        images: &images,
    };
    let mut stage = StageState::new(0, "", &base.image, 2);
    let mut last: Option<(Operation, String)> = None;
    for ins in &parsed.dockerfile.stages[0].instructions {
        match dispatch(&env, &mut stage, &ins.value) {
            Ok(Outcome::Fs { op, created_by, .. }) => last = Some((op, created_by)),
            Ok(Outcome::Meta) => {}
            Err(e) => panic!("{e}"),
        }
    }
    let (op, created_by) = last.expect("RUN is a filesystem step");
    assert_eq!(
        created_by,
        "RUN |2 foo=bar2 bar=123 /bin/sh -c ls /etc/ # buildkit"
    );
    assert_eq!(op.env.get("foo").map(String::as_str), Some("bar2"));
    let mut changed = op.clone();
    changed.env.insert("foo".into(), "other".into());
    let parent = layercake::oci::Digest::of(b"parent");
    assert_ne!(op.key(&parent), changed.key(&parent));
    let mut cache = Cache::new();
    cache.insert(
        layercake::build::cache::CacheRecord {
            key: op.key(&parent),
            parent,
            op: op.clone(),
            diff_id: layercake::oci::Digest::of(b"l"),
            instruction: "RUN ls /etc/".into(),
            build: 1,
        },
        std::sync::Arc::new(layercake::fs::Layer::new()),
    );
    assert_eq!(
        cache.explain_miss(&parent, &changed, None).to_string(),
        "build-arg foo changed (\"bar2\" → \"other\")"
    );
}
