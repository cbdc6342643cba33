//! What a vendor-side token listing is narrowed to, where the vendor's list call filters
//! (GitLab's token lists: `search`, `state`, `created_*`, `last_used_*`): the vendor does the
//! filtering, so an instance with many thousands of tokens sends only those asked for. The
//! audit never filters: it reads every token.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::token_spec::Day;

/// The longest `search` text sent.
pub const MAX_SEARCH: usize = 100;

/// Active tokens (usable now), or inactive ones (expired or revoked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ListState {
    Active,
    Inactive,
}

/// A listing's filters; empty fields filter nothing. Days are `YYYY-MM-DD`, UTC calendar days,
/// both bounds included whole (the vendor reads a day as its midnight UTC, so a *before* bound
/// is sent as the day after).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListFilter {
    /// Token names containing this text.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub state: Option<ListState>,
    #[serde(default)]
    pub created_after: Option<String>,
    #[serde(default)]
    pub created_before: Option<String>,
    #[serde(default)]
    pub last_used_after: Option<String>,
    #[serde(default)]
    pub last_used_before: Option<String>,
}

/// The fields of a [`ListFilter`] as the vendor's query names them, and how an admin reads
/// them.
const DAYS: [(&str, &str); 4] = [
    ("created_after", "Created on or after"),
    ("created_before", "Created on or before"),
    ("last_used_after", "Last used on or after"),
    ("last_used_before", "Last used on or before"),
];

impl ListFilter {
    fn days(&self) -> [Option<&str>; 4] {
        [
            &self.created_after,
            &self.created_before,
            &self.last_used_after,
            &self.last_used_before,
        ]
        .map(|d| d.as_deref().map(str::trim).filter(|d| !d.is_empty()))
    }

    fn search_text(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Whether it filters nothing.
    pub fn is_empty(&self) -> bool {
        self.search_text().is_none()
            && self.state.is_none()
            && self.days().iter().all(Option::is_none)
    }

    /// Every problem, each naming the field to correct: a day not `YYYY-MM-DD`, a range that
    /// ends before it starts, a search too long or holding control characters.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = self.search_text() {
            if s.chars().count() > MAX_SEARCH {
                out.push(format!("Name contains: at most {MAX_SEARCH} characters"));
            }
            if s.chars().any(char::is_control) {
                out.push("Name contains: remove the control characters (tabs, line breaks)".into());
            }
        }
        let days = self.days();
        let parsed: Vec<Option<Day>> = days.iter().map(|d| d.and_then(Day::parse)).collect();
        for ((d, p), (_, label)) in days.iter().zip(&parsed).zip(DAYS) {
            if let (Some(text), None) = (d, p) {
                out.push(format!(
                    "{label}: `{}` is not a date; write it as YYYY-MM-DD",
                    crate::printable::printable(text)
                ));
            }
        }
        for (from, to, what) in [(0, 1, "Created"), (2, 3, "Last used")] {
            if let (Some(a), Some(b)) = (parsed[from], parsed[to]) {
                if a > b {
                    out.push(format!(
                        "{what}: the range ends ({b}) before it starts ({a})"
                    ));
                }
            }
        }
        out
    }

    /// The query parameters the vendor filters by (GitLab's names), trimmed, empty ones left out.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(s) = self.search_text() {
            q.push(("search", s.to_owned()));
        }
        if let Some(state) = self.state {
            let s = match state {
                ListState::Active => "active",
                ListState::Inactive => "inactive",
            };
            q.push(("state", s.to_owned()));
        }
        for (d, (key, _)) in self.days().iter().zip(DAYS) {
            if let Some(d) = d {
                // Up to the end of the day: the next day's midnight.
                let sent = match Day::parse(d) {
                    Some(day) if key.ends_with("_before") => day.plus_days(1).to_string(),
                    _ => (*d).to_owned(),
                };
                q.push((key, sent));
            }
        }
        q
    }

    /// Whether a listed token passes the filter, checked again here: a vendor that ignores a
    /// parameter (older GitLab on project and group lists) must not make an unfiltered list
    /// look filtered. `active`: `None` when the vendor does not say; times are RFC 3339.
    pub fn keeps(
        &self,
        name: &str,
        active: Option<bool>,
        created: Option<&str>,
        last_used: Option<&str>,
    ) -> bool {
        let day = |t: Option<&str>| {
            t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| Day::from_naive(t.with_timezone(&chrono::Utc).date_naive()))
        };
        let bound = |d: Option<&str>| d.and_then(Day::parse);
        let [ca, cb, ua, ub] = self.days().map(bound);
        let within = |at: Option<Day>, after: Option<Day>, before: Option<Day>| {
            (after.is_none() && before.is_none())
                || at.is_some_and(|t| after.is_none_or(|a| t >= a) && before.is_none_or(|b| t <= b))
        };
        let named = self
            .search_text()
            .is_none_or(|s| name.to_lowercase().contains(&s.to_lowercase()));
        let state = match (self.state, active) {
            (Some(ListState::Active), Some(a)) => a,
            (Some(ListState::Inactive), Some(a)) => !a,
            _ => true,
        };
        named && state && within(day(created), ca, cb) && within(day(last_used), ua, ub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_becomes_the_vendors_query_and_empty_fields_filter_nothing() {
        let empty = ListFilter {
            search: Some("  ".into()),
            created_after: Some(String::new()),
            ..ListFilter::default()
        };
        assert!(empty.is_empty() && empty.query().is_empty() && empty.problems().is_empty());
        let f = ListFilter {
            search: Some(" deploy ".into()),
            state: Some(ListState::Inactive),
            created_after: Some("2026-01-01".into()),
            last_used_before: Some("2026-06-30".into()),
            ..ListFilter::default()
        };
        assert!(!f.is_empty());
        assert_eq!(
            f.query(),
            vec![
                ("search", "deploy".to_owned()),
                ("state", "inactive".to_owned()),
                ("created_after", "2026-01-01".to_owned()),
                ("last_used_before", "2026-07-01".to_owned()),
            ]
        );
        assert!(f.problems().is_empty());
    }

    #[test]
    fn a_listed_token_is_checked_again_whole_days_included() {
        let f = ListFilter {
            search: Some("Deploy".into()),
            state: Some(ListState::Active),
            created_after: Some("2026-01-01".into()),
            last_used_before: Some("2026-06-30".into()),
            ..ListFilter::default()
        };
        let keeps = |name, active, created, used| f.keeps(name, active, created, used);
        let (made, used) = (Some("2026-01-01T00:00:00Z"), Some("2026-06-30T23:59:59Z"));
        assert!(
            keeps("ci-deploy", Some(true), made, used),
            "both ends whole"
        );
        assert!(!keeps("ci-read", Some(true), made, used), "another name");
        assert!(!keeps("ci-deploy", Some(false), made, used), "inactive");
        assert!(!keeps(
            "ci-deploy",
            Some(true),
            Some("2025-12-31T23:59:59Z"),
            used
        ));
        assert!(!keeps(
            "ci-deploy",
            Some(true),
            made,
            Some("2026-07-01T00:00:00Z")
        ));
        assert!(
            !keeps("ci-deploy", Some(true), made, None),
            "never used: out of a use bound"
        );
        assert!(
            !keeps(
                "ci-deploy",
                Some(true),
                made,
                Some("2026-06-30T20:00:00-05:00")
            ),
            "read in UTC: 2026-07-01"
        );
        assert!(ListFilter::default().keeps("x", Some(false), None, None));
    }

    #[test]
    fn each_bad_field_is_named_with_its_fix() {
        let f = ListFilter {
            search: Some(format!("a\u{1b}b{}", "x".repeat(MAX_SEARCH))),
            created_after: Some("2026-02-30".into()),
            last_used_after: Some("2026-05-02".into()),
            last_used_before: Some("2026-05-01".into()),
            ..ListFilter::default()
        };
        let p = f.problems();
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[0].contains("at most 100"), "{p:?}");
        assert!(p[1].contains("control characters"), "{p:?}");
        assert!(
            p[2].starts_with("Created on or after: `2026-02-30` is not a date"),
            "{p:?}"
        );
        assert!(
            p[3].starts_with(
                "Last used: the range ends (2026-05-01) before it starts (2026-05-02)"
            ),
            "{p:?}"
        );
        let printed = ListFilter {
            created_before: Some("\u{1b}[31m".into()),
            ..ListFilter::default()
        };
        assert!(
            !printed.problems()[0].contains('\u{1b}'),
            "control characters escaped"
        );
    }
}
