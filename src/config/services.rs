//! The `services:` setting: each service the reports name, by slug, with its display name and
//! its availability objective, every wrong entry a diagnostic at its line.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use super::reader::Reader;
use super::{CONFIG_FILE, SLO_BOUNDS, ServiceConfig, ServiceKey, ServiceSetting};
use crate::diagnostic::{Code, Diagnostic, Location, closest};
use crate::text::{slugify, without_bidi_controls};
use crate::yaml::describe;

/// An example of the setting, for the help of messages.
const EXAMPLE: &str = "services: {api: {name: \"API publique\", slo: 99.9}}";

/// Whether `slo` is an availability objective: strictly between the bounds.
fn within_bounds(slo: f64) -> bool {
    slo.is_finite() && slo > SLO_BOUNDS.0 && slo < SLO_BOUNDS.1
}

/// The name a service's `name` gives, as shown: a text (or a number) without bidirectional
/// controls, which could make it read as another in the pages; None when empty or not text.
fn shown_name(value: &Value) -> Option<String> {
    let name = match value {
        Value::String(s) => without_bidi_controls(s.trim()),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!name.trim().is_empty()).then(|| name.trim().to_string())
}

/// The services read from `services:`, by slug, and where each is written.
pub(super) type Services = (
    BTreeMap<String, ServiceConfig>,
    BTreeMap<String, ServiceKey>,
);

impl Reader<'_, '_> {
    /// `services:` (`key`): a mapping of services as the reports write them, each a mapping of
    /// `name` and `slo`, or nothing. None when it is not a mapping.
    pub(super) fn services(&mut self, key: &str, value: &Value) -> Option<Services> {
        let entries = match value {
            Value::Null => return Some(Services::default()),
            Value::Mapping(entries) => entries,
            other => {
                let location = self.place(&[key], false);
                self.problems.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        location,
                        format!(
                            "`{key}` must be a mapping of services, found {}",
                            describe(other)
                        ),
                    )
                    .with_help(format!(
                        "write each service as the reports name it, e.g. `{EXAMPLE}`"
                    )),
                );
                return None;
            }
        };
        let mut services = Services::default();
        for (written, settings) in entries {
            let Some(written) = self.service_name(key, written) else {
                continue;
            };
            let location = self.place(&[key, &written], true);
            let slug = slugify(&written);
            if slug.is_empty() {
                self.problems.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        location,
                        format!(
                            "the service `{written}` has no URL name: it holds no letter or digit"
                        ),
                    )
                    .with_help(
                        "name the service as its reports do, with letters or digits, e.g. `api`",
                    ),
                );
                continue;
            }
            if let Some(first) = services.1.get(&slug) {
                let diagnostic = Diagnostic::new(
                    Code::InvalidConfig,
                    location,
                    format!(
                        "the service `{written}` is the same as `{}`: both have the URL name `{slug}`",
                        first.written
                    ),
                )
                .with_related(first.location.clone(), "the first one")
                .with_help("keep one of them: reports naming either are the same service");
                self.problems.push(diagnostic);
                continue;
            }
            let service = self.service(key, &written, settings);
            services
                .1
                .insert(slug.clone(), ServiceKey { written, location });
            if let Some(service) = service {
                services.0.insert(slug, service);
            }
        }
        Some(services)
    }

    /// A key of `services:` as text (a number is a name like any other).
    fn service_name(&mut self, key: &str, written: &Value) -> Option<String> {
        match written {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                let location = self.place(&[key], false);
                self.problems.push(Diagnostic::new(
                    Code::InvalidConfig,
                    location,
                    format!(
                        "a service of `{key}` must be named by text, found {}",
                        describe(other)
                    ),
                ));
                None
            }
        }
    }

    /// The settings of the service `written`: nothing, or a mapping of `name` and `slo`.
    fn service(&mut self, key: &str, written: &str, settings: &Value) -> Option<ServiceConfig> {
        let settings = match settings {
            Value::Null => return Some(ServiceConfig::default()),
            Value::Mapping(settings) => settings,
            other => {
                let location = self.place(&[key, written], false);
                self.problems.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        location,
                        format!(
                            "the service `{written}` must be a mapping of `name` and `slo`, found {}",
                            describe(other)
                        ),
                    )
                    .with_help(format!("e.g. `{written}: {{name: \"API publique\", slo: 99.9}}`")),
                );
                return None;
            }
        };
        self.service_settings(key, written, settings)
    }

    /// `name` and `slo` of the service `written`; None when one of them is wrong.
    fn service_settings(
        &mut self,
        key: &str,
        written: &str,
        settings: &Mapping,
    ) -> Option<ServiceConfig> {
        let mut service = ServiceConfig::default();
        let mut valid = true;
        for (setting, value) in settings {
            let setting = match setting {
                Value::String(s) => s.clone(),
                other => describe(other),
            };
            let path = [key, written, setting.as_str()];
            match ServiceSetting::named(&setting) {
                Some(ServiceSetting::Name) => match shown_name(value) {
                    Some(name) => service.name = Some(name),
                    None => {
                        let found = match value {
                            Value::String(_) => "an empty text".to_string(),
                            other => describe(other),
                        };
                        let location = self.place(&path, false);
                        self.problems.push(
                            Diagnostic::new(
                                Code::InvalidConfig,
                                location,
                                format!("the name of the service `{written}` must be text, found {found}"),
                            )
                            .with_help("write the name shown for the service, e.g. `name: \"API publique\"`, or leave `name` out to show the name its reports write"),
                        );
                        valid = false;
                    }
                },
                Some(ServiceSetting::Slo) => match self.slo(&path, written, value) {
                    Some(slo) => service.slo = Some(slo),
                    None => valid = false,
                },
                None => {
                    self.unknown_service_key(&path, written);
                    valid = false;
                }
            }
        }
        valid.then_some(service)
    }

    /// The availability objective at `path`: a number of percent strictly between 0 and 100.
    fn slo(&mut self, path: &[&str], written: &str, value: &Value) -> Option<f64> {
        let (message, example) = match value {
            Value::Number(n) => match n.as_f64() {
                Some(slo) if within_bounds(slo) => return Some(slo),
                _ => (
                    format!(
                        "the objective of the service `{written}` must be strictly between 0 and 100, found `{n}`"
                    ),
                    "99.9".to_string(),
                ),
            },
            Value::String(s) => {
                // `99.9%` or `99,9 %`: the number the writer meant, written as YAML reads it.
                let bare = s.trim().trim_end_matches('%').trim().replace(',', ".");
                let example = match bare.parse::<f64>() {
                    Ok(slo) if within_bounds(slo) => bare,
                    _ => "99.9".to_string(),
                };
                (
                    format!(
                        "the objective of the service `{written}` must be a number, found the text `{s}`"
                    ),
                    example,
                )
            }
            other => (
                format!(
                    "the objective of the service `{written}` must be a number, found {}",
                    describe(other)
                ),
                "99.9".to_string(),
            ),
        };
        let location = self.place(path, false);
        self.problems.push(
            Diagnostic::new(Code::InvalidConfig, location, message).with_help(format!(
                "write the monthly availability objective in percent, without `%`: `slo: {example}`"
            )),
        );
        None
    }

    fn unknown_service_key(&mut self, path: &[&str], written: &str) {
        let setting = path[path.len() - 1];
        let help = match closest(setting, ServiceSetting::keys()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!(
                "a service's keys are: {}",
                ServiceSetting::keys().collect::<Vec<_>>().join(", ")
            ),
        };
        let location = self.place(path, true);
        self.problems.push(
            Diagnostic::new(
                Code::InvalidConfig,
                location,
                format!("unknown key `{setting}` for the service `{written}` in {CONFIG_FILE}"),
            )
            .with_help(help),
        );
    }

    /// Where the key at `path` is written (`key`), or its value.
    fn place(&self, path: &[&str], key: bool) -> Location {
        let span = if key {
            self.doc.key_span(path)
        } else {
            self.doc.value_span(path)
        };
        Location::new(self.file, span.line, span.column, span.len)
    }
}
