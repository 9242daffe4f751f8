//! The error catalogue holds together: every code has its sentence in English and in Hindi (Hindi in Devanagari, not
//! English), each sentence asks only for values its call sites give, and the API document lists exactly the codes of
//! the enum.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::ErrorCode;
use sangam_web::i18n::Tr;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use utoipa::OpenApi;

const LOCALES: [&str; 2] = ["en-US", "hi-IN"];

/// The messages of one locale file, by id, each with its whole text (continuation lines included).
fn messages(locale: &str) -> BTreeMap<String, String> {
    let path = format!("{}/locales/{locale}/main.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with(' ') {
            if let Some(id) = &current {
                let body: &mut String = out.entry(id.clone()).or_default();
                body.push('\n');
                body.push_str(line);
            }
            continue;
        }
        current = None;
        if line.starts_with('#') {
            continue;
        }
        if let Some((id, body)) = line.split_once(" =") {
            let id = id.trim().to_string();
            out.insert(id.clone(), body.trim().to_string());
            current = Some(id);
        }
    }
    out
}

/// The variables a message uses: those it always needs, and those only one of its forms needs (or that pick the
/// form, which a call site may leave out to get the default).
#[derive(Debug, Default, PartialEq, Eq)]
struct Variables {
    always: BTreeSet<String>,
    sometimes: BTreeSet<String>,
}

fn variables(message: &str) -> Variables {
    let mut found = Variables::default();
    let bytes = message.as_bytes();
    // How many select expressions enclose the current position, by brace depth at which each began.
    let mut selects: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                depth += 1;
                let rest = &message[i + 1..];
                let placeable = rest.split('}').next().unwrap_or("");
                if placeable.contains("->") {
                    selects.push(depth);
                }
            }
            b'}' => {
                if selects.last() == Some(&depth) {
                    selects.pop();
                }
                depth = depth.saturating_sub(1);
            }
            b'$' => {
                let name: String = message[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if selects.is_empty() {
                    found.always.insert(name);
                } else {
                    found.sometimes.insert(name);
                }
            }
            _ => {}
        }
        i += 1;
    }
    found.sometimes.retain(|v| !found.always.contains(v));
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// For each code, the values each `AppError::refuse(ErrorCode::X)` call site gives (`.with("name", ..)` chained on
/// it), read from the web crate's and the binary's sources.
fn call_sites() -> BTreeMap<String, Vec<BTreeSet<String>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("../../src"), &mut files);
    let mut sites: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut from = 0;
        while let Some(at) = text[from..].find("refuse(ErrorCode::") {
            let start = from + at + "refuse(ErrorCode::".len();
            let variant: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let window = chain_after(&text[start + variant.len()..]);
            let given = window
                .match_indices(".with(")
                .filter_map(|(i, _)| {
                    let rest = window[i + ".with(".len()..].trim_start();
                    let rest = rest.strip_prefix('"')?;
                    Some(rest.split('"').next()?.to_string())
                })
                .collect();
            sites.entry(variant).or_default().push(given);
            from = start;
        }
    }
    sites
}

/// The text of `refuse(ErrorCode::X)` and the calls chained on it: up to the end of the enclosing expression.
fn chain_after(text: &str) -> &str {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < -1 {
                    return &text[..i];
                }
            }
            ';' => return &text[..i],
            ',' | '}' if depth <= -1 => return &text[..i],
            _ => {}
        }
    }
    text
}

/// Codes raised by converting another crate's error (`AppError::refuse(e.code())` in `impl From<PostError>` and
/// `connect_error`), with the values those conversions give; the scan cannot see through `e.code()`.
const CONVERSIONS: &[(&str, &[&str])] = &[
    ("PostTooLong", &["count", "network", "limit"]),
    (
        "PostTooManyImages",
        &["count", "network", "limit", "assumed"],
    ),
    (
        "ImageTooLargeForNetwork",
        &["position", "size", "network", "limit", "assumed"],
    ),
    ("ConnectUnreachable", &["detail"]),
    ("ConnectRefused", &["detail"]),
    ("ConnectNotTheNetwork", &["network"]),
    ("ConnectWrongCredentials", &["network"]),
];

fn variant_name(code: ErrorCode) -> String {
    format!("{code:?}")
}

#[test]
fn every_code_has_a_sentence_in_english_and_in_hindi() {
    for locale in LOCALES {
        let messages = messages(locale);
        let missing: Vec<_> = ErrorCode::ALL
            .iter()
            .filter(|c| !messages.contains_key(&c.message_id()))
            .collect();
        assert!(
            missing.is_empty(),
            "{locale} lacks messages for {missing:?}"
        );
    }
}

#[test]
fn hindi_sentences_are_hindi() {
    let hindi = Tr::new("hi-IN", "UTC");
    let english = Tr::english();
    let en = messages("en-US");
    for &code in ErrorCode::ALL {
        let id = code.message_id();
        let vars = variables(&en[&id]);
        let args: Vec<(&'static str, String)> = vars
            .always
            .iter()
            .chain(&vars.sometimes)
            .map(|v| (&*v.clone().leak(), "x".to_string()))
            .collect();
        let said = hindi.with_args(&id, &args);
        assert!(
            said.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)),
            "{id} in hi-IN is not Hindi: {said}"
        );
        assert_ne!(said, english.with_args(&id, &args), "{id}");
        for sentence in [&said, &english.with_args(&id, &args)] {
            assert!(!sentence.contains("{$"), "{id} lacks a value: {sentence}");
        }
    }
}

#[test]
fn both_languages_ask_for_the_same_values() {
    let en = messages("en-US");
    let hi = messages("hi-IN");
    for &code in ErrorCode::ALL {
        let id = code.message_id();
        assert_eq!(variables(&en[&id]), variables(&hi[&id]), "{id}");
    }
}

#[test]
fn every_call_site_gives_the_values_its_sentence_needs() {
    let en = messages("en-US");
    let mut sites = call_sites();
    let sources: String = {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect()
    };
    for (variant, given) in CONVERSIONS {
        for name in *given {
            assert!(
                sources.contains(&format!(".with(\"{name}\"")),
                "no conversion gives {name}"
            );
        }
        sites
            .entry(variant.to_string())
            .or_default()
            .push(given.iter().map(|g| g.to_string()).collect());
    }
    assert!(
        sites.len() > 40,
        "the call sites were read ({} codes)",
        sites.len()
    );
    for &code in ErrorCode::ALL {
        let id = code.message_id();
        let needs = variables(&en[&id]);
        let Some(sites) = sites.get(&variant_name(code)) else {
            continue;
        };
        for given in sites {
            let lacking: Vec<_> = needs.always.difference(given).collect();
            assert!(
                lacking.is_empty(),
                "a call site of {code} does not give {lacking:?}"
            );
            let unknown: Vec<_> = given
                .iter()
                .filter(|g| !needs.always.contains(*g) && !needs.sometimes.contains(*g))
                .collect();
            assert!(
                unknown.is_empty(),
                "a call site of {code} gives {unknown:?}, which {id} does not use"
            );
        }
        let given_somewhere: BTreeSet<_> = sites.iter().flatten().cloned().collect();
        let never: Vec<_> = needs
            .sometimes
            .iter()
            .filter(|v| *v != "case" && !given_somewhere.contains(*v))
            .collect();
        assert!(
            never.is_empty(),
            "no call site of {code} gives {never:?}, which one form of {id} needs"
        );
    }
}

#[test]
fn the_api_document_lists_exactly_the_catalogue() {
    let doc = serde_json::to_value(sangam_web::api::ApiDoc::openapi()).expect("the document");
    let listed: BTreeSet<String> = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("ErrorCode is an enum in the document")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let codes: BTreeSet<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    assert_eq!(listed, codes);
    assert_eq!(
        doc["components"]["schemas"]["ErrorBody"]["properties"]["error"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
}

#[test]
fn variables_are_told_apart_by_whether_a_form_needs_them() {
    let vars = variables("{ $case ->\n [a] Step { $step } x.\n *[b] Every { $n }.\n } and { $m }");
    assert_eq!(vars.always, BTreeSet::from(["m".to_string()]), "{vars:?}");
    assert_eq!(
        vars.sometimes,
        BTreeSet::from(["case".to_string(), "n".to_string(), "step".to_string()])
    );
}
