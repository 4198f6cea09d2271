//! The labels of the template's field lines and cost and reference lines, in French and English.

use crate::text::fold;

/// A metadata field that may be written as a `**Label :** value` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Date,
    Type,
    Severity,
    Duration,
    UserImpact,
    Detected,
    Mitigated,
    Resolved,
    Services,
    /// What set the incident off: one of the seven triggers.
    Trigger,
    /// What made the incident possible or worse: a free list.
    Factors,
    Tags,
    /// Other incidents this one is related to (slugs or file names).
    Related,
}

impl Field {
    /// The label shown in messages, in the report's language.
    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (Field::Title, false) => "Titre",
            (Field::Title, true) => "Title",
            (Field::Date, _) => "Date",
            (Field::Type, _) => "Type",
            (Field::Severity, false) => "Sévérité",
            (Field::Severity, true) => "Severity",
            (Field::Duration, false) => "Durée",
            (Field::Duration, true) => "Duration",
            (Field::UserImpact, false) => "Impact utilisateurs",
            (Field::UserImpact, true) => "User impact",
            (Field::Detected, false) => "Détecté",
            (Field::Detected, true) => "Detected",
            (Field::Mitigated, false) => "Atténué",
            (Field::Mitigated, true) => "Mitigated",
            (Field::Resolved, false) => "Résolu",
            (Field::Resolved, true) => "Resolved",
            (Field::Services, _) => "Services",
            (Field::Trigger, false) => "Déclencheur",
            (Field::Trigger, true) => "Trigger",
            (Field::Factors, false) => "Facteurs",
            (Field::Factors, true) => "Factors",
            (Field::Tags, _) => "Tags",
            (Field::Related, false) => "Liés",
            (Field::Related, true) => "Related",
        }
    }

    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Date => "date",
            Field::Type => "type",
            Field::Severity => "severity",
            Field::Duration => "duration",
            Field::UserImpact => "user_impact",
            Field::Detected => "detected",
            Field::Mitigated => "mitigated",
            Field::Resolved => "resolved",
            Field::Services => "services",
            Field::Trigger => "trigger",
            Field::Factors => "factors",
            Field::Tags => "tags",
            Field::Related => "related",
        }
    }

    /// An example line for messages that ask for the field.
    pub fn example(self, english: bool) -> &'static str {
        match (self, english) {
            (Field::Type, false) => "**Type :** Downtime",
            (Field::Type, true) => "**Type:** Downtime",
            (Field::Severity, false) => "**Sévérité :** Critique",
            (Field::Severity, true) => "**Severity:** Critical",
            (Field::Duration, false) => "**Durée :** 25 minutes",
            (Field::Duration, true) => "**Duration:** 25 minutes",
            (Field::UserImpact, false) => "**Impact utilisateurs :** Oui - Service inaccessible",
            (Field::UserImpact, true) => "**User impact:** Yes - Service unavailable",
            (Field::Trigger, false) => "**Déclencheur :** Déploiement",
            (Field::Trigger, true) => "**Trigger:** Deploy",
            _ => "",
        }
    }

    /// What the field accepts, for messages.
    pub fn expected(self, english: bool) -> &'static str {
        match (self, english) {
            (Field::Type, false) => "Downtime, Erreur, Sécurité, Performance or Coût",
            (Field::Type, true) => "Downtime, Error, Security, Performance or Cost",
            (Field::Severity, false) => "Critique, Haute, Moyenne or Basse",
            (Field::Severity, true) => "Critical, High, Medium or Low",
            (Field::Trigger, false) => {
                "Déploiement, Configuration, Capacité, Dépendance, Matériel, Sécurité or Inconnu"
            }
            (Field::Trigger, true) => {
                "Deploy, Configuration, Capacity, Dependency, Hardware, Security or Unknown"
            }
            (Field::Duration, _) => "a duration such as `25 minutes`, `1h30` or `en cours`",
            (Field::UserImpact, false) => "`Oui` or `Non`, then ` - ` and a description",
            (Field::UserImpact, true) => "`Yes` or `No`, then ` - ` and a description",
            (Field::Date | Field::Detected | Field::Mitigated | Field::Resolved, _) => {
                "a date such as `2025-01-15 14:30`"
            }
            _ => "text",
        }
    }

    pub const REQUIRED: [Field; 4] = [
        Field::Type,
        Field::Severity,
        Field::Duration,
        Field::UserImpact,
    ];

    const LABELS: &'static [(Field, &'static [&'static str], bool)] = &[
        (Field::Title, &["titre"], false),
        (Field::Title, &["title"], true),
        (Field::Type, &["type", "type d'incident"], false),
        (Field::Type, &["incident type"], true),
        (Field::Severity, &["severite", "gravite"], false),
        (Field::Severity, &["severity"], true),
        (Field::Duration, &["duree"], false),
        (Field::Duration, &["duration"], true),
        (
            Field::UserImpact,
            &["impact utilisateurs", "impact utilisateur", "impact"],
            false,
        ),
        (
            Field::UserImpact,
            &[
                "user impact",
                "users impact",
                "impact on users",
                "customer impact",
            ],
            true,
        ),
        (
            Field::Detected,
            &["detecte", "detection", "detecte le"],
            false,
        ),
        (Field::Detected, &["detected", "detected at"], true),
        (
            Field::Mitigated,
            &["attenue", "attenuation", "attenue le"],
            false,
        ),
        (
            Field::Mitigated,
            &["mitigated", "mitigated at", "mitigation"],
            true,
        ),
        (Field::Resolved, &["resolu", "resolu le"], false),
        (Field::Resolved, &["resolved", "resolved at"], true),
        (
            Field::Services,
            &["services", "service", "service(s)"],
            false,
        ),
        (Field::Trigger, &["declencheur"], false),
        (Field::Trigger, &["trigger"], true),
        (
            Field::Factors,
            &["facteurs", "facteurs contributifs"],
            false,
        ),
        (Field::Factors, &["factors", "contributing factors"], true),
        (Field::Tags, &["tags", "etiquettes"], false),
        (Field::Related, &["lies", "incidents lies"], false),
        (Field::Related, &["related", "related incidents"], true),
    ];

    /// Reads a label (any case, accents optional). The flag says whether it is English-only.
    pub fn from_label(label: &str) -> Option<(Field, bool)> {
        let folded = fold(label);
        Field::LABELS
            .iter()
            .find(|(_, names, _)| names.contains(&folded.as_str()))
            .map(|(f, _, english)| (*f, *english))
    }

    /// Every label as written in the template, for suggestions.
    pub fn all_labels() -> impl Iterator<Item = &'static str> {
        [
            "Type",
            "Sévérité",
            "Severity",
            "Durée",
            "Duration",
            "Impact utilisateurs",
            "User impact",
            "Détecté",
            "Detected",
            "Atténué",
            "Mitigated",
            "Résolu",
            "Resolved",
            "Titre",
            "Title",
            "Services",
            "Déclencheur",
            "Trigger",
            "Facteurs",
            "Factors",
            "Tags",
            "Liés",
            "Related",
        ]
        .into_iter()
    }
}

/// A line of the Coût Impact section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CostLine {
    Downtime,
    Lost,
    Resolution,
}

impl CostLine {
    /// Every line, in the section's order.
    pub const ALL: [CostLine; 3] = [CostLine::Downtime, CostLine::Lost, CostLine::Resolution];

    pub fn from_label(label: &str) -> Option<CostLine> {
        match fold(label).as_str() {
            "temps d'indisponibilite"
            | "indisponibilite"
            | "downtime"
            | "duree d'indisponibilite" => Some(CostLine::Downtime),
            "cout perdu" | "perte" | "pertes" | "lost cost" | "cost lost" | "lost"
            | "lost revenue" => Some(CostLine::Lost),
            "cout resolution"
            | "cout de resolution"
            | "cout de la resolution"
            | "resolution cost"
            | "cost of resolution" => Some(CostLine::Resolution),
            _ => None,
        }
    }

    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (CostLine::Downtime, false) => "Temps d'indisponibilité",
            (CostLine::Downtime, true) => "Downtime",
            (CostLine::Lost, false) => "Coût perdu",
            (CostLine::Lost, true) => "Lost cost",
            (CostLine::Resolution, false) => "Coût résolution",
            (CostLine::Resolution, true) => "Resolution cost",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CostLine::Downtime => "downtime",
            CostLine::Lost => "lost",
            CostLine::Resolution => "resolution",
        }
    }

    pub fn all_labels() -> impl Iterator<Item = &'static str> {
        [
            "Temps d'indisponibilité",
            "Downtime",
            "Coût perdu",
            "Lost cost",
            "Coût résolution",
            "Resolution cost",
        ]
        .into_iter()
    }
}

/// A line of the Références section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceLine {
    Logs,
    Dashboard,
    Tickets,
}

impl ReferenceLine {
    /// Every line, in the section's order.
    pub const ALL: [ReferenceLine; 3] = [
        ReferenceLine::Logs,
        ReferenceLine::Dashboard,
        ReferenceLine::Tickets,
    ];

    pub fn from_label(label: &str) -> Option<ReferenceLine> {
        match fold(label).as_str() {
            "logs" | "log" | "journaux" => Some(ReferenceLine::Logs),
            "dashboard" | "dashboards" | "tableau de bord" | "metriques" | "metrics" => {
                Some(ReferenceLine::Dashboard)
            }
            "tickets" | "ticket" => Some(ReferenceLine::Tickets),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReferenceLine::Logs => "Logs",
            ReferenceLine::Dashboard => "Dashboard",
            ReferenceLine::Tickets => "Tickets",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ReferenceLine::Logs => "logs",
            ReferenceLine::Dashboard => "dashboard",
            ReferenceLine::Tickets => "tickets",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_any_case_with_or_without_accents() {
        for label in [
            "Sévérité",
            "Severite",
            "SÉVÉRITÉ",
            "sévérité",
            "Severity",
            "SEVERITY",
        ] {
            assert_eq!(
                Field::from_label(label).map(|f| f.0),
                Some(Field::Severity),
                "{label}"
            );
        }
        for label in ["Durée", "Duree", "Duration"] {
            assert_eq!(
                Field::from_label(label).map(|f| f.0),
                Some(Field::Duration),
                "{label}"
            );
        }
        for label in [
            "Impact utilisateurs",
            "impact utilisateurs",
            "User impact",
            "User Impact",
        ] {
            assert_eq!(
                Field::from_label(label).map(|f| f.0),
                Some(Field::UserImpact),
                "{label}"
            );
        }
        assert_eq!(Field::from_label("Type").map(|f| f.0), Some(Field::Type));
        assert_eq!(
            Field::from_label("Détecté").map(|f| f.0),
            Some(Field::Detected)
        );
        assert_eq!(
            Field::from_label("Sévèrité").map(|f| f.0),
            Some(Field::Severity)
        );
        assert_eq!(Field::from_label("Priorité"), None);
    }

    #[test]
    fn cost_and_reference_labels() {
        for label in [
            "Temps d'indisponibilité",
            "Temps d’indisponibilite",
            "Downtime",
            "TEMPS D'INDISPONIBILITÉ",
        ] {
            assert_eq!(
                CostLine::from_label(label),
                Some(CostLine::Downtime),
                "{label}"
            );
        }
        for label in ["Coût perdu", "Cout perdu", "Lost cost"] {
            assert_eq!(CostLine::from_label(label), Some(CostLine::Lost), "{label}");
        }
        for label in [
            "Coût résolution",
            "Cout resolution",
            "Resolution cost",
            "Coût de résolution",
        ] {
            assert_eq!(
                CostLine::from_label(label),
                Some(CostLine::Resolution),
                "{label}"
            );
        }
        assert_eq!(ReferenceLine::from_label("logs"), Some(ReferenceLine::Logs));
        assert_eq!(
            ReferenceLine::from_label("Dashboard"),
            Some(ReferenceLine::Dashboard)
        );
        assert_eq!(
            ReferenceLine::from_label("TICKETS"),
            Some(ReferenceLine::Tickets)
        );
        assert_eq!(ReferenceLine::from_label("Runbook"), None);
    }

    /// The services a report's field line names, with `label` as its label.
    fn services_under(label: &str) -> Vec<String> {
        let text = format!(
            "## Incident 2025-01-15 14:30\n\n**Type :** Downtime\n**Sévérité :** Haute\n\
             **Durée :** 25 minutes\n**Impact utilisateurs :** Non\n**{label} :** api, Worker queue\n\n\
             ### Cause\nx\n\n### Symptômes\nx\n\n### Actions Immédiates\n1. x\n\n\
             ### Résolution\nx\n\n### Prévention\nx\n"
        );
        let ctx = crate::parse::Context {
            timezone: chrono_tz::Tz::UTC,
            currency: "EUR".into(),
        };
        let path = std::path::Path::new("x.md");
        let parsed = crate::parse::parse_report(&text, path, path, &ctx);
        let unknown = parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diagnostic::Code::UnknownLabel)
            .count();
        assert_eq!(unknown, 0, "{label}: {:?}", parsed.diagnostics);
        let incident = parsed.incident.expect("the report reads");
        incident.services.into_iter().map(|s| s.value).collect()
    }

    #[test]
    fn services_read_under_the_label_service_s_as_under_services() {
        let expected = vec!["api".to_string(), "Worker queue".to_string()];
        for label in [
            "Services",
            "Service",
            "Service(s)",
            "SERVICE(S)",
            "service(s)",
        ] {
            assert_eq!(services_under(label), expected, "{label}");
        }
        assert_eq!(
            Field::from_label("Service(s)").map(|f| f.0),
            Some(Field::Services)
        );
        assert_eq!(Field::from_label("Service(x)"), None);
    }
}
