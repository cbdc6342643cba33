//! What a loaded catalog costs in memory and time: heap counted by this binary's own global
//! allocator (bytes asked for and blocks live; glibc adds about 16 bytes a block on top), for
//! the GCP and AWS bench catalogs and the built-ins, then the registry as the app opens it at
//! start with GCP imported (catalogs and search index), the catalog view and a page of it, the
//! content hash, and `catalog show --json` built as a String vs written as it is serialized.
//!
//! Run with `make bench` (or `cargo bench -p scopekeeper-core --bench catalog_memory`).
//! `SCOPEKEEPER_SHARED` points at the shared/ folder when it is not beside the repository.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use scopekeeper_core::audit::matrix::content_hash;
use scopekeeper_core::catalog::builtin::builtins;
use scopekeeper_core::catalog::page::ScopeQuery;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::catalog::{load_catalog_text, Catalog, Format, Origin};
use scopekeeper_core::printable::{printable_json, write_json};
use scopekeeper_core::service;

/// Counts live bytes and blocks, and the peak of live bytes.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size() as isize, 1);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        grew(-(layout.size() as isize), -1);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            grew(new_size as isize - layout.size() as isize, 0);
        }
        p
    }
}

fn grew(bytes: isize, blocks: isize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    BLOCKS.fetch_add(blocks, Relaxed);
    PEAK.fetch_max(live, Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap now: (bytes, blocks).
fn heap() -> (isize, isize) {
    (LIVE.load(Relaxed), BLOCKS.load(Relaxed))
}

/// What `f` leaves live (bytes, blocks) and its peak above the start, with what it returned.
fn held<T>(f: impl FnOnce() -> T) -> (T, (isize, isize), isize) {
    let before = heap();
    PEAK.store(before.0, Relaxed);
    let out = f();
    let after = heap();
    let peak = PEAK.load(Relaxed) - before.0;
    (out, (after.0 - before.0, after.1 - before.1), peak)
}

fn mib(bytes: isize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
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

/// The process's resident set, in bytes.
fn rss() -> isize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: isize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn shared() -> PathBuf {
    std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared"))
}

fn bench_text(name: &str) -> (String, String) {
    let path = shared().join("catalogs/bench").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set SCOPEKEEPER_SHARED)", path.display()));
    (path.display().to_string(), text)
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 3 } else { 9 };
    println!("scopekeeper catalog memory ({runs} runs for times, medians)\n");
    // First, while the process is fresh: its RSS is the app's at start.
    registry(runs);
    let (_, (bytes, blocks), _) = held(builtins);
    println!(
        "built-ins (4 catalogs): {} held in {blocks} blocks",
        mib(bytes)
    );
    for file in ["gcp-predefined-roles.json", "aws-managed-policies.json"] {
        let (name, text) = bench_text(file);
        let load = || load_catalog_text(&name, &text, Format::Json, Origin::BuiltIn).unwrap();
        let (cat, (bytes, blocks), peak) = held(load);
        println!(
            "{file} ({}): catalog holds {} in {blocks} blocks; peak while loading {}; load {:.1} ms",
            mib(text.len() as isize),
            mib(bytes),
            mib(peak),
            ms(median(runs, load)),
        );
        let start = Instant::now();
        content_hash(&cat);
        let first = start.elapsed();
        let again = median(runs, || content_hash(&cat));
        println!(
            "  content hash: first {:.2} ms, again {:.3} ms",
            ms(first),
            ms(again)
        );
    }
    let (name, text) = bench_text("gcp-predefined-roles.json");
    drop(name);
    let gcp = load_catalog_text("gcp.json", &text, Format::Json, Origin::BuiltIn).unwrap();
    drop(text);
    views(runs, &gcp);
    document(runs, &gcp);
}

/// The catalog view the app sends today, and a page of it.
fn views(runs: usize, gcp: &Catalog) {
    let (view, (bytes, _), _) = held(|| gcp.view(None));
    let json = serde_json::to_vec(&view).unwrap().len();
    println!(
        "\nGCP view (whole catalog): {} held, {} as JSON, {:.1} ms to build",
        mib(bytes),
        mib(json as isize),
        ms(median(runs, || gcp.view(None)))
    );
    drop(view);
    let query = ScopeQuery {
        filter: "",
        in_grants: true,
        offset: 0,
        limit: 100,
        around: None,
    };
    let (page, (bytes, _), _) = held(|| gcp.scope_rows(None, &query));
    let json = serde_json::to_vec(&page).unwrap().len();
    println!(
        "GCP page of 100 rows: {:.1} KiB held, {:.1} KiB as JSON, {:.2} ms",
        bytes as f64 / 1024.0,
        json as f64 / 1024.0,
        ms(median(runs, || gcp.scope_rows(None, &query)))
    );
    let filtered = ScopeQuery {
        filter: "storage.objects",
        ..query
    };
    println!(
        "GCP page filtered on `storage.objects` (grants too): {:.2} ms",
        ms(median(runs, || gcp.scope_rows(None, &filtered)))
    );
}

/// `catalog show --json` of GCP as it was printed (the whole view built, then its JSON as a
/// String, then escaped) and as it is now (borrowed and written as it is serialized).
fn document(runs: usize, gcp: &Catalog) {
    let sink = || std::io::BufWriter::new(std::io::sink());
    let as_string = || {
        let text = serde_json::to_string_pretty(&gcp.view(None)).unwrap();
        let mut out = sink();
        out.write_all(printable_json(&text).as_bytes()).unwrap();
    };
    let streamed = || {
        let mut out = sink();
        write_json(&mut out, &gcp.document(None)).unwrap();
        out.flush().unwrap();
    };
    let (_, _, peak_string) = held(as_string);
    let (_, _, peak_stream) = held(streamed);
    println!(
        "\ncatalog show --json GCP: view as a String peak {} in {:.1} ms; streamed document peak {} in {:.1} ms",
        mib(peak_string),
        ms(median(runs, as_string)),
        mib(peak_stream),
        ms(median(runs, streamed)),
    );
}

/// The registry as the app opens it at start with GCP imported.
fn registry(runs: usize) {
    let dir = std::env::temp_dir().join(format!("scopekeeper-bench-mem-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gcp = shared().join("catalogs/bench/gcp-predefined-roles.json");
    std::fs::copy(&gcp, dir.join("gcp.json")).unwrap();
    let rss_before = rss();
    let (reg, (bytes, blocks), peak) = held(|| CatalogRegistry::open(&dir));
    let rss_open = rss();
    // SAFETY: malloc_trim only returns free pages of glibc's arenas to the kernel.
    unsafe { libc::malloc_trim(0) };
    println!(
        "process RSS: {} before opening the registry, +{} once open, +{} after malloc_trim",
        mib(rss_before),
        mib(rss_open - rss_before),
        mib(rss() - rss_before)
    );
    println!(
        "registry at start, GCP imported: {} held in {blocks} blocks (catalogs and search index); peak while opening {}; open {:.1} ms",
        mib(bytes),
        mib(peak),
        ms(median(runs, || CatalogRegistry::open(&dir)))
    );
    let (index, (bytes, _), _) =
        held(|| scopekeeper_core::search::SearchIndex::new(reg.catalogs().iter()));
    println!("  of which the search index {}", mib(bytes));
    let summaries = service::list_catalogs(&reg);
    println!(
        "  list_catalogs (what the boot script carries): {:.3} ms, {} bytes of JSON",
        ms(median(runs, || service::list_catalogs(&reg))),
        serde_json::to_vec(&summaries).unwrap().len()
    );
    drop(index);
    drop(reg);
    let _ = std::fs::remove_dir_all(&dir);
    println!();
}
