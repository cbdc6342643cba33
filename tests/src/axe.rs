//! axe-core (the npm package the UI installs) run in the real webview: the WCAG 2.1 A/AA rules,
//! and every violation whose impact is serious or critical.

use crate::{workspace_root, Harness};

/// One rule broken on the page, with where.
#[derive(Debug, serde::Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub targets: Vec<String>,
    pub summary: Vec<String>,
}

impl Harness {
    /// Runs axe on the whole page; the serious and critical violations.
    pub async fn axe(&self) -> Vec<Violation> {
        let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is needed at {} (`make test` installs the UI's packages): {e}",
                path.display()
            )
        });
        self.client()
            .execute(&source, vec![])
            .await
            .expect("load axe-core into the page");
        let v = self
            .client()
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
                  .then(r => done(r.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
                                 summary: v.nodes.slice(0, 5).map(n => n.failureSummary || "") }))))
                  .catch(e => done([{ id: "axe-error", impact: "critical", help: String(e), targets: [], summary: [] }]));"#,
                vec![],
            )
            .await
            .expect("run axe");
        serde_json::from_value(v).expect("axe's violations")
    }

    /// The serious and critical violations on the page, described for a person, or `None`.
    pub async fn accessibility_problems(&self, screen: &str) -> Option<String> {
        let found = self.axe().await;
        if found.is_empty() {
            return None;
        }
        Some(format!(
            "{screen}: {} serious or critical WCAG 2.1 AA violations:\n{}",
            found.len(),
            found
                .iter()
                .map(|v| format!(
                    "- {} ({}): {}\n    at {}\n    {}",
                    v.id,
                    v.impact.as_deref().unwrap_or("?"),
                    v.help,
                    v.targets.join(" | "),
                    v.summary.join(" | ").replace('\n', " ")
                ))
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}
