//! A problem that stops a command before or while it works (a folder, a file, an option), as
//! a value with its message and advice: the errors of `error` carry it.

use std::fmt;

/// A problem that stops a command, said as `error: <message>` and, when there is one, `= help:
/// <help>` (how to fix it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal {
    pub message: String,
    pub help: Option<String>,
}

impl Fatal {
    /// A problem without advice.
    pub fn new(message: impl Into<String>) -> Fatal {
        Fatal {
            message: message.into(),
            help: None,
        }
    }

    /// A problem and how to fix it.
    pub fn with_help(message: impl Into<String>, help: impl Into<String>) -> Fatal {
        Fatal {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fatal {}
