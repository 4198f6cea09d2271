//! The three formats on hand-made diagnostics, long and hostile lines included.

use std::collections::HashMap;
use std::path::PathBuf;

use super::super::Code;
use super::*;
use crate::diagnostic::Location;

/// Source files held in memory.
struct MapSources(HashMap<PathBuf, Vec<String>>);

impl MapSources {
    fn new(files: &[(&str, &str)]) -> Self {
        MapSources(
            files
                .iter()
                .map(|(path, text)| {
                    (
                        PathBuf::from(path),
                        text.lines().map(str::to_string).collect(),
                    )
                })
                .collect(),
        )
    }
}

impl Sources for MapSources {
    fn line(&self, file: &Path, line: usize) -> Option<String> {
        self.0.get(file)?.get(line.checked_sub(1)?).cloned()
    }
}

const CRASH: &str = "content/2025-01-15-instance-crash.md";

fn render(diagnostics: &[Diagnostic], format: Format, sources: &MapSources, color: bool) -> String {
    let mut out = Vec::new();
    render_all(&mut out, diagnostics, format, sources, color).unwrap();
    String::from_utf8(out).unwrap()
}

fn human(diagnostics: &[Diagnostic], sources: &MapSources) -> String {
    render(diagnostics, Format::Human, sources, false)
}

/// A one-line file `x.md` holding `line`, with a diagnostic at `column` spanning `len`.
fn one_line(line: &str, column: usize, len: usize) -> String {
    let text = format!("{line}\n");
    let sources = MapSources::new(&[("x.md", &text)]);
    let d = Diagnostic::new(
        Code::InvalidValue,
        Location::new("x.md", 1, column, len),
        "bad",
    );
    human(&[d], &sources)
}

fn severity_example() -> Diagnostic {
    Diagnostic::new(
        Code::InvalidSeverity,
        Location::new(CRASH, 4, 16, 7),
        "unknown severity `Critcal`",
    )
    .with_label("expected one of Critique, Haute, Moyenne, Basse")
    .with_help("did you mean `Critique`?")
    .with_related(
        Location::new(CRASH, 5, 11, 4),
        "the front matter gives `high` here",
    )
}

fn crash_sources() -> MapSources {
    MapSources::new(&[(
        CRASH,
        "---\ntitle: Crash\n---\n**Sévérité :** Critcal\nseverity: high\n",
    )])
}

#[test]
fn human_example_with_label_help_and_note() {
    let expected = "\
error[E017]: unknown severity `Critcal`
 --> content/2025-01-15-instance-crash.md:4:16
  |
4 | **Sévérité :** Critcal
  |                ^^^^^^^ expected one of Critique, Haute, Moyenne, Basse
  |
  = help: did you mean `Critique`?
note: the front matter gives `high` here
 --> content/2025-01-15-instance-crash.md:5:11
  |
5 | severity: high
  |           ^^^^

";
    assert_eq!(human(&[severity_example()], &crash_sources()), expected);
}

#[test]
fn human_separates_diagnostics_with_a_blank_line_and_names_warnings() {
    let sources = MapSources::new(&[("a.md", "## Oops\n")]);
    let diagnostics = [
        Diagnostic::new(
            Code::UnknownSection,
            Location::new("a.md", 1, 4, 4),
            "unknown section `Oops`",
        ),
        Diagnostic::new(
            Code::UnreadableFile,
            Location::file("b.md"),
            "cannot read the file",
        ),
    ];
    let expected = "\
warning[W003]: unknown section `Oops`
 --> a.md:1:4
  |
1 | ## Oops
  |    ^^^^

error[E001]: cannot read the file
 --> b.md

";
    assert_eq!(human(&diagnostics, &sources), expected);
}

#[test]
fn human_whole_file_location_has_no_snippet() {
    let d = Diagnostic::new(
        Code::DuplicateSlug,
        Location::file("content/a.md"),
        "duplicate slug `crash`",
    )
    .with_help("rename one of the files")
    .with_related(
        Location::file("content/b.md"),
        "the other report with this slug",
    );
    let expected = "\
error[E027]: duplicate slug `crash`
 --> content/a.md
  |
  = help: rename one of the files
note: the other report with this slug
 --> content/b.md

";
    assert_eq!(human(&[d], &MapSources::new(&[])), expected);
}

#[test]
fn human_unavailable_source_line_prints_the_arrow_only() {
    let d = Diagnostic::new(
        Code::InvalidDate,
        Location::new("gone.md", 3, 2, 5),
        "bad date",
    );
    assert_eq!(
        human(&[d], &MapSources::new(&[])),
        "error[E014]: bad date\n --> gone.md:3:2\n\n"
    );
}

#[test]
fn human_gutter_adapts_to_the_widest_line_number() {
    let mut text = String::new();
    for n in 1..=1234 {
        text.push_str(&format!("line {n}\n"));
    }
    let sources = MapSources::new(&[("big.md", &text)]);
    let d = Diagnostic::new(
        Code::InvalidValue,
        Location::new("big.md", 9, 6, 1),
        "first",
    )
    .with_related(Location::new("big.md", 1234, 6, 4), "second");
    let expected = "\
error[E029]: first
    --> big.md:9:6
     |
9    | line 9
     |      ^
note: second
    --> big.md:1234:6
     |
1234 | line 1234
     |      ^^^^

";
    assert_eq!(human(&[d], &sources), expected);
}

#[test]
fn human_caret_after_accents_and_combining_marks() {
    // Precomposed and decomposed accents before the caret: one column each.
    let line = "Dur\u{e9}e d\u{301}'arr\u{ea}t : 2h";
    let column = line.chars().position(|c| c == '2').unwrap() + 1;
    let expected = format!(
        "error[E029]: bad\n --> x.md:1:{column}\n  |\n1 | {line}\n  |                 ^^\n\n"
    );
    assert_eq!(one_line(line, column, 2), expected);
}

#[test]
fn human_caret_after_wide_characters() {
    // Each CJK character takes two columns.
    let expected = "\
error[E029]: bad
 --> x.md:1:5
  |
1 | 障害: 中断
  |       ^^^^

";
    assert_eq!(one_line("障害: 中断", 5, 2), expected);
}

#[test]
fn human_tabs_expand_to_four_spaces() {
    let expected = "\
error[E029]: bad
 --> x.md:1:4
  |
1 | a        b
  |          ^

";
    assert_eq!(one_line("a\t\tb", 4, 1), expected);
    // A caret on the tab itself covers the four spaces.
    assert!(one_line("a\tb", 2, 1).ends_with("  |  ^^^^\n\n"));
}

#[test]
fn human_clamps_carets_to_the_line_end() {
    assert!(one_line("abc", 2, 50).ends_with("1 | abc\n  |  ^^\n\n"));
    // Past the end of the line (or an empty span): one caret after the text.
    assert!(one_line("abc", 4, 3).ends_with("1 | abc\n  |    ^\n\n"));
    assert!(one_line("abc", 9, 0).ends_with("1 | abc\n  |    ^\n\n"));
    assert!(one_line("abc", 1, 0).ends_with("1 | abc\n  | ^\n\n"));
    assert!(one_line("", 1, 1).ends_with("1 |\n  | ^\n\n"));
}

#[test]
fn human_shortens_long_lines_around_the_caret() {
    let mut line = "a".repeat(100_000);
    line.push_str("TARGET");
    line.push_str(&"b".repeat(4_000_000));
    let out = one_line(&line, 100_001, 6);
    assert!(out.len() < 1_000, "{} bytes", out.len());
    let expected = format!(
        "error[E029]: bad\n --> x.md:1:100001\n  |\n1 | …{}TARGET{}…\n  | {}^^^^^^\n\n",
        "a".repeat(40),
        "b".repeat(114),
        " ".repeat(41),
    );
    assert_eq!(out, expected);

    // Near the end, more of the text before the caret is kept.
    let line = format!("{}END", "x".repeat(500));
    let expected = format!(
        "error[E029]: bad\n --> x.md:1:501\n  |\n1 | …{}END\n  | {}^^^\n\n",
        "x".repeat(157),
        " ".repeat(158),
    );
    assert_eq!(one_line(&line, 501, 3), expected);

    // Near the start, nothing is cut before the caret.
    let line = format!("GO{}", "y".repeat(500));
    let expected = format!(
        "error[E029]: bad\n --> x.md:1:1\n  |\n1 | GO{}…\n  | ^^\n\n",
        "y".repeat(158),
    );
    assert_eq!(one_line(&line, 1, 2), expected);

    // Wide characters count double in the budget, and the caret stays on its character.
    let line = format!("{}X{}", "中".repeat(300), "中".repeat(300));
    let out = one_line(&line, 301, 1);
    let expected = format!(
        "error[E029]: bad\n --> x.md:1:301\n  |\n1 | …{}X{}…\n  | {}^\n\n",
        "中".repeat(20),
        "中".repeat(59),
        " ".repeat(41),
    );
    assert_eq!(out, expected);
}

#[test]
fn human_escapes_control_and_bidi_characters() {
    let sources = MapSources::new(&[("x.md", "a\u{1b}[31mb\u{202e}c: Critcal")]);
    let d = Diagnostic::new(
        Code::InvalidSeverity,
        Location::new("x.md", 1, 12, 7),
        "unknown severity `\u{1b}[2J\u{2066}x`",
    )
    .with_label("line\nbreak")
    .with_help("try \u{7}");
    let expected = "\
error[E017]: unknown severity `\\u{1b}[2J\\u{2066}x`
 --> x.md:1:12
  |
1 | a\\u{1b}[31mb\\u{202e}c: Critcal
  |                        ^^^^^^^ line\\u{a}break
  |
  = help: try \\u{7}

";
    let out = human(&[d], &sources);
    assert_eq!(out, expected);
    assert!(!out.contains('\u{1b}'));
    assert!(!out.contains('\u{202e}'));
}

#[test]
fn human_colour_only_when_asked() {
    let sources = crash_sources();
    let plain = render(&[severity_example()], Format::Human, &sources, false);
    assert!(!plain.contains('\u{1b}'));

    let coloured = render(&[severity_example()], Format::Human, &sources, true);
    assert!(coloured.contains("\u{1b}[1m\u{1b}[31merror[E017]\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[1m\u{1b}[34m-->\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[1m\u{1b}[34m4 |\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[1m\u{1b}[31m^^^^^^^ expected one of"));
    assert!(coloured.contains("\u{1b}[1mhelp\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[1mnote\u{1b}[0m"));
    // Removing the escapes gives back the plain text.
    let stripped = coloured
        .split('\u{1b}')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                &part[part.find('m').unwrap() + 1..]
            }
        })
        .collect::<String>();
    assert_eq!(stripped, plain);

    let warning = Diagnostic::new(
        Code::UnknownKey,
        Location::new(CRASH, 5, 1, 8),
        "unknown key",
    );
    let coloured = render(&[warning], Format::Human, &sources, true);
    assert!(coloured.contains("\u{1b}[1m\u{1b}[33mwarning[W002]\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[1m\u{1b}[33m^^^^^^^^\u{1b}[0m"));
}

#[test]
fn json_round_trips() {
    let diagnostics = [
        severity_example(),
        Diagnostic::new(
            Code::UnreadableFile,
            Location::file("content/b.md"),
            "cannot read \"b\"",
        ),
    ];
    let out = render(&diagnostics, Format::Json, &crash_sources(), true);
    assert!(out.ends_with("]\n"));
    assert!(out.starts_with("[\n  {\n    \"severity\": \"error\",\n"));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 2);

    let first = &items[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "E017");
    assert_eq!(first["file"], CRASH);
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 16);
    assert_eq!(first["message"], "unknown severity `Critcal`");
    assert_eq!(
        first["label"],
        "expected one of Critique, Haute, Moyenne, Basse"
    );
    assert_eq!(first["help"], "did you mean `Critique`?");
    let related = first["related"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["file"], CRASH);
    assert_eq!(related[0]["line"], 5);
    assert_eq!(related[0]["column"], 11);
    assert_eq!(related[0]["message"], "the front matter gives `high` here");

    let second = &items[1];
    assert_eq!(second["code"], "E001");
    assert_eq!(second["message"], "cannot read \"b\"");
    assert!(second["line"].is_null());
    assert!(second["column"].is_null());
    assert!(second["label"].is_null());
    assert!(second["help"].is_null());
    assert_eq!(second["related"], serde_json::json!([]));

    // Keys in the documented order.
    let keys = [
        "severity", "code", "file", "line", "column", "message", "label", "help", "related",
    ];
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| out.find(&format!("\"{k}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
}

#[test]
fn json_empty_list() {
    assert_eq!(
        render(&[], Format::Json, &MapSources::new(&[]), false),
        "[]\n"
    );
}

#[test]
fn github_annotations() {
    let out = render(
        &[severity_example()],
        Format::Github,
        &crash_sources(),
        true,
    );
    assert_eq!(
        out,
        "::error file=content/2025-01-15-instance-crash.md,line=4,col=16,title=E017::\
             unknown severity `Critcal`%0Ahelp: did you mean `Critique`?\
             %0Anote: the front matter gives `high` here (content/2025-01-15-instance-crash.md:5:11)\n"
    );

    let warning = Diagnostic::new(
        Code::UnknownKey,
        Location::file("a,b:c%.md"),
        "100% sure: a, b\r\nc\u{1b}",
    );
    assert_eq!(
        render(&[warning], Format::Github, &crash_sources(), false),
        "::warning file=a%2Cb%3Ac%25.md,title=W002::100%25 sure: a, b%0D%0Ac\\u{1b}\n"
    );
}

#[test]
fn summary_lines() {
    assert_eq!(
        summary_line(12, 2, 1),
        "12 reports checked: 2 errors, 1 warning"
    );
    assert_eq!(summary_line(1, 0, 0), "1 report checked: no problems");
    assert_eq!(summary_line(0, 0, 0), "0 reports checked: no problems");
    assert_eq!(summary_line(3, 1, 0), "3 reports checked: 1 error");
    assert_eq!(summary_line(3, 0, 2), "3 reports checked: 2 warnings");
    assert_eq!(
        summary_line(3, 1, 1),
        "3 reports checked: 1 error, 1 warning"
    );
}
