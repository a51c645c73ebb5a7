//! The domain services the server functions call, each on the database and the shared parts.
use super::Parts;
use crate::{
    accounts::{
        mails::Links,
        national_id::Vault,
        service::{AccountRepo, AccountSettings},
    },
    catalogue::CatalogueRepo,
    config::Config,
    course_admin::CourseAdminRepo,
    enrolment::EnrolmentRepo,
    mail::Mailer,
};
use app::{
    services::{ServiceSet, Services},
    site::SiteInfo,
};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// The domain services the server functions call.
pub(super) fn services(
    config: &Config,
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    parts: &Parts,
) -> Services {
    let accounts = AccountRepo::new(
        db.clone(),
        AccountSettings {
            mailer: mailer.clone(),
            vault: Vault::new(config.secret_key.expose()),
            links: links.clone(),
            policy: config.accounts.registration.clone(),
            activation_hours: config.accounts.activation_hours,
            limits: config.accounts.limits,
        },
    );
    Services::new(ServiceSet {
        support: Arc::new(crate::support::Desk::new(
            db.clone(),
            accounts.clone(),
            mailer.clone(),
            links.clone(),
        )),
        help: Arc::new(crate::help::HelpRepo::new(
            db.clone(),
            config.mail.support_email.clone(),
        )),
        accounts: Arc::new(accounts),
        catalogue: Arc::new(CatalogueRepo::new(
            db.clone(),
            parts.search.clone(),
            parts.options.clone(),
        )),
        enrolment: Arc::new(EnrolmentRepo::new(
            db.clone(),
            mailer.clone(),
            links.clone(),
            parts.feed.clone(),
            parts.options.clone(),
        )),
        course_admin: Arc::new(CourseAdminRepo::new(
            db.clone(),
            mailer.clone(),
            links.clone(),
            parts.search.clone(),
        )),
        learning: Arc::new(crate::learning::LearningRepo::new(
            db.clone(),
            links.clone(),
            config.accounts.limits.verifications_per_address,
        )),
        elearning: Arc::new(crate::elearning::ElearningRepo::new(
            db.clone(),
            config.learning.package_limits,
            parts.launcher.clone(),
        )),
        paths: Arc::new(crate::paths::PathRepo::new(db.clone())),
        competence: Arc::new(crate::competence::admin::CompetenceAdmin::new(parts.hr.clone())),
        organisation: Arc::new(crate::competence::organisation::Organisation::new(db.clone())),
        site: SiteInfo {
            support_email: config.mail.support_email.clone(),
            work_login: config.accounts.oidc.is_some(),
        },
        client_ip_header: config.server.client_ip_header.clone(),
    })
}
