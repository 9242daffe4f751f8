//! Listening topics: the query a person writes, parsed once, and the matcher that decides whether a public post
//! belongs to the topic. The sandbox (which simulates public chatter) and the stored posts use the same matcher, so
//! what the sandbox says matches is what the topic page shows.
//!
//! ```text
//! query  := or
//! or     := and ("OR" and)*
//! and    := unary (["AND"] unary)*          -- two terms side by side are ANDed
//! unary  := ("NOT" | "-") unary | atom
//! atom   := "(" or ")" | "\"" words "\"" | #hashtag | lang:xx | from:handle | word
//! ```
//!
//! Words and phrases match whole words of the normalised, lower-cased text ([`crate::normalise`]: "Acmé" written
//! with look-alike letters still reads "acme"); a word also matches the same hashtag ("acme" matches "#acme"), a
//! hashtag only a hashtag. `lang:hi` keeps posts the analyser (or the network) says are in Hindi; `from:alice` keeps
//! posts by that account and `NOT from:alice` leaves them out. Operators are upper case so that "or" and "not" stay
//! words people can search for.

use crate::normalise::normalise;
use std::fmt;

/// A parsed topic query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A single word, lower case.
    Word(String),
    /// Words that must follow one another, lower case.
    Phrase(Vec<String>),
    /// A hashtag without its `#`, lower case.
    Hashtag(String),
    /// The post's language (ISO 639-1).
    Lang(String),
    /// The post's author handle, lower case, without a leading `@`.
    From(String),
    Not(Box<Query>),
    And(Vec<Query>),
    Or(Vec<Query>),
}

/// What is wrong with a query, and where (a character offset from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub kind: QueryErrorKind,
    /// Character (not byte) offset of the problem in the query as written.
    pub at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryErrorKind {
    /// Nothing to search for.
    Empty,
    /// A `"` with no closing `"`.
    UnbalancedQuote,
    /// A `(` never closed, or a `)` never opened.
    UnbalancedParenthesis,
    /// `NOT` (or `-`) with nothing after it.
    EmptyNot,
    /// `AND` or `OR` with nothing on one side.
    DanglingOperator,
    /// `""` or `()`.
    EmptyGroup,
    /// `lang:`, `from:` or `#` with no value.
    EmptyFilter,
    /// A query made only of exclusions and filters: nothing says what to look for.
    NothingToFind,
}

impl QueryErrorKind {
    /// The error code's suffix, for the catalogue (`topic_query_<suffix>`).
    pub fn as_str(self) -> &'static str {
        match self {
            QueryErrorKind::Empty => "empty",
            QueryErrorKind::UnbalancedQuote => "unbalanced_quote",
            QueryErrorKind::UnbalancedParenthesis => "unbalanced_parenthesis",
            QueryErrorKind::EmptyNot => "empty_not",
            QueryErrorKind::DanglingOperator => "dangling_operator",
            QueryErrorKind::EmptyGroup => "empty_group",
            QueryErrorKind::EmptyFilter => "empty_filter",
            QueryErrorKind::NothingToFind => "nothing_to_find",
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            QueryErrorKind::Empty => "the query is empty",
            QueryErrorKind::UnbalancedQuote => "this quote is never closed",
            QueryErrorKind::UnbalancedParenthesis => "this parenthesis has no partner",
            QueryErrorKind::EmptyNot => "NOT has nothing after it",
            QueryErrorKind::DanglingOperator => "this operator is missing a term on one side",
            QueryErrorKind::EmptyGroup => "nothing between the quotes or parentheses",
            QueryErrorKind::EmptyFilter => "this filter has no value",
            QueryErrorKind::NothingToFind => "the query only excludes or filters",
        };
        write!(f, "{what} (at character {})", self.at + 1)
    }
}

impl std::error::Error for QueryError {}

/// A public post as the matcher sees it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub text: &'a str,
    /// The author's handle (with or without a leading `@`).
    pub author: &'a str,
    /// The language, ISO 639-1, when known ("und" or empty otherwise).
    pub lang: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Phrase(Vec<String>),
    Hashtag(String),
    Lang(String),
    From(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// Parses a topic query.
pub fn parse(query: &str) -> Result<Query, QueryError> {
    let tokens = tokenize(query)?;
    if tokens.is_empty() {
        return Err(QueryError {
            kind: QueryErrorKind::Empty,
            at: 0,
        });
    }
    let mut parser = Parser {
        tokens: &tokens,
        pos: 0,
        end: query.chars().count(),
    };
    let q = parser.or()?;
    if let Some((token, at)) = parser.peek() {
        // `or` stops only at a `)` it did not open.
        let kind = if *token == Token::Close {
            QueryErrorKind::UnbalancedParenthesis
        } else {
            QueryErrorKind::DanglingOperator
        };
        return Err(QueryError { kind, at });
    }
    if !q.looks_for_something() {
        return Err(QueryError {
            kind: QueryErrorKind::NothingToFind,
            at: 0,
        });
    }
    Ok(q)
}

fn tokenize(query: &str) -> Result<Vec<(Token, usize)>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push((Token::Open, i));
            i += 1;
        } else if c == ')' {
            out.push((Token::Close, i));
            i += 1;
        } else if c == '"' {
            let start = i;
            let close = chars[i + 1..].iter().position(|&c| c == '"');
            let Some(len) = close else {
                return Err(QueryError {
                    kind: QueryErrorKind::UnbalancedQuote,
                    at: start,
                });
            };
            let inner: String = chars[i + 1..i + 1 + len].iter().collect();
            let words = words_of(&inner);
            if words.is_empty() {
                return Err(QueryError {
                    kind: QueryErrorKind::EmptyGroup,
                    at: start,
                });
            }
            out.push((Token::Phrase(words), start));
            i += len + 2;
        } else if c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
            // "-word" is NOT word; a lone "-" is punctuation and dropped below.
            out.push((Token::Not, i));
            i += 1;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '"')
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            if let Some(token) = word_token(&raw, start)? {
                out.push((token, start));
            }
        }
    }
    Ok(out)
}

fn word_token(raw: &str, at: usize) -> Result<Option<Token>, QueryError> {
    let empty = || QueryError {
        kind: QueryErrorKind::EmptyFilter,
        at,
    };
    match raw {
        "AND" | "&&" => return Ok(Some(Token::And)),
        "OR" | "||" => return Ok(Some(Token::Or)),
        "NOT" => return Ok(Some(Token::Not)),
        _ => {}
    }
    if let Some(tag) = raw.strip_prefix('#') {
        let tag = words_of(tag).concat();
        return if tag.is_empty() {
            Err(empty())
        } else {
            Ok(Some(Token::Hashtag(tag)))
        };
    }
    if let Some(lang) = raw.strip_prefix("lang:") {
        let lang = lang.trim().to_lowercase();
        return if lang.is_empty() {
            Err(empty())
        } else {
            Ok(Some(Token::Lang(lang)))
        };
    }
    if let Some(handle) = raw.strip_prefix("from:") {
        let handle = handle.trim_start_matches('@').to_lowercase();
        return if handle.is_empty() {
            Err(empty())
        } else {
            Ok(Some(Token::From(handle)))
        };
    }
    let words = words_of(raw);
    Ok(match words.len() {
        0 => None,
        1 => words.into_iter().next().map(Token::Word),
        // "brand-new" or "acme's": the words must follow one another.
        _ => Some(Token::Phrase(words)),
    })
}

struct Parser<'t> {
    tokens: &'t [(Token, usize)],
    pos: usize,
    /// The query's length in characters: where "nothing after it" is.
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<(&Token, usize)> {
        self.tokens.get(self.pos).map(|(t, at)| (t, *at))
    }

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut branches = vec![self.and()?];
        while let Some((Token::Or, at)) = self.peek() {
            self.pos += 1;
            if self.at_term_end() {
                return Err(QueryError {
                    kind: QueryErrorKind::DanglingOperator,
                    at,
                });
            }
            branches.push(self.and()?);
        }
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            Query::Or(branches)
        })
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut terms = vec![self.unary()?];
        loop {
            match self.peek() {
                Some((Token::And, at)) => {
                    self.pos += 1;
                    if self.at_term_end() {
                        return Err(QueryError {
                            kind: QueryErrorKind::DanglingOperator,
                            at,
                        });
                    }
                    terms.push(self.unary()?);
                }
                Some((Token::Or | Token::Close, _)) | None => break,
                Some(_) => terms.push(self.unary()?),
            }
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Query::And(terms)
        })
    }

    /// True at the end, or before `)`, `AND` or `OR`: where a term should be and is not.
    fn at_term_end(&self) -> bool {
        matches!(
            self.peek(),
            None | Some((Token::Close | Token::And | Token::Or, _))
        )
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        match self.peek() {
            Some((Token::Not, at)) => {
                self.pos += 1;
                if self.at_term_end() {
                    return Err(QueryError {
                        kind: QueryErrorKind::EmptyNot,
                        at,
                    });
                }
                Ok(Query::Not(Box::new(self.unary()?)))
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) -> Result<Query, QueryError> {
        let Some((token, at)) = self.peek().map(|(t, at)| (t.clone(), at)) else {
            return Err(QueryError {
                kind: QueryErrorKind::DanglingOperator,
                at: self.end,
            });
        };
        self.pos += 1;
        Ok(match token {
            Token::Word(w) => Query::Word(w),
            Token::Phrase(p) => Query::Phrase(p),
            Token::Hashtag(h) => Query::Hashtag(h),
            Token::Lang(l) => Query::Lang(l),
            Token::From(f) => Query::From(f),
            Token::Open => {
                if let Some((Token::Close, _)) = self.peek() {
                    return Err(QueryError {
                        kind: QueryErrorKind::EmptyGroup,
                        at,
                    });
                }
                let inner = self.or()?;
                match self.peek() {
                    Some((Token::Close, _)) => {
                        self.pos += 1;
                        inner
                    }
                    _ => {
                        return Err(QueryError {
                            kind: QueryErrorKind::UnbalancedParenthesis,
                            at,
                        });
                    }
                }
            }
            Token::Close => {
                return Err(QueryError {
                    kind: QueryErrorKind::UnbalancedParenthesis,
                    at,
                });
            }
            Token::And | Token::Or => {
                return Err(QueryError {
                    kind: QueryErrorKind::DanglingOperator,
                    at,
                });
            }
            Token::Not => unreachable_not(at)?,
        })
    }
}

/// `unary` consumes every NOT before calling `atom`; kept as an error rather than a panic all the same.
fn unreachable_not(at: usize) -> Result<Query, QueryError> {
    Err(QueryError {
        kind: QueryErrorKind::EmptyNot,
        at,
    })
}

/// The words of `text` as the matcher compares them: normalised, lower case, split at anything that is not part of
/// a word. A word keeps a leading `#` when it is a hashtag.
fn tokens_of(text: &str) -> Vec<String> {
    let text = normalise(text).to_lowercase();
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let mut hashtag = false;
        let mut word = String::new();
        for c in raw.chars() {
            if in_word(c) {
                word.push(c);
            } else {
                if !word.is_empty() {
                    out.push(if hashtag {
                        format!("#{word}")
                    } else {
                        std::mem::take(&mut word)
                    });
                    word.clear();
                }
                hashtag = c == '#';
            }
        }
        if !word.is_empty() {
            out.push(if hashtag { format!("#{word}") } else { word });
        }
    }
    out
}

fn words_of(text: &str) -> Vec<String> {
    tokens_of(text)
        .into_iter()
        .map(|w| w.trim_start_matches('#').to_string())
        .collect()
}

fn in_word(c: char) -> bool {
    c.is_alphanumeric()
        || ('\u{0900}'..='\u{097F}').contains(&c)
        || c == '\u{200C}'
        || c == '\u{200D}'
        || c == '_'
}

/// A text prepared once for matching against many queries.
pub struct Prepared<'a> {
    tokens: Vec<String>,
    author: String,
    lang: &'a str,
}

impl<'a> Prepared<'a> {
    pub fn new(candidate: Candidate<'a>) -> Self {
        Prepared {
            tokens: tokens_of(candidate.text),
            author: candidate.author.trim_start_matches('@').to_lowercase(),
            lang: candidate.lang,
        }
    }

    fn has_word(&self, word: &str) -> bool {
        self.tokens
            .iter()
            .any(|t| t == word || t.strip_prefix('#') == Some(word))
    }

    fn has_hashtag(&self, tag: &str) -> bool {
        self.tokens.iter().any(|t| t.strip_prefix('#') == Some(tag))
    }

    fn has_phrase(&self, phrase: &[String]) -> bool {
        self.tokens.windows(phrase.len()).any(|w| {
            w.iter()
                .zip(phrase)
                .all(|(t, p)| t.trim_start_matches('#') == p)
        })
    }

    /// The author matches `handle` exactly, or its first label does (`from:alice` matches `alice.bsky.social` and
    /// `alice@mastodon.social`).
    fn by(&self, handle: &str) -> bool {
        self.author == handle
            || self
                .author
                .split(['.', '@'])
                .next()
                .is_some_and(|first| first == handle && !handle.contains(['.', '@']))
    }
}

impl Query {
    /// Whether the post belongs to the topic.
    pub fn matches(&self, candidate: Candidate<'_>) -> bool {
        self.matches_prepared(&Prepared::new(candidate))
    }

    pub fn matches_prepared(&self, p: &Prepared<'_>) -> bool {
        match self {
            Query::Word(w) => p.has_word(w),
            Query::Phrase(words) => p.has_phrase(words),
            Query::Hashtag(h) => p.has_hashtag(h),
            Query::Lang(l) => p.lang.eq_ignore_ascii_case(l),
            Query::From(f) => p.by(f),
            Query::Not(q) => !q.matches_prepared(p),
            Query::And(qs) => qs.iter().all(|q| q.matches_prepared(p)),
            Query::Or(qs) => qs.iter().any(|q| q.matches_prepared(p)),
        }
    }

    /// True when some branch names a word, phrase or hashtag that is not excluded: the query can be sent to a
    /// network's search.
    fn looks_for_something(&self) -> bool {
        match self {
            Query::Word(_) | Query::Phrase(_) | Query::Hashtag(_) => true,
            Query::Lang(_) | Query::From(_) | Query::Not(_) => false,
            Query::And(qs) | Query::Or(qs) => qs.iter().any(Query::looks_for_something),
        }
    }

    /// What to ask a network's search for: one search per branch of the top-level OR (networks' search boxes AND
    /// their words), each the branch's wanted words, phrases in quotes and hashtags. Everything the search returns is
    /// matched again here, so a search that is wider than the query costs only bandwidth.
    pub fn searches(&self) -> Vec<Search> {
        let branches: Vec<&Query> = match self {
            Query::Or(qs) => qs.iter().collect(),
            q => vec![q],
        };
        let mut out: Vec<Search> = Vec::new();
        for branch in branches {
            let mut search = Search::default();
            branch.collect_wanted(&mut search);
            if (!search.terms.is_empty() || !search.hashtags.is_empty()) && !out.contains(&search) {
                out.push(search);
            }
        }
        out
    }

    fn collect_wanted(&self, search: &mut Search) {
        match self {
            Query::Word(w) => search.terms.push(w.clone()),
            Query::Phrase(p) => search.terms.push(format!("\"{}\"", p.join(" "))),
            Query::Hashtag(h) => search.hashtags.push(h.clone()),
            Query::Lang(l) => search.lang = Some(l.clone()),
            Query::From(f) => search.author = Some(f.clone()),
            Query::Not(_) => {}
            // Plain terms first, so a nested OR is only searched when nothing else is.
            Query::And(qs) => {
                let (ors, rest): (Vec<&Query>, Vec<&Query>) =
                    qs.iter().partition(|q| matches!(q, Query::Or(_)));
                rest.into_iter()
                    .chain(ors)
                    .for_each(|q| q.collect_wanted(search));
            }
            // A nested OR is left to the matcher when the branch has other words to search for; otherwise its
            // first alternative is searched (the matcher still decides, so this can only miss, never invent).
            Query::Or(qs) => {
                if search.terms.is_empty()
                    && search.hashtags.is_empty()
                    && let Some(first) = qs.first()
                {
                    first.collect_wanted(search);
                }
            }
        }
    }
}

/// One search to send to a network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// Words and quoted phrases.
    pub terms: Vec<String>,
    /// Hashtags without `#`.
    pub hashtags: Vec<String>,
    pub lang: Option<String>,
    pub author: Option<String>,
}

impl Search {
    /// The search as one line of text: terms, then `#hashtags`.
    pub fn text(&self) -> String {
        self.terms
            .iter()
            .cloned()
            .chain(self.hashtags.iter().map(|h| format!("#{h}")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn post(text: &str) -> Candidate<'_> {
        Candidate {
            text,
            author: "someone.bsky.social",
            lang: "en",
        }
    }

    fn err(q: &str) -> QueryError {
        parse(q).expect_err(q)
    }

    fn matches(q: &str, text: &str) -> bool {
        parse(q).expect(q).matches(post(text))
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let e = err("acme \"new phone");
        assert_eq!(e.kind, QueryErrorKind::UnbalancedQuote);
        assert_eq!(e.at, 5);
        assert_eq!(e.to_string(), "this quote is never closed (at character 6)");
    }

    #[test]
    fn parentheses_must_pair_up() {
        let e = err("(acme OR globex");
        assert_eq!(e.kind, QueryErrorKind::UnbalancedParenthesis);
        assert_eq!(e.at, 0);
        let e = err("acme) OR globex");
        assert_eq!(e.kind, QueryErrorKind::UnbalancedParenthesis);
        assert_eq!(e.at, 4);
        assert_eq!(err("acme ()").kind, QueryErrorKind::EmptyGroup);
    }

    #[test]
    fn not_needs_something_to_exclude() {
        let e = err("acme NOT");
        assert_eq!((e.kind, e.at), (QueryErrorKind::EmptyNot, 5));
        let e = err("acme AND (NOT) ");
        assert_eq!((e.kind, e.at), (QueryErrorKind::EmptyNot, 10));
    }

    #[test]
    fn an_operator_needs_a_term_on_each_side() {
        assert_eq!(
            (err("OR acme").kind, err("OR acme").at),
            (QueryErrorKind::DanglingOperator, 0)
        );
        let e = err("acme AND");
        assert_eq!((e.kind, e.at), (QueryErrorKind::DanglingOperator, 5));
        let e = err("acme OR OR globex");
        assert_eq!((e.kind, e.at), (QueryErrorKind::DanglingOperator, 5));
    }

    #[test]
    fn empty_and_exclusion_only_queries_are_refused() {
        assert_eq!(err("   ").kind, QueryErrorKind::Empty);
        assert_eq!(err("\"  \"").kind, QueryErrorKind::EmptyGroup);
        assert_eq!(err("lang:").kind, QueryErrorKind::EmptyFilter);
        assert_eq!(err("#").kind, QueryErrorKind::EmptyFilter);
        assert_eq!(err("NOT acme").kind, QueryErrorKind::NothingToFind);
        assert_eq!(err("lang:en from:bob").kind, QueryErrorKind::NothingToFind);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let e = err("चाय \"अच्छी");
        assert_eq!(e.at, 4);
    }

    #[test]
    fn words_match_whole_words_whatever_the_case() {
        assert!(matches("acme", "Loving my new ACME phone"));
        assert!(!matches("acme", "acmeville is lovely"));
        assert!(matches("acme", "so much #Acme today"));
        assert!(matches("acme", "acme, again."));
    }

    #[test]
    fn hashtags_match_only_hashtags() {
        assert!(matches("#acme", "so much #ACME today"));
        assert!(!matches("#acme", "so much acme today"));
    }

    #[test]
    fn phrases_match_words_in_order() {
        assert!(matches("\"acme phone\"", "the Acme phone is great"));
        assert!(!matches("\"acme phone\"", "a phone from acme"));
        assert!(matches("brand-new", "my brand new toy"));
    }

    #[test]
    fn and_or_not_and_grouping() {
        let q = "acme AND (phone OR tablet) -refund";
        assert!(matches(q, "acme phone rocks"));
        assert!(matches(q, "acme tablet rocks"));
        assert!(!matches(q, "acme laptop rocks"));
        assert!(!matches(q, "acme phone refund please"));
        assert!(matches("acme globex", "globex beats acme"));
        assert!(!matches("acme globex", "acme only"));
        assert!(matches("acme OR globex", "globex only"));
        assert!(matches("acme NOT NOT phone", "acme phone"));
    }

    #[test]
    fn lower_case_operators_are_words() {
        assert!(matches("cats or dogs", "cats or dogs, who knows"));
        assert!(!matches("cats or dogs", "cats only"));
    }

    #[test]
    fn text_is_normalised_before_matching() {
        // A Cyrillic "с" in "асme" reads as the brand.
        assert!(matches("acme", "love my асme"));
        assert!(matches("chai", "CHAI time"));
    }

    #[test]
    fn languages_and_accounts_filter() {
        let q = parse("acme lang:hi NOT from:rival").expect("parses");
        let hindi = Candidate {
            text: "acme बहुत अच्छा",
            author: "priya.bsky.social",
            lang: "hi",
        };
        assert!(q.matches(hindi));
        assert!(!q.matches(Candidate {
            lang: "en",
            ..hindi
        }));
        assert!(!q.matches(Candidate {
            author: "@rival@mastodon.social",
            ..hindi
        }));
        let only = parse("acme from:priya.bsky.social").expect("parses");
        assert!(only.matches(hindi));
    }

    #[test]
    fn searches_are_one_per_top_level_branch() {
        let q = parse("(acme \"new phone\" -refund) OR #acmefans").expect("parses");
        let searches = q.searches();
        assert_eq!(searches.len(), 2);
        assert_eq!(searches[0].text(), "acme \"new phone\"");
        assert_eq!(searches[1].hashtags, vec!["acmefans".to_string()]);
        let q = parse("acme lang:hi").expect("parses");
        assert_eq!(q.searches()[0].lang.as_deref(), Some("hi"));
    }
}
