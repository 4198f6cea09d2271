//! Decodes a report's bytes into text: UTF-8 checked, line endings and control characters
//! made uniform.

/// Where a file stopped being valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8 {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

/// Decodes a report's bytes: UTF-8 required, a byte order mark dropped, CRLF and CR line
/// endings made LF, and every other control character but tab (NUL, ESC, DEL, C1...) replaced
/// by U+FFFD ([`crate::text::replace_unprintable`]): read once here, so that no page, feed, data
/// file or search entry can carry one.
pub fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let column = valid[line_start..].chars().count() + 1;
            return Err(NotUtf8 {
                offset,
                line,
                column,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    Ok(crate::text::replace_unprintable(&text).into_owned())
}
