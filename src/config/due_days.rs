//! The `action_due_days:` setting: per severity, the days from an incident's start to the due
//! date of its action items that state none; every wrong entry a diagnostic at its line.

use serde_yaml::Value;

use super::reader::Reader;
use super::{ActionDueDays, CONFIG_FILE};
use crate::diagnostic::{Code, Diagnostic, Location, closest};
use crate::incident::Severity;
use crate::yaml::describe;

/// An example of the setting, for the help of messages.
const EXAMPLE: &str = "action_due_days: {critical: 15, high: 30, medium: 60, low: 90}";

impl Reader<'_, '_> {
    /// `action_due_days:` (`key`): a mapping of severities to a number of days, or nothing.
    /// The severities written correctly are kept even when another entry is wrong.
    pub(super) fn action_due_days(&mut self, key: &str, value: &Value) -> ActionDueDays {
        let mut days = ActionDueDays::default();
        let entries = match value {
            Value::Null => return days,
            Value::Mapping(entries) => entries,
            other => {
                let location = self.at(&[key], false);
                self.problems.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        location,
                        format!(
                            "`{key}` must be a mapping of severities to a number of days, found {}",
                            describe(other)
                        ),
                    )
                    .with_help(format!("e.g. `{EXAMPLE}`")),
                );
                return days;
            }
        };
        for (severity, count) in entries {
            let written = match severity {
                Value::String(s) => s.clone(),
                other => describe(other),
            };
            let path = [key, written.as_str()];
            let Some(severity) = Severity::ALL.into_iter().find(|s| s.slug() == written) else {
                self.unknown_severity(&path);
                continue;
            };
            if let Some(n) = self.day_count(&path, count) {
                days.set(severity, n);
            }
        }
        days
    }

    /// A positive whole number of days, at `path`.
    fn day_count(&mut self, path: &[&str], value: &Value) -> Option<u32> {
        let found = match value {
            Value::Number(n) => match n.as_u64() {
                Some(n) if n > 0 => match u32::try_from(n) {
                    Ok(n) => return Some(n),
                    Err(_) => format!("`{n}`, too many"),
                },
                _ => format!("`{n}`"),
            },
            Value::String(s) => format!("the text `{s}`"),
            other => describe(other),
        };
        let severity = path[path.len() - 1];
        let location = self.at(path, false);
        self.problems.push(
            Diagnostic::new(
                Code::InvalidConfig,
                location,
                format!(
                    "the days to the due date of `{severity}` action items must be a positive whole number, found {found}"
                ),
            )
            .with_help(format!(
                "write the number of days after the incident's start, e.g. `{severity}: 30`"
            )),
        );
        None
    }

    /// A key of `action_due_days:` that is not a severity's slug (`Critique` suggests
    /// `critical`).
    fn unknown_severity(&mut self, path: &[&str]) {
        let written = path[path.len() - 1];
        let slugs = Severity::ALL.map(Severity::slug);
        let suggestion = Severity::parse(written)
            .map(Severity::slug)
            .or_else(|| closest(written, slugs));
        let help = match suggestion {
            Some(slug) => format!("did you mean `{slug}`?"),
            None => format!("the severities are: {}", slugs.join(", ")),
        };
        let location = self.at(path, true);
        self.problems.push(
            Diagnostic::new(
                Code::InvalidConfig,
                location,
                format!(
                    "`{written}` is not a severity in `{}` of {CONFIG_FILE}",
                    path[0]
                ),
            )
            .with_help(help),
        );
    }

    /// Where the key at `path` is written (`key`), or its value.
    fn at(&self, path: &[&str], key: bool) -> Location {
        let span = if key {
            self.doc.key_span(path)
        } else {
            self.doc.value_span(path)
        };
        Location::new(self.file, span.line, span.column, span.len)
    }
}
