//! Decodes a report's bytes into text: UTF-8 checked (a UTF-16 file recognised and named),
//! line endings and control characters made uniform.

/// Where a file stopped being valid UTF-8, and whether it looks like UTF-16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8 {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    /// The file looks like UTF-16 (then the place is its start: every character is wrong).
    pub utf16: Option<Utf16>,
}

/// The byte order of a UTF-16 file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    LittleEndian { bom: bool },
    BigEndian { bom: bool },
}

impl NotUtf8 {
    /// What is wrong, in words for the writer: "this file looks like UTF-16; save it as UTF-8",
    /// or the byte that cannot be read.
    pub fn message(&self) -> String {
        match self.utf16 {
            Some(_) => "this file looks like UTF-16; save it as UTF-8".to_string(),
            None => format!(
                "the report is not valid UTF-8 (byte {} cannot be read)",
                self.offset
            ),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> String {
        let (order, bom) = match self.utf16 {
            None => return "save the file as UTF-8 in your editor".to_string(),
            Some(Utf16::LittleEndian { bom }) => ("little-endian", bom),
            Some(Utf16::BigEndian { bom }) => ("big-endian", bom),
        };
        let bom = if bom { "with" } else { "without" };
        format!(
            "it is UTF-16 {order} ({bom} a byte order mark): in your editor, save it again with \
             the encoding UTF-8"
        )
    }
}

/// Decodes a report's bytes: UTF-8 required, a byte order mark dropped, CRLF and CR line
/// endings made LF, and every other control character but tab (NUL, ESC, DEL, C1...) replaced
/// by U+FFFD ([`crate::text::replace_unprintable`]): read once here, so that no page, feed, data
/// file or search entry can carry one. A UTF-16 file is refused as such, even when its bytes
/// happen to be valid UTF-8 (plain ASCII text in UTF-16 is, with a NUL every other byte).
pub fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    if let Some(utf16) = utf16(bytes) {
        return Err(NotUtf8 {
            offset: 0,
            line: 1,
            column: 1,
            utf16: Some(utf16),
        });
    }
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
                utf16: None,
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

/// Whether `bytes` look like UTF-16: a byte order mark (`FF FE`, `FE FF`), or, in the first
/// kilobyte, a NUL in the same half of at least every other pair of bytes and hardly ever in
/// the other half (Latin text in UTF-16: `#\0#\0 \0I\0`).
fn utf16(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(Utf16::LittleEndian { bom: true }),
        [0xFE, 0xFF, ..] => return Some(Utf16::BigEndian { bom: true }),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(1024)];
    memchr::memchr(0, sample)?;
    let (mut low_nul, mut high_nul, mut pairs) = (0usize, 0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        pairs += 1;
        match (pair[0], pair[1]) {
            (0, 0) => {}
            (_, 0) => high_nul += 1,
            (0, _) => low_nul += 1,
            _ => {}
        }
    }
    if high_nul * 2 >= pairs && high_nul > 4 * low_nul {
        Some(Utf16::LittleEndian { bom: false })
    } else if low_nul * 2 >= pairs && low_nul > 4 * high_nul {
        Some(Utf16::BigEndian { bom: false })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` in UTF-16, little- or big-endian, with or without a byte order mark.
    fn utf16_bytes(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        units
            .flat_map(|u| {
                if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    const REPORT: &str = "## Incident 2025-01-15 14:30\n\n**Sévérité :** Critique\n";

    #[test]
    fn utf16_is_recognised_by_its_mark_or_its_nuls() {
        for (little, bom, expected) in [
            (true, true, Utf16::LittleEndian { bom: true }),
            (false, true, Utf16::BigEndian { bom: true }),
            (true, false, Utf16::LittleEndian { bom: false }),
            (false, false, Utf16::BigEndian { bom: false }),
        ] {
            let bad = decode(&utf16_bytes(REPORT, little, bom)).unwrap_err();
            assert_eq!(bad.utf16, Some(expected));
            assert_eq!((bad.line, bad.column), (1, 1));
            assert_eq!(
                bad.message(),
                "this file looks like UTF-16; save it as UTF-8"
            );
        }
        let bad = decode(&utf16_bytes(REPORT, true, true)).unwrap_err();
        assert_eq!(
            bad.help(),
            "it is UTF-16 little-endian (with a byte order mark): in your editor, save it \
             again with the encoding UTF-8"
        );
        // Plain ASCII in UTF-16 without a mark is valid UTF-8: still refused as UTF-16.
        let ascii = utf16_bytes("## Incident 2025-01-15\n", true, false);
        assert!(std::str::from_utf8(&ascii).is_ok());
        assert!(decode(&ascii).unwrap_err().utf16.is_some());
    }

    #[test]
    fn utf8_with_a_few_nuls_or_a_bad_byte_is_not_utf16() {
        let text = decode(b"## Incident\0 2025-01-15\n\n**Type :** Downtime\n").unwrap();
        assert!(text.contains('\u{fffd}'), "{text:?}");
        let bad = decode(b"## Incident 2025\n**Dur\xffe :**").unwrap_err();
        assert_eq!(bad.utf16, None);
        assert_eq!((bad.line, bad.column, bad.offset), (2, 6, 22));
        assert_eq!(
            bad.message(),
            "the report is not valid UTF-8 (byte 22 cannot be read)"
        );
        assert_eq!(bad.help(), "save the file as UTF-8 in your editor");
        assert_eq!(decode(b"\xEF\xBB\xBFok").unwrap(), "ok");
    }
}
