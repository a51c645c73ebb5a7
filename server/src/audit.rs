//! The audit trail of sensitive actions: who did what to whom, and when.
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

pub use crate::entity::audit_log::{ActiveModel, Column, Entity, Model};

/// The longest reason kept with an audited action.
pub const REASON_MAX: usize = 500;

/// A reason typed by a person for an audited action, trimmed: at least `min` characters (else
/// the message `too_short`), at most [`REASON_MAX`].
pub fn reason<'a>(text: &'a str, min: usize, too_short: &'static str) -> Result<&'a str, &'static str> {
    let text = text.trim();
    match text.chars().count() {
        n if n < min.max(1) => Err(too_short),
        n if n > REASON_MAX => Err("Begrunnelsen kan være høyst 500 tegn."),
        _ => Ok(text),
    }
}

/// Writes one entry; pass the transaction of the action it records.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor_id: Option<i64>,
    action: &str,
    subject_id: Option<i64>,
    detail: Option<String>,
) -> Result<(), DbErr> {
    ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_id: Set(actor_id),
        action: Set(action.to_string()),
        subject_id: Set(subject_id),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reason_is_trimmed_and_kept_within_its_bounds() {
        let short = "Skriv hvorfor.";
        assert_eq!(super::reason("  sak 12 ", 3, short), Ok("sak 12"));
        assert_eq!(super::reason("  ", 1, short), Err(short));
        assert_eq!(super::reason("ab", 3, short), Err(short));
        assert!(
            super::reason(&"æ".repeat(500), 3, short).is_ok(),
            "characters, not bytes"
        );
        assert!(super::reason(&"x".repeat(501), 3, short).is_err());
    }
}
