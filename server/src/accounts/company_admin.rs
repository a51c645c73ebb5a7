//! «Firma» for administrators: the employers learners choose from, listed, searched, edited and
//! closed (no new registrations or enrolments billed to it; its people keep their history).
use super::{
    employers::{company_details, company_matching},
    service::AccountRepo,
};
use crate::{
    audit,
    common::text::search_key,
    entity::{account, company},
};
use app::{
    accounts::{
        service::Caller,
        types::{CompanyRecord, CompanyRequestForm},
    },
    error::AppError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::HashMap;

/// How many employers one page of «Firma» lists; a search narrows it.
const LISTED: u64 = 50;

pub(super) async fn companies(
    repo: &AccountRepo,
    who: Caller,
    query: &str,
) -> Result<Vec<CompanyRecord>, AppError> {
    repo.admin_actor(who)?;
    let query = query.trim();
    if query.chars().count() > 200 {
        return Err(AppError::invalid("q", "Søket kan ha høyst 200 tegn."));
    }
    let companies = company::Entity::find()
        .filter(company::Column::Status.is_in([company::STATUS_APPROVED, company::STATUS_CLOSED]))
        .filter(company_matching(query))
        .order_by_asc(company::Column::NameSearch)
        .order_by_asc(company::Column::Id)
        .limit(LISTED)
        .all(&repo.db)
        .await?;
    // How many people have each as employer, in one query.
    let ids: Vec<i64> = companies.iter().map(|c| c.id).collect();
    let people: HashMap<i64, i64> = account::Entity::find()
        .select_only()
        .column(account::Column::EmployerId)
        .column_as(account::Column::Id.count(), "people")
        .filter(account::Column::EmployerId.is_in(ids))
        .group_by(account::Column::EmployerId)
        .into_tuple::<(i64, i64)>()
        .all(&repo.db)
        .await?
        .into_iter()
        .collect();
    let records = companies
        .into_iter()
        .map(|company| CompanyRecord {
            id: company.id,
            closed: company.status == company::STATUS_CLOSED,
            people: people
                .get(&company.id)
                .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
            org_number: company.org_number,
            name: company.name,
            invoice_address: company.invoice_address,
            invoice_email: company.invoice_email,
            contact_person: company.contact_person,
        })
        .collect();
    Ok(records)
}

/// A listed or closed employer (requests are decided, not edited).
async fn listed(repo: &AccountRepo, company_id: i64) -> Result<company::Model, AppError> {
    company::Entity::find_by_id(company_id)
        .one(&repo.db)
        .await?
        .filter(|c| c.status == company::STATUS_APPROVED || c.status == company::STATUS_CLOSED)
        .ok_or(AppError::NotFound)
}

pub(super) async fn update_company(
    repo: &AccountRepo,
    who: Caller,
    company_id: i64,
    form: CompanyRequestForm,
) -> Result<(), AppError> {
    let admin = repo.admin_actor(who)?;
    let existing = listed(repo, company_id).await?;
    let details = company_details(&form, false)?;
    let taken = company::Entity::find()
        .filter(company::Column::OrgNumber.eq(details.org_number.as_str()))
        .filter(company::Column::Status.ne(company::STATUS_REJECTED))
        .filter(company::Column::Id.ne(company_id))
        .one(&repo.db)
        .await?;
    if let Some(other) = taken {
        return Err(AppError::invalid(
            "org_number",
            app::messages::Message::new("Organisasjonsnummeret er allerede brukt av {company}.")
                .arg("company", &other.name),
        ));
    }
    let changed: Vec<&str> = [
        ("name", existing.name != details.name),
        ("org_number", existing.org_number != details.org_number.as_str()),
        (
            "invoice_address",
            existing.invoice_address != details.invoice_address,
        ),
        ("invoice_email", existing.invoice_email != details.invoice_email),
        (
            "contact_person",
            existing.contact_person != details.contact_person,
        ),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let txn = repo.db.begin().await?;
    let mut active = existing.into_active_model();
    active.org_number = Set(details.org_number.as_str().to_string());
    active.name_search = Set(search_key(&details.name));
    active.name = Set(details.name);
    active.invoice_address = Set(details.invoice_address);
    active.invoice_email = Set(details.invoice_email);
    active.contact_person = Set(details.contact_person);
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(admin.account_id),
        "company.updated",
        None,
        Some(format!("company {company_id}: {}", changed.join(", "))),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(company_id, fields = %changed.join(","), "company updated");
    Ok(())
}

pub(super) async fn set_company_open(
    repo: &AccountRepo,
    who: Caller,
    company_id: i64,
    open: bool,
    reason: &str,
) -> Result<(), AppError> {
    let admin = repo.admin_actor(who)?;
    let reason = super::desk::reason(reason)?;
    let existing = listed(repo, company_id).await?;
    let (from, to, action) = if open {
        (
            company::STATUS_CLOSED,
            company::STATUS_APPROVED,
            "company.reopened",
        )
    } else {
        (company::STATUS_APPROVED, company::STATUS_CLOSED, "company.closed")
    };
    if existing.status != from {
        let message = if open {
            "Firmaet er allerede åpent."
        } else {
            "Firmaet er allerede avsluttet."
        };
        return Err(AppError::Conflict {
            message: message.into(),
        });
    }
    let txn = repo.db.begin().await?;
    let mut active = existing.into_active_model();
    active.status = Set(to.to_string());
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(admin.account_id),
        action,
        None,
        Some(format!("company {company_id}: {reason}")),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(company_id, open, "company opened or closed");
    Ok(())
}
