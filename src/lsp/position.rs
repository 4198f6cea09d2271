//! Places in a document as the protocol counts them (0-based lines, UTF-16 code units) and as
//! the checks count them (1-based lines, columns in characters).

use lsp_types::{Position, Range};

use crate::diagnostic::Location;

/// The `line`th line (0-based) of `text`, without its line end; None past the last line.
pub fn line_of(text: &str, line: usize) -> Option<&str> {
    text.split('\n')
        .nth(line)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// The UTF-16 offset of the `chars`th character of `line` (its end when the line is shorter).
pub fn utf16_of(line: &str, chars: usize) -> u32 {
    line.chars().take(chars).map(char::len_utf16).sum::<usize>() as u32
}

/// The byte offset in `line` of UTF-16 offset `units` (the line's end when past it; inside a
/// character, that character's start).
pub fn byte_of(line: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in line.char_indices() {
        if seen + c.len_utf16() as u32 > units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    line.len()
}

/// The byte offset in `text` of `position` (the text's end when past it).
pub fn offset_of(text: &str, position: Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..end];
    let line = line.strip_suffix('\r').unwrap_or(line);
    start + byte_of(line, position.character)
}

/// The protocol position of byte `offset` of `line` number `line` (0-based).
pub fn position_at(line: usize, line_text: &str, offset: usize) -> Position {
    let offset = offset.min(line_text.len());
    let before = line_text.get(..offset).unwrap_or(line_text);
    Position::new(line as u32, before.encode_utf16().count() as u32)
}

/// The range a diagnostic's location covers in `text`: its characters on its line, at least
/// one; the whole first line for a location without a line (the whole file).
pub fn range_of(text: &str, location: &Location) -> Range {
    if location.line == 0 {
        let first = line_of(text, 0).unwrap_or_default();
        return Range::new(
            Position::new(0, 0),
            Position::new(0, utf16_of(first, usize::MAX)),
        );
    }
    let line = location.line - 1;
    let Some(line_text) = line_of(text, line) else {
        // Past the end (a text changed since): the end of the text.
        let last = text.split('\n').count().saturating_sub(1);
        let end = utf16_of(line_of(text, last).unwrap_or_default(), usize::MAX);
        let at = Position::new(last as u32, end);
        return Range::new(at, at);
    };
    let start = location.column.saturating_sub(1);
    let len = location.len.max(1);
    Range::new(
        Position::new(line as u32, utf16_of(line_text, start)),
        Position::new(line as u32, utf16_of(line_text, start + len)),
    )
}

/// Whether two ranges share a position (touching ranges count: a cursor at a word's end is
/// on it).
pub fn touches(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // `é` is one unit, `🙂` two: the column after them is 1 + 2 further.
        let text = "**Sévérité :** 🙂 Critcal\nnext";
        let location = Location::new("a.md", 1, 18, 7);
        let range = range_of(text, &location);
        assert_eq!(range.start, Position::new(0, 18));
        assert_eq!(range.end, Position::new(0, 25));
        assert_eq!(
            &line_of(text, 0).unwrap()[byte_of(line_of(text, 0).unwrap(), 18)..],
            "Critcal"
        );
    }

    #[test]
    fn offsets_round_trip_and_clamp() {
        let text = "ab\r\nc🙂d\n";
        assert_eq!(offset_of(text, Position::new(1, 3)), 4 + 1 + 4);
        assert_eq!(offset_of(text, Position::new(1, 99)), 4 + 6);
        assert_eq!(offset_of(text, Position::new(9, 0)), text.len());
        assert_eq!(position_at(1, "c🙂d", 5), Position::new(1, 3));
        assert_eq!(line_of(text, 0), Some("ab"));
    }

    #[test]
    fn a_whole_file_location_covers_the_first_line() {
        let range = range_of("## Incident\n", &Location::file("a.md"));
        assert_eq!(range, Range::new(Position::new(0, 0), Position::new(0, 11)));
    }
}
