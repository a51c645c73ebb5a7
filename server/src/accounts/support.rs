//! «Brukerstøtte»: finding accounts without the national ID, resending activation, the audited
//! reveal of a national ID.
use crate::{
    accounts::service::{AccountRepo, norwegian_date, role_of, to_naive},
    entity::account,
};
use crate::{audit, common::text::contains_pattern, common::text::fold_for_search};
use app::{
    accounts::{
        identity::{CalendarDate, StaffCode},
        service::Caller,
        types::{AccountSearch, AccountSummary, UserType},
    },
    error::AppError,
};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, LikeExpr},
};

pub(super) async fn search_accounts(
    repo: &AccountRepo,
    who: Caller,
    query: AccountSearch,
) -> Result<Vec<AccountSummary>, AppError> {
    repo.support_actor(who)?;
    let mut condition = Condition::all();
    let mut criteria = 0;
    let name = fold_for_search(&query.name);
    for term in name.split(' ').filter(|t| !t.is_empty()).take(6) {
        criteria += 1;
        condition = condition.add(
            Expr::col(account::Column::NameSearch).like(LikeExpr::new(contains_pattern(term)).escape('\\')),
        );
    }
    // «Mulige e-postadresser»: any of several, separated by spaces, commas or semicolons.
    let addresses: Vec<String> = query
        .email
        .split([' ', ',', ';'])
        .filter(|a| !a.trim().is_empty())
        .take(5)
        .map(|a| a.trim().to_lowercase())
        .collect();
    if !addresses.is_empty() {
        criteria += 1;
        let mut any = Condition::any();
        for address in &addresses {
            // The login address, the private one, and the one of a profile merged away.
            for column in [
                account::Column::Email,
                account::Column::PrivateEmail,
                account::Column::MergedEmail,
            ] {
                any = any.add(Expr::col(column).like(LikeExpr::new(contains_pattern(address)).escape('\\')));
            }
        }
        condition = condition.add(any);
    }
    if !query.staff_code.trim().is_empty() {
        let code =
            StaffCode::parse(&query.staff_code).map_err(|error| AppError::invalid("staff_code", error.0))?;
        criteria += 1;
        condition = condition.add(account::Column::StaffCode.eq(code.as_str()));
    }
    if !query.employer.trim().is_empty() {
        criteria += 1;
        condition =
            condition.add(account::Column::EmployerId.in_subquery(employers_matching(&query.employer)?));
    }
    if !query.birth_date.trim().is_empty() {
        let date = CalendarDate::parse(&query.birth_date)
            .and_then(to_naive)
            .ok_or_else(|| AppError::invalid("birth_date", "Skriv fødselsdatoen som dd.mm.åååå."))?;
        criteria += 1;
        condition = condition.add(account::Column::BirthDate.eq(date));
    }
    if criteria == 0 {
        return Err(AppError::invalid(
            "name",
            "Søk på navn, e-postadresse, ansattkode, fødselsdato eller arbeidsgiver (aldri fødselsnummer).",
        ));
    }
    let accounts = account::Entity::find()
        .filter(condition)
        .order_by_asc(account::Column::FullName)
        .limit(50)
        .all(&repo.db)
        .await?;
    let employers = repo
        .company_names(accounts.iter().filter_map(|a| a.employer_id).collect())
        .await?;
    Ok(accounts
        .into_iter()
        .map(|a| AccountSummary {
            id: a.id,
            full_name: a.full_name.clone(),
            email: a.email.clone(),
            birth_date: a.birth_date.map(norwegian_date),
            role: role_of(&a),
            user_type: a.user_type.as_deref().and_then(UserType::parse),
            employer: a.employer_id.and_then(|id| employers.get(&id).cloned()),
            activated: a.activated_at.is_some(),
            last_login_at: a.last_login_at.map(crate::common::time::moment),
            has_national_id: a.national_id_sealed.is_some(),
        })
        .collect())
}

/// The employers whose name contains every word of `text`, or, when it has no letters, whose
/// organisation number it is.
fn employers_matching(text: &str) -> Result<sea_orm::sea_query::SelectStatement, AppError> {
    use crate::entity::company;
    use app::accounts::identity::OrgNumber;
    let condition = if text.chars().any(char::is_alphabetic) {
        let mut name = Condition::all();
        for term in fold_for_search(text).split(' ').filter(|t| !t.is_empty()).take(6) {
            name = name.add(
                Expr::col(company::Column::NameSearch)
                    .like(LikeExpr::new(contains_pattern(term)).escape('\\')),
            );
        }
        name
    } else {
        let number = OrgNumber::parse(text).map_err(|error| AppError::invalid("employer", error.0))?;
        Condition::all().add(company::Column::OrgNumber.eq(number.as_str()))
    };
    Ok(sea_orm::sea_query::Query::select()
        .column(company::Column::Id)
        .from(company::Entity)
        .cond_where(condition)
        .to_owned())
}

pub(super) async fn support_resend_activation(
    repo: &AccountRepo,
    who: Caller,
    account_id: i64,
) -> Result<(), AppError> {
    let actor = repo.support_actor(who)?;
    let account = account::Entity::find_by_id(account_id)
        .one(&repo.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if account.activated_at.is_some() {
        return Err(AppError::Conflict {
            message: "Brukeren er allerede aktivert. Be brukeren bruke «Glemt passord».".into(),
        });
    }
    repo.send_activation(&account).await?;
    Ok(audit::record(
        &repo.db,
        Some(actor.account_id),
        "support.resend_activation",
        Some(account.id),
        None,
    )
    .await?)
}

pub(super) async fn reveal_national_id(
    repo: &AccountRepo,
    who: Caller,
    account_id: i64,
    reason: &str,
) -> Result<String, AppError> {
    let actor = repo.support_actor(who)?;
    let reason = audit::reason(
        reason,
        10,
        "Skriv hvorfor du trenger å se nummeret (minst 10 tegn). Det blir logget.",
    )
    .map_err(|message| AppError::invalid("reason", message))?;
    let account = account::Entity::find_by_id(account_id)
        .one(&repo.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let sealed = account.national_id_sealed.as_deref().ok_or(AppError::NotFound)?;
    let id = repo
        .settings
        .vault
        .open(sealed)
        .map_err(|error| AppError::fault(error))?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "support.reveal_national_id",
        Some(account.id),
        Some(reason.to_string()),
    )
    .await?;
    tracing::warn!(
        actor_id = actor.account_id,
        subject_id = account.id,
        "national ID revealed"
    );
    let digits = id.expose_digits();
    Ok(format!("{} {}", &digits[..6], &digits[6..]))
}
