//! Catalog engine benchmark on the real-world bench catalogs (GCP predefined roles, AWS managed
//! policies). Prints medians and the ratios the goals are stated in, all measured in this run:
//!
//! - load + validate + index vs a bare `serde_json` parse of the same bytes (goal ≤ 2×)
//! - search per query, GCP + AWS + built-ins loaded (goal ≤ 1 ms)
//! - suggest for 20 needed permissions on GCP (goal ≤ 50 ms)
//! - resolve of `roles/owner`; reverse lookup of one permission
//!
//! Run with `make bench` (or `cargo bench -p scopekeeper-core --bench catalog`).
//! `SCOPEKEEPER_SHARED` points at the shared/ folder when it is not beside the repository.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use scopekeeper_core::algebra::{grants, resolve, ResolveOptions};
use scopekeeper_core::catalog::builtin::builtins;
use scopekeeper_core::catalog::{load_catalog_text, Catalog, Format, Origin};
use scopekeeper_core::search::SearchIndex;
use scopekeeper_core::suggest::{suggest_with, SuggestMode};

fn bench_file(name: &str) -> (String, String) {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared"));
    let path = shared.join("catalogs/bench").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set SCOPEKEEPER_SHARED)", path.display()));
    (path.display().to_string(), text)
}

/// Median wall time of `f` over `runs` runs (after one warm-up).
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[runs / 2]
}

/// Queries as typed, keystroke by keystroke, plus a few whole ones and a miss.
const QUERIES: [&str; 17] = [
    "s",
    "st",
    "sto",
    "stor",
    "storage",
    "storage.objects",
    "storage.objects.get",
    "compute instances",
    "admin",
    "viewer",
    "bigquery data",
    "iam.serviceAccounts.actAs",
    "ec2:Describe",
    "s3:GetObject",
    "view-all",
    "scans:run",
    "zzzz",
];

/// Average time per query over [`QUERIES`], and the slowest query with its time.
fn search_speed(
    runs: usize,
    index: &SearchIndex,
    catalogs: &[&Catalog],
) -> (Duration, Duration, &'static str) {
    let avg = median(runs, || {
        for q in QUERIES {
            std::hint::black_box(index.search(catalogs, q, 50));
        }
    }) / QUERIES.len() as u32;
    let (worst, query) = QUERIES
        .iter()
        .map(|q| (median(runs, || index.search(catalogs, q, 50)), *q))
        .max()
        .expect("QUERIES is not empty");
    (avg, worst, query)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run briefly then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 3 } else { 15 };
    println!("scopekeeper catalog benchmark ({runs} runs each, medians)\n");

    let mut loaded: Vec<Catalog> = Vec::new();
    for file in ["gcp-predefined-roles.json", "aws-managed-policies.json"] {
        let (name, text) = bench_file(file);
        let bare = median(runs, || {
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        });
        let load = median(runs, || {
            load_catalog_text(&name, &text, Format::Json, Origin::BuiltIn).unwrap()
        });
        let cat = load_catalog_text(&name, &text, Format::Json, Origin::BuiltIn).unwrap();
        println!(
            "load+index {file}: {:.1} ms; bare serde_json parse: {:.1} ms; ratio {:.2}x (goal <= 2x)",
            ms(load),
            ms(bare),
            load.as_secs_f64() / bare.as_secs_f64()
        );
        println!(
            "  {} scopes, {} permissions, {} grants",
            cat.scopes().len(),
            cat.permissions().len(),
            cat.grant_edges()
        );
        loaded.push(cat);
    }
    loaded.extend(builtins());
    let gcp = &loaded[0];

    let gcp_only = SearchIndex::new([gcp]);
    let (avg, worst, query) = search_speed(runs, &gcp_only, &[gcp]);
    println!(
        "\nsearch over GCP ({} entries): {:.3} ms per query on average, worst {:.3} ms (`{query}`) (goal <= 1 ms)",
        gcp_only.len(),
        ms(avg),
        ms(worst),
    );

    let refs: Vec<&Catalog> = loaded.iter().collect();
    let build = median(runs, || SearchIndex::new(refs.iter().copied()));
    let index = SearchIndex::new(refs.iter().copied());
    let (avg, worst, query) = search_speed(runs, &index, &refs);
    println!(
        "search over {} entries (GCP + AWS + built-ins): {:.3} ms per query on average, worst {:.3} ms (`{query}`) (goal <= 1 ms); index build {:.1} ms",
        index.len(),
        ms(avg),
        ms(worst),
        ms(build)
    );

    engine_queries(runs, gcp);
    audit_speed(runs, gcp);
}

/// Suggest in both modes, resolve the broadest role, and a reverse lookup, on GCP.
fn engine_queries(runs: usize, gcp: &Catalog) {
    // 20 needed permissions spread over services.
    let needs: Vec<&str> = gcp
        .permissions()
        .iter()
        .step_by(gcp.permissions().len() / 20)
        .take(20)
        .map(|p| p.id.as_str())
        .collect();
    println!();
    for mode in [SuggestMode::FewestScopes, SuggestMode::FewestExcess] {
        let suggest_time = median(runs, || suggest_with(gcp, None, &needs, mode));
        let s = suggest_with(gcp, None, &needs, mode);
        println!(
            "suggest ({mode:?}) for 20 permissions on GCP: {:.1} ms (goal <= 50 ms): {} roles ({}), greedy {}, {} excess permissions",
            ms(suggest_time),
            s.scopes.len(),
            if s.exact { "proven optimum" } else { "search budget reached" },
            s.greedy_size,
            s.excess_permissions
        );
    }

    let owner = median(runs, || {
        resolve(gcp, None, &["roles/owner"], ResolveOptions::default())
    });
    let r = resolve(gcp, None, &["roles/owner"], ResolveOptions::default());
    println!(
        "resolve roles/owner: {:.2} ms ({} permissions)",
        ms(owner),
        r.permissions.len()
    );
    let lookup = median(runs, || grants(gcp, "storage.objects.get"));
    println!(
        "reverse lookup storage.objects.get: {:.3} ms ({} roles)",
        ms(lookup),
        grants(gcp, "storage.objects.get").unwrap().len()
    );
}

/// Findings and scores for 10,000 tokens holding one to three GCP roles each (goal <= 100 ms).
fn audit_speed(runs: usize, gcp: &Catalog) {
    use scopekeeper_core::audit::{findings, score, AuditContext, AuditToken, Twins};
    use scopekeeper_core::vendor::Vendor;
    const N: usize = 10_000;
    const DAY: i64 = 86_400_000;
    let now = 1_796_094_000_000_i64;
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let roles = gcp.scopes().len();
    let tokens: Vec<AuditToken> = (0..N)
        .map(|i| {
            let picked: Vec<usize> = (0..1 + next(3)).map(|_| next(roles)).collect();
            let mut permissions: Vec<String> = picked
                .iter()
                .flat_map(|&r| {
                    gcp.grants_of(r as u32)
                        .iter()
                        .map(|&p| gcp.permission(p).id.clone())
                })
                .collect();
            permissions.sort_unstable();
            permissions.dedup();
            AuditToken {
                vendor: Vendor::MindBridge,
                connection_id: format!("c{}", i % 4),
                id: format!("t{i}"),
                name: format!("token-{i}"),
                created_ms: Some(now - next(400) as i64 * DAY),
                expires_ms: (next(5) > 0).then(|| now + (next(800) as i64 - 30) * DAY),
                last_used_ms: None,
                allowlist: if next(2) == 0 {
                    vec![]
                } else {
                    vec!["10.0.0.0/8".into()]
                },
                scopes: picked
                    .iter()
                    .map(|&r| gcp.scope(r as u32).id.clone())
                    .collect(),
                permissions,
                is_connection_credential: false,
                credential_of: Vec::new(),
                listed_as: String::new(),
                owner: None,
                source: scopekeeper_core::audit::TokenSource::VendorApi,
                broad_reach: None,
                reach: Vec::new(),
            }
        })
        .collect();
    let time = median(runs, || {
        let twins = Twins::new(&tokens);
        let ctx = AuditContext {
            now_ms: now,
            catalog: gcp,
            max_days: Some(730),
            template: None,
            parent: None,
            needed: &[],
            twins: &twins,
            settings: &Default::default(),
            strong: None,
        };
        tokens
            .iter()
            .map(|t| u32::from(score(&findings(t, &ctx))))
            .sum::<u32>()
    });
    println!(
        "findings and scores for {N} tokens (GCP roles): {:.1} ms (goal <= 100 ms)",
        ms(time)
    );
}
