import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { staffPage } from "./people";

/** A valid organisation number (mod 11) no other run has used. */
function uniqueOrgNumber(): string {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => (i === 0 ? 8 + Math.floor(Math.random() * 2) : Math.floor(Math.random() * 10)));
    let check = 11 - (digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11);
    if (check === 11) check = 0;
    if (check === 10) continue;
    return digits.join("") + check;
  }
}

function uniqueStaffCode(): string {
  return ("F" + Math.floor(Math.random() * 36 ** 5).toString(36).padStart(5, "0")).toUpperCase();
}

async function chooseFile(page: Page, text: string) {
  await page.getByLabel("CSV-fil").setInputFiles({ name: "fil.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await expect(page.getByLabel("Innholdet i filen")).toHaveValue(text);
}

test("an administrator imports completions from the previous system, sees each line first, and saves them", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.goto("/admin/ansatte");
  await admin.getByRole("link", { name: "Historikk fra tidligere system" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Historikk fra tidligere system");
  await waitForHydration(admin);
  await expectAccessible(admin);

  // A day no other run has used, so the line is new each time.
  const day = new Date(Date.UTC(2000 + Math.floor(Math.random() * 20), Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 28)));
  const shown = `${String(day.getUTCDate()).padStart(2, "0")}.${String(day.getUTCMonth() + 1).padStart(2, "0")}.${day.getUTCFullYear()}`;
  await chooseFile(admin, `e-post;kurskode;fullført;kilde\nadmin@kursportal.test;FINNES-IKKE;${shown};Gammelt LMS\n`);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const outcome = admin.getByRole("region", { name: "Linjene i filen" });
  await expect(admin.getByText("1 linjer med feil")).toBeVisible();
  await expect(outcome.getByRole("row", { name: /FINNES-IKKE/ })).toContainText("Kurs:");
  await expect(admin.getByRole("button", { name: "Lagre endringene" })).toHaveCount(0);
  await expectAccessible(admin);

  await chooseFile(admin, `e-post;kurskode;fullført;kilde\nadmin@kursportal.test;SIK-200;${shown};Gammelt LMS\n`);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const row = outcome.getByRole("row", { name: /SIK-200/ });
  await expect(row).toContainText("Ny gjennomføring med kursbevis");
  await expect(row).toContainText(shown);
  await expect(admin.getByText("Gjennomføringene sendes ikke til kompetanseregisteret.")).toBeVisible();
  await expectAccessible(admin);
  await expectNoHorizontalScroll(admin);
  await admin.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Filen er lest inn." })).toBeVisible();

  // In the administrator's own history, with its kursbevis.
  await admin.goto("/historikk");
  await expect(admin.getByRole("main")).toContainText(shown);
  await admin.context().close();
});

test("an HR file as an employer's full list ends the employment of those missing from it", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const org = uniqueOrgNumber();
  const [stays, leaves] = [uniqueStaffCode(), uniqueStaffCode()];
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.goto("/admin/ansatte");
  await waitForHydration(admin);
  await chooseFile(admin, `ansattkode;navn;orgnr;arbeidsgiver\n${stays};Sara Blir;${org};Listefirma AS\n${leaves};Leo Slutter;${org};Listefirma AS\n`);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  await admin.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Filen er lest inn." })).toBeVisible();

  // The next file lists one of them and is the employer's full list.
  await chooseFile(admin, `ansattkode;navn;orgnr\n${stays};Sara Blir;${org}\n`);
  await admin.getByLabel("Filen er hele listen over de ansatte hos én arbeidsgiver").check();
  await admin.getByLabel("Arbeidsgiverens organisasjonsnummer").fill(org);
  await admin.getByLabel("Siste arbeidsdag for dem som ikke står i filen").fill("2030-01-31");
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const row = admin.getByRole("region", { name: "Linjene i filen" }).getByRole("row", { name: new RegExp(leaves) });
  await expect(row).toContainText("Står ikke i filen: arbeidsforholdet avsluttes.");
  await expect(row).toContainText("Siste arbeidsdag 31.01.2030.");
  await expect(admin.getByText("1 avsluttes")).toBeVisible();
  await expectAccessible(admin);
  await admin.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Filen er lest inn." })).toBeVisible();
  await admin.context().close();
});
