//! The `mail_outbox` table.

pub const STATUS_PENDING: &str = "pending";
pub const STATUS_SENT: &str = "sent";
pub const STATUS_FAILED: &str = "failed";
/// Failed, and set aside by a person («Forkast»).
pub const STATUS_DISCARDED: &str = "discarded";

pub use crate::entity::outbox::{ActiveModel, Column, Entity, Model};

/// How many messages wait to be sent, and how many used up their attempts.
pub struct Depth {
    pub pending: u64,
    pub failed: u64,
}

pub async fn depth<C: sea_orm::ConnectionTrait>(db: &C) -> Result<Depth, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let count = |status: &'static str| Entity::find().filter(Column::Status.eq(status)).count(db);
    Ok(Depth {
        pending: count(STATUS_PENDING).await?,
        failed: count(STATUS_FAILED).await?,
    })
}

/// What stands in a sent message's text where a secret was.
pub const BLANKED: &str = "[fjernet etter sending]";

/// `body` without the secret parts of its links: every run of 32 or more URL-safe characters
/// after a `/` or `=` (activation, password and e-mail tokens, calendar feed keys) is replaced
/// by [`BLANKED`]. Nothing else in the text is that long without a space.
pub fn without_secrets(body: &str) -> String {
    let secret_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(['/', '=']) {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let run = rest.find(|c: char| !secret_char(c)).unwrap_or(rest.len());
        if run >= 32 {
            out.push_str(BLANKED);
            rest = &rest[run..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_links_are_blanked_and_the_rest_kept() {
        let body = "Hei Kari,\n\nhttps://kurs.example.no/konto/aktiver/ZEoyBIF41OY5Bs0UsXpjhueHt2TQyn5fWOh7-SL_bBI\n\nhttps://kurs.example.no/kalender/mine/7/0123456789abcdef0123456789abcdef\nhttps://kurs.example.no/kurs/SIK-100?sesjon=12\n";
        let blanked = without_secrets(body);
        assert_eq!(
            blanked,
            "Hei Kari,\n\nhttps://kurs.example.no/konto/aktiver/[fjernet etter sending]\n\nhttps://kurs.example.no/kalender/mine/7/[fjernet etter sending]\nhttps://kurs.example.no/kurs/SIK-100?sesjon=12\n"
        );
        assert_eq!(
            without_secrets("Ingen lenker her. 30/11 = i dag"),
            "Ingen lenker her. 30/11 = i dag"
        );
        assert_eq!(without_secrets("slutt/"), "slutt/");
        assert_eq!(without_secrets("æøå/ÆØÅ=x"), "æøå/ÆØÅ=x");
    }
}
