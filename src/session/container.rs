//! Containers for the UI: `docker run` of the last built image, lines typed at its shell
//! prompt (`docker exec -it … sh`), `docker container diff`, `docker commit` and `docker rm
//! -f`, as a terminal transcript of plain data. Every prompt line lists the copy-on-write
//! events it caused in words ("copied up from layer 2 (COPY app.js .)").

use super::Builder;
use crate::build::container::Container;
use crate::fs::{FsEvent, FsEventKind};
use serde::Serialize;
use std::rc::Rc;

/// Output lines kept per command (the rest is counted, not shown).
pub const MAX_OUTPUT_LINES: usize = 2000;
/// Copy-on-write events listed per command (the rest is counted).
pub const MAX_EVENTS: usize = 100;

/// One copy-on-write event, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CowEvent {
    /// The path.
    pub path: String,
    /// `created`, `copied-up`, `metadata`, `modified`, `whiteout`, `removed`, `opaque`,
    /// `renamed` (for styling).
    pub kind: &'static str,
    /// What happened, as a sentence fragment.
    pub text: String,
}

/// A line of output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutLine {
    /// The text.
    pub text: String,
    /// It went to standard error.
    pub err: bool,
}

/// One command in the transcript: a line at the container's prompt, or a docker command on
/// the host (`$ docker container diff …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermBlock {
    /// The prompt shown before the command (`root@1a2b3c4d5e6f:/web-ping#` or `$`).
    pub prompt: String,
    /// The command.
    pub command: String,
    /// Its output.
    pub output: Vec<OutLine>,
    /// Output lines not kept.
    pub more_output: usize,
    /// Exit status.
    pub status: i32,
    /// The copy-on-write events (one per path, in order of first change).
    pub events: Vec<CowEvent>,
    /// Events not listed.
    pub more_events: usize,
    /// A hint when the command failed (a close command name, the budget that stopped it).
    pub hint: Option<String>,
}

/// What the container panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerView {
    /// The full container ID.
    pub id: String,
    /// The 12-digit ID.
    pub short_id: String,
    /// The image it runs (`playground:latest`).
    pub image: String,
    /// The prompt for the next line.
    pub prompt: String,
    /// The transcript, oldest first.
    pub blocks: Vec<Rc<TermBlock>>,
    /// The shell exited (`exit`): no more lines run.
    pub exited: bool,
    /// The image ID of the last commit.
    pub committed: Option<String>,
}

/// A running container and its transcript.
pub struct ContainerSession {
    container: Container,
    layer_names: Vec<String>,
    view: ContainerView,
}

impl Builder {
    /// `docker run -it IMAGE` of a built image: a container with an empty writable layer.
    pub fn run_container(&mut self, tag: &str) -> Result<ContainerSession, String> {
        let image = self
            .store
            .find(tag)
            .ok_or_else(|| format!("Unable to find image '{tag}' locally: build first"))?;
        let seq = self.next_container();
        let container = Container::create(image, seq).map_err(|e| {
            format!("docker: Error response from daemon: failed to create container: {e}")
        })?;
        let layer_names = layer_names(container.image());
        let short = container.short_id().to_string();
        let mut session = ContainerSession {
            view: ContainerView {
                id: container.id.clone(),
                short_id: short.clone(),
                image: crate::build::store::normalize_tag(tag),
                prompt: String::new(),
                blocks: Vec::new(),
                exited: false,
                committed: None,
            },
            container,
            layer_names,
        };
        let command = session.container.command();
        let mut note = vec![
            format!("container {short} created: the image's {} layers, read-only, under one empty writable layer", session.layer_names.len()),
        ];
        if !command.is_empty() {
            note.push(format!(
                "(its command, {}, is not run here: the lines you type run as `docker exec -it {short} sh` would)",
                crate::build::image::go_quote_list(&command)
            ));
        }
        session.host(format!("docker run -dit {tag}"), note, 0);
        session.view.prompt = session.prompt();
        Ok(session)
    }

    /// `docker commit CONTAINER [REPOSITORY[:TAG]]`: stores the new image (and tags it).
    pub fn commit_container(
        &mut self,
        session: &mut ContainerSession,
        reference: &str,
    ) -> Result<String, String> {
        let reference = reference.trim();
        if !reference.is_empty() {
            crate::oci::layout::parse_ref(reference)
                .map_err(|_| format!("invalid reference format: {reference}"))
                .and_then(|r| {
                    if r.familiar_name.chars().any(|c| c.is_ascii_uppercase()) {
                        Err(format!(
                            "invalid reference format: repository name ({}) must be lowercase",
                            r.familiar_name
                        ))
                    } else {
                        Ok(r)
                    }
                })?;
        }
        let image = session.container.commit(None).map_err(|e| e.to_string())?;
        let id = self.store.insert(&image);
        if !reference.is_empty() {
            self.store.tag(reference, id);
        }
        let short = session.view.short_id.clone();
        let command = if reference.is_empty() {
            format!("docker commit {short}")
        } else {
            format!("docker commit {short} {reference}")
        };
        session.host(command, vec![id.to_string()], 0);
        session.view.committed = Some(id.to_string());
        Ok(id.to_string())
    }

    fn next_container(&mut self) -> u64 {
        self.containers += 1;
        self.containers
    }
}

impl ContainerSession {
    /// The view for the panel.
    pub fn view(&self) -> ContainerView {
        self.view.clone()
    }

    /// `user@short-id:/cwd#` (`$` for other users than root), as a Debian/Alpine shell
    /// with a TTY shows it.
    fn prompt(&self) -> String {
        let c = &self.container;
        let user = if c.uid() == 0 {
            "root".to_string()
        } else {
            user_name(c).unwrap_or_else(|| c.uid().to_string())
        };
        let mark = if c.uid() == 0 { '#' } else { '$' };
        format!("{user}@{}:{}{mark}", c.short_id(), c.cwd())
    }

    /// Runs a line at the prompt.
    pub fn exec(&mut self, line: &str) -> ContainerView {
        let prompt = self.prompt();
        if self.container.exited().is_some() {
            return self.view();
        }
        let done = self.container.exec(line);
        let mut output: Vec<OutLine> = Vec::new();
        let mut more = 0;
        for (fd, bytes) in &done.outcome.log {
            let text = String::from_utf8_lossy(bytes);
            for l in text.lines() {
                if output.len() < MAX_OUTPUT_LINES {
                    output.push(OutLine {
                        text: l.to_string(),
                        err: *fd == 2,
                    });
                } else {
                    more += 1;
                }
            }
        }
        if let Some(e) = &done.outcome.exec_error {
            output.push(OutLine {
                text: e.clone(),
                err: true,
            });
        }
        let (events, more_events) = describe(&done.events, &self.layer_names);
        self.view.blocks.push(Rc::new(TermBlock {
            prompt,
            command: line.to_string(),
            output,
            more_output: more,
            status: done.outcome.status,
            events,
            more_events,
            hint: done.outcome.hint.clone(),
        }));
        self.view.exited = self.container.exited().is_some();
        self.view.prompt = self.prompt();
        self.view()
    }

    /// `docker container diff`: `A`/`C`/`D` lines, added to the transcript.
    pub fn diff(&mut self) -> Vec<String> {
        let lines: Vec<String> = crate::fs::diff::render(&self.container.diff())
            .lines()
            .map(str::to_string)
            .collect();
        let short = self.view.short_id.clone();
        self.host(format!("docker container diff {short}"), lines.clone(), 0);
        lines
    }

    fn host(&mut self, command: String, lines: Vec<String>, status: i32) {
        self.view.blocks.push(Rc::new(TermBlock {
            prompt: "$".into(),
            command,
            output: lines
                .into_iter()
                .map(|text| OutLine { text, err: false })
                .collect(),
            more_output: 0,
            status,
            events: Vec::new(),
            more_events: 0,
            hint: None,
        }));
    }
}

fn user_name(c: &Container) -> Option<String> {
    let passwd = c
        .rootfs()
        .read_file(&crate::fs::FsPath::new("/etc/passwd"))
        .ok()?;
    let text = String::from_utf8_lossy(&passwd.to_vec()).into_owned();
    text.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() > 2 && f[2] == c.uid().to_string()).then(|| f[0].to_string())
    })
}

/// "layer 2 (COPY app.js .)" for each layer of the image, bottom first.
fn layer_names(image: &crate::build::StoredImage) -> Vec<String> {
    image
        .layer_created_by()
        .into_iter()
        .enumerate()
        .map(|(i, by)| match by {
            by if !by.is_empty() => {
                let by = by.trim_end_matches(" # buildkit").replace('\t', " ");
                let by = by.strip_prefix("/bin/sh -c #(nop) ").unwrap_or(&by).trim();
                let by = short_digests(by);
                let short: String = by.chars().take(40).collect();
                let dots = if by.chars().count() > 40 { "…" } else { "" };
                format!("layer {i} ({short}{dots})")
            }
            _ => format!("layer {i}"),
        })
        .collect()
}

/// `ADD file:4eaa86563dd9d939fe…(64 hex) in /` → `ADD file:4eaa86563dd9… in /`.
fn short_digests(text: &str) -> String {
    text.split(' ')
        .map(|word| match word.split_once(':') {
            Some((kind, hex)) if hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                format!("{kind}:{}…", &hex[..12])
            }
            _ => word.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The events in words, one per path (the first change, or the deletion that ended it).
fn describe(events: &[FsEvent], layers: &[String]) -> (Vec<CowEvent>, usize) {
    let name = |n: usize| layers.get(n).cloned().unwrap_or(format!("layer {n}"));
    let mut order: Vec<&str> = Vec::new();
    let mut chosen: std::collections::BTreeMap<&str, &FsEventKind> = Default::default();
    for e in events {
        match chosen.get(e.path.as_str()) {
            None => {
                order.push(&e.path);
                chosen.insert(&e.path, &e.kind);
            }
            Some(_)
                if matches!(
                    e.kind,
                    FsEventKind::WhitedOut { .. }
                        | FsEventKind::Removed
                        | FsEventKind::Renamed { .. }
                ) =>
            {
                chosen.insert(&e.path, &e.kind);
            }
            Some(_) => {}
        }
    }
    let total = order.len();
    let out = order
        .into_iter()
        .take(MAX_EVENTS)
        .map(|path| {
            let (kind, text) = match chosen[path] {
                FsEventKind::Created => ("created", "created in the container's writable layer".to_string()),
                FsEventKind::CopiedUp { from_layer } => (
                    "copied-up",
                    format!("copied up from {} into the writable layer, then changed there (the image's copy is untouched)", name(*from_layer)),
                ),
                FsEventKind::MetadataCopiedUp { from_layer } => (
                    "metadata",
                    format!("copied up from {} to change its mode or owner", name(*from_layer)),
                ),
                FsEventKind::Modified => ("modified", "changed again in the writable layer".to_string()),
                FsEventKind::WhitedOut { from_layer } => (
                    "whiteout",
                    format!("deleted: a whiteout in the writable layer hides the version in {}, which stays in the image", name(*from_layer)),
                ),
                FsEventKind::Removed => (
                    "removed",
                    "deleted from the writable layer (it existed only there: no whiteout needed)".to_string(),
                ),
                FsEventKind::Opaque { from_layer } => (
                    "opaque",
                    format!("recreated as an opaque directory: {}'s contents stay hidden", name(*from_layer)),
                ),
                FsEventKind::Renamed { to } => ("renamed", format!("moved to {to} (copy + whiteout)")),
            };
            CowEvent {
                path: path.to_string(),
                kind,
                text,
            }
        })
        .collect();
    (out, total.saturating_sub(MAX_EVENTS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn built(dockerfile: &str) -> Builder {
        let mut b = Builder::new();
        let view = b.build(
            dockerfile,
            &Default::default(),
            "playground:latest",
            &Default::default(),
        );
        assert!(view.image_id.is_some(), "{view:?}");
        b
    }

    #[test]
    fn writing_a_lower_file_copies_it_up_from_its_layer() {
        let mut b = built("FROM alpine:3.20\nRUN echo one > /etc/motd\nWORKDIR /app\n");
        let mut c = b.run_container("playground").expect("runs");
        assert!(c.view().prompt.ends_with(":/app#"), "{}", c.view().prompt);
        let v = c.exec("echo hi > /etc/motd && cat /etc/motd");
        let block = v.blocks.last().expect("block");
        assert_eq!(block.output[0].text, "hi");
        let motd = block
            .events
            .iter()
            .find(|e| e.path == "/etc/motd")
            .expect("event");
        assert_eq!(motd.kind, "copied-up");
        assert!(
            motd.text
                .contains("layer 1 (RUN /bin/sh -c echo one > /etc/motd)"),
            "{}",
            motd.text
        );
        let v = c.exec("rm /etc/hostname; touch new.txt");
        let block = v.blocks.last().expect("block");
        let kinds: Vec<(&str, &str)> = block
            .events
            .iter()
            .map(|e| (e.path.as_str(), e.kind))
            .collect();
        assert_eq!(
            kinds,
            [("/etc/hostname", "whiteout"), ("/app/new.txt", "created")]
        );
        assert!(
            block.events[0].text.contains("layer 0"),
            "{:?}",
            block.events
        );
        assert_eq!(
            c.diff(),
            [
                "C /app",
                "A /app/new.txt",
                "C /etc",
                "D /etc/hostname",
                "C /etc/motd"
            ]
        );
    }

    #[test]
    fn commit_makes_an_image_a_later_build_starts_from() {
        let mut b = built("FROM alpine:3.20\nCMD [\"/bin/sh\"]\n");
        let mut c = b.run_container("playground:latest").expect("runs");
        c.exec("rm /etc/hostname && echo made > /made.txt");
        assert!(b.commit_container(&mut c, "Bad:Tag").is_err());
        let id = b.commit_container(&mut c, "mine:v1").expect("commits");
        assert!(id.starts_with("sha256:") && id.len() == 71);
        assert_eq!(c.view().blocks.last().expect("block").output[0].text, id);
        let image = b.store.find("mine:v1").expect("tagged");
        let base = b.store.find("playground").expect("base");
        assert_eq!(image.layers.len(), base.layers.len() + 1);
        let last = image.config.history.last().expect("history");
        assert_eq!(last.created_by.as_deref(), Some("/bin/sh"));
        assert!(!last.empty_layer && last.comment.is_none());
        // The committed layer's tar has the whiteout and the new file.
        let blob = crate::build::image::layer_blob(
            image.layers.last().expect("layer"),
            crate::oci::Compression::None,
        )
        .expect("tar");
        let names = tar_names(&blob.bytes);
        assert!(names.contains(&"etc/.wh.hostname".to_string()), "{names:?}");
        assert!(names.contains(&"made.txt".to_string()), "{names:?}");
        // FROM the committed tag.
        let view = b.build(
            "FROM mine:v1\nRUN cat /made.txt && test ! -e /etc/hostname\n",
            &Default::default(),
            "next",
            &Default::default(),
        );
        assert!(view.image_id.is_some(), "{view:?}");
        assert!(view
            .steps
            .iter()
            .any(|s| s.logs.iter().any(|l| l == "made")));
        // Nothing changed: an empty layer, as docker records it.
        let mut idle = b.run_container("playground").expect("runs");
        idle.exec("cat /etc/os-release > /dev/null");
        b.commit_container(&mut idle, "").expect("commits");
        let id = idle.view().committed.expect("id");
        let same = b.store.find(&id).expect("stored");
        assert_eq!(same.layers.len(), base.layers.len());
        assert!(same.config.history.last().is_some_and(|h| h.empty_layer));
    }

    #[test]
    fn the_example_image_runs_with_its_config() {
        let e = examples::find("web-ping").expect("example");
        let mut b = Builder::new();
        let files = e
            .files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        assert!(b
            .build(e.dockerfile, &files, "playground", &Default::default())
            .image_id
            .is_some());
        let mut c = b.run_container("playground").expect("runs");
        let v = c.exec("echo $TARGET; pwd; while true; do :; done");
        let out: Vec<&str> = v.blocks[1].output.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(&out[..2], ["blog.sixeyed.com", "/web-ping"]);
        assert!(
            v.blocks[1]
                .output
                .iter()
                .any(|l| l.err && l.text.contains("budget")),
            "the budget stops the loop"
        );
        assert_eq!(
            short_digests("ADD file:4eaa86563dd9d939fe201c85fda385f782ea2302 in /"),
            "ADD file:4eaa86563dd9… in /"
        );
        assert!(v.blocks[0].output[1].contains_str("node"));
        let v = c.exec("cd /tmp; hostname");
        assert!(v.prompt.ends_with(":/tmp#"));
        assert_eq!(v.blocks[2].output[0].text, c.view().short_id);
    }

    trait ContainsStr {
        fn contains_str(&self, s: &str) -> bool;
    }
    impl ContainsStr for OutLine {
        fn contains_str(&self, s: &str) -> bool {
            self.text.contains(s)
        }
    }

    fn tar_names(bytes: &[u8]) -> Vec<String> {
        let mut names = Vec::new();
        let mut at = 0;
        while at + 512 <= bytes.len() && bytes[at] != 0 {
            let h = &bytes[at..at + 512];
            let name = String::from_utf8_lossy(&h[..100])
                .trim_end_matches('\0')
                .to_string();
            let size_text = String::from_utf8_lossy(&h[124..136]);
            let size = u64::from_str_radix(size_text.trim_matches(|c| c == '\0' || c == ' '), 8)
                .unwrap_or(0) as usize;
            names.push(name.trim_end_matches('/').to_string());
            at += 512 + size.div_ceil(512) * 512;
        }
        names
    }
}
