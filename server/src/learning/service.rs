//! `LearningService` over the database: history, certificates, verification, revocation and
//! the results of sessions.
use super::{
    certificate::qr_path,
    completion,
    results::{self, ResultError},
    rules::{CertificateCode, is_expired},
};
use crate::{
    accounts::{entity as account, mails::Links},
    audit,
    courses::course,
};
use app::{
    accounts::{service::SessionAccount, types::Role},
    error::AppError,
    learning::{
        service::LearningService,
        types::{Certificate, CertificateStatus, HistoryRow, Outcome, Verification},
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

/// Who stands behind the certificates, as printed on them.
pub const ISSUER: &str = "Kursportalen";

#[derive(Clone)]
pub struct LearningRepo {
    db: DatabaseConnection,
    links: Links,
}

fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "learning failed");
    AppError::Internal
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::Oslo).date_naive()
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn status_of(item: &completion::Model, today: NaiveDate) -> CertificateStatus {
    if item.revoked_at.is_some() {
        CertificateStatus::Revoked
    } else if item.expired_at.is_some() || is_expired(item.valid_until, today) {
        CertificateStatus::Expired
    } else {
        CertificateStatus::Valid
    }
}

fn may_administer(person: &account::Model) -> bool {
    matches!(Role::parse(&person.role), Some(Role::CourseAdmin | Role::Admin))
}

impl From<ResultError> for AppError {
    fn from(error: ResultError) -> Self {
        match error {
            ResultError::NotParticipant | ResultError::NoSession => AppError::NotFound,
            ResultError::NotStarted => AppError::Conflict {
                message: "Resultater kan registreres når kursenheten har startet.".into(),
            },
            ResultError::Cancelled => AppError::Conflict {
                message: "Kursenheten er avlyst.".into(),
            },
            ResultError::Database(e) => internal(e),
        }
    }
}

impl LearningRepo {
    pub fn new(db: DatabaseConnection, links: Links) -> Self {
        Self { db, links }
    }

    async fn actor(&self, who: SessionAccount) -> Result<account::Model, AppError> {
        account::session_owner(&self.db, who)
            .await
            .map_err(internal)?
            .ok_or(AppError::Unauthenticated)
    }

    async fn by_code(&self, code: &str) -> Result<completion::Model, AppError> {
        let code = CertificateCode::parse(code).map_err(|_| AppError::NotFound)?;
        completion::Entity::find()
            .filter(completion::Column::CertificateCode.eq(code.as_str()))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)
    }

    async fn course(&self, id: i64) -> Result<course::Model, AppError> {
        course::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)
    }

    fn verify_url(&self, code: &CertificateCode) -> String {
        format!("{}/verifiser/{code}", self.links.public_url)
    }

    /// Course administrators, or the instructor of this session.
    async fn may_record(&self, actor: &account::Model, session_id: i64) -> Result<(), AppError> {
        if may_administer(actor) {
            return Ok(());
        }
        let session = crate::courses::session::Entity::find_by_id(session_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        if Role::parse(&actor.role) == Some(Role::Instructor)
            && session.instructor_account_id == Some(actor.id)
        {
            Ok(())
        } else {
            tracing::warn!(account_id = actor.id, session_id, "recording results refused");
            Err(AppError::Forbidden)
        }
    }

    async fn record(
        &self,
        who: SessionAccount,
        session_id: i64,
        account_ids: Option<&[i64]>,
        outcome: Outcome,
    ) -> Result<usize, AppError> {
        let actor = self.actor(who).await?;
        self.may_record(&actor, session_id).await?;
        let txn = self.db.begin().await.map_err(internal)?;
        let changed = results::record(
            &txn,
            &actor,
            session_id,
            account_ids,
            outcome,
            account_ids.is_none(),
            Utc::now(),
        )
        .await?;
        txn.commit().await.map_err(internal)?;
        Ok(changed)
    }
}

#[async_trait::async_trait]
impl LearningService for LearningRepo {
    async fn history(&self, who: SessionAccount) -> Result<Vec<HistoryRow>, AppError> {
        let actor = self.actor(who).await?;
        let items = completion::Entity::find()
            .filter(completion::Column::AccountId.eq(actor.id))
            .order_by_desc(completion::Column::CompletedOn)
            .order_by_desc(completion::Column::Id)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let courses: HashMap<i64, course::Model> = course::Entity::find()
            .filter(course::Column::Id.is_in(items.iter().map(|c| c.course_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let today = today();
        Ok(items
            .into_iter()
            .filter_map(|item| {
                let course = courses.get(&item.course_id)?;
                let code = CertificateCode::parse(&item.certificate_code).ok()?;
                Some(HistoryRow {
                    code: code.to_string(),
                    course_code: course.code.clone(),
                    course_title: course.title.clone(),
                    completed_on: date(item.completed_on),
                    result: item.result.clone(),
                    valid_until: item.valid_until.map(date),
                    status: status_of(&item, today),
                })
            })
            .collect())
    }

    async fn certificate(&self, who: SessionAccount, code: &str) -> Result<Certificate, AppError> {
        let actor = self.actor(who).await?;
        let item = self.by_code(code).await?;
        if item.account_id != actor.id && !may_administer(&actor) {
            // Someone else's certificate does not exist, as far as this caller can tell.
            tracing::warn!(account_id = actor.id, "certificate of another person refused");
            return Err(AppError::NotFound);
        }
        let holder = account::Entity::find_by_id(item.account_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let course = self.course(item.course_id).await?;
        let code = CertificateCode::parse(&item.certificate_code).map_err(internal)?;
        let verify_url = self.verify_url(&code);
        let (qr_path, qr_size) = qr_path(&verify_url);
        Ok(Certificate {
            code: code.to_string(),
            holder_name: holder.full_name,
            birth_date: holder.birth_date.map(date),
            course_code: course.code,
            course_title: course.title,
            completed_on: date(item.completed_on),
            result: item.result.clone(),
            valid_until: item.valid_until.map(date),
            issuer: ISSUER.to_string(),
            status: status_of(&item, today()),
            revoked_reason: item.revoked_reason.clone(),
            verify_url,
            qr_path,
            qr_size,
            can_revoke: may_administer(&actor),
        })
    }

    async fn verify(&self, code: &str) -> Result<Verification, AppError> {
        let item = self.by_code(code).await?;
        let holder = account::Entity::find_by_id(item.account_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let course = self.course(item.course_id).await?;
        let code = CertificateCode::parse(&item.certificate_code).map_err(internal)?;
        Ok(Verification {
            code: code.to_string(),
            status: status_of(&item, today()),
            holder_name: holder.full_name,
            course_title: course.title,
            completed_on: date(item.completed_on),
            valid_until: item.valid_until.map(date),
        })
    }

    async fn revoke(&self, who: SessionAccount, code: &str, reason: &str) -> Result<(), AppError> {
        let actor = self.actor(who).await?;
        if !may_administer(&actor) {
            tracing::warn!(account_id = actor.id, "certificate revocation refused");
            return Err(AppError::Forbidden);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "Skriv hvorfor kursbeviset trekkes tilbake.",
            ));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::invalid(
                "reason",
                "Begrunnelsen kan være på høyst 500 tegn.",
            ));
        }
        let item = self.by_code(code).await?;
        let txn = self.db.begin().await.map_err(internal)?;
        let revoked = completion::Entity::update_many()
            .col_expr(completion::Column::RevokedAt, Expr::value(Utc::now()))
            .col_expr(completion::Column::RevokedReason, Expr::value(reason.to_string()))
            .filter(completion::Column::Id.eq(item.id))
            .filter(completion::Column::RevokedAt.is_null())
            .exec(&txn)
            .await
            .map_err(internal)?;
        if revoked.rows_affected != 1 {
            return Err(AppError::Conflict {
                message: "Kursbeviset er allerede trukket tilbake.".into(),
            });
        }
        audit::record(
            &txn,
            Some(actor.id),
            "certificate.revoked",
            Some(item.account_id),
            Some(format!("{}: {reason}", item.certificate_code)),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn record_outcome(
        &self,
        who: SessionAccount,
        session_id: i64,
        account_id: i64,
        outcome: Outcome,
    ) -> Result<(), AppError> {
        self.record(who, session_id, Some(&[account_id]), outcome)
            .await
            .map(|_| ())
    }

    async fn record_remaining(
        &self,
        who: SessionAccount,
        session_id: i64,
        outcome: Outcome,
    ) -> Result<usize, AppError> {
        self.record(who, session_id, None, outcome).await
    }
}
