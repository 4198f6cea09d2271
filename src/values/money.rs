//! Amounts of money (spec §6): exact decimals with a currency, never floats.

use rust_decimal::Decimal;

use super::{ValueError, quote};
use crate::text::fold;

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money {
    pub amount: Decimal,
    /// ISO 4217 code, upper case (`USD`, `EUR`).
    pub currency: String,
    /// Written with `~` or `≈`.
    pub approximate: bool,
    /// A trailing parenthesis, kept for display.
    pub note: Option<String>,
}

/// Parses an amount; `default_currency` (the site's `currency:`) applies to a bare number.
/// `Ok(None)` is "no value": `N/A`, `-`, `aucun`, `si applicable`, `[Si applicable]`, ...
pub fn parse_money(text: &str, default_currency: &str) -> Result<Option<Money>, ValueError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ValueError::new("no amount").with_help(FORM_HELP));
    }
    if is_no_value(trimmed) {
        return Ok(None);
    }
    let (head, note) = super::split_note(trimmed);
    if is_no_value(head) {
        return Ok(None);
    }
    let note = note.map(str::to_string);

    let mut rest = head;
    let mut approximate = false;
    if let Some(stripped) = rest.strip_prefix(['~', '≈']) {
        approximate = true;
        rest = trim_start(stripped);
        if rest.is_empty() {
            return Err(ValueError::new("no amount after the `~`")
                .with_help("write an approximate amount like `~$0.10`"));
        }
    }
    if starts_negative(rest) {
        return Err(negative());
    }

    let prefix = take_currency(rest, head)?;
    if let Some(currency) = &prefix {
        rest = trim_start(&rest[currency.len..]);
        if starts_negative(rest) {
            return Err(negative());
        }
    }

    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(not_an_amount(rest, head));
    }
    let amount_len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || is_separator(c)))
        .map_or(rest.len(), |(i, _)| i);
    let amount_text = rest[..amount_len].trim_end_matches(is_space);
    let before_amount = &head[..head.len() - rest.len()];
    rest = trim_start(&rest[amount_len..]);
    if let Some(error) = multiplied(head, [before_amount, amount_text, rest], note.as_deref()) {
        return Err(error);
    }
    let amount = parse_amount(amount_text, head)?;

    if is_range(rest) {
        return Err(
            ValueError::new(format!("{} is a range, not an amount", quote(head)))
                .with_help("give one amount; put the range in a note: `$7 (5 to 10)`"),
        );
    }

    let suffix = if rest.is_empty() {
        None
    } else {
        match take_currency(rest, head)? {
            Some(currency) => {
                rest = trim_start(&rest[currency.len..]);
                Some(currency)
            }
            None => return Err(unexpected_after_amount(rest, head)),
        }
    };
    if !rest.is_empty() {
        if is_range(rest) || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(
                ValueError::new(format!("{} holds more than one amount", quote(head)))
                    .with_help("give one amount; put the rest in a note: `$7 (5 to 10)`"),
            );
        }
        return Err(unexpected_after_amount(rest, head));
    }

    let currency = match (prefix, suffix) {
        (Some(a), Some(b)) if a.code != b.code => {
            return Err(ValueError::new(format!(
                "two currencies in {}: {} and {}",
                quote(head),
                a.code,
                b.code
            ))
            .with_help(
                "give the amount in one currency; put a conversion in a note, e.g. `$5 (≈ 4.60 €)`",
            ));
        }
        (Some(a), _) => a.code,
        (None, Some(b)) => b.code,
        (None, None) => default_currency.trim().to_ascii_uppercase(),
    };
    Ok(Some(Money {
        amount,
        currency,
        approximate,
        note,
    }))
}

const FORM_HELP: &str =
    "write an amount like `$12.50`, `12,50 €` or `12.50 EUR`, or `N/A` if there is none";
const CURRENCY_HELP: &str =
    "write the currency as a symbol (`$`, `€`, `£`) or a three-letter ISO code (`USD`, `EUR`)";

/// "No value" spellings, folded (lower case, no accents).
const NO_VALUE: &[&str] = &[
    "n/a",
    "na",
    "-",
    "—",
    "–",
    "none",
    "aucun",
    "aucune",
    "neant",
    "non applicable",
    "not applicable",
    "si applicable",
    "[si applicable]",
    "if applicable",
    "[if applicable]",
];

/// Currency symbols, longest first so that `US$` wins over `$`.
const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₪", "ILS"),
];

/// Currency names written out, with the code to write instead.
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("livre", "GBP"),
    ("livres", "GBP"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("franc", "CHF"),
    ("francs", "CHF"),
    ("yen", "JPY"),
    ("yens", "JPY"),
];

/// Words that mean "about": they are written `~` here.
const ABOUT_WORDS: &[&str] = &[
    "environ",
    "env",
    "approx",
    "approximately",
    "about",
    "around",
    "circa",
    "ca",
];

/// Whether `text` is one of the "no value" spellings (`N/A`, `-`, `aucun`, `[Si applicable]`,
/// ...), compared case- and accent-insensitively after trimming.
pub fn is_no_value(text: &str) -> bool {
    // No spelling holds a digit, and folding keeps digits: most values are decided here.
    !text.bytes().any(|b| b.is_ascii_digit()) && NO_VALUE.contains(&fold(text).as_str())
}

/// Spaces that may group digits or sit between a currency and its amount.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t')
}

/// Characters that may separate the digits of an amount.
fn is_separator(c: char) -> bool {
    is_space(c) || matches!(c, ',' | '.' | '\'' | '\u{2019}')
}

fn trim_start(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_whitespace())
}

fn starts_negative(text: &str) -> bool {
    text.starts_with(['-', '\u{2212}'])
}

fn negative() -> ValueError {
    ValueError::new("an amount cannot be negative")
        .with_help("write the amount without its sign; if money was saved, say so in a note")
}

/// A currency as written at the start of some text.
struct Currency {
    code: String,
    /// Length of the written currency in bytes.
    len: usize,
}

/// Reads a currency symbol or ISO code at the start of `text`. `Ok(None)` when `text` does not
/// start with one (a digit, a word that is no currency, punctuation); an error for a currency
/// written out (`euros`) or an unknown currency symbol.
fn take_currency(text: &str, whole: &str) -> Result<Option<Currency>, ValueError> {
    for &(symbol, code) in SYMBOLS {
        let bytes = text.as_bytes();
        if bytes.len() >= symbol.len()
            && bytes[..symbol.len()].eq_ignore_ascii_case(symbol.as_bytes())
        {
            return Ok(Some(Currency {
                code: code.to_string(),
                len: symbol.len(),
            }));
        }
    }
    let Some(first) = text.chars().next() else {
        return Ok(None);
    };
    if first.is_alphabetic() {
        let len = text
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(text.len(), |(i, _)| i);
        let word = &text[..len];
        let folded = fold(word);
        if let Some(&(_, code)) = CURRENCY_WORDS.iter().find(|(name, _)| *name == folded) {
            return Err(ValueError::new(format!(
                "the currency is written as a word (`{word}`) in {}",
                quote(whole)
            ))
            .with_help(format!(
                "write `{code}` instead of `{word}`, e.g. `5 {code}`"
            )));
        }
        if word.len() == 3 && word.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Ok(Some(Currency {
                code: word.to_ascii_uppercase(),
                len,
            }));
        }
        return Ok(None);
    }
    if is_currency_symbol(first) {
        return Err(ValueError::new(format!(
            "unknown currency symbol `{first}` in {}",
            quote(whole)
        ))
        .with_help("write the currency's three-letter ISO code instead, e.g. `5 EUR`"));
    }
    Ok(None)
}

/// Characters that look like a currency sign we do not know.
fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '\u{20a0}'..='\u{20cf}' | '¢' | '¤' | '฿' | '﷼' | '৳' | '֏'
    )
}

/// The error when no digits follow where the amount should start.
fn not_an_amount(rest: &str, whole: &str) -> ValueError {
    let first_word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    let tail = trim_start(&rest[first_word.len()..]);
    if !first_word.is_empty()
        && ABOUT_WORDS.contains(&fold(&first_word).as_str())
        && tail.bytes().any(|b| b.is_ascii_digit())
    {
        return ValueError::new(format!("`{first_word}` is not part of an amount"))
            .with_help(format!("write `~{tail}` for an approximate amount"));
    }
    if !whole.bytes().any(|b| b.is_ascii_digit()) {
        let error = ValueError::new(format!("{} is not an amount", quote(whole)));
        return match crate::diagnostic::closest(whole, NO_VALUE.iter().copied()) {
            Some(suggestion) => error.with_help(format!("did you mean `{suggestion}`?")),
            None => error.with_help(FORM_HELP),
        };
    }
    match rest.chars().next() {
        Some(c) if c.is_alphabetic() => ValueError::new(format!(
            "unknown currency `{first_word}` in {}",
            quote(whole)
        ))
        .with_help(CURRENCY_HELP),
        Some(c) => {
            let message = if c == '.' || c == ',' {
                format!("{} should start with a digit", quote(whole))
            } else {
                format!("unexpected `{c}` in {}", quote(whole))
            };
            ValueError::new(message).with_help(FORM_HELP)
        }
        None => ValueError::new(format!("no amount in {}", quote(whole))).with_help(FORM_HELP),
    }
}

fn unexpected_after_amount(rest: &str, whole: &str) -> ValueError {
    let first = rest.chars().next().unwrap_or(' ');
    if first.is_alphabetic() {
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        return ValueError::new(format!("unknown currency `{word}` in {}", quote(whole)))
            .with_help(CURRENCY_HELP);
    }
    ValueError::new(format!(
        "unexpected {} after the amount in {}",
        quote(rest),
        quote(whole)
    ))
    .with_help("give one amount with its currency; put anything else in a note, e.g. `~$0.10 (25 min × $0.24/h)`")
}

/// The error for an amount followed by `k` (thousands) or `M` (millions, also `m`), `12.5k€` or
/// `$3k`: not accepted, with the amount written in full as help (`12 500 €`) when the rest is
/// only a currency. `head`: the value without its note; its three parts: what comes before
/// the digits (`~`, a currency), the digits, and what follows them. `None` when no `k` or `M`
/// follows the digits.
fn multiplied(
    head: &str,
    [before, amount_text, rest]: [&str; 3],
    note: Option<&str>,
) -> Option<ValueError> {
    let word: &str = &rest[..rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i)];
    let (letter, currency_code) = word.split_at(word.chars().next()?.len_utf8());
    let (factor, name) = match letter {
        "k" | "K" => (1_000u32, "thousands"),
        "M" | "m" => (1_000_000u32, "millions"),
        _ => return None,
    };
    // `kEUR`: the letter stuck to a currency code.
    // Only an upper-case code: `5 mois` or `5 kilos` are not amounts in thousands.
    let stuck_code =
        currency_code.len() == 3 && currency_code.bytes().all(|b| b.is_ascii_uppercase());
    if !currency_code.is_empty() && !stuck_code {
        return None;
    }
    let error = ValueError::new(format!(
        "`{letter}` ({name}) is not accepted in an amount: {}",
        quote(head)
    ));
    let after = if currency_code.is_empty() {
        trim_start(&rest[letter.len()..])
    } else {
        &rest[letter.len()..]
    };
    let in_full = written_in_full(amount_text, factor);
    let suffix_ok = after.is_empty()
        || take_currency(after, head)
            .ok()
            .flatten()
            .is_some_and(|c| trim_start(&after[c.len..]).is_empty());
    let (Some(in_full), true) = (in_full, suffix_ok) else {
        return Some(error.with_help("write the amount in full, e.g. `12 500 €`"));
    };
    let mut fixed = format!("{before}{in_full}");
    if !after.is_empty() {
        fixed = format!("{fixed} {after}");
    }
    if let Some(note) = note {
        fixed = format!("{fixed} ({note})");
    }
    Some(error.with_help(format!("write the amount in full: `{fixed}`")))
}

/// `12.5` × 1000 as `12 500`: digits grouped by three with spaces, the writer's decimal mark
/// kept. A single `.` or `,` is the decimal mark here (`1.2M` is 1.2 million). `None` when
/// the digits are not one number or the result is too large.
fn written_in_full(amount_text: &str, factor: u32) -> Option<String> {
    let marks: Vec<char> = amount_text
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect();
    let (value, mark) = match marks.as_slice() {
        [] => (parse_amount(amount_text, amount_text).ok()?, ','),
        [mark @ ('.' | ',')] => {
            let (int, frac) = amount_text.split_once(*mark)?;
            (format!("{int}.{frac}").parse::<Decimal>().ok()?, *mark)
        }
        _ => return None,
    };
    let value = value.checked_mul(Decimal::from(factor))?.normalize();
    let plain = value.to_string();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::new();
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    if !frac.is_empty() {
        grouped.push(mark);
        grouped.push_str(frac);
    }
    Some(grouped)
}

/// `5-10`, `5 – 10`, `5 to 10`, `5 à 10`, `$5-$10`: what follows the first amount.
fn is_range(rest: &str) -> bool {
    let after = if let Some(r) = rest.strip_prefix(['-', '–', '—', '\u{2212}']) {
        r
    } else {
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        if !matches!(fold(&word).as_str(), "to" | "a" | "au") {
            return false;
        }
        let r = &rest[word.len()..];
        if !r.starts_with(char::is_whitespace) {
            return false;
        }
        r
    };
    after
        .chars()
        .find(|c| !c.is_whitespace() && !matches!(c, '$' | '€' | '£' | '¥' | '~'))
        .is_some_and(|c| c.is_ascii_digit())
}

/// Digits with optional thousands separators and decimal part, as an exact decimal.
fn parse_amount(text: &str, whole: &str) -> Result<Decimal, ValueError> {
    let malformed = |why: &str| {
        ValueError::new(format!("malformed amount {}: {why}", quote(text)))
            .with_help("group digits by three and write at most one decimal mark, e.g. `1,234.56` or `1 234,56`")
    };
    // Split into digit groups and the single separators between them.
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    let mut last_was_sep = false;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            last_was_sep = false;
            continue;
        }
        if last_was_sep {
            return Err(malformed("two separators in a row"));
        }
        groups.push(&text[start..i]);
        seps.push(match c {
            c if is_space(c) => ' ',
            '\u{2019}' => '\'',
            c => c,
        });
        start = i + c.len_utf8();
        last_was_sep = true;
    }
    if last_was_sep {
        return Err(malformed("it ends with a separator"));
    }
    groups.push(&text[start..]);

    let n = groups.len();
    let (int_groups, int_seps, frac, decimal_mark) = if n == 1 {
        (&groups[..], &seps[..], "", None)
    } else {
        let last_sep = seps[n - 2];
        let last = groups[n - 1];
        let leading_zero_only = n == 2 && groups[0].bytes().all(|b| b == b'0');
        let is_decimal = matches!(last_sep, '.' | ',') && (last.len() != 3 || leading_zero_only);
        if is_decimal {
            (&groups[..n - 1], &seps[..n - 2], last, Some(last_sep))
        } else {
            (&groups[..], &seps[..], "", None)
        }
    };
    if let Some(&sep) = int_seps.first() {
        if int_seps.iter().any(|&s| s != sep) {
            return Err(malformed("it mixes thousands separators"));
        }
        if Some(sep) == decimal_mark {
            return Err(malformed(&format!(
                "`{sep}` is used both between thousands and before the decimals"
            )));
        }
        let first = int_groups[0];
        if first.is_empty() || first.len() > 3 || first.starts_with('0') {
            return Err(malformed("digits must be grouped by three"));
        }
        if int_groups[1..].iter().any(|g| g.len() != 3) {
            return Err(malformed("digits must be grouped by three"));
        }
    }

    // `1,5` means 1.50: a single decimal digit is given a second one.
    let scale = match frac.len() {
        1 => 2,
        len => len,
    };
    let too_large = || {
        ValueError::new(format!(
            "the amount {} is too large or too precise",
            quote(whole)
        ))
        .with_help("check the number; amounts have at most 28 digits")
    };
    if scale > 28 {
        return Err(too_large());
    }
    let digits = int_groups
        .iter()
        .copied()
        .chain(std::iter::once(frac))
        .flat_map(str::bytes)
        .chain(if frac.len() == 1 { Some(b'0') } else { None });
    let mut mantissa: i128 = 0;
    for b in digits {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(b - b'0')))
            .ok_or_else(too_large)?;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale as u32).map_err(|_| too_large())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Amount as written (with its scale), currency, approximate, note.
    fn ok(text: &str) -> (String, String, bool, Option<String>) {
        match parse_money(text, "USD") {
            Ok(Some(m)) => (m.amount.to_string(), m.currency, m.approximate, m.note),
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    fn amount(text: &str) -> (String, String) {
        let (a, c, _, _) = ok(text);
        (a, c)
    }

    fn pair(a: &str, c: &str) -> (String, String) {
        (a.to_string(), c.to_string())
    }

    fn err(text: &str) -> ValueError {
        match parse_money(text, "USD") {
            Err(e) => e,
            Ok(m) => panic!("{text:?} accepted as {m:?}"),
        }
    }

    fn help(e: &ValueError) -> &str {
        e.help.as_deref().unwrap_or("")
    }

    #[test]
    fn no_value_words() {
        for text in [
            "N/A",
            "n/a",
            "na",
            "NA",
            "-",
            "—",
            "–",
            "none",
            "None",
            "aucun",
            "Aucune",
            "néant",
            "neant",
            "NÉANT",
            "non applicable",
            "Non  applicable",
            "not applicable",
            "si applicable",
            "Si applicable",
            "[Si applicable]",
            "[si applicable]",
            "if applicable",
            "  N/A  ",
            "N/A (gratuit)",
        ] {
            assert_eq!(parse_money(text, "EUR"), Ok(None), "{text}");
            assert!(is_no_value(text.split(" (").next().unwrap()), "{text}");
        }
        assert!(!is_no_value("0"));
        assert!(!is_no_value(""));
    }

    #[test]
    fn spec_examples() {
        assert_eq!(amount("$1,234.56"), pair("1234.56", "USD"));
        assert_eq!(amount("1 234,56 €"), pair("1234.56", "EUR"));
        assert_eq!(amount("1.234,56 €"), pair("1234.56", "EUR"));
        assert_eq!(amount("0,10 €"), pair("0.10", "EUR"));
        assert_eq!(amount("1,5 €"), pair("1.50", "EUR"));
        assert_eq!(
            ok("~$0.10 (25 min × $0.24/h)"),
            (
                "0.10".to_string(),
                "USD".to_string(),
                true,
                Some("25 min × $0.24/h".to_string())
            )
        );
        assert_eq!(
            ok("0$ (redémarrage gratuit)"),
            (
                "0".to_string(),
                "USD".to_string(),
                false,
                Some("redémarrage gratuit".to_string())
            )
        );
    }

    #[test]
    fn amounts() {
        assert_eq!(amount("1,234"), pair("1234", "USD"));
        assert_eq!(amount("1.234.567"), pair("1234567", "USD"));
        assert_eq!(amount("1,234,567.89"), pair("1234567.89", "USD"));
        assert_eq!(amount("12.5"), pair("12.50", "USD"));
        assert_eq!(amount("12"), pair("12", "USD"));
        assert_eq!(amount("0"), pair("0", "USD"));
        assert_eq!(amount("12.50"), pair("12.50", "USD"));
        assert_eq!(amount("1'234.50 CHF"), pair("1234.50", "CHF"));
        assert_eq!(amount("1\u{2019}234.50 CHF"), pair("1234.50", "CHF"));
        assert_eq!(amount("1\u{a0}234,56\u{a0}€"), pair("1234.56", "EUR"));
        assert_eq!(amount("1\u{202f}234,56\u{202f}€"), pair("1234.56", "EUR"));
        assert_eq!(amount("12 345 678"), pair("12345678", "USD"));
        assert_eq!(amount("0.125"), pair("0.125", "USD"));
        assert_eq!(amount("$0.0035"), pair("0.0035", "USD"));
        assert_eq!(amount("007"), pair("7", "USD"));
    }

    #[test]
    fn currencies() {
        assert_eq!(amount("€5"), pair("5", "EUR"));
        assert_eq!(amount("5€"), pair("5", "EUR"));
        assert_eq!(amount("5 EUR"), pair("5", "EUR"));
        assert_eq!(amount("EUR 5"), pair("5", "EUR"));
        assert_eq!(amount("EUR5"), pair("5", "EUR"));
        assert_eq!(amount("5 eur"), pair("5", "EUR"));
        assert_eq!(amount("CHF 12.50"), pair("12.50", "CHF"));
        assert_eq!(amount("$ 5"), pair("5", "USD"));
        assert_eq!(amount("US$5"), pair("5", "USD"));
        assert_eq!(amount("£3.20"), pair("3.20", "GBP"));
        assert_eq!(amount("¥500"), pair("500", "JPY"));
        assert_eq!(amount("5 jpy"), pair("5", "JPY"));
        assert_eq!(amount("$5 USD"), pair("5", "USD"));
        assert_eq!(amount("CA$5"), pair("5", "CAD"));
        assert_eq!(
            parse_money("12,50", "eur").unwrap().unwrap().currency,
            "EUR"
        );
        assert_eq!(
            parse_money("12,50", "EUR")
                .unwrap()
                .unwrap()
                .amount
                .to_string(),
            "12.50"
        );
        let m = parse_money("≈ 5 €", "USD").unwrap().unwrap();
        assert!(m.approximate);
        assert_eq!(m.currency, "EUR");
        let m = parse_money("~ 5", "GBP").unwrap().unwrap();
        assert!(m.approximate);
        assert_eq!(m.currency, "GBP");
    }

    #[test]
    fn errors() {
        let e = err("");
        assert_eq!(e.message, "no amount");
        let e = err("$5 €");
        assert!(e.message.contains("two currencies"), "{e:?}");
        assert!(
            e.message.contains("USD") && e.message.contains("EUR"),
            "{e:?}"
        );
        let e = err("-5");
        assert!(e.message.contains("negative"), "{e:?}");
        let e = err("-$5");
        assert!(e.message.contains("negative"), "{e:?}");
        let e = err("$-5");
        assert!(e.message.contains("negative"), "{e:?}");
        let e = err("~\u{2212}5 €");
        assert!(e.message.contains("negative"), "{e:?}");
        let e = err("about five dollars");
        assert_eq!(e.message, "`about five dollars` is not an amount");
        let e = err("ten");
        assert!(e.message.contains("not an amount"), "{e:?}");
        let e = err("$5-10");
        assert!(e.message.contains("range"), "{e:?}");
        assert_eq!(
            help(&e),
            "give one amount; put the range in a note: `$7 (5 to 10)`"
        );
        for range in ["5 - 10 €", "5 à 10 €", "$5 to $10", "5–10 EUR", "$5-$10"] {
            let e = err(range);
            assert!(e.message.contains("range"), "{range}: {e:?}");
        }
        let e = err("1,23,4");
        assert!(e.message.contains("malformed"), "{e:?}");
        assert!(help(&e).contains("group digits by three"), "{e:?}");
        for bad in [
            "1,2345,678",
            "12,34.56,7",
            "1.234,567.89",
            "1,,234",
            "5.",
            "1 23",
            "01,234",
        ] {
            let e = err(bad);
            assert!(e.message.contains("malformed"), "{bad}: {e:?}");
        }
        let e = err("₿5");
        assert!(e.message.contains("unknown currency symbol `₿`"), "{e:?}");
        let e = err("5 ₿");
        assert!(e.message.contains("unknown currency symbol"), "{e:?}");
        let e = err("5 euros");
        assert!(help(&e).contains("`EUR`"), "{e:?}");
        let e = err("5 dollars");
        assert!(help(&e).contains("`USD`"), "{e:?}");
        let e = err("5 k");
        assert!(
            e.message.contains("`k` (thousands) is not accepted"),
            "{e:?}"
        );
        let e = err("5 EURO");
        assert!(help(&e).contains("`EUR`"), "{e:?}");
        let e = err("5 € HT");
        assert!(e.message.contains("unknown currency `HT`"), "{e:?}");
        let e = err("$5/h");
        assert!(e.message.contains("unexpected `/h`"), "{e:?}");
        let e = err("environ 5 €");
        assert_eq!(help(&e), "write `~5 €` for an approximate amount");
        let e = err("non aplicable");
        assert_eq!(help(&e), "did you mean `non applicable`?");
        let e = err("~");
        assert!(e.message.contains("no amount after"), "{e:?}");
        let e = err("$");
        assert!(e.message.contains("not an amount"), "{e:?}");
        let e = err("5 10");
        assert!(e.message.contains("malformed"), "{e:?}");
        let e = err("$5 $10");
        assert!(e.message.contains("more than one"), "{e:?}");
        let e = err(".5 €");
        assert!(e.message.contains("start with a digit"), "{e:?}");
        let e = err("[Coût]");
        assert!(e.message.contains("not an amount"), "{e:?}");
    }

    #[test]
    fn thousands_and_millions_are_refused_and_written_in_full() {
        let e = err("12.5k€");
        assert_eq!(
            e.message,
            "`k` (thousands) is not accepted in an amount: `12.5k€`"
        );
        assert_eq!(help(&e), "write the amount in full: `12 500 €`");
        let e = err("1.2M€");
        assert_eq!(
            e.message,
            "`M` (millions) is not accepted in an amount: `1.2M€`"
        );
        for (written, fixed, meant) in [
            ("12.5k€", "12 500 €", "12500"),
            ("12,5k€", "12 500 €", "12500"),
            ("12,5 k€", "12 500 €", "12500"),
            ("3k $", "3 000 $", "3000"),
            ("1.2M€", "1 200 000 €", "1200000"),
            ("$3k", "$3 000", "3000"),
            ("~$3K", "~$3 000", "3000"),
            ("1.234k€", "1 234 €", "1234"),
            ("1,2345k EUR", "1 234,5 EUR", "1234.50"),
            ("2kEUR", "2 000 EUR", "2000"),
            ("7k", "7 000", "7000"),
            ("12.5k€ (estimé)", "12 500 € (estimé)", "12500"),
        ] {
            let e = err(written);
            assert_eq!(
                help(&e),
                format!("write the amount in full: `{fixed}`"),
                "{written}"
            );
            // The suggestion is accepted, with the amount the writer meant.
            let m = parse_money(fixed, "EUR").unwrap().unwrap();
            assert_eq!(m.amount.to_string(), meant, "{written} → {fixed}");
            let currency = if written.contains('$') { "USD" } else { "EUR" };
            assert_eq!(m.currency, currency, "{written}");
        }
        // Something else after the currency: no amount to suggest.
        let e = err("12.5k€ HT");
        assert!(e.message.contains("`k` (thousands)"), "{e:?}");
        assert_eq!(help(&e), "write the amount in full, e.g. `12 500 €`");
        // Other words after the digits are still unknown currencies.
        assert!(err("5 kr").message.contains("unknown currency `kr`"));
        assert!(err("5 mois").message.contains("unknown currency `mois`"));
        assert!(err("5 kilos").message.contains("unknown currency `kilos`"));
        let e = err("1.5m$");
        assert!(e.message.contains("`m` (millions)"), "{e:?}");
        assert_eq!(help(&e), "write the amount in full: `1 500 000 $`");
    }

    #[test]
    fn overflow_is_an_error() {
        let e = err(&"9".repeat(10_000));
        assert!(e.message.contains("too large"), "{e:?}");
        assert!(e.message.chars().count() < 120, "{e:?}");
        let e = err("79228162514264337593543950336");
        assert!(e.message.contains("too large"), "{e:?}");
        assert_eq!(
            amount("79228162514264337593543950335").0,
            "79228162514264337593543950335"
        );
        let e = err(&format!("0.{}1", "0".repeat(40)));
        assert!(e.message.contains("too large or too precise"), "{e:?}");
        assert_eq!(amount(&format!("{}1", "0".repeat(10_000))).0, "1");
    }
}
