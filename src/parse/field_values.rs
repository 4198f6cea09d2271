//! The values of the report's fields: each read from its text (type, severity, duration,
//! user impact, dates, amounts), and a field given in two places checked to agree.

use super::lines::is_placeholder;
use super::{Field, Parser, Raw};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::incident::{IncidentDuration, Kind, Severity, Spanned, Trigger, UserImpact};
use crate::text::fold;
use crate::values::{DateError, Money, Timestamp, parse_date, parse_duration, parse_money};

/// The words (folded) that start a user impact saying users were affected.
pub const IMPACT_YES: [&str; 3] = ["oui", "yes", "true"];
/// The words (folded) that start a user impact saying they were not.
pub const IMPACT_NO: [&str; 3] = ["non", "no", "false"];
/// The words (folded) of a duration that says the incident is still going on.
pub const ONGOING: [&str; 4] = ["en cours", "ongoing", "in progress", "en cours..."];
/// What may stand between the yes or no of a user impact and its description.
pub const IMPACT_SEPARATORS: [&str; 5] = ["—", "–", "-", ":", ","];

impl Parser<'_> {
    /// Checks what every value shares: not empty, not a placeholder. Returns the trimmed text.
    pub(super) fn filled<'r>(
        &mut self,
        raw: &'r Raw,
        label: &str,
        expected: &str,
    ) -> Option<&'r str> {
        let text = raw.text.trim();
        if text.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    self.at(raw.span),
                    format!("`{label}` has no value"),
                )
                .with_label(format!("expected {expected}")),
            );
            return None;
        }
        if is_placeholder(text) {
            self.push(
                Diagnostic::new(
                    Code::Placeholder,
                    self.at(raw.span),
                    format!("template placeholder not filled in: `{label}`"),
                )
                .with_label(format!("expected {expected}")),
            );
            return None;
        }
        Some(text)
    }

    pub(super) fn kind(&mut self, raw: &Raw) -> Option<Kind> {
        let english = self.english();
        let label = Field::Type.label(english);
        let text = self.filled(raw, label, Field::Type.expected(english))?;
        let kind = Kind::parse(text);
        if kind.is_none() {
            let help = closest(text, Kind::spellings())
                .and_then(Kind::parse)
                .map(|k| {
                    format!(
                        "did you mean `{}`?",
                        if english { k.english() } else { k.french() }
                    )
                });
            self.push(
                Diagnostic::new(
                    Code::InvalidType,
                    self.at(raw.span),
                    format!("unknown incident type `{text}`"),
                )
                .with_label(format!("expected {}", Field::Type.expected(english)))
                .with_help_opt(help),
            );
        }
        kind
    }

    pub(super) fn severity(&mut self, raw: &Raw) -> Option<Severity> {
        let english = self.english();
        let label = Field::Severity.label(english);
        let text = self.filled(raw, label, Field::Severity.expected(english))?;
        let severity = Severity::parse(text);
        if severity.is_none() {
            let help = closest(text, Severity::spellings())
                .and_then(Severity::parse)
                .map(|s| {
                    format!(
                        "did you mean `{}`?",
                        if english { s.english() } else { s.french() }
                    )
                });
            self.push(
                Diagnostic::new(
                    Code::InvalidSeverity,
                    self.at(raw.span),
                    format!("unknown severity `{text}`"),
                )
                .with_label(format!("expected {}", Field::Severity.expected(english)))
                .with_help_opt(help),
            );
        }
        severity
    }

    /// The trigger, one of seven words in French or English; anything else is an error with
    /// the closest word, in the report's language, as help.
    pub(super) fn trigger(&mut self, raw: &Raw) -> Option<Trigger> {
        let english = self.english();
        let label = Field::Trigger.label(english);
        let text = self.filled(raw, label, Field::Trigger.expected(english))?;
        let trigger = Trigger::parse(text);
        if trigger.is_none() {
            let help = closest(text, Trigger::spellings())
                .and_then(Trigger::parse)
                .map(|t| {
                    format!(
                        "did you mean `{}`?",
                        if english { t.english() } else { t.french() }
                    )
                });
            self.push(
                Diagnostic::new(
                    Code::InvalidTrigger,
                    self.at(raw.span),
                    format!("unknown trigger `{text}`"),
                )
                .with_label(format!("expected {}", Field::Trigger.expected(english)))
                .with_help_opt(help),
            );
        }
        trigger
    }

    pub(super) fn duration_value(
        &mut self,
        raw: &Raw,
        label: &str,
        allow_ongoing: bool,
    ) -> Option<IncidentDuration> {
        let expected = if allow_ongoing {
            "a duration such as `25 minutes`, `1h30` or `en cours`"
        } else {
            "a duration such as `25 minutes` or `1h30`"
        };
        let text = self.filled(raw, label, expected)?;
        let folded = fold(text);
        if allow_ongoing && ONGOING.contains(&folded.as_str()) {
            return Some(IncidentDuration::Ongoing);
        }
        match parse_duration(text) {
            Ok(d) => Some(IncidentDuration::Known(d)),
            Err(e) => {
                let help = e.help.or_else(|| {
                    (!allow_ongoing && matches!(folded.as_str(), "en cours" | "ongoing"))
                        .then(|| "downtime cannot be ongoing: give the downtime so far".to_string())
                });
                self.push(
                    Diagnostic::new(
                        Code::InvalidDuration,
                        self.at(raw.span),
                        format!("invalid {label}: {}", e.message),
                    )
                    .with_label(format!("expected {expected}"))
                    .with_help_opt(help),
                );
                None
            }
        }
    }

    pub(super) fn impact(&mut self, raw: &Raw) -> Option<UserImpact> {
        let english = self.english();
        let label = Field::UserImpact.label(english);
        let expected = Field::UserImpact.expected(english);
        let text = self.filled(raw, label, expected)?;
        let word_end = text
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(text.len());
        let word = fold(&text[..word_end]);
        let affected = if IMPACT_YES.contains(&word.as_str()) {
            Some(true)
        } else if IMPACT_NO.contains(&word.as_str()) {
            Some(false)
        } else {
            None
        };
        let rest = &text[word_end..];
        let description = IMPACT_SEPARATORS
            .iter()
            .find_map(|sep| rest.trim_start().strip_prefix(sep))
            .map(str::trim);
        match (affected, rest.trim().is_empty(), description) {
            (Some(affected), true, _) => Some(UserImpact {
                affected,
                description: None,
            }),
            (Some(affected), false, Some(d)) if fold(d) == "description" => {
                // The template's `Oui/Non - Description` with the choice made and its word
                // kept: no description was written.
                let word = &text[..word_end];
                let example = match (english, affected) {
                    (true, true) => "Service unreachable",
                    (true, false) => "No visible impact",
                    (false, true) => "Service inaccessible",
                    (false, false) => "Aucun impact visible",
                };
                self.push(
                    Diagnostic::new(
                        Code::TemplateDescription,
                        self.at(raw.span),
                        format!("`{d}` is the template's word, not a description of the impact"),
                    )
                    .with_label("read as no description")
                    .with_help(format!(
                        "say what users saw, e.g. `{word} - {example}`, or write `{word}` alone"
                    )),
                );
                Some(UserImpact {
                    affected,
                    description: None,
                })
            }
            (Some(affected), false, Some(d)) => Some(UserImpact {
                affected,
                description: Some(d.to_string()).filter(|d| !d.is_empty()),
            }),
            _ => {
                let (message, help) = impact_problem(text, word_end, affected, english);
                self.push(
                    Diagnostic::new(
                        Code::InvalidImpact,
                        self.at(raw.span),
                        format!("invalid {label}: {message}"),
                    )
                    .with_label(format!("expected {expected}"))
                    .with_help(help),
                );
                None
            }
        }
    }

    pub(super) fn timestamp(&mut self, raw: &Raw, field: Field) -> Option<Timestamp> {
        let english = self.english();
        let label = field.label(english);
        let text = self.filled(raw, label, field.expected(english))?;
        match parse_date(text, self.ctx.timezone) {
            Ok((ts, warning)) => {
                if let Some(w) = warning {
                    self.push(
                        Diagnostic::new(Code::AmbiguousTime, self.at(raw.span), w).with_help(
                            "add the offset to say which one you mean, e.g. `+02:00` or `+01:00`",
                        ),
                    );
                }
                Some(ts)
            }
            Err(DateError::Invalid(e)) => {
                // A date followed by a title without a separator: say how to separate them.
                let help = e.help.clone().or_else(|| self.title_after_date_help(text));
                self.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        self.at(raw.span),
                        format!("invalid date: {}", e.message),
                    )
                    .with_label(format!("expected {}", field.expected(english)))
                    .with_help_opt(help),
                );
                None
            }
            Err(DateError::Nonexistent(e)) => {
                self.push(
                    Diagnostic::new(Code::NonexistentTime, self.at(raw.span), e.message)
                        .with_help_opt(e.help),
                );
                None
            }
        }
    }

    /// Whether `a` comes before `b` in the timeline. A date written without a time is a whole
    /// day: compared with another instant, only the days (in the site's time zone) count.
    pub(super) fn before(&self, a: &Timestamp, b: &Timestamp) -> bool {
        if a.has_time && b.has_time {
            return a.instant < b.instant;
        }
        let day = |t: &Timestamp| t.instant.with_timezone(&self.ctx.timezone).date_naive();
        day(a) < day(b)
    }

    pub(super) fn title_after_date_help(&self, text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        (1..words.len()).rev().find_map(|n| {
            let date = words[..n].join(" ");
            parse_date(&date, self.ctx.timezone).ok().map(|_| {
                format!(
                    "separate the title from the date with ` — `: `## Incident {date} — {}`",
                    words[n..].join(" ")
                )
            })
        })
    }

    pub(super) fn money(&mut self, raw: &Raw, label: &str) -> Option<Option<Money>> {
        let text = raw.text.trim();
        if fold(text) == "[si applicable]" {
            self.push(
                Diagnostic::new(
                    Code::NoValuePlaceholder,
                    self.at(raw.span),
                    format!("`{label}` still says `{text}`: read as no value"),
                )
                .with_help("write `N/A` when there is no cost, or the amount, e.g. `$12.50`"),
            );
            return Some(None);
        }
        let text = self.filled(raw, label, "an amount such as `$12.50`, `12,50 €` or `N/A`")?;
        match parse_money(text, &self.ctx.currency) {
            Ok(m) => Some(m),
            Err(e) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidMoney,
                        self.at(raw.span),
                        format!("invalid {label}: {}", e.message),
                    )
                    .with_label("expected an amount such as `$12.50`, `12,50 €` or `N/A`")
                    .with_help_opt(e.help),
                );
                None
            }
        }
    }

    /// Reads a field from the front matter and the body, checking that they agree.
    pub(super) fn resolve<T: PartialEq + Clone>(
        &mut self,
        label: &str,
        fm: Option<&Raw>,
        body: Option<&Raw>,
        mut read: impl FnMut(&mut Self, &Raw) -> Option<T>,
    ) -> Resolved<T> {
        let from_fm = fm.map(|raw| (read(self, raw), raw));
        let from_body = body.map(|raw| (read(self, raw), raw));
        match (from_fm, from_body) {
            (Some((Some(a), fm_raw)), Some((Some(b), body_raw))) => {
                if a != b {
                    self.conflict(label, body_raw, fm_raw, "the front matter");
                    return Resolved::Invalid;
                }
                Resolved::Value(Spanned::new(b, body_raw.span))
            }
            (Some((None, _)), _) | (_, Some((None, _))) => Resolved::Invalid,
            (Some((Some(a), raw)), None) | (None, Some((Some(a), raw))) => {
                Resolved::Value(Spanned::new(a, raw.span))
            }
            (None, None) => Resolved::Missing,
        }
    }
}

/// What is wrong with a user impact that was refused, and the help: `text` is the value,
/// `word_end` the end of its first word, `affected` that word read as yes or no. No help
/// picks `Oui` or `Non` for the writer: where the choice is not made, both are offered.
fn impact_problem(
    text: &str,
    word_end: usize,
    affected: Option<bool>,
    english: bool,
) -> (String, String) {
    let (yes, no) = if english {
        ("Yes", "No")
    } else {
        ("Oui", "Non")
    };
    let word = &text[..word_end];
    let rest = text[word_end..].trim();
    if affected.is_some()
        && let Some(after) = template_choice(word, rest)
    {
        let choice = text[..text.len() - after.len()].trim_end();
        let description = after
            .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
            .trim();
        let template_word = matches!(fold(description).as_str(), "description" | "");
        let help = if template_word {
            format!(
                "write `{yes}` if users were affected or `{no}` if they were not, then ` - ` and \
                 what they saw, e.g. `{yes} - Service inaccessible`"
            )
        } else {
            format!(
                "write `{yes}` if users were affected or `{no}` if they were not: \
                 `{yes} - {description}` or `{no} - {description}`"
            )
        };
        let message = format!("`{choice}` is the template's choice: keep one of them");
        return (message, help);
    }
    let message = format!("`{text}`");
    // What follows the first word, without the punctuation that stood for a separator.
    let description = rest
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim();
    let help = match (affected, description.is_empty()) {
        (Some(_), true) => format!("write `{word}` alone, or `{word} - ` and a description"),
        (Some(_), false) => {
            format!("separate the description with ` - `: `{word} - {description}`")
        }
        (None, _) => {
            format!("say whether users were affected: `{yes} - {text}` or `{no} - {text}`")
        }
    };
    (message, help)
}

/// The template's `Oui/Non` (also `Oui / Non`, `Non/Oui`, `Yes/No`, `Oui ou Non`) left as it
/// is: `word` is the first word (a yes or a no), `rest` what follows it. Returns what follows
/// the choice.
fn template_choice<'t>(word: &str, rest: &'t str) -> Option<&'t str> {
    let after = match rest.strip_prefix(['/', '|']) {
        Some(after) => after.trim_start(),
        None => {
            let (joint, after) = rest.split_once(char::is_whitespace)?;
            if !matches!(fold(joint).as_str(), "ou" | "or") {
                return None;
            }
            after.trim_start()
        }
    };
    let end = after
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(after.len());
    let other = fold(&after[..end]);
    let other_is_choice = matches!(other.as_str(), "oui" | "yes" | "non" | "no");
    (other_is_choice && other != fold(word)).then_some(&after[end..])
}

/// A field read from one or two places.
pub(super) enum Resolved<T> {
    Value(Spanned<T>),
    Missing,
    /// Given but refused (a diagnostic was recorded).
    Invalid,
}

impl<T> Resolved<T> {
    pub(super) fn value(self) -> Option<Spanned<T>> {
        match self {
            Resolved::Value(v) => Some(v),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::impact_problem;

    /// The message and help for a refused French user impact.
    fn problem(text: &str) -> (String, String) {
        let word_end = text
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(text.len());
        let affected = match crate::text::fold(&text[..word_end]).as_str() {
            "oui" | "yes" => Some(true),
            "non" | "no" => Some(false),
            _ => None,
        };
        impact_problem(text, word_end, affected, false)
    }

    #[test]
    fn the_templates_choice_left_as_is_is_named() {
        for (text, choice) in [
            ("Oui/Non - Description", "Oui/Non"),
            ("Oui / Non - Description", "Oui / Non"),
            ("Non/Oui", "Non/Oui"),
            ("oui ou non - Description", "oui ou non"),
            ("Yes/No - Description", "Yes/No"),
        ] {
            let (message, help) = problem(text);
            assert_eq!(
                message,
                format!("`{choice}` is the template's choice: keep one of them"),
                "{text}"
            );
            assert!(help.contains("`Oui` if users were affected"), "{help}");
            assert!(!help.contains("/Non"), "{help}");
        }
        // A description already written: both choices offered with it, neither picked.
        let (_, help) = problem("Oui/Non - Service lent");
        assert_eq!(
            help,
            "write `Oui` if users were affected or `Non` if they were not: \
             `Oui - Service lent` or `Non - Service lent`"
        );
    }

    #[test]
    fn no_help_picks_a_meaning_the_writer_did_not_write() {
        let (message, help) = problem("Peut-être");
        assert_eq!(message, "`Peut-être`");
        assert_eq!(
            help,
            "say whether users were affected: `Oui - Peut-être` or `Non - Peut-être`"
        );
        let (_, help) = problem("Oui (partiel)");
        assert_eq!(
            help,
            "separate the description with ` - `: `Oui - (partiel)`"
        );
        let (_, help) = problem("Oui. Service lent");
        assert_eq!(
            help,
            "separate the description with ` - `: `Oui - Service lent`"
        );
        let (_, help) = problem("Oui/partiel");
        assert_eq!(help, "separate the description with ` - `: `Oui - partiel`");
        let (message, help) = impact_problem("Yes/No - Description", 3, Some(true), true);
        assert_eq!(
            message,
            "`Yes/No` is the template's choice: keep one of them"
        );
        assert!(
            help.starts_with("write `Yes` if users were affected or `No` if they were not"),
            "{help}"
        );
        let (_, help) = problem("Non ?");
        assert_eq!(help, "write `Non` alone, or `Non - ` and a description");
    }
}
