//! `file:` URIs, the protocol's names for documents, to paths and back.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The path a `file:` URI names, percent-decoded; None for another scheme (an unsaved buffer,
/// `untitled:`) or a URI that is not valid UTF-8 once decoded.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text
        .strip_prefix("file://")
        .or_else(|| text.strip_prefix("FILE://"))?;
    // `file://host/path`: only the local host is read.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if rest[..i].eq_ignore_ascii_case("localhost") => &rest[i..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    // `/C:/Users/…` on Windows.
    let windows = decoded.len() > 2
        && decoded.as_bytes()[2] == b':'
        && decoded.as_bytes()[1].is_ascii_alphabetic();
    Some(PathBuf::from(if windows && cfg!(windows) {
        &decoded[1..]
    } else {
        &decoded
    }))
}

/// The `file:` URI of an absolute `path`.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_and_accents_round_trip() {
        let path = Path::new("/tmp/archive 1/content/2025-01-15-été.md");
        let uri = uri_of(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/archive%201/content/2025-01-15-%C3%A9t%C3%A9.md"
        );
        assert_eq!(path_of(&uri).unwrap(), path);
    }

    #[test]
    fn other_schemes_name_no_file() {
        let uri: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of(&uri), None);
        let remote: Uri = "file://server/share/a.md".parse().unwrap();
        assert_eq!(path_of(&remote), None);
        let local: Uri = "file://localhost/tmp/a.md".parse().unwrap();
        assert_eq!(path_of(&local).unwrap(), Path::new("/tmp/a.md"));
    }
}
