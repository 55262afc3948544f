//! What an operation says about its own future, read once at lowering into
//! typed fields of [`Operation`](crate::ir::Operation): the sunset date
//! (`x-sunset`, or the example of a `Sunset` response header) and the
//! stability level (`x-stability-level`). The compat rules read the fields,
//! never the extensions.

use serde::Serialize;
use serde_json::Value;

use crate::ir::Response;

/// `x-stability-level`, ranked `draft` < `alpha` < `beta` < `stable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    /// The level an `x-stability-level` value names; `None` for any other.
    pub fn parse(v: &Value) -> Option<Stability> {
        Some(match v.as_str()? {
            "draft" => Stability::Draft,
            "alpha" => Stability::Alpha,
            "beta" => Stability::Beta,
            "stable" => Stability::Stable,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }

    /// `draft` and `alpha` promise nothing yet.
    pub fn is_unstable(self) -> bool {
        self < Stability::Beta
    }
}

/// The sunset day (`YYYY-MM-DD`): `x-sunset`, else the example of a
/// `Sunset` response header (an HTTP date, RFC 8594).
pub fn sunset(x_sunset: Option<&Value>, responses: &[Response]) -> Option<String> {
    if let Some(s) = x_sunset.and_then(Value::as_str) {
        let day: String = s.chars().take(10).collect();
        return (day.len() == 10).then_some(day);
    }
    responses
        .iter()
        .flat_map(|r| r.headers.iter())
        .filter(|h| h.name.eq_ignore_ascii_case("sunset"))
        .find_map(|h| h.docs.example.as_ref()?.as_str().and_then(http_date))
}

/// `Sat, 01 Nov 2025 00:00:00 GMT` (or an ISO date) → `2025-11-01`.
fn http_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() >= 10 && s.as_bytes()[4] == b'-' {
        return Some(s[..10].to_string());
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, ..] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = MONTHS
        .iter()
        .position(|n| month.to_ascii_lowercase().starts_with(n))?
        + 1;
    let d: u32 = day.parse().ok()?;
    let y: u32 = year.parse().ok()?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::http_date;

    #[test]
    fn http_dates_become_iso_days() {
        assert_eq!(
            http_date("Sat, 01 Nov 2025 00:00:00 GMT").as_deref(),
            Some("2025-11-01")
        );
        assert_eq!(http_date("2026-02-03").as_deref(), Some("2026-02-03"));
        assert_eq!(http_date("soon"), None);
    }

    #[test]
    fn stability_levels_rank_and_unknown_ones_are_none() {
        use super::Stability;
        let parse = |s: &str| Stability::parse(&serde_json::json!(s));
        assert!(parse("draft") < parse("alpha") && parse("beta") < parse("stable"));
        assert!(parse("alpha").unwrap().is_unstable() && !parse("beta").unwrap().is_unstable());
        assert_eq!(parse("experimental"), None);
        assert_eq!(Stability::parse(&serde_json::json!(3)), None);
    }
}
