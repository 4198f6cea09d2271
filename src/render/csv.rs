//! The spreadsheets: `incidents.csv` (one row per report) and `actions.csv` (one row per action
//! item), RFC 4180 in UTF-8 with a byte order mark, text fields that a spreadsheet would read
//! as a formula made inert.
//!
//! - Lines end with CRLF, the header row included; a field holding `,`, `"`, CR or LF is
//!   quoted, its quotes doubled.
//! - The file starts with a UTF-8 byte order mark: Excel reads a CSV file without one in the
//!   system's legacy code page (`é` becomes `Ã©`); LibreOffice, Google Sheets and Numbers skip
//!   it. Programs have `incidents.json`.
//! - Spreadsheet formula injection (OWASP "CSV injection"): a text field starting with `=`,
//!   `+`, `-`, `@`, a tab or a CR is taken by spreadsheets for a formula, which can read other
//!   cells or call out to the network when the file is opened. Such a field is written after a
//!   `'`, which spreadsheets show as text. Numbers (seconds, amounts) are never changed.
//! - Rows are newest first, as `incidents.json`; the items of a report keep their order.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::actions_page::due_date;
use super::renderer::Renderer;
use crate::incident::{Incident, IncidentDuration};
use crate::output::OutputFile;

/// The spreadsheet of the reports.
pub const INCIDENTS_CSV: &str = "incidents.csv";

/// The spreadsheet of the action items.
pub const ACTIONS_CSV: &str = "actions.csv";

/// The UTF-8 byte order mark that tells Excel the file's encoding.
const BOM: &str = "\u{feff}";

/// A CSV file being written, row by row.
struct Table {
    text: String,
    /// Whether the current row has a field yet.
    started: bool,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        let mut table = Table {
            text: String::from(BOM),
            started: false,
        };
        for name in header {
            table.text(name);
        }
        table.end_row();
        table
    }

    /// A field of text: made inert if a spreadsheet would read it as a formula, then quoted if
    /// needed.
    fn text(&mut self, value: &str) {
        if value
            .bytes()
            .next()
            .is_some_and(|b| matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
        {
            self.field(&format!("'{value}"));
        } else {
            self.field(value);
        }
    }

    /// A number (or an empty field), written as it is.
    fn number(&mut self, value: &str) {
        self.field(value);
    }

    fn field(&mut self, value: &str) {
        if self.started {
            self.text.push(',');
        }
        self.started = true;
        if value
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
        {
            self.text.push('"');
            self.text.push_str(&value.replace('"', "\"\""));
            self.text.push('"');
        } else {
            self.text.push_str(value);
        }
    }

    fn end_row(&mut self) {
        self.text.push_str("\r\n");
        self.started = false;
    }

    fn file(self, path: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: self.text.into_bytes().into(),
        }
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// The currencies of the archive's amounts, by ISO code in alphabetical order.
fn currencies(incidents: &[&Incident]) -> Vec<String> {
    let mut codes = BTreeSet::new();
    for incident in incidents {
        for money in [&incident.cost.lost, &incident.cost.resolution]
            .into_iter()
            .flatten()
        {
            codes.insert(money.value.currency.trim().to_ascii_uppercase());
        }
    }
    codes.into_iter().collect()
}

/// An incident's fields in `incidents.csv`, formatted once.
pub(super) struct CsvFields {
    /// From the slug to the trigger, with the title and start as the pages show them, written
    /// as CSV.
    head: String,
    /// The lost amount and the resolution cost: (currency code in capitals, amount).
    lost: Option<(String, String)>,
    resolution: Option<(String, String)>,
}

impl CsvFields {
    pub(super) fn new(incident: &Incident, title: &str, start_iso: &str) -> CsvFields {
        let mut table = Table {
            text: String::with_capacity(192),
            started: false,
        };
        table.text(&incident.slug.value);
        table.text(title);
        table.text(start_iso);
        table.text(incident.kind.value.slug());
        table.text(incident.severity.value.slug());
        table.number(&match &incident.duration.value {
            IncidentDuration::Known(d) => d.seconds.to_string(),
            IncidentDuration::Ongoing => String::new(),
        });
        table.number(
            &incident
                .cost
                .downtime
                .as_ref()
                .map(|d| d.value.seconds.to_string())
                .unwrap_or_default(),
        );
        table.text(yes_no(incident.user_impact.value.affected));
        let services: Vec<&str> = incident.services.iter().map(|s| s.value.as_str()).collect();
        table.text(&services.join("; "));
        // The trigger's slug, empty when not given.
        table.text(incident.trigger.as_ref().map_or("", |t| t.value.slug()));
        let amount = |money: &Option<crate::incident::Spanned<crate::values::Money>>| {
            money.as_ref().map(|m| {
                (
                    m.value.currency.trim().to_ascii_uppercase(),
                    m.value.amount.to_string(),
                )
            })
        };
        CsvFields {
            head: table.text,
            lost: amount(&incident.cost.lost),
            resolution: amount(&incident.cost.resolution),
        }
    }
}

impl Renderer<'_> {
    /// A page's address: absolute from the base URL when there is one, else from the site root.
    fn address(&self, path: &str) -> String {
        match &self.inputs.base_url {
            Some(base) => format!("{base}{path}"),
            None => path.to_string(),
        }
    }

    /// `incidents.csv`: one row per report, `incidents` newest first (README, "incidents.csv").
    pub(super) fn incidents_csv(&self, incidents: &[&Incident]) -> OutputFile {
        let currencies = currencies(incidents);
        let mut header: Vec<String> = [
            "slug",
            "title",
            "start",
            "type",
            "severity",
            "duration_seconds",
            "downtime_seconds",
            "user_impact",
            "services",
            "trigger",
        ]
        .map(String::from)
        .to_vec();
        for code in &currencies {
            header.push(format!("lost_{code}"));
            header.push(format!("resolution_{code}"));
        }
        header.push("url".into());
        let mut table = Table::new(&header.iter().map(String::as_str).collect::<Vec<_>>());
        // The rows in parallel (10,000 reports: 10,000 rows), then one after the other.
        let rows: Vec<String> = incidents
            .par_iter()
            .map(|incident| self.incident_row(incident, &currencies))
            .collect();
        for row in rows {
            table.text.push_str(&row);
        }
        table.file(INCIDENTS_CSV)
    }

    /// The row of `incident` in `incidents.csv`, its line end included, from its fields as
    /// formatted ahead (a preview keeps them): the amounts go in the columns of their currency.
    fn incident_row(&self, incident: &Incident, currencies: &[String]) -> String {
        self.csv_fields(incident, |fields| {
            let mut table = Table {
                text: String::with_capacity(fields.head.len() + 64),
                started: true,
            };
            table.text.push_str(&fields.head);
            let amount = |money: &Option<(String, String)>, code: &str| match money {
                Some((currency, amount)) if currency == code => amount.clone(),
                _ => String::new(),
            };
            for code in currencies {
                table.number(&amount(&fields.lost, code));
                table.number(&amount(&fields.resolution, code));
            }
            table.text(&self.address(&format!("incidents/{}/", incident.slug.value)));
            table.end_row();
            table.text
        })
    }

    /// `actions.csv`: one row per action item, open or done, by report (`incidents` newest
    /// first) then in the report's order (README, "actions.csv").
    pub(super) fn actions_csv(&self, incidents: &[&Incident]) -> OutputFile {
        let mut table = Table::new(&[
            "incident_slug",
            "incident_title",
            "text",
            "owner",
            "due",
            "due_default",
            "done",
            "url",
        ]);
        let due_days = &self.inputs.config.action_due_days;
        for incident in incidents {
            if incident.actions.is_empty() {
                continue;
            }
            let title = self.title(incident);
            let url = self.address(&format!("incidents/{}/#s-prevention", incident.slug.value));
            for item in &incident.actions {
                let due = due_date(item, incident, due_days, self.fmt.timezone);
                table.text(&incident.slug.value);
                table.text(&title);
                table.text(crate::markdown::plain_text(&item.text).trim());
                table.text(item.owner.as_deref().unwrap_or_default());
                table.text(
                    &due.map(|d| d.date.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                );
                table.text(match due {
                    Some(d) => yes_no(d.default),
                    None => "",
                });
                table.text(yes_no(item.done));
                table.text(&url);
                table.end_row();
            }
        }
        table.file(ACTIONS_CSV)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[(&str, bool)]) -> String {
        let mut table = Table {
            text: String::new(),
            started: false,
        };
        for (value, is_text) in fields {
            if *is_text {
                table.text(value);
            } else {
                table.number(value);
            }
        }
        table.end_row();
        table.text
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(row(&[("a", true), ("b c", true)]), "a,b c\r\n");
        assert_eq!(
            row(&[
                ("a,b", true),
                ("say \"hi\"", true),
                ("l1\nl2", true),
                ("x\ry", true)
            ]),
            "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"x\ry\"\r\n"
        );
        assert_eq!(row(&[("", true), ("", false)]), ",\r\n");
    }

    #[test]
    fn text_that_a_spreadsheet_would_compute_is_made_inert_but_numbers_are_not() {
        for (value, written) in [
            ("=1+1", "'=1+1"),
            ("+33 6", "'+33 6"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"http://x\",\"a,b\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"",
            ),
            ("a=b", "a=b"),
            (" =1", " =1"),
        ] {
            assert_eq!(row(&[(value, true)]), format!("{written}\r\n"), "{value}");
        }
        assert_eq!(row(&[("-12.50", false)]), "-12.50\r\n");
    }

    #[test]
    fn the_header_row_follows_a_byte_order_mark() {
        let table = Table::new(&["slug", "title"]);
        assert_eq!(table.text, "\u{feff}slug,title\r\n");
        assert_eq!(&table.text.as_bytes()[..3], b"\xEF\xBB\xBF");
    }
}
