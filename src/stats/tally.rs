//! One pass over the incidents in start order: the running totals every figure is drawn from.

use std::collections::BTreeMap;

use chrono::Datelike;
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::IncidentRef;
use crate::incident::{Incident, IncidentDuration, Kind, Severity};

/// The running figures of one pass over the incidents in start order.
pub(super) struct Tally {
    pub(super) durations: Vec<u64>,
    pub(super) total_duration: u64,
    pub(super) ongoing: usize,
    pub(super) total_downtime: u64,
    pub(super) not_given: Vec<IncidentRef>,
    /// Ongoing incidents among `not_given`.
    pub(super) ongoing_not_given: usize,
    pub(super) affected: usize,
    pub(super) by_severity: Vec<Group>,
    pub(super) by_type: Vec<Group>,
    pub(super) currencies: BTreeMap<String, CurrencyTotals>,
    /// (year, month) -> (reports, downtime)
    pub(super) months: BTreeMap<(i32, u32), (usize, u64)>,
}

impl Tally {
    pub(super) fn new() -> Self {
        Tally {
            durations: Vec::new(),
            total_duration: 0,
            ongoing: 0,
            total_downtime: 0,
            not_given: Vec::new(),
            ongoing_not_given: 0,
            affected: 0,
            by_severity: Severity::ALL.iter().map(|_| Group::default()).collect(),
            by_type: Kind::ALL.iter().map(|_| Group::default()).collect(),
            currencies: BTreeMap::new(),
            months: BTreeMap::new(),
        }
    }

    /// Counts the incident at `index` in start order.
    pub(super) fn add(
        &mut self,
        index: usize,
        incident: &Incident,
        timezone: Tz,
        titles: &dyn Fn(&Incident) -> String,
    ) {
        match known_duration(incident) {
            Some(seconds) => {
                self.durations.push(seconds);
                self.total_duration = self.total_duration.saturating_add(seconds);
            }
            None => self.ongoing += 1,
        }
        let downtime = downtime_of(incident);
        self.total_downtime = self.total_downtime.saturating_add(downtime.unwrap_or(0));
        if downtime.is_none() {
            if matches!(incident.duration.value, IncidentDuration::Ongoing) {
                self.ongoing_not_given += 1;
            }
            self.not_given.push(IncidentRef {
                slug: incident.slug.value.clone(),
                title: titles(incident),
            });
        }
        if incident.user_impact.value.affected {
            self.affected += 1;
        }
        self.by_severity[severity_index(incident.severity.value)].add(incident);
        self.by_type[kind_index(incident.kind.value)].add(incident);
        self.add_costs(index, incident);
        self.add_month(incident, timezone, downtime);
    }

    /// The incident's lost and resolution amounts, in the totals of their currency.
    pub(super) fn add_costs(&mut self, index: usize, incident: &Incident) {
        for (money, is_lost) in [
            (&incident.cost.lost, true),
            (&incident.cost.resolution, false),
        ] {
            let Some(money) = money.as_ref().map(|m| &m.value) else {
                continue;
            };
            let totals = self
                .currencies
                .entry(money.currency.trim().to_ascii_uppercase())
                .or_default();
            if is_lost {
                totals.lost = add(totals.lost, money.amount);
                totals.lost_approximate |= money.approximate;
            } else {
                totals.resolution = add(totals.resolution, money.amount);
                totals.resolution_approximate |= money.approximate;
            }
            let entry = totals
                .incidents
                .entry(index)
                .or_insert((Decimal::ZERO, false));
            entry.0 = add(entry.0, money.amount);
            entry.1 |= money.approximate;
        }
    }

    /// The incident in the month it started, in the site's time zone (a date without a time
    /// on the day written).
    pub(super) fn add_month(&mut self, incident: &Incident, timezone: Tz, downtime: Option<u64>) {
        let month = self.months.entry(month_of(incident, timezone)).or_default();
        month.0 += 1;
        month.1 = month.1.saturating_add(downtime.unwrap_or(0));
    }
}

/// The month an incident started in, in the site's time zone (a date without a time on the
/// day written).
pub(super) fn month_of(incident: &Incident, timezone: Tz) -> (i32, u32) {
    let date = if incident.start.value.has_time {
        incident
            .start
            .value
            .instant
            .with_timezone(&timezone)
            .date_naive()
    } else {
        incident.start.value.instant.date_naive()
    };
    (date.year(), date.month())
}

/// Running figures of a group of incidents (a severity, a type).
#[derive(Default)]
pub(super) struct Group {
    pub(super) reports: usize,
    pub(super) durations: Vec<u64>,
    pub(super) duration: u64,
    pub(super) downtime: u64,
}

impl Group {
    fn add(&mut self, incident: &Incident) {
        self.reports += 1;
        if let Some(seconds) = known_duration(incident) {
            self.durations.push(seconds);
            self.duration = self.duration.saturating_add(seconds);
        }
        self.downtime = self
            .downtime
            .saturating_add(downtime_of(incident).unwrap_or(0));
    }
}

/// Running costs of a currency.
#[derive(Default)]
pub(super) struct CurrencyTotals {
    pub(super) lost: Decimal,
    pub(super) resolution: Decimal,
    pub(super) lost_approximate: bool,
    pub(super) resolution_approximate: bool,
    /// Per incident (index in start order): its total in this currency and whether approximate.
    pub(super) incidents: BTreeMap<usize, (Decimal, bool)>,
}

/// The known duration of an incident, `None` while it is ongoing.
pub(super) fn known_duration(incident: &Incident) -> Option<u64> {
    match &incident.duration.value {
        IncidentDuration::Known(d) => Some(d.seconds),
        IncidentDuration::Ongoing => None,
    }
}

fn downtime_of(incident: &Incident) -> Option<u64> {
    incident.cost.downtime.as_ref().map(|d| d.value.seconds)
}

/// Adds exactly; an overflow of the decimal type stays at the largest value.
pub(super) fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or(Decimal::MAX)
}

pub(super) fn severity_index(severity: Severity) -> usize {
    Severity::ALL
        .iter()
        .position(|&s| s == severity)
        .unwrap_or(0)
}

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}
