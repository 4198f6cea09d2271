//! Footnotes' element ids and numbers.

use super::writer::Writer;

impl Writer<'_, '_> {
    /// The element id and number of a footnote. Labels match case-insensitively with runs of
    /// whitespace collapsed, as the parser matches them; the id is made from the label (so it
    /// is stable and injective), the number counts labels in order of first appearance.
    pub(super) fn footnote(&mut self, label: &str) -> (String, usize) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let simple = label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let key = if simple {
            label.to_string()
        } else {
            label
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let mut id = String::with_capacity(key.len() + 9);
        id.push_str("fn-");
        if let Some(scope) = self.footnote_scope {
            // `s`, digits, `-`: where the scope ends is plain, so ids stay distinct.
            id.push_str(&format!("s{scope}-"));
        }
        if simple {
            id.push_str(&key);
        } else {
            for b in key.bytes() {
                if b.is_ascii_alphanumeric() || b == b'-' {
                    id.push(char::from(b));
                } else {
                    id.push('_');
                    id.push(char::from(HEX[usize::from(b >> 4)]));
                    id.push(char::from(HEX[usize::from(b & 15)]));
                }
            }
        }
        let next = self.footnotes.len() + 1;
        let number = *self.footnotes.entry(key).or_insert(next);
        (id, number)
    }
}
