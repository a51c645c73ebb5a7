//! The end of an employment. The person keeps their profile, history and kursbevis (they are
//! theirs) and may still log in with a password, but from the day after the last day of
//! employment their sessions end, every staff role lapses, new and coming enrolments are no
//! longer billed to the employer, and «Logg inn på jobb» refuses them (`accounts::sso`). The
//! rules themselves live on the account (`employment_has_ended`, `billable_employer`), so
//! that enrolment and single sign-on can ask them without depending on this module.
use crate::{
    enrolment,
    entity::{account, session},
};
use app::accounts::types::Role;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};

/// Carries out the end of `person`'s employment if it is over on `today` and not yet carried
/// out for this last day; inside the caller's transaction. Returns whether anything was done.
pub async fn close_if_ended<C: ConnectionTrait>(
    txn: &C,
    person: account::Model,
    today: NaiveDate,
) -> Result<bool, DbErr> {
    let Some(last_day) = person
        .employment_end
        .filter(|_| person.employment_has_ended(today))
    else {
        return Ok(false);
    };
    if person.employment_closed_for == Some(last_day) {
        return Ok(false);
    }
    let (id, lapsed) = (person.id, person.role.clone());
    let mut row = person.into_active_model();
    row.role = Set(Role::Learner.as_str().to_string());
    row.session_generation = Set(row.session_generation.as_ref() + 1);
    row.employment_closed_for = Set(Some(last_day));
    row.update(txn).await?;
    // Enrolments in sessions after the last day are the person's own now.
    let after = last_day
        .succ_opt()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|start| start.and_utc());
    let coming: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::StartsAt.gte(after))
        .into_tuple()
        .all(txn)
        .await?;
    let unbilled = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::EmployerId, Expr::value(Option::<i64>::None))
        .filter(enrolment::Column::AccountId.eq(id))
        .filter(enrolment::Column::EmployerId.is_not_null())
        .filter(enrolment::Column::SessionId.is_in(coming))
        .exec(txn)
        .await?
        .rows_affected;
    crate::audit::record(
        txn,
        None,
        "employee.employment_closed",
        Some(id),
        Some(format!(
            "last day {last_day}: sessions ended, role {lapsed} lapsed, {unbilled} coming enrolments no longer billed to the employer"
        )),
    )
    .await?;
    tracing::info!(account_id = id, %last_day, unbilled, "employment closed");
    Ok(true)
}

/// Carries out every employment that has ended by `today` and is not yet carried out.
pub async fn close_ended(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, DbErr> {
    let due = account::Entity::find()
        .filter(account::Column::EmploymentEnd.lt(today))
        .filter(account::Column::MergedInto.is_null())
        .filter(
            Condition::any()
                .add(account::Column::EmploymentClosedFor.is_null())
                .add(
                    Expr::col(account::Column::EmploymentClosedFor)
                        .ne(Expr::col(account::Column::EmploymentEnd)),
                ),
        )
        .all(db)
        .await?;
    let mut closed = 0;
    for person in due {
        let txn = db.begin().await?;
        if close_if_ended(&txn, person, today).await? {
            closed += 1;
        }
        txn.commit().await?;
    }
    Ok(closed)
}

/// Checks every hour, so an employment ends within an hour of midnight after its last day.
pub async fn run(db: DatabaseConnection) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        interval.tick().await;
        if let Err(error) = close_ended(&db, crate::common::time::today()).await {
            tracing::warn!(%error, "closing ended employments failed; retrying in an hour");
        }
    }
}
