//! One function per instruction. Metadata instructions change the stage's config and write
//! their history entry; filesystem instructions (RUN, COPY, ADD, WORKDIR) return the
//! [`Operation`] that keys them in the cache and the [`Work`] to do on a miss.

use super::cache::Operation;
use super::context::SourceTree;
use super::error::{BuildError, BuildErrorKind};
use super::image::{
    self, go_duration, go_list, go_quote_list, history, parse_go_duration, set_env,
};
use super::plan::PROXY_ARGS;
use super::stage::StageState;
use crate::dockerfile::instruction::{
    ArgDecl, CommandLine, Healthcheck, Instruction, KeyValue, Run,
};
use crate::fs::{FsPath, Rootfs};
use crate::oci;
use crate::words::Lexer;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a step needs from the build around it.
pub struct StepEnv<'a> {
    /// The lexer (with the Dockerfile's escape character).
    pub lexer: Lexer,
    /// `--build-arg` values.
    pub build_args: &'a BTreeMap<String, String>,
    /// Global args (declared before FROM, platform args).
    pub global_args: &'a BTreeMap<String, String>,
    /// The history timestamp.
    pub epoch: i64,
    /// The build context.
    pub context: &'a SourceTree,
    /// Finished stages by Dockerfile index (for `COPY --from`).
    pub stages: &'a BTreeMap<usize, StageState>,
    /// Stage names by index (lower-cased), to resolve `--from`.
    pub stage_names: &'a [Option<String>],
    /// Images `--from=<image>` may name.
    pub images: &'a dyn Fn(&str) -> Result<super::store::StoredImage, BuildError>,
}

/// What an instruction did.
pub enum Outcome {
    /// Config only (history written).
    Meta,
    /// A filesystem step: look it up in the cache, else do the work.
    Fs {
        /// What keys it.
        op: Operation,
        /// The history `created_by`.
        created_by: String,
        /// What to do on a miss.
        work: Box<Work>,
    },
}

/// The filesystem work of a step.
pub enum Work {
    /// WORKDIR: create the directory.
    Mkdir {
        /// The directory.
        path: FsPath,
        /// Owner.
        owner: (u32, u32),
    },
    /// COPY/ADD.
    Copy(CopyWork),
    /// RUN.
    Run {
        /// argv.
        argv: Vec<String>,
        /// The build's timestamp (what `date` prints in the sandbox).
        now: i64,
        /// `--mount=…`.
        mounts: Vec<super::mount::Mount>,
        /// Environment, `K=V`.
        env: Vec<String>,
        /// Working directory.
        workdir: FsPath,
        /// Owner of new files.
        owner: (u32, u32),
    },
}

/// A resolved COPY/ADD.
pub struct CopyWork {
    /// Where each source goes: (source path in the tree, destination, copy the directory's
    /// contents rather than the directory).
    pub items: Vec<(String, FsPath)>,
    /// The source tree.
    pub tree: Arc<SourceTree>,
    /// `--chown` result.
    pub owner: Option<(u32, u32)>,
    /// `--chmod` bits.
    pub chmod: Option<u32>,
    /// `--exclude` patterns.
    pub exclude: Option<crate::dockerignore::Matcher>,
    /// ADD: extract local tar archives.
    pub unpack: bool,
    /// Destination as given (for the "file into existing directory" rule).
    pub dest_is_dir: bool,
    /// mtime for files from the context.
    pub mtime: i64,
}

pub(super) fn expand(
    env: &StepEnv<'_>,
    stage: &StageState,
    word: &str,
) -> Result<String, BuildError> {
    env.lexer
        .expand_word(word, &stage.expansion_env())
        .map_err(|e| BuildError::new(BuildErrorKind::Expansion(e.to_string())))
}

fn push_meta(stage: &mut StageState, created_by: String, epoch: i64) {
    stage.config.history.push(history(&created_by, true, epoch));
}

/// Runs one instruction on the stage.
pub fn dispatch(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    instruction: &Instruction,
) -> Result<Outcome, BuildError> {
    match instruction {
        Instruction::Env(pairs) => run_env(env, stage, pairs),
        Instruction::Arg(decls) => run_arg(env, stage, decls),
        Instruction::Label(pairs) => run_label(env, stage, pairs),
        Instruction::Expose(ports) => run_expose(env, stage, ports),
        Instruction::User(user) => run_user(env, stage, user),
        Instruction::Volume(v) => run_volume(env, stage, v),
        Instruction::StopSignal(s) => run_stopsignal(env, stage, s),
        Instruction::Shell(s) => run_shell(env, stage, s),
        Instruction::Cmd(c) => run_cmd(env, stage, c),
        Instruction::Entrypoint(c) => run_entrypoint(env, stage, c),
        Instruction::Healthcheck(h) => run_healthcheck(env, stage, h),
        Instruction::Maintainer(m) => run_maintainer(env, stage, m),
        Instruction::Onbuild(inner) => run_onbuild(stage, &inner.original),
        Instruction::Workdir(w) => run_workdir(env, stage, w),
        Instruction::Copy(spec) => super::copy::run_copy(env, stage, spec, false),
        Instruction::Add(spec) => super::copy::run_copy(env, stage, spec, true),
        Instruction::Run(run) => run_run(env, stage, run),
    }
}

/// `ENV a=1 b=2`: every value expands against the environment from before the instruction.
pub fn run_env(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    pairs: &[KeyValue],
) -> Result<Outcome, BuildError> {
    let before = stage.expansion_env();
    let mut shown = Vec::new();
    for kv in pairs {
        let value = env
            .lexer
            .expand_word(&kv.value, &before)
            .map_err(|e| BuildError::new(BuildErrorKind::Expansion(e.to_string())))?;
        set_env(&mut stage.config.config.env, &kv.key, &value);
        shown.push(format!("{}={}", kv.key, value));
    }
    push_meta(stage, format!("ENV {}", shown.join(" ")), env.epoch);
    Ok(Outcome::Meta)
}

/// `ARG name[=default]`: the value is the `--build-arg`, else the default, else the global
/// value of the same name.
pub fn run_arg(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    decls: &[ArgDecl],
) -> Result<Outcome, BuildError> {
    let mut shown = Vec::new();
    for decl in decls {
        let default = match &decl.default {
            Some(d) => Some(expand(env, stage, d)?),
            None => None,
        };
        shown.push(match &default {
            Some(d) => format!("{}={}", decl.name, d),
            None => decl.name.clone(),
        });
        let value = env
            .build_args
            .get(&decl.name)
            .cloned()
            .or(default)
            .or_else(|| env.global_args.get(&decl.name).cloned());
        // A re-declared ARG keeps its place (BuildKit's history lists args in first
        // declaration order) and takes the latest value.
        match stage.args.iter_mut().find(|(k, _)| k == &decl.name) {
            Some(slot) => slot.1 = value,
            None => stage.args.push((decl.name.clone(), value)),
        }
    }
    push_meta(stage, format!("ARG {}", shown.join(" ")), env.epoch);
    Ok(Outcome::Meta)
}

/// `LABEL k=v …`.
pub fn run_label(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    pairs: &[KeyValue],
) -> Result<Outcome, BuildError> {
    let mut shown = Vec::new();
    for kv in pairs {
        let key = expand(env, stage, &kv.key)?;
        let value = expand(env, stage, &kv.value)?;
        shown.push(format!("{key}={value}"));
        stage.config.config.labels.insert(key, value);
    }
    push_meta(stage, format!("LABEL {}", shown.join(" ")), env.epoch);
    Ok(Outcome::Meta)
}

/// `EXPOSE 80 443/tcp 53/udp 8000-8001`: ports normalized to `port/proto`, sorted as text.
pub fn run_expose(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    ports: &[String],
) -> Result<Outcome, BuildError> {
    let mut out = std::collections::BTreeSet::new();
    for word in ports {
        for spec in env
            .lexer
            .expand_words(word, &stage.expansion_env())
            .map_err(|e| BuildError::new(BuildErrorKind::Expansion(e.to_string())))?
        {
            let (range, proto) = match spec.split_once('/') {
                Some((r, p)) => (r.to_string(), p.to_ascii_lowercase()),
                None => (spec.clone(), "tcp".to_string()),
            };
            let bad = || {
                BuildError::new(BuildErrorKind::InvalidArgument(format!(
                    "invalid containerPort: {spec}"
                )))
            };
            if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
                return Err(BuildError::new(BuildErrorKind::InvalidArgument(format!(
                    "invalid proto: {proto}"
                ))));
            }
            let (lo, hi) = match range.split_once('-') {
                Some((a, b)) => (
                    a.parse::<u16>().map_err(|_| bad())?,
                    b.parse::<u16>().map_err(|_| bad())?,
                ),
                None => {
                    let p = range.parse::<u16>().map_err(|_| bad())?;
                    (p, p)
                }
            };
            if hi < lo {
                return Err(bad());
            }
            for p in lo..=hi {
                out.insert(format!("{p}/{proto}"));
            }
        }
    }
    for p in &out {
        stage
            .config
            .config
            .exposed_ports
            .insert(p.clone(), Default::default());
    }
    let list: Vec<String> = out.into_iter().collect();
    push_meta(stage, format!("EXPOSE {}", go_list(&list)), env.epoch);
    Ok(Outcome::Meta)
}

/// `USER name[:group]`.
pub fn run_user(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    user: &str,
) -> Result<Outcome, BuildError> {
    let user = expand(env, stage, user)?;
    stage.config.config.user = user.clone();
    push_meta(stage, format!("USER {user}"), env.epoch);
    Ok(Outcome::Meta)
}

/// `VOLUME /data`.
pub fn run_volume(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    volumes: &[String],
) -> Result<Outcome, BuildError> {
    let mut list = Vec::new();
    for v in volumes {
        let v = expand(env, stage, v)?;
        if v.is_empty() {
            return Err(BuildError::new(BuildErrorKind::InvalidArgument(
                "VOLUME specified can not be an empty string".into(),
            )));
        }
        stage
            .config
            .config
            .volumes
            .insert(v.clone(), Default::default());
        list.push(v);
    }
    push_meta(stage, format!("VOLUME {}", go_list(&list)), env.epoch);
    Ok(Outcome::Meta)
}

/// `STOPSIGNAL SIGTERM`.
pub fn run_stopsignal(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    signal: &str,
) -> Result<Outcome, BuildError> {
    let signal = expand(env, stage, signal)?;
    stage.config.config.stop_signal = signal.clone();
    push_meta(stage, format!("STOPSIGNAL {signal}"), env.epoch);
    Ok(Outcome::Meta)
}

/// `SHELL ["/bin/bash", "-c"]`.
pub fn run_shell(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    shell: &[String],
) -> Result<Outcome, BuildError> {
    stage.config.config.shell = shell.to_vec();
    push_meta(stage, format!("SHELL {}", go_list(shell)), env.epoch);
    Ok(Outcome::Meta)
}

/// The stage's shell (`SHELL`, default `/bin/sh -c`).
pub fn shell_of(stage: &StageState) -> Vec<String> {
    if stage.config.config.shell.is_empty() {
        vec!["/bin/sh".into(), "-c".into()]
    } else {
        stage.config.config.shell.clone()
    }
}

fn argv(stage: &StageState, command: &CommandLine) -> Vec<String> {
    match command {
        CommandLine::Exec(args) => args.clone(),
        CommandLine::Shell(text) => {
            let mut v = shell_of(stage);
            v.push(text.clone());
            v
        }
    }
}

/// `CMD …` (shell form wraps SHELL).
pub fn run_cmd(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    command: &CommandLine,
) -> Result<Outcome, BuildError> {
    let args = argv(stage, command);
    stage.config.config.cmd = args.clone();
    stage.cmd_set = true;
    push_meta(stage, format!("CMD {}", go_quote_list(&args)), env.epoch);
    Ok(Outcome::Meta)
}

/// `ENTRYPOINT …`; resets a CMD inherited from the base image.
pub fn run_entrypoint(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    command: &CommandLine,
) -> Result<Outcome, BuildError> {
    let args = argv(stage, command);
    stage.config.config.entrypoint = args.clone();
    if !stage.cmd_set {
        stage.config.config.cmd.clear();
    }
    push_meta(
        stage,
        format!("ENTRYPOINT {}", go_quote_list(&args)),
        env.epoch,
    );
    Ok(Outcome::Meta)
}

/// `HEALTHCHECK NONE` / `HEALTHCHECK [options] CMD …`.
pub fn run_healthcheck(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    check: &Healthcheck,
) -> Result<Outcome, BuildError> {
    let mut hc = oci::Healthcheck::default();
    match check {
        Healthcheck::None => hc.test = vec!["NONE".into()],
        Healthcheck::Cmd {
            test,
            interval,
            timeout,
            start_period,
            start_interval,
            retries,
        } => {
            hc.test = match test {
                CommandLine::Exec(a) => std::iter::once("CMD".to_string())
                    .chain(a.iter().cloned())
                    .collect(),
                CommandLine::Shell(s) => vec!["CMD-SHELL".into(), s.clone()],
            };
            let dur = |v: &Option<String>, name: &str| -> Result<i64, BuildError> {
                match v {
                    None => Ok(0),
                    Some(t) => parse_go_duration(t).ok_or_else(|| {
                        BuildError::new(BuildErrorKind::InvalidArgument(format!(
                            "invalid {name} duration: {t}"
                        )))
                    }),
                }
            };
            hc.interval = dur(interval, "interval")?;
            hc.timeout = dur(timeout, "timeout")?;
            hc.start_period = dur(start_period, "start-period")?;
            hc.start_interval = dur(start_interval, "start-interval")?;
            hc.retries = i64::from(retries.unwrap_or(0));
        }
    }
    let shown = format!(
        "HEALTHCHECK {{Test:{} Interval:{} Timeout:{} StartPeriod:{} StartInterval:{} Retries:{}}}",
        go_list(&hc.test),
        go_duration(hc.interval),
        go_duration(hc.timeout),
        go_duration(hc.start_period),
        go_duration(hc.start_interval),
        hc.retries
    );
    stage.config.config.healthcheck = Some(hc);
    push_meta(stage, shown, env.epoch);
    Ok(Outcome::Meta)
}

/// `MAINTAINER name` (sets `author`).
pub fn run_maintainer(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    name: &str,
) -> Result<Outcome, BuildError> {
    stage.config.author = Some(name.to_string());
    push_meta(stage, format!("MAINTAINER {name}"), env.epoch);
    Ok(Outcome::Meta)
}

/// `ONBUILD …`: stored as written (without `ONBUILD `), run when the image is a base. No
/// history entry.
pub fn run_onbuild(stage: &mut StageState, original: &str) -> Result<Outcome, BuildError> {
    let trimmed = original.trim_start();
    let trigger = match trimmed.get(..7) {
        Some(k) if k.eq_ignore_ascii_case("ONBUILD") => trimmed[7..].trim_start(),
        _ => trimmed,
    };
    stage.config.config.on_build.push(trigger.to_string());
    Ok(Outcome::Meta)
}

/// `WORKDIR path`: relative to the previous one; created (owned by USER) in a layer.
pub fn run_workdir(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    path: &str,
) -> Result<Outcome, BuildError> {
    let path = expand(env, stage, path)?;
    let dir = stage.workdir().join(&path);
    stage.config.config.working_dir = dir.as_str().to_string();
    if dir.is_root() {
        push_meta(stage, format!("WORKDIR {dir}"), env.epoch);
        return Ok(Outcome::Meta);
    }
    let user = stage.config.config.user.clone();
    let owner = if user.is_empty() {
        (0, 0)
    } else {
        lookup_owner(stage.rootfs(), &user)?
    };
    Ok(Outcome::Fs {
        op: Operation {
            kind: "file".into(),
            text: format!("WORKDIR {dir}"),
            workdir: dir.as_str().to_string(),
            user,
            ..Operation::default()
        },
        created_by: format!("WORKDIR {dir}"),
        work: Box::new(Work::Mkdir { path: dir, owner }),
    })
}

/// `RUN …`: the command after SHELL wrapping, run in the sandbox with ENV and the stage's
/// ARGs in its environment.
pub fn run_run(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    run: &Run,
) -> Result<Outcome, BuildError> {
    let args = match heredoc_command(run) {
        Some(HeredocRun::Script(text)) => argv(stage, &CommandLine::Shell(text)),
        Some(HeredocRun::Program(args)) => args,
        None => argv(stage, &run.command),
    };
    let mut process_env = stage.config.config.env.clone();
    if image::get_env(&process_env, "PATH").is_none() {
        process_env.insert(0, format!("PATH={}", image::DEFAULT_PATH));
    }
    let mut env_map: BTreeMap<String, String> = BTreeMap::new();
    let mut arg_names = Vec::new();
    let mut prefix = Vec::new();
    for (name, value) in &stage.args {
        prefix.push(format!("{}={}", name, value.clone().unwrap_or_default()));
        if let Some(v) = value {
            if image::get_env(&stage.config.config.env, name).is_none() {
                process_env.push(format!("{name}={v}"));
            }
            arg_names.push(name.clone());
        }
    }
    for proxy in PROXY_ARGS {
        if let Some(v) = env.build_args.get(proxy) {
            if !stage.args.iter().any(|(k, _)| k == proxy) {
                process_env.push(format!("{proxy}={v}"));
            }
        }
    }
    for e in &process_env {
        if let Some((k, v)) = e.split_once('=') {
            env_map.insert(k.to_string(), v.to_string());
        }
    }
    let shown = if prefix.is_empty() {
        args.join(" ")
    } else {
        format!("|{} {} {}", prefix.len(), prefix.join(" "), args.join(" "))
    };
    let user = stage.config.config.user.clone();
    let owner = if user.is_empty() {
        (0, 0)
    } else {
        lookup_owner(stage.rootfs(), &user)?
    };
    let workdir = stage.workdir();
    let mut mounts = Vec::new();
    let mut mount_text = String::new();
    for spec in &run.mounts {
        let spec = expand(env, stage, spec)?;
        let mut tree_of =
            |from: Option<&str>| super::copy::source_tree(env, stage, from).map(|(tree, _)| tree);
        mounts.push(super::mount::parse(&spec, &workdir, &mut tree_of)?);
        mount_text.push_str(&format!("--mount={spec} "));
    }
    Ok(Outcome::Fs {
        op: Operation {
            kind: "exec".into(),
            text: format!("RUN {mount_text}{}", args.join(" ")),
            env: env_map,
            args: arg_names,
            workdir: workdir.as_str().to_string(),
            user,
            files: BTreeMap::new(),
        },
        created_by: format!("RUN {shown} # buildkit"),
        work: Box::new(Work::Run {
            now: env.epoch,
            mounts,
            argv: args,
            env: process_env,
            workdir,
            owner,
        }),
    })
}

/// What a `RUN` with heredocs runs, as BuildKit's `dispatchRun` decides.
enum HeredocRun {
    /// Shell text for the stage's SHELL.
    Script(String),
    /// A program started directly (a heredoc whose first line is a non-shell `#!`).
    Program(Vec<String>),
}

fn heredoc_command(run: &Run) -> Option<HeredocRun> {
    let first = run.heredocs.first()?;
    let CommandLine::Shell(text) = &run.command else {
        return None;
    };
    let marker = text.trim();
    let only_marker = marker.starts_with("<<")
        && !marker.contains(char::is_whitespace)
        && crate::sh::lex::unquote(marker.trim_start_matches("<<").trim_start_matches('-'))
            == first.name;
    if !only_marker {
        // `RUN cat <<EOF > /x`: the shell reads the heredoc itself.
        let mut full = text.clone();
        for h in &run.heredocs {
            full.push('\n');
            full.push_str(&h.content);
            full.push_str(&h.name);
        }
        return Some(HeredocRun::Script(full));
    }
    let data = if first.chomp {
        first
            .content
            .lines()
            .map(|l| format!("{}\n", l.trim_start_matches('\t')))
            .collect()
    } else {
        first.content.clone()
    };
    if let Some(shebang) = data.lines().next().and_then(|l| l.strip_prefix("#!")) {
        let words: Vec<String> = shebang.split_whitespace().map(str::to_string).collect();
        let program = words
            .iter()
            .find(|w| !w.ends_with("/env"))
            .cloned()
            .unwrap_or_default();
        let base = program.rsplit('/').next().unwrap_or_default();
        if !matches!(base, "sh" | "bash" | "dash" | "ash") {
            let mut args = words;
            args.push(format!("/dev/pipes/{}", first.name));
            return Some(HeredocRun::Program(args));
        }
        return Some(HeredocRun::Program(vec![program, "-c".into(), data]));
    }
    Some(HeredocRun::Script(data))
}

/// Resolves `user[:group]` (names through the image's /etc/passwd and /etc/group).
pub fn lookup_owner(rootfs: &Rootfs, spec: &str) -> Result<(u32, u32), BuildError> {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let read = |path: &str| -> String {
        rootfs
            .read_file(&FsPath::new(path))
            .map(|c| String::from_utf8_lossy(&c.to_vec()).into_owned())
            .unwrap_or_default()
    };
    let (uid, primary_gid) = match user.parse::<u32>() {
        Ok(n) => (n, n),
        Err(_) => {
            let passwd = read("/etc/passwd");
            passwd
                .lines()
                .find_map(|l| {
                    let f: Vec<&str> = l.split(':').collect();
                    (f.len() > 3 && f[0] == user)
                        .then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
                        .flatten()
                })
                .ok_or_else(|| {
                    BuildError::new(BuildErrorKind::UnknownUser(format!(
                        "unable to find user {user}: no matching entries in passwd file"
                    )))
                })?
        }
    };
    let gid = match group {
        None => primary_gid,
        Some(g) => match g.parse::<u32>() {
            Ok(n) => n,
            Err(_) => read("/etc/group")
                .lines()
                .find_map(|l| {
                    let f: Vec<&str> = l.split(':').collect();
                    (f.len() > 2 && f[0] == g)
                        .then(|| f[2].parse().ok())
                        .flatten()
                })
                .ok_or_else(|| {
                    BuildError::new(BuildErrorKind::UnknownUser(format!(
                        "unable to find group {g}: no matching entries in group file"
                    )))
                })?,
        },
    };
    Ok((uid, gid))
}

pub(super) fn fs_err(e: crate::fs::FsError) -> BuildError {
    BuildError::new(BuildErrorKind::Fs(e.to_string()))
}

/// Does a filesystem step's work on the stage's filesystem (the upper layer). Returns the
/// log lines; a failure keeps the lines printed before it.
pub fn execute(
    work: &Work,
    rootfs: &mut Rootfs,
    caches: &mut BTreeMap<String, crate::fs::Layer>,
) -> (Vec<String>, Result<(), BuildError>) {
    match work {
        Work::Run { .. } => execute_run(work, rootfs, caches),
        _ => (Vec::new(), execute_fs(work, rootfs)),
    }
}

fn execute_fs(work: &Work, rootfs: &mut Rootfs) -> Result<(), BuildError> {
    match work {
        Work::Mkdir { path, owner } => {
            let missing: Vec<FsPath> = path
                .ancestors()
                .into_iter()
                .chain(std::iter::once(path.clone()))
                .filter(|p| !p.is_root() && !rootfs.exists(p))
                .collect();
            rootfs.mkdir_all(path, 0o755).map_err(fs_err)?;
            for p in missing {
                rootfs.chown(&p, owner.0, owner.1).map_err(fs_err)?;
            }
            Ok(())
        }
        Work::Copy(copy) => super::copy::execute_copy(copy, rootfs).map(|_| ()),
        Work::Run { .. } => Ok(()),
    }
}

/// RUN: the sandbox runs the process on the stage's filesystem.
fn execute_run(
    work: &Work,
    rootfs: &mut Rootfs,
    caches: &mut BTreeMap<String, crate::fs::Layer>,
) -> (Vec<String>, Result<(), BuildError>) {
    let Work::Run {
        argv,
        now,
        mounts,
        env,
        workdir,
        owner,
    } = work
    else {
        return (Vec::new(), Ok(()));
    };
    let mounted = match super::mount::mount(mounts, rootfs, caches) {
        Ok(saved) => saved,
        Err(e) => return (Vec::new(), Err(e)),
    };
    let outcome = crate::sh::run(
        rootfs,
        &crate::sh::RunRequest {
            argv,
            env,
            workdir: workdir.clone(),
            owner: *owner,
            now: *now,
            limits: crate::sh::budget::Limits::default(),
        },
    );
    if let Err(e) = super::mount::unmount(mounts, rootfs, &mounted, caches) {
        return (outcome.lines(), Err(e));
    }
    let mut lines = outcome.lines();
    if let Some(e) = &outcome.exec_error {
        lines.push(format!(
            "runc run failed: unable to start container process: {e}"
        ));
    }
    if outcome.status == 0 {
        return (lines, Ok(()));
    }
    let error = BuildError::new(BuildErrorKind::RunFailed {
        command: argv.join(" "),
        code: outcome.status,
        hint: outcome.hint.clone(),
    });
    (lines, Err(error))
}
