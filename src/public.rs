//! Public builds (`incidex build --public`): the fields `private:` lists are blanked on every
//! incident before anything is rendered, so no page, JSON file, list data or feed can show them.

use crate::incident::{Cost, Incident, References, SectionKind};

/// The names `private:` accepts, in the order the README lists them.
pub const PRIVATE_FIELDS: &[&str] = &[
    "cost",
    "cost.downtime",
    "cost.lost",
    "cost.resolution",
    "references",
    "references.logs",
    "references.dashboard",
    "references.tickets",
    "references.other",
    "services",
    "trigger",
    "factors",
    "tags",
    "user_impact.description",
    "extra_fields",
    "summary",
    "sections.cause",
    "sections.symptoms",
    "sections.immediate_actions",
    "sections.resolution",
    "sections.prevention",
    "sections.cost_impact",
    "sections.references",
];

/// Blanks the `private` fields of `incident`. A cost field also removes the Coût Impact
/// section's text, and a reference field the Références section's text (they repeat the
/// values); the fields left public are still shown in the metadata card and the references
/// list. A private Prévention section takes its action items with it.
pub fn apply(private: &[String], incident: &mut Incident) {
    for field in private {
        match field.as_str() {
            "cost" => {
                incident.cost = Cost::default();
                drop_section(incident, SectionKind::CostImpact);
            }
            "cost.downtime" => {
                incident.cost.downtime = None;
                drop_section(incident, SectionKind::CostImpact);
            }
            "cost.lost" => {
                incident.cost.lost = None;
                drop_section(incident, SectionKind::CostImpact);
            }
            "cost.resolution" => {
                incident.cost.resolution = None;
                drop_section(incident, SectionKind::CostImpact);
            }
            "references" => {
                incident.references = References::default();
                drop_section(incident, SectionKind::References);
            }
            "references.logs" => {
                incident.references.logs = None;
                drop_section(incident, SectionKind::References);
            }
            "references.dashboard" => {
                incident.references.dashboard = None;
                drop_section(incident, SectionKind::References);
            }
            "references.tickets" => {
                incident.references.tickets.clear();
                drop_section(incident, SectionKind::References);
            }
            "references.other" => {
                incident.references.other.clear();
                drop_section(incident, SectionKind::References);
            }
            "services" => incident.services.clear(),
            "trigger" => incident.trigger = None,
            "factors" => incident.factors.clear(),
            "tags" => incident.tags.clear(),
            "user_impact.description" => incident.user_impact.value.description = None,
            "extra_fields" => incident.extra_fields.clear(),
            "summary" => incident.summary.clear(),
            other => {
                if let Some(kind) = other
                    .strip_prefix("sections.")
                    .and_then(|key| SectionKind::ALL.into_iter().find(|k| k.key() == key))
                {
                    drop_section(incident, kind);
                    if kind == SectionKind::Prevention {
                        incident.actions.clear();
                    }
                }
            }
        }
    }
}

fn drop_section(incident: &mut Incident, kind: SectionKind) {
    incident.sections.retain(|s| s.kind != Some(kind));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_key_can_be_made_private() {
        for kind in SectionKind::ALL {
            let name = format!("sections.{}", kind.key());
            assert!(PRIVATE_FIELDS.contains(&name.as_str()), "{name}");
        }
    }
}
