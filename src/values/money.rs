//! Amounts of money (spec §6): exact decimals with a currency, never floats.

use rust_decimal::Decimal;

use super::ValueError;

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money {
    pub amount: Decimal,
    /// ISO 4217 code, upper case (`USD`, `EUR`).
    pub currency: String,
    /// Written with `~` or `≈`.
    pub approximate: bool,
    /// A trailing parenthesis, kept for display.
    pub note: Option<String>,
}

/// Parses an amount; `default_currency` (the site's `currency:`) applies to a bare number.
/// `Ok(None)` is "no value": `N/A`, `-`, `aucun`, `si applicable`, `[Si applicable]`, ...
pub fn parse_money(text: &str, default_currency: &str) -> Result<Option<Money>, ValueError> {
    let _ = (text, default_currency);
    todo!("implemented by the values work")
}
