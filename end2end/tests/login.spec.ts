import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";

test("the demo administrator logs in and out", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Logg inn" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logg inn");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await page.getByLabel("E-postadresse eller ansattkode").fill("admin@kursportal.test");
  await page.getByLabel("Passord").fill("feil passord");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByRole("alert")).toContainText("Feil e-postadresse, ansattkode eller passord");
  await expectAccessible(page);

  await page.getByLabel("Passord").fill("demo-passord-admin");
  await page.getByRole("button", { name: "Logg inn" }).click();
  await expect(page.getByText("Innlogget som Ada Administrator")).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  await page.reload();
  await expect(page.getByText("Innlogget som Ada Administrator")).toBeVisible();

  await waitForHydration(page);
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page.getByRole("link", { name: "Logg inn" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "Logg inn" })).toBeVisible();
});
