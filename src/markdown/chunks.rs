//! A long Markdown document read in pieces, so that the parser's memory stays bounded.
//!
//! pulldown-cmark builds a tree of the whole document before its first event, some 60 bytes per
//! inline token: 5 MB of `[a](b) ` or `~~x~~ ` took 400–500 MB. A document longer than
//! [`PIECES_ABOVE`] is parsed in pieces of about [`PIECE_BYTES`], cut only where CommonMark
//! starts a new block whatever came before: a line at the left margin after a blank line,
//! outside fenced code and block-level HTML comments. What crosses pieces is carried over:
//! reference definitions (through the parser's broken-link callback) and footnotes (a piece
//! that refers to a footnote defined in another gets a stub definition, left out of the output).
//! A paragraph longer than a piece (one long line of links is one paragraph) is cut too, at a
//! space or a line break: the next piece starts with [`SENTINEL`], a space to the parser, so that
//! its text reads as the paragraph's continuation; the paragraph's end and start where it was
//! cut are left out and the sentinel written as a space, so the page shows one paragraph.
//! A block longer than four pieces that is not such a paragraph (a list, a quote, a table) is
//! cut at the start of a line that is not code.
//! What may differ from one parse: a loose list cut between two items becomes two lists, an
//! HTML block of `<pre>`/`<script>`/`<style>` cut at a blank line inside it ends there, and in a
//! paragraph longer than a piece, a link, emphasis or code span that spans a cut is shown as its
//! text with its Markdown.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::parse::lines::FenceState;

/// Documents up to this size are parsed in one go (a report's section is a few kilobytes).
#[cfg(not(fuzzing))]
pub const PIECES_ABOVE: usize = 256 * 1024;

/// The least size of a piece (the next cut is at the first place allowed after it).
#[cfg(not(fuzzing))]
pub const PIECE_BYTES: usize = 64 * 1024;

// Under cargo-fuzz (`--cfg fuzzing`) the pieces are tiny, so that the fuzzer's short inputs
// are cut, often: at the real sizes only inputs over 256 KiB would reach the cutting code.
#[cfg(fuzzing)]
pub const PIECES_ABOVE: usize = 64;
#[cfg(fuzzing)]
pub const PIECE_BYTES: usize = 16;

/// Marks the text of the stub footnote definitions added to a piece.
const STUB: &str = "\u{FDD1}";

/// Starts a piece that continues a paragraph: whitespace to the parser (so emphasis and block
/// syntax read as after a space), written as a space.
const SENTINEL: char = '\u{2003}';

/// A piece of a document, and whether it continues the paragraph the previous one ends in.
struct Piece<'a> {
    text: &'a str,
    continues: bool,
}

/// A document cut into pieces, with what the pieces share.
pub struct Pieces<'a> {
    pieces: Vec<Piece<'a>>,
    /// Reference definitions of the whole document, first one of a label kept, by normalised
    /// label: (destination, title).
    definitions: HashMap<String, (String, String)>,
    /// Normalised labels of footnotes, with the piece that defines each first.
    footnotes: HashMap<String, usize>,
}

impl<'a> Pieces<'a> {
    pub fn of(markdown: &'a str, options: Options) -> Self {
        let pieces = cut(markdown);
        let mut definitions = HashMap::new();
        let mut footnotes = HashMap::new();
        if pieces.len() > 1 {
            for (n, piece) in pieces.iter().map(|p| p.text).enumerate() {
                if piece.contains("]:") {
                    collect_definitions(piece, options, &mut definitions);
                    for label in footnote_definitions(piece) {
                        footnotes.entry(label).or_insert(n);
                    }
                }
            }
        }
        Self {
            pieces,
            definitions,
            footnotes,
        }
    }

    /// Feeds every event of the document to `sink`, piece after piece.
    pub fn for_each_event(&self, options: Options, sink: &mut dyn FnMut(Event<'_>)) {
        for (n, piece) in self.pieces.iter().enumerate() {
            let stubs = self.stubs(n, piece.text);
            let text: std::borrow::Cow<'_, str> = if stubs.is_empty() && !piece.continues {
                piece.text.into()
            } else {
                let mut text = String::with_capacity(piece.text.len() + stubs.len() * 16 + 3);
                if piece.continues {
                    text.push(SENTINEL);
                }
                text.push_str(piece.text);
                for label in &stubs {
                    text.push_str("\n\n[^");
                    text.push_str(label);
                    text.push_str("]: ");
                    text.push_str(STUB);
                }
                text.push('\n');
                text.into()
            };
            let callback = |link: BrokenLink<'_>| {
                self.definitions
                    .get(&normalized(&link.reference))
                    .map(|(dest, title)| {
                        (
                            CowStr::from(dest.to_string()),
                            CowStr::from(title.to_string()),
                        )
                    })
            };
            let stub_keys: HashSet<String> = stubs.iter().map(|l| normalized(l)).collect();
            let cut_after = self.pieces.get(n + 1).is_some_and(|p| p.continues);
            let mut joining = Joining {
                opening: piece.continues,
                sentinel: piece.continues,
                held_end: false,
                cut_after,
            };
            let mut in_stub = false;
            for event in Parser::new_with_broken_link_callback(&text, options, Some(callback)) {
                match &event {
                    Event::Start(Tag::FootnoteDefinition(label))
                        if stub_keys.contains(&normalized(label)) =>
                    {
                        in_stub = true;
                    }
                    Event::End(TagEnd::FootnoteDefinition) if in_stub => in_stub = false,
                    _ if in_stub => {}
                    _ => joining.pass(event, sink),
                }
            }
            // An end of paragraph still held is the one the next piece continues: left out.
        }
    }

    /// Labels (as written) of the footnotes piece `n` refers to but another piece defines.
    fn stubs(&self, n: usize, piece: &str) -> Vec<String> {
        if self.footnotes.is_empty() {
            return Vec::new();
        }
        let own: HashSet<String> = footnote_definitions(piece).collect();
        let mut seen = HashSet::new();
        let mut stubs = Vec::new();
        let mut rest = piece;
        while let Some(i) = rest.find("[^") {
            rest = &rest[i + 2..];
            let Some(end) = rest.find(']') else { break };
            let label = &rest[..end];
            let key = normalized(label);
            if !label.contains(['[', '\n'])
                && self.footnotes.get(&key).is_some_and(|&at| at != n)
                && !own.contains(&key)
                && seen.insert(key)
            {
                stubs.push(label.to_string());
            }
        }
        stubs
    }
}

/// Joins the events of a paragraph cut between two pieces: the end of the paragraph in the
/// first, the start in the second left out, the sentinel written as a space.
struct Joining {
    /// The piece continues a paragraph: its first event is that paragraph's start.
    opening: bool,
    /// The sentinel is still to be replaced.
    sentinel: bool,
    /// An end of paragraph held back: left out if it is the piece's last event.
    held_end: bool,
    /// The next piece continues this one's last paragraph.
    cut_after: bool,
}

impl Joining {
    fn pass(&mut self, event: Event<'_>, sink: &mut dyn FnMut(Event<'_>)) {
        if std::mem::take(&mut self.opening) && matches!(event, Event::Start(Tag::Paragraph)) {
            return;
        }
        if std::mem::take(&mut self.held_end) {
            sink(Event::End(TagEnd::Paragraph));
        }
        match event {
            Event::End(TagEnd::Paragraph) if self.cut_after => self.held_end = true,
            Event::Text(text) if std::mem::take(&mut self.sentinel) => {
                let rest = text.strip_prefix(SENTINEL).unwrap_or(&text);
                sink(Event::Text(format!(" {rest}").into()));
            }
            event => sink(event),
        }
    }
}

/// The pieces of `markdown` (one when it is short).
fn cut(markdown: &str) -> Vec<Piece<'_>> {
    if markdown.len() <= PIECES_ABOVE {
        return vec![Piece {
            text: markdown,
            continues: false,
        }];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut continues = false;
    let mut at = 0;
    let mut fence = FenceState::default();
    let mut after_blank = true;
    let mut in_comment = false;
    // The first line of the block begun at the left margin after a blank line that the line is
    // in, and whether that block is a paragraph (asked of the parser only when the block grows
    // longer than a piece: most never do).
    let mut block: Option<(&str, Option<bool>)> = None;
    for line in markdown.split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        if fence.in_code(text) {
            after_blank = false;
            block = None;
            continue;
        }
        let flush = text.starts_with(|c: char| !c.is_whitespace());
        let blank = text.trim().is_empty();
        let in_long_paragraph = block.is_some_and(|(_, paragraph)| paragraph == Some(true));
        // A block longer than four pieces that is not a paragraph (a list, a quote, a table,
        // paragraphs indented by a few spaces): cut at a line that is not code, whatever it
        // continues (the text is kept; the block may be shown as two).
        let forced = !blank
            && !in_comment
            && !in_long_paragraph
            && line_start - start >= 4 * PIECE_BYTES
            && text.len() - text.trim_start_matches(' ').len() <= 3;
        if forced {
            pieces.push(Piece {
                text: &markdown[start..line_start],
                continues,
            });
            start = line_start;
            continues = false;
        }
        if after_blank && flush && !in_comment {
            if line_start - start >= PIECE_BYTES {
                pieces.push(Piece {
                    text: &markdown[start..line_start],
                    continues,
                });
                start = line_start;
                continues = false;
            }
            block = Some((text, None));
        } else if blank {
            block = None;
        }
        let long = at - start > PIECE_BYTES && !blank;
        let in_paragraph = long
            && block.as_mut().is_some_and(|(first, paragraph)| {
                *paragraph.get_or_insert_with(|| starts_paragraph(first))
            });
        if in_paragraph {
            // A paragraph longer than a piece: cut at its spaces and line breaks.
            let mut from = line_start;
            while at - start > PIECE_BYTES && from < at {
                let Some(cut) = space_cut(markdown, start, from.max(start + PIECE_BYTES), at)
                else {
                    break;
                };
                pieces.push(Piece {
                    text: &markdown[start..cut],
                    continues,
                });
                start = cut;
                continues = true;
                from = cut;
            }
        }
        in_comment = comment_open_after(text, in_comment);
        after_blank = blank;
    }
    pieces.push(Piece {
        text: &markdown[start..],
        continues,
    });
    pieces
}

/// Whether a line at the left margin after a blank line starts a paragraph: the parser says so
/// of its first words.
fn starts_paragraph(line: &str) -> bool {
    let mut end = line.len().min(256);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    // Cut at a space so that the sample's end is not read as something else.
    let sample = line[..end].rfind(' ').map_or(&line[..end], |i| &line[..i]);
    matches!(
        Parser::new_ext(sample, Options::empty()).next(),
        Some(Event::Start(Tag::Paragraph))
    ) && !sample.contains("]:")
}

/// The first place in `markdown[from..to]` just after a space or line break and before a
/// character that is not whitespace, outside an HTML comment begun after `start` (its words are
/// not published: a cut inside it would show them).
fn space_cut(markdown: &str, start: usize, from: usize, to: usize) -> Option<usize> {
    let bytes = markdown.as_bytes();
    let mut from = from.max(1);
    loop {
        let cut = (from..to)
            .find(|&i| matches!(bytes[i - 1], b' ' | b'\n') && !bytes[i].is_ascii_whitespace())?;
        let before = &markdown[start..cut];
        match before.rfind("<!--") {
            Some(open) if !before[open..].contains("-->") => {
                let close = markdown[cut..to].find("-->")?;
                from = cut + close + 3;
            }
            _ => return Some(cut),
        }
    }
}

/// Whether a block-level HTML comment (`<!--` at the start of a line, up to three spaces in)
/// is open after `line`, given whether it was before.
fn comment_open_after(line: &str, open: bool) -> bool {
    let starts = !open && {
        let trimmed = line.trim_start_matches(' ');
        line.len() - trimmed.len() <= 3 && trimmed.starts_with("<!--")
    };
    if !(open || starts) {
        return false;
    }
    let from = if starts {
        line.find("<!--").map_or(0, |i| i + 4)
    } else {
        0
    };
    !line[from..].contains("-->")
}

/// Adds the reference definitions of `piece` to `definitions` (a label's first one kept).
fn collect_definitions(
    piece: &str,
    options: Options,
    definitions: &mut HashMap<String, (String, String)>,
) {
    let parser = Parser::new_ext(piece, options);
    for (label, def) in parser.reference_definitions().iter() {
        definitions.entry(normalized(label)).or_insert_with(|| {
            (
                def.dest.to_string(),
                def.title.as_deref().unwrap_or("").to_string(),
            )
        });
    }
}

/// Normalised labels of the footnote definitions of `piece`: lines `[^label]:` (up to three
/// spaces in), outside fenced code.
fn footnote_definitions(piece: &str) -> impl Iterator<Item = String> + '_ {
    let mut fence = FenceState::default();
    piece.split('\n').filter_map(move |line| {
        if fence.in_code(line) {
            return None;
        }
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            return None;
        }
        let label = trimmed.strip_prefix("[^")?;
        let end = label.find("]:")?;
        Some(normalized(&label[..end]))
    })
}

/// A label as the parser matches it: runs of whitespace made one space, trimmed, lower-cased.
fn normalized(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_documents_are_one_piece() {
        assert_eq!(cut("a\n\nb\n").len(), 1);
    }

    #[test]
    fn long_paragraphs_are_not_cut_inside_a_comment() {
        let comment = format!("<!-- {} -->", "hidden ".repeat(20_000));
        let line = format!(
            "{} {comment} {}",
            "shown ".repeat(20_000),
            "shown ".repeat(40_000)
        );
        let pieces = cut(&line);
        assert!(pieces.len() > 2);
        for piece in &pieces {
            assert_eq!(
                piece.text.matches("<!--").count(),
                piece.text.matches("-->").count()
            );
        }
        let html = crate::markdown::render(&line, &Default::default(), &|_| None);
        assert!(!html.contains("hidden"));
        assert_eq!(html.matches("shown").count(), 60_000);
    }

    #[test]
    fn pieces_are_cut_at_blocks_only() {
        let paragraph = format!("{}\n\n", "word ".repeat(2_000));
        let mut doc = String::new();
        while doc.len() < 3 * PIECES_ABOVE {
            doc.push_str(&paragraph);
            doc.push_str("```\ncode\n\nstill code\n```\n\n- item\n\n  continued\n\n<!--\n\nhidden\n\n-->\n\n");
        }
        let pieces: Vec<&str> = cut(&doc).iter().map(|p| p.text).collect();
        assert!(pieces.len() > 8, "{}", pieces.len());
        assert_eq!(pieces.concat(), doc);
        for piece in &pieces[1..] {
            assert!(
                piece.starts_with("word")
                    || piece.starts_with("```")
                    || piece.starts_with("- item")
                    || piece.starts_with("<!--"),
                "{:?}",
                &piece[..40]
            );
        }
    }
}
