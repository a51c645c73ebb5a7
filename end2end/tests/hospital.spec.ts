import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId, waitForMail } from "./mail";
import { PASSWORD, signedInLearner, staffPage } from "./people";

// A hospital trust's portal: the «Helseforetak» organisation profile (playwright.config.ts).

test("a hospital's registration asks for no HMS card and offers no «Fører», warns about transfer, and the national ID added later merges the profile into the employee's", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await page.goto("/registrer");
  await waitForHydration(page);
  await expect(page.getByRole("radio", { name: /Gratis e-læring/ })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Fører/ })).toHaveCount(0);
  await expect(page.getByLabel("HMS-kortnummer", { exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Fødselsnummer eller D-nummer (valgfritt)")).toBeVisible();
  await expect(page.locator("#transfer-warning")).toContainText("ikke overført");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Registered without a national ID.
  const name = `Hanne Helse${Math.floor(Math.random() * 1e5)}`;
  const email = await signedInLearner(page, request, name, "");

  // The national ID added on «Din konto», with the password.
  const nationalId = syntheticNationalId();
  await page.goto("/min-konto");
  await waitForHydration(page);
  const panel = page.getByRole("region", { name: "Fødselsnummer" });
  await panel.getByLabel("Fødselsnummer eller D-nummer").fill(nationalId);
  await panel.getByLabel("Nåværende passord").fill(PASSWORD);
  await panel.getByRole("button", { name: "Legg til fødselsnummer" }).click();
  await expect(page.getByText(/Fødselsnummeret er lagret/)).toBeVisible();
  await expectAccessible(page);

  // The HR file brings the employee with that number: the profile is merged into theirs.
  const code = ("H" + Math.floor(Math.random() * 36 ** 5).toString(36).padStart(5, "0")).toUpperCase();
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.goto("/admin/ansatte");
  await waitForHydration(admin);
  const text = `Ansattnummer;Navn;Fødselsnummer;Orgnr;Startdato\n${code};${name};${nationalId};887766568;01.12.2026\n`;
  await admin.getByLabel("CSV-fil").setInputFiles({ name: "ansatte.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await expect(admin.getByLabel("Innholdet i filen")).toHaveValue(text);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const outcome = admin.getByRole("region", { name: "Dette vil filen endre" });
  await expect(outcome.getByRole("row", { name: new RegExp(code) })).toContainText(`Den eksterne profilen til ${name} slås sammen med denne.`);
  await outcome.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByRole("region", { name: "Endringene er lagret" })).toContainText("1 eksterne profiler slås sammen");
  await page.reload();
  await expect(page.getByRole("link", { name: `Innlogget som ${name}` })).toHaveCount(0);
  await waitForMail(request, email, "Profilen din er slått sammen");
});
