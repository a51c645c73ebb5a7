//! Server functions of accounts. Each reads the session, takes the account service from
//! context and calls one method; the service decides what the caller may do.
use super::types::{
    AccountSearch, AccountSummary, AdminOverview, AuditPage, AuditQuery, CompanyOption, CompanyRecord,
    CompanyRequestForm, CurrentUser, FailedMail, PendingCompany, PersonRole, PersonalForm, Profile,
    RegistrationForm, RegistrationPolicy, TokenPurpose, TokenStatus, UserTypeForm,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    accounts::service::NewPassword,
    services::{
        caller, client_ip, end_session, renew_session, require_caller, respond, services, start_session,
    },
};

#[server(prefix = "/api", endpoint = "accounts/login")]
pub async fn login(identifier: String, password: String) -> Result<CurrentUser, AppError> {
    let client = client_ip().await;
    let signed_in = respond(services()?.accounts.login(&identifier, password, client).await)?;
    start_session(signed_in.account).await?;
    if let Some(language) = signed_in.language
        && language != crate::messages::Language::of_current_request()
    {
        crate::ui::layout::set_language_cookie(language);
    }
    leptos_axum::redirect("/");
    Ok(signed_in.user)
}

#[server(prefix = "/api", endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    end_session().await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "accounts/me")]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(caller().await?.map(|who| who.user))
}

#[server(prefix = "/api", endpoint = "accounts/registration-policy")]
pub async fn load_registration_policy() -> Result<RegistrationPolicy, AppError> {
    respond(services()?.accounts.registration_policy().await)
}

#[server(prefix = "/api", endpoint = "accounts/companies", input = server_fn::codec::GetUrl)]
pub async fn search_companies(query: String) -> Result<Vec<CompanyOption>, AppError> {
    respond(services()?.accounts.search_companies(&query).await)
}

#[server(prefix = "/api", endpoint = "accounts/register")]
pub async fn register(form: RegistrationForm) -> Result<(), AppError> {
    let client = client_ip().await;
    let language = crate::messages::Language::of_current_request();
    respond(services()?.accounts.register(form, client, language).await)
}

#[server(prefix = "/api", endpoint = "accounts/token-status")]
pub async fn check_link(purpose: TokenPurpose, token: String) -> Result<TokenStatus, AppError> {
    respond(services()?.accounts.token_status(purpose, &token).await)
}

#[server(prefix = "/api", endpoint = "accounts/activate")]
pub async fn activate(token: String, password: String, repeat: String) -> Result<(), AppError> {
    respond(
        services()?
            .accounts
            .activate(&token, NewPassword { password, repeat })
            .await,
    )
}

#[server(prefix = "/api", endpoint = "accounts/resend-activation")]
pub async fn resend_activation(email: String) -> Result<(), AppError> {
    respond(services()?.accounts.resend_activation(&email).await)
}

#[server(prefix = "/api", endpoint = "accounts/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    respond(services()?.accounts.request_password_reset(&email).await)
}

#[server(prefix = "/api", endpoint = "accounts/reset-password")]
pub async fn reset_password(token: String, password: String, repeat: String) -> Result<(), AppError> {
    respond(
        services()?
            .accounts
            .reset_password(&token, NewPassword { password, repeat })
            .await,
    )
}

#[server(prefix = "/api", endpoint = "accounts/profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.profile(who).await)
}

#[server(prefix = "/api", endpoint = "accounts/change-password")]
pub async fn change_password(current: String, password: String, repeat: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    let renewed = respond(
        services()?
            .accounts
            .change_password(
                who,
                reauthentication(current).await,
                NewPassword { password, repeat },
            )
            .await,
    )?;
    renew_session(renewed).await
}

#[server(prefix = "/api", endpoint = "accounts/employer")]
pub async fn update_employer(employer_id: String, invoice_reference: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .update_employer(who, &employer_id, &invoice_reference)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/accounts")]
pub async fn search_accounts(query: AccountSearch) -> Result<Vec<AccountSummary>, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.search_accounts(who, query).await)
}

#[server(prefix = "/api", endpoint = "support/resend-activation")]
pub async fn support_resend_activation(account_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .support_resend_activation(who, account_id)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/reveal-national-id")]
pub async fn reveal_national_id(account_id: i64, reason: String) -> Result<String, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .reveal_national_id(who, account_id, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "accounts/company-request")]
pub async fn request_company(form: CompanyRequestForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.request_company(who, form).await)
}

#[server(prefix = "/api", endpoint = "admin/company-requests")]
pub async fn pending_companies() -> Result<Vec<PendingCompany>, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.pending_companies(who).await)
}

#[server(prefix = "/api", endpoint = "admin/company-decision")]
pub async fn decide_company(company_id: i64, approve: bool, note: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .decide_company(who, company_id, approve, &note)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/companies", input = server_fn::codec::GetUrl)]
pub async fn companies(query: String) -> Result<Vec<CompanyRecord>, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.companies(who, &query).await)
}

#[server(prefix = "/api", endpoint = "admin/company")]
pub async fn update_company(company_id: i64, form: CompanyRequestForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.update_company(who, company_id, form).await)
}

#[server(prefix = "/api", endpoint = "admin/company-open")]
pub async fn set_company_open(company_id: i64, open: bool, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .set_company_open(who, company_id, open, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/people")]
pub async fn people_with_roles(query: String) -> Result<Vec<PersonRole>, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.people_with_roles(who, &query).await)
}

#[server(prefix = "/api", endpoint = "admin/role")]
pub async fn set_role(account_id: i64, role: String, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .set_role(who, account_id, &role, &reason)
            .await,
    )
}

/// Limits a course administrator to the subject areas `areas` (slugs; none: all areas).
#[server(prefix = "/api", endpoint = "admin/areas")]
pub async fn set_areas(
    account_id: i64,
    #[server(default)] areas: Vec<String>,
    reason: String,
) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .set_areas(who, account_id, &areas, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/overview")]
pub async fn load_admin_overview() -> Result<AdminOverview, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.admin_overview(who).await)
}

#[server(prefix = "/api", endpoint = "admin/failed-mail")]
pub async fn list_failed_mail() -> Result<Vec<FailedMail>, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.failed_mail(who).await)
}

/// `action`: `retry` («Send på nytt») or `discard` («Forkast»).
#[server(prefix = "/api", endpoint = "admin/failed-mail/settle")]
pub async fn settle_failed_mail(id: i64, action: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    let retry = match action.as_str() {
        "retry" => true,
        "discard" => false,
        _ => {
            return Err(AppError::invalid(
                "action",
                "Velg «Send på nytt» eller «Forkast».",
            ));
        }
    };
    respond(services()?.accounts.settle_failed_mail(who, id, retry).await)
}

/// One page of «Logg» (`AUDIT_PAGE` entries).
#[server(prefix = "/api", endpoint = "admin/audit")]
pub async fn audit_trail(#[server(default)] query: AuditQuery) -> Result<AuditPage, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .accounts
            .audit_trail(who, query, super::types::AUDIT_PAGE)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "accounts/email")]
pub async fn request_email_change(email: String, #[server(default)] current: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    let proof = reauthentication(current).await;
    respond(
        services()?
            .accounts
            .request_email_change(who, &email, proof)
            .await,
    )
}

/// The typed current password and whether this session signed in at work just now.
#[cfg(feature = "ssr")]
async fn reauthentication(current_password: String) -> super::service::Reauthentication {
    super::service::Reauthentication {
        current_password,
        fresh_login_at_work: crate::services::fresh_login_at_work().await,
    }
}

/// «Legg til fødselsnummer» on «Din konto», for an external learner who left it out.
#[server(prefix = "/api", endpoint = "accounts/national-id")]
pub async fn add_national_id(
    national_id: String,
    #[server(default)] current: String,
) -> Result<super::types::NationalIdAdded, AppError> {
    let who = require_caller().await?;
    let proof = reauthentication(current).await;
    let added = services()?
        .support
        .add_own_national_id(who, &national_id, proof)
        .await;
    if added == Ok(super::types::NationalIdAdded::MergedIntoEmployee) {
        // The profile is closed now: this session ends with it.
        crate::services::end_session().await?;
    }
    respond(added)
}

#[server(prefix = "/api", endpoint = "accounts/confirm-email")]
pub async fn confirm_email_change(token: String) -> Result<super::types::ConfirmedEmail, AppError> {
    respond(services()?.accounts.confirm_email_change(&token).await)
}

#[server(prefix = "/api", endpoint = "accounts/user-type")]
pub async fn change_user_type(form: UserTypeForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.change_user_type(who, form).await)
}

#[server(prefix = "/api", endpoint = "accounts/private-email")]
pub async fn set_private_email(private_email: String) -> Result<super::types::PrivateEmailChange, AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.set_private_email(who, &private_email).await)
}

#[server(prefix = "/api", endpoint = "accounts/personal")]
pub async fn update_personal(form: PersonalForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.accounts.update_personal(who, form).await)
}
