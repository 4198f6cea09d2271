//! Hostile reports and configurations, built as a site: nothing runs, nothing crashes.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

const EXAMPLE: &str = include_str!("../content/2025-01-15-instance-crash.md");

/// The template's example with `body` as its cause.
fn with_cause(body: &str) -> String {
    EXAMPLE.replace(
        "Instance Vast.ai crashée suite à erreur CUDA OOM (Out of Memory) lors d'une requête d'évaluation avec dialogue très long.",
        body,
    )
}

const ATTACKS: &[&str] = &[
    "<script>alert('raw')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')><circle r=1 /></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<a href=\"javascript:alert('a')\">a</a>",
    "<div style=\"position:fixed;inset:0\" onclick=\"alert('div')\">x</div>",
    "<style>body{display:none}</style>",
    "<object data=\"x.swf\"></object>",
    "<form action=\"https://evil.example\"><input name=q></form>",
    "[md link](javascript:alert('md'))",
    "[case](JaVaScRiPt:alert('case'))",
    "[entity](java&#x09;script:alert('entity'))",
    "[vb](vbscript:msgbox('vb'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![data image](data:text/html,<script>alert('dataimg')</script>)",
    "<https://ok.example/?q=\"><script>alert('autolink')</script>>",
    "</script><script>alert('close')</script>",
];

fn hostile_site(allow_raw_html: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        format!("allow_raw_html: {allow_raw_html}\n"),
    )
    .unwrap();
    for (i, attack) in ATTACKS.iter().enumerate() {
        std::fs::write(
            content.join(format!("attack-{i:02}.md")),
            with_cause(&format!("Text before.\n\n{attack}\n\nText after.")),
        )
        .unwrap();
    }
    // HTML in the title and in every front matter string.
    let front = "---\nservices: [\"<script>alert('svc')</script>\"]\ntags: [\"<img src=x onerror=alert('tag')>\"]\naliases: [\"<b>old</b>\"]\n---\n";
    let titled = EXAMPLE
        .replace(
            "## Incident 2025-01-15 14:30",
            "## Incident 2025-01-15 14:30 — <script>alert('title')</script> \u{202e}gnp.exe",
        )
        .replace(
            "Oui - Service inaccessible",
            "Oui - <img src=x onerror=alert('impact')>",
        )
        .replace(
            "https://vast.ai/console/instances",
            "javascript:alert('dashboard')",
        );
    std::fs::write(content.join("titled.md"), format!("{front}{titled}")).unwrap();
    // Pathological Markdown.
    let pathological = [
        ("quotes", format!("{}deep\n", ">".repeat(200_000))),
        // `- - - x` opens a list inside a list on one line: 5,000 levels in 10 KB.
        ("lists", format!("{}deep\n", "- ".repeat(5_000))),
        ("ordered-lists", format!("{}deep\n", "1. ".repeat(5_000))),
        (
            "footnotes",
            (0..100_000)
                .map(|i| format!("note[^{i}]\n\n[^{i}]: text {i}\n\n"))
                .collect(),
        ),
        ("long-line", "a".repeat(4 * 1024 * 1024 - 10_000)),
        ("brackets", "[".repeat(100_000)),
        (
            "nested-html",
            format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000)),
        ),
    ];
    for (name, body) in pathological {
        std::fs::write(content.join(format!("{name}.md")), with_cause(&body)).unwrap();
    }
    dir
}

fn build(dir: &Path) -> (i32, String) {
    let out = dir.join("public");
    let output = Command::cargo_bin("incidex")
        .unwrap()
        .args([
            "-r",
            dir.to_str().unwrap(),
            "build",
            "--output",
            out.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("incidex-tests-cache"),
        )
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every HTML and JSON file of the output, with its text.
fn outputs(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "html" || x == "json")
        })
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The start tags of a page's markup. Text shown as text is escaped (`&lt;`), so every `<`
/// followed by a letter is markup the browser will read.
fn tags(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            tags.push(rest[..end].to_lowercase());
        }
    }
    tags
}

/// The attributes of a start tag (name, value), quotes understood.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.chars().peekable();
    // Skip the tag name.
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next();
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            return out;
        }
        let mut value = String::new();
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        out.push((name, value));
    }
}

fn assert_inert(dir: &Path) {
    let files = outputs(dir);
    assert!(files.len() > 30, "{} files", files.len());
    for (path, text) in files {
        if path.ends_with(".json") {
            // JSON never holds a raw `<`: it is written `\u003c`.
            assert!(!text.contains('<'), "{path}: raw < in JSON");
            continue;
        }
        for tag in tags(&text) {
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            if name == "script" {
                assert!(
                    tag.contains(" src=\"")
                        && (tag.contains("static/filter.")
                            || tag.contains("__incidex")
                            || (tag.contains("static/actions.")
                                && path.ends_with("actions/index.html"))),
                    "{path}: <{tag}>"
                );
            }
            assert!(
                ![
                    "iframe",
                    "object",
                    "embed",
                    "form",
                    "style",
                    "svg",
                    "base",
                    "meta http-equiv=\"refresh\""
                ]
                .contains(&name)
                    || tag.starts_with("svg class=\"logo\"")
                    || tag.starts_with("svg xmlns"),
                "{path}: <{tag}>"
            );
            for (attribute, value) in attributes(&tag) {
                assert!(
                    !attribute.starts_with("on"),
                    "{path}: event handler in <{tag}>"
                );
                assert!(attribute != "style", "{path}: style attribute in <{tag}>");
                if attribute == "href" || attribute == "src" {
                    for scheme in ["javascript:", "vbscript:", "data:text", "file:"] {
                        assert!(
                            !value.trim().starts_with(scheme),
                            "{path}: {scheme} in <{tag}>"
                        );
                    }
                }
            }
        }
        assert!(
            !text.contains('\u{202e}'),
            "{path}: bidi override in output"
        );
    }
}

#[test]
fn hostile_reports_are_inert_without_raw_html() {
    let dir = hostile_site(false);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_inert(dir.path());
    let page =
        std::fs::read_to_string(dir.path().join("public/incidents/attack-00/index.html")).unwrap();
    assert!(
        page.contains("<p>&lt;script&gt;alert(&#39;raw&#39;)&lt;/script&gt;</p>"),
        "raw HTML shown as text"
    );
}

// Without the `raw-html` feature `allow_raw_html: true` is refused (tests/check.rs).
#[cfg(feature = "raw-html")]
#[test]
fn hostile_reports_are_inert_with_raw_html_allowed() {
    let dir = hostile_site(true);
    let (code, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_inert(dir.path());
}

#[test]
fn hostile_configurations_are_clear_errors() {
    let cases: &[(&str, &str)] = &[
        ("titel: x\n", "unknown key `titel`"),
        ("language: [fr]\n", "`language` must be text, found a list"),
        (
            "allow_raw_html: 3\n",
            "`allow_raw_html` must be `true` or `false`",
        ),
        ("title: [unclosed\n", "invalid YAML"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
            "repetition limit exceeded",
        ),
        (&"- ".repeat(10_000), "incidex.yaml"),
    ];
    for (config, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("incidex.yaml"), config).unwrap();
        let (code, stderr) = build(dir.path());
        assert_eq!(code, 2, "{config}: {stderr}");
        assert!(stderr.contains(expected), "{expected} not in {stderr}");
        assert!(!dir.path().join("public").exists());
    }
}
