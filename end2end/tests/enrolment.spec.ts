import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId, waitForMail } from "./mail";
import { signedInLearner } from "./people";

test("enrol, join the waitlist, and move up when someone cancels", async ({ browser, request, baseURL }, info) => {
  test.setTimeout(120_000);
  // Desktop and phone share one database: each uses its own two-seat demo session.
  const code = info.project.name.startsWith("phone") ? "SIK-210" : "SIK-200";
  const people = [];
  for (const name of ["Anna Først", "Bo Andre", "Cato Tredje"]) {
    const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = info.project.use;
    const context = await browser.newContext({ baseURL, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch });
    const page = await context.newPage();
    const email = await signedInLearner(page, request, name, syntheticNationalId(), "full");
    people.push({ page, email });
  }
  const [anna, bo, cato] = people;
  const firstSession = (page: typeof anna.page) => page.getByRole("listitem").filter({ hasText: "av 2" }).first();

  for (const person of [anna, bo]) {
    await person.page.goto(`/kurs/${code}`);
    await waitForHydration(person.page);
    await firstSession(person.page).getByRole("button", { name: "Meld meg på" }).click();
    await expect(firstSession(person.page)).toContainText("Du er påmeldt.");
  }

  await cato.page.goto(`/kurs/${code}`);
  await waitForHydration(cato.page);
  await expect(firstSession(cato.page)).toContainText("0 av 2");
  await expectAccessible(cato.page);
  await expectNoHorizontalScroll(cato.page);
  await firstSession(cato.page).getByRole("button", { name: "Sett meg på venteliste" }).click();
  await expect(firstSession(cato.page)).toContainText("Du står som nr. 1 på ventelisten.");

  // Anna cancels from «Mine kurs»; the seat goes to Cato, who is told by mail.
  await anna.page.getByRole("link", { name: "Mine kurs" }).click();
  await expect(anna.page.getByRole("heading", { level: 1 })).toHaveText("Mine kurs");
  await waitForHydration(anna.page);
  await expectAccessible(anna.page);
  await anna.page.getByRole("button", { name: "Meld meg av" }).click();
  await expect(anna.page.getByText("Du er ikke påmeldt noen kurs ennå.")).toBeVisible();

  const mail = await waitForMail(request, cato.email, "Du har fått plass");
  expect(mail.body).toContain(code);
  await cato.page.reload();
  await expect(firstSession(cato.page)).toContainText("Du er påmeldt.");
  for (const person of people) await person.page.context().close();
});

test("a «Gratis e-læring» learner sees free courses only, and why", async ({ page, request }) => {
  await signedInLearner(page, request, "Fri Læring", syntheticNationalId());
  await page.goto("/kurs");
  await expect(page.getByRole("note")).toContainText("Du ser bare gratis kurs");
  await expect(page.getByRole("main").getByText(/[0-9] kr/)).toHaveCount(0);
  await expectAccessible(page);
  await page.goto("/kurs/SIK-200");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Siden finnes ikke");
});
