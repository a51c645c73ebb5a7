//! The demo's «Hjelp»: questions and answers written for Kursportal, covering what the two help
//! pages the portal is built from explain (registration, login, companies, profiles, courses,
//! paths, kursbevis, e-learning, transfer to the competence register), and the three contacts.
use crate::{
    entity::{help_answer, help_contact, help_topic},
    help::search_text,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, Set};

/// (slug, title, contact kind)
const TOPICS: &[(&str, &str, &str)] = &[
    ("registrering", "Registrering og brukertyper", "support"),
    ("innlogging", "Innlogging og passord", "technical"),
    ("firma-og-faktura", "Firma, faktura og betalte kurs", "invoicing"),
    ("profil", "Profilen din og kompetanseregisteret", "support"),
    ("kurs-og-pamelding", "Finne kurs og melde seg på", "support"),
    (
        "opplaeringslop-og-kursbevis",
        "Opplæringsløp, gyldighet og kursbevis",
        "support",
    ),
    ("e-laering", "E-læring", "technical"),
];

/// (topic slug, slug, question, answer in Markdown)
const ANSWERS: &[(&str, &str, &str, &str)] = &[
    (
        "registrering",
        "brukertyper",
        "Hvilken brukertype skal jeg velge?",
        "Når du registrerer deg, velger du én av tre brukertyper:\n\n\
      - **Gratis e-læring**: for deg som bare skal ta gratis kurs, for eksempel sikkerhetskurs på nett. Du trenger ingen arbeidsgiver.\n\
      - **Full kurskatalog**: for deg som skal ta kurs som koster penger, eller klasseromskurs. Du velger arbeidsgiveren som betaler.\n\
      - **Fører**: for deg som skal ha føreropplæring. Som for full kurskatalog, og i tillegg helseattest og førerbevis.\n\n\
      Er du usikker, velg «Gratis e-læring». Du kan bytte senere under «Din konto» (se [Hvordan bytter jeg brukertype?](/hjelp/endre-brukertype)).",
    ),
    (
        "registrering",
        "hms-kort-og-fodselsnummer",
        "Hvorfor spør dere om HMS-kort og fødselsnummer?",
        "**HMS-kortet** viser at du er meldt inn hos en arbeidsgiver i bygge- og anleggsbransjen, og er det du bruker for å komme inn på et anlegg. \
      Har du ikke HMS-kort, bestiller arbeidsgiveren det for deg.\n\n\
      **Fødselsnummeret** (eller D-nummeret) brukes til to ting: at én person bare får én konto, og at kursene du tar kan overføres til \
      arbeidsgiverens kompetanseregister når du er ansatt. Nummeret lagres kryptert og vises aldri i sin helhet. \
      D-nummer ordner arbeidsgiveren din.\n\n\
      Les også [Blir kursene mine overført til arbeidsgiverens kompetanseregister?](/hjelp/overforing-til-kompetanseregisteret)",
    ),
    (
        "registrering",
        "fodselsnummer-i-bruk",
        "Det står at fødselsnummeret allerede er registrert. Hva gjør jeg?",
        "Hver person kan bare ha én konto. Står det at nummeret er i bruk, har du en konto fra før.\n\n\
      1. Logg inn med e-postadressen du brukte da. Husker du ikke passordet, bruk [Glemt passord](/glemt-passord).\n\
      2. Husker du ikke e-postadressen, se [Jeg husker ikke hvilken e-postadresse jeg registrerte meg med](/hjelp/glemt-e-postadresse).",
    ),
    (
        "registrering",
        "ikke-fatt-e-post",
        "Jeg har ikke fått e-post med aktiveringslenken. Hva gjør jeg?",
        "E-posten kommer som regel i løpet av et par minutter. Kommer den ikke:\n\n\
      - Sjekk at e-postadressen er skrevet riktig.\n\
      - Se i søppelpost eller «Annet»-mappen.\n\
      - Spør om jobbens e-postfilter holder den tilbake.\n\
      - Be om en [ny aktiveringslenke](/konto/ny-aktiveringslenke). Lenken gjelder en begrenset tid, så bruk den nyeste.\n\n\
      Hjelper ikke dette, skriv til brukerstøtten med navnet ditt og e-postadressen du registrerte deg med.",
    ),
    (
        "registrering",
        "aktivere-kontoen",
        "Hvordan aktiverer jeg kontoen?",
        "Etter registreringen får du en e-post med en lenke. Åpne lenken og velg et passord, så er kontoen klar og du er logget inn.\n\n\
      Passordet må ha minst 12 tegn og kan ikke være et kjent, lekket passord. En setning du husker, er ofte et godt passord.\n\n\
      Er lenken utløpt eller brukt, ber du om en [ny aktiveringslenke](/konto/ny-aktiveringslenke).",
    ),
    (
        "innlogging",
        "logge-inn",
        "Hvordan logger jeg inn?",
        "Trykk **Logg inn** øverst på siden.\n\n\
      - **Eksterne brukere** logger inn med e-postadressen de registrerte seg med og passordet sitt.\n\
      - **Ansatte** kan bruke **Logg inn på jobb** (arbeidsgiverens innlogging). Har du laget et passord under «Din konto», \
      kan du også logge inn med ansattkoden din (4–6 tegn) og passordet, for eksempel hjemmefra.\n\n\
      Etter flere feil passord stenges innloggingen en kort stund. Vent litt, eller bruk [Glemt passord](/glemt-passord).",
    ),
    (
        "innlogging",
        "glemt-passord",
        "Jeg har glemt passordet. Hva gjør jeg?",
        "Gå til [Glemt passord](/glemt-passord) og skriv e-postadressen din (ansatte: den private e-postadressen fra «Din konto»). \
      Du får en lenke for å velge et nytt passord.\n\n\
      Har du aldri aktivert kontoen, får du en ny aktiveringslenke i stedet.\n\n\
      Kommer det ingen e-post, se [Jeg har ikke fått e-post](/hjelp/ikke-fatt-e-post).",
    ),
    (
        "innlogging",
        "glemt-e-postadresse",
        "Jeg husker ikke hvilken e-postadresse jeg registrerte meg med.",
        "Skriv til brukerstøtten og oppgi:\n\n\
      - fullt navn\n\
      - e-postadressene du kan ha brukt\n\
      - fødselsdato (**ikke** fødselsnummer)\n\n\
      Brukerstøtten finner kontoen din og kan gi den en ny e-postadresse. Begge adressene får beskjed.",
    ),
    (
        "innlogging",
        "logge-inn-hjemmefra",
        "Jeg er ansatt. Hvordan logger jeg inn hjemmefra?",
        "Hjemme har du ikke jobbens innlogging. Gjør dette **mens du er på jobb**:\n\n\
      1. Logg inn med **Logg inn på jobb** og åpne **Din konto**.\n\
      2. Velg et passord, og legg gjerne inn en privat e-postadresse.\n\n\
      Hjemme logger du inn med ansattkoden og passordet. Med privat e-postadresse kan du også bruke «Glemt passord» hjemmefra.\n\n\
      **Ikke registrer deg på nytt** med privat e-post: en slik ekstern profil er ikke koblet til jobben, og kursene overføres ikke \
      (se [overføring til kompetanseregisteret](/hjelp/overforing-til-kompetanseregisteret)).",
    ),
    (
        "firma-og-faktura",
        "fant-ikke-firmaet",
        "Jeg finner ikke firmaet mitt når jeg registrerer meg.",
        "Søk på firmanavnet eller organisasjonsnummeret (9 sifre). Finner du det ikke, er firmaet ikke kunde hos oss ennå.\n\n\
      1. Registrer deg med brukertypen **Gratis e-læring**.\n\
      2. Under **Din konto**, velg **Finner du ikke arbeidsgiveren din?** og send inn organisasjonsnummer, firmanavn, fakturaadresse \
      (om den er en annen enn i Brønnøysundregistrene), e-post for faktura og en kontaktperson.\n\n\
      Når firmaet er godkjent, får du beskjed, og kan bytte til «Full kurskatalog». Spørsmål om faktura og firma går til kontakten for firma og faktura.",
    ),
    (
        "firma-og-faktura",
        "ny-arbeidsgiver",
        "Jeg har byttet arbeidsgiver eller e-postadresse.",
        "Logg inn og åpne **Din konto**:\n\n\
      - Velg den nye arbeidsgiveren. Finnes den ikke, se [Jeg finner ikke firmaet mitt](/hjelp/fant-ikke-firmaet).\n\
      - Skal arbeidsgiveren ha en egen referanse på fakturaen, skriv den i «Referansenummer for fakturering».\n\
      - Var e-postadressen din fra den gamle jobben, bytt den. Du får en bekreftelseslenke til den nye adressen.\n\n\
      Har du mistet både passordet og tilgangen til den gamle e-postadressen, skriv til brukerstøtten.",
    ),
    (
        "firma-og-faktura",
        "betalte-kurs-vises-ikke",
        "Jeg finner ikke kurset jeg skal ta.",
        "Kurs som koster penger vises ikke for brukertypen **Gratis e-læring**. Bytt til «Full kurskatalog» under **Din konto** \
      (du trenger en arbeidsgiver som betaler), og søk igjen.\n\n\
      Finner du fortsatt ikke kurset, se [Hvordan finner jeg et kurs?](/hjelp/sok-og-kategorier)",
    ),
    (
        "profil",
        "endre-brukertype",
        "Hvordan bytter jeg brukertype?",
        "Logg inn og åpne **Din konto**. Under «Oppdater brukerkonto» er brukertypen din markert. Velg en annen, fyll ut det den krever \
      (arbeidsgiver for «Full kurskatalog», i tillegg helseattest for «Fører»), og lagre.\n\n\
      Kursene og kursbevisene dine blir med deg.",
    ),
    (
        "profil",
        "fornye-hms-kort",
        "Jeg har fått nytt HMS-kort.",
        "HMS-kortet fornyes hvert andre år, og du må selv registrere det nye nummeret:\n\n\
      1. Logg inn og åpne **Din konto**.\n\
      2. Skriv det nye HMS-kortnummeret og datoen kortet gjelder til.\n\
      3. Lagre.\n\n\
      Portalen minner deg på det når kortet nærmer seg utløpsdatoen.",
    ),
    (
        "profil",
        "overforing-til-kompetanseregisteret",
        "Blir kursene mine overført til arbeidsgiverens kompetanseregister?",
        "**Som ansatt**: ja. Det du fullfører, overføres til arbeidsgiverens kompetanseregister.\n\n\
      **Som ekstern bruker**: bare hvis profilen din har **fødselsnummer**. Når du blir ansatt, slås den eksterne profilen da sammen \
      med ansattprofilen din, og alt du har tatt, følger med og overføres. Den eksterne innloggingen slutter å virke; \
      du logger inn som ansatt.\n\n\
      **Uten fødselsnummer** blir ingenting overført, og profilene kan ikke slås sammen. Du kan legge inn nummeret senere, \
      se [Kan jeg legge til fødselsnummeret?](/hjelp/legge-til-fodselsnummer)\n\n\
      Lager du en ny ekstern profil etter sammenslåingen, blir det du tar der, ikke overført.",
    ),
    (
        "profil",
        "legge-til-fodselsnummer",
        "Jeg registrerte meg uten fødselsnummer. Kan jeg legge det til?",
        "Ja. Logg inn, åpne **Din konto** og skriv fødselsnummeret eller D-nummeret under «Fødselsnummer». Du bekrefter med passordet ditt.\n\n\
      Er du allerede ansatt hos en arbeidsgiver som bruker portalen, slås profilen din straks sammen med ansattprofilen. \
      Ellers skjer det når du blir ansatt.",
    ),
    (
        "kurs-og-pamelding",
        "sok-og-kategorier",
        "Hvordan finner jeg et kurs?",
        "- **Søk**: skriv i søkefeltet øverst. Du får forslag mens du skriver, og æ, ø og å kan skrives som ae, o og a.\n\
      - **Bla**: under [Alle kurs](/kurs) er kursene sortert på fagområder, og du kan filtrere på type, sted og måned.\n\
      - **Kurskalenderen** viser alle datoer med ledige plasser.\n\n\
      Les kursbeskrivelsen: der står agenda, tid, sted og hvem du kan spørre om kurset.",
    ),
    (
        "kurs-og-pamelding",
        "venteliste",
        "Kurset er fullt. Hva skjer om jeg setter meg på venteliste?",
        "Du får en plass i køen. Blir en plass ledig, får den første i køen plassen automatisk og beskjed på e-post. \
      Plassen din i køen står under **Mine kurs**, og du kan gå ut av køen når du vil.",
    ),
    (
        "kurs-og-pamelding",
        "be-om-ny-kursenhet",
        "Det finnes ingen dato for kurset jeg trenger.",
        "Åpne kurset og velg **Be om ny kursenhet**. Skriv gjerne hvor og når det passer, og hvor mange dere er. \
      Kursadministrasjonen ser forespørselen, og når det settes opp en ny dato, får du beskjed.",
    ),
    (
        "kurs-og-pamelding",
        "melde-seg-av",
        "Hvordan melder jeg meg av et kurs?",
        "Under **Mine kurs** har hver påmelding en knapp for å melde seg av. Plassen går da videre til den første på ventelisten. \
      Etter påmeldingsfristen må du kontakte den som står som kontakt på kurset.",
    ),
    (
        "opplaeringslop-og-kursbevis",
        "opplaeringslop",
        "Hva er et opplæringsløp og en opplæringsplan?",
        "Et **opplæringsløp** er alt du må gjennom for å bli godkjent: for eksempel e-læring, et klasseromskurs og en praktisk prøve.\n\n\
      Når du følger et opplæringsløp, viser **opplæringsplanen** hvert steg og hva som gjenstår. \
      Et klasseromskurs i planen må du fortsatt melde deg på en bestemt dato for.\n\n\
      Når alle stegene er fullført, får du kursbevis for hele løpet.",
    ),
    (
        "opplaeringslop-og-kursbevis",
        "gyldighet-og-varsler",
        "Hvor lenge er et kurs gyldig, og får jeg beskjed før det går ut?",
        "Noen kurs gjelder en bestemt tid, for eksempel to år. Gyldigheten står på kurset og på kursbeviset.\n\n\
      Før kurset går ut, får du påminnelser på e-post (som regel 90, 30 og 7 dager før), så du rekker å ta det på nytt.",
    ),
    (
        "opplaeringslop-og-kursbevis",
        "kursbevis",
        "Hvor finner jeg kursbeviset mitt?",
        "Under [Historikk](/historikk) står alt du har fullført. Velg **Kursbevis** ved kurset for å se det, skrive det ut \
      eller laste det ned som PDF.\n\n\
      Kursbeviset har en kode og en QR-kode. Den som skal sjekke det, for eksempel på et anlegg, kan bekrefte det på [Verifiser kursbevis](/verifiser).\n\n\
      Ta med kursbeviset når du skal arbeide på anlegg.",
    ),
    (
        "e-laering",
        "e-laering-hjemmefra",
        "Kan jeg ta e-læring hjemmefra eller på mobilen?",
        "Ja. E-læringen virker i nettleseren på PC, nettbrett og mobil. Logg inn som vanlig (ansatte hjemmefra: se \
      [Jeg er ansatt. Hvordan logger jeg inn hjemmefra?](/hjelp/logge-inn-hjemmefra)).\n\n\
      Leksjonene du har fullført, er lagret, så du kan ta en pause og fortsette der du slapp, også på en annen enhet.",
    ),
];

/// The demo's contacts: (kind, name, e-mail, phone, hours). Support is left to the configured
/// address (`KURSPORTAL_SUPPORT_EMAIL`), which the footer shows.
const CONTACTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "invoicing",
        "Firma og faktura",
        "faktura@kursportal.test",
        "",
        "Hverdager 09–14",
    ),
    (
        "technical",
        "Teknisk støtte",
        "teknisk@kursportal.test",
        "+47 22 00 10 01",
        "Hverdager 07–16",
    ),
];

/// Loads the demo's help unless there is help already.
pub async fn seed<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    if help_topic::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let now = chrono::Utc::now();
    let mut ids = Vec::new();
    for (position, (slug, title, contact)) in TOPICS.iter().enumerate() {
        let row = help_topic::ActiveModel {
            slug: Set(slug.to_string()),
            title: Set(title.to_string()),
            contact: Set(contact.to_string()),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push((*slug, row.id));
    }
    for (position, (topic, slug, question, body)) in ANSWERS.iter().enumerate() {
        let topic_id = ids
            .iter()
            .find(|(s, _)| s == topic)
            .map(|(_, id)| *id)
            .unwrap_or(ids[0].1);
        help_answer::ActiveModel {
            topic_id: Set(topic_id),
            slug: Set(slug.to_string()),
            question: Set(question.to_string()),
            body_markdown: Set(body.to_string()),
            search_text: Set(search_text(question, body)),
            position: Set(position as i32),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (kind, name, email, phone, hours) in CONTACTS {
        help_contact::ActiveModel {
            kind: Set(kind.to_string()),
            name: Set(name.to_string()),
            email: Set(email.to_string()),
            phone: Set((!phone.is_empty()).then(|| phone.to_string())),
            hours: Set((!hours.is_empty()).then(|| hours.to_string())),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_the_portal_links_to_is_in_the_demo() {
        for slug in app::help::LINKED {
            assert!(ANSWERS.iter().any(|a| a.1 == *slug), "{slug} has no demo answer");
        }
        for (topic, slug, ..) in ANSWERS {
            assert!(
                TOPICS.iter().any(|t| t.0 == *topic),
                "{slug}: unknown topic {topic}"
            );
            assert!(crate::help::admin::Slug::parse(slug).is_ok(), "{slug}");
        }
    }

    #[test]
    fn the_demo_answers_link_only_to_answers_that_exist() {
        for (_, slug, _, body) in ANSWERS {
            for link in body.split("](/hjelp/").skip(1) {
                let target = link.split(')').next().unwrap_or_default();
                assert!(
                    ANSWERS.iter().any(|a| a.1 == target),
                    "{slug} links to missing /hjelp/{target}"
                );
            }
        }
    }
}
