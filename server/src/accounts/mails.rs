//! The messages accounts send. Links carry a token; the route template (not the link) is
//! what request logs show.
use crate::mail::OutgoingMail;
use app::accounts::types::Role;

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

    fn page(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

fn signature(links: &Links) -> String {
    format!(
        "\n\nHilsen\nKursportalen\n\nSpørsmål? Skriv til {}.\n",
        links.support_email
    )
}

pub fn activation(links: &Links, to: &str, name: &str, token: &str, hours: u32) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Aktiver brukeren din i Kursportalen".into(),
        body_text: format!(
            "Hei {name},\n\nDu er registrert i Kursportalen. Velg passord for å aktivere brukeren din:\n\n{}\n\n\
             Lenken virker én gang og i {hours} timer. Har den gått ut, kan du be om en ny på {}.\n\n\
             Brukernavnet ditt er denne e-postadressen.{}",
            links.activation(token),
            links.page("/konto/ny-aktiveringslenke"),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn already_registered(links: &Links, to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Noen prøvde å registrere seg med e-postadressen din".into(),
        body_text: format!(
            "Hei,\n\nNoen prøvde å registrere en ny bruker i Kursportalen med denne e-postadressen, \
             men den er allerede i bruk. Var det deg, kan du logge inn på {} eller få nytt passord på {}.\n\n\
             Var det ikke deg, trenger du ikke gjøre noe.{}",
            links.page("/logg-inn"),
            links.page("/glemt-passord"),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn password_reset(links: &Links, to: &str, name: &str, token: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Nytt passord i Kursportalen".into(),
        body_text: format!(
            "Hei {name},\n\nVi har fått en forespørsel om nytt passord for brukeren din. Velg nytt passord her:\n\n{}\n\n\
             Lenken virker én gang og i 60 minutter. Når du har valgt nytt passord, blir du logget ut overalt ellers.\n\n\
             Ba du ikke om nytt passord, kan du se bort fra denne e-posten; passordet ditt er uendret.{}",
            links.password_reset(token),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn password_changed(links: &Links, to: &str, name: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Passordet ditt er endret".into(),
        body_text: format!(
            "Hei {name},\n\nPassordet til brukeren din i Kursportalen ble nettopp endret, og du er logget ut \
             på andre enheter. Var det ikke deg, be om nytt passord på {} og kontakt oss.{}",
            links.page("/glemt-passord"),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn company_decided(
    links: &Links,
    to: &str,
    name: &str,
    company: &str,
    approved: bool,
    note: &str,
) -> OutgoingMail {
    let (subject, text) = if approved {
        (
            format!("{company} er lagt til i Kursportalen"),
            format!(
                "Firmaet du ba om, {company}, er godkjent og satt som arbeidsgiveren din. \
                 Du kan nå melde deg på kurs som faktureres arbeidsgiveren. Se {}.",
                links.page("/min-konto")
            ),
        )
    } else {
        (
            format!("{company} ble ikke lagt til"),
            format!(
                "Vi kunne ikke legge til {company}.{}\n\nVelg en annen arbeidsgiver under «Din konto» på {}.",
                if note.is_empty() {
                    String::new()
                } else {
                    format!(" Begrunnelse: {note}")
                },
                links.page("/min-konto")
            ),
        )
    };
    OutgoingMail {
        to: to.to_string(),
        subject,
        body_text: format!("Hei {name},\n\n{text}{}", signature(links)),
        attachment: None,
    }
}

pub fn confirm_new_email(links: &Links, to: &str, name: &str, token: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Bekreft ny e-postadresse i Kursportalen".into(),
        body_text: format!(
            "Hei {name},\n\nDu har bedt om å bruke denne adressen i Kursportalen. Bekreft den her:\n\n{}\n\n\
             Lenken virker én gang og i 24 timer. Til da gjelder den gamle adressen.{}",
            links.page(&format!("/konto/bekreft-epost/{token}")),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn confirm_private_email(links: &Links, to: &str, name: &str, token: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Bekreft den private e-postadressen din i Kursportalen".into(),
        body_text: format!(
            "Hei {name},\n\nDu har lagt inn denne adressen som privat e-postadresse i Kursportalen, så du kan \
             bruke «Glemt passord» hjemmefra. Bekreft den her:\n\n{}\n\n\
             Lenken virker én gang og i 24 timer. Var det ikke deg, kan du se bort fra denne e-posten.{}",
            links.page(&format!("/konto/bekreft-epost/{token}")),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn email_change_requested(links: &Links, to: &str, name: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Noen ba om å endre e-postadressen din".into(),
        body_text: format!(
            "Hei {name},\n\nDet er bedt om å endre e-postadressen til brukeren din i Kursportalen. Endringen skjer \
             først når den nye adressen er bekreftet. Var det ikke deg, bytt passord på {} og kontakt oss.{}",
            links.page("/glemt-passord"),
            signature(links)
        ),
        attachment: None,
    }
}

/// To the old address, when the employer's HR system gave the account a new login address.
pub fn login_email_changed_by_employer(
    links: &Links,
    to: &str,
    name: &str,
    new_address: &str,
) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Innloggingsadressen din i Kursportalen er endret".into(),
        body_text: format!(
            "Hei {name},\n\nArbeidsgiveren din har gitt brukeren din i Kursportalen en ny innloggingsadresse: \
             {new_address}. Denne adressen ({to}) kan ikke lenger brukes til å logge inn, og du er logget ut på \
             alle enheter. Kjenner du ikke igjen endringen, kontakt brukerstøtte med en gang.{}",
            signature(links)
        ),
        attachment: None,
    }
}

pub fn hms_card_expiring(links: &Links, to: &str, name: &str, expires_on: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "HMS-kortet ditt utløper snart".into(),
        body_text: format!(
            "Hei {name},\n\nHMS-kortet du har registrert i Kursportalen utløper {expires_on}. Når du har fått nytt \
             kort, registrer det nye nummeret under «Din konto» → «Personlig informasjon»: {}{}",
            links.page("/min-konto"),
            signature(links)
        ),
        attachment: None,
    }
}

pub fn role_changed(links: &Links, to: &str, name: &str, role: Role) -> OutgoingMail {
    let what = match role {
        Role::Learner => "Du er nå deltaker i Kursportalen, uten andre roller.".to_string(),
        role => format!(
            "Du har fått rollen «{}» i Kursportalen. Den gjelder fra neste gang du åpner en side.",
            role_name(role)
        ),
    };
    OutgoingMail {
        to: to.to_string(),
        subject: "Rollen din i Kursportalen er endret".into(),
        body_text: format!("Hei {name},\n\n{what}{}", signature(links)),
        attachment: None,
    }
}

/// A course administrator's subject areas changed (`areas` with their paths; none: all).
pub fn areas_changed(links: &Links, to: &str, name: &str, areas: &[String]) -> OutgoingMail {
    let what = if areas.is_empty() {
        "Som kursadministrator administrerer du nå kursene i alle fagområder.".to_string()
    } else {
        format!(
            "Som kursadministrator administrerer du nå kursene i disse fagområdene og områdene under dem:\n\n{}\n\n\
             Endringen gjelder fra neste gang du åpner en side.",
            areas
                .iter()
                .map(|a| format!("- {a}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
    OutgoingMail {
        to: to.to_string(),
        subject: "Fagområdene dine i Kursportalen er endret".into(),
        body_text: format!("Hei {name},\n\n{what}{}", signature(links)),
        attachment: None,
    }
}

/// The Norwegian name of a role, as the mail says it.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Learner => "deltaker",
        Role::Instructor => "instruktør",
        Role::CourseAdmin => "kursadministrator",
        Role::Support => "brukerstøtte",
        Role::Admin => "administrator",
    }
}

/// To the old and the new address, when support changed the login address of someone who
/// lost the old mailbox.
pub fn login_email_changed_by_support(
    links: &Links,
    to: &str,
    name: &str,
    new_address: &str,
) -> OutgoingMail {
    let (subject, text) = if to == new_address {
        (
            "Du logger nå inn i Kursportalen med denne adressen",
            format!(
                "Brukerstøtte har på din forespørsel gjort denne adressen ({to}) til innloggingsadressen din. \
                 Passordet er det samme som før; har du glemt det, be om nytt på {}.",
                links.page("/glemt-passord")
            ),
        )
    } else {
        (
            "Innloggingsadressen din i Kursportalen er endret",
            format!(
                "Brukerstøtte har gitt brukeren din i Kursportalen en ny innloggingsadresse: {new_address}. Denne \
                 adressen ({to}) kan ikke lenger brukes til å logge inn, og du er logget ut på alle enheter. \
                 Kjenner du ikke igjen endringen, kontakt brukerstøtte med en gang."
            ),
        )
    };
    OutgoingMail {
        to: to.to_string(),
        subject: subject.into(),
        body_text: format!("Hei {name},\n\n{text}{}", signature(links)),
        attachment: None,
    }
}

/// To the person, when support reactivated the account.
pub fn reactivated(links: &Links, to: &str, name: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Kontoen din i Kursportalen er aktiv igjen".into(),
        body_text: format!(
            "Hei {name},\n\nBrukerstøtte har aktivert kontoen din i Kursportalen igjen. Du logger inn som før på {}. \
             Plasser som ble frigjort mens kontoen var deaktivert, må du melde deg på igjen.{}",
            links.page("/logg-inn"),
            signature(links)
        ),
        attachment: None,
    }
}

/// To the address of an external profile support merged into another external profile.
pub fn profiles_merged(links: &Links, to: &str, name: &str, keeper_email: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: "Profilene dine i Kursportalen er slått sammen".into(),
        body_text: format!(
            "Hei {name},\n\nDu hadde to profiler i Kursportalen. Brukerstøtte har slått dem sammen: kursbevis, \
             påmeldinger, ventelisteplasser og opplæringsplaner er flyttet til profilen med e-postadressen \
             {keeper_email}, og kursbevisenes koder virker som før.\n\nFra nå logger du inn med {keeper_email} på {}. \
             Innlogging med denne adressen ({to}) virker ikke lenger.{}",
            links.page("/logg-inn"),
            signature(links)
        ),
        attachment: None,
    }
}
