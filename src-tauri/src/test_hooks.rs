//! Knobs the tests (and `make run`) turn through the environment: how soon a copied secret is
//! cleared, and how many extra tokens the sandbox is seeded with. Read only in a build with the
//! `test-hooks` feature; the shipped app (`make package`, `--no-default-features`) never reads
//! these variables, so nothing in a user's environment changes how it behaves.

/// Seconds before a copied secret is cleared, when the environment overrides the default
/// (`SCOPEKEEPER_CLIPBOARD_CLEAR_SECS`).
pub fn clipboard_clear_secs() -> Option<u64> {
    clipboard_clear_secs_in(&|name| std::env::var(name).ok())
}

/// Extra tokens for the sandbox's simulated tenants (`SCOPEKEEPER_SANDBOX_SEED_TOKENS`; 0 when
/// unset).
pub fn sandbox_seed_tokens() -> usize {
    sandbox_seed_tokens_in(&|name| std::env::var(name).ok())
}

type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

fn read<T: std::str::FromStr>(env: Env<'_>, name: &str) -> Option<T> {
    if !cfg!(feature = "test-hooks") {
        return None;
    }
    env(name).and_then(|v| v.trim().parse().ok())
}

fn clipboard_clear_secs_in(env: Env<'_>) -> Option<u64> {
    read(env, "SCOPEKEEPER_CLIPBOARD_CLEAR_SECS")
}

fn sandbox_seed_tokens_in(env: Env<'_>) -> usize {
    read(env, "SCOPEKEEPER_SANDBOX_SEED_TOKENS").unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SCOPEKEEPER_CLIPBOARD_CLEAR_SECS" => Some("4".into()),
            "SCOPEKEEPER_SANDBOX_SEED_TOKENS" => Some("10000".into()),
            _ => None,
        }
    }

    /// `make test` runs this with the feature (the hooks are read) and without it, as the shipped
    /// app is built (they are ignored).
    #[test]
    fn the_env_hooks_are_read_only_in_a_build_with_test_hooks() {
        if cfg!(feature = "test-hooks") {
            assert_eq!(clipboard_clear_secs_in(&env), Some(4));
            assert_eq!(sandbox_seed_tokens_in(&env), 10_000);
        } else {
            assert_eq!(clipboard_clear_secs_in(&env), None);
            assert_eq!(sandbox_seed_tokens_in(&env), 0);
        }
        assert_eq!(clipboard_clear_secs_in(&|_| None), None);
        assert_eq!(sandbox_seed_tokens_in(&|_| Some("many".into())), 0);
    }

    /// The sandbox's simulators as this build starts them: `/_sim/faults` and `/_sim/calls`
    /// answer the handshake's control token only with the test hooks (a rule that is not one is
    /// refused with 400); as the shipped app is built they are 404, control token or not.
    #[tokio::test]
    async fn the_sandbox_control_endpoints_answer_only_in_a_build_with_test_hooks() {
        let sim = scopekeeper_sim::start(scopekeeper_sim::SimConfig::default())
            .await
            .unwrap();
        let auth = format!("Bearer {}", sim.handshake.control_token);
        let http = reqwest::Client::new();
        let with_auth = |req: reqwest::RequestBuilder| req.header("authorization", auth.as_str());
        let mut answers = Vec::new();
        for req in [
            http.get(format!("{}/_sim/calls", sim.origin())),
            http.post(format!("{}/_sim/faults", sim.origin()))
                .body("not a rule"),
            http.delete(format!("{}/_sim/faults", sim.origin())),
        ] {
            answers.push(with_auth(req).send().await.unwrap().status().as_u16());
        }
        let with_hooks = cfg!(feature = "test-hooks");
        let expected = if with_hooks {
            [200, 400, 204]
        } else {
            [404, 404, 404]
        };
        assert_eq!(answers, expected, "test-hooks: {with_hooks}");
    }
}
