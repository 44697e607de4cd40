//! The UI facade: plain data in the UI's vocabulary (lines, columns, text offsets), computed
//! by the core. The browser UI calls only this module, so UI code never handles core types.
//!
//! This file: Dockerfile problems for the editor. [`context`]: the context files with their
//! `.dockerignore` status. [`highlight`]: syntax highlighting for the editor. [`builder`]: builds (store and cache kept between them), the log
//! view and image exports. Further views of a built image live in their own files, each adding
//! an `impl Builder` block: [`container`] (run a container, its prompt, diff, commit),
//! [`image`] (`docker image inspect`, the OCI layout download).

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use serde::Serialize;

/// A problem to show under the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `true` for errors, `false` for warnings.
    pub is_error: bool,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Start of the span in UTF-16 code units (what a textarea's selection uses).
    pub start_utf16: u32,
    /// End of the span in UTF-16 code units.
    pub end_utf16: u32,
    /// The message.
    pub message: String,
    /// How to fix it, if known.
    pub hint: Option<String>,
    /// BuildKit's rule name, for warnings.
    pub code: Option<String>,
    /// The whole diagnostic rendered like a compiler does (for copying).
    pub rendered: String,
}

/// The problems of a Dockerfile text, in source order.
pub fn problems(text: &str) -> Vec<Problem> {
    dockerfile::diagnostics(text)
        .iter()
        .map(|d| problem(text, d))
        .collect()
}

fn problem(text: &str, d: &Diagnostic) -> Problem {
    Problem {
        is_error: d.severity == Severity::Error,
        line: d.span.start.line,
        column: d.span.start.column,
        start_utf16: utf16_offset(text, d.span.start.offset),
        end_utf16: utf16_offset(text, d.span.end.offset),
        message: d.message.clone(),
        hint: d.hint.clone(),
        code: d.code.clone(),
        rendered: d.render("Dockerfile", text),
    }
}

/// The UTF-16 offset of byte `offset` (clamped, moved back to a character boundary).
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].encode_utf16().count() as u32
}

/// The UTF-16 range of 1-based `line` of `text` without its newline (a textarea selection);
/// past the end, the end of the text.
pub fn line_range_utf16(text: &str, line: u32) -> (u32, u32) {
    let mut start = text.len();
    let mut seen = 1;
    if line <= 1 {
        start = 0;
    } else {
        for (i, _) in text.match_indices('\n') {
            seen += 1;
            if seen == line {
                start = i + 1;
                break;
            }
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (utf16_offset(text, start), utf16_offset(text, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_point_at_textarea_offsets() {
        let text = "FROM é\nCOPPY a b\n";
        let p = problems(text);
        assert_eq!(p.len(), 1);
        assert!(p[0].is_error);
        assert_eq!((p[0].line, p[0].column), (2, 1));
        assert_eq!((p[0].start_utf16, p[0].end_utf16), (7, 12));
        assert_eq!(p[0].hint.as_deref(), Some("did you mean COPY?"));
    }

    #[test]
    fn line_ranges_are_in_utf16() {
        let text = "FROM é\nRUN 𝄞 x\n";
        assert_eq!(line_range_utf16(text, 1), (0, 6));
        assert_eq!(line_range_utf16(text, 2), (7, 15));
        assert_eq!(line_range_utf16(text, 3), (16, 16));
        assert_eq!(line_range_utf16(text, 99), (16, 16));
    }

    #[test]
    fn a_clean_file_has_no_problems() {
        assert!(problems("FROM alpine\nCMD [\"sh\"]\n").is_empty());
    }
}

mod builder;
mod container;
mod context;
mod highlight;
mod image;
mod stepping;

pub use builder::{BuildView, Builder, StepStatus, StepView, MAX_DOWNLOAD_BYTES};
pub use container::{ContainerSession, ContainerView, CowEvent, OutLine, TermBlock};
pub use context::{
    clean_context_path, context_entries, context_tree, parent_dirs, ContextEntry, ContextRow,
};
pub use highlight::{highlight, Token, TokenKind};

mod options;
pub use options::{stage_names, BuildOptions};
mod saved;
pub use saved::{clean_name, decode, encode, unique_name, Decoded, Shelf, Workspace};
pub use saved::{DEFAULT_NAME, MAX_NAME_CHARS, SAVE_VERSION};
mod workspace_tar;
pub use image::{ImageInspect, RootfsLayer};
pub use workspace_tar::{export_workspace_tar, import_workspace_tar, ImportedWorkspace, TarLimits};
mod explore;
mod layers;

pub use explore::{
    ChangeRow, EntryKind, FileEntry, FileView, ImageFiles, LayerChanges, PickerLayer, VersionRow,
    Wasted, MAX_TEXT_BYTES,
};
pub use layers::{CacheMark, LayerChange, LayerRow, LayerStack};
pub use stepping::{BuildJob, BuildProgress, BuildRequest};
