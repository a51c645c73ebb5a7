import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll } from "./helpers";
import { linkPath, syntheticNationalId, uniqueEmail, waitForMail } from "./mail";
import { readFileSync } from "node:fs";
import { PASSWORD, signedInLearner, staffPage } from "./people";

test("support helps a learner who lost their mailbox: a new login address, a seat, and a reset link", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const name = `Siri Støtte${Math.floor(Math.random() * 1e6)}`;
  const email = await signedInLearner(page, request, name, syntheticNationalId(), "full");
  await page.goto("/min-konto");
  await expect(page.getByRole("link", { name: "Last ned mine data" })).toHaveAttribute("href", "/min-konto/mine-data.json");

  const support = await staffPage(browser, baseURL, "support@kursportal.test", "demo-passord-support");
  await support.goto("/brukerstotte");
  await support.getByLabel("Mulige e-postadresser").fill(email);
  await support.getByRole("main").getByRole("button", { name: "Søk", exact: true }).click();
  await support.getByRole("link", { name }).click();
  await expect(support.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(support.getByRole("main")).toContainText("Ikke låst");
  await expectAccessible(support);
  await expectNoHorizontalScroll(support);

  // A new login address: both addresses are told, the learner's sessions end.
  const fresh = uniqueEmail("siri.ny");
  const action = (title: string) => support.locator("details", { has: support.getByText(title, { exact: true }) });
  await support.getByText("Bytt e-postadresse for innlogging").click();
  await action("Bytt e-postadresse for innlogging").getByLabel("Ny e-postadresse").fill("ikke en adresse");
  await action("Bytt e-postadresse for innlogging").getByLabel("Begrunnelse").fill("Mistet jobbadressen, sak 41");
  await support.getByRole("button", { name: "Bytt adressen" }).click();
  await expect(action("Bytt e-postadresse for innlogging").getByRole("alert")).toBeVisible();
  await expect(support.getByLabel("Ny e-postadresse")).toHaveAttribute("aria-invalid", "true");
  await support.getByLabel("Ny e-postadresse").fill(fresh);
  await action("Bytt e-postadresse for innlogging").getByLabel("Begrunnelse").fill("Mistet jobbadressen, sak 41");
  await support.getByRole("button", { name: "Bytt adressen" }).click();
  await expect(support.getByText("E-postadressen er byttet")).toBeVisible();
  await waitForMail(request, email, "Innloggingsadressen din i Kursportalen er endret");
  await waitForMail(request, fresh, "Du logger nå inn i Kursportalen med denne adressen");
  await page.goto("/min-konto");
  await expect(page.getByRole("link", { name: /Innlogget som/ })).toHaveCount(0);

  // A seat on their behalf, shown on the page.
  await support.getByText("Meld på et kurs").click();
  const first = await support.getByLabel("Kursdato").locator("option").first().textContent();
  await action("Meld på et kurs").getByLabel("Begrunnelse").fill("Ba om plass på telefon");
  await support.getByRole("button", { name: "Meld på", exact: true }).click();
  await expect(support.getByText("Personen er meldt på")).toBeVisible();
  const course = (first ?? "").split(":")[0];
  await expect(support.getByRole("region", { name: "Påmeldinger og ventelister" }).getByRole("heading", { name: course }).first()).toBeVisible();

  // A reset link to the new address, which works.
  await support.getByText("Send lenke for nytt passord").click();
  await action("Send lenke for nytt passord").getByLabel("Begrunnelse").fill("Husker ikke passordet, sak 42");
  await support.getByRole("button", { name: "Send lenken" }).click();
  await expect(support.getByText("Lenken er sendt")).toBeVisible();
  const reset = await waitForMail(request, fresh, "Nytt passord i Kursportalen");
  expect(linkPath(reset, "/konto/nytt-passord/")).toContain("/konto/nytt-passord/");
  await expectAccessible(support);
  await support.context().close();
});

test("a learner downloads their data with the national ID in full after confirming their password", async ({
  page,
  request,
}) => {
  const nationalId = syntheticNationalId();
  await signedInLearner(page, request, `Nora Data${Math.floor(Math.random() * 1e6)}`, nationalId);
  await page.goto("/min-konto");
  const panel = page.getByRole("region", { name: "Dine data" });
  await panel.getByLabel("Nåværende passord").fill("ikke mitt passord");
  await panel.getByRole("button", { name: "Last ned med fødselsnummer" }).click();
  await expect(panel.getByText("Nåværende passord er feil.")).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await panel.getByLabel("Nåværende passord").fill(PASSWORD);
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Last ned med fødselsnummer" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("mine-data.json");
  const data = JSON.parse(readFileSync(await file.path(), "utf8"));
  expect(data.profile.national_id).toBe(nationalId);
});

test("support finds a Sámi name typed with plain letters, and the person's page shows it as written", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const name = `Máret Čuoŋománnu-${Math.floor(Math.random() * 1e6)}`;
  await signedInLearner(page, request, name, syntheticNationalId());
  await page.goto("/min-konto");
  await expect(page.getByRole("main")).toContainText(name);

  const support = await staffPage(browser, baseURL, "support@kursportal.test", "demo-passord-support");
  await support.goto("/brukerstotte");
  await support.getByLabel("Fullt navn").fill("maret cuonomannu");
  await support.getByRole("main").getByRole("button", { name: "Søk", exact: true }).click();
  await support.getByRole("link", { name }).click();
  await expect(support.getByRole("heading", { level: 1 })).toHaveText(name);
  await expectAccessible(support);
});
