//! Issue 16, "nothing dropped, nothing raw": every word of a report reaches its page, no control
//! character reaches a page, data file, feed or the search, and hostile bodies render in bounded
//! time without memory growing with the square of their size.

mod common;

use std::path::Path;

use common::run_in;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Every word of a report is shown

/// The shape of a block of Markdown; its words are filled in afterwards, each one unique.
#[derive(Debug, Clone)]
enum Block {
    Paragraph(usize),
    /// A paragraph with emphasis, strong, code, a link and an image (their texts shown).
    Marked,
    Bullets(usize),
    Numbered(usize),
    Tasks(usize),
    Quote(usize),
    Code(usize),
    /// `##`, `####` or `#####` inside a section (a `###` would start a section).
    Heading(usize, usize),
    Table(usize),
    /// An HTML comment: its words are not published (they are not checked).
    Comment,
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (1usize..6).prop_map(Block::Paragraph),
        Just(Block::Marked),
        (1usize..4).prop_map(Block::Bullets),
        (1usize..4).prop_map(Block::Numbered),
        (1usize..3).prop_map(Block::Tasks),
        (1usize..4).prop_map(Block::Quote),
        (1usize..4).prop_map(Block::Code),
        (prop::sample::select(vec![2usize, 4, 5]), 1usize..4)
            .prop_map(|(level, n)| Block::Heading(level, n)),
        (1usize..3).prop_map(Block::Table),
        Just(Block::Comment),
    ]
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(block(), 0..4)
}

/// A report's shape: blocks for the summary and every section, extra words here and there.
#[derive(Debug, Clone)]
struct Shape {
    title_words: usize,
    summary: Vec<Block>,
    /// Unknown `**Label :** value` lines: words in the label, words in the value.
    extra_fields: Vec<(usize, usize)>,
    /// Cause, Symptômes, Actions Immédiates, Résolution, Prévention: at least one block each.
    required: Vec<Vec<Block>>,
    cost: Vec<Block>,
    unknown_cost_lines: usize,
    references: Vec<Block>,
    unknown_reference_lines: usize,
    /// Sections incidex does not know: words in the heading, blocks.
    unknown_sections: Vec<(usize, Vec<Block>)>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        0usize..4,
        blocks(),
        prop::collection::vec((1usize..3, 1usize..4), 0..3),
        prop::collection::vec(prop::collection::vec(block(), 1..3), 5),
        (blocks(), 0usize..3),
        (blocks(), 0usize..3),
        prop::collection::vec((1usize..3, blocks()), 0..2),
    )
        .prop_map(
            |(title_words, summary, extra_fields, required, cost, references, unknown)| Shape {
                title_words,
                summary,
                extra_fields,
                required,
                cost: cost.0,
                unknown_cost_lines: cost.1,
                references: references.0,
                unknown_reference_lines: references.1,
                unknown_sections: unknown,
            },
        )
}

/// Hands out words no page holds otherwise (`zq` and letters), and remembers the shown ones.
#[derive(Default)]
struct Words {
    next: usize,
    shown: Vec<String>,
}

impl Words {
    fn word(&mut self) -> String {
        let mut n = self.next;
        self.next += 1;
        let mut word = String::from("zq");
        loop {
            word.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                break;
            }
        }
        self.shown.push(word.clone());
        word
    }

    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }

    /// Words that are not shown (a comment's).
    fn hidden(&mut self, n: usize) -> String {
        let words = self.words(n);
        self.shown.truncate(self.shown.len() - n);
        words
    }

    fn block(&mut self, block: &Block) -> String {
        match *block {
            Block::Paragraph(n) => self.words(n),
            Block::Marked => format!(
                "{} *{}* **{}** `{}` [{}](https://example.org/target) ![{}](picture.png) ~~{}~~",
                self.word(),
                self.word(),
                self.word(),
                self.word(),
                self.word(),
                self.word(),
                self.word()
            ),
            Block::Bullets(n) => (0..n)
                .map(|_| format!("- {}", self.words(2)))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Numbered(n) => (0..n)
                .map(|i| format!("{}. {}", i + 1, self.words(2)))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Tasks(n) => (0..n)
                .map(|i| {
                    format!(
                        "- [{}] {}",
                        if i % 2 == 0 { " " } else { "x" },
                        self.words(2)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Quote(n) => format!("> {}", self.words(n)),
            Block::Code(n) => format!("```\n{}\n```", self.words(n)),
            Block::Heading(level, n) => format!("{} {}", "#".repeat(level), self.words(n)),
            Block::Table(rows) => {
                let mut table = format!("| {} | {} |\n|---|---|", self.word(), self.word());
                for _ in 0..rows {
                    table.push_str(&format!("\n| {} | {} |", self.word(), self.word()));
                }
                table
            }
            Block::Comment => format!("<!-- {} -->", self.hidden(2)),
        }
    }

    fn blocks(&mut self, blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| self.block(b))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The report of `shape`, from the template, and the words its page must show.
fn report(shape: &Shape) -> (String, Vec<String>) {
    let mut w = Words::default();
    let mut out = String::from("## Incident 2025-01-15 14:30");
    if shape.title_words > 0 {
        out.push_str(&format!(" — {}", w.words(shape.title_words)));
    }
    out.push_str(&format!(
        "\n\n**Type :** Downtime\n**Sévérité :** Critique\n**Durée :** 25 minutes\n**Impact utilisateurs :** Oui - {}\n",
        w.words(2)
    ));
    for &(label, value) in &shape.extra_fields {
        out.push_str(&format!("**{} :** {}\n", w.words(label), w.words(value)));
    }
    out.push_str(&format!("\n{}\n", w.blocks(&shape.summary)));
    for (name, blocks) in [
        "Cause",
        "Symptômes",
        "Actions Immédiates",
        "Résolution",
        "Prévention",
    ]
    .iter()
    .zip(&shape.required)
    {
        out.push_str(&format!("\n### {name}\n{}\n", w.blocks(blocks)));
    }
    out.push_str(&format!(
        "\n### Coût Impact\n- **Temps d'indisponibilité :** 25 minutes\n- **Coût perdu :** ~$0.10 ({})\n",
        w.words(2)
    ));
    for _ in 0..shape.unknown_cost_lines {
        out.push_str(&format!("- {} : {}\n", w.word(), w.words(2)));
    }
    out.push_str(&format!("\n{}\n", w.blocks(&shape.cost)));
    out.push_str(&format!(
        "\n### Références\n- Logs : {}\n- Dashboard : https://example.org/dashboard\n- Tickets : INC-1042\n",
        w.words(3)
    ));
    for _ in 0..shape.unknown_reference_lines {
        out.push_str(&format!("- {} : {}\n", w.word(), w.words(2)));
    }
    out.push_str(&format!("\n{}\n", w.blocks(&shape.references)));
    for (heading, blocks) in &shape.unknown_sections {
        out.push_str(&format!(
            "\n### {}\n{}\n",
            w.words(*heading),
            w.blocks(blocks)
        ));
    }
    (out, w.shown)
}

/// The text of a page's `<main>`, images' alt texts included: tags removed, the five escapes
/// decoded.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("the page has a <main>");
    let end = html.find("</main>").expect("the page closes its <main>");
    let mut text = String::new();
    let mut tag: Option<String> = None;
    for c in html[start..end].chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                if let Some(alt) = t.split(" alt=\"").nth(1) {
                    text.push(' ');
                    text.push_str(alt.split('"').next().unwrap_or(""));
                }
                tag = None;
                text.push(' ');
            }
            (Some(t), c) => t.push(c),
            (None, c) => text.push(c),
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Builds a site of the one report `report`; the incident page's HTML.
fn built_page(dir: &Path, report: &str) -> String {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(dir.join("incidex.yaml"), "title: Words\n").unwrap();
    std::fs::write(content.join("report.md"), report).unwrap();
    let (code, _, stderr) = run_in(dir, &["build"]);
    assert_eq!(code, 0, "{stderr}\n{report}");
    std::fs::read_to_string(dir.join("public/incidents/report/index.html")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_word_of_a_report_is_on_its_page(shape in shape()) {
        let dir = tempfile::tempdir().unwrap();
        let (report, words) = report(&shape);
        let text = main_text(&built_page(dir.path(), &report));
        let missing: Vec<&String> = words.iter().filter(|w| !text.contains(w.as_str())).collect();
        prop_assert!(missing.is_empty(), "missing {missing:?} from the page of\n{report}\n\npage text:\n{text}");
    }
}

/// The reproduction of issue 16: a paragraph after the Références list (and items without a
/// label) were dropped; the Coût Impact one was shown.
#[test]
fn text_after_the_reference_and_cost_lists_is_shown_in_its_section() {
    let report = include_str!("../content/2025-01-15-instance-crash.md")
        .replace(
            "- **Coût résolution :** 0$ (redémarrage gratuit)",
            "- **Coût résolution :** 0$ (redémarrage gratuit)\n\nCost paragraph after the list.",
        )
        .replace(
            "- Dashboard : https://vast.ai/console/instances",
            "- Dashboard : https://vast.ai/console/instances\n- https://status.vast.ai\n\nSee also the post-mortem meeting notes.",
        );
    assert!(report.contains("See also"), "the example changed");
    let dir = tempfile::tempdir().unwrap();
    let page = built_page(dir.path(), &report);
    let section = |key: &str| {
        let start = page
            .find(&format!("section-{key}\""))
            .unwrap_or_else(|| panic!("no {key} section"));
        let end = page[start..].find("</section>").unwrap() + start;
        page[start..end].to_string()
    };
    let references = section("references");
    // In order: the list of references, then the rest of the section as written.
    let list = references.find("vast.ai/console/instances").unwrap();
    let bare = references
        .find("<li>https://status.vast.ai</li>")
        .expect(&references);
    let paragraph = references
        .find("<p>See also the post-mortem meeting notes.</p>")
        .expect(&references);
    assert!(list < bare && bare < paragraph, "{references}");
    // The reference lines are not shown twice.
    assert_eq!(
        references.matches("Dashboard Vast.ai").count(),
        1,
        "{references}"
    );
    assert!(section("cost_impact").contains("<p>Cost paragraph after the list.</p>"));
}

// ---------------------------------------------------------------------------------------------
// No control character is published

/// Controls as the brief lists them: SOH, NUL, ESC, DEL, NEL (C1).
const CONTROLS: [char; 5] = ['\u{1}', '\0', '\u{1b}', '\u{7f}', '\u{85}'];

fn has_control(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !matches!(c, '\t' | '\n')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    })
}

/// A site whose report holds every control character raw, through YAML escapes and through
/// character references; in its title, summary, sections, field values, tags, services and file
/// name; and whose incidex.yaml and intro hold them too.
fn site_with_controls() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "title: \"Site\\x01 \\0title\\e\\x7f\\x85\"\ndescription: \"About\\x01\\x85\"\nbase_url: https://incidents.example/\n",
    )
    .unwrap();
    let raw: String = CONTROLS.iter().collect();
    let references = "&#1; &#x1b; &#127; &#x85; &#0;";
    let report = format!(
        "---\ntags: [\"tag\\x01one\", \"tag\\x85two\"]\nservices: [\"api\\e\\x7f\"]\n---\n\
         ## Incident 2025-01-15 14:30 — Title{raw}end\n\n\
         **Type :** Downtime\n**Sévérité :** Critique\n**Durée :** 25 minutes ({raw})\n\
         **Impact utilisateurs :** Oui - Users{raw}\n**Odd{raw} :** value{raw}\n\n\
         Summary{raw} words {references} `code{raw}` [link{raw}](https://example.org/{raw}) ![alt{raw} {references}](x.png \"t{raw}{references}\")\n\n\
         ### Cause\nCause{raw} {references}\n\n\
         ### Symptômes\n- one{raw}\n\n### Actions Immédiates\n1. act{raw}\n\n\
         ### Résolution\nRes{raw}\n\n### Prévention\n- [ ] fix{raw} @owner{raw}\n\n\
         ### Coût Impact\n- **Temps d'indisponibilité :** 25 minutes\n- Other{raw} : cost{raw}\n\n\
         ### Références\n- Logs : logs{raw}\n- Tickets : INC-{raw}\n- Label{raw} : ref{raw}\n\nAfter{raw}.\n"
    );
    std::fs::write(content.join("report\u{1}\u{1b}[31m.md"), report).unwrap();
    std::fs::write(
        content.join("_index.md"),
        format!("Intro{raw} {references}\n"),
    )
    .unwrap();
    dir
}

#[test]
fn control_characters_reach_no_published_file() {
    let dir = site_with_controls();
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let public = dir.path().join("public");
    let files = common::files_below(&public);
    for must in [
        "incidents/report-31m/index.html",
        "incidents.json",
        "feed.xml",
        "index.html",
    ] {
        assert!(files.contains(must), "{must} not written: {files:?}");
    }
    assert!(
        files.iter().any(|f| f.starts_with("list/index.")),
        "no list data: {files:?}"
    );
    for file in &files {
        assert!(!has_control(file), "a control in the name {file:?}");
        let Ok(mut text) = std::fs::read_to_string(public.join(file)) else {
            continue; // not text
        };
        if file.ends_with(".csv") {
            // RFC 4180 ends every line with CRLF: the only CR a spreadsheet may hold.
            text = text.replace("\r\n", "\n");
        }
        let at = text.find(|c: char| has_control(&c.to_string()));
        assert!(
            at.is_none(),
            "{file}: {:?}",
            at.map(|i| &text[i.saturating_sub(40)..(i + 40).min(text.len())])
        );
    }
    // Replaced, not dropped: the page shows where a character was.
    let page = std::fs::read_to_string(public.join("incidents/report-31m/index.html")).unwrap();
    assert!(
        page.contains("Title\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}end"),
        "{page}"
    );
    assert!(page.contains("After\u{fffd}"), "{page}");
    assert!(
        page.contains("report\u{fffd}\u{fffd}[31m.md"),
        "the source path: {page}"
    );
    // Every data file parses, and the feeds are well-formed XML.
    for json in ["incidents.json", "stats.json"] {
        let text = std::fs::read_to_string(public.join(json)).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{json}: {e}"));
    }
    for feed in files.iter().filter(|f| f.ends_with(".xml")) {
        let text = std::fs::read_to_string(public.join(feed)).unwrap();
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile bodies: memory a small multiple of their size

/// Counts the bytes this test binary has allocated and keeps their peak, so that a test can
/// tell how much memory a rendering needed (the other tests here run the incidex binary and
/// allocate little in this process).
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub static LIVE: AtomicUsize = AtomicUsize::new(0);
    pub static PEAK: AtomicUsize = AtomicUsize::new(0);

    pub struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// A 5 MB body made of `unit` repeated.
fn hostile_body(unit: &str) -> String {
    unit.repeat(5 * 1024 * 1024 / unit.len())
}

/// The most bytes alive at once while `work` ran, above what was alive before.
fn peak_during(work: impl FnOnce()) -> usize {
    use std::sync::atomic::Ordering;
    let before = counting::LIVE.load(Ordering::Relaxed);
    counting::PEAK.store(before, Ordering::Relaxed);
    work();
    counting::PEAK
        .load(Ordering::Relaxed)
        .saturating_sub(before)
}

/// Issue 16, reproduction 8: a 5 MB body of links or `~~` took about 100 times its size. The
/// rendering of each hostile body (HTML and search text, as an incident page asks) must stay
/// under 20 times its size, output included, and finish (a hang is caught by the harness's
/// 30 s guard below).
#[test]
fn hostile_bodies_render_in_memory_a_small_multiple_of_their_size() {
    let _one_at_a_time = MEMORY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for unit in [
        "[a](b) ",
        "~~x~~ ",
        "*a* _b_ ",
        "`a` ",
        "<http://a.b> ",
        "**a __b__** ",
        "[a](b)\n",
        "x[^1] ",
    ] {
        let body = hostile_body(unit);
        let size = body.len();
        let (tx, rx) = std::sync::mpsc::channel();
        let peak = peak_during(|| {
            let worker = std::thread::spawn(move || {
                let mut text = String::new();
                let html = incidex::markdown::render_with_text(
                    &body,
                    &incidex::markdown::MarkdownOptions::default(),
                    &|url: &str| Some(format!("../../files/{url}")),
                    Some(&mut text),
                );
                let _ = tx.send((html.len(), text.len()));
            });
            let (html, text) = rx
                .recv_timeout(std::time::Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("{unit:?}: no rendering after 30 s"));
            assert!(html > size / 2 && text > 0, "{unit:?}");
            worker.join().unwrap();
        });
        eprintln!("{unit:?}: peak {} MiB above the start", peak >> 20);
        assert!(
            peak < 20 * size,
            "{unit:?}: {} MB for a {} MB body",
            peak >> 20,
            size >> 20
        );
    }
}

/// Memory tests one at a time, so that one's allocations are not counted in another's peak.
static MEMORY: std::sync::Mutex<()> = std::sync::Mutex::new(());
