//! Rendering, plain text, URL safety and hostile documents, checked on small Markdown texts.

#[test]
fn plain_text_collapses_whitespace_like_split_whitespace() {
    for text in [
        "",
        "   ",
        "one",
        "  one  two\t\tthree\n",
        "a\u{a0}b\u{202f}: c\u{2009}d\u{85}e\u{0b}f\u{0c}g\r\nh",
        "é  à\u{3000}ü",
    ] {
        let plain = super::PlainText {
            text: text.to_string(),
            html_block: String::new(),
        };
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(plain.finish(), expected, "{text:?}");
    }
}

proptest::proptest! {
    #[test]
    fn any_text_collapses_like_split_whitespace(text in "(\\PC|\\s){0,40}") {
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let plain = super::PlainText { text, html_block: String::new() };
        proptest::prop_assert_eq!(plain.finish(), expected);
    }
}

use super::escape::{escape_href, percent_encode_url};
use super::*;

fn opts(allow_raw_html: bool) -> MarkdownOptions {
    MarkdownOptions {
        allow_raw_html,
        heading_offset: 0,
        footnote_scope: None,
    }
}

fn no_resolve(_: &str) -> Option<String> {
    None
}

fn html(markdown: &str) -> String {
    render(markdown, &opts(false), &no_resolve)
}

/// Rendered with `allow_raw_html`: sanitised with the `raw-html` feature, shown as text without.
fn raw(markdown: &str) -> String {
    render(markdown, &opts(true), &no_resolve)
}

/// Both ways of rendering.
fn both(markdown: &str) -> [String; 2] {
    [html(markdown), raw(markdown)]
}

/// The tags of rendered HTML (`<...>`, quotes respected), lower-cased.
fn tags_of(out: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = out;
    while let Some(start) = rest.find('<') {
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest[start..].char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = start + i + 1;
                    break;
                }
                _ => {}
            }
        }
        tags.push(rest[start..end].to_lowercase());
        rest = &rest[end..];
    }
    tags
}

/// No markup in `out` can run script, load a frame or restyle the page (text may say anything).
fn assert_inert(out: &str) {
    for tag in tags_of(out) {
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ![
                "script", "style", "iframe", "frame", "svg", "math", "object", "embed", "form",
                "button", "textarea", "select", "link", "meta", "base"
            ]
            .contains(&name.as_str()),
            "<{name}> in {out}"
        );
        for bad in ["javascript:", "vbscript:", "data:text", " style=", "&#"] {
            assert!(!tag.contains(bad), "{bad:?} in {tag} in {out}");
        }
        let unquoted: String = tag.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
        let words: Vec<&str> = unquoted
            .split(|c: char| c.is_whitespace() || c == '/')
            .collect();
        assert!(
            !words.iter().any(|w| w.starts_with("on") && w.contains('=')),
            "event handler in {tag} in {out}"
        );
        if name == "input" {
            assert!(tag.contains("type=\"checkbox\""), "{tag} in {out}");
        }
    }
}

#[test]
fn paragraphs_emphasis_and_code() {
    assert_eq!(
        html("Hello *world* **bold** `a<b` ~~gone~~"),
        "<p>Hello <em>world</em> <strong>bold</strong> <code>a&lt;b</code> <del>gone</del></p>\n"
    );
    assert_eq!(html("a  \nb"), "<p>a<br>\nb</p>\n");
    assert_eq!(html("---"), "<hr>\n");
}

#[test]
fn tables_with_alignment_classes() {
    let out = html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
    assert_eq!(
        out,
        "<table>\n<thead>\n<tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th></tr>\n</thead>\n<tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td></tr>\n</tbody>\n</table>\n"
    );
}

#[cfg(feature = "raw-html")]
#[test]
fn tables_keep_their_alignment_through_the_sanitiser() {
    let out = raw("| a | <b>b</b> |\n|---|--:|\n| 1 | 2 |\n");
    assert!(
        out.contains("<th class=\"align-right\"><b>b</b></th>"),
        "{out}"
    );
    assert!(out.contains("<td>1</td>"), "{out}");
}

#[test]
fn footnotes() {
    let out =
        html("Cause[^1] and again[^Note B].\n\n[^1]: The first.\n[^note   b]: The *second*.\n");
    assert!(
        out.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>"),
        "{out}"
    );
    assert!(
        out.contains("<sup class=\"footnote-reference\"><a href=\"#fn-note_20b\">2</a></sup>"),
        "{out}"
    );
    assert!(
        out.contains(
            "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup><p>The first.</p>\n</div>"
        ),
        "{out}"
    );
    assert!(out.contains("id=\"fn-note_20b\""), "{out}");
    // Undefined footnotes stay text.
    assert_eq!(html("x[^nope]"), "<p>x[^nope]</p>\n");
}

#[cfg(feature = "raw-html")]
#[test]
fn footnotes_are_kept_through_the_sanitiser() {
    let out = raw("a[^x] <b>b</b>\n\n[^x]: note\n");
    assert!(
        out.contains("<a href=\"#fn-x\" rel=\"noopener noreferrer\">1</a>"),
        "{out}"
    );
    assert!(
        out.contains("<div class=\"footnote-definition\" id=\"fn-x\">"),
        "{out}"
    );
    assert!(
        out.contains("<sup class=\"footnote-definition-label\">1</sup>"),
        "{out}"
    );
}

#[test]
fn task_lists() {
    assert_eq!(
        html("- [x] done\n- [ ] todo\n"),
        "<ul>\n<li><span class=\"task-box task-done\">\u{2611}</span> done</li>\n<li><span class=\"task-box\">\u{2610}</span> todo</li>\n</ul>\n"
    );
}

#[cfg(feature = "raw-html")]
#[test]
fn task_lists_are_kept_through_the_sanitiser() {
    let out = raw("- [x] done\n- [ ] todo <b>!</b>\n");
    assert!(
        out.contains("<span class=\"task-box task-done\">\u{2611}</span> done"),
        "{out}"
    );
    assert!(
        out.contains("<span class=\"task-box\">\u{2610}</span> todo"),
        "{out}"
    );
}

#[cfg(feature = "raw-html")]
#[test]
fn raw_inputs_become_checkboxes() {
    let out = raw(
        "<input type=\"text\" name=\"q\" onfocus=\"alert(1)\"> <form action=\"https://x\"><button>go</button></form>",
    );
    assert!(out.contains("<input type=\"checkbox\">"), "{out}");
    assert!(!out.contains("text"), "{out}");
    assert!(!out.contains("<button"), "{out}");
    assert_inert(&out);
}

#[cfg(feature = "raw-html")]
#[test]
fn sanitised_output_is_deterministic() {
    let markdown = "- [x] a <input name=q>\n- [ ] b <input type=text>\n\n<a href=\"x.md\" title=t>x</a> <img src=\"y.png\" alt=y>";
    let first = raw(markdown);
    for _ in 0..20 {
        assert_eq!(raw(markdown), first);
    }
}

#[test]
fn ordered_lists_and_quotes() {
    assert_eq!(
        html("3. a\n4. b\n"),
        "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n"
    );
    assert_eq!(html("> q"), "<blockquote>\n<p>q</p>\n</blockquote>\n");
}

#[test]
fn code_blocks() {
    assert_eq!(
        html("```rust,ignore extra\nlet x = a < b && c;\n```\n"),
        "<pre tabindex=\"0\"><code class=\"language-rust\">let x = a &lt; b &amp;&amp; c;\n</code></pre>\n"
    );
    assert_eq!(
        html("```\"><script>alert(1)</script>\nx\n```\n"),
        "<pre tabindex=\"0\"><code class=\"language-scriptalert1script\">x\n</code></pre>\n"
    );
    assert_eq!(
        html("```c++\nx\n```\n"),
        "<pre tabindex=\"0\"><code class=\"language-c++\">x\n</code></pre>\n"
    );
    assert_eq!(
        html("```{.python}\nx\n```\n"),
        "<pre tabindex=\"0\"><code class=\"language-python\">x\n</code></pre>\n"
    );
    assert_eq!(
        html("    indented <b>\n"),
        "<pre tabindex=\"0\"><code>indented &lt;b&gt;\n</code></pre>\n"
    );
}

#[cfg(feature = "raw-html")]
#[test]
fn code_blocks_stay_escaped_through_the_sanitiser() {
    let out = raw("```sh\n<b>x</b>\n```\n\n<i>y</i>\n");
    assert!(
        out.contains(
            "<pre tabindex=\"0\"><code class=\"language-sh\">&lt;b&gt;x&lt;/b&gt;\n</code></pre>"
        ),
        "{out}"
    );
}

#[test]
fn headings_offset_and_clamped() {
    let options = MarkdownOptions {
        allow_raw_html: false,
        heading_offset: 2,
        footnote_scope: None,
    };
    assert_eq!(
        render("# A\n## B\n#### C\n###### D", &options, &no_resolve),
        "<h3>A</h3>\n<h4>B</h4>\n<h6>C</h6>\n<h6>D</h6>\n"
    );
    let options = MarkdownOptions {
        allow_raw_html: true,
        heading_offset: 255,
        footnote_scope: None,
    };
    assert_eq!(render("# A", &options, &no_resolve), "<h6>A</h6>\n");
    assert_eq!(html("# A"), "<h1>A</h1>\n");
}

#[test]
fn raw_html_is_shown_as_typed() {
    assert_eq!(
        html("The server answered <html><body>502</body></html> then <!-- x -->."),
        "<p>The server answered &lt;html&gt;&lt;body&gt;502&lt;/body&gt;&lt;/html&gt; then .</p>\n"
    );
    assert_eq!(
        html("<div class=\"x\">\n  <b>a</b> & b\n</div>\n\nafter"),
        "<p>&lt;div class=&quot;x&quot;&gt;<br>\n  &lt;b&gt;a&lt;/b&gt; &amp; b<br>\n&lt;/div&gt;</p>\n<p>after</p>\n"
    );
    // Comments are left out, as every Markdown tool does.
    assert_eq!(
        html("a <!-- internal note --> b\n\n<!-- block\nnote -->\n\n<!-- x --> after\n"),
        "<p>a  b</p>\n<p>after</p>\n"
    );
    // With raw HTML allowed: the sanitiser keeps the block comment's line break; without the
    // sanitiser the raw HTML is shown as text, comments left out alike.
    let expected = if cfg!(feature = "raw-html") {
        "<p>a  b</p>\n\n"
    } else {
        "<p>a  b</p>\n"
    };
    assert_eq!(
        raw("a <!-- internal note --> b\n\n<!-- block\nnote -->\n"),
        expected
    );
    assert_eq!(
        plain_text("a <!-- x --> b\n\n<!-- y\n> z -->\n\nc"),
        "a b c"
    );
    assert_eq!(
        html("<script>alert(1)</script>"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
}

#[cfg(not(feature = "raw-html"))]
#[test]
fn without_the_sanitiser_allowed_raw_html_is_shown_as_text() {
    assert_eq!(
        raw("x <b>bold</b> <script>alert(1)</script>"),
        "<p>x &lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
    assert_eq!(
        raw("<div class=\"x\">\n  <b>a</b> & b\n</div>\n\nafter"),
        "<p>&lt;div class=&quot;x&quot;&gt;<br>\n  &lt;b&gt;a&lt;/b&gt; &amp; b<br>\n&lt;/div&gt;</p>\n<p>after</p>\n"
    );
    // Its relative URLs are resolved all the same.
    let out = render(
        "[a](b.md) <a href=\"c.md\">c</a>",
        &opts(true),
        &|u: &str| Some(format!("../{u}")),
    );
    assert_eq!(
        out,
        "<p><a href=\"../b.md\">a</a> &lt;a href=&quot;c.md&quot;&gt;c&lt;/a&gt;</p>\n"
    );
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "x <script>alert(1)</script> y",
    "<img src=x onerror=alert(1)>",
    "a <img src=x onerror=alert(1)> b",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)><circle r=5 /></svg>",
    "<div style=\"position:fixed;top:0\">x</div>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<p onclick=\"alert(1)\">x</p>",
    "<details open ontoggle=alert(1)>x</details>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<table><td background=\"javascript:alert(1)\">x</td></table>",
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](%6Aavascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](\"onclick=alert(1))",
    "[x](y \"t\\\" onclick=alert(1) x\")",
    "![a\" onerror=\"alert(1)](y.png)",
];

#[test]
fn hostile_html_is_inert_both_ways() {
    for input in HOSTILE {
        for out in both(input) {
            assert_inert(&out);
            assert!(!out.contains("<a href=\"\""), "{input}: {out}");
        }
    }
}

#[cfg(feature = "raw-html")]
#[test]
fn raw_html_sanitised_when_allowed() {
    assert_eq!(raw("<script>alert(1)</script>"), "");
    assert_eq!(
        raw("x <b>bold</b> <kbd>Ctrl</kbd>"),
        "<p>x <b>bold</b> <kbd>Ctrl</kbd></p>\n"
    );
    let out = raw("<img src=x onerror=alert(1)>");
    assert_eq!(out, "<img src=\"x\">");
    let out = raw("<a href=\"javascript:alert(1)\">x</a>");
    assert_eq!(out, "<p><a rel=\"noopener noreferrer\">x</a></p>\n");
    assert_eq!(
        raw("<iframe src=\"https://evil.example\">inside</iframe>after"),
        "after"
    );
    assert_eq!(raw("<style>p{}</style>\n\ntext"), "\n<p>text</p>\n");
    assert_eq!(
        raw("<svg onload=alert(1)><circle r=5 /></svg>"),
        "<p></p>\n"
    );
    assert_eq!(
        raw("<div style=\"color:red\" class=\"evil\" id=\"search\">x</div>"),
        "<div>x</div>"
    );
    let out = raw("<details><summary>Logs</summary>\n\n*kept*\n\n</details>");
    assert!(out.contains("<details><summary>Logs</summary>"), "{out}");
    assert!(out.contains("<em>kept</em>"), "{out}");
    // Links of raw HTML get rel too, and their URLs are checked.
    assert_eq!(
        raw("<a href=\"https://example.org/a b\">x</a>"),
        "<p><a href=\"https://example.org/a%20b\" rel=\"noopener noreferrer\">x</a></p>\n"
    );
    assert_eq!(
        raw(
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\"> <img src=\"data:image/svg+xml,<svg onload=alert(1)>\">"
        ),
        "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\"> <img></p>\n"
    );
}

#[test]
fn unsafe_links_become_text_and_images_alt_text() {
    for input in [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](%6Aavascript:alert(1))",
        "[x](file:///etc/passwd)",
    ] {
        assert_eq!(html(input), "<p>x</p>\n", "{input}");
        assert_eq!(raw(input), "<p>x</p>\n", "{input}");
    }
    assert_eq!(
        html("[*a* `b`](javascript:x)"),
        "<p><em>a</em> <code>b</code></p>\n"
    );
    assert_eq!(
        html("![the graph](data:text/html;base64,PHNjcmlwdD4=)"),
        "<p>the graph</p>\n"
    );
    assert_eq!(html("![a <b>](javascript:x)"), "<p>a &lt;b&gt;</p>\n");
    assert_eq!(
        html("<javascript:alert(1)>"),
        "<p>javascript:alert(1)</p>\n"
    );
    assert_eq!(
        html("![x](data:image/png;base64,iVBORw0KGgo=)"),
        "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\"></p>\n"
    );
}

#[cfg(feature = "raw-html")]
#[test]
fn raster_data_images_are_kept_through_the_sanitiser() {
    assert_eq!(
        raw("![x](data:image/png;base64,iVBORw0KGgo=) <b>b</b>"),
        "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\"> <b>b</b></p>\n"
    );
}

#[test]
fn links_titles_and_rel() {
    assert_eq!(
        html("[x](https://example.org/a?b=1&c=2 \"A \\\"title\\\" <b>\")"),
        "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\" title=\"A &quot;title&quot; &lt;b&gt;\">x</a></p>\n"
    );
    assert_eq!(
        html("<https://example.org> and <ops@example.org>"),
        "<p><a href=\"https://example.org\" rel=\"noopener noreferrer\">https://example.org</a> and <a href=\"mailto:ops@example.org\">ops@example.org</a></p>\n"
    );
    assert_eq!(
        html("[x](/abs/path) [y](#frag) [z](?q=1)"),
        "<p><a href=\"/abs/path\">x</a> <a href=\"#frag\">y</a> <a href=\"?q=1\">z</a></p>\n"
    );
    assert_eq!(
        html("![shot](<my shot.png> \"T\")"),
        "<p><img src=\"my%20shot.png\" alt=\"shot\" title=\"T\"></p>\n"
    );
    assert_eq!(
        html("[x](//cdn.example/y)"),
        "<p><a href=\"//cdn.example/y\" rel=\"noopener noreferrer\">x</a></p>\n"
    );
}

#[test]
fn relative_links_resolved_through_the_callback() {
    let seen = std::cell::RefCell::new(Vec::new());
    let resolve = |url: &str| -> Option<String> {
        seen.borrow_mut().push(url.to_string());
        match url {
            "../img/graph.png" => Some("../../img/graph.png".to_string()),
            "other-report.md#cause" => Some("../other-report/#cause".to_string()),
            "evil.md" => Some("javascript:alert(1)".to_string()),
            _ => None,
        }
    };
    let markdown = "![graph](../img/graph.png) [other](other-report.md#cause) [abs](/x) [frag](#frag) [ext](https://e.org/x) [kept](notes.txt) [bad](evil.md) [q](?a)";
    let out = render(markdown, &opts(false), &resolve);
    assert_eq!(
        out,
        "<p><img src=\"../../img/graph.png\" alt=\"graph\"> <a href=\"../other-report/#cause\">other</a> <a href=\"/x\">abs</a> <a href=\"#frag\">frag</a> <a href=\"https://e.org/x\" rel=\"noopener noreferrer\">ext</a> <a href=\"notes.txt\">kept</a> <a href=\"evil.md\">bad</a> <a href=\"?a\">q</a></p>\n"
    );
    assert_eq!(
        *seen.borrow(),
        [
            "../img/graph.png",
            "other-report.md#cause",
            "notes.txt",
            "evil.md"
        ]
    );

    // With raw HTML (sanitised): the Markdown's and the raw HTML's relative URLs alike.
    #[cfg(feature = "raw-html")]
    {
        seen.borrow_mut().clear();
        let out = render(
            "![graph](../img/graph.png) <img src=\"../img/graph.png\" width=\"300\"> <a href=\"other-report.md#cause\">o</a> <a href=\"/x\">a</a>",
            &opts(true),
            &resolve,
        );
        assert_eq!(
            out,
            "<p><img src=\"../../img/graph.png\" alt=\"graph\"> <img src=\"../../img/graph.png\" width=\"300\"> <a href=\"../other-report/#cause\" rel=\"noopener noreferrer\">o</a> <a href=\"/x\" rel=\"noopener noreferrer\">a</a></p>\n"
        );
        assert_eq!(
            *seen.borrow(),
            [
                "../img/graph.png",
                "../img/graph.png",
                "other-report.md#cause"
            ]
        );
    }
}

#[test]
fn marks_cannot_be_forged() {
    let resolve = |_: &str| Some("resolved.html".to_string());
    for allow_raw_html in [false, true] {
        let out = render(
            "a \u{FDD0}0000000000000000\u{FDD0} &#xFDD0;0\u{FDD0} [x](rel.md)",
            &opts(allow_raw_html),
            &resolve,
        );
        assert_eq!(out.matches("resolved.html").count(), 1, "{out}");
    }
}

#[test]
fn url_safety() {
    for url in [
        "https://example.org",
        "HTTP://example.org",
        "mailto:ops@example.org",
        "../img/graph.png",
        "other-report.md#cause",
        "/abs",
        "#frag",
        "?q",
        "",
        "2025-01-15 14:30.png",
        "data:image/png;base64,iVBO",
        "data:image/jpeg,xx",
        "DATA:image/GIF;base64,R0lG",
        "data:image/webp;base64,UklG",
        "https://example.org/?next=javascript:alert(1)",
        "a/b:c",
    ] {
        assert!(is_safe_url(url), "{url}");
    }
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&Tab;script:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A&#x61vascript:alert(1)",
        "&#0000106avascript:alert(1)",
        "javascript&colon;alert(1)",
        "javascript&#58;alert(1)",
        "%6Aavascript:alert(1)",
        "%256Aavascript:alert(1)",
        "&#37;6Aavascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "data:image/png", // no `;` or `,`
        "data:image/pngx;base64,xx",
        "file:///etc/passwd",
        "ftp://example.org",
        "tel:123",
        "C:\\Windows",
    ] {
        assert!(!is_safe_url(url), "{url}");
    }
}

#[test]
fn escaping() {
    assert_eq!(
        escape_html("<a href=\"x\">&'</a>"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
    );
    assert_eq!(escape_html("plain été"), "plain été");
    assert_eq!(escape_href("a b\"<é>&'"), "a%20b%22%3C%C3%A9%3E&amp;&#39;");
    assert_eq!(percent_encode_url("a%20b"), "a%20b");
}

#[test]
fn plain_text_of_markdown() {
    assert_eq!(
        plain_text("# Title\n\nSome *emphasis* and `code`,\nand a [link](https://x.org)."),
        "Title Some emphasis and code, and a link."
    );
    assert_eq!(
        plain_text("- [x] one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
        "one two a b 1 2"
    );
    assert_eq!(plain_text("Cause[^1]\n\n[^1]: A note.\n"), "Cause A note.");
    assert_eq!(
        plain_text("a <b>bold</b> <html>\n\n<div>\nblock <i>x</i>\n</div>\n"),
        "a bold block x"
    );
    assert_eq!(
        plain_text("![alt *text*](x.png)   \n\n\n  end"),
        "alt text end"
    );
    assert_eq!(plain_text("a &amp; b &lt;c&gt;"), "a & b <c>");
    assert_eq!(plain_text(""), "");
}

#[test]
fn scoped_footnote_ids_survive_sanitising() {
    for allow_raw_html in [false, true] {
        let options = MarkdownOptions {
            footnote_scope: Some(3),
            ..opts(allow_raw_html)
        };
        let html = render("Note[^a b] <b>x</b>\n\n[^a b]: Text.\n", &options, &|_| {
            None
        });
        assert!(html.contains("href=\"#fn-s3-a_20b\""), "{html}");
        assert!(html.contains("id=\"fn-s3-a_20b\""), "{html}");
    }
}

#[test]
fn the_text_read_while_rendering_is_the_plain_text() {
    let samples = [
        "# Title\n\nSome *emphasis* and `code`,\nand a [link](https://x.org).",
        "- [x] one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "Cause[^1]\n\n[^1]: A note.\n",
        "a <b>bold</b> <html>\n\n<div>\nblock <i>x</i>\n</div>\n<!-- a\ncomment -->\n",
        "![alt *text*](x.png)   \n\n\n  end <script>alert(1)</script>",
        "```\ncode block\n```\n\n> quoted\n\n---\n",
    ];
    for allow_raw_html in [false, true] {
        for markdown in samples {
            let mut text = String::from("stale");
            render_with_text(markdown, &opts(allow_raw_html), &|_| None, Some(&mut text));
            assert_eq!(text, plain_text(markdown), "{markdown:?}");
        }
    }
}

// ---- Hostile inputs: must finish quickly (debug build), never overflow the stack.

fn render_all_ways(markdown: &str) {
    for allow_raw_html in [false, true] {
        let out = render(markdown, &opts(allow_raw_html), &|u: &str| {
            Some(format!("x/{u}"))
        });
        assert!(!out.is_empty());
        if out.len() < 200_000 {
            assert_inert(&out);
        } else {
            // The full check is slow in debug builds; the inputs hold no script anyway.
            assert!(!out.contains("<script") && !out.contains("javascript:"));
        }
    }
    assert!(!plain_text(markdown).is_empty());
}

#[test]
fn hostile_deep_quotes() {
    render_all_ways(&format!("{} deep <b>x</b> [a](b.md)", ">".repeat(200_000)));
}

#[test]
fn hostile_deep_lists() {
    let mut markdown = String::new();
    for level in 0..5_000 {
        markdown.push_str(&" ".repeat(level * 2));
        markdown.push_str("- item <i>x</i>\n");
    }
    render_all_ways(&markdown);
}

#[test]
fn hostile_many_footnotes() {
    let mut markdown = String::new();
    for i in 0..100_000 {
        markdown.push_str(&format!("x[^{i}] "));
    }
    markdown.push_str("\n\n");
    for i in 0..100_000 {
        markdown.push_str(&format!("[^{i}]: note <b>{i}</b>\n"));
    }
    render_all_ways(&markdown);
}

#[test]
fn hostile_long_line() {
    render_all_ways(&"a <b>b</b> [c](d) ".repeat(4 * 1024 * 1024 / 18));
}

#[test]
fn hostile_brackets() {
    render_all_ways(&"[".repeat(100_000));
    render_all_ways(&format!("{}x{}", "[".repeat(50_000), "](y)".repeat(50_000)));
    render_all_ways(&format!(
        "{}x{}",
        "![".repeat(50_000),
        "](y)".repeat(50_000)
    ));
}

#[test]
fn hostile_deep_emphasis() {
    render_all_ways(&format!(
        "a {}x{}",
        "*_".repeat(50_000),
        "_*".repeat(50_000)
    ));
    render_all_ways(&format!(
        "a {}x{}",
        "**".repeat(50_000),
        "**".repeat(50_000)
    ));
    render_all_ways(&format!(
        "a {}x{}",
        "~~".repeat(50_000),
        "~~".repeat(50_000)
    ));
}

#[test]
fn deep_documents_with_raw_html_fall_back_to_escaping() {
    // 200,000 nested quotes: too many tags to sanitise, the raw HTML is shown as text.
    let out = raw(&format!(
        "{} <b>x</b> <script>alert(1)</script>",
        ">".repeat(200_000)
    ));
    assert!(out.contains("&lt;b&gt;x&lt;/b&gt;"));
    assert!(out.contains("&lt;script&gt;"));
    assert_inert(&out);
    // Nesting in the raw HTML itself.
    let out = raw(&"<div>".repeat(100_000));
    assert!(out.starts_with("<p>&lt;div&gt;&lt;div&gt;"));
    let out = raw(&"<div title=\"</div>\"></div\0>".repeat(50_000));
    assert!(out.starts_with("<p>&lt;div"));
    // Just under the limit: sanitised.
    #[cfg(feature = "raw-html")]
    {
        let out = raw(&"<div>".repeat(MAX_SANITIZED_START_TAGS));
        assert_eq!(
            out,
            format!(
                "{}{}",
                "<div>".repeat(MAX_SANITIZED_START_TAGS),
                "</div>".repeat(MAX_SANITIZED_START_TAGS)
            )
        );
    }
}

#[test]
fn long_documents_read_in_pieces_render_as_one() {
    // References and footnotes defined at the end, used everywhere.
    let n = 12_000;
    let mut doc = String::new();
    for i in 0..n {
        doc.push_str(&format!(
            "Paragraph {i} with a [link][r] and a note[^n].\n\n"
        ));
    }
    doc.push_str("[r]: https://example.org/r \"T\"\n\n[^n]: The note.\n");
    assert!(doc.len() > 2 * chunks::PIECES_ABOVE);
    let out = html(&doc);
    assert_eq!(out.matches("<p>Paragraph ").count(), n);
    assert_eq!(
        out.matches(
            "<a href=\"https://example.org/r\" rel=\"noopener noreferrer\" title=\"T\">link</a>"
        )
        .count(),
        n
    );
    assert_eq!(
        out.matches("<a href=\"#fn-n\">1</a>").count(),
        n,
        "{}",
        &out[..2000]
    );
    assert_eq!(out.matches("id=\"fn-n\"").count(), 1);
    assert_eq!(out.matches("The note.").count(), 1);

    // One paragraph on one line, longer than many pieces: still one paragraph, every word
    // once, separated as written.
    let words: Vec<String> = (0..80_000).map(|i| format!("w{i}")).collect();
    let line = words.join(" ");
    let out = html(&line);
    assert_eq!(out, format!("<p>{line}</p>\n"));
    let lines = words.join("\n");
    assert_eq!(plain_text(&lines), line);
    let out = html(&format!("{}\n", "[a](b) ~~x~~ *e* ".repeat(40_000)));
    assert_eq!(out.matches("<p>").count(), 1);
    assert_eq!(out.matches("<a href=\"b\">a</a>").count(), 40_000);
    assert_eq!(out.matches("<del>x</del>").count(), 40_000);
}

#[test]
fn hostile_tables() {
    let mut markdown = String::from("| a | b |\n|---|---|\n");
    markdown.push_str(&"| x | <i>y</i> |\n".repeat(20_000));
    render_all_ways(&markdown);
    render_all_ways(&format!(
        "|{}\n|{}\n",
        " a |".repeat(10_000),
        "---|".repeat(10_000)
    ));
}

#[test]
fn a_lone_web_address_is_linked_as_the_parser_links_it() {
    let options = MarkdownOptions::default();
    for url in [
        "https://vast.ai/console/instances",
        "http://grafana.example.org:3000/d/abc?orgId=1;x=2#panel-3",
        "https://example.org/a_(b)/~c/%20d/@e/$f*g+h,i",
    ] {
        let parsed = render(&format!("<{url}>"), &options, &|_| None);
        let fast = web_link_html(url).unwrap();
        assert_eq!(format!("<p>{fast}</p>\n"), parsed, "{url}");
    }
    for url in [
        "javascript:alert(1)",
        "https://a.example/<b>",
        "ftp://a.example/",
        "https://a.example/&x",
    ] {
        assert_eq!(web_link_html(url), None, "{url}");
    }
}
