//! Vendor base URLs: HTTPS except to this machine, no credentials, query or fragment.

use std::net::IpAddr;

use reqwest::Url;

use super::error::VendorError;

/// Checks a vendor base URL: absolute http(s), HTTPS unless the host is this machine, no
/// credentials, query or fragment. Returns it without a trailing slash.
pub fn check_base_url(raw: &str) -> Result<Url, VendorError> {
    let bad = |m: &str| VendorError::InvalidBaseUrl {
        message: format!("Base URL {m}"),
    };
    let url = Url::parse(raw.trim()).map_err(|e| bad(&format!("is not a valid URL ({e})")))?;
    if url.host().is_none() {
        return Err(bad("has no host"));
    }
    let loopback = is_loopback(&url);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(bad(
                "must use https:// (plain http is allowed only to this machine)",
            ))
        }
        other => return Err(bad(&format!("must be https://, not {other}://"))),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not contain a query (?…) or fragment (#…)"));
    }
    let trimmed = url.as_str().trim_end_matches('/').to_owned();
    Url::parse(&trimmed).map_err(|e| bad(&format!("is not a valid URL ({e})")))
}

/// Whether a URL names this machine (`localhost`, 127.0.0.0/8, `::1`).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// `base` + `path` (path starts with `/`).
pub(crate) fn endpoint(base: &Url, path: &str) -> String {
    format!("{}{path}", base.as_str().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_need_https_except_to_this_machine() {
        assert!(check_base_url("https://acme.mindbridge.ai").is_ok());
        assert!(check_base_url("http://127.0.0.1:8080/mindbridge/").is_ok());
        assert!(check_base_url("http://localhost:9000").is_ok());
        assert!(check_base_url("http://[::1]:9000").is_ok());
        let e = check_base_url("http://acme.mindbridge.ai").unwrap_err();
        assert!(e.to_string().contains("https"), "{e}");
        assert!(check_base_url("ftp://example.com").is_err());
        assert!(check_base_url("https://user:pw@example.com").is_err());
        assert!(check_base_url("https://example.com/?q=1").is_err());
        assert!(check_base_url("not a url").is_err());
        assert_eq!(
            check_base_url("https://api-acme.xdr.us.paloaltonetworks.com/")
                .unwrap()
                .as_str(),
            "https://api-acme.xdr.us.paloaltonetworks.com/",
            "a bare host keeps its root slash"
        );
        assert_eq!(
            endpoint(
                &check_base_url("http://127.0.0.1:1/mb/").unwrap(),
                "/api/v1/x"
            ),
            "http://127.0.0.1:1/mb/api/v1/x"
        );
    }
}
