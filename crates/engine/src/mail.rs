//! Outgoing e-mail over SMTP, off unless configured (`[email] smtp_url`). The care alerts and the weekly digest go
//! out this way as well as in the app.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sangam_store::{Db, users};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(
        "The SMTP address {0:?} is not one Sangam understands (use smtp://user:password@host:587 or smtps://...): {1}"
    )]
    BadUrl(String, String),
    #[error("The sender {0:?} is not an e-mail address (use \"Sangam <sangam@example.com>\").")]
    BadFrom(String),
    #[error("The mail server did not take the message: {0}")]
    Send(String),
}

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://user:pass@host:587?tls=required`, `smtps://host`, or `smtp://host:25` for a
    /// local relay without TLS.
    pub fn new(url: &str, from: &str) -> Result<Mailer, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::BadUrl(redact(url), e.to_string()))?
            .build();
        let from = from
            .parse()
            .map_err(|_| MailError::BadFrom(from.to_string()))?;
        Ok(Mailer { transport, from })
    }

    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), MailError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| MailError::Send(format!("{to} is not an e-mail address")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .body(body.to_string())
            .map_err(|e| MailError::Send(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(())
    }

    /// Sends to each of `user_ids`; a failure for one person is logged and does not stop the others.
    pub async fn send_to_people(
        &self,
        db: &Db,
        user_ids: &[i64],
        subject: &str,
        body: &str,
    ) -> usize {
        let mut sent = 0;
        for id in user_ids {
            let result = match users::get(db, *id).await {
                Ok(user) => self.send(&user.email, subject, body).await,
                Err(e) => Err(MailError::Send(e.to_string())),
            };
            match result {
                Ok(()) => sent += 1,
                Err(e) => tracing::warn!(user = id, error = %e, "an e-mail could not be sent"),
            }
        }
        sent
    }
}

/// Hides the password of an SMTP URL in messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}<credentials>{}", &url[..s + 3], &url[at..]),
        _ => url.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_smtp_address_or_sender_is_a_sentence_without_the_password() {
        let e =
            Mailer::new("http://user:hunter2@mail.example", "Sangam <s@example.com>").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let e = Mailer::new("smtp://mail.example:25", "not an address").unwrap_err();
        assert!(matches!(e, MailError::BadFrom(_)));
    }
}
