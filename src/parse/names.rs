//! URL names that become folder names (slugs, aliases, services, tags): read from the report,
//! at most 255 bytes.

use super::{Parser, Raw};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::incident::{Span, Spanned};
use crate::text::slugify;

/// The longest file or folder name common file systems accept (ext4, APFS, NTFS: 255).
pub const MAX_NAME_BYTES: usize = 255;

/// How much of a long value a message quotes.
const QUOTED_CHARS: usize = 40;

/// E034 when the URL name `slug`, made from the `what` (`slug`, `alias`, `service`, `tag`)
/// written `written`, is longer than [`MAX_NAME_BYTES`]: `build` could not write its folder.
pub(super) fn too_long(
    what: &str,
    written: &str,
    slug: &str,
    location: Location,
) -> Option<Diagnostic> {
    if slug.len() <= MAX_NAME_BYTES {
        return None;
    }
    let folder = match what {
        "service" | "tag" => format!("{what}/"),
        _ => "incidents/".to_string(),
    };
    Some(
        Diagnostic::new(
            Code::NameTooLong,
            location,
            format!(
                "the {what} `{}` makes a folder name of {} bytes (`{folder}{}/`); the limit is {MAX_NAME_BYTES}",
                quoted(written.trim()),
                slug.len(),
                quoted(slug)
            ),
        )
        .with_label(format!("{} bytes once made a URL name", slug.len()))
        .with_help(format!(
            "shorten the {what}: its URL name (letters, digits and dashes) must fit in {MAX_NAME_BYTES} bytes, the longest file name file systems accept"
        )),
    )
}

impl Parser<'_> {
    /// The report's URL name: from `slug:` when given, else from the file name.
    pub(super) fn slug(&mut self, given: Option<&Raw>, stem: &str) -> Option<Spanned<String>> {
        let (source, span) = match given {
            Some(raw) => (raw.text.as_str(), raw.span),
            None => (stem, Span::default()),
        };
        let slug = slugify(source);
        if slug.is_empty() {
            let location = if given.is_some() {
                self.at(span)
            } else {
                Location::file(self.display)
            };
            self.push(
                Diagnostic::new(
                    Code::EmptySlug,
                    location,
                    format!("the URL name made from `{source}` is empty"),
                )
                .with_help("use letters or digits in the file name, or give `slug:` in front matter, e.g. `slug: panne-reseau`"),
            );
            return None;
        }
        let location = match given {
            Some(_) => self.at(span),
            None => Location::file(self.display),
        };
        if let Some(d) = too_long("slug", source, &slug, location) {
            self.push(d);
        }
        Some(Spanned::new(slug, span))
    }

    /// The `aliases:` of the front matter as URL names; one without letters or digits is refused.
    pub(super) fn aliases(&mut self, given: &[Raw]) -> Vec<Spanned<String>> {
        given
            .iter()
            .filter_map(|raw| {
                let s = slugify(&raw.text);
                if s.is_empty() {
                    self.push(Diagnostic::new(
                        Code::InvalidValue,
                        self.at(raw.span),
                        format!("alias `{}` has no letters or digits", raw.text),
                    ));
                    None
                } else {
                    if let Some(d) = too_long("alias", &raw.text, &s, self.at(raw.span)) {
                        self.push(d);
                    }
                    Some(Spanned::new(s, raw.span))
                }
            })
            .collect()
    }

    /// Services, tags or factors (`what`): the front matter's list, then the body's
    /// comma-separated line, each kept once; one without letters or digits is refused. A
    /// service or tag makes a folder (its listing), so its URL name must fit one; a factor
    /// makes none.
    pub(super) fn list_items(
        &mut self,
        fm: &[Raw],
        body: Option<&Raw>,
        what: &str,
    ) -> Vec<Spanned<String>> {
        let mut items: Vec<Spanned<String>> = Vec::new();
        let from_body: Vec<Raw> = body
            .map(|raw| {
                raw.text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Raw {
                        text: s.to_string(),
                        span: raw.span,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut seen: std::collections::HashSet<String, ahash::RandomState> =
            std::collections::HashSet::default();
        for raw in fm.iter().chain(&from_body) {
            let text = raw.text.trim();
            let slug = slugify(text);
            let folder = matches!(what, "service" | "tag");
            if let Some(d) = too_long(what, text, &slug, self.at(raw.span)).filter(|_| folder) {
                self.push(d);
            }
            if text.is_empty() || slug.is_empty() {
                self.push(Diagnostic::new(
                    Code::InvalidValue,
                    self.at(raw.span),
                    format!("{what} `{text}` has no letters or digits"),
                ));
                continue;
            }
            if seen.insert(text.to_string()) {
                items.push(Spanned::new(text.to_string(), raw.span));
            }
        }
        items
    }
}

impl Parser<'_> {
    /// The incidents a report names as related: the front matter's list, then the body's
    /// comma-separated line, each as written (a slug or a report's file name, resolved by
    /// `check` once every report is known) with its own place, each kept once.
    pub(super) fn related(&mut self, fm: &[Raw], body: Option<&Raw>) -> Vec<Spanned<String>> {
        let mut from_body: Vec<Raw> = Vec::new();
        if let Some(raw) = body {
            let mut offset = 0;
            for part in raw.text.split(',') {
                let value = part.trim();
                let before = part.len() - part.trim_start().len();
                let column = raw.span.column + crate::text::char_len(&raw.text[..offset + before]);
                offset += part.len() + 1;
                if !value.is_empty() {
                    from_body.push(Raw {
                        text: value.to_string(),
                        span: Span::new(raw.span.line, column, crate::text::char_len(value)),
                    });
                }
            }
        }
        let mut items: Vec<Spanned<String>> = Vec::new();
        for raw in fm.iter().chain(&from_body) {
            let text = raw.text.trim();
            if !text.is_empty() && !items.iter().any(|i| i.value == text) {
                items.push(Spanned::new(text.to_string(), raw.span));
            }
        }
        items
    }
}

/// The first [`QUOTED_CHARS`] characters of `text`, with `…` when there is more.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_of_255_bytes_fits_and_256_does_not() {
        let at = || Location::file("a.md");
        assert!(too_long("tag", "x", &"a".repeat(255), at()).is_none());
        let d = too_long("tag", "x", &"a".repeat(256), at()).expect("too long");
        assert_eq!(d.code, Code::NameTooLong);
    }

    #[test]
    fn long_values_are_quoted_in_part() {
        assert_eq!(quoted(&"é".repeat(41)), format!("{}…", "é".repeat(40)));
        assert_eq!(quoted("short"), "short");
    }
}
