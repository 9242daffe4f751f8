//! Outgoing e-mail against a small SMTP server of our own on loopback: the weekly digest reaches the Admins and
//! Managers, and nobody else.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{Role, now_millis};
use sangam_engine::digest;
use sangam_engine::mail::Mailer;
use sangam_store::users::{self, NewUser};
use sangam_store::{testing, workspaces};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Default, Clone)]
struct Received {
    to: Vec<String>,
    data: String,
}

/// Speaks just enough SMTP to take messages and remember them.
async fn fake_smtp() -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Arc<Mutex<Vec<Received>>> = Arc::default();
    let store = inbox.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake.test ESMTP\r\n").await.unwrap();
                let mut current = Received::default();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 fake.test\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        current
                            .to
                            .push(line[8..].trim().trim_matches(['<', '>']).to_string());
                        b"250 OK\r\n"
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            current.data.push_str(&l);
                            current.data.push('\n');
                        }
                        store.lock().unwrap().push(std::mem::take(&mut current));
                        b"250 queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, inbox)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_weekly_digest_reaches_the_admins_and_managers_only() {
    let (port, inbox) = fake_smtp().await;
    let db = testing::sqlite().await.unwrap();
    let ws = workspaces::create(&db, "Monsoon Coffee", 0).await.unwrap();
    for (email, role) in [
        ("lead@team.test", Role::Manager),
        ("boss@team.test", Role::Admin),
        ("kabir@team.test", Role::Member),
    ] {
        let new = NewUser {
            workspace_id: ws.id,
            email,
            name: email,
            password_hash: "x",
            role,
        };
        users::create(&db, new, 0).await.unwrap();
    }
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Sangam <sangam@team.test>",
    )
    .unwrap();
    let sent = digest::send_all(&db, &mailer, now_millis()).await.unwrap();
    assert_eq!(sent, 2);
    let received = inbox.lock().unwrap().clone();
    let mut to: Vec<String> = received.iter().flat_map(|r| r.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        vec!["boss@team.test".to_string(), "lead@team.test".to_string()]
    );
    assert!(
        received[0].data.contains("Sangam weekly digest"),
        "{}",
        received[0].data
    );
    assert!(
        received[0].data.contains("response rate"),
        "{}",
        received[0].data
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mail_server_that_is_down_is_an_error_not_a_crash() {
    let db = testing::sqlite().await.unwrap();
    let ws = workspaces::create(&db, "Team", 0).await.unwrap();
    let new = NewUser {
        workspace_id: ws.id,
        email: "lead@team.test",
        name: "Lead",
        password_hash: "x",
        role: Role::Manager,
    };
    let lead = users::create(&db, new, 0).await.unwrap();
    // Port 9 (discard) is not listening for SMTP here; the send fails and is counted as not sent.
    let mailer = Mailer::new("smtp://127.0.0.1:9", "Sangam <sangam@team.test>").unwrap();
    assert_eq!(
        mailer
            .send_to_people(&db, &[lead.id], "Hello", "Body")
            .await,
        0
    );
}
