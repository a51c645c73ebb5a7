//! Single-use links (activation, password reset, e-mail change): only a hash is stored.
use app::accounts::types::{TokenPurpose, TokenStatus};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, sea_query::Expr,
};
use sha2::{Digest, Sha256};

pub use crate::entity::account_token::{ActiveModel, Column, Entity, Model};

/// How long a password reset link works.
pub const PASSWORD_RESET_TTL: Duration = Duration::minutes(60);
/// How long a link to confirm a new e-mail address works.
pub const EMAIL_CHANGE_TTL: Duration = Duration::hours(24);

/// At most this many links of one kind per account and hour from the public forms, so the
/// forms cannot be used to flood someone's inbox.
pub const MAX_LINKS_PER_HOUR: u64 = 5;

/// Whether another link of `purpose` may be mailed to the account now.
pub async fn may_send_another<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    let recent = Entity::find()
        .filter(Column::AccountId.eq(account_id))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(conn)
        .await?;
    Ok(recent < MAX_LINKS_PER_HOUR)
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Issues a new link token for `purpose`; earlier unused ones of the same purpose stop working.
pub async fn issue<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    purpose: TokenPurpose,
    ttl: Duration,
    new_email: Option<String>,
) -> Result<String, DbErr> {
    let now = Utc::now();
    Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::AccountId.eq(account_id))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    ActiveModel {
        account_id: Set(account_id),
        purpose: Set(purpose.as_str().to_string()),
        token_hash: Set(hash(&token)),
        new_email: Set(new_email),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// What a token is worth at `now`, with its row when it can still be used.
pub async fn status<C: ConnectionTrait>(
    conn: &C,
    purpose: TokenPurpose,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(TokenStatus, Option<Model>), DbErr> {
    if token.is_empty() || token.len() > 100 {
        return Ok((TokenStatus::Unknown, None));
    }
    let row = Entity::find()
        .filter(Column::TokenHash.eq(hash(token)))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .one(conn)
        .await?;
    Ok(match row {
        None => (TokenStatus::Unknown, None),
        Some(row) if row.used_at.is_some() => (TokenStatus::Used, None),
        Some(row) if row.expires_at <= now => (TokenStatus::Expired, None),
        Some(row) => (TokenStatus::Valid, Some(row)),
    })
}

/// Uses a token once: of two concurrent redemptions only one succeeds. The claim is the
/// transaction's first statement, a write: on SQLite a transaction that reads first and writes
/// later can be refused at once when another connection wrote in between.
pub async fn redeem<C: ConnectionTrait>(
    conn: &C,
    purpose: TokenPurpose,
    token: &str,
) -> Result<Result<Model, TokenStatus>, DbErr> {
    let now = Utc::now();
    if token.is_empty() || token.len() > 100 {
        return Ok(Err(TokenStatus::Unknown));
    }
    let token_hash = hash(token);
    let claimed = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::TokenHash.eq(token_hash.as_str()))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .exec(conn)
        .await?;
    if claimed.rows_affected == 1 {
        let row = Entity::find()
            .filter(Column::TokenHash.eq(token_hash))
            .one(conn)
            .await?;
        return Ok(row.ok_or(TokenStatus::Unknown));
    }
    let (status, _) = status(conn, purpose, token, now).await?;
    Ok(Err(if status == TokenStatus::Valid {
        TokenStatus::Used
    } else {
        status
    }))
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn the_stored_hash_is_not_the_token() {
        let token = "abc";
        assert_eq!(hash(token).len(), 64);
        assert_ne!(hash(token), token);
        assert_eq!(hash(token), hash("abc"));
    }
}
