//! Regular expressions (the subset that ECMA-262, Rust's `regex` and Python's `re` agree on)
//! that accept the spellings the readers accept: words compared after folding (any case,
//! accents optional) or after ASCII lower-casing.

use crate::text::{fold, latin_letter_base};

/// `text` with the characters that mean something in a pattern escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The whole value is one of `words`, each written as `one` makes it, with spaces around.
fn whole(words: impl IntoIterator<Item = String>) -> String {
    let mut words: Vec<String> = words.into_iter().collect();
    // Longest first, so that no word stops at a shorter one it starts with.
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    format!("^\\s*({})\\s*$", words.join("|"))
}

/// A pattern for the values that equal one of `names` once trimmed and ASCII lower-cased
/// (`FR`, ` fr `); other characters must be written as they are.
pub fn ascii_caseless<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    whole(names.into_iter().map(|name| {
        name.chars()
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                } else {
                    escaped(&c.to_string())
                }
            })
            .collect()
    }))
}

/// A pattern for the values that [`fold`] to the same text as one of `names`: any case, with
/// or without the accents of Latin-1, any run of spaces, straight or curly apostrophes.
/// Rarer spellings that fold the same (full-width letters, other scripts' accents) are left out.
pub fn folded<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    whole(names.into_iter().map(|name| folded_word(&fold(name))))
}

/// The pattern of the characters of `folded` (a folded text).
pub(super) fn folded_word(folded: &str) -> String {
    folded
        .chars()
        .map(|c| match c {
            ' ' => "\\s+".to_string(),
            '\'' => "['’‘ʼ`´]".to_string(),
            c if c.is_ascii_alphabetic() => letter_class(c),
            c => escaped(&c.to_string()),
        })
        .collect()
}

/// Every character that folds to the small ASCII letter `letter`: itself, its capital and the
/// Latin-1 letters with a diacritic over it.
fn letter_class(letter: char) -> String {
    let mut class = format!("[{letter}{}", letter.to_ascii_uppercase());
    for c in '\u{c0}'..='\u{ff}' {
        if latin_letter_base(c) == Some(letter) {
            class.push(c);
        }
    }
    class.push(']');
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_stands_for_its_capital_and_accented_forms() {
        assert_eq!(letter_class('c'), "[cCÇç]");
        assert_eq!(letter_class('b'), "[bB]");
        assert_eq!(folded_word("d'x y"), "[dD]['’‘ʼ`´][xX]\\s+[yYÝýÿ]");
    }

    #[test]
    fn longer_words_come_first() {
        assert_eq!(
            ascii_caseless(["fr", "fr-fr"]),
            "^\\s*([fF][rR]-[fF][rR]|[fF][rR])\\s*$"
        );
    }
}
