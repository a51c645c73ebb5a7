import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { staffPage } from "./people";

test("a person who cannot find their company follows the link to the answer and the invoicing contact", async ({
  page,
}) => {
  await page.goto("/registrer");
  await waitForHydration(page);
  await page.getByRole("radio", { name: /Full kurskatalog/ }).check();
  await page.getByLabel("Søk etter arbeidsgiver").fill("Bakeriet i Bodø");
  await expect(page.getByText(/Fant ingen registrerte firma/)).toBeVisible();
  await page.getByRole("link", { name: "Fant du ikke firmaet ditt?" }).click();

  await expect(page).toHaveURL(/\/hjelp\/fant-ikke-firmaet$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jeg finner ikke firmaet mitt når jeg registrerer meg.");
  const ask = page.getByRole("complementary", { name: "Fant du ikke svaret?" });
  await expect(ask).toContainText("Firma og faktura");
  await expect(ask.getByRole("link", { name: "faktura@kursportal.test" })).toHaveAttribute("href", "mailto:faktura@kursportal.test");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Back to all questions through the topic, and «Hjelp» from the header.
  await page.getByRole("navigation", { name: "Du er her" }).getByRole("link", { name: "Hjelp" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Firma, faktura og betalte kurs" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Kontakt oss" })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test("an administrator writes and edits an answer, and a visitor finds it by searching «hms-kort»", async ({
  page,
  browser,
  baseURL,
}) => {
  const tag = Math.floor(Math.random() * 1e9).toString(36);
  const question = `Må jeg ha med kortet på kurs ${tag}?`;
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.goto("/admin/hjelp");
  await waitForHydration(admin);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Hjelp og kontakter");
  await expectAccessible(admin);
  await expectNoHorizontalScroll(admin);

  // A new answer: a missing question is named at its field first.
  await admin.getByText("Nytt spørsmål", { exact: true }).click();
  const create = admin.locator("details", { has: admin.getByText("Nytt spørsmål", { exact: true }) });
  await create.getByLabel("Emne").selectOption({ label: "Finne kurs og melde seg på" });
  await create.getByLabel("Svar (Markdown)").fill("Foreløpig svar.");
  await create.getByRole("button", { name: "Lagre svaret" }).click();
  await expect(create.getByLabel("Spørsmål", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await create.getByLabel("Spørsmål", { exact: true }).fill(question);
  await create.getByRole("button", { name: "Lagre svaret" }).click();
  await expect(admin.getByText("Lagret.").first()).toBeVisible();

  // Edited: the answer now speaks of the HMS card.
  const item = admin.locator("li", { hasText: question });
  await item.getByRole("link", { name: "Endre" }).click();
  await waitForHydration(admin);
  const edited = admin.locator("li", { hasText: question });
  await edited.getByLabel("Svar (Markdown)").fill(`Ja, ta med **HMS-kortet**. Det sjekkes ved oppmøte (${tag}).`);
  await edited.getByRole("button", { name: "Lagre svaret" }).click();
  await expect(admin.getByText("Lagret.").first()).toBeVisible();

  // A visitor searches «hms-kort» and reads it.
  await page.goto("/hjelp");
  await waitForHydration(page);
  await page.getByRole("searchbox", { name: "Søk i hjelpen" }).fill("hms-kort");
  await page.getByRole("main").getByRole("button", { name: "Søk", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Svar på «hms-kort»/ })).toBeVisible();
  // The answer is among the results, and again in its topic below them.
  const found = page.getByRole("region", { name: /Svar på «hms-kort»/ });
  await found.getByRole("link", { name: question }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(question);
  await expect(page.locator(".help-answer strong")).toHaveText("HMS-kortet");
  await expect(page.getByRole("main")).toContainText(`Det sjekkes ved oppmøte (${tag}).`);
  await expectAccessible(page);

  // Removed again, so the stories on the same database do not pile up answers.
  await admin.goto("/admin/hjelp");
  await waitForHydration(admin);
  await admin.locator("li", { hasText: question }).getByRole("link", { name: "Endre" }).click();
  await admin.locator("li", { hasText: question }).getByRole("button", { name: "Slett svaret" }).click();
  await expect(admin.locator("li", { hasText: question })).toHaveCount(0);
});
