//! What an operation says about its own future: deprecation (`deprecated:
//! true` or a `Deprecation` response header), the sunset date (`x-sunset`
//! or a `Sunset` response header's example) and `x-stability-level`.

use serde_json::Value;

use crate::ir::Operation;

/// Is the operation deprecated, by the flag or by a `Deprecation` response header?
pub fn deprecated(op: &Operation) -> bool {
    op.deprecated
        || op.responses.iter().any(|r| {
            r.headers
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case("deprecation"))
        })
}

/// The sunset date (`YYYY-MM-DD`): `x-sunset`, else the example of a
/// `Sunset` response header (an HTTP date, RFC 8594).
pub fn sunset(op: &Operation) -> Option<String> {
    if let Some(s) = op.extensions.get("x-sunset").and_then(Value::as_str) {
        let day: String = s.chars().take(10).collect();
        return (day.len() == 10).then_some(day);
    }
    op.responses
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

/// `x-stability-level` ranked: `draft` < `alpha` < `beta` < `stable`; `None`
/// when absent or not one of these.
pub fn stability(op: &Operation) -> Option<(u8, &str)> {
    let s = op.extensions.get("x-stability-level")?.as_str()?;
    let rank = match s {
        "draft" => 0,
        "alpha" => 1,
        "beta" => 2,
        "stable" => 3,
        _ => return None,
    };
    Some((rank, s))
}

/// An operation published as `draft` or `alpha` promises nothing yet.
pub fn unstable(op: &Operation) -> bool {
    stability(op).is_some_and(|(r, _)| r < 2)
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
}
