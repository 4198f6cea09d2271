//! The template's own example must read into exactly the incident it describes.

use std::path::Path;
use std::str::FromStr;

use incidex::incident::{IncidentDuration, Kind, SectionKind, Severity};
use incidex::parse::{Context, parse_report};
use rust_decimal::Decimal;

#[test]
fn the_template_example_parses_to_exactly_what_it_says() {
    let text = std::fs::read_to_string("content/2025-01-15-instance-crash.md").unwrap();
    let ctx = Context {
        timezone: chrono_tz::UTC,
        currency: "USD".into(),
    };
    let parsed = parse_report(
        &text,
        Path::new("2025-01-15-instance-crash.md"),
        Path::new("content/2025-01-15-instance-crash.md"),
        &ctx,
    );
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let incident = parsed.incident.expect("a valid incident");

    assert_eq!(incident.slug.value, "2025-01-15-instance-crash");
    assert_eq!(
        incident.start.value.instant.to_rfc3339(),
        "2025-01-15T14:30:00+00:00"
    );
    assert!(incident.start.value.has_time);
    assert_eq!(
        (incident.start.span.line, incident.start.span.column),
        (1, 13)
    );
    assert_eq!(incident.kind.value, Kind::Downtime);
    assert_eq!(incident.severity.value, Severity::Critical);
    assert_eq!(
        (incident.severity.span.line, incident.severity.span.column),
        (4, 16)
    );
    match &incident.duration.value {
        IncidentDuration::Known(d) => {
            assert_eq!(d.seconds, 25 * 60);
            assert!(!d.approximate);
        }
        other => panic!("{other:?}"),
    }
    assert!(incident.user_impact.value.affected);
    assert_eq!(
        incident.user_impact.value.description.as_deref(),
        Some("Service inaccessible")
    );
    assert_eq!(incident.title, None);
    assert_eq!(incident.summary, "");

    let downtime = incident.cost.downtime.as_ref().expect("downtime");
    assert_eq!(downtime.value.seconds, 25 * 60);
    assert_eq!(downtime.span.line, 33);
    let lost = &incident.cost.lost.as_ref().expect("lost cost").value;
    assert_eq!(lost.amount, Decimal::from_str("0.10").unwrap());
    assert_eq!(lost.currency, "USD");
    assert!(lost.approximate);
    assert_eq!(lost.note.as_deref(), Some("25 min × $0.24/h"));
    let resolution = &incident
        .cost
        .resolution
        .as_ref()
        .expect("resolution cost")
        .value;
    assert_eq!(resolution.amount, Decimal::ZERO);
    assert_eq!(resolution.currency, "USD");
    assert!(!resolution.approximate);
    assert_eq!(resolution.note.as_deref(), Some("redémarrage gratuit"));

    assert_eq!(
        incident.references.logs.as_ref().map(|l| l.value.as_str()),
        Some("Dashboard Vast.ai → Instance → Logs (2025-01-15 14:30-14:55)")
    );
    assert_eq!(
        incident
            .references
            .dashboard
            .as_ref()
            .map(|l| l.value.as_str()),
        Some("https://vast.ai/console/instances")
    );
    assert!(incident.references.tickets.is_empty());

    let kinds: Vec<_> = incident.sections.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, SectionKind::ALL.map(Some).to_vec());
    let cause = incident.section(SectionKind::Cause).unwrap();
    assert!(
        cause
            .markdown
            .starts_with("Instance Vast.ai crashée suite à erreur CUDA OOM")
    );
    assert_eq!(
        incident.section(SectionKind::Symptoms).unwrap().markdown,
        "- Health check retourne 502\n- Logs montrent \"CUDA out of memory\"\n- Instance status: \"Stopped\" dans dashboard"
    );
    assert!(!incident.draft);
    assert!(incident.services.is_empty() && incident.tags.is_empty());
}
