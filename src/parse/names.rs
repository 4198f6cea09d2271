//! URL names that become folder names (slugs, aliases, services, tags): at most 255 bytes.

use crate::diagnostic::{Code, Diagnostic, Location};

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
