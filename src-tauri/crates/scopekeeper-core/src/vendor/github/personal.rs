//! A personal token as the API root's `GET /user` describes it: who it acts as, a classic
//! token's scopes, its end, and the risks GitHub's answer shows.

use crate::vendor::adapter::Probe;

/// A personal token as `GET /user` describes it.
pub(super) fn describe_personal(me: &super::Me) -> Probe {
    let mut p = Probe {
        summary: format!("Authenticated as @{}", me.login),
        ..Probe::default()
    };
    match &me.scopes {
        Some(s) => {
            p.holds = s.clone();
            p.facts.push(format!(
                "A classic token: {}.",
                if s.is_empty() {
                    "no scope".into()
                } else {
                    s.join(", ")
                }
            ));
        }
        None => p
            .facts
            .push("A fine-grained token: GitHub does not list its permissions to itself.".into()),
    }
    match &me.expires {
        Some(e) => p.facts.push(format!("Expires {e}.")),
        None => p.risks.push("Never expires.".into()),
    }
    p.risks
        .push("Usable from any address: GitHub tokens cannot be limited to addresses.".into());
    p.facts.push("Lists no tokens: GitHub shows an organization's fine-grained tokens only to a GitHub App (connect …/orgs/{org}).".into());
    p
}
