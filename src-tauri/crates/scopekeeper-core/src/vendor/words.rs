//! Small words every adapter uses: a shell word quoted, an instant as RFC 3339, and what a set
//! of scopes grants through the catalog.

use crate::catalog::Catalog;

/// One shell word, single-quoted, for the commands Scopekeeper offers to paste into a shell
/// (a base URL is the admin's input and may hold `&`, `;`, `$` or spaces).
pub fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// The permissions a set of scopes grants, through the catalog (defaults left out).
pub(crate) fn catalog_permissions(catalog: &Catalog, scopes: &[String]) -> Vec<String> {
    let s: Vec<&str> = scopes.iter().map(String::as_str).collect();
    crate::algebra::resolve(
        catalog,
        None,
        &s,
        crate::algebra::ResolveOptions { defaults: false },
    )
    .permissions
    .into_iter()
    .map(|p| p.id)
    .collect()
}

/// RFC 3339 (UTC, seconds) of a Unix time in ms.
pub fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp(ms.div_euclid(1000), 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_whole() {
        assert_eq!(
            shell_quote("https://h/x?a=1&b=$(id);`x` y"),
            "'https://h/x?a=1&b=$(id);`x` y'"
        );
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
