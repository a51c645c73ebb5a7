import { test, expect } from "@playwright/test";
import { syntheticNationalId, uniqueEmail } from "./mail";
import { signedInLearner } from "./people";

// Every form is a plain POST: with JavaScript off (or before the wasm has arrived) the server
// answers with the page, the problems at their fields and what was typed still there.
test.use({ javaScriptEnabled: false });

test("log in without JavaScript: a wrong password is named, the right one signs in", async ({ page }) => {
  await page.goto("/logg-inn");
  await page.getByLabel("E-postadresse eller ansattkode").fill("admin@kursportal.test");
  await page.getByLabel("Passord").fill("feil passord");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("alert")).toContainText("Feil e-postadresse, ansattkode eller passord");
  await expect(page.getByLabel("E-postadresse eller ansattkode")).toHaveValue("admin@kursportal.test");
  await expect(page.getByLabel("Passord")).toHaveValue("");

  await page.getByLabel("Passord").fill("demo-passord-admin");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByText("Innlogget som Ada Administrator")).toBeVisible();
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page.getByRole("link", { name: "Logg inn" })).toBeVisible();
});

test("register without JavaScript: problems at their fields, then «Sjekk e-posten din»", async ({ page }) => {
  await page.goto("/registrer");
  await page.getByRole("radio", { name: /Gratis e-læring/ }).check();
  await page.getByLabel("Fullt navn").fill("Nora Nettleser");
  await page.getByLabel("E-postadresse").fill("nora@");
  await page.getByRole("button", { name: "Registrer" }).click();
  await expect(page.getByRole("alert")).toContainText("Rett opp dette");
  await expect(page.getByLabel("E-postadresse")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Fullt navn")).toHaveValue("Nora Nettleser");
  await expect(page.getByRole("radio", { name: /Gratis e-læring/ })).toBeChecked();

  await page.getByLabel("E-postadresse").fill(uniqueEmail("nora"));
  await page.getByLabel("Mobilnummer").fill("41234567");
  await page.getByLabel("Fødselsnummer eller D-nummer").fill(syntheticNationalId());
  await page.getByLabel("HMS-kortnummer", { exact: true }).fill("7654321");
  await page.getByRole("button", { name: "Registrer" }).click();
  await expect(page.getByRole("heading", { name: "Sjekk e-posten din" })).toBeVisible();
});

test("forgotten password without JavaScript: an empty address is named, a real one is answered", async ({ page }) => {
  await page.goto("/glemt-passord");
  await page.getByRole("button", { name: "Send lenke" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByLabel("E-postadresse").fill("ingen@kursportal.test");
  await page.getByRole("button", { name: "Send lenke" }).click();
  await expect(page.getByText("Hvis adressen er registrert hos oss")).toBeVisible();
});

test("a new course without JavaScript: a missing title is named, a whole one continues on its page", async ({ page }) => {
  await page.goto("/logg-inn");
  await page.getByLabel("E-postadresse eller ansattkode").fill("kursadmin@kursportal.test");
  await page.getByLabel("Passord").fill("demo-passord-kursadmin");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("link", { name: /Innlogget som/ })).toBeVisible();
  await page.goto("/admin/kurs/ny");
  const code = `NJS-${Date.now() % 100000}`;
  await page.getByLabel("Kurskode", { exact: true }).fill(code);
  await page.getByLabel("Kort beskrivelse", { exact: true }).fill("Uten skript.");
  await page.getByRole("button", { name: "Lagre" }).click();
  await expect(page.locator("#f-title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Kurskode", { exact: true })).toHaveValue(code);
  await expect(page.getByLabel("Kort beskrivelse", { exact: true })).toHaveValue("Uten skript.");

  await page.getByLabel("Tittel", { exact: true }).fill("Kurs uten skript");
  await page.getByLabel("Om kurset", { exact: true }).fill("Et kurs laget uten JavaScript.");
  await page.getByLabel("Kurstype", { exact: true }).selectOption({ label: "Klasseromskurs" });
  await page.getByLabel("Fagområde", { exact: true }).selectOption({ label: "Jernbane og spor › Sikkerhet på og ved spor" });
  await page.getByLabel("Varighet", { exact: true }).fill("1 dag");
  await page.getByLabel("Kontaktperson", { exact: true }).fill("Kåre Kursansvarlig");
  await page.getByLabel("Kontaktpersonens e-post", { exact: true }).fill("kare@kursportal.test");
  await page.getByRole("button", { name: "Lagre" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/kurs/${code}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(code);
});

test("the e-learning player without JavaScript: steps are pages, the quiz is posted and scored", async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  // Registering needs the employer search only for paid types; the learner signs up with
  // scripts on, then takes the course in a browser without them.
  const baseURL = testInfo.project.use.baseURL;
  const withScripts = await browser.newContext({ baseURL, javaScriptEnabled: true });
  await signedInLearner(await withScripts.newPage(), request, "Nils Utenskript", syntheticNationalId());
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: false,
    storageState: await withScripts.storageState(),
  });
  const page = await context.newPage();

  await page.goto("/kurs/SIK-100/e-laering");
  await expect(page.getByText("Leksjon 1 av 3")).toBeVisible();
  await page.getByRole("button", { name: "Neste" }).click();
  await expect(page.getByRole("heading", { name: "Sikkerhetssoner og avstander" })).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "25");
  await page.getByRole("navigation", { name: "Innhold" }).getByRole("link", { name: "Roller og varsling" }).click();
  await page.getByRole("button", { name: "Gå til testen" }).click();

  const quiz = page.getByRole("region", { name: "Test" });
  await quiz.getByRole("radio", { name: "1 meter" }).check();
  await quiz.getByRole("checkbox", { name: "Tog kan komme fra begge retninger" }).check();
  await quiz.getByRole("checkbox", { name: "Elektriske tog kan være nesten lydløse" }).check();
  await quiz.getByRole("radio", { name: "Leder for sikkerhetstiltak" }).check();
  await quiz.getByRole("button", { name: "Lever testen" }).click();
  await expect(page.getByText("Du har ikke bestått denne gangen.")).toBeVisible();
  await expect(quiz.getByRole("checkbox", { name: "Tog kan komme fra begge retninger" })).toBeChecked();
  await quiz.getByRole("radio", { name: "2,25 meter" }).check();
  await quiz.getByRole("button", { name: "Lever testen" }).click();
  await expect(page.getByText("Gratulerer, du har bestått! Kurset er fullført.")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "100");
  await context.close();
  await withScripts.close();
});
