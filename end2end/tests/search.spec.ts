import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";

test("suggestions while typing, chosen by keyboard", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  const search = page.getByRole("combobox", { name: "Hva vil du LÆRE i dag?" });
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await search.pressSequentially("sikk", { delay: 40 });
  const list = page.getByRole("listbox", { name: "Hva vil du LÆRE i dag?" });
  await expect(list).toBeVisible();
  await expect(search).toHaveAttribute("aria-expanded", "true");
  const options = list.getByRole("option");
  expect(await options.count()).toBeGreaterThan(0);
  await expect(options.first()).toContainText(/Sikk/i);
  // The list is announced to screen readers.
  await expect(page.getByRole("status").filter({ hasText: "forslag" })).toHaveText(/[0-9]+ forslag/);
  await expectAccessible(page);

  await search.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  const chosen = await options.first().locator(".suggestion-title").innerText();
  await expect(search).toHaveAttribute("aria-activedescendant", "site-search-option-0");
  await search.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await search.press("ArrowUp");
  await search.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(chosen);
  await expect(page).toHaveURL(/\/kurs\/[A-Z0-9-]+$/);
});

test("accents and hyphens do not matter, Escape closes, Enter without a choice searches", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  const search = page.getByRole("combobox", { name: "Hva vil du LÆRE i dag?" });
  await search.pressSequentially("forstehjelp", { delay: 30 });
  const list = page.getByRole("listbox");
  await expect(list.getByRole("option").first()).toContainText(/Førstehjelp/);
  await search.press("Escape");
  await expect(list).toBeHidden();
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/sok\?q=forstehjelp/);
  await expect(page.getByRole("link", { name: "Førstehjelp – grunnkurs" })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test("an answer still on its way does not open the list again after Escape", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  const search = page.getByRole("combobox", { name: "Hva vil du LÆRE i dag?" });
  await search.pressSequentially("forste", { delay: 30 });
  const list = page.getByRole("listbox");
  await expect(list.getByRole("option").first()).toBeVisible();
  // From now on suggestions take their time, as on a slow phone connection.
  await page.route("**/api/catalogue/suggest**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await search.pressSequentially("hjelp", { delay: 30 });
  await search.press("Escape");
  await expect(list).toBeHidden();
  // Long enough for the slow answer to arrive: it must not open the list again.
  await page.waitForTimeout(1_500);
  await expect(list).toBeHidden();
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await expect(search).toHaveValue("forstehjelp");
});

test("filters narrow the catalogue and survive paging", async ({ page }) => {
  await page.goto("/kurs");
  await waitForHydration(page);
  await page.getByLabel("Type", { exact: true }).selectOption({ label: "E-læring" });
  await page.getByLabel("Pris", { exact: true }).selectOption({ label: "Gratis" });
  await page.getByRole("button", { name: "Vis kurs" }).click();
  await expect(page).toHaveURL(/type=e_learning/);
  await expect(page).toHaveURL(/pris=gratis/);
  const cards = page.getByRole("main").locator("article");
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all()) {
    await expect(card).toContainText("E-læring");
    await expect(card).toContainText("Gratis");
  }
  await expect(page.getByRole("link", { name: "Fjern filtrene" })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test("«Kurskalender» lists sessions by month and place", async ({ page }) => {
  await page.goto("/kurskalender");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kurskalender");
  const place = page.getByLabel("Sted", { exact: true });
  const options = await place.locator("option").allInnerTexts();
  expect(options.length).toBeGreaterThan(1);
  const month = page.getByLabel("Måned", { exact: true });
  const months = await month.locator("option").allInnerTexts();
  // The month with the first demo sessions (two weeks ahead) may be the next one.
  for (const label of months.slice(0, 2)) {
    await month.selectOption({ label });
    await page.getByRole("button", { name: "Vis", exact: true }).click();
    if ((await page.getByRole("row").count()) > 1) break;
  }
  const rows = page.getByRole("row");
  expect(await rows.count()).toBeGreaterThan(1);
  await expect(page.getByRole("columnheader", { name: "Ledige plasser" })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});
