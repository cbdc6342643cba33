//! GitLab's instance-wide token listing through the desk, filtered by GitLab itself (its
//! simulator over real HTTP): by name, state, creation and last use; a filter with problems is
//! refused with each one named and nothing asked of GitLab; a vendor whose list call cannot
//! filter refuses any filter.

use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::vendor::{ListFilter, ListState, VendorToken};
use scopekeeper_sim::Vendor;

mod desk_support;
use desk_support::*;

fn names(list: &[VendorToken]) -> Vec<&str> {
    list.iter().map(|t| t.name.as_str()).collect()
}

/// The day `n` days ago, as a filter takes it.
fn days_ago(n: i64) -> Option<String> {
    Some(SystemClock.today().plus_days(-n).to_string())
}

#[tokio::test]
async fn an_instance_listing_is_filtered_by_gitlab_and_a_bad_filter_is_refused_unsent() {
    let f = fixture().await;
    let h = &f.sim.handshake.gitlab;
    let conn = f
        .desk
        .save_connection(
            input("gitlab", "personal", &h.api_url, &h.token),
            f.catalogs.get("gitlab").unwrap(),
        )
        .await
        .unwrap();
    let filtered = |filter: ListFilter| {
        let id = conn.id.clone();
        let desk = &f.desk;
        async move { desk.list_tokens_filtered(&id, &filter).await.unwrap() }
    };
    let all = f.desk.list_tokens(&conn.id).await.unwrap();
    for n in ["laptop", "migration", "dashboard", "break-glass"] {
        assert!(names(&all).contains(&n), "{:?}", names(&all));
    }

    let by_name = filtered(ListFilter {
        search: Some(" LAP ".into()),
        ..ListFilter::default()
    })
    .await;
    assert_eq!(names(&by_name), ["laptop"]);

    // Used 400 days ago: before the bound. Used lately, or never: not.
    let stale = filtered(ListFilter {
        last_used_before: days_ago(100),
        ..ListFilter::default()
    })
    .await;
    assert!(names(&stale).contains(&"migration"), "{:?}", names(&stale));
    for n in ["laptop", "dashboard", "break-glass"] {
        assert!(!names(&stale).contains(&n), "{n}: {:?}", names(&stale));
    }

    // Made 20 days ago: after the bound; 60, 100 and 1,000 days ago: not.
    let recent = filtered(ListFilter {
        created_after: days_ago(30),
        ..ListFilter::default()
    })
    .await;
    assert!(
        names(&recent).contains(&"dashboard"),
        "{:?}",
        names(&recent)
    );
    for n in ["laptop", "migration", "break-glass"] {
        assert!(!names(&recent).contains(&n), "{n}: {:?}", names(&recent));
    }

    // Active and inactive (expired) split what is not revoked.
    let state = |s| ListFilter {
        state: Some(s),
        ..ListFilter::default()
    };
    let (active, inactive) = (
        filtered(state(ListState::Active)).await,
        filtered(state(ListState::Inactive)).await,
    );
    assert!(names(&active).contains(&"laptop"));
    assert!(!names(&inactive).contains(&"laptop"));
    assert_eq!(active.len() + inactive.len(), all.len());

    refused_unsent(&f, &conn.id).await;
}

/// A filter with problems: each named, nothing asked. A Cloudflare connection (its list call
/// does not filter): any filter refused.
async fn refused_unsent(f: &Fixture, gitlab: &str) {
    let before = f.sim.call_count(Vendor::GitLab, "list");
    let bad = ListFilter {
        created_after: Some("2026-13-01".into()),
        last_used_after: days_ago(1),
        last_used_before: days_ago(10),
        ..ListFilter::default()
    };
    let e = f.desk.list_tokens_filtered(gitlab, &bad).await.unwrap_err();
    assert_eq!(e.details.len(), 2, "{e:?}");
    assert!(e.details[0].contains("`2026-13-01` is not a date"), "{e:?}");
    assert!(
        e.details[1].starts_with("Last used: the range ends"),
        "{e:?}"
    );
    assert_eq!(f.sim.call_count(Vendor::GitLab, "list"), before);

    let cf = connect_cloudflare(f, &f.sim.handshake.cloudflare.token).await;
    let e = f
        .desk
        .list_tokens_filtered(
            &cf.id,
            &ListFilter {
                search: Some("dns".into()),
                ..ListFilter::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        e.message.contains("Cloudflare lists every token")
            && e.message.contains("clear the filter"),
        "{e:?}"
    );
    assert_eq!(
        f.desk
            .list_tokens_filtered(&cf.id, &ListFilter::default())
            .await
            .unwrap()
            .len(),
        f.desk.list_tokens(&cf.id).await.unwrap().len(),
        "an empty filter is no filter"
    );
}
