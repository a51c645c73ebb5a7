//! Where mail goes: SMTP when `SMTP_URL` is set, otherwise `.eml` files under `data/mail/`.
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

#[derive(Clone)]
pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl MailTransport {
    pub fn smtp(url: &str) -> Result<Self, String> {
        let builder =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| format!("SMTP_URL: {e}"))?;
        Ok(Self::Smtp(
            builder.timeout(Some(std::time::Duration::from_secs(20))).build(),
        ))
    }

    pub fn files(dir: PathBuf) -> Result<Self, String> {
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Self::Files(AsyncFileTransport::new(dir)))
    }

    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Self::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Self::Files(files) => files.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}
