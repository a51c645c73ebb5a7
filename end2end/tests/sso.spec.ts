import { test, expect } from "@playwright/test";
import { expectAccessible, waitForHydration } from "./helpers";

// «Logg inn på jobb» against a real OpenID Connect provider on loopback (end2end/oidc-provider.mjs,
// the `oidc-provider` package): its login form takes any user name, which becomes the staff code.
async function signInAtProvider(page: import("@playwright/test").Page, staffCode: string) {
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

test("an employee signs in at work through the employer's OpenID provider", async ({ page }) => {
  await signInAtProvider(page, "ans01");
  await expect(page).toHaveURL(/\/mine-kurs$/);
  await expect(page.getByRole("link", { name: /Innlogget som Anne Ansatt/ })).toBeVisible();
  await expectAccessible(page);
});

test("a staff code the portal does not know is refused with a clear message", async ({ page }) => {
  await signInAtProvider(page, "ZZZ99");
  await expect(page).toHaveURL(/\/logg-inn\?sso=ukjent$/);
  await expect(page.getByRole("alert")).toContainText("Ansattkoden");
  await expectAccessible(page);
});
