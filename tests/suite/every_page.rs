//! Every page, for every role, in both languages, in a real browser at 1366x768: signs in as each of the five roles on
//! a workspace with history, opens every page that role's navigation shows (read from the page itself), in en-US and
//! hi-IN, and fails on an HTTP status >= 400, a JavaScript error (uncaught, a rejected promise, `console.error`, a
//! refused or missing resource, a CSP violation), horizontal overflow, or, in Hindi, any English catalogue sentence
//! on the page. A screenshot of each page is saved as `target/screens/{role}-{lang}-{page}.png` for people to look
//! at. All the failures are listed together, page by page.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use axum::http::Method;
use fantoccini::wd::WebDriverCompatibleCommand;
use reqwest::Url;
use sangam_domain::approval::{Decision, Needs};
use sangam_domain::{PostStatus, Role, now_millis};
use sangam_store::approvals::{self, NewReview};
use sangam_store::posts::{self, NewPost};
use sangam_store::users::{self, User};
use sangam_store::{care, inbox, notifications, workspaces};
use std::path::PathBuf;
use std::time::Duration;

const WIDTH: u32 = 1366;
const HEIGHT: u32 = 768;
/// A phone's page, for the inbox, approvals and the check-in.
const PHONE: (u32, u32) = (390, 844);
const LANGUAGES: [&str; 2] = ["en-US", "hi-IN"];

/// Collects what goes wrong in the page before any of its own scripts run: installed on every new document through
/// the DevTools protocol, so errors during loading are caught too.
const LISTENER: &str = r#"
window.__errors = [];
window.addEventListener('error', (e) => {
  if (e.target && e.target !== window) {
    window.__errors.push('could not load ' + (e.target.src || e.target.href || e.target.tagName));
  } else {
    window.__errors.push('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno);
  }
}, true);
window.addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled rejection: ' + e.reason));
document.addEventListener('securitypolicyviolation', (e) =>
  window.__errors.push('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI));
const consoleError = console.error;
console.error = (...args) => { window.__errors.push('console.error: ' + args.join(' ')); consoleError(...args); };
document.addEventListener('htmx:responseError', (e) =>
  window.__errors.push('htmx request failed: ' + e.detail.xhr.status + ' ' + e.detail.pathInfo.requestPath));
"#;

/// chromedriver's door to the DevTools protocol: `Page.addScriptToEvaluateOnNewDocument`.
#[derive(Debug)]
struct AddScriptOnNewDocument(&'static str);

impl WebDriverCompatibleCommand for AddScriptOnNewDocument {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url_error::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        let body = serde_json::json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": {"source": self.0},
        });
        (Method::POST, Some(body.to_string()))
    }
}

mod url_error {
    pub use reqwest::Url;
    pub type ParseError = <Url as std::str::FromStr>::Err;
}

/// English catalogue sentences a Hindi page must not show: the stretches of four words or more of single-line messages
/// whose Hindi differs.
fn english_sentences() -> Vec<(String, String)> {
    let read = |lang: &str| {
        let path = format!(
            "{}/crates/web/locales/{lang}/main.ftl",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let mut messages = std::collections::HashMap::new();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with('#') || line.starts_with(' ') || !line.contains(" = ") {
                continue;
            }
            // Multi-line messages (selectors, continued text) are left out: their pieces are not whole sentences.
            if lines.get(i + 1).is_some_and(|next| next.starts_with(' ')) {
                continue;
            }
            let (id, value) = line.split_once(" = ").unwrap();
            messages.insert(id.trim().to_string(), value.trim().to_string());
        }
        messages
    };
    let en = read("en-US");
    let hi = read("hi-IN");
    // A message with arguments contributes its literal stretches between them ("… messages in this conversation").
    let mut out: Vec<(String, String)> = en
        .into_iter()
        .filter(|(id, value)| hi.get(id).is_some_and(|h| h != value))
        .flat_map(|(id, value)| {
            value
                .split(['{', '}'])
                .step_by(2)
                .map(|piece| piece.trim().to_string())
                .filter(|piece| piece.split_whitespace().count() >= 4)
                .map(|piece| (id.clone(), piece))
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out
}

/// Listening topics with two days of the sandbox's chatter heard, for the listening pages.
async fn listening_topics(app: &TestApp, manager: i64) {
    use sangam_store::listening::{self, TopicFields, Voice};
    let listeners = sangam_networks::listen::Listeners::default().with(app.sandbox.clone());
    let listening = sangam_engine::listening::Listening {
        db: &app.db,
        listeners: &listeners,
        text: &app.text,
        mailer: None,
        public_url: "",
    };
    let mut heard = sangam_engine::listening::Heard::default();
    for (name, query, voice, competitor) in [
        ("Monsoon", "monsoon OR #monsoon", Voice::Ours, ""),
        ("Brewhaus", "brewhaus", Voice::Competitor, "Brewhaus"),
    ] {
        let fields = TopicFields {
            name,
            query,
            networks: &[sangam_domain::NetworkKind::Sandbox],
            voice,
            competitor,
            paused: false,
        };
        let topic = listening::create(
            &app.db,
            app.workspace_id,
            &fields,
            Some(manager),
            now_millis(),
        )
        .await
        .unwrap();
        for _ in 0..3 {
            listening
                .listen(&topic, now_millis(), &mut heard)
                .await
                .unwrap();
        }
    }
}

/// A workspace with the history a team has after a few weeks: profiles, published and scheduled posts with tags, a
/// post waiting for the approver, a day of inbox messages with a reply, a check-in, a goal, notifications.
async fn seeded_app() -> (TestApp, Vec<(Role, User)>) {
    let app = TestApp::start().await;
    let mut people = Vec::new();
    for role in Role::ALL {
        let email = app.person(role).await;
        let (user, _) = users::credentials_by_email(&app.db, &email)
            .await
            .unwrap()
            .unwrap();
        people.push((role, user));
    }
    let id_of = |role: Role| people.iter().find(|(r, _)| *r == role).unwrap().1.id;
    let (member, manager, approver) = (
        id_of(Role::Member),
        id_of(Role::Manager),
        id_of(Role::Approver),
    );
    let ws = app.workspace_id;
    let monsoon = app.profile("monsoon").await;
    let cafes = app.profile("monsoon_cafes").await;
    let now = now_millis();
    let tags = ["monsoon-menu".to_string()];
    let (both, first, second) = ([monsoon.id, cafes.id], [monsoon.id], [cafes.id]);
    for (i, text) in [
        "Monsoon is here and so is our Malabar cold brew. Which one first?",
        "Filter kaapi masterclass this Saturday, 4pm, at Indiranagar.",
        "बारिश, अदरक वाली कॉफ़ी और एक अच्छी किताब।",
    ]
    .into_iter()
    .enumerate()
    {
        let new = NewPost {
            tags: &tags,
            ..NewPost::text(ws, member, text, now - 1000 * i as i64, &both)
        };
        posts::create(&app.db, new, now).await.unwrap();
    }
    let later = NewPost::text(
        ws,
        member,
        "Tomorrow: buy one, get one free.",
        now + 86_400_000,
        &first,
    );
    posts::create(&app.db, later, now).await.unwrap();
    let draft = NewPost {
        status: PostStatus::Draft,
        ..NewPost::text(
            ws,
            member,
            "A draft about the new cups",
            now + 2 * 86_400_000,
            &second,
        )
    };
    posts::create(&app.db, draft, now).await.unwrap();
    workspaces::set_approval_roles(&app.db, ws, &[Role::Member])
        .await
        .unwrap();
    approvals::replace_steps(
        &app.db,
        ws,
        &[(
            "Marketing lead".to_string(),
            Needs::Any,
            vec![manager, approver],
        )],
    )
    .await
    .unwrap();
    let waiting = NewPost {
        status: PostStatus::PendingApproval,
        ..NewPost::text(
            ws,
            member,
            "Festive menu reveal: five new drinks. #monsoonfestive",
            now + 3_600_000 * 20,
            &first,
        )
    };
    let waiting = posts::create(&app.db, waiting, now).await.unwrap();
    let submitted = NewReview {
        post_id: waiting.id,
        step_position: None,
        user_id: Some(member),
        reviewer_name: "Member",
        decision: Decision::Submitted,
        note: "",
    };
    approvals::add_review(&app.db, submitted, now)
        .await
        .unwrap();
    // The engine publishes the posts that are due; the sandbox answers with a day of messages.
    app.eventually("the due posts are published", || async {
        app.sandbox
            .all_posts()
            .await
            .map(|p| p.len() >= 6)
            .unwrap_or(false)
    })
    .await;
    app.ingest().await;
    let open = inbox::list(&app.db, ws, member, &inbox::Filter::default(), 5)
        .await
        .unwrap();
    if let Some(first) = open.first() {
        inbox::create_reply(
            &app.db,
            ws,
            first,
            member,
            "Thank you! We will pass it on.",
            PostStatus::Approved,
            now,
        )
        .await
        .unwrap();
        inbox::add_tag(&app.db, ws, first.id, "praise")
            .await
            .unwrap();
    }
    let hours = sangam_domain::business_hours::BusinessHours::default();
    let weeks = sangam_domain::care::week_starts(&hours, now, 3);
    for (_, person) in &people {
        care::save_checkin(
            &app.db,
            ws,
            person.id,
            weeks[0],
            4,
            3,
            "",
            weeks[0] + 86_400_000,
        )
        .await
        .unwrap();
        notifications::notify(
            &app.db,
            ws,
            person.id,
            "approval_waiting",
            "A post by Member 2 is waiting for your approval.",
            &format!("/posts/{}", waiting.id),
            now,
        )
        .await
        .unwrap();
    }
    let goal = sangam_store::goals::NewGoal {
        workspace_id: ws,
        objective: "Grow the audience by 600 followers this quarter",
        metric_id: "net_follower_growth",
        profile_ids: &[monsoon.id],
        tags: &[],
        baseline: 0.0,
        target: 600.0,
        starts_at: now - 30 * 86_400_000,
        ends_at: now + 60 * 86_400_000,
        owner_id: manager,
        created_by: manager,
    };
    sangam_store::goals::create(&app.db, goal, now)
        .await
        .unwrap();
    // Two listening topics with two days of the sandbox's chatter heard (our brand and a competitor).
    listening_topics(&app, manager).await;
    (app, people)
}

/// `/reports/profiles` → `reports-profiles`, `/` → `dashboard`.
fn page_name(path: &str) -> String {
    let name: String = path
        .trim_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if name.is_empty() {
        "dashboard".into()
    } else {
        name
    }
}

fn screens_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target")));
    target.join("screens")
}

async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
}

async fn script(browser: &Browser, js: &str) -> serde_json::Value {
    browser
        .client
        .execute(js, vec![])
        .await
        .unwrap_or_else(|e| panic!("browser: script {js} failed: {e}"))
}

/// Sizes the window so that the page itself (not counting the browser's bars) is `width` x `height`.
async fn size_page(browser: &Browser, width: u32, height: u32) {
    browser.client.set_window_size(width, height).await.unwrap();
    let inner = script(browser, "return [window.innerWidth, window.innerHeight]").await;
    let (w, h) = (
        inner[0].as_u64().unwrap() as u32,
        inner[1].as_u64().unwrap() as u32,
    );
    browser
        .client
        .set_window_size(2 * width - w, 2 * height - h)
        .await
        .unwrap();
}

/// One signed-in person's round of pages.
struct Visit<'a> {
    browser: &'a Browser,
    http: reqwest::Client,
    cookies: String,
    english: &'a [(String, String)],
    dir: &'a std::path::Path,
}

impl Visit<'_> {
    async fn size(&self, width: u32, height: u32) {
        size_page(self.browser, width, height).await;
    }

    /// Opens `url` and returns what is wrong with it, each line naming `at`; saves the screenshot as `shot`.png.
    async fn check(&self, url: &str, at: &str, lang: &str, shot: &str) -> Vec<String> {
        let browser = self.browser;
        let mut failures = Vec::new();
        let status = self
            .http
            .get(url)
            .header("cookie", &self.cookies)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        if status >= 400 {
            failures.push(format!("{at}: HTTP {status}"));
        }
        browser.goto(url).await;
        // Let htmx fetch the banner and any parts loaded after the page.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let errors = script(
            browser,
            "return window.__errors || ['the error listener was not installed']",
        )
        .await;
        for e in errors.as_array().into_iter().flatten() {
            failures.push(format!("{at}: {}", e.as_str().unwrap_or_default()));
        }
        let widths = script(
            browser,
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth]",
        )
        .await;
        let (scroll, client) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
        if scroll > client {
            let wide = script(
                browser,
                "const w = document.documentElement.clientWidth; const clipped = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; }; return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e)).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/ +/).join('.') : ''))",
            )
            .await;
            failures.push(format!(
                "{at}: scrolls sideways ({scroll} px wide in {client} px; widest: {wide})"
            ));
        }
        if lang == "hi-IN" {
            let text = script(browser, "return document.body.innerText").await;
            let text = text.as_str().unwrap_or_default();
            for (id, sentence) in self.english {
                if text.contains(sentence.as_str()) {
                    failures.push(format!("{at}: English text of {id}: {sentence:?}"));
                }
            }
        }
        let lang_attr = script(browser, "return document.documentElement.lang").await;
        if lang_attr.as_str() != Some(lang) {
            failures.push(format!("{at}: page language is {lang_attr}"));
        }
        browser
            .screenshot(self.dir.join(format!("{shot}.png")))
            .await;
        failures
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_of_every_role_in_both_languages_is_whole() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser
        .client
        .issue_cmd(AddScriptOnNewDocument(LISTENER))
        .await
        .unwrap();
    browser.goto("about:blank").await;
    size_page(&browser, WIDTH, HEIGHT).await;
    let (app, people) = seeded_app().await;
    let english = english_sentences();
    assert!(english.len() > 30, "the English catalogue was read");
    let dir = screens_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures: Vec<String> = Vec::new();
    let mut visited = 0;
    for (role, person) in &people {
        browser.client.delete_all_cookies().await.unwrap();
        sign_in(&browser, &app, &person.email).await;
        let cookies: Vec<String> = browser
            .client
            .get_all_cookies()
            .await
            .unwrap()
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect();
        let visit = Visit {
            browser: &browser,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: cookies.join("; "),
            english: &english,
            dir: &dir,
        };
        for lang in LANGUAGES {
            users::set_preferences(&app.db, person.id, lang, "Asia/Kolkata")
                .await
                .unwrap();
            browser.goto(&app.url("/account")).await;
            let nav = script(
                &browser,
                "return Array.from(document.querySelectorAll('#nav a')).map(a => a.getAttribute('href'))",
            )
            .await;
            let mut paths: Vec<String> = nav
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            assert!(!paths.is_empty(), "{role} has a navigation");
            paths.push("/notifications".into());
            // The reports' own tabs are pages a reader opens from there: the post, tag and inbox reports too.
            if paths.iter().any(|p| p.starts_with("/reports")) {
                for tab in [
                    "/reports/posts",
                    "/reports/tags",
                    "/reports/inbox",
                    "/reports/roi",
                    "/reports/competitors",
                    "/reports/audience",
                    "/audience/segments",
                ] {
                    if !paths.iter().any(|p| p == tab) {
                        paths.push(tab.into());
                    }
                }
            }
            // A topic's page and the printable share of voice are opened from the Listening pages.
            if paths.iter().any(|p| p == "/listening") {
                for topic in sangam_store::listening::list(&app.db, app.workspace_id)
                    .await
                    .unwrap()
                {
                    paths.push(format!("/listening/topics/{}", topic.id));
                }
                paths.push("/listening/share-of-voice/print".into());
            }
            // Bulk scheduling is opened from the posts list and the composer, not the navigation.
            if role.can(sangam_domain::Permission::ComposePosts) {
                paths.push("/posts/bulk".into());
            }
            for path in paths {
                let at = format!("{role} {lang} {path}");
                let shot = format!("{}-{lang}-{}", role.as_str(), page_name(&path));
                failures.extend(visit.check(&app.url(&path), &at, lang, &shot).await);
                visited += 1;
            }
            // The pages a person uses on a phone: the inbox, approvals and the check-in, at 390 px.
            let phone: &[&str] = match role {
                Role::Member => &["/inbox", "/care/me"],
                Role::Approver => &["/approvals"],
                _ => &[],
            };
            if !phone.is_empty() {
                visit.size(PHONE.0, PHONE.1).await;
                for path in phone {
                    let at = format!("{role} {lang} {path} (phone)");
                    let shot = format!("{}-{lang}-{}-phone", role.as_str(), page_name(path));
                    failures.extend(visit.check(&app.url(path), &at, lang, &shot).await);
                    visited += 1;
                }
                visit.size(WIDTH, HEIGHT).await;
            }
        }
    }
    browser.close().await;
    eprintln!(
        "every page: {visited} pages visited, screenshots in {}",
        dir.display()
    );
    assert!(visited >= 40, "every role's pages were visited ({visited})");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
