//! The messages accounts send, in the recipient's language (the words are in
//! `mail/texts.toml`). Links carry a token; the route template (not the link) is what request
//! logs show.
use crate::mail::{OutgoingMail, texts};
use app::{accounts::types::Role, messages::Language};

/// Where links in mails point: the portal's public address.
#[derive(Debug, Clone)]
pub struct Links {
    pub public_url: String,
    pub support_email: String,
}

impl Links {
    pub fn activation(&self, token: &str) -> String {
        format!("{}/konto/aktiver/{token}", self.public_url)
    }

    pub fn password_reset(&self, token: &str) -> String {
        format!("{}/konto/nytt-passord/{token}", self.public_url)
    }

    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

/// Mail `id` in `language`, signed with the support address.
pub fn compose(links: &Links, to: &str, language: Language, id: &str, args: &[(&str, &str)]) -> OutgoingMail {
    texts::compose(to, language, &links.support_email, id, args)
}

pub fn activation(
    links: &Links,
    to: &str,
    name: &str,
    token: &str,
    hours: u32,
    language: Language,
) -> OutgoingMail {
    let (link, hours, again) = (
        links.activation(token),
        hours.to_string(),
        links.page("/konto/ny-aktiveringslenke"),
    );
    compose(
        links,
        to,
        language,
        "activation",
        &[
            ("name", name),
            ("link", &link),
            ("hours", &hours),
            ("again", &again),
        ],
    )
}

pub fn already_registered(links: &Links, to: &str, language: Language) -> OutgoingMail {
    let (login, forgot) = (links.page("/logg-inn"), links.page("/glemt-passord"));
    compose(
        links,
        to,
        language,
        "already_registered",
        &[("login", &login), ("forgot", &forgot)],
    )
}

pub fn password_reset(links: &Links, to: &str, name: &str, token: &str, language: Language) -> OutgoingMail {
    let link = links.password_reset(token);
    compose(
        links,
        to,
        language,
        "password_reset",
        &[("name", name), ("link", &link)],
    )
}

pub fn password_changed(links: &Links, to: &str, name: &str, language: Language) -> OutgoingMail {
    let forgot = links.page("/glemt-passord");
    compose(
        links,
        to,
        language,
        "password_changed",
        &[("name", name), ("forgot", &forgot)],
    )
}

/// The answer to a learner's request for a new company: approved, or refused with `note`.
pub struct CompanyDecision<'a> {
    pub company: &'a str,
    pub approved: bool,
    pub note: &'a str,
}

pub fn company_decided(
    links: &Links,
    to: &str,
    name: &str,
    decision: CompanyDecision<'_>,
    language: Language,
) -> OutgoingMail {
    let account = links.page("/min-konto");
    let CompanyDecision {
        company,
        approved,
        note,
    } = decision;
    if approved {
        return compose(
            links,
            to,
            language,
            "company_approved",
            &[("name", name), ("company", company), ("account", &account)],
        );
    }
    let note = if note.is_empty() {
        String::new()
    } else {
        texts::text("company_refused_note", "body", language, &[("note", note)])
    };
    compose(
        links,
        to,
        language,
        "company_refused",
        &[
            ("name", name),
            ("company", company),
            ("note", &note),
            ("account", &account),
        ],
    )
}

fn confirm_link(links: &Links, token: &str) -> String {
    links.page(&format!("/konto/bekreft-epost/{token}"))
}

pub fn confirm_new_email(
    links: &Links,
    to: &str,
    name: &str,
    token: &str,
    language: Language,
) -> OutgoingMail {
    let link = confirm_link(links, token);
    compose(
        links,
        to,
        language,
        "confirm_new_email",
        &[("name", name), ("link", &link)],
    )
}

pub fn confirm_private_email(
    links: &Links,
    to: &str,
    name: &str,
    token: &str,
    language: Language,
) -> OutgoingMail {
    let link = confirm_link(links, token);
    compose(
        links,
        to,
        language,
        "confirm_private_email",
        &[("name", name), ("link", &link)],
    )
}

pub fn email_change_requested(links: &Links, to: &str, name: &str, language: Language) -> OutgoingMail {
    let forgot = links.page("/glemt-passord");
    compose(
        links,
        to,
        language,
        "email_change_requested",
        &[("name", name), ("forgot", &forgot)],
    )
}

/// To the old address, when the employer's HR system gave the account a new login address.
pub fn login_email_changed_by_employer(
    links: &Links,
    to: &str,
    name: &str,
    new_address: &str,
    language: Language,
) -> OutgoingMail {
    compose(
        links,
        to,
        language,
        "login_email_changed_by_employer",
        &[("name", name), ("new_address", new_address), ("to", to)],
    )
}

pub fn hms_card_expiring(
    links: &Links,
    to: &str,
    name: &str,
    expires_on: &str,
    language: Language,
) -> OutgoingMail {
    let account = links.page("/min-konto");
    compose(
        links,
        to,
        language,
        "hms_card_expiring",
        &[("name", name), ("expires_on", expires_on), ("account", &account)],
    )
}

pub fn role_changed(links: &Links, to: &str, name: &str, role: Role, language: Language) -> OutgoingMail {
    let part = match role {
        Role::Learner => return compose(links, to, language, "role_learner", &[("name", name)]),
        Role::Instructor => "instructor",
        Role::CourseAdmin => "course_admin",
        Role::Support => "support",
        Role::Admin => "admin",
    };
    let role = texts::text("role_names", part, language, &[]);
    compose(
        links,
        to,
        language,
        "role_changed",
        &[("name", name), ("role", &role)],
    )
}

/// A course administrator's subject areas changed (`areas` with their paths; none: all).
pub fn areas_changed(
    links: &Links,
    to: &str,
    name: &str,
    areas: &[String],
    language: Language,
) -> OutgoingMail {
    if areas.is_empty() {
        return compose(links, to, language, "areas_all", &[("name", name)]);
    }
    let areas = areas
        .iter()
        .map(|a| format!("- {a}"))
        .collect::<Vec<_>>()
        .join("\n");
    compose(
        links,
        to,
        language,
        "areas_changed",
        &[("name", name), ("areas", &areas)],
    )
}

/// To the old and the new address, when support changed the login address of someone who
/// lost the old mailbox.
pub fn login_email_changed_by_support(
    links: &Links,
    to: &str,
    name: &str,
    new_address: &str,
    language: Language,
) -> OutgoingMail {
    if to == new_address {
        let forgot = links.page("/glemt-passord");
        return compose(
            links,
            to,
            language,
            "login_email_now_this",
            &[("name", name), ("to", to), ("forgot", &forgot)],
        );
    }
    compose(
        links,
        to,
        language,
        "login_email_changed_by_support",
        &[("name", name), ("new_address", new_address), ("to", to)],
    )
}

/// To the person, when support reactivated the account.
pub fn reactivated(links: &Links, to: &str, name: &str, language: Language) -> OutgoingMail {
    let login = links.page("/logg-inn");
    compose(
        links,
        to,
        language,
        "reactivated",
        &[("name", name), ("login", &login)],
    )
}

/// To the address of an external profile support merged into another external profile.
pub fn profiles_merged(
    links: &Links,
    to: &str,
    name: &str,
    keeper_email: &str,
    language: Language,
) -> OutgoingMail {
    let login = links.page("/logg-inn");
    compose(
        links,
        to,
        language,
        "profiles_merged",
        &[
            ("name", name),
            ("keeper", keeper_email),
            ("login", &login),
            ("to", to),
        ],
    )
}
