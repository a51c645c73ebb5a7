//! `LearningService` over the database: history, certificates, verification, revocation and
//! the results of sessions.
use crate::common::time::{day as date, today};
use crate::{
    accounts::mails::Links,
    audit,
    catalogue::scope,
    entity::{account, course},
};
use crate::{
    entity::{completion, follower, path},
    learning::{
        certificate::qr_path,
        results::{self, ResultError},
        rules::{CertificateCode, is_expired},
    },
};
use app::{
    accounts::service::Caller,
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

/// Who stands behind the certificates, as printed on them.
pub const ISSUER: &str = "Kursportalen";

#[derive(Clone)]
pub struct LearningRepo {
    db: DatabaseConnection,
    links: Links,
    /// Kursbevis checks at `/verifiser` per client address.
    verifications: crate::accounts::throttle::Limit,
}

/// A certificate and what it certifies: a course completion or a completed learning path.
struct Held {
    id: i64,
    is_path: bool,
    /// The course's subject area; none for a learning path.
    area: Option<i64>,
    account_id: i64,
    code: CertificateCode,
    item_code: String,
    title: String,
    href: String,
    completed_on: NaiveDate,
    result: String,
    valid_until: Option<NaiveDate>,
    marked_expired: bool,
    revoked: bool,
    revoked_reason: Option<String>,
}

impl Held {
    fn of_course(item: completion::Model, course: &course::Model) -> Option<Self> {
        Some(Self {
            id: item.id,
            is_path: false,
            area: Some(course.category_id),
            account_id: item.account_id,
            code: CertificateCode::parse(&item.certificate_code).ok()?,
            item_code: course.code.clone(),
            title: course.title.clone(),
            href: format!("/kurs/{}", course.code),
            completed_on: item.completed_on,
            result: item.result,
            valid_until: item.valid_until,
            marked_expired: item.expired_at.is_some(),
            revoked: item.revoked_at.is_some(),
            revoked_reason: item.revoked_reason,
        })
    }

    fn of_path(follower: follower::Model, path: &path::Model) -> Option<Self> {
        let code = CertificateCode::parse(follower.certificate_code.as_deref()?).ok()?;
        let completed = follower.completed_at?;
        Some(Self {
            id: follower.id,
            is_path: true,
            area: None,
            account_id: follower.account_id,
            code,
            item_code: path.code.clone(),
            title: path.title.clone(),
            href: format!("/opplaeringsplan/{}", path.code),
            completed_on: completed.with_timezone(&chrono_tz::Europe::Oslo).date_naive(),
            result: "Opplæringsløp fullført".into(),
            valid_until: follower.valid_until,
            marked_expired: follower.expired_at.is_some(),
            revoked: follower.revoked_at.is_some(),
            revoked_reason: follower.revoked_reason,
        })
    }

    fn status(&self, today: NaiveDate) -> CertificateStatus {
        if self.revoked {
            CertificateStatus::Revoked
        } else if self.marked_expired || is_expired(self.valid_until, today) {
            CertificateStatus::Expired
        } else {
            CertificateStatus::Valid
        }
    }
}

/// Every certificate of a person, newest first.
async fn held_by(db: &DatabaseConnection, account_id: i64) -> Result<Vec<Held>, AppError> {
    let items = completion::Entity::find()
        .filter(completion::Column::AccountId.eq(account_id))
        .order_by_desc(completion::Column::Id)
        .all(db)
        .await?;
    // Each course once, however many times it was taken.
    let ids: std::collections::BTreeSet<i64> = items.iter().map(|i| i.course_id).collect();
    let courses: std::collections::HashMap<i64, course::Model> = course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut held: Vec<Held> = items
        .into_iter()
        .filter_map(|item| {
            let course = courses.get(&item.course_id)?;
            Held::of_course(item, course)
        })
        .collect();
    let paths = follower::Entity::find()
        .filter(follower::Column::AccountId.eq(account_id))
        .filter(follower::Column::CertificateCode.is_not_null())
        .find_also_related(path::Entity)
        .all(db)
        .await?;
    held.extend(
        paths
            .into_iter()
            .filter_map(|(follower, path)| Held::of_path(follower, &path?)),
    );
    held.sort_by_key(|h| std::cmp::Reverse(h.completed_on));
    Ok(held)
}

/// A person's «Historikk»: every certificate, newest first, with its status on `today`.
pub async fn history(
    db: &DatabaseConnection,
    account_id: i64,
    today: NaiveDate,
) -> Result<Vec<HistoryRow>, AppError> {
    Ok(held_by(db, account_id)
        .await?
        .into_iter()
        .map(|h| HistoryRow {
            code: h.code.to_string(),
            href: h.href.clone(),
            course_code: h.item_code.clone(),
            course_title: h.title.clone(),
            completed_on: date(h.completed_on),
            result: h.result.clone(),
            valid_until: h.valid_until.map(date),
            status: h.status(today),
        })
        .collect())
}

fn may_administer(person: &Caller) -> bool {
    person.role().administers_courses()
}

impl LearningRepo {
    /// Whether `person` administers the course of subject area `area` (a learning path, with
    /// no area, is every course administrator's).
    async fn administers(&self, person: &Caller, area: Option<i64>) -> Result<bool, AppError> {
        if !may_administer(person) {
            return Ok(false);
        }
        let Some(area) = area else {
            return Ok(true);
        };
        Ok(scope::of(&self.db, person).await?.covers(area))
    }
}

impl From<ResultError> for AppError {
    #[track_caller]
    fn from(error: ResultError) -> Self {
        match error {
            ResultError::NotParticipant | ResultError::NoSession => AppError::NotFound,
            ResultError::NotStarted => AppError::Conflict {
                message: "Resultater kan registreres når kursenheten har startet.".into(),
            },
            ResultError::Cancelled => AppError::Conflict {
                message: "Kursenheten er avlyst.".into(),
            },
            ResultError::Database(e) => AppError::fault(e),
        }
    }
}

impl LearningRepo {
    pub fn new(
        db: DatabaseConnection,
        links: Links,
        verifications: crate::accounts::throttle::Limit,
    ) -> Self {
        Self {
            db,
            links,
            verifications,
        }
    }

    /// The certificate behind a code: a course completion or a completed learning path.
    async fn held(&self, code: &str) -> Result<Held, AppError> {
        let code = CertificateCode::parse(code).map_err(|_| AppError::NotFound)?;
        if let Some(item) = completion::Entity::find()
            .filter(completion::Column::CertificateCode.eq(code.as_str()))
            .one(&self.db)
            .await?
        {
            let course = course::Entity::find_by_id(item.course_id)
                .one(&self.db)
                .await?
                .ok_or(AppError::NotFound)?;
            return Held::of_course(item, &course).ok_or(AppError::NotFound);
        }
        let follower = follower::Entity::find()
            .filter(follower::Column::CertificateCode.eq(code.as_str()))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let path = path::Entity::find_by_id(follower.path_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        Held::of_path(follower, &path).ok_or(AppError::NotFound)
    }

    fn verify_url(&self, code: &CertificateCode) -> String {
        format!("{}/verifiser/{code}", self.links.public_url)
    }

    /// Course administrators of the course's subject area, or the instructor of this session.
    async fn may_record(&self, actor: &Caller, session_id: i64) -> Result<(), AppError> {
        let session = crate::entity::session::Entity::find_by_id(session_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let own = actor.role().signs_off() && session.instructor_account_id == Some(actor.account_id);
        let area = course::Entity::find_by_id(session.course_id)
            .one(&self.db)
            .await?
            .map(|c| c.category_id);
        if own || (area.is_some() && self.administers(actor, area).await?) {
            Ok(())
        } else {
            tracing::warn!(
                account_id = actor.account_id,
                session_id,
                "recording results refused"
            );
            Err(AppError::Forbidden)
        }
    }

    async fn record(
        &self,
        actor: Caller,
        session_id: i64,
        account_ids: Option<&[i64]>,
        outcome: Outcome,
    ) -> Result<usize, AppError> {
        self.may_record(&actor, session_id).await?;
        let txn = self.db.begin().await?;
        let changed = results::record(
            &txn,
            actor.account_id,
            session_id,
            account_ids,
            outcome,
            account_ids.is_none(),
            Utc::now(),
        )
        .await?;
        txn.commit().await?;
        Ok(changed)
    }
}

#[async_trait::async_trait]
impl LearningService for LearningRepo {
    async fn history(&self, actor: Caller) -> Result<Vec<HistoryRow>, AppError> {
        history(&self.db, actor.account_id, today()).await
    }

    async fn certificate(&self, actor: Caller, code: &str) -> Result<Certificate, AppError> {
        let held = self.held(code).await?;
        let administers = self.administers(&actor, held.area).await?;
        if held.account_id != actor.account_id && !administers {
            // Someone else's certificate does not exist, as far as this caller can tell.
            tracing::warn!(
                account_id = actor.account_id,
                "certificate of another person refused"
            );
            return Err(AppError::NotFound);
        }
        let holder = account::Entity::find_by_id(held.account_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let verify_url = self.verify_url(&held.code);
        let (qr_path, qr_size) = qr_path(&verify_url);
        Ok(Certificate {
            code: held.code.to_string(),
            holder_name: holder.full_name,
            birth_date: holder.birth_date.map(date),
            status: held.status(today()),
            course_code: held.item_code,
            course_title: held.title,
            completed_on: date(held.completed_on),
            result: held.result,
            valid_until: held.valid_until.map(date),
            issuer: ISSUER.to_string(),
            revoked_reason: held.revoked_reason,
            verify_url,
            qr_path,
            qr_size,
            can_revoke: administers,
        })
    }

    async fn verify(&self, code: &str, client: Option<std::net::IpAddr>) -> Result<Verification, AppError> {
        // A kursbevis code is not a secret, but nobody may walk through all of them.
        if let Some(ip) = client {
            let key = format!("verify:{ip}");
            if let Some(retry_after_secs) =
                crate::accounts::throttle::admit(&self.db, &key, self.verifications, Utc::now()).await?
            {
                tracing::warn!("verification throttled");
                return Err(AppError::RateLimited { retry_after_secs });
            }
        }
        let held = self.held(code).await?;
        let holder = account::Entity::find_by_id(held.account_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Verification {
            code: held.code.to_string(),
            status: held.status(today()),
            holder_name: holder.full_name,
            course_title: held.title,
            completed_on: date(held.completed_on),
            valid_until: held.valid_until.map(date),
        })
    }

    async fn revoke(&self, actor: Caller, code: &str, reason: &str) -> Result<(), AppError> {
        if !may_administer(&actor) {
            tracing::warn!(account_id = actor.account_id, "certificate revocation refused");
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
        let held = self.held(code).await?;
        if !self.administers(&actor, held.area).await? {
            tracing::warn!(
                account_id = actor.account_id,
                "certificate outside the administrator's areas"
            );
            return Err(AppError::Forbidden);
        }
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let revoked = if held.is_path {
            follower::Entity::update_many()
                .col_expr(follower::Column::RevokedAt, Expr::value(now))
                .col_expr(follower::Column::RevokedReason, Expr::value(reason.to_string()))
                .filter(follower::Column::Id.eq(held.id))
                .filter(follower::Column::RevokedAt.is_null())
                .exec(&txn)
                .await
        } else {
            completion::Entity::update_many()
                .col_expr(completion::Column::RevokedAt, Expr::value(now))
                .col_expr(completion::Column::RevokedReason, Expr::value(reason.to_string()))
                .filter(completion::Column::Id.eq(held.id))
                .filter(completion::Column::RevokedAt.is_null())
                .exec(&txn)
                .await
        }?;
        if revoked.rows_affected != 1 {
            return Err(AppError::Conflict {
                message: "Kursbeviset er allerede trukket tilbake.".into(),
            });
        }
        audit::record(
            &txn,
            Some(actor.account_id),
            "certificate.revoked",
            Some(held.account_id),
            Some(format!("{}: {reason}", held.code.as_str())),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn record_outcome(
        &self,
        who: Caller,
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
        who: Caller,
        session_id: i64,
        outcome: Outcome,
    ) -> Result<usize, AppError> {
        self.record(who, session_id, None, outcome).await
    }
}
