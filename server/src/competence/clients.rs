//! Integration clients: the HR system and the competence register call the API with a bearer
//! token. Only a SHA-256 of the token is stored; the token itself is shown once, when made.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use std::fmt;

pub use crate::entity::api_client::{ActiveModel, Column, Entity, Model};

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The HR feed: create, update and end employees.
    EmployeesWrite,
    /// Read and acknowledge competence transfer records.
    TransfersRead,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::EmployeesWrite, Scope::TransfersRead];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::EmployeesWrite => "employees:write",
            Scope::TransfersRead => "transfers:read",
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| {
                format!(
                    "Ukjent scope «{}». Gyldige: {}.",
                    text.trim(),
                    Self::ALL.map(Scope::as_str).join(", ")
                )
            })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Model {
    pub fn has(&self, scope: Scope) -> bool {
        self.scopes.split_whitespace().any(|s| s == scope.as_str())
    }
}

/// A client's name: 1–80 printable characters.
pub fn parse_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err("Navnet på klienten må ha 1 til 80 tegn.".into());
    }
    Ok(name.to_string())
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a client; returns it and its token (never stored, never shown again).
pub async fn create<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    scopes: &[Scope],
    created_by: Option<i64>,
) -> Result<(Model, String), DbErr> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("kp_{}", URL_SAFE_NO_PAD.encode(bytes));
    let mut names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let model = ActiveModel {
        name: Set(name.to_string()),
        scopes: Set(names.join(" ")),
        token_hash: Set(hash(&token)),
        created_at: Set(Utc::now()),
        created_by: Set(created_by),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    crate::audit::record(
        conn,
        created_by,
        "api_client.created",
        None,
        Some(format!("client {} «{}» {}", model.id, model.name, model.scopes)),
    )
    .await?;
    Ok((model, token))
}

/// The live client a token belongs to.
pub async fn authenticate<C: ConnectionTrait>(conn: &C, token: &str) -> Result<Option<Model>, DbErr> {
    if !token.starts_with("kp_") || token.len() > 200 {
        return Ok(None);
    }
    Entity::find()
        .filter(Column::TokenHash.eq(hash(token)))
        .filter(Column::RevokedAt.is_null())
        .one(conn)
        .await
}

/// Revokes a client; false when there is no such live client.
pub async fn revoke<C: ConnectionTrait>(conn: &C, id: i64, by: Option<i64>) -> Result<bool, DbErr> {
    let revoked = Entity::update_many()
        .col_expr(Column::RevokedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(Column::Id.eq(id))
        .filter(Column::RevokedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected
        == 1;
    if revoked {
        crate::audit::record(conn, by, "api_client.revoked", None, Some(format!("client {id}"))).await?;
    }
    Ok(revoked)
}

pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<Model>, DbErr> {
    Entity::find().order_by_asc(Column::Id).all(conn).await
}

/// Notes that the client called now. Also the first write of the caller's transaction, so
/// SQLite takes its lock before anything is read.
pub async fn touch<C: ConnectionTrait>(conn: &C, id: i64) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::LastUsedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_by_name_only() {
        assert_eq!(Scope::parse("employees:write"), Ok(Scope::EmployeesWrite));
        assert_eq!(Scope::parse(" transfers:read "), Ok(Scope::TransfersRead));
        assert!(Scope::parse("admin").unwrap_err().contains("employees:write"));
        assert!(Scope::parse("").is_err());
    }

    #[test]
    fn a_client_has_only_its_scopes() {
        let client = Model {
            id: 1,
            name: "HR".into(),
            scopes: "employees:write".into(),
            token_hash: String::new(),
            created_at: Utc::now(),
            created_by: None,
            revoked_at: None,
            last_used_at: None,
        };
        assert!(client.has(Scope::EmployeesWrite));
        assert!(!client.has(Scope::TransfersRead));
    }

    #[test]
    fn names_are_short_and_printable() {
        assert_eq!(parse_name("  HR-system "), Ok("HR-system".into()));
        assert!(parse_name("").is_err());
        assert!(parse_name(&"x".repeat(81)).is_err());
        assert!(parse_name("a\nb").is_err());
    }
}
