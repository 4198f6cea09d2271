//! Dates, durations, money, percentages and counts written for the site's language.
//!
//! Everything a page shows goes through a [`Formatter`], so templates never format values.
//! The typography follows the usual conventions of each language (Unicode CLDR): in French a
//! narrow no-break space (U+202F) groups thousands and precedes `%`, a no-break space (U+00A0)
//! separates an amount from its currency (`1 234,56 €`); in English `,` groups thousands
//! (`€1,234.56`) and a no-break space separates an ISO code from the amount (`CHF 12.50`).
//! Dates and durations use ordinary spaces (`15 janv. 2025, 14:30`, `1 h 30`): pages keep
//! each value on one line with the stylesheet's `nowrap` (spans in the cards, table cells),
//! and `incidex stats` and the data files keep plain text. Labels holding a count come in
//! plural forms ([`Plural`], [`Formatter::count`]).

use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::config::Language;
use crate::values::{Duration, Money, Timestamp};

/// Narrow no-break space: French thousands separator and the space before `%`.
const NNBSP: char = '\u{202F}';
/// No-break space: between an amount and its currency.
const NBSP: char = '\u{A0}';

const FRENCH_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats values for one site: its language and its time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formatter {
    pub language: Language,
    pub timezone: Tz,
}

impl Formatter {
    pub fn new(language: Language, timezone: Tz) -> Self {
        Formatter { language, timezone }
    }

    fn french(&self) -> bool {
        self.language == Language::French
    }

    /// A timestamp in the site's time zone: `15 janv. 2025, 14:30` / `15 Jan 2025, 14:30`.
    /// A date written without a time is shown as the date written: `15 janv. 2025`.
    pub fn date(&self, ts: &Timestamp) -> String {
        if !ts.has_time {
            return self.day(ts.instant.naive_local().date());
        }
        let local = ts.instant.with_timezone(&self.timezone);
        format!(
            "{}, {:02}:{:02}",
            self.day(local.date_naive()),
            local.hour(),
            local.minute()
        )
    }

    /// A timestamp for `<time datetime>`: `2025-01-15T14:30:00+01:00` in the site's time zone,
    /// or `2025-01-15` for a date written without a time.
    pub fn date_iso(&self, ts: &Timestamp) -> String {
        use chrono::Offset;
        use std::fmt::Write;
        let mut out = String::with_capacity(25);
        if !ts.has_time {
            let date = ts.instant.naive_local().date();
            let _ = write!(
                out,
                "{:04}-{:02}-{:02}",
                date.year(),
                date.month(),
                date.day()
            );
            return out;
        }
        // Written by hand: chrono's `format` parses its pattern on every call, and pages show
        // tens of thousands of dates.
        let local = ts.instant.with_timezone(&self.timezone);
        let offset = local.offset().fix().local_minus_utc();
        let sign = if offset < 0 { '-' } else { '+' };
        let offset = offset.unsigned_abs();
        let _ = write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            local.year(),
            local.month(),
            local.day(),
            local.hour(),
            local.minute(),
            local.second(),
            offset / 3600,
            offset / 60 % 60
        );
        out
    }

    fn day(&self, date: NaiveDate) -> String {
        format!(
            "{} {} {}",
            date.day(),
            self.month_name(date.month()),
            date.year()
        )
    }

    /// The short name of a month (1 to 12): `janv.` / `Jan`. Out of range gives an empty text.
    pub fn month_name(&self, month: u32) -> &'static str {
        let names = if self.french() {
            &FRENCH_MONTHS
        } else {
            &ENGLISH_MONTHS
        };
        month
            .checked_sub(1)
            .and_then(|i| names.get(i as usize))
            .copied()
            .unwrap_or("")
    }

    /// A month of a year: `janv. 2025` / `Jan 2025`.
    pub fn month(&self, year: i32, month: u32) -> String {
        format!("{} {year}", self.month_name(month))
    }

    /// A length of time, rounded to its two largest units: `45 s` (under a minute),
    /// `1 min 30 s` (exact under two minutes), `25 min`, `1 h`, `1 h 05`, `1 h 30` (under a
    /// day, to the nearest minute), `3 j`,
    /// `3 j 2 h` (`3 d 2 h` in English; a day or more, to the nearest hour). Zero is `0 min`.
    pub fn duration(&self, seconds: u64) -> String {
        if seconds == 0 {
            return "0 min".to_string();
        }
        if seconds < 60 {
            return format!("{seconds} s");
        }
        if seconds < 120 {
            // Exact under two minutes: rounding 90 s to "2 min" would double it.
            return match seconds - 60 {
                0 => "1 min".to_string(),
                s => format!("1 min {s} s"),
            };
        }
        let seconds = u128::from(seconds);
        let minutes = (seconds + 30) / 60;
        if minutes < 24 * 60 {
            let (h, m) = (minutes / 60, minutes % 60);
            return match (h, m) {
                (0, m) => format!("{m} min"),
                (h, 0) => format!("{h} h"),
                (h, m) => format!("{h} h {m:02}"),
            };
        }
        let hours = (seconds + 1_800) / 3_600;
        let (d, h) = (hours / 24, hours % 24);
        let unit = if self.french() { "j" } else { "d" };
        let days = self.group(&d.to_string());
        if h == 0 {
            format!("{days} {unit}")
        } else {
            format!("{days} {unit} {h} h")
        }
    }

    /// A duration as written in a report: `~` when approximate, the note in parentheses:
    /// `~45 s (estimé)`.
    pub fn duration_value(&self, d: &Duration) -> String {
        let mut out = String::new();
        if d.approximate {
            out.push('~');
        }
        out.push_str(&self.duration(d.seconds));
        push_note(&mut out, d.note.as_deref());
        out
    }

    /// An amount in a currency: `0,10 $`, `1 234,56 €`, `12,50 CHF`, `~0,10 $` in French;
    /// `$0.10`, `€1,234.56`, `CHF 12.50`, `~$0.10` in English. Two decimals (none for JPY and
    /// KRW); an amount with more decimals is rounded half to even, never through a float.
    pub fn money(&self, amount: &Decimal, currency: &str, approximate: bool) -> String {
        let code = currency.trim().to_ascii_uppercase();
        let decimals: u32 = if matches!(code.as_str(), "JPY" | "KRW") {
            0
        } else {
            2
        };
        let rounded =
            amount.round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven);
        let negative = rounded.is_sign_negative() && !rounded.is_zero();
        let digits = rounded.abs().to_string();
        let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        let mut number = self.group(int);
        if decimals > 0 {
            number.push(if self.french() { ',' } else { '.' });
            let frac: String = frac
                .chars()
                .chain(std::iter::repeat('0'))
                .take(decimals as usize)
                .collect();
            number.push_str(&frac);
        }
        let symbol = symbol(&code);
        let mut out = String::new();
        if approximate {
            out.push('~');
        }
        if negative {
            out.push('-');
        }
        if self.french() {
            out.push_str(&number);
            out.push(NBSP);
            out.push_str(symbol.unwrap_or(&code));
        } else {
            match symbol {
                Some(symbol) => out.push_str(symbol),
                None => {
                    out.push_str(&code);
                    out.push(NBSP);
                }
            }
            out.push_str(&number);
        }
        out
    }

    /// An amount as written in a report, with its note: `~0,10 $ (25 min × $0.24/h)`.
    pub fn money_value(&self, m: &Money) -> String {
        let mut out = self.money(&m.amount, &m.currency, m.approximate);
        push_note(&mut out, m.note.as_deref());
        out
    }

    /// `part / whole` as a percentage to one decimal, the decimal left out when it is zero:
    /// `66,7 %` / `66.7%`, `50 %` / `50%`. `—` when `whole` is 0.
    pub fn percent(&self, part: usize, whole: usize) -> String {
        if whole == 0 {
            return "—".to_string();
        }
        let (part, whole) = (part as u128, whole as u128);
        // Tenths of a percent, rounded half up, in integers.
        let tenths = (part * 2_000 + whole) / (2 * whole);
        let mut out = self.group(&(tenths / 10).to_string());
        if !tenths.is_multiple_of(10) {
            out.push(if self.french() { ',' } else { '.' });
            out.push_str(&(tenths % 10).to_string());
        }
        if self.french() {
            out.push(NNBSP);
        }
        out.push('%');
        out
    }

    /// An availability (a fraction of 1) as a percentage with three decimals, rounded half
    /// up, but never shown as 100 when below it: `99,731 %` / `99.731%`, `100 %` / `100%`
    /// for 1.
    pub fn availability(&self, fraction: f64) -> String {
        if fraction >= 1.0 {
            return self.with_percent_sign("100".to_string());
        }
        // Thousandths of a percent; 99.9996 % is not 100 %.
        let thousandths = ((fraction.max(0.0) * 100_000.0).round() as u64).min(99_999);
        let mark = if self.french() { ',' } else { '.' };
        let text = format!(
            "{}{mark}{:03}",
            self.group(&(thousandths / 1_000).to_string()),
            thousandths % 1_000
        );
        self.with_percent_sign(text)
    }

    /// A share (a fraction of 1, possibly above 1) as a percentage with one decimal, rounded
    /// half up, the decimal left out when it is zero: `67,2 %` / `67.2%`, `223,2 %`.
    pub fn share(&self, fraction: f64) -> String {
        let tenths = (fraction.max(0.0) * 1_000.0).round().min(1e18) as u64;
        let mut text = self.group(&(tenths / 10).to_string());
        if !tenths.is_multiple_of(10) {
            text.push(if self.french() { ',' } else { '.' });
            text.push_str(&(tenths % 10).to_string());
        }
        self.with_percent_sign(text)
    }

    /// `text` followed by the percent sign in the language's typography.
    fn with_percent_sign(&self, mut text: String) -> String {
        if self.french() {
            text.push(NNBSP);
        }
        text.push('%');
        text
    }

    /// The plural form a count takes (Unicode CLDR): `one` for 1, and in French for 0 too
    /// (`0 incident`, `1 incident`, `2 incidents`); `other` for the rest.
    pub fn plural_form(&self, n: usize) -> &'static str {
        if n == 1 || (n == 0 && self.french()) {
            "one"
        } else {
            "other"
        }
    }

    /// A count in words: the form of `plural` for `n`, its `{count}` replaced by the count
    /// formatted (`1 incident en cours`, `2 incidents en cours`, `1 234 incidents en cours`).
    pub fn count(&self, n: usize, plural: &Plural) -> String {
        let form = if self.plural_form(n) == "one" {
            &plural.one
        } else {
            &plural.other
        };
        form.replace("{count}", &self.number(n))
    }

    /// A count: `10 000` (narrow no-break space) / `10,000`.
    pub fn number(&self, n: usize) -> String {
        self.group(&n.to_string())
    }

    /// Groups a run of ASCII digits by thousands with the language's separator.
    fn group(&self, digits: &str) -> String {
        let separator = if self.french() { NNBSP } else { ',' };
        let len = digits.chars().count();
        let mut out = String::with_capacity(digits.len() + len / 3 * 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (len - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }
}

/// A label holding a count, in its plural forms: in an i18n file, a map of `one` and `other`
/// (`ongoing_note: {one: "{count} incident en cours", other: "{count} incidents en cours"}`),
/// which [`Formatter::count`] chooses between. Templates choose the same way (README of the
/// theme).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plural {
    pub one: String,
    pub other: String,
}

impl Plural {
    /// The forms of the label at `path`, through `label` (which gives the dotted path itself
    /// for a missing label, as `Theme::label` does). A single text there (a site's label file
    /// written before the label had forms) serves as both.
    pub fn read(label: &dyn Fn(&[&str]) -> String, path: &[&str]) -> Plural {
        let form = |name: &str| {
            let mut full = path.to_vec();
            full.push(name);
            let text = label(&full);
            (text != full.join(".")).then_some(text)
        };
        match (form("one"), form("other")) {
            (Some(one), Some(other)) => Plural { one, other },
            (one, other) => {
                let single = label(path);
                Plural {
                    one: one.unwrap_or_else(|| single.clone()),
                    other: other.unwrap_or(single),
                }
            }
        }
    }
}

/// The symbol written for a currency, when it has an unambiguous one.
fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        "KRW" => "₩",
        _ => return None,
    })
}

fn push_note(out: &mut String, note: Option<&str>) {
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        out.push_str(" (");
        out.push_str(note);
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::{DateTime, TimeZone};
    use chrono_tz::{America, Asia, Europe, UTC};

    use super::*;

    fn fr() -> Formatter {
        Formatter::new(Language::French, Europe::Paris)
    }

    fn en() -> Formatter {
        Formatter::new(Language::English, Europe::Paris)
    }

    fn at(text: &str) -> Timestamp {
        Timestamp {
            instant: DateTime::parse_from_rfc3339(text).unwrap(),
            has_time: true,
        }
    }

    /// A date written without a time: midnight in the site's time zone.
    fn day(tz: Tz, y: i32, m: u32, d: u32) -> Timestamp {
        let local = tz.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
        Timestamp {
            instant: local.fixed_offset(),
            has_time: false,
        }
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// Spells the special spaces so failures are readable.
    fn visible(text: &str) -> String {
        text.replace(NNBSP, "<nnbsp>").replace(NBSP, "<nbsp>")
    }

    #[test]
    fn dates_are_shown_in_the_site_time_zone() {
        let ts = at("2025-01-15T13:30:00Z");
        assert_eq!(fr().date(&ts), "15 janv. 2025, 14:30");
        assert_eq!(en().date(&ts), "15 Jan 2025, 14:30");
        let utc = Formatter::new(Language::English, UTC);
        assert_eq!(utc.date(&ts), "15 Jan 2025, 13:30");
        // Written with another offset: still shown in the site's zone.
        let ts = at("2025-07-01T08:05:00-04:00");
        assert_eq!(fr().date(&ts), "1 juil. 2025, 14:05");
        // Late at night in UTC is the next day in Paris.
        let ts = at("2025-01-31T23:30:00Z");
        assert_eq!(fr().date(&ts), "1 févr. 2025, 00:30");
    }

    #[test]
    fn date_only_timestamps_have_no_time() {
        let ts = day(Europe::Paris, 2025, 1, 15);
        assert_eq!(fr().date(&ts), "15 janv. 2025");
        assert_eq!(en().date(&ts), "15 Jan 2025");
        assert_eq!(fr().date_iso(&ts), "2025-01-15");
        // The date as written, whatever the zone it is shown in.
        let tokyo = day(Asia::Tokyo, 2025, 8, 3);
        assert_eq!(en().date(&tokyo), "3 Aug 2025");
        assert_eq!(en().date_iso(&tokyo), "2025-08-03");
    }

    #[test]
    fn iso_dates_carry_the_site_offset() {
        let ts = at("2025-01-15T13:30:00Z");
        assert_eq!(fr().date_iso(&ts), "2025-01-15T14:30:00+01:00");
        let summer = at("2025-07-15T12:00:00Z");
        assert_eq!(en().date_iso(&summer), "2025-07-15T14:00:00+02:00");
        let utc = Formatter::new(Language::English, UTC);
        assert_eq!(utc.date_iso(&ts), "2025-01-15T13:30:00+00:00");
        let sp = Formatter::new(Language::English, America::Sao_Paulo);
        assert_eq!(sp.date_iso(&ts), "2025-01-15T10:30:00-03:00");
    }

    #[test]
    fn months_in_both_languages() {
        let expected_fr = [
            "janv. 2025",
            "févr. 2025",
            "mars 2025",
            "avr. 2025",
            "mai 2025",
            "juin 2025",
            "juil. 2025",
            "août 2025",
            "sept. 2025",
            "oct. 2025",
            "nov. 2025",
            "déc. 2025",
        ];
        for (i, expected) in expected_fr.iter().enumerate() {
            assert_eq!(fr().month(2025, i as u32 + 1), *expected);
        }
        assert_eq!(en().month(2025, 1), "Jan 2025");
        assert_eq!(en().month(2024, 9), "Sep 2024");
        assert_eq!(en().month(2024, 12), "Dec 2024");
        assert_eq!(en().month_name(0), "");
        assert_eq!(en().month_name(13), "");
    }

    #[test]
    fn durations_under_a_day() {
        for f in [fr(), en()] {
            assert_eq!(f.duration(0), "0 min");
            assert_eq!(f.duration(1), "1 s");
            assert_eq!(f.duration(45), "45 s");
            assert_eq!(f.duration(59), "59 s");
            assert_eq!(f.duration(60), "1 min");
            // Exact under two minutes: 90 s is not rounded to 2 min.
            assert_eq!(f.duration(61), "1 min 1 s");
            assert_eq!(f.duration(90), "1 min 30 s");
            assert_eq!(f.duration(119), "1 min 59 s");
            assert_eq!(f.duration(120), "2 min");
            assert_eq!(f.duration(149), "2 min");
            assert_eq!(f.duration(150), "3 min");
            assert_eq!(f.duration(25 * 60), "25 min");
            // To the nearest minute.
            assert_eq!(f.duration(25 * 60 + 29), "25 min");
            assert_eq!(f.duration(25 * 60 + 30), "26 min");
            assert_eq!(f.duration(3_600), "1 h");
            assert_eq!(f.duration(3_600 + 5 * 60), "1 h 05");
            assert_eq!(f.duration(5_400), "1 h 30");
            assert_eq!(f.duration(3_570), "1 h");
            assert_eq!(f.duration(3 * 3_600 + 10 * 60), "3 h 10");
            assert_eq!(f.duration(23 * 3_600 + 59 * 60), "23 h 59");
        }
    }

    #[test]
    fn durations_of_days() {
        assert_eq!(fr().duration(86_400), "1 j");
        assert_eq!(en().duration(86_400), "1 d");
        assert_eq!(fr().duration(3 * 86_400), "3 j");
        assert_eq!(fr().duration(3 * 86_400 + 2 * 3_600), "3 j 2 h");
        assert_eq!(en().duration(3 * 86_400 + 2 * 3_600), "3 d 2 h");
        assert_eq!(fr().duration(26 * 3_600), "1 j 2 h");
        // Minutes are dropped at a day or more, to the nearest hour.
        assert_eq!(fr().duration(86_400 + 5 * 60), "1 j");
        assert_eq!(fr().duration(86_400 + 3_600 + 30 * 60), "1 j 2 h");
        assert_eq!(en().duration(86_400 + 23 * 3_600 + 45 * 60), "2 d");
        // 23 h 59 min 30 s rounds up to a whole day.
        assert_eq!(en().duration(86_370), "1 d");
        assert_eq!(fr().duration(1_000 * 86_400), "1\u{202F}000 j");
        assert_eq!(en().duration(1_000 * 86_400), "1,000 d");
        // No overflow at the very end.
        assert!(en().duration(u64::MAX).ends_with(" h"));
    }

    #[test]
    fn duration_values_keep_their_mark_and_note() {
        let d = Duration {
            seconds: 45,
            approximate: true,
            note: Some("estimé".into()),
        };
        assert_eq!(fr().duration_value(&d), "~45 s (estimé)");
        let d = Duration {
            seconds: 90,
            approximate: true,
            note: None,
        };
        assert_eq!(fr().duration_value(&d), "~1 min 30 s");
        let d = Duration {
            seconds: 5_400,
            approximate: false,
            note: None,
        };
        assert_eq!(en().duration_value(&d), "1 h 30");
        let d = Duration {
            seconds: 3 * 86_400,
            approximate: true,
            note: Some("  ".into()),
        };
        assert_eq!(en().duration_value(&d), "~3 d");
    }

    #[test]
    fn money_in_french() {
        let f = fr();
        assert_eq!(visible(&f.money(&dec("0.10"), "USD", false)), "0,10<nbsp>$");
        assert_eq!(visible(&f.money(&dec("0.1"), "USD", true)), "~0,10<nbsp>$");
        assert_eq!(
            visible(&f.money(&dec("1234.56"), "EUR", false)),
            "1<nnbsp>234,56<nbsp>€"
        );
        assert_eq!(
            visible(&f.money(&dec("12.5"), "CHF", false)),
            "12,50<nbsp>CHF"
        );
        assert_eq!(visible(&f.money(&dec("3"), "GBP", false)), "3,00<nbsp>£");
        assert_eq!(visible(&f.money(&dec("0"), "EUR", false)), "0,00<nbsp>€");
        assert_eq!(
            visible(&f.money(&dec("1234567.8"), "EUR", false)),
            "1<nnbsp>234<nnbsp>567,80<nbsp>€"
        );
        assert_eq!(
            visible(&f.money(&dec("1500"), "JPY", false)),
            "1<nnbsp>500<nbsp>¥"
        );
    }

    #[test]
    fn money_in_english() {
        let f = en();
        assert_eq!(f.money(&dec("0.10"), "USD", false), "$0.10");
        assert_eq!(f.money(&dec("0.10"), "USD", true), "~$0.10");
        assert_eq!(f.money(&dec("1234.56"), "EUR", false), "€1,234.56");
        assert_eq!(f.money(&dec("3"), "GBP", false), "£3.00");
        assert_eq!(
            visible(&f.money(&dec("12.5"), "CHF", false)),
            "CHF<nbsp>12.50"
        );
        assert_eq!(
            visible(&f.money(&dec("99"), "cad", false)),
            "CAD<nbsp>99.00"
        );
        assert_eq!(f.money(&dec("1500"), "JPY", false), "¥1,500");
        assert_eq!(f.money(&dec("1500.5"), "KRW", false), "₩1,500");
        assert_eq!(f.money(&dec("999.999"), "USD", false), "$1,000.00");
        assert_eq!(f.money(&dec("-2.5"), "USD", false), "-$2.50");
    }

    #[test]
    fn money_rounds_half_to_even_only_beyond_the_cents() {
        let f = en();
        assert_eq!(f.money(&dec("0.125"), "USD", false), "$0.12");
        assert_eq!(f.money(&dec("0.135"), "USD", false), "$0.14");
        assert_eq!(f.money(&dec("0.1251"), "USD", false), "$0.13");
        assert_eq!(f.money(&dec("2.5"), "JPY", false), "¥2");
        assert_eq!(f.money(&dec("3.5"), "JPY", false), "¥4");
        // Exact for large amounts (no float on the way).
        assert_eq!(
            f.money(&dec("12345678901234567.89"), "USD", false),
            "$12,345,678,901,234,567.89"
        );
        assert_eq!(
            f.money(&Decimal::MAX, "USD", false),
            "$79,228,162,514,264,337,593,543,950,335.00"
        );
    }

    #[test]
    fn money_values_keep_their_note() {
        let m = Money {
            amount: dec("0.10"),
            currency: "USD".into(),
            approximate: true,
            note: Some("25 min × $0.24/h".into()),
        };
        assert_eq!(
            visible(&fr().money_value(&m)),
            "~0,10<nbsp>$ (25 min × $0.24/h)"
        );
        assert_eq!(en().money_value(&m), "~$0.10 (25 min × $0.24/h)");
    }

    #[test]
    fn percentages() {
        assert_eq!(visible(&fr().percent(2, 3)), "66,7<nnbsp>%");
        assert_eq!(en().percent(2, 3), "66.7%");
        assert_eq!(en().percent(1, 3), "33.3%");
        assert_eq!(en().percent(1, 2), "50%");
        assert_eq!(en().percent(0, 6), "0%");
        assert_eq!(en().percent(6, 6), "100%");
        assert_eq!(en().percent(1, 8), "12.5%");
        assert_eq!(en().percent(1, 1_000), "0.1%");
        assert_eq!(en().percent(1, 2_001), "0%");
        assert_eq!(fr().percent(0, 0), "—");
        assert_eq!(en().percent(3, 0), "—");
        assert_eq!(en().percent(usize::MAX, usize::MAX), "100%");
    }

    #[test]
    fn availabilities_have_three_decimals_and_never_round_up_to_whole() {
        // 1 − 1 800 / 2 678 400 = 0.99932795…: 99.933 %.
        assert_eq!(
            visible(&fr().availability(1.0 - 1_800.0 / 2_678_400.0)),
            "99,933<nnbsp>%"
        );
        assert_eq!(en().availability(0.997_31), "99.731%");
        assert_eq!(en().availability(0.999_994_9), "99.999%");
        assert_eq!(en().availability(0.999_999_9), "99.999%");
        assert_eq!(en().availability(1.0), "100%");
        assert_eq!(en().availability(0.0), "0.000%");
    }

    #[test]
    fn shares_have_one_decimal() {
        // 5 400 / (0.001 × 2 419 200) = 2.2321…: 223.2 %.
        assert_eq!(visible(&fr().share(5_400.0 / 2_419.2)), "223,2<nnbsp>%");
        assert_eq!(en().share(0.672_043), "67.2%");
        assert_eq!(en().share(0.0), "0%");
        assert_eq!(en().share(12.5), "1,250%");
    }

    #[test]
    fn plural_forms_follow_each_language() {
        // French: 0 and 1 are singular; English: only 1.
        assert_eq!(fr().plural_form(0), "one");
        assert_eq!(fr().plural_form(1), "one");
        assert_eq!(fr().plural_form(2), "other");
        assert_eq!(en().plural_form(0), "other");
        assert_eq!(en().plural_form(1), "one");
        assert_eq!(en().plural_form(2), "other");
        let ongoing = Plural {
            one: "{count} incident en cours, non compté".into(),
            other: "{count} incidents en cours, non comptés".into(),
        };
        assert_eq!(fr().count(0, &ongoing), "0 incident en cours, non compté");
        assert_eq!(fr().count(1, &ongoing), "1 incident en cours, non compté");
        assert_eq!(fr().count(2, &ongoing), "2 incidents en cours, non comptés");
        assert_eq!(
            visible(&fr().count(1_500, &ongoing)),
            "1<nnbsp>500 incidents en cours, non comptés"
        );
        let done = Plural {
            one: "{count} action done".into(),
            other: "{count} actions done".into(),
        };
        assert_eq!(en().count(0, &done), "0 actions done");
        assert_eq!(en().count(1, &done), "1 action done");
        assert_eq!(en().count(1_000, &done), "1,000 actions done");
    }

    #[test]
    fn plural_labels_are_read_as_forms_or_as_one_text() {
        let label = |path: &[&str]| match path.join(".").as_str() {
            "stats.note.one" => "{count} incident".to_string(),
            "stats.note.other" => "{count} incidents".to_string(),
            "old.note" => "{count} incident(s)".to_string(),
            missing => missing.to_string(),
        };
        assert_eq!(
            Plural::read(&label, &["stats", "note"]),
            Plural {
                one: "{count} incident".into(),
                other: "{count} incidents".into()
            }
        );
        // A site's label file that still gives one text: used for every count.
        let old = Plural::read(&label, &["old", "note"]);
        assert_eq!(en().count(1, &old), "1 incident(s)");
        assert_eq!(en().count(3, &old), "3 incident(s)");
        // Missing: the path shows, as for any missing label.
        assert_eq!(Plural::read(&label, &["gone"]).other, "gone");
    }

    #[test]
    fn numbers() {
        assert_eq!(en().number(0), "0");
        assert_eq!(en().number(999), "999");
        assert_eq!(en().number(1_000), "1,000");
        assert_eq!(en().number(10_000), "10,000");
        assert_eq!(en().number(1_234_567), "1,234,567");
        assert_eq!(visible(&fr().number(10_000)), "10<nnbsp>000");
        assert_eq!(visible(&fr().number(1_234)), "1<nnbsp>234");
        assert_eq!(fr().number(12), "12");
    }
}
