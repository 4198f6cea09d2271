//! Broken and hostile reports give diagnostics, never a panic or a hang.

use std::path::Path;

use incidex::parse::{Context, decode, parse_report};

fn ctx() -> Context {
    Context {
        timezone: chrono_tz::Europe::Paris,
        currency: "USD".into(),
    }
}

/// A small deterministic generator, so failures replay.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in [
        "content",
        "tests/fixtures/valid-styles/content",
        "tests/fixtures/invalid/content",
    ] {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
                out.push(std::fs::read(entry.path()).unwrap());
            }
        }
    }
    out
}

/// Pieces that matter to the grammar, spliced in at random places.
const TOKENS: &[&str] = &[
    "\n",
    "---\n",
    "## Incident ",
    "### ",
    "**",
    " :** ",
    "```\n",
    "[",
    "]",
    "~",
    "≈",
    "(",
    ")",
    "2025-01-15 14:30",
    "1h30",
    "$",
    "€",
    "1,234.56",
    "Critique",
    "\r\n",
    "\u{feff}",
    "é",
    "日本",
    "\u{202e}",
    "- ",
    ": ",
    "&a ",
    "*a",
    "\t",
    "#",
    "0",
    "99999999999999999999999999",
];

#[test]
fn mutated_reports_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() > 40);
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for round in 0..3000 {
        let mut bytes = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => {
                    let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                    bytes.splice(at..at, token.iter().copied());
                }
                1 if !bytes.is_empty() => {
                    let end = (at + rng.below(40)).min(bytes.len());
                    bytes.drain(at.min(end)..end);
                }
                2 if !bytes.is_empty() => {
                    let i = at.min(bytes.len() - 1);
                    bytes[i] = rng.next() as u8;
                }
                _ => {
                    let start = rng.below(bytes.len() + 1);
                    let end = (start + rng.below(80)).min(bytes.len());
                    let copy = bytes[start..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
        if let Ok(text) = decode(&bytes) {
            let parsed = parse_report(&text, Path::new("fuzz.md"), Path::new("fuzz.md"), &ctx());
            // Whatever the damage, a report is either valid or says why not.
            assert!(
                parsed.incident.is_some() || parsed.diagnostics.iter().any(|d| d.is_error()),
                "round {round}: no incident and no error"
            );
        }
    }
}

fn hostile(text: &str) {
    let parsed = parse_report(
        text,
        Path::new("hostile.md"),
        Path::new("hostile.md"),
        &ctx(),
    );
    assert!(parsed.incident.is_some() || !parsed.diagnostics.is_empty());
}

const HEAD: &str = "## Incident 2025-01-15 14:30\n\n**Type :** Downtime\n**Sévérité :** Critique\n**Durée :** 25 minutes\n**Impact utilisateurs :** Oui - x\n\n### Cause\n";

#[test]
fn pathological_markdown_is_read_in_bounded_time() {
    hostile(&format!("{HEAD}{}\n", ">".repeat(200_000)));
    hostile(&format!(
        "{HEAD}{}",
        (0..5000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>()
    ));
    hostile(&format!(
        "{HEAD}{}",
        (0..100_000)
            .map(|i| format!("x[^{i}]\n[^{i}]: y\n"))
            .collect::<String>()
    ));
    hostile(&format!("{HEAD}{}\n", "a".repeat(4 * 1024 * 1024)));
    hostile(&format!("{HEAD}{}\n", "[".repeat(100_000)));
    hostile(&format!("**Type :** {}\n", "*".repeat(100_000)));
    hostile(&"### Cause\n".repeat(50_000));
    hostile(&"**Type :** Downtime\n".repeat(50_000));
    hostile(&format!("## Incident {}\n", "9".repeat(100_000)));
    hostile(&format!("---\ntitle: {}\n---\n", "[".repeat(10_000)));
}

#[test]
fn value_parsers_survive_odd_input() {
    for text in [
        "",
        "~",
        "≈",
        "(",
        "))",
        "()",
        "~()",
        "1h30h",
        "日本",
        "e\u{301}",
        "\u{202e}1h",
        "--1",
        "1e999",
        "1,,,,2",
    ] {
        let _ = incidex::values::parse_duration(text);
        let _ = incidex::values::parse_money(text, "USD");
        let _ = incidex::values::parse_date(text, chrono_tz::UTC);
    }
    let long = "9".repeat(10_000);
    assert!(incidex::values::parse_duration(&format!("{long} min")).is_err());
    assert!(incidex::values::parse_money(&format!("${long}"), "USD").is_err());
}
