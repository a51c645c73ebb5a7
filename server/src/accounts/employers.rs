//! Employers: finding a company, changing one's employer, asking for a missing company and the
//! administrator's decision.
use crate::{
    accounts::{
        mails,
        service::{AccountRepo, company_option},
    },
    entity::{account, company},
};
use crate::{audit, common::text::contains_pattern, common::text::fold_for_search};
use app::{
    accounts::{
        fields::{Email, PersonName},
        identity::OrgNumber,
        service::Caller,
        types::{CompanyOption, CompanyRequestForm, FieldIssue, PendingCompany},
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, LoaderTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, LikeExpr},
};

pub(super) async fn search_companies(
    repo: &AccountRepo,
    query: &str,
) -> Result<Vec<CompanyOption>, AppError> {
    let query = query.trim();
    if query.chars().count() < 2 || query.len() > 200 {
        return Ok(Vec::new());
    }
    let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let by_number = digits.chars().all(|c| c.is_ascii_digit());
    let mut select = company::Entity::find().filter(company::Column::Status.eq(company::STATUS_APPROVED));
    select = if by_number {
        select.filter(company::Column::OrgNumber.starts_with(&digits))
    } else {
        let mut condition = Condition::all();
        for term in fold_for_search(query).split(' ') {
            condition = condition.add(
                Expr::col(company::Column::NameSearch)
                    .like(LikeExpr::new(contains_pattern(term)).escape('\\')),
            );
        }
        select.filter(condition)
    };
    let companies = select
        .order_by_asc(company::Column::Name)
        .limit(20)
        .all(&repo.db)
        .await?;
    Ok(companies.into_iter().map(company_option).collect())
}

pub(super) async fn update_employer(
    repo: &AccountRepo,
    who: Caller,
    employer_id: &str,
    invoice_reference: &str,
) -> Result<(), AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
    let mut issues = Vec::new();
    let company = match employer_id.trim().parse::<i64>() {
        Ok(id) => repo.approved_company(id).await?,
        Err(_) => None,
    };
    if company.is_none() {
        issues.push(FieldIssue {
            field: "employer_id".into(),
            message: "Velg arbeidsgiveren din fra listen.".into(),
        });
    }
    let reference = app::accounts::registration::invoice_reference(invoice_reference)
        .map_err(|e| {
            issues.push(FieldIssue {
                field: "invoice_reference".into(),
                message: e.0.into(),
            })
        })
        .ok();
    let (Some(company), Some(reference)) = (company.filter(|_| issues.is_empty()), reference) else {
        return Err(AppError::InvalidForm { fields: issues });
    };
    let (id, changed) = (account.id, account.employer_id != Some(company.id));
    let mut active = account.into_active_model();
    active.employer_id = Set(Some(company.id));
    if changed {
        // The person's own word: unconfirmed until the employer's HR feed says so.
        active.employer_confirmed_at = Set(None);
    }
    active.invoice_reference = Set(reference);
    active.update(&repo.db).await?;
    tracing::info!(account_id = id, company_id = company.id, "employer updated");
    Ok(())
}

pub(super) async fn request_company(
    repo: &AccountRepo,
    actor: Caller,
    form: CompanyRequestForm,
) -> Result<(), AppError> {
    let mut issues = Vec::new();
    let mut issue = |field: &str, message: &str| {
        issues.push(FieldIssue {
            field: field.into(),
            message: message.into(),
        })
    };
    let org_number = OrgNumber::parse(&form.org_number)
        .map_err(|e| issue("org_number", e.0))
        .ok();
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 200 {
        issue("name", "Skriv firmanavnet slik det står i Brønnøysundregistrene.");
    }
    let invoice_address = form.invoice_address.trim().to_string();
    if invoice_address.chars().count() > 500 {
        issue("invoice_address", "Fakturaadressen kan ha høyst 500 tegn.");
    }
    let invoice_email = if form.invoice_email.trim().is_empty() {
        None
    } else {
        Email::parse(&form.invoice_email)
            .map_err(|e| issue("invoice_email", e.0))
            .ok()
    };
    let contact_person = PersonName::parse(&form.contact_person)
        .map_err(|_| issue("contact_person", "Skriv navnet på en kontaktperson i firmaet."))
        .ok();
    let (Some(org_number), Some(contact_person)) = (org_number, contact_person) else {
        return Err(AppError::InvalidForm { fields: issues });
    };
    if !issues.is_empty() {
        return Err(AppError::InvalidForm { fields: issues });
    }
    let existing = company::Entity::find()
        .filter(company::Column::OrgNumber.eq(org_number.as_str()))
        .filter(company::Column::Status.ne(company::STATUS_REJECTED))
        .one(&repo.db)
        .await?;
    if let Some(existing) = existing {
        let message = if existing.status == company::STATUS_APPROVED {
            "Firmaet er allerede registrert. Søk etter det på navn eller organisasjonsnummer."
        } else {
            "Noen har allerede bedt om dette firmaet. Du får beskjed når det er behandlet."
        };
        return Err(AppError::invalid("org_number", message));
    }
    let now = Utc::now();
    let txn = repo.db.begin().await?;
    let row = company::ActiveModel {
        org_number: Set(org_number.as_str().to_string()),
        name: Set(name.clone()),
        name_search: Set(fold_for_search(&name)),
        invoice_address: Set((!invoice_address.is_empty()).then_some(invoice_address)),
        invoice_email: Set(invoice_email.map(|e| e.as_str().to_string())),
        contact_person: Set(Some(contact_person.as_str().to_string())),
        status: Set(company::STATUS_PENDING.to_string()),
        requested_by: Set(Some(actor.account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.account_id),
        "company.requested",
        None,
        Some(format!("company {}", row.id)),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        account_id = actor.account_id,
        company_id = row.id,
        "company requested"
    );
    Ok(())
}

pub(super) async fn pending_companies(
    repo: &AccountRepo,
    who: Caller,
) -> Result<Vec<PendingCompany>, AppError> {
    repo.admin_actor(who)?;
    let pending = company::Entity::find()
        .filter(company::Column::Status.eq(company::STATUS_PENDING))
        .order_by_asc(company::Column::CreatedAt)
        .all(&repo.db)
        .await?;
    let requesters = pending.load_one(account::Entity, &repo.db).await?;
    Ok(pending
        .into_iter()
        .zip(requesters)
        .map(|(c, requester)| PendingCompany {
            id: c.id,
            org_number: c.org_number,
            name: c.name,
            invoice_address: c.invoice_address,
            invoice_email: c.invoice_email,
            contact_person: c.contact_person,
            requested_by: requester
                .map(|a| format!("{} ({})", a.full_name, a.email.clone().unwrap_or_default())),
            requested_at: c.created_at.format("%d.%m.%Y %H:%M").to_string(),
        })
        .collect())
}

pub(super) async fn decide_company(
    repo: &AccountRepo,
    who: Caller,
    company_id: i64,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let admin = repo.admin_actor(who)?;
    let note = note.trim();
    if !approve && note.chars().count() < 5 {
        return Err(AppError::invalid(
            "note",
            "Skriv kort hvorfor firmaet ikke legges til.",
        ));
    }
    let company = company::Entity::find_by_id(company_id)
        .one(&repo.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if company.status != company::STATUS_PENDING {
        return Err(AppError::Conflict {
            message: "Forespørselen er allerede behandlet.".into(),
        });
    }
    let now = Utc::now();
    let txn = repo.db.begin().await?;
    let status = if approve {
        company::STATUS_APPROVED
    } else {
        company::STATUS_REJECTED
    };
    // Decided once: a second administrator deciding at the same time changes nothing.
    let decided = company::Entity::update_many()
        .col_expr(company::Column::Status, Expr::value(status))
        .col_expr(company::Column::DecidedAt, Expr::value(now))
        .col_expr(
            company::Column::DecisionNote,
            Expr::value((!note.is_empty()).then(|| note.to_string())),
        )
        .filter(company::Column::Id.eq(company.id))
        .filter(company::Column::Status.eq(company::STATUS_PENDING))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(AppError::Conflict {
            message: "Forespørselen er allerede behandlet.".into(),
        });
    }
    let requester = match company.requested_by {
        Some(id) => account::Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    if let Some(requester) = requester {
        let (email, name) = (requester.email.clone(), requester.full_name.clone());
        if approve {
            let mut active = requester.into_active_model();
            active.employer_id = Set(Some(company.id));
            active.employer_confirmed_at = Set(None);
            active.update(&txn).await?;
        }
        if let Some(email) = email {
            let mail =
                mails::company_decided(&repo.settings.links, &email, &name, &company.name, approve, note);
            repo.settings.mailer.enqueue(&txn, mail).await?;
        }
    }
    let action = if approve {
        "company.approved"
    } else {
        "company.rejected"
    };
    audit::record(
        &txn,
        Some(admin.account_id),
        action,
        company.requested_by,
        Some(format!("company {}", company.id)),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(company_id = company.id, approve, "company request decided");
    Ok(())
}
