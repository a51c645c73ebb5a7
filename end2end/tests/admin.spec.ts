import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId, waitForMail } from "./mail";
import { signedInLearner, staffPage } from "./people";

test("an administrator makes a learner a course administrator, who can then work at once", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const name = `Kine Kurs${Math.floor(Math.random() * 1e6)}`;
  const email = await signedInLearner(page, request, name, syntheticNationalId());
  await page.goto("/admin/kurs");
  await expect(page.getByRole("main")).not.toContainText("Kursadministrasjon");

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
  await expectNoHorizontalScroll(page);
});

test("the last administrator cannot take away their own role", async ({ page }) => {
  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByLabel("E-postadresse eller ansattkode").fill("admin@kursportal.test");
  await page.getByLabel("Passord").fill("demo-passord-admin");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("link", { name: /Innlogget som/ })).toBeVisible();
  await page.goto("/admin/brukere?q=admin%40kursportal.test");
  await waitForHydration(page);
  const me = page.getByRole("listitem").filter({ hasText: "admin@kursportal.test" });
  await expect(me).toContainText("Administrator");
  await me.getByText("Endre rolle …").click();
  await me.getByLabel("Ny rolle").selectOption({ label: "Brukerstøtte" });
  await me.getByLabel("Begrunnelse").fill("Prøver å gi fra meg rollen");
  await me.getByRole("button", { name: "Lagre rollen" }).click();
  await expect(page.getByText("Det må være minst én administrator")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});
