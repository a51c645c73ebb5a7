import { test, expect, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticOrgNumber } from "./mail";
import { atWork, staffPage } from "./people";

/** A code no other run has used: the prefix and five letters or digits. */
function unique(prefix: string): string {
  return (prefix + Math.floor(Math.random() * 36 ** 5).toString(36).padStart(5, "0")).toUpperCase();
}

/** The project's device (a phone on the phone projects) for the extra browsers of a story. */
function device(info: TestInfo) {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = info.project.use;
  return { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch };
}

async function uploadHrFile(admin: Page, text: string) {
  await admin.goto("/admin/ansatte");
  await waitForHydration(admin);
  await admin.getByLabel("CSV-fil").setInputFiles({ name: "ansatte.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await expect(admin.getByLabel("Innholdet i filen")).toHaveValue(text);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const outcome = admin.getByRole("region", { name: "Dette vil filen endre" });
  await outcome.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByRole("region", { name: "Endringene er lagret" }).getByRole("status")).toContainText("Filen er lest inn");
}

/** The overview's row of `name`, read afresh. */
async function rowOf(page: Page, name: string) {
  await page.goto("/kompetanse");
  return page.getByRole("row", { name: new RegExp(name) });
}

test("a leader follows a requirement from missing to valid and back; a company contact sees their people only", async ({
  browser,
  baseURL,
}, info) => {
  test.setTimeout(150_000);
  const [leader, worker, contact, unit, org] = [unique("L"), unique("W"), unique("K"), unique("PW"), syntheticOrgNumber()];
  const workerName = `Vidar Arbeider ${worker}`;

  // The HR file brings the people, their employer and their unit.
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await uploadHrFile(
    admin,
    `Ansattnummer;Navn;Orgnr;Arbeidsgiver;Enhetskode;Enhetsnavn\n` +
      `${leader};Lise Leder ${leader};${org};Testfirma ${org};${unit};Lag ${unit}\n` +
      `${worker};${workerName};${org};Testfirma ${org};${unit};\n` +
      `${contact};Kari Kontakt ${contact};${org};Testfirma ${org};;\n`,
  );

  // «Krav og enheter»: the unit's leader, SIK-100 required there, the company contact.
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "Krav og enheter" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Krav og enheter");
  await expect(admin.getByRole("row", { name: new RegExp(`Lag ${unit}`) })).toBeVisible();
  await admin.getByLabel("Kode", { exact: true }).fill(unit);
  await admin.getByLabel("Navn", { exact: true }).fill(`Lag ${unit}`);
  await admin.getByLabel("Leder (ansattkode)").fill(leader);
  await admin.getByRole("button", { name: "Lagre enheten" }).click();
  await expect(admin.getByRole("row", { name: new RegExp(`Lag ${unit}`) })).toContainText(`Lise Leder ${leader}`);
  await admin.getByLabel("Kurs eller opplæringsløp (kode)").fill("SIK-100");
  await admin.getByLabel("Enhetskode").fill("finnes-ikke");
  await admin.getByRole("button", { name: "Legg til krav" }).click();
  await expect(admin.getByRole("link", { name: "Det finnes ingen enhet med den koden." })).toBeVisible();
  await admin.getByLabel("Enhetskode").fill(unit);
  await admin.getByLabel("Frist for nye (dager fra start)").fill("30");
  await admin.getByRole("button", { name: "Legg til krav" }).click();
  await expect(admin.getByRole("region", { name: "Krav" }).first()).toContainText(`Lag ${unit} (${unit})`);
  await admin.getByLabel("Arbeidsgiverens organisasjonsnummer").last().fill(org);
  await admin.getByLabel("Person (e-postadresse eller ansattkode)").fill(contact);
  // Sent from the keyboard: on the phone the page's last button sits where Chromium's hit test
  // finds the paragraph above it (a click there waits for ever).
  await admin.getByLabel("Person (e-postadresse eller ansattkode)").press("Enter");
  await expect(admin.getByText(`Kari Kontakt ${contact}`)).toBeVisible();
  await expectAccessible(admin);
  await expectNoHorizontalScroll(admin);

  // The leader sees the worker missing it.
  const lead = await atWork(browser, baseURL, leader, device(info));
  await lead.getByRole("link", { name: "Kompetanseoversikt for dine ansatte" }).click();
  await expect(lead.getByRole("heading", { level: 1 })).toHaveText("Kompetanseoversikt");
  await expect(lead.getByRole("row", { name: new RegExp(workerName) })).toContainText("Mangler");
  await expectAccessible(lead);

  // The worker is told on «Mine kurs», takes the course and passes.
  const work = await atWork(browser, baseURL, worker, device(info));
  const required = work.getByRole("region", { name: "Påkrevd opplæring" });
  await expect(required).toContainText("Sikkerhetskurs for arbeid på og ved spor");
  await expect(required).toContainText("Mangler");
  await expectAccessible(work);
  await required.getByRole("link", { name: "Ta kurset" }).click();
  await waitForHydration(work);
  await work.getByRole("link", { name: "Start kurset" }).click();
  await waitForHydration(work);
  await work.getByRole("button", { name: "Neste" }).click();
  await work.getByRole("button", { name: "Neste" }).click();
  await work.getByRole("button", { name: "Gå til testen" }).click();
  const quiz = work.getByRole("region", { name: "Test" });
  await quiz.getByRole("radio", { name: "2,25 meter" }).check();
  await quiz.getByRole("checkbox", { name: "Tog kan komme fra begge retninger" }).check();
  await quiz.getByRole("checkbox", { name: "Elektriske tog kan være nesten lydløse" }).check();
  await quiz.getByRole("radio", { name: "Leder for sikkerhetstiltak" }).check();
  await quiz.getByRole("button", { name: "Lever testen" }).click();
  await expect(work.getByText("Gratulerer, du har bestått! Kurset er fullført.")).toBeVisible();

  // The leader sees it valid, and the person's history with the certificate's code.
  await expect(await rowOf(lead, workerName)).toContainText("Gyldig");
  await lead.getByRole("link", { name: workerName }).click();
  await expect(lead.getByRole("heading", { level: 1 })).toHaveText(workerName);
  const code = (await lead.getByRole("region", { name: "Historikk" }).first().getByRole("link").last().textContent())!.trim();
  await expectAccessible(lead);
  await expectNoHorizontalScroll(lead);

  // A course administrator revokes the kursbevis: the leader sees it missing again.
  const courseAdmin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await courseAdmin.goto(`/kursbevis/${code}`);
  await courseAdmin.getByLabel("Begrunnelse").fill("Registrert på feil person");
  await courseAdmin.getByRole("button", { name: "Trekk tilbake kursbeviset" }).click();
  await expect(courseAdmin.getByText("Trukket tilbake").first()).toBeVisible();
  await expect(await rowOf(lead, workerName)).toContainText("Mangler");

  // The company contact sees the people of their company, and no one else's.
  const company = await atWork(browser, baseURL, contact, device(info));
  await company.goto("/kompetanse");
  await expect(company.getByRole("row", { name: new RegExp(workerName) })).toBeVisible();
  await expect(company.getByRole("row", { name: /Anne Ansatt/ })).toHaveCount(0);
  await expectAccessible(company);
  const admins = await rowOf(admin, "Anne Ansatt");
  await expect(admins).toBeVisible();
});
