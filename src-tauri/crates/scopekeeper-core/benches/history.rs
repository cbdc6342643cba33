//! The history at scale: a real audit of 10,000 simulated tokens (the simulators seeded with
//! `--seed-tokens 10000`, read through the four sandbox connections), saved as snapshots; then
//! "since last" between two snapshots with some changes, the database size per snapshot, and,
//! with a year of weekly snapshots (52), since-last, the list of runs, a token's and a
//! connection's timeline, and opening the file (which runs `PRAGMA quick_check`).
//! Goals: save <= 300 ms, since last <= 200 ms.
//!
//! Run with `make bench` (or `cargo bench -p scopekeeper-core --bench history`).

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::audit::{token_key, AuditRow, AuditSettings};
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::history::{HistoryStore, FILE_NAME};
use scopekeeper_core::vendor::Vendor;

const TOKENS: usize = 10_000;
const WEEK: i64 = 7 * 86_400_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Times `f` `n` times and gives the median.
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..n {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.expect("n > 0"))
}

/// The database's bytes on disk once its write-ahead log is folded in.
fn size(path: &Path) -> u64 {
    let db = rusqlite::Connection::open(path).unwrap();
    db.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    std::fs::metadata(path).unwrap().len()
}

/// One real audit of the seeded simulators.
async fn audit(catalogs: &CatalogRegistry) -> AuditReport {
    let sandbox = support::sandbox_desk(TOKENS).await;
    let desk = &sandbox.desk;
    let catalog_of = |v: Vendor| catalogs.get(v.id()).cloned();
    scopekeeper_core::audit::run(
        desk,
        &catalog_of,
        &AuditSettings::default(),
        &Default::default(),
        &|_, _| {},
    )
    .await
}

/// The next week's reading: `n` tokens revoked, `n` widened (a scope and a permission
/// more), `n` with a new expiry, `n` with a new allowlist and `n` new ones, chosen by `week`.
fn next_week(report: &AuditReport, week: usize, n: usize) -> AuditReport {
    let mut r = report.clone();
    r.generated_ms += WEEK;
    let rows = &mut r.assessment.rows;
    let len = rows.len();
    let pick = |k: usize, i: usize| (week * 7919 + k * 104_729 + i * 31) % len;
    for i in 0..n {
        let w = &mut rows[pick(1, i)];
        w.token.scopes.push(format!("bench.extra.{week}"));
        w.token.permissions.push(format!("bench.extra.{week}"));
        rows[pick(2, i)].token.expires_ms = Some(r.generated_ms + 90 * 86_400_000);
        rows[pick(3, i)].token.allowlist = vec![format!("198.51.100.{}/32", week % 250)];
        rows[pick(4, i)].score = (rows[pick(4, i)].score + 10).min(100);
    }
    let mut new: Vec<AuditRow> = (0..n)
        .map(|i| {
            let mut row = rows[pick(5, i)].clone();
            row.token.id = format!("bench-new-{week}-{i}");
            row.token.name = format!("new-{week}-{i}");
            row
        })
        .collect();
    let gone: Vec<usize> = (0..n).map(|i| pick(6, i)).collect();
    let mut ix = 0;
    rows.retain(|_| {
        ix += 1;
        !gone.contains(&(ix - 1))
    });
    rows.append(&mut new);
    r
}

fn main() {
    let catalogs = CatalogRegistry::builtins_only();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt.block_on(audit(&catalogs));
    let owned: Vec<(Vendor, Catalog)> = Vendor::ALL
        .iter()
        .filter_map(|&v| Some((v, catalogs.get(v.id())?.clone())))
        .collect();
    let cats: Vec<(Vendor, &Catalog)> = owned.iter().map(|(v, c)| (*v, c)).collect();
    let n = report.assessment.rows.len();
    println!("history with {n} tokens per snapshot (a real audit of the seeded simulators):");

    // Saving: into an empty database (every list new), and the next week's reading (most
    // lists already stored).
    let (first, _) = time(3, || {
        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::open(&dir.path().join(FILE_NAME)).unwrap();
        store.save(&report, &cats).unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = HistoryStore::open(&path).unwrap();
    store.save(&report, &cats).unwrap();
    let one = size(&path);
    // Only the latest week is kept in memory (each is a whole 10,000-token report).
    let mut prev = report;
    let mut later = Vec::new();
    for week in 1..=3 {
        prev = next_week(&prev, week, 50);
        let t = Instant::now();
        store.save(&prev, &cats).unwrap();
        later.push(t.elapsed());
    }
    println!(
        "  save a snapshot: {} into an empty database, {} for a later week (goal <= 300 ms)",
        ms(first),
        ms(median(later))
    );
    let (since, c) = time(5, || store.since_last().unwrap().unwrap());
    println!(
        "  since last (50 revoked, 50 new, 50 widened, 50 expiry, 50 allowlist, 50 score): {} for {} changed tokens (goal <= 200 ms)",
        ms(since),
        c.tokens.len()
    );
    let four = size(&path);
    println!(
        "  database size: {:.1} MB for the first snapshot, {:.1} MB per later snapshot",
        one as f64 / 1e6,
        (four - one) as f64 / 3.0 / 1e6
    );

    for week in 4..52 {
        prev = next_week(&prev, week, 50);
        store.save(&prev, &cats).unwrap();
    }
    year(&store, &path, &prev);
}

/// The figures with 52 weekly snapshots in the database.
fn year(store: &HistoryStore, path: &Path, last: &AuditReport) {
    let runs = store.runs(100).unwrap();
    assert_eq!(runs.len(), 52);
    let (since, _) = time(5, || store.since_last().unwrap().unwrap());
    let (list, _) = time(5, || store.runs(52).unwrap());
    let key = token_key(&last.assessment.rows[last.assessment.rows.len() / 3].token);
    let (token, tl) = time(5, || store.token_timeline(&key).unwrap().unwrap());
    let conn = last.outcomes[0].connection_id.clone();
    let (connection, _) = time(3, || store.connection_timeline(&conn).unwrap().unwrap());
    let (open, _) = time(3, || HistoryStore::open(path).unwrap());
    println!(
        "  with 52 weekly snapshots ({:.1} MB): since last {}, runs {}, a token's timeline {} ({} entries), a connection's timeline {}, opening the file {}",
        size(path) as f64 / 1e6,
        ms(since),
        ms(list),
        ms(token),
        tl.entries.len(),
        ms(connection),
        ms(open)
    );
}
