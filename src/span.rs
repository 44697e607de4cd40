//! Source positions: where something is in a text, for diagnostics and the editor.
//!
//! Lines and columns are 1-based (what an editor shows); `offset` is a 0-based byte
//! offset into the source. Columns count Unicode scalar values, not bytes.

use serde::{Deserialize, Serialize};

/// A point in a source text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Position {
    /// Byte offset from the start of the source, starting at 0.
    pub offset: usize,
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in characters, starting at 1.
    pub column: u32,
}

/// A half-open range `[start, end)` of a source text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First position inside the span.
    pub start: Position,
    /// First position after the span.
    pub end: Position,
}

impl Position {
    /// The position of byte `offset` in `source` (clamped to the source length and moved
    /// back to a character boundary).
    pub fn at(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() as u32 + 1;
        Position {
            offset,
            line,
            column,
        }
    }
}

impl Span {
    /// The span of bytes `start..end` of `source`.
    pub fn of(source: &str, start: usize, end: usize) -> Span {
        Span {
            start: Position::at(source, start),
            end: Position::at(source, end.max(start)),
        }
    }

    /// An empty span at one position.
    pub fn point(at: Position) -> Span {
        Span { start: at, end: at }
    }

    /// The byte range this span covers.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start.offset..self.end.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = "FROM a\nRUN é x\n";
        assert_eq!(
            Position::at(src, 0),
            Position {
                offset: 0,
                line: 1,
                column: 1
            }
        );
        let x = src.find('x').expect("x is in the text");
        assert_eq!(
            Position::at(src, x),
            Position {
                offset: x,
                line: 2,
                column: 7
            }
        );
        assert_eq!(Position::at(src, 1000).line, 3);
    }

    #[test]
    fn offsets_inside_a_character_move_back() {
        let src = "é";
        assert_eq!(Position::at(src, 1).offset, 0);
    }
}
