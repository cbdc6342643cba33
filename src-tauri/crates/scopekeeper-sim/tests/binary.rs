//! The `scopekeeper-sim` binary: its first stdout line is the documented JSON handshake, and
//! the servers it names answer; `--fault` rules apply from the first call.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn first_line_is_the_handshake_and_faults_apply() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scopekeeper-sim"))
        .args(["--port", "0", "--fault", "manifest.organization=401@1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let hs: serde_json::Value = serde_json::from_str(&line).expect("the first line is JSON");
    every_vendor_is_named(&hs);

    let org = format!(
        "{}/v1/organization",
        hs["manifest"]["base_url"].as_str().unwrap()
    );
    let token = hs["manifest"]["token"].as_str().unwrap();
    let get = || reqwest::Client::new().get(&org).bearer_auth(token).send();
    assert_eq!(
        get().await.unwrap().status(),
        401,
        "the --fault rule answers the first call"
    );
    assert_eq!(get().await.unwrap().status(), 200, "and only the first");

    let mb = hs["mindbridge"]["base_url"].as_str().unwrap();
    let current = reqwest::Client::new()
        .get(format!("{mb}/api/v1/api-tokens/current"))
        .bearer_auth(hs["mindbridge"]["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(current.status(), 200);
    let rec: serde_json::Value = current.json().await.unwrap();
    assert!(rec["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "api.api-tokens.write"));
    assert!(
        rec.get("token").is_none(),
        "a token's own record never carries its secret"
    );

    control_endpoints_need_the_control_token(mb.trim_end_matches("/mindbridge"), &hs).await;
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Each vendor's base URL and admin credential, as the handshake documents them.
fn every_vendor_is_named(hs: &serde_json::Value) {
    for (vendor, secret_field) in [
        ("mindbridge", "token"),
        ("cortex", "api_key"),
        ("bright", "api_key"),
        ("manifest", "token"),
        ("cloudflare", "token"),
        ("gitlab", "token"),
        ("github", "token"),
    ] {
        let base = hs[vendor]["base_url"].as_str().expect("a base_url");
        // Cloudflare's tokens live under the account: `…/cloudflare/client/v4/accounts/{id}`.
        let tail = match vendor {
            "cloudflare" => format!(
                "/cloudflare/client/v4/accounts/{}",
                hs[vendor]["account_id"].as_str().unwrap()
            ),
            // GitLab's: the sandbox project's API, `…/gitlab/api/v4/projects/{id}`.
            "gitlab" => format!(
                "/gitlab/api/v4/projects/{}",
                hs[vendor]["project_id"].as_u64().unwrap()
            ),
            // GitHub's: the organisation under the API root, `…/github/orgs/acme`.
            "github" => "/github/orgs/acme".to_owned(),
            v => format!("/{v}"),
        };
        assert!(
            base.starts_with("http://127.0.0.1:") && base.ends_with(&tail),
            "{base}"
        );
        // GitLab's personal access tokens are `glpat-` and 20 characters.
        let long_enough = |s: &str| s.len() >= 40 || (vendor == "gitlab" && s.len() == 26);
        assert!(
            hs[vendor][secret_field].as_str().is_some_and(long_enough),
            "{vendor}.{secret_field}"
        );
    }
    assert!(hs["cortex"]["api_key_id"].is_i64());
    let gl = &hs["gitlab"];
    assert!(gl["token"].as_str().unwrap().starts_with("glpat-"));
    assert!(gl["api_url"].as_str().unwrap().ends_with("/gitlab/api/v4"));
    assert_eq!(
        (
            gl["project_id"].as_u64(),
            gl["group_id"].as_u64(),
            gl["admin_user_id"].as_u64()
        ),
        (Some(7), Some(3), Some(1))
    );
    let gh = &hs["github"];
    assert!(gh["token"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    assert!(gh["api_url"].as_str().unwrap().ends_with("/github"));
    assert_eq!(
        (
            gh["app_id"].as_u64(),
            gh["installation_id"].as_u64(),
            gh["org"].as_str()
        ),
        (Some(1001), Some(5001), Some("acme"))
    );
    assert!(gh["classic_token"].as_str().unwrap().starts_with("ghp_"));
    assert!(gh["fine_grained_token"]
        .as_str()
        .unwrap()
        .starts_with("github_pat_"));
}

/// `/_sim/faults` and `/_sim/calls` answer only the handshake's control token.
async fn control_endpoints_need_the_control_token(root: &str, hs: &serde_json::Value) {
    let http = reqwest::Client::new();
    let control = hs["control_token"].as_str().unwrap();
    for (method, path) in [
        (reqwest::Method::GET, "/_sim/calls"),
        (reqwest::Method::POST, "/_sim/faults"),
        (reqwest::Method::DELETE, "/_sim/faults"),
    ] {
        for auth in [
            None,
            Some("wrong"),
            Some(hs["mindbridge"]["token"].as_str().unwrap()),
        ] {
            let mut req = http
                .request(method.clone(), format!("{root}{path}"))
                .body("mindbridge=500");
            if let Some(a) = auth {
                req = req.bearer_auth(a);
            }
            assert_eq!(
                req.send().await.unwrap().status(),
                401,
                "{method} {path} with {auth:?}"
            );
        }
    }
    let calls: serde_json::Value = http
        .get(format!("{root}/_sim/calls"))
        .bearer_auth(control)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(calls["manifest.organization"], 2);
    let added = http
        .post(format!("{root}/_sim/faults"))
        .bearer_auth(control)
        .body("manifest.organization=503@1")
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
}

#[tokio::test]
async fn seeded_credentials_are_the_tenants_admin_credentials() {
    use scopekeeper_sim::{start, SeedCredentials, SimConfig};
    let seed = SeedCredentials {
        mindbridge_token: Some("m".repeat(48)),
        cortex_api_key: Some("c".repeat(128)),
        bright_api_key: Some("abcdefg.nexa.abcdefghijklmnopqrstuvwxyz012345".into()),
        manifest_token: Some("f".repeat(64)),
        cloudflare_token: Some("k".repeat(40)),
        gitlab_token: Some("glpat-seededseededseeded".into()),
        // Not a PEM: the simulator makes its own key instead.
        github_token: Some("not a key".into()),
    };
    let sim = start(SimConfig {
        seed,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let h = &sim.handshake;
    assert_eq!(h.mindbridge.token, "m".repeat(48));
    assert_eq!(h.cortex.api_key, "c".repeat(128));
    assert_eq!(
        h.bright.api_key,
        "abcdefg.nexa.abcdefghijklmnopqrstuvwxyz012345"
    );
    assert_eq!(h.manifest.token, "f".repeat(64));
    assert_eq!(h.cloudflare.token, "k".repeat(40));
    assert_eq!(h.gitlab.token, "glpat-seededseededseeded");
    assert!(h
        .github
        .token
        .starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let me = reqwest::Client::new()
        .get(format!("{}/user", h.gitlab.api_url))
        .header("private-token", "glpat-seededseededseeded")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "the seeded GitLab token authenticates");
    let status = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/api-tokens/current",
            h.mindbridge.base_url
        ))
        .bearer_auth("m".repeat(48))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200, "the seeded token authenticates");
    assert!(
        !format!("{h:?}").contains(&"m".repeat(48)),
        "Debug never prints a credential"
    );
}
