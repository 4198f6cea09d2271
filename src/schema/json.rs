//! JSON values whose keys stay in the order they were written, so that a schema reads in the
//! order of the settings it describes, whatever features `serde_json` was built with.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value; an object keeps its keys in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    /// An object of `entries`, in their order.
    pub fn object(entries: impl IntoIterator<Item = (&'static str, Json)>) -> Json {
        Json::Object(entries.into_iter().collect())
    }

    /// A text.
    pub fn text(text: impl Into<String>) -> Json {
        Json::Text(text.into())
    }

    /// A list of texts.
    pub fn texts<S: Into<String>>(texts: impl IntoIterator<Item = S>) -> Json {
        Json::List(texts.into_iter().map(|t| Json::Text(t.into())).collect())
    }

    /// `self` with `key: value` added at its end (an object only; anything else is kept).
    pub fn with(mut self, key: &'static str, value: Json) -> Json {
        if let Json::Object(entries) = &mut self {
            entries.push((key, value));
        }
        self
    }

    /// The value of `key`, for an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Bool(b) => serializer.serialize_bool(*b),
            // Whole numbers are written without a fraction (`100`, not `100.0`).
            Json::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                serializer.serialize_i64(*n as i64)
            }
            Json::Number(n) => serializer.serialize_f64(*n),
            Json::Text(s) => serializer.serialize_str(s),
            Json::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}
