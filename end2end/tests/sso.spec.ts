import { test, expect } from "@playwright/test";
import { expectAccessible, waitForHydration } from "./helpers";
import { linkPath, uniqueEmail, waitForMail } from "./mail";
import { signInAtProvider, staffPage } from "./people";

test("an employee signs in at work through the employer's OpenID provider", async ({ page }) => {
  await signInAtProvider(page, "ans01");
  await expect(page).toHaveURL(/\/mine-kurs$/);
  await expect(page.getByRole("link", { name: /Innlogget som Anne Ansatt/ })).toBeVisible();
  await expectAccessible(page);
});

test("a staff code the portal does not know is refused with a clear message", async ({ page }, info) => {
  test.skip(info.project.name.endsWith("postgres"), "the PostgreSQL portal creates newcomers (below)");
  await signInAtProvider(page, "ZZZ99");
  await expect(page).toHaveURL(/\/logg-inn\?sso=ukjent$/);
  await expect(page.getByRole("alert")).toContainText("Ansattkoden");
  await expectAccessible(page);
});

test("forged ID tokens from the provider are refused: nobody is signed in as the employee they name", async ({
  page,
}) => {
  test.setTimeout(90_000);
  // Each `forge-…` user gets an ID token claiming to be Anne Ansatt (ans01), forged so (oidc-provider.mjs).
  for (const forgery of ["signature", "audience", "nonce", "expired", "none", "hs256"]) {
    await page.context().clearCookies();
    await signInAtProvider(page, `forge-${forgery}`);
    await expect(page, forgery).toHaveURL(/\/logg-inn\?sso=avvist$/);
    await expect(page.getByRole("alert"), forgery).toContainText("kunne ikke bekreftes");
    await expect(page.getByRole("link", { name: /Innlogget som/ })).toHaveCount(0);
  }
  await expectAccessible(page);
});

test("signed in at work, an employee sets a password and a private e-mail, then logs in and resets it from home", async ({
  page,
  browser,
  request,
  baseURL,
}, info) => {
  test.setTimeout(90_000);
  // One demo employee per viewport, so the two projects on one database do not meet.
  const staffCode = info.project.name.startsWith("phone") ? "ANS03" : "ANS02";
  const privateEmail = uniqueEmail(`hjemme.${staffCode.toLowerCase()}`);
  await signInAtProvider(page, staffCode);
  await expect(page).toHaveURL(/\/mine-kurs$/);
  await page.goto("/min-konto");
  await waitForHydration(page);
  const optional = page.getByRole("region", { name: "Valgfritt" });
  await optional.getByLabel("Privat e-postadresse", { exact: true }).fill(privateEmail);
  await optional.getByRole("button", { name: "Lagre" }).click();
  await expect(optional.getByText("Vi har sendt en lenke til adressen.", { exact: false })).toBeVisible();
  // Saved only once the link mailed to it is used, so a mistyped address never gets reset links.
  const confirm = await waitForMail(request, privateEmail, "Bekreft den private e-postadressen");
  await page.goto(linkPath(confirm, "/konto/bekreft-epost/"));
  await waitForHydration(page);
  await page.getByRole("button", { name: "Bekreft e-postadressen" }).click();
  await expect(page.getByText("Den private e-postadressen er lagret.", { exact: false })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/min-konto");
  await waitForHydration(page);
  const password = page.getByRole("region", { name: "Lag passord" });
  await password.getByLabel("Nytt passord", { exact: true }).fill("hjemmekontor med utsikt 42");
  await password.getByLabel("Gjenta passordet", { exact: true }).fill("hjemmekontor med utsikt 42");
  await password.getByRole("button", { name: "Oppdater" }).click();
  await expect(page.getByText("Passordet er endret.", { exact: false })).toBeVisible();
  // The section now asks for the current password, since there is one.
  await expect(page.getByRole("heading", { name: "Endre passord" })).toBeVisible();
  await expectAccessible(page);

  // From home: another browser, staff code and password.
  const home = await (await browser.newContext({ baseURL })).newPage();
  await home.goto("/logg-inn");
  await waitForHydration(home);
  await home.getByLabel("E-postadresse eller ansattkode").fill(staffCode.toLowerCase());
  await home.getByLabel("Passord").fill("hjemmekontor med utsikt 42");
  await home.getByRole("button", { name: "Logg inn" }).click();
  await expect(home.getByRole("link", { name: /Innlogget som/ })).toBeVisible();

  // «Glemt passord» with the staff code mails the private address.
  const third = await (await browser.newContext({ baseURL })).newPage();
  await third.goto("/glemt-passord");
  await waitForHydration(third);
  await third.getByLabel("E-postadresse eller ansattkode").fill(staffCode);
  await third.getByRole("button", { name: "Send lenke" }).click();
  const mail = await waitForMail(request, privateEmail, "Nytt passord");
  await third.goto(linkPath(mail, "/konto/nytt-passord/"));
  await waitForHydration(third);
  await third.getByLabel("Nytt passord", { exact: true }).fill("et nytt passord fra hytta");
  await third.getByLabel("Gjenta passordet", { exact: true }).fill("et nytt passord fra hytta");
  await third.getByRole("button", { name: "Lagre passord" }).click();
  await expect(third.getByText("Passordet er lagret")).toBeVisible();
});

test("with first-sign-in creation on, an unknown staff code becomes an employee, and the HR file completes it", async ({
  page,
  browser,
  baseURL,
}, info) => {
  test.skip(!info.project.name.endsWith("postgres"), "creation is configured on the PostgreSQL portal only");
  test.setTimeout(90_000);
  const code = ("N" + Math.floor(Math.random() * 36 ** 5).toString(36).padStart(5, "0")).toUpperCase();
  await signInAtProvider(page, code.toLowerCase());
  await expect(page).toHaveURL(/\/mine-kurs$/);
  await expect(page.getByRole("link", { name: `Innlogget som Ansatt ${code.toLowerCase()}` })).toBeVisible();
  await expectAccessible(page);

  // The next HR record for the staff code updates the same profile.
  const admin = await staffPage(browser, baseURL, "admin@kursportal.test", "demo-passord-admin");
  await admin.goto("/admin/ansatte");
  await waitForHydration(admin);
  const text = `Ansattnummer;Navn;Orgnr;Startdato\n${code};Nora Nyansatt;887766568;01.12.2026\n`;
  await admin.getByLabel("CSV-fil").setInputFiles({ name: "ansatte.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await expect(admin.getByLabel("Innholdet i filen")).toHaveValue(text);
  await admin.getByRole("button", { name: "Forhåndsvis endringene" }).click();
  const outcome = admin.getByRole("region", { name: "Dette vil filen endre" });
  await expect(outcome.getByRole("row", { name: new RegExp(code) })).not.toContainText("Ny ansatt");
  await outcome.getByRole("button", { name: "Lagre endringene" }).click();
  await expect(admin.getByRole("region", { name: "Endringene er lagret" }).getByRole("status")).toContainText("Filen er lest inn");
  await page.reload();
  await expect(page.getByRole("link", { name: "Innlogget som Nora Nyansatt" })).toBeVisible();
});

test("the language an employee chose comes with them when they sign in at work in another browser", async ({
  page,
  browser,
}, info) => {
  test.skip(!info.project.name.endsWith("postgres"), "a new employee of its own needs creation, on the PostgreSQL portal only");
  test.setTimeout(90_000);
  const code = ("L" + Math.floor(Math.random() * 36 ** 5).toString(36).padStart(5, "0")).toUpperCase();
  await signInAtProvider(page, code.toLowerCase());
  await expect(page).toHaveURL(/\/mine-kurs$/);
  await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("link", { name: `Signed in as Ansatt ${code.toLowerCase()}` })).toBeVisible();

  // Another browser, no language cookie: signed in at work, the pages come in English.
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, viewport: info.project.use.viewport });
  const other = await context.newPage();
  await signInAtProvider(other, code.toLowerCase());
  await expect(other).toHaveURL(/\/mine-kurs$/);
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await expect(other.getByRole("link", { name: `Signed in as Ansatt ${code.toLowerCase()}` })).toBeVisible();
  await expectAccessible(other);
  await context.close();
});
