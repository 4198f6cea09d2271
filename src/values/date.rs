//! Dates and times of incidents (spec §6): with or without offset, or a day alone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::cursor::Cursor;
use super::{ValueError, quote};

/// A point in time from a report. A date without a time is stored as 00:00 in the site's time
/// zone with `has_time` false, so it sorts as midnight and is shown without a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    pub instant: DateTime<FixedOffset>,
    pub has_time: bool,
}

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in one of the accepted forms.
    Invalid(ValueError),
    /// A local time inside a daylight saving gap of the site's time zone.
    Nonexistent(ValueError),
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Invalid(e) | DateError::Nonexistent(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DateError::Invalid(e) | DateError::Nonexistent(e) => Some(e),
        }
    }
}

/// Parses `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]`, each with an optional offset
/// (`+01:00`, `+0100`, `Z`), or `YYYY-MM-DD` alone. Without an offset the time is in `tz`.
/// Returns the timestamp and, for an ambiguous local time, a warning message (the earlier
/// instant is taken).
pub fn parse_date(text: &str, tz: Tz) -> Result<(Timestamp, Option<String>), DateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(ValueError::new("no date").with_help(FORM_HELP)));
    }
    let parsed = parse_parts(text).map_err(DateError::Invalid)?;
    let naive = NaiveDateTime::new(parsed.date, parsed.time.unwrap_or(NaiveTime::MIN));

    if let Some(offset) = parsed.offset {
        let instant = offset
            .from_local_datetime(&naive)
            .single()
            .ok_or_else(|| invalid(ValueError::new(format!("{} is out of range", quote(text)))))?;
        let timestamp = Timestamp {
            instant,
            has_time: parsed.time.is_some(),
        };
        return Ok((timestamp, None));
    }

    if parsed.time.is_none() {
        // A day alone: 00:00 local, or the first instant of the day if midnight is skipped.
        let instant = first_instant_of_day(tz, naive)
            .ok_or_else(|| invalid(ValueError::new(format!("{} is out of range", quote(text)))))?;
        let timestamp = Timestamp {
            instant,
            has_time: false,
        };
        return Ok((timestamp, None));
    }

    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(dt) => Ok((
            Timestamp {
                instant: dt.fixed_offset(),
                has_time: true,
            },
            None,
        )),
        chrono::LocalResult::Ambiguous(a, b) => {
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            let first = first.fixed_offset();
            let second = second.fixed_offset();
            let local = format_local(&naive);
            let warning = format!(
                "`{local}` happens twice in {tz} (clocks went back that night): taken as the \
                 first one, at {first_off}; write `{local}{second_off}` for the second one, or \
                 `{local}{first_off}` to silence this warning",
                first_off = format_offset(first.offset().local_minus_utc()),
                second_off = format_offset(second.offset().local_minus_utc()),
            );
            Ok((
                Timestamp {
                    instant: first,
                    has_time: true,
                },
                Some(warning),
            ))
        }
        chrono::LocalResult::None => {
            let message = format!(
                "`{}` does not exist in {tz}: it falls in the daylight saving gap",
                format_local(&naive)
            );
            let help = match find_gap(tz, naive) {
                Some(gap) => format!(
                    "clocks jumped from {} to {} that night; write the time after the change, \
                     or give an offset like `{}`",
                    format_clock(gap.start.time()),
                    format_clock(gap.end.time()),
                    format_offset(gap.before.local_minus_utc()),
                ),
                None => "write the time after the change, or give an offset like `+01:00`".into(),
            };
            Err(DateError::Nonexistent(
                ValueError::new(message).with_help(help),
            ))
        }
    }
}

const FORM_HELP: &str = "write dates as `YYYY-MM-DD HH:MM`, e.g. `2025-01-15 14:30`";
const OFFSET_HELP: &str =
    "give an offset like `+01:00`, `-05:00` or `Z`, or leave it out to use the site's time zone";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn invalid(error: ValueError) -> DateError {
    DateError::Invalid(error)
}

/// The pieces of a date as written.
struct Parts {
    date: NaiveDate,
    time: Option<NaiveTime>,
    offset: Option<FixedOffset>,
}

/// Value of a run of ASCII digits (at most a few, checked by callers).
fn number(digits: &str) -> u32 {
    digits.bytes().fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

fn parse_parts(text: &str) -> Result<Parts, ValueError> {
    let mut cur = Cursor::new(text);
    let date = parse_day(&mut cur, text)?;

    if cur.at_end() {
        return Ok(Parts {
            date,
            time: None,
            offset: None,
        });
    }

    // The separator between the day and the time.
    let separated = cur.eat('T') || cur.eat('t') || cur.skip_whitespace();
    if !separated {
        let c = cur.peek().unwrap_or(' ');
        return Err(
            ValueError::new(format!("unexpected `{c}` after the day in {}", quote(text)))
                .with_help(FORM_HELP),
        );
    }
    if cur.at_end() {
        return Err(
            ValueError::new(format!("no time after the day in {}", quote(text)))
                .with_help(FORM_HELP),
        );
    }
    let time = parse_time(&mut cur, text)?;
    cur.skip_whitespace();
    let offset = if cur.at_end() {
        None
    } else {
        Some(parse_offset(&mut cur, text)?)
    };
    cur.skip_whitespace();
    if !cur.at_end() {
        return Err(ValueError::new(format!(
            "unexpected {} at the end of {}",
            quote(cur.rest()),
            quote(text)
        ))
        .with_help(OFFSET_HELP));
    }
    Ok(Parts {
        date,
        time: Some(time),
        offset,
    })
}

/// `YYYY-MM-DD`, with a targeted message for the other common ways of writing a day.
fn parse_day(cur: &mut Cursor, text: &str) -> Result<NaiveDate, ValueError> {
    let start = cur.pos;
    let first = cur.digits();
    if first.len() != 4 || !cur.eat('-') {
        cur.pos = start;
        return Err(other_day_form(text));
    }
    let month_digits = cur.digits();
    if month_digits.is_empty() || !cur.eat('-') {
        return Err(other_day_form(text));
    }
    let day_digits = cur.digits();
    if day_digits.is_empty() {
        return Err(other_day_form(text));
    }
    // A digit run followed directly by a letter other than the `T` separator, e.g. `2025-01-15h`.
    if let Some(c) = cur.peek()
        && c.is_alphanumeric()
        && c != 'T'
        && c != 't'
    {
        return Err(
            ValueError::new(format!("unexpected `{c}` after the day in {}", quote(text)))
                .with_help(FORM_HELP),
        );
    }
    if month_digits.len() != 2 || day_digits.len() != 2 {
        let help = if month_digits.len() <= 2 && day_digits.len() <= 2 {
            format!(
                "write months and days with two digits: `{}-{:0>2}-{:0>2}`",
                first, month_digits, day_digits
            )
        } else {
            FORM_HELP.to_string()
        };
        return Err(
            ValueError::new(format!("{} is not in the `YYYY-MM-DD` form", quote(text)))
                .with_help(help),
        );
    }
    let year = number(first) as i32;
    let month = number(month_digits);
    let day = number(day_digits);
    if !(1..=12).contains(&month) {
        let mut error = ValueError::new(format!("there is no month {month_digits}"));
        error = if (1..=12).contains(&day) {
            error.with_help(format!(
                "write dates as `YYYY-MM-DD` (year, month, day): did you mean `{first}-{day_digits}-{month_digits}`?"
            ))
        } else {
            error.with_help("months go from 01 to 12; write dates as `YYYY-MM-DD`")
        };
        return Err(error);
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let last = days_in_month(year, month);
        ValueError::new(format!(
            "{} {year} has no day {day}",
            MONTHS[(month - 1) as usize]
        ))
        .with_help(format!(
            "{} {year} has {last} days",
            MONTHS[(month - 1) as usize]
        ))
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28)
}

/// The error for a day not written `YYYY-MM-DD`: `15/01/2025`, `01.15.2025`, `2025/01/15`...
/// The help shows the date rewritten: day first when both numbers could be the month (as
/// French writers mean `04/03/2025`), and then it says so and gives the other reading.
fn other_day_form(text: &str) -> ValueError {
    let message = format!(
        "{} is not a date in the `YYYY-MM-DD HH:MM` form",
        quote(text)
    );
    let help = match rewrite_day(text) {
        Some(Rewritten::Sure(fixed)) => format!("write dates as `YYYY-MM-DD HH:MM`: `{fixed}`"),
        Some(Rewritten::DayFirst {
            fixed,
            first,
            second,
            other,
        }) => format!(
            "write dates as `YYYY-MM-DD HH:MM`: `{fixed}` (read day first: {first} {}); \
             for {second} {} write `{other}`",
            MONTHS[(second - 1) as usize],
            MONTHS[(first - 1) as usize],
        ),
        None => FORM_HELP.to_string(),
    };
    ValueError::new(message).with_help(help)
}

/// A day written another way, rewritten as `YYYY-MM-DD`.
enum Rewritten {
    /// Only one reading is possible (`15/01/2025`, `2025/01/15`).
    Sure(String),
    /// Both numbers could be the month (`04/03/2025`, `first` 4 and `second` 3): read day
    /// first, as French writers mean; `other` is the month-first reading.
    DayFirst {
        fixed: String,
        first: u32,
        second: u32,
        other: String,
    },
}

fn rewrite_day(text: &str) -> Option<Rewritten> {
    let mut cur = Cursor::new(text);
    let a = cur.digits();
    let sep = cur.eat_if(|c| matches!(c, '/' | '.' | '-'))?;
    let b = cur.digits();
    if !cur.eat(sep) {
        return None;
    }
    let c = cur.digits();
    if a.is_empty() || b.is_empty() || c.is_empty() || a.len() > 4 || b.len() > 2 {
        return None;
    }
    let rest = rewrite_time(cur.rest());
    let candidate =
        |year: &str, month: &str, day: &str| format!("{year}-{month:0>2}-{day:0>2}{rest}");
    let valid = |date: String| parse_parts(&date).ok().map(|_| date);
    if a.len() == 4 && c.len() <= 2 {
        // `2025/01/15`
        return valid(candidate(a, b, c)).map(Rewritten::Sure);
    }
    if c.len() != 4 || a.len() > 2 {
        return None;
    }
    let (x, y) = (number(a), number(b));
    if x > 12 && y <= 12 {
        valid(candidate(c, b, a)).map(Rewritten::Sure)
    } else if y > 12 && x <= 12 {
        valid(candidate(c, a, b)).map(Rewritten::Sure)
    } else if x == y {
        // `04/04/2025`: both readings are the same day.
        valid(candidate(c, b, a)).map(Rewritten::Sure)
    } else if (1..=12).contains(&x) && (1..=12).contains(&y) {
        Some(Rewritten::DayFirst {
            fixed: valid(candidate(c, b, a))?,
            first: x,
            second: y,
            other: valid(candidate(c, a, b))?,
        })
    } else {
        None
    }
}

/// What follows a rewritten day, with a time written `9:05`, `9h05` or `14h` made `HH:MM`:
/// ` 9h05` gives ` 09:05`. Anything else is kept as written.
fn rewrite_time(rest: &str) -> String {
    let trimmed = rest.trim_start();
    let spaces = &rest[..rest.len() - trimmed.len()];
    let mut cur = Cursor::new(trimmed);
    let hours = cur.digits();
    let mark = cur.eat_if(|c| matches!(c, ':' | 'h' | 'H'));
    let minutes = cur.digits();
    let fits = !spaces.is_empty()
        && (1..=2).contains(&hours.len())
        && mark.is_some()
        && (minutes.len() == 2 || (minutes.is_empty() && mark != Some(':')));
    if !fits || cur.peek().is_some_and(|c| c.is_alphanumeric() || c == ':') {
        return rest.to_string();
    }
    let minutes = if minutes.is_empty() { "00" } else { minutes };
    format!(" {hours:0>2}:{minutes}{}", cur.rest())
}

/// The help for a time not written `HH:MM`.
const TIME_HELP: &str = "write times as `HH:MM`, e.g. `14:30`";

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`.
fn parse_time(cur: &mut Cursor, text: &str) -> Result<NaiveTime, ValueError> {
    let hour_digits = cur.digits();
    if hour_digits.is_empty() {
        return Err(
            ValueError::new(format!("no time after the day in {}", quote(text)))
                .with_help(FORM_HELP),
        );
    }
    // The French `14h30`.
    if matches!(cur.peek(), Some('h' | 'H')) {
        return Err(french_hour(cur, text, hour_digits));
    }
    if !cur.eat(':') {
        return Err(
            ValueError::new(format!("no minutes in the time of {}", quote(text)))
                .with_help(TIME_HELP),
        );
    }
    let minute_digits = cur.digits();
    if hour_digits.len() != 2 || minute_digits.len() != 2 {
        let help = if hour_digits.len() <= 2
            && minute_digits.len() <= 2
            && !minute_digits.is_empty()
        {
            format!(
                "write times with two-digit hours and minutes: `{hour_digits:0>2}:{minute_digits:0>2}`"
            )
        } else {
            TIME_HELP.to_string()
        };
        return Err(
            ValueError::new(format!("{} is not in the `HH:MM` form", quote(text))).with_help(help),
        );
    }
    let (second_digits, nanos) = parse_seconds(cur, text)?;
    time_of_day(text, [hour_digits, minute_digits, second_digits], nanos)
}

/// The error for the French `14h30` (the cursor on the `h`), with the time as `HH:MM` as
/// help when it is short enough to be one.
fn french_hour(cur: &mut Cursor, text: &str, hour_digits: &str) -> ValueError {
    let save = cur.pos;
    cur.pos += 1;
    let minutes = cur.digits();
    let help = if hour_digits.len() <= 2 && minutes.len() <= 2 {
        format!(
            "write times as `HH:MM`: `{:0>2}:{:0>2}`",
            hour_digits,
            if minutes.is_empty() { "00" } else { minutes }
        )
    } else {
        TIME_HELP.to_string()
    };
    cur.pos = save;
    ValueError::new(format!("{} is not in the `HH:MM` form", quote(text))).with_help(help)
}

/// The `:SS` and `.fff` after the minutes, when written: the seconds' digits (empty when
/// there are none) and the nanoseconds.
fn parse_seconds<'a>(cur: &mut Cursor<'a>, text: &str) -> Result<(&'a str, u32), ValueError> {
    let mut second_digits = "";
    let mut nanos = 0u32;
    if cur.eat(':') {
        second_digits = cur.digits();
        if second_digits.len() != 2 {
            return Err(
                ValueError::new(format!("{} has malformed seconds", quote(text)))
                    .with_help("write times as `HH:MM` or `HH:MM:SS`, e.g. `14:30:05`"),
            );
        }
        if cur.eat('.') || cur.eat(',') {
            let fraction = cur.digits();
            if fraction.is_empty() || fraction.len() > 9 {
                return Err(ValueError::new(format!(
                    "{} has malformed fractions of a second",
                    quote(text)
                ))
                .with_help("write at most nine digits after the seconds, or leave them out"));
            }
            nanos = number(fraction) * 10u32.pow(9 - fraction.len() as u32);
        }
    }
    Ok((second_digits, nanos))
}

/// The time of the hour, minute and second digits (the seconds' may be empty), each checked
/// to be in its range.
fn time_of_day(
    text: &str,
    [hour_digits, minute_digits, second_digits]: [&str; 3],
    nanos: u32,
) -> Result<NaiveTime, ValueError> {
    let hour = number(hour_digits);
    let minute = number(minute_digits);
    let second = if second_digits.is_empty() {
        0
    } else {
        number(second_digits)
    };
    if hour > 23 {
        let help = if hour == 24 && minute == 0 && second == 0 {
            "write `00:00` of the next day".to_string()
        } else {
            "hours go from 00 to 23".to_string()
        };
        return Err(ValueError::new(format!("there is no hour {hour_digits}")).with_help(help));
    }
    if minute > 59 {
        return Err(
            ValueError::new(format!("there is no minute {minute_digits}"))
                .with_help("minutes go from 00 to 59"),
        );
    }
    if second > 59 {
        return Err(
            ValueError::new(format!("there is no second {second_digits}"))
                .with_help("seconds go from 00 to 59"),
        );
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
        .ok_or_else(|| ValueError::new(format!("{} is not a valid time", quote(text))))
}

/// `Z`, `UTC`, `GMT` (optionally followed by an offset), `+01:00`, `+0100`, `+01`.
fn parse_offset(cur: &mut Cursor, text: &str) -> Result<FixedOffset, ValueError> {
    let named = cur.eat('Z') || cur.eat('z') || cur.eat_word("UTC") || cur.eat_word("GMT");
    if named {
        let save = cur.pos;
        cur.skip_whitespace();
        if !matches!(cur.peek(), Some('+' | '-' | '\u{2212}')) {
            cur.pos = save;
            return Ok(FixedOffset::east_opt(0).expect("zero is a valid offset"));
        }
    }
    let sign = match cur.eat_if(|c| matches!(c, '+' | '-' | '\u{2212}')) {
        Some('+') => 1,
        Some(_) => -1,
        None => {
            let word: String = cur
                .rest()
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            return Err(ValueError::new(format!(
                "unknown time zone {} in {}",
                quote(&word),
                quote(text)
            ))
            .with_help(OFFSET_HELP));
        }
    };
    let bad_offset = || {
        ValueError::new(format!("malformed offset in {}", quote(text)))
            .with_help("write offsets as `+01:00`, `-05:00`, `+0100` or `Z`")
    };
    let hours = cur.digits();
    let minutes = match hours.len() {
        2 => {
            if cur.eat(':') {
                let m = cur.digits();
                if m.len() != 2 {
                    return Err(bad_offset());
                }
                m
            } else {
                "00"
            }
        }
        4 => &hours[2..],
        _ => return Err(bad_offset()),
    };
    let (h, m) = (number(&hours[..2]), number(minutes));
    if m > 59 {
        return Err(bad_offset());
    }
    if h * 60 + m > 14 * 60 {
        return Err(ValueError::new(format!(
            "offset `{}{:0>2}:{:0>2}` is too large",
            if sign > 0 { '+' } else { '-' },
            h,
            m
        ))
        .with_help("offsets go from `-12:00` to `+14:00`"));
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60) as i32).ok_or_else(bad_offset)
}

/// 00:00 of a day in `tz`, or the end of the daylight saving gap if midnight is skipped.
fn first_instant_of_day(tz: Tz, midnight: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    if let Some(dt) = tz.from_local_datetime(&midnight).earliest() {
        return Some(dt.fixed_offset());
    }
    if let Some(gap) = find_gap(tz, midnight) {
        return Some(tz.from_utc_datetime(&gap.utc).fixed_offset());
    }
    // Unusual data: walk forward a minute at a time.
    (1..=48 * 60)
        .filter_map(|m| midnight.checked_add_signed(chrono::Duration::minutes(m)))
        .find_map(|t| tz.from_local_datetime(&t).earliest())
        .map(|dt| dt.fixed_offset())
}

/// A daylight saving gap: local times in `start..end` do not exist.
struct Gap {
    /// The instant of the change.
    utc: NaiveDateTime,
    start: NaiveDateTime,
    end: NaiveDateTime,
    /// The offset in force before the change.
    before: FixedOffset,
}

/// The gap around a nonexistent local time, found by bisecting the instants of the two days
/// around it.
fn find_gap(tz: Tz, local: NaiveDateTime) -> Option<Gap> {
    let day = chrono::Duration::days(1);
    let lo = local.checked_sub_signed(day)?;
    let offset_at = |utc: NaiveDateTime| tz.offset_from_utc_datetime(&utc).fix();
    let before = offset_at(lo);
    let after = offset_at(local.checked_add_signed(day)?);
    if before == after || after.local_minus_utc() <= before.local_minus_utc() {
        return None;
    }
    // The first second in (lo, lo + 2 days] whose offset is not `before`.
    let (mut low, mut high) = (0i64, 2 * 86_400i64);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if offset_at(lo + chrono::Duration::seconds(mid)) == before {
            low = mid;
        } else {
            high = mid;
        }
    }
    let utc = lo + chrono::Duration::seconds(high);
    let new = offset_at(utc);
    let start = utc + chrono::Duration::seconds(i64::from(before.local_minus_utc()));
    let end = utc + chrono::Duration::seconds(i64::from(new.local_minus_utc()));
    if !(start <= local && local < end) {
        return None;
    }
    Some(Gap {
        utc,
        start,
        end,
        before,
    })
}

/// `+01:00`, `-05:00`, `+05:30`, or `+00:09:21` for old local mean times.
fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    if s.is_multiple_of(60) {
        format!("{sign}{:02}:{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// `02:00`, with seconds only when there are some.
fn format_clock(time: NaiveTime) -> String {
    if time.format("%S").to_string() == "00" {
        time.format("%H:%M").to_string()
    } else {
        time.format("%H:%M:%S").to_string()
    }
}

fn format_local(naive: &NaiveDateTime) -> String {
    format!(
        "{} {}",
        naive.date().format("%Y-%m-%d"),
        format_clock(naive.time())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Europe, UTC};

    fn ok(text: &str, tz: Tz) -> (Timestamp, Option<String>) {
        parse_date(text, tz).unwrap_or_else(|e| panic!("{text:?} refused: {e:?}"))
    }

    fn rfc(text: &str, tz: Tz) -> String {
        ok(text, tz).0.instant.to_rfc3339()
    }

    fn invalid(text: &str) -> ValueError {
        match parse_date(text, Europe::Paris) {
            Err(DateError::Invalid(e)) => e,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    fn help(e: &ValueError) -> &str {
        e.help.as_deref().unwrap_or("")
    }

    #[test]
    fn accepted_forms() {
        let paris = Europe::Paris;
        for text in [
            "2025-01-15 14:30",
            "2025-01-15T14:30",
            "2025-01-15t14:30",
            "2025-01-15   14:30",
            "  2025-01-15 14:30\t",
            "2025-01-15 14:30:00",
            "2025-01-15T14:30:00",
            "2025-01-15 14:30+01:00",
            "2025-01-15 14:30 +01:00",
            "2025-01-15T14:30:00+0100",
            "2025-01-15 14:30 +01",
            "2025-01-15 13:30Z",
            "2025-01-15T13:30:00z",
            "2025-01-15 13:30 UTC",
            "2025-01-15 13:30utc",
            "2025-01-15 13:30 GMT",
            "2025-01-15 08:30-05:00",
            "2025-01-15 08:30 \u{2212}0500",
            "2025-01-15 15:30 UTC+02:00",
        ] {
            let (ts, warning) = ok(text, paris);
            assert!(ts.has_time, "{text}");
            assert_eq!(warning, None, "{text}");
            assert_eq!(
                ts.instant.timestamp(),
                1_736_947_800,
                "{text} gave {}",
                ts.instant
            );
        }
    }

    #[test]
    fn the_offset_in_force_is_kept() {
        assert_eq!(
            rfc("2025-01-15 14:30", Europe::Paris),
            "2025-01-15T14:30:00+01:00"
        );
        assert_eq!(
            rfc("2025-07-15 14:30", Europe::Paris),
            "2025-07-15T14:30:00+02:00"
        );
        assert_eq!(rfc("2025-01-15 14:30", UTC), "2025-01-15T14:30:00+00:00");
        assert_eq!(
            rfc("2025-01-15 14:30-05:00", Europe::Paris),
            "2025-01-15T14:30:00-05:00"
        );
        assert_eq!(
            rfc("2025-01-15 14:30Z", Europe::Paris),
            "2025-01-15T14:30:00+00:00"
        );
        assert_eq!(rfc("2025-01-15 14:30:07", UTC), "2025-01-15T14:30:07+00:00");
        assert_eq!(
            rfc("2025-01-15 14:30:07.25", UTC),
            "2025-01-15T14:30:07.250+00:00"
        );
    }

    #[test]
    fn a_day_alone_is_midnight_without_time() {
        let (ts, warning) = ok("2025-01-15", Europe::Paris);
        assert!(!ts.has_time);
        assert_eq!(warning, None);
        assert_eq!(ts.instant.to_rfc3339(), "2025-01-15T00:00:00+01:00");
        // Midnight skipped by daylight saving: the first instant of the day.
        let (ts, _) = ok("2018-11-04", America::Sao_Paulo);
        assert!(!ts.has_time);
        assert_eq!(ts.instant.to_rfc3339(), "2018-11-04T01:00:00-02:00");
        // Midnight twice: the earlier one, no warning.
        let (ts, warning) = ok("2024-11-03", America::Havana);
        assert_eq!(warning, None);
        assert_eq!(ts.instant.to_rfc3339(), "2024-11-03T00:00:00-04:00");
        let (ts, warning) = ok("2024-11-03 00:30", America::Havana);
        assert!(warning.is_some());
        assert_eq!(ts.instant.to_rfc3339(), "2024-11-03T00:30:00-04:00");
    }

    #[test]
    fn a_time_in_the_gap_does_not_exist() {
        let Err(DateError::Nonexistent(e)) = parse_date("2025-03-30 02:30", Europe::Paris) else {
            panic!("expected a gap")
        };
        assert!(e.message.contains("Europe/Paris"), "{e:?}");
        assert!(e.message.contains("2025-03-30 02:30"), "{e:?}");
        assert_eq!(
            help(&e),
            "clocks jumped from 02:00 to 03:00 that night; write the time after the change, \
             or give an offset like `+01:00`"
        );
        let Err(DateError::Nonexistent(e)) = parse_date("2025-03-09 02:15", America::New_York)
        else {
            panic!("expected a gap")
        };
        assert!(help(&e).contains("from 02:00 to 03:00"), "{e:?}");
        assert!(help(&e).contains("`-05:00`"), "{e:?}");
        // With an offset, the same wall time is fine.
        assert_eq!(
            rfc("2025-03-30 02:30+01:00", Europe::Paris),
            "2025-03-30T02:30:00+01:00"
        );
        // Around the gap.
        assert_eq!(
            rfc("2025-03-30 01:59", Europe::Paris),
            "2025-03-30T01:59:00+01:00"
        );
        assert_eq!(
            rfc("2025-03-30 03:00", Europe::Paris),
            "2025-03-30T03:00:00+02:00"
        );
    }

    #[test]
    fn an_ambiguous_time_takes_the_earlier_instant_with_a_warning() {
        let (ts, warning) = ok("2025-10-26 02:30", Europe::Paris);
        assert_eq!(ts.instant.to_rfc3339(), "2025-10-26T02:30:00+02:00");
        let warning = warning.expect("a warning");
        assert!(
            warning.contains("+02:00") && warning.contains("+01:00"),
            "{warning}"
        );
        assert!(warning.contains("Europe/Paris"), "{warning}");
        // An explicit offset picks the other one, silently.
        let (ts, warning) = ok("2025-10-26 02:30+01:00", Europe::Paris);
        assert_eq!(ts.instant.to_rfc3339(), "2025-10-26T02:30:00+01:00");
        assert_eq!(warning, None);
    }

    #[test]
    fn other_day_forms_get_the_right_help() {
        let e = invalid("15/01/2025 14:30");
        assert!(help(&e).contains("YYYY-MM-DD HH:MM"), "{e:?}");
        assert!(help(&e).contains("`2025-01-15 14:30`"), "{e:?}");
        // Both numbers could be the month: day first, as French writers mean, and said so.
        let e = invalid("01/02/2025");
        assert_eq!(
            help(&e),
            "write dates as `YYYY-MM-DD HH:MM`: `2025-02-01` (read day first: 1 February); \
             for 2 January write `2025-01-02`"
        );
        let e = invalid("2025/01/15 14:30");
        assert!(help(&e).contains("`2025-01-15 14:30`"), "{e:?}");
        let e = invalid("15.01.2025");
        assert!(help(&e).contains("`2025-01-15`"), "{e:?}");
        let e = invalid("January 15, 2025");
        assert!(e.message.contains("not a date"), "{e:?}");
        let e = invalid("2025-1-5 14:30");
        assert!(help(&e).contains("`2025-01-05`"), "{e:?}");
        let e = invalid("25-01-15");
        assert!(help(&e).contains("YYYY-MM-DD"), "{e:?}");
    }

    #[test]
    fn day_month_year_is_read_day_first() {
        let e = invalid("04/03/2025 09:05");
        assert_eq!(
            help(&e),
            "write dates as `YYYY-MM-DD HH:MM`: `2025-03-04 09:05` (read day first: 4 March); \
             for 3 April write `2025-04-03 09:05`"
        );
        // A first number over 12 can only be the day: no other reading offered.
        let e = invalid("25/12/2024 23:10");
        assert_eq!(
            help(&e),
            "write dates as `YYYY-MM-DD HH:MM`: `2024-12-25 23:10`"
        );
        // The same day either way.
        let e = invalid("04/04/2025");
        assert_eq!(help(&e), "write dates as `YYYY-MM-DD HH:MM`: `2025-04-04`");
        // Months over 12 in the second place: read month first (`12/25/2024`).
        let e = invalid("12/25/2024");
        assert_eq!(help(&e), "write dates as `YYYY-MM-DD HH:MM`: `2024-12-25`");
        // French times are rewritten too.
        let e = invalid("4/3/2025 9h05");
        assert!(help(&e).contains("`2025-03-04 09:05`"), "{e:?}");
        let e = invalid("15.01.2025 14h");
        assert!(help(&e).contains("`2025-01-15 14:00`"), "{e:?}");
        let e = invalid("04-03-2025T09:05");
        assert!(help(&e).contains("`2025-03-04T09:05`"), "{e:?}");
        // Neither can be a month, or no such day: no rewriting.
        let e = invalid("31/31/2025");
        assert_eq!(help(&e), FORM_HELP);
        let e = invalid("31/02/2025");
        assert_eq!(help(&e), FORM_HELP);
        // Every suggestion is accepted, with the day the writer meant.
        for (written, meant) in [
            ("04/03/2025 09:05", "2025-03-04T09:05:00+01:00"),
            ("4/3/2025 9h05", "2025-03-04T09:05:00+01:00"),
            ("25/12/2024 23:10", "2024-12-25T23:10:00+01:00"),
        ] {
            let e = invalid(written);
            let fixed = help(&e).split('`').nth(3).expect("a rewritten date");
            assert_eq!(rfc(fixed, Europe::Paris), meant, "{written}");
        }
    }

    #[test]
    fn out_of_range_fields() {
        let e = invalid("2025-02-30");
        assert_eq!(e.message, "February 2025 has no day 30");
        assert!(help(&e).contains("28 days"), "{e:?}");
        assert!(parse_date("2024-02-29", UTC).is_ok());
        let e = invalid("2025-02-29 10:00");
        assert_eq!(e.message, "February 2025 has no day 29");
        let e = invalid("2025-04-31");
        assert_eq!(e.message, "April 2025 has no day 31");
        let e = invalid("2025-01-00");
        assert_eq!(e.message, "January 2025 has no day 0");
        let e = invalid("2025-13-01");
        assert!(e.message.contains("no month 13"), "{e:?}");
        assert!(help(&e).contains("`2025-01-13`"), "{e:?}");
        let e = invalid("2025-00-15");
        assert!(e.message.contains("no month 00"), "{e:?}");
        let e = invalid("2025-01-15 25:00");
        assert!(e.message.contains("no hour 25"), "{e:?}");
        let e = invalid("2025-01-15 24:00");
        assert!(help(&e).contains("00:00` of the next day"), "{e:?}");
        let e = invalid("2025-01-15 14:60");
        assert!(e.message.contains("no minute 60"), "{e:?}");
        let e = invalid("2025-01-15 14:30:60");
        assert!(e.message.contains("no second 60"), "{e:?}");
    }

    #[test]
    fn malformed_times_and_offsets() {
        let e = invalid("2025-01-15 14h30");
        assert!(help(&e).contains("`14:30`"), "{e:?}");
        let e = invalid("2025-01-15 9:30");
        assert!(help(&e).contains("`09:30`"), "{e:?}");
        let e = invalid("2025-01-15 14");
        assert!(e.message.contains("no minutes"), "{e:?}");
        let e = invalid("2025-01-15T");
        assert!(e.message.contains("no time"), "{e:?}");
        let e = invalid("2025-01-15 14:30 CET");
        assert!(e.message.contains("unknown time zone `CET`"), "{e:?}");
        assert!(help(&e).contains("+01:00"), "{e:?}");
        let e = invalid("2025-01-15 14:30+1");
        assert!(e.message.contains("malformed offset"), "{e:?}");
        let e = invalid("2025-01-15 14:30+01:0");
        assert!(e.message.contains("malformed offset"), "{e:?}");
        let e = invalid("2025-01-15 14:30+15:00");
        assert!(e.message.contains("too large"), "{e:?}");
        let e = invalid("2025-01-15 14:30+01:00 extra");
        assert!(e.message.contains("`extra`"), "{e:?}");
        let e = invalid("2025-01-15 14:30:00.1234567890");
        assert!(e.message.contains("fractions"), "{e:?}");
        let e = invalid("2025-01-15x");
        assert!(e.message.contains("unexpected `x`"), "{e:?}");
        let e = invalid("");
        assert_eq!(e.message, "no date");
        let e = invalid("[YYYY-MM-DD HH:MM]");
        assert!(help(&e).contains("YYYY-MM-DD HH:MM"), "{e:?}");
    }

    #[test]
    fn long_inputs_are_shortened_in_messages() {
        let long = format!("2025-01-15 14:30 {}", "x".repeat(1000));
        let e = invalid(&long);
        assert!(e.message.len() < 200, "{e:?}");
    }

    /// Signs, brackets, separators and units with little or nothing around them.
    const SEPARATORS_ALONE: &[&str] = &[
        "", " ", "~", "≈", "~ ", "(", ")", "))", "((", "()", "( )", "~()", "1h30h", "h", "1", ":",
        "::", "1:", ":30", "1::30", "-", "--", "−", "+", ",", ".", "'", "$", "€", "US$", "$$",
        "€€5", "5€€", "1,", ",5", "1..5", "1 ,5",
    ];

    /// Emoji, combining marks, spaces of other kinds, NUL, a byte order mark, letters whose case mapping changes their length.
    const ODD_CHARACTERS: &[&str] = &[
        "😀",
        "5😀",
        "😀5 min",
        "2025-😀",
        "\u{301}",
        "e\u{301}",
        "5 e\u{301}",
        "\u{301}5",
        "2025-01-15\u{301}",
        "\u{a0}",
        "\u{202f}5\u{202f}",
        "\0",
        "\u{feff}2025-01-15",
        "ǅ5",
        "5 ǅ",
        "ß",
        "İ5 min",
        "5 İ",
        "1 ﬁ",
    ];

    /// Dates and times cut short, out of range, or at the ends of the calendar.
    const DATE_EDGES: &[&str] = &[
        "2025-01-15 14:30:00.",
        "2025-01-15 14:30:00.9999999999",
        "2025-01-15 14:30+",
        "2025-01-15 14:30+99:99",
        "2025-01-15 14:30Z+",
        "2025-01-15 14:30 UTC-",
        "0000-01-01",
        "9999-12-31 23:59:59",
        "9999-12-31 23:59-14:00",
        "0000-01-01 00:00+14:00",
    ];

    /// The template's placeholders, and the words that join or follow values.
    const PLACEHOLDERS_AND_WORDS: &[&str] = &[
        "[YYYY-MM-DD HH:MM]",
        "[X minutes/heures]",
        "[Si applicable]",
        "1h 1h",
        "1 et",
        "et 1 h",
        "and",
        ", 5 h",
        "5 h ,",
        "1h30 et 15",
        "1h,30",
        "5 to",
        "5 à",
        "à",
    ];

    /// Amounts with odd signs, brackets, groups and currencies.
    const AMOUNTS: &[&str] = &[
        "~~5",
        "≈~5",
        "5 (",
        "5 (a",
        "5 ((a))",
        "(a) 5",
        "1.2.3.4.5",
        "1,234,",
        "$5-",
        "1 234 56",
        "US",
        "us$",
        "5 US$",
        "€ 5 €",
        "£5€",
        "N/A 5",
        "5 N/A",
    ];

    /// Pieces of values, put together three by three to reach the corners between them.
    const FRAGMENTS: &[&str] = &[
        "",
        "1",
        "30",
        "1,5",
        "~",
        "$",
        "€",
        "EUR",
        "h",
        "min",
        " ",
        "-",
        ":",
        "(",
        ")",
        "T",
        "2025-01-15",
        "14:30",
        "+01:00",
        "Z",
        "et",
        ",",
        ".",
        "😀",
        "é",
        "\u{301}",
    ];

    /// Very long runs of digits, zeros and repeated pieces, in each kind of value.
    fn long_inputs() -> Vec<String> {
        let long_digits = "9".repeat(10_000);
        let long_zeros = format!("0.{}1", "0".repeat(10_000));
        vec![
            long_digits.clone(),
            format!("{long_digits} h"),
            format!("{long_digits}:00"),
            format!("1:{long_digits}"),
            format!("${long_digits}"),
            format!("{long_digits}.5 €"),
            format!("1,{long_digits}"),
            long_zeros.clone(),
            format!("{long_zeros} min"),
            format!("{long_digits}-01-01"),
            format!("2025-{long_digits}-01"),
            format!("2025-01-15 {long_digits}:00"),
            format!("2025-01-15 14:30+{long_digits}"),
            "(".repeat(1000),
            ")".repeat(1000),
            "1h".repeat(1000),
            "1,".repeat(1000),
            "😀".repeat(1000),
        ]
    }

    /// No input may make any of the three value parsers panic.
    #[test]
    fn odd_inputs_never_panic() {
        use crate::values::{parse_duration, parse_money};
        let mut inputs: Vec<String> = [
            SEPARATORS_ALONE,
            ODD_CHARACTERS,
            DATE_EDGES,
            PLACEHOLDERS_AND_WORDS,
            AMOUNTS,
        ]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect();
        inputs.extend(long_inputs());
        // Every triple of some fragments, to reach the corners between the pieces.
        for a in FRAGMENTS {
            for b in FRAGMENTS {
                for c in FRAGMENTS {
                    inputs.push(format!("{a}{b}{c}"));
                }
            }
        }
        for text in &inputs {
            for tz in [UTC, Europe::Paris, America::Sao_Paulo] {
                let _ = parse_date(text, tz);
            }
            let _ = parse_duration(text);
            let _ = parse_money(text, "EUR");
        }
    }
}
