//! `layercake build`: build a Dockerfile with a context directory, print BuildKit's plain
//! progress (`#5 [2/3] WORKDIR /web-ping`, `#5 CACHED`, `#6 DONE 0.0s`), tag the image, and
//! keep images and cache in the state directory.

use crate::state::State;
use layercake::build::{Build, BuildInputs, ContextFile, Event};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Options of `layercake build`.
pub struct Options {
    /// Tags.
    pub tags: Vec<String>,
    /// Dockerfile path (default `CONTEXT/Dockerfile`).
    pub file: Option<String>,
    /// `K=V` build args.
    pub build_args: Vec<String>,
    /// Ignore the cache.
    pub no_cache: bool,
    /// Target stage.
    pub target: Option<String>,
    /// Print each cache decision's reason.
    pub explain: bool,
    /// The context directory.
    pub context: String,
}

fn read_context(root: &Path, skip: &Path) -> Result<BTreeMap<String, ContextFile>, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path == skip {
                continue;
            }
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(_) => continue,
            };
            if meta.is_dir() {
                todo.push(path);
            } else if meta.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .map_err(|e| e.to_string())?
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                #[cfg(unix)]
                let mode = {
                    use std::os::unix::fs::PermissionsExt;
                    meta.permissions().mode() & 0o7777
                };
                #[cfg(not(unix))]
                let mode = 0o644;
                out.insert(rel, ContextFile { bytes, mode });
            }
        }
    }
    Ok(out)
}

/// Runs the build.
pub fn run(state_dir: &Path, opts: Options) -> ExitCode {
    match build(state_dir, opts) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ERROR: {e}");
            ExitCode::FAILURE
        }
    }
}

fn build(state_dir: &Path, opts: Options) -> Result<ExitCode, String> {
    let mut state = State::load(state_dir)?;
    let root = Path::new(&opts.context);
    let skip = state_dir
        .canonicalize()
        .unwrap_or_else(|_| state_dir.to_path_buf());
    let root_abs = root.canonicalize().map_err(|e| {
        format!(
            "unable to prepare context: path {:?} not found: {e}",
            opts.context
        )
    })?;
    let files = read_context(&root_abs, &skip)?;
    let dockerfile_path = opts
        .file
        .clone()
        .unwrap_or_else(|| root.join("Dockerfile").to_string_lossy().into_owned());
    let dockerfile = std::fs::read_to_string(&dockerfile_path)
        .map_err(|e| format!("failed to read dockerfile {dockerfile_path}: {e}"))?;
    let rel_dockerfile = Path::new(&dockerfile_path)
        .canonicalize()
        .ok()
        .and_then(|p| {
            p.strip_prefix(&root_abs)
                .ok()
                .map(|r| r.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "Dockerfile".to_string());
    let mut inputs = BuildInputs::new(&dockerfile, files);
    inputs.dockerfile_path = rel_dockerfile;
    for a in &opts.build_args {
        match a.split_once('=') {
            Some((k, v)) => inputs.build_args.insert(k.to_string(), v.to_string()),
            None => match std::env::var(a) {
                Ok(v) => inputs.build_args.insert(a.clone(), v),
                Err(_) => None,
            },
        };
    }
    inputs.no_cache = opts.no_cache;
    inputs.target = opts.target.clone();
    inputs.epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    println!("#0 building with \"layercake\" instance using in-memory driver");
    println!();
    println!(
        "#1 [internal] load build definition from {}",
        inputs.dockerfile_path
    );
    println!("#1 transferring dockerfile: {}B done", dockerfile.len());
    println!("#1 DONE 0.0s");
    println!();
    let mut vertex = 1;
    let mut open: Option<(usize, Instant, bool)> = None;
    let mut numbers: BTreeMap<usize, usize> = BTreeMap::new();
    let mut build = Build::new(inputs, &state.store);
    let close = |open: &mut Option<(usize, Instant, bool)>| {
        if let Some((n, start, cached)) = open.take() {
            if !cached {
                println!("#{n} DONE {:.1}s", start.elapsed().as_secs_f64());
            }
            println!();
        }
    };
    let mut step_logs: Vec<String> = Vec::new();
    let mut step_name = String::new();
    loop {
        let started = Instant::now();
        let Some(events) = build.step(&mut state.cache) else {
            break;
        };
        for event in events {
            match event {
                Event::ContextLoaded { bytes, .. } => {
                    vertex += 1;
                    println!("#{vertex} [internal] load .dockerignore");
                    println!("#{vertex} DONE 0.0s");
                    println!();
                    vertex += 1;
                    println!("#{vertex} [internal] load build context");
                    println!("#{vertex} transferring context: {bytes}B done");
                    println!("#{vertex} DONE {:.1}s", started.elapsed().as_secs_f64());
                    println!();
                }
                Event::StepStarted {
                    step,
                    name,
                    vertex: true,
                    ..
                } => {
                    close(&mut open);
                    vertex += 1;
                    numbers.insert(step, vertex);
                    println!("#{vertex} {name}");
                    step_logs.clear();
                    step_name = name.clone();
                    open = Some((vertex, started, false));
                }
                Event::CacheHit {
                    step,
                    reused,
                    built_in,
                    key,
                } => {
                    let n = numbers.get(&step).copied().unwrap_or(vertex);
                    if opts.explain {
                        println!(
                            "#{n} cache hit: reused {} (`{reused}`, build {built_in})",
                            &key.to_string()[..19]
                        );
                    }
                    println!("#{n} CACHED");
                    if let Some(o) = open.as_mut() {
                        o.2 = true;
                    }
                }
                Event::CacheMiss { step, reason, .. } if opts.explain => {
                    let n = numbers.get(&step).copied().unwrap_or(vertex);
                    println!("#{n} cache miss: {reason}");
                }
                Event::Log { step, line } => match step.and_then(|s| numbers.get(&s)) {
                    Some(n) => {
                        println!("#{n} {line}");
                        step_logs.push(line);
                    }
                    None => eprintln!("{line}"),
                },
                Event::Failed { error } => {
                    if let Some((n, _, _)) = open.take() {
                        println!("#{n} ERROR: {}", error.kind);
                    }
                    println!("------");
                    if let Some(ins) = &error.instruction {
                        // BuildKit names the vertex: ` > [2/3] RUN foo:`.
                        let first = ins.lines().next().unwrap_or_default();
                        if step_name.ends_with(first) {
                            println!(" > {step_name}:");
                        } else {
                            println!(" > {ins}:");
                        }
                    }
                    // BuildKit repeats the last lines the failing step printed.
                    for line in &step_logs[step_logs.len().saturating_sub(10)..] {
                        println!("{line}");
                    }
                    println!("------");
                    if let Some(span) = &error.span {
                        let line = span.start.line as usize;
                        println!("{}:{line}", build_dockerfile_name(&opts));
                        println!("--------------------");
                        for (i, text) in dockerfile.lines().enumerate() {
                            let no = i + 1;
                            if no + 2 >= line && no <= line + 2 {
                                let mark = if no == line { ">>>" } else { "" };
                                println!("{no:>4} | {mark:<3} {text}");
                            }
                        }
                        println!("--------------------");
                    }
                    eprintln!("ERROR: failed to solve: {}", error.kind);
                    if let Some(h) = error.hint() {
                        eprintln!("hint: {h}");
                    }
                }
                Event::Finished { image_id, .. } => {
                    close(&mut open);
                    vertex += 1;
                    println!("#{vertex} exporting to image");
                    println!("#{vertex} exporting layers done");
                    println!("#{vertex} writing image {image_id} done");
                    for t in &opts.tags {
                        let full = layercake::oci::layout::parse_ref(t)
                            .map(|r| r.full)
                            .unwrap_or_else(|_| t.clone());
                        println!("#{vertex} naming to {full} done");
                    }
                    println!("#{vertex} DONE 0.0s");
                }
                _ => {}
            }
        }
    }
    let result = build.result().cloned();
    match result {
        Some(Ok(image)) => {
            let id = state.store.insert(&image);
            for t in &opts.tags {
                state.store.tag(t, id);
            }
            state.save()?;
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            state.save()?;
            Ok(ExitCode::FAILURE)
        }
    }
}

fn build_dockerfile_name(opts: &Options) -> String {
    opts.file
        .clone()
        .unwrap_or_else(|| "Dockerfile".to_string())
}
