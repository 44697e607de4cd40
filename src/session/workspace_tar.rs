//! A workspace as a tar: export writes the Dockerfile and the context files with their paths
//! in the context (what `tar cf ws.tar -C context .` gives, plus the Dockerfile at the top);
//! import reads such a tar (or a `.tar.gz`) back into a [`Workspace`].
//!
//! Import is written for untrusted files. Names are normalized as the image importer does
//! (`./` dropped); an absolute name or a `..` component refuses the whole tar; sizes and counts
//! are checked before anything is read ([`TarLimits`]). Links, devices and files that are not
//! UTF-8 text cannot live in a workspace: they are skipped and listed. A tar whose entries all
//! sit in one folder holding the Dockerfile (`tar cf x.tar myapp`) is read from that folder.

use super::Workspace;
use crate::oci::tar::{write_layer_tar, Content, EntryKind, EntryMeta, LayerEntry};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// The limits of [`import_workspace_tar`] (a workspace lives in the browser's localStorage,
/// which holds a few MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TarLimits {
    /// Bytes of the tar (after gunzip).
    pub max_tar_bytes: u64,
    /// Entries of the tar.
    pub max_entries: usize,
    /// Bytes of one file.
    pub max_file_bytes: u64,
    /// Bytes of all files together.
    pub max_total_bytes: u64,
}

impl Default for TarLimits {
    fn default() -> TarLimits {
        TarLimits {
            max_tar_bytes: 8 << 20,
            max_entries: 1000,
            max_file_bytes: 1 << 20,
            max_total_bytes: 3 << 20,
        }
    }
}

/// A workspace read from a tar, with what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedWorkspace {
    /// The workspace (no build options, no example).
    pub workspace: Workspace,
    /// The entries left out and why, e.g. `logo.png (not UTF-8 text)`.
    pub skipped: Vec<String>,
}

/// The workspace as a tar: `Dockerfile` and every context file (a context file named
/// `Dockerfile` is the workspace's Dockerfile's place and is left out), with their parent
/// directories, mode 0644/0755, owner 0, modification time `mtime` (seconds since the epoch).
pub fn export_workspace_tar(workspace: &Workspace, mtime: u64) -> Result<Vec<u8>, String> {
    let file_meta = EntryMeta {
        mode: 0o644,
        mtime,
        ..EntryMeta::default()
    };
    let dir_meta = EntryMeta {
        mode: 0o755,
        ..file_meta
    };
    let mut dirs = BTreeSet::new();
    let mut entries = vec![LayerEntry {
        path: "Dockerfile".into(),
        meta: file_meta,
        kind: EntryKind::File(Content::Bytes(Cow::Borrowed(
            workspace.dockerfile.as_bytes(),
        ))),
    }];
    for (path, text) in &workspace.files {
        if path == "Dockerfile" {
            continue;
        }
        let mut at = 0;
        while let Some(i) = path[at..].find('/') {
            dirs.insert(path[..at + i].to_string());
            at += i + 1;
        }
        entries.push(LayerEntry {
            path: path.clone(),
            meta: file_meta,
            kind: EntryKind::File(Content::Bytes(Cow::Borrowed(text.as_bytes()))),
        });
    }
    entries.extend(dirs.into_iter().map(|path| LayerEntry {
        path,
        meta: dir_meta,
        kind: EntryKind::Dir,
    }));
    let (_, _, bytes) = write_layer_tar(entries, Vec::new()).map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Reads a workspace from a tar or gzipped tar. Errors are whole sentences for the user.
pub fn import_workspace_tar(data: &[u8], limits: TarLimits) -> Result<ImportedWorkspace, String> {
    let too_big = || {
        format!(
            "it is larger than {} MB; a workspace keeps a few MB of text",
            limits.max_tar_bytes >> 20
        )
    };
    if data.len() as u64 > limits.max_tar_bytes && !crate::oci::untar::is_gzip(data) {
        return Err(too_big());
    }
    let data = crate::oci::untar::maybe_gunzip(data, limits.max_tar_bytes, "tar bytes", "the tar")
        .map_err(|e| match e.kind {
            crate::oci::OciErrorKind::LimitExceeded { .. } => too_big(),
            _ => format!("it is not a readable gzip file ({e})"),
        })?;
    let mut archive = tar::Archive::new(&data[..]);
    let entries = archive
        .entries()
        .map_err(|e| format!("it is not a tar archive ({e})"))?;
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut total = 0u64;
    for (count, entry) in entries.enumerate() {
        if count >= limits.max_entries {
            return Err(format!("it has more than {} entries", limits.max_entries));
        }
        let mut entry = entry.map_err(|e| {
            if count == 0 {
                format!("it is not a tar archive ({e})")
            } else {
                format!("it is damaged after entry {count} ({e})")
            }
        })?;
        let raw = entry.path_bytes().into_owned();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let path = match crate::oci::untar::normalize_name(&raw, &shown) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(_) if std::str::from_utf8(&raw).is_err() => {
                return Err(format!("the entry name \u{201c}{shown}\u{201d} is not UTF-8"))
            }
            Err(_) => {
                return Err(format!(
                    "the entry \u{201c}{shown}\u{201d} points outside the workspace (absolute paths and .. are refused)"
                ))
            }
        };
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        if !(kind.is_file() || kind == tar::EntryType::Continuous) {
            skipped.push(format!("{path} (not a regular file)"));
            continue;
        }
        let size = entry.size();
        if size > limits.max_file_bytes {
            return Err(format!(
                "the file \u{201c}{path}\u{201d} is {size} bytes; one file may have at most {}",
                limits.max_file_bytes
            ));
        }
        total += size;
        if total > limits.max_total_bytes {
            return Err(format!(
                "its files hold more than {} bytes together",
                limits.max_total_bytes
            ));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut entry)
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("the file \u{201c}{path}\u{201d} could not be read ({e})"))?;
        if bytes.len() as u64 != size {
            return Err(format!("it ends inside the file \u{201c}{path}\u{201d}"));
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(_) => skipped.push(format!("{path} (not UTF-8 text)")),
        }
    }
    let files = strip_single_folder(files);
    let mut files = files;
    let Some(dockerfile) = files.remove("Dockerfile") else {
        return Err("it has no Dockerfile at its top level".into());
    };
    Ok(ImportedWorkspace {
        workspace: Workspace {
            dockerfile,
            files,
            ..Workspace::default()
        },
        skipped,
    })
}

/// `app/Dockerfile`, `app/x.js` → `Dockerfile`, `x.js` when every file is inside `app/` and
/// there is no top-level Dockerfile.
fn strip_single_folder(files: BTreeMap<String, String>) -> BTreeMap<String, String> {
    if files.contains_key("Dockerfile") {
        return files;
    }
    let Some(folder) = files
        .keys()
        .next()
        .and_then(|p| p.split_once('/'))
        .map(|(d, _)| format!("{d}/"))
    else {
        return files;
    };
    let all_inside = files.keys().all(|p| p.starts_with(&folder));
    if !all_inside || !files.contains_key(&format!("{folder}Dockerfile")) {
        return files;
    }
    files
        .into_iter()
        .map(|(p, t)| (p[folder.len()..].to_string(), t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> Workspace {
        let mut w = Workspace::from_example(&crate::examples::EXAMPLES[0]);
        w.files.insert("src/lib/util.js".into(), "// ü\n".into());
        w.files
            .insert(format!("{}/deep.txt", "d".repeat(120)), "long".into());
        w
    }

    /// A tar with raw names (no normalization by the writer), for hostile cases.
    fn raw_tar(entries: &[(&[u8], tar::EntryType, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, kind, data) in entries {
            let mut h = tar::Header::new_old();
            h.as_old_mut().name[..name.len()].copy_from_slice(name);
            h.set_size(data.len() as u64);
            h.set_entry_type(*kind);
            h.set_mode(0o644);
            h.set_cksum();
            out.extend_from_slice(h.as_bytes());
            out.extend_from_slice(data);
            out.resize(out.len().div_ceil(512) * 512, 0);
        }
        out.resize(out.len() + 1024, 0);
        out
    }

    #[test]
    fn a_workspace_round_trips_through_its_tar() {
        let w = workspace();
        let tar = export_workspace_tar(&w, 1_700_000_000).expect("exports");
        let back = import_workspace_tar(&tar, TarLimits::default()).expect("imports");
        assert_eq!(back.skipped, Vec::<String>::new());
        assert_eq!(back.workspace.dockerfile, w.dockerfile);
        assert_eq!(back.workspace.files, w.files);
        // Paths as in the context, with the parent directories, readable by the tar crate.
        let mut names = Vec::new();
        for e in tar::Archive::new(&tar[..]).entries().expect("tar") {
            let e = e.expect("entry");
            names.push(String::from_utf8_lossy(&e.path_bytes()).into_owned());
            assert_eq!(e.header().mtime().expect("mtime"), 1_700_000_000);
        }
        assert!(names.contains(&"Dockerfile".to_string()), "{names:?}");
        assert!(names.contains(&"app.js".to_string()));
        assert!(names.contains(&"src/".to_string()));
        assert!(names.contains(&"src/lib/util.js".to_string()));
    }

    #[test]
    fn a_gzipped_tar_and_a_tar_of_one_folder_are_read() {
        let tar = raw_tar(&[
            (b"./app/", tar::EntryType::Directory, b""),
            (b"./app/Dockerfile", tar::EntryType::Regular, b"FROM a\n"),
            (b"./app/x.js", tar::EntryType::Regular, b"x"),
        ]);
        let mut gz = crate::oci::tar::gzip_writer(Vec::new());
        std::io::Write::write_all(&mut gz, &tar).expect("gzip");
        let gz = gz.finish().expect("gzip");
        let back = import_workspace_tar(&gz, TarLimits::default()).expect("imports");
        assert_eq!(back.workspace.dockerfile, "FROM a\n");
        assert_eq!(back.workspace.files.keys().collect::<Vec<_>>(), ["x.js"]);
    }

    #[test]
    fn climbing_and_absolute_names_refuse_the_whole_tar() {
        for name in [&b"../evil"[..], b"/etc/passwd", b"a/../../b", b"ok/.."] {
            let tar = raw_tar(&[
                (b"Dockerfile", tar::EntryType::Regular, b"FROM a\n"),
                (name, tar::EntryType::Regular, b"x"),
            ]);
            let err = import_workspace_tar(&tar, TarLimits::default()).expect_err("refused");
            assert!(err.contains("outside the workspace"), "{err}");
        }
    }

    #[test]
    fn huge_entries_and_too_many_entries_are_refused_before_reading() {
        // The header claims 1 GB; the data is not there: the size check comes first.
        let mut tar = raw_tar(&[(b"Dockerfile", tar::EntryType::Regular, b"FROM a\n")]);
        let mut h = tar::Header::new_old();
        h.as_old_mut().name[..3].copy_from_slice(b"big");
        h.set_size(1 << 30);
        h.set_cksum();
        tar.splice(1024..1024, h.as_bytes().iter().copied());
        let err = import_workspace_tar(&tar, TarLimits::default()).expect_err("refused");
        assert!(
            err.contains("\u{201c}big\u{201d} is 1073741824 bytes"),
            "{err}"
        );

        let many: Vec<(Vec<u8>, tar::EntryType, &[u8])> = (0..20)
            .map(|i| {
                (
                    format!("f{i}").into_bytes(),
                    tar::EntryType::Regular,
                    &b"x"[..],
                )
            })
            .collect();
        let refs: Vec<(&[u8], tar::EntryType, &[u8])> =
            many.iter().map(|(n, k, d)| (&n[..], *k, *d)).collect();
        let limits = TarLimits {
            max_entries: 10,
            ..TarLimits::default()
        };
        let err = import_workspace_tar(&raw_tar(&refs), limits).expect_err("refused");
        assert!(err.contains("more than 10 entries"), "{err}");

        let limits = TarLimits {
            max_tar_bytes: 1024,
            ..TarLimits::default()
        };
        let err = import_workspace_tar(&raw_tar(&refs), limits).expect_err("refused");
        assert!(err.contains("larger than"), "{err}");
    }

    #[test]
    fn binary_files_and_links_are_skipped_and_listed() {
        let tar = raw_tar(&[
            (b"Dockerfile", tar::EntryType::Regular, b"FROM a\n"),
            (b"logo.png", tar::EntryType::Regular, b"\x89PNG\xff\xfe"),
            (b"link", tar::EntryType::Symlink, b""),
            (b"ok.txt", tar::EntryType::Regular, b"fine"),
        ]);
        let back = import_workspace_tar(&tar, TarLimits::default()).expect("imports");
        assert_eq!(
            back.skipped,
            ["logo.png (not UTF-8 text)", "link (not a regular file)"]
        );
        assert_eq!(back.workspace.files.keys().collect::<Vec<_>>(), ["ok.txt"]);
    }

    #[test]
    fn garbage_truncation_and_a_missing_dockerfile_are_clear_errors() {
        let err = import_workspace_tar(b"hello, I am not a tar at all", TarLimits::default())
            .expect_err("refused");
        assert!(err.contains("not a tar archive"), "{err}");
        let noise: Vec<u8> = (0..2048u32).map(|i| (i * 7 % 251) as u8 + 1).collect();
        let err = import_workspace_tar(&noise, TarLimits::default()).expect_err("refused");
        assert!(err.contains("not a tar archive"), "{err}");
        let tar = raw_tar(&[(b"app.js", tar::EntryType::Regular, b"x")]);
        let err = import_workspace_tar(&tar, TarLimits::default()).expect_err("refused");
        assert_eq!(err, "it has no Dockerfile at its top level");
        let full = export_workspace_tar(&workspace(), 0).expect("exports");
        let err = import_workspace_tar(&full[..1000], TarLimits::default()).expect_err("refused");
        assert!(!err.is_empty());
        let err = import_workspace_tar(&[0x1f, 0x8b, 1, 2, 3], TarLimits::default())
            .expect_err("refused");
        assert!(err.contains("gzip"), "{err}");
    }
}
