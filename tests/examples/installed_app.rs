//! The install check's last step: starts the Scopekeeper a package installed (the binary named
//! by `$SCOPEKEEPER_APP`, in a throwaway root) on a private desktop with a Secret Service, and
//! sees its window render: the vendors listed from Rust, the keyring check answered. Run by
//! `scripts/install-check.sh`; exits non-zero when the window does not come up.

use std::time::Duration;

use scopekeeper_e2e::{Harness, Options};

#[tokio::main]
async fn main() {
    let Some(binary) = std::env::var_os("SCOPEKEEPER_APP") else {
        eprintln!("error: set SCOPEKEEPER_APP to the installed scopekeeper-desktop");
        std::process::exit(2);
    };
    let app = Harness::start(Options {
        app: Some(binary.into()),
        ready_css: "[data-testid=vendor-list] li[data-testid^=vendor-]",
        ..Options::default()
    })
    .await;
    let vendors = app.text_of("[data-testid=vendor-list]").await;
    assert!(
        vendors.contains("MindBridge") && vendors.contains("Manifest"),
        "the installed app lists no vendors: {vendors}"
    );
    let status = app
        .wait_for_text("[data-testid=main-area]", "the keyring check", |t| {
            t.contains("keyring")
        })
        .await;
    let shot = app.screenshot("90-installed-app").await;
    println!(
        "installed app started in {:?}; window rendered ({}); status: {}",
        app.startup(),
        shot.display(),
        status.lines().next().unwrap_or_default()
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    app.stop().await;
}
