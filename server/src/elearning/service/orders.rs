//! Orders of priced e-learning courses: what stands between a learner and the player, the
//! order itself (invoiced to the employer, or the learner), and the orders for invoicing.
use super::*;
use crate::{common::time::moment, entity::company};
use app::catalogue::types::CourseKind;
use sea_orm::LoaderTrait;

/// Why an exam is not ordered: its sessions are where candidates sign up.
const EXAM_NOT_ORDERED: &str = "En eksamen bestilles ikke: meld deg på en av eksamensdatoene på kurssiden.";

pub(super) async fn access(
    repo: &ElearningRepo,
    who: Option<Caller>,
    code: &str,
) -> Result<Access, AppError> {
    let course = repo.visible_course(who.as_ref(), code).await?;
    let Some(who) = who else {
        return Ok(Access::SignIn);
    };
    let standing = access::standing(&repo.db, &who, &course).await?;
    if access::entitled(standing) {
        return Ok(Access::Open);
    }
    if standing.written_exam {
        return Ok(Access::Enrol);
    }
    let actor = account::of_caller(&repo.db, &who).await?;
    // A closed employer is not offered; ordering then says why (`order`).
    let employer = match company::billing(&repo.db, &actor, today()).await? {
        company::Billing::Employer { name, .. } => Some(name),
        company::Billing::Nobody | company::Billing::Closed(_) => None,
    };
    Ok(Access::Order(OrderTerms {
        price_nok: course.price_nok.and_then(|p| u32::try_from(p).ok()).unwrap_or(0),
        employer_confirmed: employer.is_some() && actor.employer_confirmed_at.is_some(),
        employer,
        invoice_reference: actor.invoice_reference.clone(),
    }))
}

pub(super) async fn order(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    invoice_reference: Option<String>,
) -> Result<(), AppError> {
    let course = repo.visible_course(Some(&who), code).await?;
    if course.kind != CourseKind::ELearning.as_str() {
        return Err(AppError::Conflict {
            message: EXAM_NOT_ORDERED.into(),
        });
    }
    let actor = account::of_caller(&repo.db, &who).await?;
    let reference = match invoice_reference {
        Some(typed) => app::accounts::registration::invoice_reference(&typed)
            .map_err(|e| AppError::invalid("invoice_reference", e.0))?,
        None => actor.invoice_reference.clone(),
    };
    if !course.is_priced() {
        return Ok(());
    }
    let employer_id = company::billing(&repo.db, &actor, today())
        .await?
        .for_priced()
        .map_err(AppError::conflict)?
        .employer_id();
    let row = order::ActiveModel {
        account_id: Set(actor.id),
        course_id: Set(course.id),
        price_nok: Set(course.price_nok.unwrap_or(0)),
        employer_id: Set(employer_id),
        employer_confirmed: Set(employer_id.is_some() && actor.employer_confirmed_at.is_some()),
        invoice_reference: Set(reference),
        ordered_at: Set(Utc::now()),
        ..Default::default()
    };
    // Ordering twice keeps the first order (and its invoice).
    let inserted = order::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([order::Column::AccountId, order::Column::CourseId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&repo.db)
        .await?;
    if inserted > 0 {
        tracing::info!(account_id = actor.id, course_id = course.id, "e-learning ordered");
    }
    Ok(())
}

pub(super) async fn orders(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
) -> Result<Vec<OrderLine>, AppError> {
    let (_, course) = repo.editable(who, code).await?;
    let rows = order::Entity::find()
        .filter(order::Column::CourseId.eq(course.id))
        .order_by_asc(order::Column::OrderedAt)
        .order_by_asc(order::Column::Id)
        .all(&repo.db)
        .await?;
    let people = rows.load_one(account::Entity, &repo.db).await?;
    let employers = rows.load_one(company::Entity, &repo.db).await?;
    Ok(rows
        .into_iter()
        .zip(people)
        .zip(employers)
        .map(|((row, person), employer)| {
            let person = person.as_ref();
            let employer = employer.as_ref();
            OrderLine {
                name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
                email: person.and_then(|p| p.email.clone()).unwrap_or_default(),
                ordered_at: moment(row.ordered_at),
                price_nok: u32::try_from(row.price_nok).unwrap_or(0),
                employer: employer.map(|c| c.name.clone()),
                employer_org_number: employer.map(|c| c.org_number.clone()),
                employer_confirmed: row.employer_confirmed,
                invoice_reference: row.invoice_reference,
            }
        })
        .collect())
}
