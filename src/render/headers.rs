//! The security headers of the published site, in one table: `_headers`, the pages' `<meta>`,
//! netlify.toml (kept equal by a test) and `serve` all take them from here.

use crate::output::OutputFile;

/// The Content-Security-Policy that a `<meta>` can carry: every page's, and the start of the
/// header's. A macro, so that the header's can be made of it with `concat!`.
macro_rules! meta_policy {
    () => {
        "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    };
}

/// The policy in a page's `<meta http-equiv="Content-Security-Policy">` (written by
/// `native::page`, in the pages and in `base.html`). Browsers ignore `frame-ancestors` there
/// (and say so in the console), so the header alone carries it.
pub const META_CONTENT_SECURITY_POLICY: &str = meta_policy!();

/// The policy sent as a header: the `<meta>` one, and no framing by any site.
pub const CONTENT_SECURITY_POLICY: &str = concat!(meta_policy!(), "; frame-ancestors 'none'");

/// The headers every published file carries, and every response of `serve`.
///
/// `no-referrer`: a report's images and links may point at other sites (dashboards,
/// tickets); an archive's address, often an internal host, is not theirs to learn.
/// Permissions-Policy names only features browsers know: an unknown one (`interest-cohort`)
/// is an error in Chromium's console.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Rules of the published site beyond the security headers, by path pattern: caching and
/// cross-origin reads, which the preview does not send (it caches nothing, and its JSON is
/// for this machine only).
pub const PUBLISHED_RULES: [(&str, &[(&str, &str)]); 3] = [
    // Static files carry a fingerprint in their name (style.3f2a9c1e.css): cached for good.
    (
        "/static/*",
        &[("Cache-Control", "public, max-age=31536000, immutable")],
    ),
    // So do the home page's list data files (list/rows-3.5d0b81fe.js).
    (
        "/list/*",
        &[("Cache-Control", "public, max-age=31536000, immutable")],
    ),
    (
        "/*.json",
        &[
            ("Cache-Control", "public, max-age=300"),
            ("Access-Control-Allow-Origin", "*"),
        ],
    ),
];

/// Where the headers file goes: Netlify and Cloudflare Pages read it from the site's root and
/// do not publish it.
pub const HEADERS_FILE: &str = "_headers";

/// Every rule of the published site: the security headers for `/*`, then [`PUBLISHED_RULES`].
pub fn published_rules() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let mut rules = vec![("/*", SECURITY_HEADERS.to_vec())];
    rules.extend(PUBLISHED_RULES.iter().map(|(path, h)| (*path, h.to_vec())));
    rules
}

/// `_headers` in Netlify's format: a path pattern, then its headers indented, one per line.
pub fn headers_file() -> OutputFile {
    let mut text = String::from(
        "# Written by incidex on every build: the headers every file is served with\n\
         # (Netlify, Cloudflare Pages). The same as netlify.toml's.\n",
    );
    for (path, headers) in published_rules() {
        text.push_str(path);
        text.push('\n');
        for (name, value) in headers {
            text.push_str(&format!("  {name}: {value}\n"));
        }
    }
    OutputFile {
        path: HEADERS_FILE.to_string(),
        bytes: text.into_bytes().into(),
    }
}

/// netlify.toml's `[[headers]]` tables for every rule, as `incidex init` writes them.
pub fn netlify_tables() -> String {
    let mut text = String::new();
    for (path, headers) in published_rules() {
        text.push_str(&format!(
            "[[headers]]\n  for = \"{path}\"\n  [headers.values]\n"
        ));
        for (name, value) in headers {
            text.push_str(&format!("    {name} = \"{value}\"\n"));
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_policy_is_the_meta_policy_and_frame_ancestors() {
        assert_eq!(
            CONTENT_SECURITY_POLICY,
            format!("{META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'")
        );
        assert!(!META_CONTENT_SECURITY_POLICY.contains("frame-ancestors"));
        assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
    }

    #[test]
    fn the_default_theme_carries_the_meta_policy() {
        let meta = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{META_CONTENT_SECURITY_POLICY}\">"
        );
        for template in ["base.html", "redirect.html"] {
            let path = format!(
                "{}/themes/default/templates/{template}",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(&meta), "{template} has another policy");
        }
    }

    #[test]
    fn the_headers_file_lists_every_file_then_the_caching_rules() {
        let file = headers_file();
        let text = String::from_utf8(file.bytes.to_vec()).unwrap();
        assert_eq!(file.path, "_headers");
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines[0], "/*");
        assert_eq!(
            lines[1],
            "  Content-Security-Policy: default-src 'self'; img-src 'self' data: https:; \
             style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'"
        );
        assert_eq!(lines[2], "  X-Content-Type-Options: nosniff");
        assert_eq!(lines[3], "  X-Frame-Options: DENY");
        assert_eq!(lines[4], "  Referrer-Policy: no-referrer");
        assert_eq!(lines[6], "/static/*");
        assert_eq!(lines[8], "/list/*");
        assert_eq!(
            lines[9],
            "  Cache-Control: public, max-age=31536000, immutable"
        );
        assert_eq!(lines[10], "/*.json");
        assert_eq!(lines.len(), 13);
    }
}
