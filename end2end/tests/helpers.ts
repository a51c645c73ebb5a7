import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** WCAG 2.1 A and AA plus axe's best practices: zero violations. */
export async function expectAccessible(page: Page, exclude: string[] = []) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
  // What a page leaves out is not ours to fix: an authoring tool's package in its frame.
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`,
  );
  expect(found).toEqual([]);
}

/** The wasm has taken over the page: event handlers now work. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toBeAttached({ timeout: 15_000 });
}

/** Nothing sticks out sideways, on a phone or a desktop. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
