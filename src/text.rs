//! Text folding for label matching and slugs (accents, case, spacing and apostrophes ignored),
//! and the control characters no output may carry.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a label or keyword for comparison: NFKD, accents dropped, lower-cased, typographic
/// apostrophes made straight, runs of whitespace collapsed to one space, trimmed.
pub fn fold(input: &str) -> String {
    if input.is_ascii() {
        return fold_ascii(input);
    }
    let mut folded = Folded {
        out: String::with_capacity(input.len()),
        pending_space: false,
    };
    // Character by character: the same as NFKD here, since the combining marks whose order
    // NFKD would fix are all dropped, and much faster than the buffering iterator.
    for c in input.chars() {
        if c.is_ascii_alphanumeric() && !folded.pending_space {
            // Most characters of French or English text: no table to look up.
            folded.out.push(c.to_ascii_lowercase());
        } else if c.is_ascii() {
            folded.push(c);
        } else if let Some(base) = latin_letter_base(c) {
            // é, È, ç…: French labels are full of them; no decomposition table to look up.
            folded.push(base);
        } else {
            unicode_normalization::char::decompose_compatible(c, |c| folded.push(c));
        }
    }
    folded.out
}

/// The small ASCII letter that a Latin-1 letter with a diacritic decomposes to, lower-cased
/// (`é` and `É` → `e`): what [`fold`] keeps of it once the combining marks are dropped and the
/// case folded. None for every other
/// character (`Æ`, `ß`, `×`… do not decompose that way).
pub(crate) fn latin_letter_base(c: char) -> Option<char> {
    // Latin-1's capitals are their small letters less 0x20 (× and ÷ sit at the same place).
    let small = match c {
        'À'..='Þ' if c != '×' => char::from_u32(u32::from(c) + 0x20)?,
        c => c,
    };
    Some(match small {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

/// The text folded so far by [`fold`].
struct Folded {
    out: String,
    /// Whitespace was seen since the last character pushed.
    pending_space: bool,
}

impl Folded {
    /// Adds one character of the compatibility decomposition.
    fn push(&mut self, c: char) {
        if is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            self.pending_space = !self.out.is_empty();
            return;
        }
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{b4}' => '\'',
            c => c,
        };
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else {
            self.out.extend(c.to_lowercase());
        }
    }
}

/// [`fold`] for ASCII text, which needs no decomposition.
fn fold_ascii(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for word in input.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| match c {
            '`' => '\'',
            c => c.to_ascii_lowercase(),
        }));
    }
    out
}

/// A title or name without Unicode bidirectional controls: a title is shown in lists, tabs and
/// feeds, where an override could make it read as something else ("Trojan Source").
pub fn without_bidi_controls(text: &str) -> String {
    // U+202A-U+202E and U+2066-U+2069 all start with the byte E2: most texts have none.
    if !text.as_bytes().contains(&0xE2) {
        return text.to_string();
    }
    text.chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// The URL name of a report (spec §1): NFKD, accents dropped, lower-cased, every run of
/// characters outside `a-z0-9` replaced by `-`, leading and trailing `-` cut.
pub fn slugify(input: &str) -> String {
    if input.is_ascii() {
        // ASCII is its own decomposition and has no combining marks.
        return slug_of(input.chars().map(|c| c.to_ascii_lowercase()));
    }
    slug_of(
        input
            .nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    )
}

/// The slug of lower-cased, decomposed characters.
fn slug_of(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in chars {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Number of characters in `s`, the unit of columns in diagnostics.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// 1-based character column of byte offset `byte` within `line`.
pub fn column_of(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

/// Whether `c` may not reach a page, a feed, a data file or the search as it is: the C0
/// controls but tab and newline (NUL and CR included), DEL, the C1 controls (U+0080–U+009F) and
/// U+FFFE/U+FFFF, which XML 1.0 does not allow. U+2028 and U+2029 (line and paragraph
/// separators) are text: HTML, XML and JSON allow them and JavaScript string literals too
/// since ES2019, so they are kept.
pub fn is_unprintable(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` with every [`is_unprintable`] character replaced by U+FFFD, the replacement
/// character: what CommonMark and HTML do with NUL, and visible where the author did not mean
/// a character (removing it would join the words around it without a trace). Borrowed when
/// there is none, which a byte scan tells.
pub fn replace_unprintable(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_unprintable(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if is_unprintable(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// Whether the UTF-8 `bytes` hold an [`is_unprintable`] character, told from the bytes alone
/// (every report goes through here: decoding each character would cost a tenth of `check`).
/// C0 and DEL are single bytes; C1 is `C2 80`-`C2 9F`; U+FFFE and U+FFFF are `EF BF BE/BF`.
fn has_unprintable(bytes: &[u8]) -> bool {
    // A branchless test of 64 bytes at a time (the compiler makes it vector code); only a block
    // with a suspect byte is looked at byte by byte.
    let suspect =
        |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') | (b == 0x7f) | (b == 0xc2) | (b == 0xef);
    const BLOCK: usize = 64;
    bytes.chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |any, &b| any | suspect(b))
            && (n * BLOCK..n * BLOCK + block.len()).any(|i| match bytes[i] {
                b'\t' | b'\n' => false,
                0..0x20 | 0x7f => true,
                0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
                0xef => {
                    bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf))
                }
                _ => false,
            })
    })
}

/// Text escaped for XML character data and attribute values, in SVG, HTML or a feed; the
/// characters XML 1.0 does not allow (control characters other than tab and line breaks,
/// U+FFFE, U+FFFF) are dropped.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // `&apos;` is not HTML 4; the numeric reference works everywhere.
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A count and an English word of the messages: `1 report`, `3 reports`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_bidirectional_overrides() {
        assert_eq!(
            without_bidi_controls("Panne \u{202e}lmth.exe\u{202c} résolue"),
            "Panne lmth.exe résolue"
        );
        assert_eq!(without_bidi_controls("\u{2067}x\u{2069}"), "x");
        assert_eq!(without_bidi_controls("عربى"), "عربى");
    }

    #[test]
    fn the_byte_scan_finds_what_the_character_test_finds() {
        // Every character up to U+FFFF (and a few beyond), alone and between letters.
        for c in (0..=0x10000u32)
            .chain([0x10ffff, 0x1fffe])
            .filter_map(char::from_u32)
        {
            for text in [c.to_string(), format!("a{c}b"), format!("é{c}")] {
                assert_eq!(
                    has_unprintable(text.as_bytes()),
                    text.chars().any(is_unprintable),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn unprintable_characters_are_replaced() {
        assert_eq!(
            replace_unprintable("a\u{1}b\0c\u{1b}d\u{7f}e\u{85}f\u{9f}g\rh\u{fffe}i\u{ffff}"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}g\u{fffd}h\u{fffd}i\u{fffd}"
        );
        let kept = "tab\tnew\nline é\u{a0}\u{2028}\u{2029}\u{a0}\u{fffd}\u{fdd0}€ 🦀";
        assert!(matches!(replace_unprintable(kept), std::borrow::Cow::Borrowed(t) if t == kept));
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let expected = matches!(c as u32, 0..=8 | 0xb..=0x1f | 0x7f..=0x9f | 0xfffe | 0xffff);
            assert_eq!(is_unprintable(c), expected, "{:x}", c as u32);
            assert_eq!(
                replace_unprintable(&c.to_string()) == "\u{fffd}",
                expected || c == '\u{fffd}'
            );
        }
    }

    #[test]
    fn latin_letters_fold_as_their_decomposition_does() {
        // Every character up to U+052F, alone and between letters, folds the same with the
        // shortcut as through the decomposition table.
        let reference = |text: &str| -> String {
            let mut folded = Folded {
                out: String::new(),
                pending_space: false,
            };
            for c in text.chars() {
                unicode_normalization::char::decompose_compatible(c, |c| folded.push(c));
            }
            folded.out
        };
        for c in ('\u{80}'..='\u{52f}').filter(|c| !c.is_ascii()) {
            for text in [format!("{c}"), format!("Ab{c}Cd"), format!("x {c} y")] {
                assert_eq!(
                    fold(&text),
                    reference(&text),
                    "{c:?} U+{:04X}",
                    u32::from(c)
                );
            }
        }
        assert_eq!(fold("Sévérité"), "severite");
        assert_eq!(fold("COÛT Résolution"), "cout resolution");
    }

    #[test]
    fn fold_ignores_accents_case_spacing_and_apostrophes() {
        assert_eq!(fold("  Sévérité  "), "severite");
        assert_eq!(fold("Temps d’indisponibilité"), "temps d'indisponibilite");
        assert_eq!(fold("ACTIONS   Immédiates"), "actions immediates");
        assert_eq!(fold("Coût\u{a0}Impact"), "cout impact");
        assert_eq!(fold("  Root   CAUSE "), "root cause");
        assert_eq!(fold("Temps d`indisponibilite"), "temps d'indisponibilite");
    }

    /// The definition: NFKD of the whole text, then marks dropped, case and spaces folded.
    fn fold_by_definition(input: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in input.nfkd().filter(|c| !is_combining_mark(*c)) {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            let c = match c {
                '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{b4}' => '\'',
                c => c,
            };
            out.extend(c.to_lowercase());
        }
        out
    }

    #[test]
    fn fold_character_by_character_is_the_definition() {
        for text in [
            "Sévérité",
            "e\u{301}te\u{301} Ǆ ﬁn",
            "ÅNGSTRÖM ½ ｆｕｌｌ",
            "한국어 텍스트",
            "İstanbul ΣΊΣΥΦΟΣ",
            "a\u{0323}\u{0301}b x\u{2003}\u{2003}y",
            " Œuvre\u{a0}ß ",
        ] {
            assert_eq!(fold(text), fold_by_definition(text), "{text}");
        }
    }

    #[test]
    fn escaping_keeps_markup_inert_and_drops_what_xml_forbids() {
        assert_eq!(
            xml_escape("<a href=\"x\">R&D's</a>]]>\u{1}\u{b}\t\u{ffff}\u{85}é"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;]]&gt;\t\u{e9}"
        );
    }

    #[test]
    fn slugs_follow_the_spec() {
        assert_eq!(slugify("Panne réseau"), "panne-reseau");
        assert_eq!(
            slugify("2025-01-15-instance-crash"),
            "2025-01-15-instance-crash"
        );
        assert_eq!(slugify("  --Hello,   World!--  "), "hello-world");
        assert_eq!(slugify("Ünïcödé_Crash 2"), "unicode-crash-2");
        assert_eq!(slugify("ﬁle"), "file");
        assert_eq!(slugify("日本"), "");
        assert_eq!(slugify("---"), "");
        // The ASCII shortcut gives what decomposing gives.
        for text in [
            "Hello, World! 42",
            "a--B__c",
            " -x- ",
            "ABC def\tGHI",
            "~!@#$%^&*()",
        ] {
            let decomposed = slug_of(
                text.nfkd()
                    .filter(|c| !is_combining_mark(*c))
                    .flat_map(char::to_lowercase),
            );
            assert_eq!(slugify(text), decomposed, "{text:?}");
        }
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("**Sévérité :** x", "**Sévérité :** ".len()), 16);
        assert_eq!(char_len("Sévérité"), 8);
    }
}
