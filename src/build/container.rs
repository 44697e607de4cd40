//! Containers: an image's layers, read-only, under one writable layer — what `docker run`
//! creates — with `docker exec -it … /bin/sh` lines run in the sandbox, `docker container
//! diff`, and `docker commit` (the writable layer becomes the new image's top layer).
//!
//! The container's process environment is Docker's: `PATH` (BuildKit's default unless the image
//! sets one), `HOSTNAME` (the short container ID), `TERM=xterm` (a TTY was asked for), then the
//! image's `Env`; the working directory is the image's `WorkingDir` (created when missing, as
//! the runtime does), the user its `User`. The image's own command is not run: the playground
//! has no processes, only the shell lines typed at the prompt.
//!
//! `commit` follows Docker's containerd image store (`generateCommitImageConfig`): the config
//! is the container's (here the image's, unchanged), the changes become one layer appended to
//! `rootfs.diff_ids` unless there are none, and one history entry is appended whose
//! `created_by` is the container's `Cmd` joined by spaces, `comment` the commit message and
//! `empty_layer` set when nothing changed. Deterministic: the timestamps are the image's
//! `created`, never the clock.

use super::error::{BuildError, BuildErrorKind};
use super::image;
use super::store::StoredImage;
use crate::fs::diff::DiffKind;
use crate::fs::{FsEvent, FsPath, Rootfs};
use crate::oci::{Digest, History};
use crate::sh::interactive::Session;
use crate::sh::RunOutcome;
use std::sync::Arc;

/// The shell `docker exec -it CONTAINER sh` starts.
pub const SHELL: &str = "/bin/sh";

/// A created container.
#[derive(Debug, Clone)]
pub struct Container {
    /// The container ID (64 hex digits; Docker's are random, these derive from the image and
    /// a sequence number).
    pub id: String,
    image: StoredImage,
    rootfs: Rootfs,
    session: Session,
    env: Vec<String>,
}

/// What one line at the prompt did.
#[derive(Debug, Clone)]
pub struct Exec {
    /// The shell's result and output.
    pub outcome: RunOutcome,
    /// The copy-on-write events of the writable layer, in order.
    pub events: Vec<FsEvent>,
}

impl Container {
    /// `docker run` of `image` (the `seq`-th container of the session, for its ID).
    pub fn create(image: StoredImage, seq: u64) -> Result<Container, BuildError> {
        let id = Digest::of(format!("container {} {seq}", image.id).as_bytes()).hex();
        let mut rootfs = Rootfs::new(image.layers.clone());
        let exec = &image.config.config;
        let owner = if exec.user.is_empty() {
            (0, 0)
        } else {
            super::step::lookup_owner(&rootfs, &exec.user)?
        };
        let workdir = if exec.working_dir.is_empty() {
            FsPath::root()
        } else {
            FsPath::new(&exec.working_dir)
        };
        if !rootfs.is_dir(&workdir) {
            rootfs
                .mkdir_all(&workdir, 0o755)
                .map_err(|e| BuildError::new(BuildErrorKind::Fs(e.to_string())))?;
            rootfs.take_events();
        }
        let mut env = vec![
            format!("PATH={}", image::DEFAULT_PATH),
            format!("HOSTNAME={}", &id[..12]),
            "TERM=xterm".to_string(),
        ];
        for e in &exec.env {
            let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
            image::set_env(&mut env, k, v);
        }
        let now = image.config.created.as_deref().and_then(parse_rfc3339);
        let session = Session::new(SHELL, &env, workdir, owner, now.unwrap_or(0));
        Ok(Container {
            id,
            image,
            rootfs,
            session,
            env,
        })
    }

    /// The 12-digit ID Docker shows (and uses as the hostname).
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    /// The image the container was created from.
    pub fn image(&self) -> &StoredImage {
        &self.image
    }

    /// The container's filesystem.
    pub fn rootfs(&self) -> &Rootfs {
        &self.rootfs
    }

    /// The process environment (`K=V`).
    pub fn env(&self) -> &[String] {
        &self.env
    }

    /// The shell's working directory now.
    pub fn cwd(&self) -> &FsPath {
        &self.session.cwd
    }

    /// The uid the shell runs as.
    pub fn uid(&self) -> u32 {
        self.session.owner.0
    }

    /// Whether the shell ran `exit`.
    pub fn exited(&self) -> Option<i32> {
        self.session.exited
    }

    /// The command the container was created with (`Entrypoint` + `Cmd`).
    pub fn command(&self) -> Vec<String> {
        let c = &self.image.config.config;
        c.entrypoint.iter().chain(&c.cmd).cloned().collect()
    }

    /// Runs one line in the container's shell.
    pub fn exec(&mut self, line: &str) -> Exec {
        let sh_ok = self
            .rootfs
            .stat(&FsPath::new(SHELL))
            .is_ok_and(|n| !n.is_dir() && n.mode & 0o111 != 0);
        if !sh_ok {
            let outcome = RunOutcome {
                status: 126,
                log: Vec::new(),
                budget: None,
                exec_error: Some(format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{SHELL}\": stat {SHELL}: no such file or directory: unknown"
                )),
                missing: vec![SHELL.to_string()],
                steps: 0,
                hint: Some("this image has no shell: it can run only the programs it ships".into()),
            };
            return Exec {
                outcome,
                events: Vec::new(),
            };
        }
        let outcome = self.session.run_line(&mut self.rootfs, line);
        Exec {
            outcome,
            events: self.rootfs.take_events(),
        }
    }

    /// `docker container diff`: the writable layer's changes.
    pub fn diff(&self) -> Vec<(DiffKind, FsPath)> {
        crate::fs::diff::changes(&self.rootfs)
    }

    /// `docker commit [-m comment]`: a new image of the image's config and layers plus the
    /// writable layer (none when nothing changed) and one history entry.
    pub fn commit(&self, comment: Option<&str>) -> Result<StoredImage, BuildError> {
        let layer = self.rootfs.pending_layer();
        let mut config = self.image.config.clone();
        let mut layers = self.image.layers.clone();
        let empty = layer.is_empty();
        if !empty {
            config.rootfs.diff_ids.push(image::diff_id(&layer)?);
            layers.push(Arc::new(layer));
        }
        config.history.push(History {
            created: config.created.clone(),
            created_by: Some(self.image.config.config.cmd.join(" ")),
            author: None,
            comment: comment.filter(|c| !c.is_empty()).map(str::to_string),
            empty_layer: empty,
        });
        Ok(StoredImage::new(config, layers))
    }
}

/// Seconds since the epoch of an RFC 3339 UTC time (`2024-01-02T03:04:05Z`, fractions
/// ignored).
fn parse_rfc3339(text: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let days = crate::calendar::days_from_civil(
        num(0..4)?,
        u32::try_from(num(5..7)?).ok()?,
        u32::try_from(num(8..10)?).ok()?,
    );
    Some(days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        let t = 1_700_000_000;
        assert_eq!(parse_rfc3339(&crate::oci::spec::rfc3339(t)), Some(t));
        assert_eq!(parse_rfc3339("junk"), None);
    }
}
