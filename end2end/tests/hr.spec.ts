import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId, waitForMail } from "./mail";
import { PASSWORD, signedInLearner, staffPage } from "./people";

const ORG = "974760673";

/** A staff code no other run has used: 6 letters or digits. */
function uniqueStaffCode(): string {
  return ("H" + Math.floor(Math.random() * 36 ** 5).toString(36).padStart(5, "0")).toUpperCase();
}

async function chooseFile(page: import("@playwright/test").Page, text: string) {
  await page.getByLabel("CSV-fil").setInputFiles({ name: "ansatte.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  // The browser reads the file into the form; nothing is sent yet.
  await expect(page.getByLabel("Innholdet i filen")).toHaveValue(text);
}

test("an administrator uploads the HR file, sees the merge in the preview, and saves it", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const nationalId = syntheticNationalId();
  const name = `Eva Ekstern${Math.floor(Math.random() * 1e5)}`;
  const email = await signedInLearner(page, request, name, nationalId, "full");
  const code = uniqueStaffCode();

  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.getByRole("link", { name: "Ansatte og integrasjoner" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Ansatte fra HR-systemet");
  await waitForHydration(admin);
  await expectAccessible(admin);

  // A file with a mistake: the preview names it by line and column, and it cannot be saved.
  await chooseFile(admin, `Ansattnummer;Navn;Fødselsnummer;Orgnr\n${code};${name};${nationalId};123\n`);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const outcome = admin.getByRole("region", { name: "Dette vil filen endre" });
  await expect(outcome).toContainText("1 linjer med feil");
  await expect(outcome.getByRole("row", { name: new RegExp(code) })).toContainText("Arbeidsgiver (orgnr.):");
  await expect(outcome.getByRole("button", { name: "Lagre endringene" })).toHaveCount(0);
  await expectAccessible(admin);

  // The fixed file: a new employee whose national ID belongs to the external learner.
  await chooseFile(admin, `Ansattnummer;Navn;Fødselsnummer;Orgnr;Startdato\n${code};${name};${nationalId};${ORG};01.08.2025\n`);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const row = outcome.getByRole("row", { name: new RegExp(code) });
  await expect(row).toContainText("Ny ansatt");
  await expect(row).toContainText(`Den eksterne profilen til ${name} slås sammen med denne.`);
  await expect(outcome).toContainText("Ingenting er lagret ennå.");
  await expectAccessible(admin);
  await expectNoHorizontalScroll(admin);

  // Only a preview so far: the learner is still signed in as an external learner.
  await page.reload();
  await expect(page.getByRole("link", { name: `Innlogget som ${name}` })).toBeVisible();

  await outcome.getByRole("button", { name: "Lagre endringene" }).click();
  const saved = admin.getByRole("region", { name: "Endringene er lagret" });
  await expect(saved.getByRole("status")).toContainText("Filen er lest inn");
  await expect(saved).toContainText("1 eksterne profiler slås sammen");
  await admin.context().close();

  // The external profile is gone: its session ended, its login explains why, the person was told.
  await page.reload();
  await expect(page.getByRole("link", { name: `Innlogget som ${name}` })).toHaveCount(0);
  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByLabel("E-postadresse eller ansattkode").fill(email);
  await page.getByLabel("Passord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("alert")).toContainText("slått sammen");
  await waitForMail(request, email, "Profilen din er slått sammen");
});

test("an administrator makes an API key for the competence register and revokes it", async ({
  request,
  browser,
  baseURL,
}) => {
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.goto("/admin/integrasjoner");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Integrasjoner");
  await waitForHydration(admin);
  await expectAccessible(admin);

  // No access ticked: the form says so and makes nothing.
  const system = `Register ${Math.floor(Math.random() * 1e6)}`;
  await admin.getByLabel("Navn på systemet").fill(system);
  await admin.getByRole("button", { name: "Lag nøkkel" }).click();
  await expect(admin.getByRole("alert")).toContainText("Velg minst én tilgang");
  await expectAccessible(admin);

  await admin.getByRole("checkbox", { name: /transfers:read/ }).check();
  await admin.getByRole("button", { name: "Lag nøkkel" }).click();
  const made = admin.getByRole("status").filter({ hasText: system });
  await expect(made).toContainText("Den vises ikke igjen");
  const key = (await admin.locator("#new-token").textContent())!.trim();
  expect(key).toMatch(/^kp_/);
  const row = admin.getByRole("row", { name: new RegExp(system) });
  await expect(row).toContainText("I bruk");
  await expect(row).not.toContainText(key);
  await expectNoHorizontalScroll(admin);

  const pull = () => request.get("/api/v1/competence/transfers", { headers: { Authorization: `Bearer ${key}` } });
  expect((await pull()).status()).toBe(200);

  await row.getByText("Trekk tilbake …").click();
  await row.getByRole("button", { name: "Trekk tilbake nøkkelen" }).click();
  await expect(admin.getByRole("row", { name: new RegExp(system) })).toContainText("Trukket tilbake");
  expect((await pull()).status()).toBe(401);
  await expectAccessible(admin);
  await admin.context().close();
});
