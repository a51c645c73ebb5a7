import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId, waitForMail } from "./mail";
import { signIn, signedInLearner, staffPage } from "./people";

test("an administrator makes a learner a course administrator, who can then work at once", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const name = `Kine Kurs${Math.floor(Math.random() * 1e6)}`;
  const email = await signedInLearner(page, request, name, syntheticNationalId());
  await page.goto("/admin/kurs");
  await expect(page.getByRole("main")).toContainText("Du har ikke tilgang til dette.");

  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.getByRole("link", { name: "Brukere og roller" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Brukere og roller");
  await waitForHydration(admin);
  await admin.getByLabel("Søk etter navn, e-postadresse eller ansattnummer").fill(name);
  await admin.getByRole("main").getByRole("button", { name: "Søk", exact: true }).click();
  const person = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name }) });
  await expect(person).toContainText("Deltaker");
  await person.getByText("Endre rolle …").click();
  await person.getByLabel("Ny rolle").selectOption({ label: "Kursadministrator" });
  await person.getByLabel("Begrunnelse").fill("Ny kursansvarlig for sveising");
  await expectAccessible(admin);
  await person.getByRole("button", { name: "Lagre rollen" }).click();
  await expect(admin.getByText("Rollen er endret")).toBeVisible();
  await expect(
    admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name }) }),
  ).toContainText("Kursadministrator");
  await admin.context().close();

  const told = await waitForMail(request, email, "Rollen din i Kursportalen er endret");
  expect(told.body).toContain("kursadministrator");
  // The same session, without logging in again.
  await page.goto("/admin/kurs");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kursadministrasjon");
  await expect(page.getByRole("link", { name: "SIK-100" })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("Du har ikke tilgang til dette.");
  await expectNoHorizontalScroll(page);

  // Limited to one subject area (and the areas below it): only its courses, from the next page.
  const limiter = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await limiter.goto(`/admin/brukere?q=${encodeURIComponent(name)}`);
  await waitForHydration(limiter);
  const kine = limiter.getByRole("listitem").filter({ has: limiter.getByRole("heading", { name }) });
  await expect(kine.locator(".facts")).toContainText("Alle fagområder");
  await kine.getByText("Begrens til fagområder").click();
  const areas = kine.locator("details").filter({ hasText: "Lagre fagområder" });
  await areas.getByLabel("HMS og arbeidsmiljø", { exact: true }).check();
  await areas.getByLabel("Begrunnelse").fill("Kursansvarlig for HMS");
  await expectAccessible(limiter);
  await areas.getByRole("button", { name: "Lagre fagområder" }).click();
  await expect(limiter.getByText("Fagområdene er endret")).toBeVisible();
  await expect(kine.locator(".facts")).toContainText("HMS og arbeidsmiljø");
  await limiter.context().close();
  await waitForMail(request, email, "Fagområdene dine i Kursportalen er endret");
  await page.goto("/admin/kurs");
  await expect(page.getByRole("link", { name: "FHJ-100" })).toBeVisible();
  await expect(page.getByRole("link", { name: "SIK-100" })).toHaveCount(0);
});

test("the last administrator cannot take away their own role", async ({ page }) => {
  await signIn(page, "admin@kursportal.test", "demo-passord-admin");
  await page.goto("/admin/brukere?q=admin%40kursportal.test");
  await waitForHydration(page);
  const me = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Ada Administrator" }) });
  await expect(me).toContainText("Administrator");
  await me.getByText("Endre rolle …").click();
  await me.getByLabel("Ny rolle").selectOption({ label: "Brukerstøtte" });
  await me.getByLabel("Begrunnelse").fill("Prøver å gi fra meg rollen");
  await me.getByRole("button", { name: "Lagre rollen" }).click();
  await expect(page.getByText("Det må være minst én administrator")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("«Administrasjon» leads support to mail that did not arrive", async ({ page }) => {
  await signIn(page, "support@kursportal.test", "demo-passord-support");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administrasjon");
  await expect(page.getByRole("link", { name: "Brukere og roller" })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("link", { name: "E-post som ikke kom fram" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-post som ikke kom fram");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test("an administrator reads the audit trail, filtered, and can download it", async ({ page }) => {
  await signIn(page, "admin@kursportal.test", "demo-passord-admin");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Logg", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logg");
  await page.getByLabel("Fra dato").fill("i går");
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  await expect(page.getByRole("link", { name: "Skriv datoen som dd.mm.åååå." })).toBeVisible();
  await page.getByLabel("Fra dato").fill("01.01.2020");
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  // Other tests' role changes may or may not have been logged yet.
  await expect(page.getByRole("table").or(page.getByText("Ingen oppføringer passer."))).toBeVisible();
  await expect(page.getByRole("link", { name: /Last ned som CSV/ })).toHaveAttribute("href", /from=01\.01\.2020/);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test("an administrator makes an instructor and a support agent, who can each work at once", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const suffix = Math.floor(Math.random() * 1e6);
  const instructor = `Ivar Isaksen${suffix}`;
  const agent = `Stine Støtte${suffix}`;
  await signedInLearner(page, request, instructor, syntheticNationalId());
  const agentContext = await browser.newContext({ baseURL });
  const agentPage = await agentContext.newPage();
  await signedInLearner(agentPage, request, agent, syntheticNationalId());

  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  for (const [name, role, why] of [
    [instructor, "Instruktør", "Underviser varme arbeider fra januar"],
    [agent, "Brukerstøtte", "Ny på brukerstøtte"],
  ]) {
    await admin.goto(`/admin/brukere?q=${encodeURIComponent(name)}`);
    await waitForHydration(admin);
    const person = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name }) });
    await person.getByText("Endre rolle …").click();
    await person.getByLabel("Ny rolle").selectOption({ label: role });
    await person.getByLabel("Begrunnelse").fill(why);
    await person.getByRole("button", { name: "Lagre rollen" }).click();
    await expect(admin.getByText("Rollen er endret")).toBeVisible();
    await expect(person).toContainText(role);
  }
  await admin.context().close();

  // The instructor's own sessions, in the same session, without logging in again.
  await page.goto("/instruktor");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mine kursenheter");
  await expect(page.getByRole("main")).not.toContainText("Du har ikke tilgang til dette.");
  await expectAccessible(page);

  // The support agent finds the instructor and opens their file.
  await agentPage.goto("/brukerstotte");
  await agentPage.getByLabel("Fullt navn").fill(instructor);
  await agentPage.getByRole("main").getByRole("button", { name: "Søk", exact: true }).click();
  await agentPage.getByRole("link", { name: instructor }).click();
  await expect(agentPage.getByRole("heading", { level: 1 })).toHaveText(instructor);
  await expect(agentPage.locator(".fact").filter({ has: agentPage.getByText("Rolle", { exact: true }) })).toContainText(
    "Instruktør",
  );
  await expectAccessible(agentPage);
  await agentContext.close();
});
