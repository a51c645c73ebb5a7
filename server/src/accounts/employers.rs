//! Employers: finding a company, changing one's employer, asking for a missing company and the
//! administrator's decision.
use crate::{
    accounts::{
        mails,
        service::{AccountRepo, company_option},
    },
    entity::{account, company},
};
use crate::{
    audit,
    common::text::{contains_pattern, fold_for_search, search_key},
};
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
    let companies = company::Entity::find()
        .filter(company::Column::Status.eq(company::STATUS_APPROVED))
        .filter(company_matching(query))
        .order_by_asc(company::Column::Name)
        .limit(20)
        .all(&repo.db)
        .await?;
    Ok(companies.into_iter().map(company_option).collect())
}

/// Companies whose organisation number starts with the digits typed, or whose name holds every
/// word typed (folded as the search index folds it).
pub(super) fn company_matching(query: &str) -> Condition {
    let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return Condition::all().add(company::Column::OrgNumber.starts_with(&digits));
    }
    let mut condition = Condition::all();
    for term in fold_for_search(query).split(' ').filter(|t| !t.is_empty()) {
        condition = condition.add(
            Expr::col(company::Column::NameSearch).like(LikeExpr::new(contains_pattern(term)).escape('\\')),
        );
    }
    condition
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

/// A company's details as typed by a learner asking for it or an administrator editing it,
/// each problem named at its field.
pub(super) struct CompanyDetails {
    pub org_number: OrgNumber,
    pub name: String,
    pub invoice_address: Option<String>,
    pub invoice_email: Option<String>,
    pub contact_person: Option<String>,
}

pub(super) fn company_details(
    form: &CompanyRequestForm,
    contact_required: bool,
) -> Result<CompanyDetails, AppError> {
    let mut issues = Vec::new();
    let mut issue = |field: &str, message: &'static str| {
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
    let contact_person = if form.contact_person.trim().is_empty() && !contact_required {
        None
    } else {
        PersonName::parse(&form.contact_person)
            .map_err(|_| issue("contact_person", "Skriv navnet på en kontaktperson i firmaet."))
            .ok()
    };
    match org_number {
        Some(org_number) if issues.is_empty() => Ok(CompanyDetails {
            org_number,
            name,
            invoice_address: (!invoice_address.is_empty()).then_some(invoice_address),
            invoice_email: invoice_email.map(|e| e.as_str().to_string()),
            contact_person: contact_person.map(|p| p.as_str().to_string()),
        }),
        _ => Err(AppError::InvalidForm { fields: issues }),
    }
}

pub(super) async fn request_company(
    repo: &AccountRepo,
    actor: Caller,
    form: CompanyRequestForm,
) -> Result<(), AppError> {
    let details = company_details(&form, true)?;
    let existing = company::Entity::find()
        .filter(company::Column::OrgNumber.eq(details.org_number.as_str()))
        .filter(company::Column::Status.ne(company::STATUS_REJECTED))
        .one(&repo.db)
        .await?;
    if let Some(existing) = existing {
        let message = if existing.status == company::STATUS_PENDING {
            "Noen har allerede bedt om dette firmaet. Du får beskjed når det er behandlet."
        } else {
            "Firmaet er allerede registrert. Søk etter det på navn eller organisasjonsnummer."
        };
        return Err(AppError::invalid("org_number", message));
    }
    let now = Utc::now();
    let txn = repo.db.begin().await?;
    let row = company::ActiveModel {
        org_number: Set(details.org_number.as_str().to_string()),
        name_search: Set(search_key(&details.name)),
        name: Set(details.name),
        invoice_address: Set(details.invoice_address),
        invoice_email: Set(details.invoice_email),
        contact_person: Set(details.contact_person),
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
        let (email, name, language) = (
            requester.email.clone(),
            requester.full_name.clone(),
            requester.chosen_language(),
        );
        if approve {
            let mut active = requester.into_active_model();
            active.employer_id = Set(Some(company.id));
            active.employer_confirmed_at = Set(None);
            active.update(&txn).await?;
        }
        if let Some(email) = email {
            let decision = mails::CompanyDecision {
                company: &company.name,
                approved: approve,
                note,
            };
            let mail = mails::company_decided(&repo.settings.links, &email, &name, decision, language);
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
