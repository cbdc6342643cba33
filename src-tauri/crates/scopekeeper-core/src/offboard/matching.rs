//! How the offboarding sweep matches a token's name and owner: a name pattern covers the whole
//! name; an owner is the whole reported name or whole words of it, never part of a word (a
//! bare substring would tick `sysadmin` for `admin`). Case is ignored throughout.

use super::invalid;
use crate::error::Error;

/// A name pattern as a case-insensitive whole-name regex (`*`, `?`; the rest literal).
pub(super) fn pattern_regex(pattern: &str) -> Result<regex::Regex, Error> {
    let mut re = String::from("(?i)^");
    for c in pattern.chars() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).map_err(|_| invalid("The name pattern is too long; shorten it."))
}

/// How an owner query matched a reported owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OwnerMatch {
    /// The whole name, ignoring case.
    Exact,
    /// Whole words of it: no letter or digit touches either end of the query.
    Words,
}

/// Whether `query` names `owner`, and how; a query inside a word never matches.
pub(super) fn owner_match(query: &str, owner: &str) -> Option<OwnerMatch> {
    let (q, o) = (query.to_lowercase(), owner.to_lowercase());
    if q == o {
        return Some(OwnerMatch::Exact);
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    o.match_indices(&q)
        .any(|(at, _)| {
            !word(o[..at].chars().next_back()) && !word(o[at + q.len()..].chars().next())
        })
        .then_some(OwnerMatch::Words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_names_case_insensitively() {
        let re = pattern_regex("jdoe-*").unwrap();
        assert!(re.is_match("JDoe-laptop"));
        assert!(!re.is_match("ci-jdoe-laptop"));
        assert!(pattern_regex("a?c").unwrap().is_match("abc"));
        assert!(
            !pattern_regex("a.c").unwrap().is_match("abc"),
            "dots are literal"
        );
    }

    #[test]
    fn owners_match_whole_words_or_the_whole_name_never_inside_a_word() {
        use OwnerMatch::*;
        assert_eq!(owner_match("Former Admin", "former admin"), Some(Exact));
        assert_eq!(
            owner_match("former.admin", "Former.Admin@example.com"),
            Some(Words)
        );
        assert_eq!(owner_match("former", "Former Admin"), Some(Words));
        assert_eq!(owner_match("admin", "sysadmin@example.com"), None);
        assert_eq!(owner_match("ann", "joanna"), None);
        assert_eq!(owner_match("ann", "Ann-Marie"), Some(Words));
        assert_eq!(
            owner_match("jdoe", "jdoe2"),
            None,
            "a digit continues a word"
        );
    }
}
