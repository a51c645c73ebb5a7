import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { linkPath, syntheticNationalId, syntheticOrgNumber, uniqueEmail, waitForMail } from "./mail";
import { signedInLearner, staffPage } from "./people";

const PASSWORD = "tog i rute gjennom fjellet";

/** Fills in «Registrer deg» as a «Full kurskatalog» learner working for Nordlys. */
async function fillRegistration(page: Page, email: string, nationalId: string) {
  await page.getByRole("radio", { name: /Full kurskatalog/ }).check();
  await page.getByLabel("Fullt navn").fill("Kari Nordmann");
  await page.getByLabel("E-postadresse").fill(email);
  await page.getByLabel("Mobilnummer").fill("912 34 567");
  await page.getByLabel("Fødselsnummer eller D-nummer").fill(nationalId);
  await page.getByLabel("HMS-kortnummer", { exact: true }).fill("1234567");
  await page.getByLabel("Søk etter arbeidsgiver").fill("nordlys");
  await page.getByRole("radio", { name: /Nordlys Jernbaneentreprenør AS/ }).check();
  await page.getByLabel(/Referansenummer for fakturering/).fill("PRJ-4711");
}

test("register, activate by mail, log in, change employer, log out", async ({ page, request }) => {
  const email = uniqueEmail("kari");
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Registrer deg" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrer deg");
  await waitForHydration(page);
  await expectAccessible(page);
  // What the number is for: the profile is merged when the person is employed.
  await expect(page.locator("#transfer-warning")).toContainText("slås profilen din sammen med ansattprofilen");

  // The browser checks a field as soon as it is left, with the server's own rules.
  const nationalId = page.getByLabel("Fødselsnummer eller D-nummer");
  await nationalId.fill("12345678901");
  await nationalId.press("Tab");
  await expect(page.getByText("Nummeret stemmer ikke")).toBeVisible();
  await expect(nationalId).toHaveAttribute("aria-invalid", "true");
  await nationalId.fill("");

  // Bad input first: every problem is named, and nothing is stored.
  await page.getByRole("radio", { name: /Full kurskatalog/ }).check();
  await page.getByLabel("E-postadresse").fill("kari@");
  await page.getByRole("button", { name: "Registrer" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Rett opp dette");
  await expect(summary).toContainText("Skriv inn fullt navn");
  await expect(page.getByLabel("E-postadresse")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  // The form is posted as a page: what was typed comes back, and the islands wake again.
  await expect(page.getByLabel("E-postadresse")).toHaveValue("kari@");
  await waitForHydration(page);
  await fillRegistration(page, email, syntheticNationalId());
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: "Registrer" }).click();
  await expect(page.getByRole("heading", { name: "Sjekk e-posten din" })).toBeVisible();

  const mail = await waitForMail(request, email, "Aktiver brukeren din");
  await page.goto(linkPath(mail, "/konto/aktiver/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Velg passord og aktiver brukeren");
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByLabel("Nytt passord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Gjenta passordet", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lagre passord" }).click();
  await expect(page.getByText("Passordet er lagret")).toBeVisible();

  await page.getByRole("main").getByRole("link", { name: "Logg inn" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logg inn");
  await waitForHydration(page);
  await page.getByLabel("E-postadresse eller ansattkode").fill(email);
  await page.getByLabel("Passord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.getByRole("link", { name: "Innlogget som Kari Nordmann" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Din konto");
  await waitForHydration(page);
  await expect(page.getByText("Nordlys Jernbaneentreprenør AS").first()).toBeVisible();
  await expect(page.getByText(/\d{6}•••••/)).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  const employer = page.getByRole("region", { name: "Oppdater arbeidsgiver" });
  await employer.getByLabel("Søk etter arbeidsgiver").fill("trøndelag");
  await employer.getByRole("radio", { name: /Trøndelag Anleggsdrift AS/ }).check();
  await employer.getByLabel(/Referansenummer for fakturering/).fill("AO-2026-17");
  await employer.getByRole("button", { name: "Oppdater" }).click();
  await expect(page.getByText("Arbeidsgiveren er oppdatert.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Oppdater arbeidsgiver" }).getByRole("definition").first()).toHaveText(
    "Trøndelag Anleggsdrift AS",
  );
  await page.reload();
  await expect(page.getByText("AO-2026-17").first()).toBeVisible();

  // A new HMS card every two years: «Personlig informasjon».
  await waitForHydration(page);
  const personal = page.getByRole("region", { name: "Personlig informasjon" });
  await personal.getByText("Endre personlig informasjon").click();
  await personal.getByLabel("HMS-kortnummer").fill("12");
  await personal.getByRole("button", { name: "Lagre" }).click();
  await expect(personal.getByRole("alert")).toContainText("6 til 10 siffer");
  await personal.getByLabel("HMS-kortnummer").fill("2345 678");
  await personal.getByLabel("HMS-kortet gjelder til").fill("31.12.2099");
  await personal.getByRole("button", { name: "Lagre" }).click();
  await expect(page.getByRole("region", { name: "Personlig informasjon" }).getByText("Endringene er lagret.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Personlig informasjon" })).toContainText("2345678");
  await expectAccessible(page);

  await waitForHydration(page);
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page.getByRole("link", { name: "Logg inn" })).toBeVisible();
});

test("the same national ID cannot register twice", async ({ page, request }) => {
  const nationalId = syntheticNationalId();
  const first = uniqueEmail("ola");
  await page.goto("/registrer");
  await waitForHydration(page);
  await fillRegistration(page, first, nationalId);
  await page.getByRole("button", { name: "Registrer" }).click();
  await expect(page.getByRole("heading", { name: "Sjekk e-posten din" })).toBeVisible();
  await waitForMail(request, first, "Aktiver brukeren din");

  await page.goto("/registrer");
  await waitForHydration(page);
  const second = uniqueEmail("ola.privat");
  await fillRegistration(page, second, nationalId);
  await page.getByRole("button", { name: "Registrer" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("allerede en bruker med dette fødselsnummeret");
  await expect(summary).toContainText("Glemt passord");
  await expect(page.getByLabel("Fødselsnummer eller D-nummer")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
});

test("forgot password: a link by mail, a new password, the old one gone", async ({ page, request }) => {
  // A learner of our own, so parallel tests never change the demo accounts.
  const email = uniqueEmail("per");
  await page.goto("/registrer");
  await waitForHydration(page);
  await page.getByRole("radio", { name: /Gratis e-læring/ }).check();
  await page.getByLabel("Fullt navn").fill("Per Hansen");
  await page.getByLabel("E-postadresse").fill(email);
  await page.getByLabel("Mobilnummer").fill("41234567");
  await page.getByLabel("Fødselsnummer eller D-nummer").fill(syntheticNationalId());
  await page.getByLabel("HMS-kortnummer", { exact: true }).fill("7654321");
  await page.getByRole("button", { name: "Registrer" }).click();
  const activation = await waitForMail(request, email, "Aktiver brukeren din");
  await page.goto(linkPath(activation, "/konto/aktiver/"));
  await waitForHydration(page);
  await page.getByLabel("Nytt passord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Gjenta passordet", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lagre passord" }).click();
  await expect(page.getByText("Passordet er lagret")).toBeVisible();

  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Glemt passord?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glemt passord");
  await waitForHydration(page);
  await expectAccessible(page);
  await page.getByLabel("E-postadresse").fill(email);
  await page.getByRole("button", { name: "Send lenke" }).click();
  await expect(page.getByText("Hvis adressen er registrert hos oss")).toBeVisible();

  const reset = await waitForMail(request, email, "Nytt passord");
  expect(reset.body).toContain("60 minutter");
  const path = linkPath(reset, "/konto/nytt-passord/");
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Velg nytt passord");
  await waitForHydration(page);
  await page.getByLabel("Nytt passord", { exact: true }).fill("passord123456");
  await page.getByLabel("Gjenta passordet", { exact: true }).fill("passord123456");
  await page.getByRole("button", { name: "Lagre passord" }).click();
  await expect(page.getByRole("alert")).toContainText("for vanlig");
  const newPassword = "et nytt og langt passord";
  await page.getByLabel("Nytt passord", { exact: true }).fill(newPassword);
  await page.getByLabel("Gjenta passordet", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Lagre passord" }).click();
  await expect(page.getByText("Passordet er lagret")).toBeVisible();

  // The link is single-use.
  await page.goto(path);
  await expect(page.getByRole("alert")).toContainText("allerede brukt");
  await expectAccessible(page);

  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByLabel("E-postadresse eller ansattkode").fill(email);
  await page.getByLabel("Passord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("alert")).toContainText("Feil e-postadresse");
  await page.getByLabel("Passord").fill(newPassword);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("link", { name: "Innlogget som Per Hansen" })).toBeVisible();
});

test("a company request is approved by an administrator, who later corrects and closes the company", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const email = await signedInLearner(page, request, "Liv Linje", syntheticNationalId());
  const company = `Linjebygg ${Math.floor(Math.random() * 1e6)} AS`;
  await page.goto("/min-konto");
  await waitForHydration(page);
  await page.getByText("Finner du ikke arbeidsgiveren din?").click();
  await page.getByLabel("Organisasjonsnummer").fill(syntheticOrgNumber());
  await page.getByLabel("Firmanavn").fill(company);
  await page.getByLabel("Kontaktperson i firmaet").fill("Lars Linje");
  await page.getByRole("button", { name: "Send forespørsel" }).click();
  await expect(page.getByText("Forespørselen er sendt")).toBeVisible();
  await expectAccessible(page);

  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.getByRole("link", { name: "Firma", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Firma");
  await waitForHydration(admin);
  await expectAccessible(admin);
  const item = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name: company }) });
  await expect(item).toContainText(email);
  await item.getByRole("button", { name: "Godkjenn" }).click();
  await expect(admin.getByText("Forespørselen er behandlet")).toBeVisible();

  // Later: the invoice address changes, and then the company is closed.
  await admin.getByLabel("Navn eller organisasjonsnummer").fill(company);
  await admin.getByRole("search", { name: "Finn firma" }).getByRole("button").click();
  const listed = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name: company }) });
  await listed.getByRole("link", { name: "Endre eller avslutt" }).click();
  await waitForHydration(admin);
  await admin.getByLabel("E-postadresse for fakturamottak (valgfritt)").fill("faktura@");
  await admin.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.locator("#f-invoice_email-error")).toBeVisible();
  await admin.getByLabel("E-postadresse for fakturamottak (valgfritt)").fill("faktura@linjebygg.no");
  await admin.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByText("Endringen er lagret.")).toBeVisible();
  await expect(listed).toContainText("faktura@linjebygg.no");
  await admin.getByLabel("Begrunnelse", { exact: true }).fill("Slettet i Brønnøysundregistrene");
  await admin.getByRole("button", { name: "Avslutt firmaet" }).click();
  await expect(listed).toContainText("Avsluttet");
  await expectAccessible(admin);
  await admin.context().close();

  const told = await waitForMail(request, email, "er lagt til");
  expect(told.body).toContain(company);
  await page.reload();
  await expect(page.getByRole("region", { name: "Oppdater arbeidsgiver" }).getByRole("definition").first()).toHaveText(
    company,
  );
});

test("support finds a learner without the national ID and reveals it only with a reason", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const nationalId = syntheticNationalId();
  const name = `Siv Søk${Math.floor(Math.random() * 1e6)}`;
  await signedInLearner(page, request, name, nationalId);

  const support = await staffPage(browser, baseURL, "support@kursportal.test", "demo-passord-support");
  await support.getByRole("link", { name: "Brukerstøtte" }).first().click();
  await expect(support.getByRole("heading", { level: 1 })).toHaveText("Brukerstøtte");
  await waitForHydration(support);
  await support.getByLabel("Fullt navn").fill(name);
  await support.getByRole("main").getByRole("button", { name: "Søk", exact: true }).click();
  const result = support.getByRole("listitem").filter({ has: support.getByRole("heading", { name }) });
  await expect(result).toContainText("Aktivert");
  await expect(support.getByRole("main")).not.toContainText(nationalId);
  await expectAccessible(support);
  await result.getByText("Vis fødselsnummer").click();
  await result.getByLabel("Hvorfor trenger du å se nummeret?").fill("Sak 118: bekrefter identitet på telefon");
  await result.getByRole("button", { name: "Vis nummeret" }).click();
  await expect(result).toContainText(`${nationalId.slice(0, 6)} ${nationalId.slice(6)}`);
  await support.context().close();
});

test("a person who chose English registers: English field errors in the browser and from the server, an English mail", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("maret");
  await page.goto("/registrer");
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register");
  await waitForHydration(page);

  // The live check of a field speaks English too (its words come from the server).
  const nationalId = page.getByLabel("National identity number or D number");
  await nationalId.fill("12345678901");
  await nationalId.press("Tab");
  await expect(page.getByText("The number is not correct. Check that all 11 digits are right.")).toBeVisible();
  await nationalId.fill("");

  // The server's answer to a form with errors: English at the fields and in the summary.
  await page.getByRole("radio", { name: /Full course catalogue/ }).check();
  await page.getByLabel("E-mail address").fill("maret@");
  await page.getByRole("button", { name: "Register" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Fix the following");
  await expect(summary).toContainText("Enter your full name.");
  await expect(page.locator("#f-email-error")).toHaveText(
    "This does not look like an e-mail address. Check that it is written correctly.",
  );
  await expectAccessible(page);

  await waitForHydration(page);
  await page.getByLabel("Full name").fill("Máret Čuoŋománnu");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Mobile number").fill("912 34 567");
  await nationalId.fill(syntheticNationalId());
  await page.getByLabel("HMS card number", { exact: true }).fill("1234567");
  await page.getByLabel("Search for your employer").fill("nordlys");
  await page.getByRole("radio", { name: /Nordlys Jernbaneentreprenør AS/ }).check();
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();

  const mail = await waitForMail(request, email, "Activate your Kursportalen account");
  expect(mail.body).toContain("Hello Máret Čuoŋománnu,");
  expect(mail.body).toContain("Choose a password to activate your account");
});
