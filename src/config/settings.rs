//! The keys of incidex.yaml by name: the one list the reader dispatches on, suggests from and
//! the JSON Schema (`schema/`) describes, so that none of them can know a key the others miss.

/// A top-level key of incidex.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Title,
    Description,
    Language,
    Timezone,
    Currency,
    BaseUrl,
    ContentDir,
    OutputDir,
    TicketUrl,
    Theme,
    AllowRawHtml,
    Private,
    PublishTypes,
    PublishActiveTypes,
    Links,
    Services,
    ActionDueDays,
}

impl Setting {
    /// Every key, in the order messages and the schema list them.
    pub const ALL: [Setting; 17] = [
        Setting::Title,
        Setting::Description,
        Setting::Language,
        Setting::Timezone,
        Setting::Currency,
        Setting::BaseUrl,
        Setting::ContentDir,
        Setting::OutputDir,
        Setting::TicketUrl,
        Setting::Theme,
        Setting::AllowRawHtml,
        Setting::Private,
        Setting::PublishTypes,
        Setting::PublishActiveTypes,
        Setting::Links,
        Setting::Services,
        Setting::ActionDueDays,
    ];

    /// The key as written in incidex.yaml.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Title => "title",
            Setting::Description => "description",
            Setting::Language => "language",
            Setting::Timezone => "timezone",
            Setting::Currency => "currency",
            Setting::BaseUrl => "base_url",
            Setting::ContentDir => "content_dir",
            Setting::OutputDir => "output_dir",
            Setting::TicketUrl => "ticket_url",
            Setting::Theme => "theme",
            Setting::AllowRawHtml => "allow_raw_html",
            Setting::Private => "private",
            Setting::PublishTypes => "publish_types",
            Setting::PublishActiveTypes => "publish_active_types",
            Setting::Links => "links",
            Setting::Services => "services",
            Setting::ActionDueDays => "action_due_days",
        }
    }

    /// The setting written `key` (exactly: keys are lower case).
    pub fn named(key: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Every key as written, for suggestions.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        Setting::ALL.into_iter().map(Setting::key)
    }
}

/// A key of one service under `services:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceSetting {
    /// The name shown for the service.
    Name,
    /// The monthly availability objective, in percent.
    Slo,
}

impl ServiceSetting {
    pub const ALL: [ServiceSetting; 2] = [ServiceSetting::Name, ServiceSetting::Slo];

    pub fn key(self) -> &'static str {
        match self {
            ServiceSetting::Name => "name",
            ServiceSetting::Slo => "slo",
        }
    }

    pub fn named(key: &str) -> Option<ServiceSetting> {
        ServiceSetting::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn keys() -> impl Iterator<Item = &'static str> {
        ServiceSetting::ALL.into_iter().map(ServiceSetting::key)
    }
}

/// A service's availability objective lies strictly between these two, in percent.
pub const SLO_BOUNDS: (f64, f64) = (0.0, 100.0);

/// Every way to write the site's `language`, compared after trimming and ASCII lower-casing.
pub const LANGUAGE_NAMES: [(&str, super::Language); 8] = [
    ("fr", super::Language::French),
    ("fr-fr", super::Language::French),
    ("french", super::Language::French),
    ("français", super::Language::French),
    ("en", super::Language::English),
    ("en-us", super::Language::English),
    ("en-gb", super::Language::English),
    ("english", super::Language::English),
];
