//! Time to detect, to mitigate and to resolve: seconds from the start to each point of the
//! timeline, overall and per severity.

use super::tally::severity_index;
use super::{TimeToSeverity, TimeToStats, few, nearest_rank};
use crate::incident::{Incident, Severity};
use crate::values::Timestamp;

/// A point of the timeline the time metrics measure from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelinePoint {
    Detected,
    Mitigated,
    Resolved,
}

impl TimelinePoint {
    pub const ALL: [TimelinePoint; 3] = [
        TimelinePoint::Detected,
        TimelinePoint::Mitigated,
        TimelinePoint::Resolved,
    ];

    fn of(self, incident: &Incident) -> Option<&Timestamp> {
        match self {
            TimelinePoint::Detected => incident.detected.as_ref(),
            TimelinePoint::Mitigated => incident.mitigated.as_ref(),
            TimelinePoint::Resolved => incident.resolved.as_ref(),
        }
        .map(|t| &t.value)
    }
}

/// Seconds from the start to `point`, when both have a time of day; `None` leaves the incident
/// out of that metric.
pub fn time_to(incident: &Incident, point: TimelinePoint) -> Option<u64> {
    let start = &incident.start.value;
    let at = point.of(incident)?;
    if !(start.has_time && at.has_time) {
        return None;
    }
    // The timeline is validated in order (E028); a negative span cannot reach here, but is
    // left out rather than wrapped.
    u64::try_from((at.instant - start.instant).num_seconds()).ok()
}

/// The time metric of one point over `sorted` incidents.
pub(super) fn time_to_stats(sorted: &[&Incident], point: TimelinePoint) -> TimeToStats {
    let mut all = Vec::new();
    let mut per_severity: Vec<(Vec<u64>, usize)> =
        Severity::ALL.iter().map(|_| (Vec::new(), 0)).collect();
    for incident in sorted {
        let group = &mut per_severity[severity_index(incident.severity.value)];
        match time_to(incident, point) {
            Some(seconds) => {
                all.push(seconds);
                group.0.push(seconds);
            }
            None => group.1 += 1,
        }
    }
    all.sort_unstable();
    TimeToStats {
        counted: all.len(),
        left_out: sorted.len() - all.len(),
        median_seconds: nearest_rank(&all, 50),
        p90_seconds: nearest_rank(&all, 90),
        values_seconds: few(&all),
        by_severity: Severity::ALL
            .iter()
            .zip(per_severity)
            .map(|(&severity, (mut values, left_out))| {
                values.sort_unstable();
                TimeToSeverity {
                    slug: severity.slug(),
                    counted: values.len(),
                    left_out,
                    median_seconds: nearest_rank(&values, 50),
                    p90_seconds: nearest_rank(&values, 90),
                    severity,
                    values_seconds: few(&values),
                }
            })
            .collect(),
    }
}
