//! Durations (spec §6): `25 minutes`, `1h30`, `01:30`, `1,5 heures`, `~45 s (estimé)`.

use super::cursor::Cursor;
use super::{ValueError, quote};
use crate::text::fold;

/// A length of time, normalised to whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duration {
    pub seconds: u64,
    /// Written with `~` or `≈`.
    pub approximate: bool,
    /// A trailing parenthesis, kept for display.
    pub note: Option<String>,
}

/// Parses a duration. `en cours` / `ongoing` are not durations: the caller handles them.
pub fn parse_duration(text: &str) -> Result<Duration, ValueError> {
    let (head, note) = super::split_note(text);
    let note = note.map(str::to_string);
    let mut rest = head.trim();
    if rest.is_empty() {
        return Err(ValueError::new("no duration").with_help(FORM_HELP));
    }
    let mut approximate = false;
    if let Some(stripped) = rest.strip_prefix(['~', '≈']) {
        approximate = true;
        rest = stripped.trim_start();
        if rest.is_empty() {
            return Err(ValueError::new("no duration after the `~`")
                .with_help("write an approximate duration like `~25 minutes`"));
        }
    }
    if rest.starts_with(['-', '\u{2212}']) {
        return Err(ValueError::new("a duration cannot be negative")
            .with_help("write it without the sign, e.g. `25 minutes`"));
    }
    if let Some((from, to)) = time_range(rest) {
        return Err(range_error(rest, from, to, approximate, note.as_deref()));
    }
    let seconds = match parse_clock(rest)? {
        Some(seconds) => seconds,
        None => parse_groups(rest)?,
    };
    let seconds = u64::try_from(seconds).map_err(|_| too_long(rest))?;
    Ok(Duration {
        seconds,
        approximate,
        note,
    })
}

const FORM_HELP: &str = "write it like `25 minutes`, `1h30` or `01:30`";
const FORM_HELP_EXAMPLES: &str = "e.g. `25 minutes` or `1h30`";
const UNITS_HELP: &str = "use s, min, h, jours/days or semaines/weeks, e.g. `25 minutes` or `1h30`";

/// The units a group may name, in their canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
}

impl Unit {
    fn seconds(self) -> u128 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3_600,
            Unit::Day => 86_400,
            Unit::Week => 604_800,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Second => "seconds",
            Unit::Minute => "minutes",
            Unit::Hour => "hours",
            Unit::Day => "days",
            Unit::Week => "weeks",
        }
    }
}

/// Every accepted spelling, already folded (lower case, no accents).
const UNITS: &[(&str, Unit)] = &[
    ("s", Unit::Second),
    ("sec", Unit::Second),
    ("secs", Unit::Second),
    ("seconde", Unit::Second),
    ("secondes", Unit::Second),
    ("second", Unit::Second),
    ("seconds", Unit::Second),
    ("m", Unit::Minute),
    ("mn", Unit::Minute),
    ("min", Unit::Minute),
    ("mins", Unit::Minute),
    ("minute", Unit::Minute),
    ("minutes", Unit::Minute),
    ("h", Unit::Hour),
    ("hr", Unit::Hour),
    ("hrs", Unit::Hour),
    ("heure", Unit::Hour),
    ("heures", Unit::Hour),
    ("hour", Unit::Hour),
    ("hours", Unit::Hour),
    ("j", Unit::Day),
    ("d", Unit::Day),
    ("jour", Unit::Day),
    ("jours", Unit::Day),
    ("day", Unit::Day),
    ("days", Unit::Day),
    ("semaine", Unit::Week),
    ("semaines", Unit::Week),
    ("week", Unit::Week),
    ("weeks", Unit::Week),
];

/// Every spelling of a unit a duration's group may name (folded: lower case, no accents).
pub fn unit_names() -> impl Iterator<Item = &'static str> {
    UNITS.iter().map(|(name, _)| *name)
}

/// The words that may join two groups (`1 heure et 15 minutes`), folded.
pub const GROUP_JOINERS: [&str; 2] = ["et", "and"];

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
    "vers",
];

fn too_long(text: &str) -> ValueError {
    ValueError::new(format!("the duration {} is too long", quote(text)))
        .with_help("check the number; durations are counted in seconds, minutes, hours or days")
}

/// Value of a run of ASCII digits, `None` on overflow.
fn integer(digits: &str) -> Option<u128> {
    digits.bytes().try_fold(0u128, |n, b| {
        n.checked_mul(10)?.checked_add(u128::from(b - b'0'))
    })
}

/// `H:MM` or `H:MM:SS`; `Ok(None)` when the text is not in that form at all.
fn parse_clock(text: &str) -> Result<Option<u128>, ValueError> {
    let mut cur = Cursor::new(text);
    let hours = cur.digits();
    if hours.is_empty() || !cur.eat(':') {
        return Ok(None);
    }
    let clock_help = || "write it as `H:MM`, e.g. `1:30` or `01:30`";
    let minutes = cur.digits();
    if minutes.len() != 2 {
        return Err(
            ValueError::new(format!("{} is not in the `H:MM` form", quote(text)))
                .with_help(clock_help()),
        );
    }
    let mut seconds = "00";
    if cur.eat(':') {
        seconds = cur.digits();
        if seconds.len() != 2 {
            return Err(
                ValueError::new(format!("{} is not in the `H:MM:SS` form", quote(text)))
                    .with_help("write it as `H:MM:SS`, e.g. `1:30:05`"),
            );
        }
    }
    if !cur.at_end() {
        return Err(ValueError::new(format!(
            "unexpected {} after the time in {}",
            quote(cur.rest().trim()),
            quote(text)
        ))
        .with_help("write either `1:30` or `1h30`, not both"));
    }
    let (m, s) = (integer(minutes).unwrap_or(0), integer(seconds).unwrap_or(0));
    if m >= 60 {
        return Err(ValueError::new(format!(
            "{minutes} minutes in {} is 60 or more",
            quote(text)
        ))
        .with_help("minutes in `H:MM` go from 00 to 59"));
    }
    if s >= 60 {
        return Err(ValueError::new(format!(
            "{seconds} seconds in {} is 60 or more",
            quote(text)
        ))
        .with_help("seconds in `H:MM:SS` go from 00 to 59"));
    }
    let h = integer(hours).ok_or_else(|| too_long(text))?;
    let total = h
        .checked_mul(3_600)
        .and_then(|t| t.checked_add(m * 60 + s))
        .ok_or_else(|| too_long(text))?;
    Ok(Some(total))
}

/// A time of day as written in a range: `14:30`, `14h30`, `9h05`, `15h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeOfDay {
    hour: u32,
    minute: u32,
    /// Written with its minutes (`14h30`, `14:30`), not as `15h`.
    with_minutes: bool,
}

impl TimeOfDay {
    /// Reads one at the cursor: one or two digits, then `:MM`, `hMM` or `h`.
    fn read(cur: &mut Cursor) -> Option<TimeOfDay> {
        let hours = cur.digits();
        if !(1..=2).contains(&hours.len()) {
            return None;
        }
        let mark = cur.eat_if(|c| matches!(c, ':' | 'h' | 'H'))?;
        let minutes = cur.digits();
        let with_minutes = match minutes.len() {
            2 => true,
            0 if mark != ':' => false,
            _ => return None,
        };
        let hour = integer(hours).and_then(|h| u32::try_from(h).ok())?;
        let minute = integer(minutes).and_then(|m| u32::try_from(m).ok())?;
        (hour <= 23 && minute <= 59).then_some(TimeOfDay {
            hour,
            minute,
            with_minutes,
        })
    }

    fn minutes(self) -> u32 {
        self.hour * 60 + self.minute
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Two times of day joined by a dash, `à` or `to` (`14h30 - 14h55`, `de 23:50 à 00:10`), at
/// least one with its minutes: the start and end of the incident, not its duration.
fn time_range(text: &str) -> Option<(TimeOfDay, TimeOfDay)> {
    let mut cur = Cursor::new(text);
    let save = cur.pos;
    if !(matches!(fold(cur.word()).as_str(), "de" | "from") && cur.skip_whitespace()) {
        cur.pos = save;
    }
    let from = TimeOfDay::read(&mut cur)?;
    cur.skip_whitespace();
    if cur
        .eat_if(|c| matches!(c, '-' | '–' | '—' | '\u{2212}'))
        .is_none()
    {
        let word = fold(cur.word());
        if !matches!(word.as_str(), "a" | "to") || !cur.skip_whitespace() {
            return None;
        }
    }
    cur.skip_whitespace();
    let to = TimeOfDay::read(&mut cur)?;
    cur.skip_whitespace();
    (cur.at_end() && (from.with_minutes || to.with_minutes)).then_some((from, to))
}

/// The error for a time range, with the time between its ends as the duration to write (to
/// the next day when the end is earlier: `23h50 - 00h10` is 20 minutes).
fn range_error(
    text: &str,
    from: TimeOfDay,
    to: TimeOfDay,
    approximate: bool,
    note: Option<&str>,
) -> ValueError {
    let error = ValueError::new(format!("{} is a time range, not a duration", quote(text)));
    if from == to {
        return error.with_help(format!(
            "write how long it lasted, not when it started and ended: {FORM_HELP_EXAMPLES}"
        ));
    }
    let (start, end) = (from.minutes(), to.minutes());
    let (minutes, next_day) = if end > start {
        (end - start, "")
    } else {
        (end + 24 * 60 - start, " the next day")
    };
    let mut fixed = format!(
        "{}{}",
        if approximate { "~" } else { "" },
        write_minutes(minutes)
    );
    if let Some(note) = note {
        fixed = format!("{fixed} ({note})");
    }
    error.with_help(format!(
        "write how long it lasted: from {from} to {to}{next_day} is `{fixed}`"
    ))
}

/// A whole number of minutes as a duration this grammar reads back: `25 minutes`, `2h`, `1h05`.
fn write_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minute".to_string(),
        (0, m) => format!("{m} minutes"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}"),
    }
}

/// A number as written: integer digits and decimal digits.
struct Number<'a> {
    int: &'a str,
    frac: &'a str,
}

impl Number<'_> {
    /// `self × unit` in whole seconds, rounded half up; `None` on overflow.
    fn times(&self, unit: Unit) -> Option<u128> {
        let frac = self.frac.trim_end_matches('0');
        if frac.len() > 20 {
            // Digits past the 20th weigh under 1e-12 s whatever the unit (a week is 6e5 s),
            // and kept they would overflow: 123456789 × 10^30 is past u128.
            let truncated = Number {
                int: self.int,
                frac: &frac[..20],
            };
            return truncated.times(unit);
        }
        let mut mantissa = integer(self.int)?;
        for b in frac.bytes() {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u128::from(b - b'0'))?;
        }
        let total = mantissa.checked_mul(unit.seconds())?;
        let divisor = 10u128.pow(frac.len() as u32);
        let (q, r) = (total / divisor, total % divisor);
        Some(if r * 2 >= divisor { q + 1 } else { q })
    }
}

/// Groups of a number and a unit (`1 h 30 min`, `2 hours, 15 minutes`, `1h30`), in seconds.
fn parse_groups(text: &str) -> Result<u128, ValueError> {
    let mut cur = Cursor::new(text);
    let mut seen: Vec<Unit> = Vec::new();
    let mut total: u128 = 0;
    loop {
        cur.skip_whitespace();
        if cur.at_end() {
            break;
        }
        if !seen.is_empty() {
            separator(&mut cur, text)?;
        }

        let Some(number) = parse_number(&mut cur) else {
            return Err(not_a_number(&mut cur, text, seen.is_empty()));
        };
        cur.skip_whitespace();
        let word = cur.word();
        let unit = if word.is_empty() {
            bare_number_unit(&cur, text, &number, &seen)?
        } else {
            let folded = fold(word);
            match UNITS.iter().find(|(name, _)| *name == folded) {
                Some(&(_, unit)) => unit,
                None => return Err(unknown_unit(word)),
            }
        };
        // An abbreviation's dot: `25 min.`
        if !word.is_empty()
            && cur.peek() == Some('.')
            && cur.peek2().is_none_or(char::is_whitespace)
        {
            cur.pos += 1;
        }
        if seen.contains(&unit) {
            return Err(ValueError::new(format!(
                "{} are given twice in {}",
                unit.name(),
                quote(text)
            ))
            .with_help("give each unit once, e.g. `1h30` or `2 hours 15 minutes`"));
        }
        seen.push(unit);
        let seconds = number.times(unit).ok_or_else(|| too_long(text))?;
        total = total.checked_add(seconds).ok_or_else(|| too_long(text))?;

        // A group must be followed by a space, a separator, another group or the end.
        match cur.peek() {
            None => {}
            Some(c) if c.is_whitespace() || c.is_ascii_digit() || c == ',' => {}
            Some(c) => {
                return Err(
                    ValueError::new(format!("unexpected `{c}` in {}", quote(text)))
                        .with_help(FORM_HELP),
                );
            }
        }
    }
    if seen.is_empty() {
        return Err(ValueError::new("no duration").with_help(FORM_HELP));
    }
    Ok(total)
}

/// Between groups: spaces, `, `, `et`, `and`. A separator must be followed by a space and
/// another group.
fn separator(cur: &mut Cursor, text: &str) -> Result<(), ValueError> {
    let save = cur.pos;
    let mut separator = None;
    if cur.eat(',') {
        separator = Some(",");
    } else {
        let word = cur.word();
        let folded = fold(word);
        if GROUP_JOINERS.contains(&folded.as_str()) && cur.peek().is_none_or(char::is_whitespace) {
            separator = Some(word);
        } else {
            cur.pos = save;
        }
    }
    if let Some(separator) = separator
        && (!cur.skip_whitespace() || cur.at_end())
    {
        return Err(
            ValueError::new(format!("unexpected `{separator}` in {}", quote(text)))
                .with_help(FORM_HELP),
        );
    }
    Ok(())
}

/// The unit of a number written without one: minutes right after an hour group (`1h30`),
/// else an error that says what is missing. `seen`: the units of the groups before.
fn bare_number_unit(
    cur: &Cursor,
    text: &str,
    number: &Number,
    seen: &[Unit],
) -> Result<Unit, ValueError> {
    let integer_only = number.frac.is_empty();
    if seen.last() == Some(&Unit::Hour) && integer_only {
        let minutes = integer(number.int).unwrap_or(u128::MAX);
        if minutes >= 60 {
            return Err(ValueError::new(format!(
                "{} minutes after the hours in {} is 60 or more",
                number.int,
                quote(text)
            ))
            .with_help(
                "write the minutes from 0 to 59, like `1h30`, or add the unit, like `1 h 90 min`",
            ));
        }
        return Ok(Unit::Minute);
    }
    if let Some(c) = cur.peek().filter(|&c| c != ',') {
        return Err(
            ValueError::new(format!("unexpected `{c}` in {}", quote(text))).with_help(FORM_HELP),
        );
    }
    let written = if number.frac.is_empty() {
        number.int.to_string()
    } else {
        format!("{}.{}", number.int, number.frac)
    };
    let example = if seen.last() == Some(&Unit::Minute) {
        "seconds"
    } else {
        "minutes"
    };
    let message = if written == text {
        format!("{} has no unit", quote(&written))
    } else {
        format!("{} in {} has no unit", quote(&written), quote(text))
    };
    let help = if written.len() <= 20 {
        format!("add a unit, e.g. `{written} {example}`")
    } else {
        format!("add a unit, e.g. `25 {example}`")
    };
    Err(ValueError::new(message).with_help(help))
}

/// `25`, `1.5`, `1,5`: digits, optionally a `.` or `,` and more digits.
fn parse_number<'a>(cur: &mut Cursor<'a>) -> Option<Number<'a>> {
    let int = cur.digits();
    if int.is_empty() {
        return None;
    }
    let save = cur.pos;
    if (cur.eat('.') || cur.eat(',')) && cur.peek().is_some_and(|c| c.is_ascii_digit()) {
        let frac = cur.digits();
        return Some(Number { int, frac });
    }
    cur.pos = save;
    Some(Number { int, frac: "" })
}

/// The error where a number was expected.
fn not_a_number(cur: &mut Cursor, text: &str, first: bool) -> ValueError {
    let Some(c) = cur.peek() else {
        return ValueError::new(format!("{} ends without a number", quote(text)))
            .with_help(FORM_HELP);
    };
    if c.is_alphabetic() {
        let word = cur.word();
        let folded = fold(word);
        if first && ABOUT_WORDS.contains(&folded.as_str()) {
            let rest = cur.rest().trim_start();
            return ValueError::new(format!("`{word}` is not part of a duration"))
                .with_help(format!("write `~{rest}` for an approximate duration"));
        }
        if first && !text.bytes().any(|b| b.is_ascii_digit()) {
            return ValueError::new(format!("{} is not a duration", quote(text)))
                .with_help(FORM_HELP);
        }
        if UNITS.iter().any(|(name, _)| *name == folded) {
            return ValueError::new(format!("no number before `{word}` in {}", quote(text)))
                .with_help(FORM_HELP);
        }
        return ValueError::new(format!("unexpected `{word}` in {}", quote(text)))
            .with_help(FORM_HELP);
    }
    if first && !text.bytes().any(|b| b.is_ascii_digit()) {
        return ValueError::new(format!("{} is not a duration", quote(text))).with_help(FORM_HELP);
    }
    ValueError::new(format!("unexpected `{c}` in {}", quote(text))).with_help(FORM_HELP)
}

fn unknown_unit(word: &str) -> ValueError {
    let error = ValueError::new(format!("unknown duration unit {}", quote(word)));
    let candidates = UNITS.iter().map(|(name, _)| *name);
    match crate::diagnostic::closest(word, candidates) {
        Some(suggestion) => error.with_help(format!("did you mean `{suggestion}`?")),
        None => error.with_help(UNITS_HELP),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_fraction_does_not_make_a_duration_too_long() {
        // 123,456,789.12… s is about 3.9 years: it was refused as too long (the fraction's 30
        // digits made the mantissa overflow).
        assert_eq!(secs("123456789.123456789012345678901234567 s"), 123_456_789);
        assert_eq!(secs("1.49999999999999999999999999 min"), 90);
        assert_eq!(secs("0.5000000000000000000000001 s"), 1);
    }

    fn secs(text: &str) -> u64 {
        match parse_duration(text) {
            Ok(d) => d.seconds,
            Err(e) => panic!("{text:?} refused: {e:?}"),
        }
    }

    fn err(text: &str) -> ValueError {
        match parse_duration(text) {
            Err(e) => e,
            Ok(d) => panic!("{text:?} accepted as {d:?}"),
        }
    }

    fn help(e: &ValueError) -> &str {
        e.help.as_deref().unwrap_or("")
    }

    #[test]
    fn spec_examples() {
        assert_eq!(secs("25 minutes"), 1500);
        assert_eq!(secs("25 min"), 1500);
        assert_eq!(secs("2 heures"), 7200);
        assert_eq!(secs("1h30"), 5400);
        assert_eq!(secs("1h30min"), 5400);
        assert_eq!(secs("1 heure 15 minutes"), 4500);
        assert_eq!(secs("1,5 heures"), 5400);
        assert_eq!(secs("01:30"), 5400);
        assert_eq!(secs("3 jours"), 259_200);
        assert_eq!(
            parse_duration("~45 s (estimé)"),
            Ok(Duration {
                seconds: 45,
                approximate: true,
                note: Some("estimé".into())
            })
        );
    }

    #[test]
    fn more_forms() {
        assert_eq!(secs("1 semaine"), 604_800);
        assert_eq!(secs("2 weeks"), 1_209_600);
        assert_eq!(secs("90s"), 90);
        assert_eq!(secs("1h 30m"), 5400);
        assert_eq!(secs("2 hours and 15 minutes"), 8100);
        assert_eq!(secs("1 jour 2 h"), 93_600);
        assert_eq!(secs("1 h 30"), 5400);
        assert_eq!(secs("1h05"), 3900);
        assert_eq!(secs("1 heure et 30"), 5400);
        assert_eq!(secs("1 heure, 30 minutes"), 5400);
        assert_eq!(secs("1 h, 30 min, 15 s"), 5415);
        assert_eq!(secs("0.5 min"), 30);
        assert_eq!(secs("1.5h"), 5400);
        assert_eq!(secs("0 minutes"), 0);
        assert_eq!(secs("0s"), 0);
        assert_eq!(secs("1:30:15"), 5415);
        assert_eq!(secs("0:05"), 300);
        assert_eq!(secs("100:00"), 360_000);
        assert_eq!(secs("25 MIN"), 1500);
        assert_eq!(secs("2 Heures"), 7200);
        assert_eq!(secs("2 HEURES"), 7200);
        assert_eq!(secs("1 sec"), 1);
        assert_eq!(secs("2 secs"), 2);
        assert_eq!(secs("3 secondes"), 3);
        assert_eq!(secs("1 seconde"), 1);
        assert_eq!(secs("4 seconds"), 4);
        assert_eq!(secs("1 second"), 1);
        assert_eq!(secs("5 mn"), 300);
        assert_eq!(secs("5 mins"), 300);
        assert_eq!(secs("1 minute"), 60);
        assert_eq!(secs("2 hr"), 7200);
        assert_eq!(secs("2 hrs"), 7200);
        assert_eq!(secs("1 hour"), 3600);
        assert_eq!(secs("2 hours"), 7200);
        assert_eq!(secs("1 heure"), 3600);
        assert_eq!(secs("1 j"), 86_400);
        assert_eq!(secs("1d"), 86_400);
        assert_eq!(secs("1 jour"), 86_400);
        assert_eq!(secs("1 day"), 86_400);
        assert_eq!(secs("2 days"), 172_800);
        assert_eq!(secs("2 semaines"), 1_209_600);
        assert_eq!(secs("1 week"), 604_800);
        assert_eq!(secs("25 min."), 1500);
        assert_eq!(secs("  25 minutes  "), 1500);
        assert_eq!(secs("25\u{a0}minutes"), 1500);
        // Accents optional, composed or not.
        assert_eq!(secs("2 heures"), secs("2 he\u{301}ures"));
        assert_eq!(secs("3 secondés"), 3);
    }

    #[test]
    fn approximate_and_notes() {
        let d = parse_duration("≈ 2 h").unwrap();
        assert!(d.approximate);
        assert_eq!(d.seconds, 7200);
        let d = parse_duration("~01:30").unwrap();
        assert!(d.approximate);
        assert_eq!(d.seconds, 5400);
        let d = parse_duration("25 minutes (dont 5 de diagnostic)").unwrap();
        assert!(!d.approximate);
        assert_eq!(d.note.as_deref(), Some("dont 5 de diagnostic"));
        assert_eq!(d.seconds, 1500);
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(secs("0.5 s"), 1);
        assert_eq!(secs("0.49 s"), 0);
        assert_eq!(secs("1,25 s"), 1);
        assert_eq!(secs("0.01 min"), 1);
        assert_eq!(secs("0.001 min"), 0);
        assert_eq!(secs("1.500000000000000000000000000000000000001 s"), 2);
        assert_eq!(secs("0.4999999999999999999999999999999999999 s"), 0);
    }

    #[test]
    fn a_time_range_is_named_and_its_length_suggested() {
        let e = err("14h30 - 14h55");
        assert_eq!(e.message, "`14h30 - 14h55` is a time range, not a duration");
        assert_eq!(
            help(&e),
            "write how long it lasted: from 14:30 to 14:55 is `25 minutes`"
        );
        let e = err("23h50 - 00h10");
        assert_eq!(
            help(&e),
            "write how long it lasted: from 23:50 to 00:10 the next day is `20 minutes`"
        );
        let e = err("14:30 - 14:55");
        assert!(e.message.contains("time range"), "{e:?}");
        assert!(!help(&e).contains("not both"), "{e:?}");
        for (range, fixed) in [
            ("14:30-14:55", "`25 minutes`"),
            ("de 9h05 à 10h", "`55 minutes`"),
            ("9h – 11h15", "`2h15`"),
            ("22:00 to 01:00", "`3h`"),
            ("10h00 - 10h01", "`1 minute`"),
            ("8h30 - 9h35", "`1h05`"),
            ("~14h30 - 14h55 (estimé)", "`~25 minutes (estimé)`"),
        ] {
            let e = err(range);
            assert!(e.message.contains("time range"), "{range}: {e:?}");
            assert!(help(&e).ends_with(fixed), "{range}: {e:?}");
        }
        // The suggestion is accepted, with the time between the two ends.
        for (range, seconds) in [
            ("14h30 - 14h55", 25 * 60),
            ("23h50 - 00h10", 20 * 60),
            ("8h30 - 9h35", 65 * 60),
            ("22:00 to 01:00", 3 * 3600),
            ("10h00 - 10h01", 60),
        ] {
            let e = err(range);
            let fixed = help(&e).split('`').nth(1).expect("a suggestion");
            assert_eq!(secs(fixed), seconds, "{range} → {fixed}");
        }
        // Equal ends: no length to suggest.
        let e = err("14h30 - 14h30");
        assert!(e.message.contains("time range"), "{e:?}");
        assert!(help(&e).contains("e.g. `25 minutes`"), "{e:?}");
        // Not times of day: the usual messages.
        assert!(!err("1h - 2h").message.contains("time range"));
        assert!(!err("25h30 - 26h").message.contains("time range"));
        assert!(!err("14h30 - 14h55 et plus").message.contains("time range"));
    }

    #[test]
    fn errors() {
        let e = err("");
        assert_eq!(e.message, "no duration");
        let e = err("   ");
        assert_eq!(e.message, "no duration");
        let e = err("25");
        assert_eq!(e.message, "`25` has no unit");
        assert_eq!(help(&e), "add a unit, e.g. `25 minutes`");
        let e = err("1,5");
        assert!(e.message.contains("no unit"), "{e:?}");
        let e = err("25 minuets");
        assert_eq!(e.message, "unknown duration unit `minuets`");
        assert_eq!(help(&e), "did you mean `minutes`?");
        let e = err("25 heurs");
        assert_eq!(help(&e), "did you mean `heures`?");
        let e = err("25 fortnights");
        assert!(help(&e).contains("semaines/weeks"), "{e:?}");
        let e = err("-5 minutes");
        assert!(e.message.contains("negative"), "{e:?}");
        let e = err("~-5 minutes");
        assert!(e.message.contains("negative"), "{e:?}");
        let e = err("1h30h");
        assert!(e.message.contains("hours are given twice"), "{e:?}");
        let e = err("1h30 20 min");
        assert!(e.message.contains("minutes are given twice"), "{e:?}");
        let e = err("1h75");
        assert!(e.message.contains("60 or more"), "{e:?}");
        let e = err("1:75");
        assert!(e.message.contains("60 or more"), "{e:?}");
        let e = err("1:30:75");
        assert!(e.message.contains("60 or more"), "{e:?}");
        let e = err("1:5");
        assert!(e.message.contains("`H:MM`"), "{e:?}");
        let e = err("1:30 h");
        assert!(help(&e).contains("not both"), "{e:?}");
        let e = err("en cours");
        assert_eq!(e.message, "`en cours` is not a duration");
        let e = err("ongoing");
        assert_eq!(e.message, "`ongoing` is not a duration");
        let e = err("[X minutes/heures]");
        assert!(e.message.contains("not a duration"), "{e:?}");
        let e = err("environ 25 minutes");
        assert_eq!(help(&e), "write `~25 minutes` for an approximate duration");
        let e = err("minutes");
        assert!(e.message.contains("not a duration"), "{e:?}");
        let e = err("1 h minutes");
        assert!(e.message.contains("no number before `minutes`"), "{e:?}");
        let e = err("1 h et");
        assert!(e.message.contains("`et`"), "{e:?}");
        let e = err("25 min!");
        assert!(e.message.contains("unexpected `!`"), "{e:?}");
        let e = err("1m30");
        assert_eq!(help(&e), "add a unit, e.g. `30 seconds`");
        let e = err("~");
        assert!(e.message.contains("no duration after"), "{e:?}");
        let e = err("1.5.5 h");
        assert!(e.message.contains("unexpected"), "{e:?}");
    }

    #[test]
    fn overflow_is_an_error() {
        let e = err("99999999999999999999 weeks");
        assert!(e.message.contains("too long"), "{e:?}");
        let e = err(&format!("{} s", "9".repeat(10_000)));
        assert!(e.message.contains("too long"), "{e:?}");
        assert!(e.message.chars().count() < 100, "{e:?}");
        let e = err(&format!("{}:00", "9".repeat(100)));
        assert!(e.message.contains("too long"), "{e:?}");
        let e = err("30000000000000000000000000 weeks 1 s");
        assert!(e.message.contains("too long"), "{e:?}");
        assert_eq!(secs(&format!("{}1 s", "0".repeat(10_000))), 1);
        assert_eq!(secs(&format!("1.{} s", "0".repeat(10_000))), 1);
        assert_eq!(secs("18446744073709551615 s"), u64::MAX);
        assert!(parse_duration("18446744073709551616 s").is_err());
    }
}
