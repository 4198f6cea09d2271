//! Issue 18, "the reader", its text: money and durations never break inside a value, counts
//! agree with their noun (no "(s)" anywhere), durations under two minutes are exact, and
//! printed pages wrap code instead of cutting it.

mod common;

use std::path::Path;

use common::{example_site, files_below, run_in};

/// The template's example report, written exactly like the team's template.
const EXAMPLE: &str = include_str!("../content/2025-01-15-instance-crash.md");

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// An empty site in `language`.
fn site(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        format!("title: Text\nlanguage: {language}\ntimezone: Europe/Paris\n"),
    )
    .unwrap();
    dir
}

/// Writes the example report as `content/<name>.md`, each `(from, to)` of `edits` replaced
/// once (each `from` must be in it, so a changed example fails here, not later).
fn report(dir: &Path, name: &str, edits: &[(&str, &str)]) {
    let mut text = EXAMPLE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "the example report has no `{from}`");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(dir.join("content").join(format!("{name}.md")), text).unwrap();
}

fn build(dir: &Path) {
    let (code, _, stderr) = run_in(dir, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(page)).unwrap()
}

/// Every HTML page of the built site, by its path.
fn pages(dir: &Path) -> Vec<(String, String)> {
    files_below(&dir.join("public"))
        .into_iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| {
            let text = read(dir, &path);
            (path, text)
        })
        .collect()
}

/// The published stylesheet (`static/style.<fingerprint>.css`).
fn stylesheet(dir: &Path) -> String {
    let name = files_below(&dir.join("public"))
        .into_iter()
        .find(|path| path.starts_with("static/style.") && path.ends_with(".css"))
        .expect("the stylesheet is published");
    read(dir, &name)
}

/// The declarations of the first rule of `css` whose selector, at the start of a line (so
/// outside the indented `@media` blocks), is exactly `selector`.
fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let start = css
        .find(&format!("\n{selector} {{"))
        .unwrap_or_else(|| panic!("no rule `{selector}`"));
    let body = &css[start..];
    let open = body.find('{').unwrap();
    let close = body.find('}').unwrap();
    &body[open + 1..close]
}

/// The `<dd>` that follows `<dt>{label}</dt>` in `page`.
fn card<'a>(page: &'a str, label: &str) -> &'a str {
    let start = page
        .find(&format!("<dt>{label}</dt>"))
        .unwrap_or_else(|| panic!("no card `{label}`"));
    let rest = &page[start..];
    let open = rest.find("<dd>").unwrap() + "<dd>".len();
    let close = rest.find("</dd>").unwrap();
    &rest[open..close]
}

/// Two reports costing ~$23,796.09 and €12.50 (and $0 to resolve).
fn costly_site(language: &str) -> tempfile::TempDir {
    let dir = site(language);
    report(
        dir.path(),
        "2025-01-15-gpu",
        &[(
            "**Coût perdu :** ~$0.10 (25 min × $0.24/h)",
            "**Coût perdu :** ~$23,796.09",
        )],
    );
    report(
        dir.path(),
        "2025-01-15-euros",
        &[(
            "**Coût perdu :** ~$0.10 (25 min × $0.24/h)",
            "**Coût perdu :** 12,50 €",
        )],
    );
    build(dir.path());
    dir
}

#[test]
fn money_in_the_stats_cards_cannot_break_inside_an_amount() {
    let dir = costly_site("fr");
    let page = read(dir.path(), "stats/index.html");
    // By hand: EUR lost 12.50; USD lost 23,796.09 (approximate), resolution $0 twice. Each
    // amount whole in its no-wrap span, French spacing inside (narrow no-break space between
    // thousands, no-break space before the currency): the only break is before `+`.
    let both = format!(
        "<span class=\"nowrap\">12,50{NBSP}€</span> \
         <span class=\"nowrap\">+ ~23{NNBSP}796,09{NBSP}$</span>"
    );
    assert_eq!(card(&page, "Coût perdu"), both);
    assert_eq!(card(&page, "Coût total"), both);
    assert_eq!(
        card(&page, "Coût de résolution"),
        format!(
            "<span class=\"nowrap\">0,00{NBSP}€</span> <span class=\"nowrap\">+ 0,00{NBSP}$</span>"
        )
    );
    // Durations too: 2 × 25 min.
    assert_eq!(
        card(&page, "Durée totale"),
        "<span class=\"nowrap\">50 min</span>"
    );

    // The stylesheet keeps those spans whole, and the card no longer breaks anywhere.
    let css = stylesheet(dir.path());
    assert!(rule(&css, ".nowrap").contains("white-space: nowrap"));
    assert!(!rule(&css, ".figure dd").contains("anywhere"));
    // An absurd amount wider than the page scrolls in its card, never the page sideways.
    assert!(rule(&css, ".figure dd").contains("overflow-x: auto"));
    assert!(!rule(&css, ".figure").contains("min-width: 0"));

    // In English: the symbol first, comma groups.
    let dir = costly_site("en");
    let page = read(dir.path(), "stats/index.html");
    assert_eq!(
        card(&page, "Lost cost"),
        "<span class=\"nowrap\">€12.50</span> <span class=\"nowrap\">+ ~$23,796.09</span>"
    );
}

#[test]
fn the_home_page_cards_keep_each_value_whole() {
    let dir = costly_site("fr");
    let page = read(dir.path(), "index.html");
    assert_eq!(
        card(&page, "Coût total"),
        format!(
            "<span class=\"nowrap\">12,50{NBSP}€</span> \
             <span class=\"nowrap\">+ ~23{NNBSP}796,09{NBSP}$</span>"
        )
    );
    // The date of the last incident breaks only between the day and the time.
    assert_eq!(
        card(&page, "Dernier incident"),
        "<span class=\"nowrap\">15 janv. 2025,</span> <span class=\"nowrap\">14:30</span>"
    );
}

#[test]
fn no_page_writes_s_in_parentheses() {
    let assert_none = |dir: &Path, what: &str| {
        for (path, text) in pages(dir) {
            assert!(!text.contains("(s)"), "{what}: {path} says \"(s)\"");
        }
    };
    let dir = example_site();
    build(dir.path());
    assert_none(dir.path(), "the example");

    // One ongoing incident: every note in the singular.
    report(
        dir.path(),
        "2025-06-01-ongoing",
        &[("**Durée :** 25 minutes", "**Durée :** en cours")],
    );
    build(dir.path());
    assert_none(dir.path(), "one ongoing");
    let stats = read(dir.path(), "stats/index.html");
    assert!(stats.contains("1 incident en cours, non compté dans les durées."));

    // Two: in the plural.
    report(
        dir.path(),
        "2025-06-02-ongoing",
        &[("**Durée :** 25 minutes", "**Durée :** en cours")],
    );
    build(dir.path());
    assert_none(dir.path(), "two ongoing");
    let stats = read(dir.path(), "stats/index.html");
    assert!(stats.contains("2 incidents en cours, non comptés dans les durées."));
    assert!(!stats.contains("1 incident en cours"));
}

#[test]
fn counts_agree_with_their_noun_in_both_languages() {
    for (language, one, two, ongoing) in [
        (
            "fr",
            "1 incident — Critique.",
            "2 incidents — Critique.",
            "1 incident en cours, non compté dans les durées.",
        ),
        (
            "en",
            "1 incident — Critical.",
            "2 incidents — Critical.",
            "1 ongoing incident left out of the duration figures.",
        ),
    ] {
        let dir = site(language);
        report(dir.path(), "2025-01-15-crash", &[]);
        build(dir.path());
        let listing = read(dir.path(), "severity/critical/index.html");
        assert!(
            listing.contains(&format!("<meta name=\"description\" content=\"{one}\">")),
            "{language}: {one}"
        );
        report(
            dir.path(),
            "2025-01-16-ongoing",
            &[("**Durée :** 25 minutes", "**Durée :** en cours")],
        );
        build(dir.path());
        let listing = read(dir.path(), "severity/critical/index.html");
        assert!(
            listing.contains(&format!("<meta name=\"description\" content=\"{two}\">")),
            "{language}: {two}"
        );
        let stats = read(dir.path(), "stats/index.html");
        assert!(stats.contains(ongoing), "{language}: {ongoing}");
        for (path, text) in pages(dir.path()) {
            assert!(!text.contains("(s)"), "{language}: {path} says \"(s)\"");
        }
    }
}

#[test]
fn durations_under_two_minutes_are_exact() {
    let dir = site("fr");
    report(
        dir.path(),
        "2025-01-15-blip",
        &[
            ("**Durée :** 25 minutes", "**Durée :** 90 secondes"),
            (
                "**Temps d'indisponibilité :** 25 minutes",
                "**Temps d'indisponibilité :** 45 s",
            ),
        ],
    );
    build(dir.path());
    let page = read(dir.path(), "incidents/2025-01-15-blip/index.html");
    // 90 s was shown as "2 min" (rounded to the minute); 45 s stays in seconds.
    assert!(page.contains("<dd>1 min 30 s</dd>"), "{page}");
    assert!(page.contains("<dd>45 s</dd>"), "{page}");
    assert!(!page.contains("2 min"));
    let home = read(dir.path(), "index.html");
    assert!(home.contains(">1 min 30 s<"));
    assert!(card(&home, "Temps d&#39;indisponibilité total").contains(">45 s<"));
}

#[test]
fn printed_pages_wrap_code_and_screens_scroll_it() {
    let dir = site("en");
    report(dir.path(), "2025-01-15-crash", &[]);
    build(dir.path());
    let css = stylesheet(dir.path());
    let print = &css[css.find("@media print {").expect("a print stylesheet")..];
    let print = &print[..print.find("\n}").unwrap()];
    assert!(
        print.contains("pre, pre code { white-space: pre-wrap; overflow-wrap: anywhere; }"),
        "{print}"
    );
    assert!(print.contains("pre { overflow: visible; }"));
    // On screen, log lines keep their shape and scroll.
    assert!(rule(&css, "pre").contains("white-space: pre;"));
}
