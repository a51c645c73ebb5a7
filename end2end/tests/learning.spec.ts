import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId } from "./mail";
import { signedInLearner, staffPage } from "./people";

/** `YYYY-MM-DDTHH:MM`, `hours` from now (read as Norwegian time by the form). */
function inHours(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);
}

test("a learner takes an e-learning course to completion, prints the certificate and it verifies", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await signedInLearner(page, request, "Eli Elæring", syntheticNationalId());

  await page.goto("/kurs/SIK-100");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Start kurset" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sikkerhetskurs for arbeid på og ved spor");
  await waitForHydration(page);
  await expect(page.getByText("Leksjon 1 av 3")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Farer i sporområdet" })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: "Neste" }).click();
  await expect(page.getByRole("heading", { name: "Sikkerhetssoner og avstander" })).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "25");

  // Another device resumes at the same lesson.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Sikkerhetssoner og avstander" })).toBeVisible();
  await page.getByRole("button", { name: "Neste" }).click();
  await expect(page.getByRole("heading", { name: "Roller og varsling" })).toBeVisible();
  await page.getByRole("button", { name: "Gå til testen" }).click();

  // One wrong answer is not enough to pass (80 %), then the right ones.
  const quiz = page.getByRole("region", { name: "Test" });
  await expect(quiz.getByRole("group", { name: /faresonen/ })).toBeVisible();
  await expectAccessible(page);
  await quiz.getByRole("radio", { name: "1 meter" }).check();
  await quiz.getByRole("checkbox", { name: "Tog kan komme fra begge retninger" }).check();
  await quiz.getByRole("checkbox", { name: "Elektriske tog kan være nesten lydløse" }).check();
  await quiz.getByRole("radio", { name: "Leder for sikkerhetstiltak" }).check();
  await quiz.getByRole("button", { name: "Lever testen" }).click();
  await expect(page.getByText("Du har ikke bestått denne gangen.")).toBeVisible();
  // No attempt limit: the result does not say which answers were wrong.
  await expect(page.getByText("Testen viser ikke hvilke svar som var feil", { exact: false })).toBeVisible();
  await expect(page.getByText("2 av 3 riktige", { exact: false })).toHaveCount(0);
  await quiz.getByRole("radio", { name: "2,25 meter" }).check();
  await quiz.getByRole("button", { name: "Lever testen" }).click();
  await expect(page.getByText("Gratulerer, du har bestått! Kurset er fullført.")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "100");

  // «Historikk» → «Vis alt» → the printer icon → the certificate.
  await page.goto("/mine-kurs");
  await waitForHydration(page);
  const history = page.getByRole("region", { name: "Historikk" });
  await expect(history.getByRole("table")).toContainText("Sikkerhetskurs for arbeid på og ved spor");
  await history.getByRole("link", { name: "Vis alt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Historikk");
  const row = page.getByRole("row", { name: /Sikkerhetskurs for arbeid på og ved spor/ });
  await expect(row).toContainText("Gyldig");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await row.getByRole("link", { name: "Skriv ut kursbevis for Sikkerhetskurs for arbeid på og ved spor" }).click();
  const certificate = page.getByRole("article", { name: "Kursbevis" });
  await expect(certificate).toContainText("Eli Elæring");
  await expect(certificate).toContainText("Bestått (100 %)");
  await expect(page.getByRole("img", { name: /QR-kode/ })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  const pdfHref = await page.getByRole("link", { name: "Last ned PDF" }).getAttribute("href");
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // The public page behind the QR code, in a browser that is not signed in.
  const verifyUrl = new URL(await certificate.getByRole("link", { name: /\/verifiser\// }).getAttribute("href") ?? "");
  const stranger = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  const check = await stranger.newPage();
  await check.goto(verifyUrl.pathname);
  await expect(check.getByRole("status").filter({ hasText: "Kursbeviset er gyldig." })).toBeVisible();
  await expect(check.locator("dl")).toContainText("Eli Elæring");
  await expect(check.locator("body")).not.toContainText("Fødselsdato");
  await expectAccessible(check);
  await stranger.close();
});

test("an instructor marks a classroom session passed and the learner's history shows it", async ({
  browser,
  page,
  request,
  baseURL,
}, info) => {
  test.setTimeout(150_000);
  const place = `Øvingsfeltet ${info.project.name} ${Date.now().toString(36)}`;
  const email = await signedInLearner(page, request, "Kai Klasserom", syntheticNationalId(), "full");

  // The course administrator sets up a session with Ingrid as instructor and adds Kai.
  const admin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await admin.goto("/admin/kurs/SIK-300");
  await waitForHydration(admin);
  const form = admin.locator("#ny-kursenhet");
  await form.getByLabel("Start", { exact: true }).fill(inHours(72));
  await form.getByLabel("Slutt", { exact: true }).fill(inHours(78));
  await form.getByLabel("Påmeldingsfrist", { exact: true }).fill(inHours(48));
  await form.getByLabel("Sted", { exact: true }).fill(place);
  await form.getByLabel("Antall plasser", { exact: true }).fill("8");
  await form.getByLabel("Instruktør", { exact: true }).selectOption({ label: "Ingrid Instruktør" });
  await form.getByRole("button", { name: "Opprett kursenhet" }).click();
  await expect(form.getByText("Kursenheten er opprettet.")).toBeVisible();
  await admin.getByRole("row", { name: new RegExp(place) }).getByRole("link").first().click();
  await expect(admin).toHaveURL(/\/admin\/kursenhet\/\d+$/);
  const rosterPath = new URL(admin.url()).pathname;
  await waitForHydration(admin);
  await admin.getByLabel("E-postadressen til deltakeren", { exact: true }).fill(email);
  await admin.getByRole("button", { name: "Legg til", exact: true }).click();
  await expect(admin.getByRole("table")).toContainText("Kai Klasserom");

  // A learning path with the course as its classroom step, assigned to Kai.
  const pathCode = `LOP-${info.project.name.startsWith("phone") ? "P" : "D"}${Date.now().toString(36).toUpperCase()}`;
  await admin.goto("/admin/opplaeringslop");
  await waitForHydration(admin);
  await admin.getByLabel("Kode", { exact: true }).fill(pathCode);
  await admin.getByLabel("Tittel", { exact: true }).fill(`Sikkerhetsløp ${pathCode}`);
  await admin.getByLabel("Stegene må tas i rekkefølge").check();
  await admin.getByRole("button", { name: "Opprett opplæringsløp" }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin/opplaeringslop/${pathCode}$`));
  await waitForHydration(admin);
  await admin.getByLabel("Type steg", { exact: true }).selectOption({ label: "Klasseromskurs" });
  await admin.getByLabel("Kurskode", { exact: true }).fill("SIK-300");
  await admin.getByRole("button", { name: "Legg til steg" }).click();
  await expect(admin.getByRole("region", { name: "Steg" })).toContainText("Leder for sikkerhetstiltak (LS)");
  await admin.getByLabel("E-postadressen til deltakeren", { exact: true }).fill(email);
  await admin.getByRole("button", { name: "Tildel", exact: true }).click();
  await expect(admin.getByRole("region", { name: "Deltakere" })).toContainText("Kai Klasserom");
  await expectAccessible(admin);
  await page.goto(`/opplaeringsplan/${pathCode}`);
  await waitForHydration(page);
  await expect(page.getByText("0 av 1 steg fullført")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Leder for sikkerhetstiltak (LS)" })).toContainText("Gjenstår");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await admin.goto(rosterPath);
  await waitForHydration(admin);

  // The session takes place (moved to this morning), and Ingrid records the result.
  await admin.getByLabel("Påmeldingsfrist", { exact: true }).fill(inHours(-8));
  await admin.getByLabel("Start", { exact: true }).fill(inHours(-7));
  await admin.getByLabel("Slutt", { exact: true }).fill(inHours(-1));
  await admin.getByRole("button", { name: "Lagre", exact: true }).click();
  await expect(admin.getByText("Lagret")).toBeVisible();
  await admin.context().close();

  const instructor = await staffPage(browser, baseURL, "instruktor@kursportal.test", "demo-passord-instruktor");
  await instructor.goto(rosterPath);
  await waitForHydration(instructor);
  await expect(instructor.getByRole("columnheader", { name: "Resultat" })).toBeVisible();
  await instructor.getByLabel("Resultat Kai Klasserom", { exact: true }).selectOption({ label: "Bestått" });
  // By keyboard: on a phone the button sits in the table's own horizontal scroll area.
  const save = instructor.getByRole("button", { name: "Lagre resultat for Kai Klasserom" });
  await save.focus();
  await save.press("Enter");
  await expect(instructor.getByLabel("Resultat Kai Klasserom", { exact: true })).toHaveValue("passed");
  await expectAccessible(instructor);
  await instructor.context().close();

  await page.goto(`/opplaeringsplan/${pathCode}`);
  await waitForHydration(page);
  await expect(page.getByText("1 av 1 steg fullført")).toBeVisible();
  await expect(page.getByText("Opplæringsløpet er fullført")).toBeVisible();

  await page.goto("/historikk");
  await waitForHydration(page);
  const row = page.getByRole("row", { name: /Leder for sikkerhetstiltak \(LS\)/ });
  await expect(row).toContainText("Gyldig");
  await expectAccessible(page);
});

test("a course administrator previews a lesson as learners will see it, without saving", async ({ browser, baseURL }) => {
  const admin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await admin.goto("/admin/kurs/SIK-100/e-laering");
  await waitForHydration(admin);
  const body = admin.getByLabel("Innhold (Markdown)", { exact: true });
  await body.fill("# Sikker sone\n\n**Alltid** en vakt ved sporet.\n\n<script>alert(1)</script>");
  await admin.getByRole("button", { name: "Forhåndsvis", exact: true }).click();
  const preview = admin.getByRole("region", { name: "Forhåndsvisning" });
  await expect(preview.getByRole("heading", { name: "Sikker sone" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("Alltid");
  // Raw HTML is shown as text, never run.
  await expect(preview).toContainText("<script>alert(1)</script>");
  await expectAccessible(admin);
  // Nothing was saved: the lesson list is as it was.
  await expect(admin.locator(".editor-list").first()).not.toContainText("Sikker sone");
});

test("a priced e-learning course is ordered first, then it opens", async ({ page, request }) => {
  test.setTimeout(90_000);
  await signedInLearner(page, request, "Ola Ordre", syntheticNationalId(), "full");

  // Straight to the player: the way is through the course page.
  await page.goto("/kurs/SIG-100/e-laering");
  await expect(page.getByRole("alert")).toContainText("bestilt det");
  await page.getByRole("link", { name: "Til kurssiden" }).click();

  const order = page.getByRole("region", { name: "E-læring" });
  await expect(order.getByRole("heading", { name: "Bestill kurset" })).toBeVisible();
  await expect(order.getByText("Nordlys Jernbaneentreprenør AS har ikke bekreftet", { exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: "Start kurset" })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // A reference too long is named at its field; nothing is ordered.
  await order.getByLabel("Referansenummer for fakturering").fill("x".repeat(101));
  await order.getByRole("button", { name: "Bestill og start" }).click();
  await expect(page.getByRole("link", { name: "Referansenummeret kan ha høyst 100 tegn." })).toBeVisible();
  await expect(page.getByLabel("Referansenummer for fakturering")).toHaveValue("x".repeat(101));

  await page.getByLabel("Referansenummer for fakturering").fill("PO-4711");
  await page.getByRole("button", { name: "Bestill og start" }).click();
  await expect(page).toHaveURL(/\/kurs\/SIG-100\/e-laering$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innføring i signal- og sikringsanlegg");

  await page.goto("/kurs/SIG-100");
  await expect(page.getByRole("link", { name: "Start kurset" })).toBeVisible();
});

test("a course administrator uploads a SCORM package and sees what it holds; a bad one is refused with its reason", async ({
  browser,
  baseURL,
}) => {
  const admin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await admin.goto("/admin/kurs/HMS-220/e-laering");
  const panel = admin.getByRole("region", { name: "Pakke fra forfatterverktøy (SCORM)" });
  // A plain form post: the server answers with the editor and the reason at the top of the panel.
  await panel.getByLabel("Pakke (.zip)").setInputFiles({ name: "kurs.zip", mimeType: "application/zip", buffer: Buffer.from("ikke en zip") });
  await panel.getByRole("button", { name: "Last opp pakke" }).click();
  await expect(admin).toHaveURL(/pakkefeil=1/);
  await expect(panel.getByRole("alert")).toContainText("Filen er ikke en zip-fil");
  await expectAccessible(admin);

  await panel.getByLabel("Pakke (.zip)").setInputFiles("../server/tests/fixtures/scorm/golf-RuntimeBasicCalls_SCORM12.zip");
  await panel.getByRole("button", { name: "Last opp pakke" }).click();
  await expect(panel.getByRole("status")).toContainText(/Pakken er lagret som versjon \d+\./);
  await expect(panel).toContainText("SCORM 1.2");
  await expect(panel.getByRole("listitem").filter({ hasText: "Golf Explained" })).toContainText("rapporterer framdrift");
  await expectAccessible(admin);
});
