import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { waitForHydration } from "./helpers";
import { linkPath, uniqueEmail, waitForMail } from "./mail";

export const PASSWORD = "tog i rute gjennom fjellet";

/** A «Gratis e-læring» learner, registered, activated and signed in on `page`. An empty
 * `nationalId` leaves the (optional) number out; the HMS card is given where the form asks. */
export async function signedInLearner(
  page: Page,
  request: APIRequestContext,
  name: string,
  nationalId: string,
  userType: "free" | "full" = "free",
) {
  const email = uniqueEmail(name.split(" ")[0].toLowerCase());
  await page.goto("/registrer");
  await waitForHydration(page);
  if (userType === "full") {
    await page.getByRole("radio", { name: /Full kurskatalog/ }).check();
    await page.getByLabel("Søk etter arbeidsgiver").fill("nordlys");
    await page.getByRole("radio", { name: /Nordlys Jernbaneentreprenør AS/ }).check();
  } else {
    await page.getByRole("radio", { name: /Gratis e-læring/ }).check();
  }
  await page.getByLabel("Fullt navn").fill(name);
  await page.getByLabel("E-postadresse").fill(email);
  await page.getByLabel("Mobilnummer").fill("41234567");
  if (nationalId) await page.getByLabel(/^Fødselsnummer eller D-nummer/).fill(nationalId);
  const hmsCard = page.getByLabel("HMS-kortnummer", { exact: true });
  if (await hmsCard.count()) await hmsCard.fill("7654321");
  await page.getByRole("button", { name: "Registrer" }).click();
  const activation = await waitForMail(request, email, "Aktiver brukeren din");
  await page.goto(linkPath(activation, "/konto/aktiver/"));
  await waitForHydration(page);
  await page.getByLabel("Nytt passord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Gjenta passordet", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Lagre passord" }).click();
  await expect(page.getByText("Passordet er lagret")).toBeVisible();
  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByLabel("E-postadresse eller ansattkode").fill(email);
  await page.getByLabel("Passord").fill(PASSWORD);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("link", { name: `Innlogget som ${name}` })).toBeVisible();
  return email;
}

/** Signs `page` in with an e-mail address (a demo account's, say) and password. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByLabel("E-postadresse eller ansattkode").fill(email);
  await page.getByLabel("Passord").fill(password);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("link", { name: /Innlogget som/ })).toBeVisible();
}

export async function staffPage(browser: Browser, baseURL: string | undefined, email: string, password: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}


// «Logg inn på jobb» against a real OpenID Connect provider on loopback (end2end/oidc-provider.mjs,
// the `oidc-provider` package): its login form takes any user name, which becomes the staff code.
export async function signInAtProvider(page: Page, staffCode: string) {
  await page.goto("/logg-inn");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Logg inn på jobb" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:4455\//);
  await page.locator('input[name="login"]').fill(staffCode);
  await page.locator('input[name="password"]').fill("passordet hos arbeidsgiveren");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks once per browser whether the portal may have the staff code.
  await page.getByRole("button", { name: "Continue" }).click();
}

/** A page in a browser of its own, signed in at work as the employee `staffCode`. */
export async function atWork(browser: Browser, baseURL: string | undefined, staffCode: string, device = {}) {
  const context = await browser.newContext({ ...device, baseURL });
  const page = await context.newPage();
  await signInAtProvider(page, staffCode);
  await expect(page).toHaveURL(/\/mine-kurs$/);
  return page;
}
