//! Lines of a report kept as runs of consecutive lines, and where a slice of a line starts.

/// Where `part` starts in `line`: by its address when it is a slice of `line` (no search, and
/// the place it was read from even when its text is there twice), else where it is found.
pub(super) fn offset_of(line: &str, part: &str) -> usize {
    let start = line.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at >= start && at + part.len() <= start + line.len() {
        at - start
    } else {
        line.find(part).unwrap_or(0)
    }
}

/// Lines of a report kept as runs of consecutive lines (byte ranges of the text) rather than
/// one entry per line: a hostile report of millions of short lines would otherwise take many
/// times its size.
pub(super) struct LineRuns<'a> {
    pub(super) text: &'a str,
    /// (line number of the line after the run, byte range of its lines in `text`, line number
    /// of its first line).
    pub(super) runs: Vec<(usize, std::ops::Range<usize>, usize)>,
}

impl<'a> LineRuns<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            runs: Vec::new(),
        }
    }

    /// Adds line `no`, a slice of the text.
    pub(super) fn push(&mut self, no: usize, line: &'a str) {
        let start = offset_of(self.text, line);
        let end = start + line.len();
        if let Some((next, range, _)) = self.runs.last_mut()
            && *next == no
            && range.end + 1 == start
        {
            range.end = end;
            *next += 1;
            return;
        }
        self.runs.push((no + 1, start..end, no));
    }

    /// Every line with its number, in order.
    pub(super) fn lines(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.runs.iter().flat_map(|(_, range, first)| {
            self.text[range.clone()]
                .split('\n')
                .enumerate()
                .map(move |(i, line)| (first + i, line))
        })
    }

    pub(super) fn first(&self) -> Option<(usize, &'a str)> {
        self.lines().next()
    }

    /// The lines joined into a Markdown block, blank lines at both ends dropped.
    pub(super) fn block(&self) -> String {
        let mut joined = String::new();
        for (i, (_, range, _)) in self.runs.iter().enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            joined.push_str(&self.text[range.clone()]);
        }
        trim_blank_lines(&joined).to_string()
    }
}

/// `block` without its blank lines at both ends (a line of whitespace is blank).
fn trim_blank_lines(block: &str) -> &str {
    let mut start = 0;
    for line in block.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    let rest = &block[start..];
    let mut end = rest.len();
    for line in rest.rsplit('\n') {
        if !line.trim().is_empty() {
            break;
        }
        end = end.saturating_sub(line.len() + 1);
    }
    &rest[..end.min(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_runs_give_back_their_lines() {
        let text = "a\n\n  \nb\nc\n\nd\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut runs = LineRuns::new(text);
        for (i, line) in lines.iter().enumerate() {
            if i != 4 {
                runs.push(i + 1, line);
            }
        }
        assert_eq!(runs.runs.len(), 2);
        let back: Vec<(usize, &str)> = runs.lines().collect();
        assert_eq!(
            back,
            [
                (1, "a"),
                (2, ""),
                (3, "  "),
                (4, "b"),
                (6, ""),
                (7, "d"),
                (8, "")
            ]
        );
        assert_eq!(runs.block(), "a\n\n  \nb\n\nd");
        assert_eq!(trim_blank_lines("\n \n x\n\ny \n\t\n"), " x\n\ny ");
        assert_eq!(trim_blank_lines(" \n"), "");
        assert_eq!(LineRuns::new("").block(), "");
    }

    #[test]
    fn a_slice_s_offset_is_where_it_was_taken_from() {
        let line = "### Cause Cause";
        assert_eq!(offset_of(line, &line[10..]), 10, "not the first `Cause`");
        assert_eq!(offset_of(line, "Cause"), 4, "not a slice: searched");
        assert_eq!(offset_of(line, "missing"), 0);
    }
}
