//! The desktop's `OsKeyringStore` against a real Secret Service, checked with an independent
//! client (`secret-tool`, libsecret) rather than with itself.

use scopekeeper_core::secret::{secret, ExposeSecret};
use scopekeeper_core::secret_store::OsKeyringStore;
use scopekeeper_core::secret_store::{SecretKey, SecretStore};
use scopekeeper_e2e::{Options, PrivateDesktop};

#[test]
fn os_keyring_store_writes_reads_and_deletes_in_the_real_secret_service() {
    let desktop = PrivateDesktop::start(&Options::default());
    // The keyring crate finds the Secret Service through the session bus address; this test
    // binary has this one test, so pointing the process at the private bus is safe.
    for (k, v) in desktop.env() {
        std::env::set_var(k, v);
    }
    let store = OsKeyringStore;
    let key = SecretKey::scopekeeper("e2e-connection");
    let value = secret("mb_tok_5f0c2a_e2e_only".to_owned());

    store.store(&key, &value).expect("store in Secret Service");

    assert_eq!(
        desktop.keyring_lookup("e2e-connection").as_deref(),
        Some("mb_tok_5f0c2a_e2e_only"),
        "libsecret does not read back what the store wrote"
    );

    let back = store.load(&key).expect("load").expect("the item exists");
    assert_eq!(back.expose_secret(), "mb_tok_5f0c2a_e2e_only");

    assert!(store.remove(&key).expect("remove"), "remove found nothing");
    assert!(store.load(&key).expect("load after remove").is_none());
    assert!(
        desktop.keyring_lookup("e2e-connection").is_none(),
        "libsecret still finds the item after remove"
    );
}
