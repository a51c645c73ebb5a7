import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";

test("the front page is Norwegian and offers «Hva vil du LÆRE i dag?»", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "nb");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Finn riktig opplæring");
  await expect(page.getByRole("combobox", { name: "Hva vil du LÆRE i dag?" })).toBeVisible();
  await expect(page.getByRole("contentinfo")).toContainText("kursstotte@kursportal.test");
  await waitForHydration(page);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("a skip link leads past the header to the main content", async ({ page }) => {
  await page.goto("/kurs");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Hopp til hovedinnhold" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("searching from the header finds a course", async ({ page }) => {
  // Typed before the page is interactive on purpose: hydration must not lose it.
  await page.goto("/");
  const search = page.getByRole("combobox", { name: "Hva vil du LÆRE i dag?" });
  await search.fill("sikkerhetsvakt");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/sok\?q=sikkerhetsvakt/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søkeresultater");
  await expect(page.getByRole("link", { name: "Hovedsikkerhetsvakt (HSV) – klasserom" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("browsing «Alle kategorier» into a subject area and opening a course", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Bla gjennom alle kurs" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kurskatalog");
  await expect(page.getByText(/Viser 1–12 av [0-9]+ kurs/)).toBeVisible();
  await expectAccessible(page);

  const areas = page.getByRole("navigation", { name: "Fagområder" });
  await areas.getByRole("link", { name: /^Føreropplæring\s*5$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kurs i Føreropplæring");
  await expect(areas.getByRole("link", { name: /^Føreropplæring/ })).toHaveAttribute("aria-current", "page");

  await page.getByRole("link", { name: "Førerkurs – teoretisk del" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Førerkurs – teoretisk del");
  await expect(page.getByRole("heading", { name: "Agenda" })).toBeVisible();
  await expect(page.getByText("jernbaneskolen@kursportal.local")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("paging through the catalogue", async ({ page }) => {
  await page.goto("/kurs");
  await page.getByRole("navigation", { name: "Sidenavigasjon" }).getByRole("link", { name: "Neste side" }).click();
  await expect(page.getByText(/Viser 13–24 av [0-9]+ kurs/)).toBeVisible();
  await expect(page.getByText(/Side 2 av [0-9]+/)).toBeVisible();
});

test("switching to English works once hydrated and is remembered", async ({ page }) => {
  await page.goto("/kurs");
  await waitForHydration(page);
  const english = page.getByRole("button", { name: "English" });
  await english.click();
  // The page changes language in place: proof that the wasm is in charge.
  await expect(page.getByRole("combobox", { name: "What do you want to LEARN today?" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Course catalogue");
  await expect(english).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Course catalogue");
  await expectAccessible(page);

  await waitForHydration(page);
  await page.getByRole("button", { name: "Bokmål" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kurskatalog");
});

test("a reader chooses nynorsk: the pages, the islands and <html lang> follow, on a phone too", async ({ page }) => {
  await page.goto("/kurs");
  await waitForHydration(page);
  const nynorsk = page.getByRole("button", { name: "Nynorsk" });
  await nynorsk.click();
  await expect(page.getByRole("combobox", { name: "Kva vil du LÆRE i dag?" })).toBeVisible();
  await expect(nynorsk).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("html")).toHaveAttribute("lang", "nn");
  await expectNoHorizontalScroll(page);

  // Remembered on the next page, including an island's own words.
  await page.goto("/registrer");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registrer deg");
  await expect(page.getByText("Kva slags brukar vil du vere?")).toBeVisible();
  await waitForHydration(page);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Bokmål" }).click();
  await expect(page.getByText("Hva slags bruker vil du være?")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "nb");
});

test("a page wakes up even when the browser never finds an idle moment", async ({ page }) => {
  // As in a background tab or under battery saver: idle callbacks run only at their deadline.
  await page.addInitScript(() => {
    window.requestIdleCallback = (callback, options) =>
      options?.timeout === undefined
        ? 0
        : window.setTimeout(() => callback({ didTimeout: true, timeRemaining: () => 0 }), options.timeout);
  });
  await page.goto("/kurs");
  await waitForHydration(page);
});

test("an unknown address answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/kurs/FINNES-IKKE");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden finnes ikke");
  await expect(page.getByRole("link", { name: "Til forsiden" })).toBeVisible();
  await expectAccessible(page);
});

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("pages fit the screen without sideways scrolling", async ({ page }) => {
    for (const path of ["/", "/kurs", "/kurs?kategori=sikkerhet-spor", "/kurs/SIK-200", "/sok?q=hms", "/logg-inn"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalScroll(page);
    }
  });
});
