import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId } from "./mail";
import { PASSWORD, signIn, signedInLearner, staffPage } from "./people";

// Issue 16: a package from an authoring tool (Rustici's golf example, SCORM 1.2), uploaded by a
// course administrator and played from the content origin, suspended half way on one device and
// finished on another, completing the course with its kursbevis.
test("a learner takes a SCORM package, leaves half way, resumes in another browser and completes it", async ({
  browser,
  baseURL,
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const admin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await admin.goto("/admin/kurs/HMS-100/e-laering");
  const panel = admin.getByRole("region", { name: "Pakke fra forfatterverktøy (SCORM)" });
  await panel.getByLabel("Pakke (.zip)").setInputFiles("../server/tests/fixtures/scorm/golf-RuntimeBasicCalls_SCORM12.zip");
  await panel.getByRole("button", { name: "Last opp pakke" }).click();
  await expect(panel.getByRole("status")).toContainText(/Pakken er lagret som versjon \d+\./);

  const email = await signedInLearner(page, request, "Sara Scormsen", syntheticNationalId());
  await page.goto("/kurs/HMS-100/e-laering");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grunnkurs i HMS");
  const frame = page.locator("iframe.package-frame");
  expect(new URL((await frame.getAttribute("src"))!).origin).not.toBe(new URL(page.url()).origin);
  const sco = page.frameLocator("iframe.package-frame").frameLocator("#kp-sco");
  await expect(sco.frameLocator("#contentFrame").getByRole("heading", { level: 1 })).toHaveText("Play of the game");
  // The package runs on the content origin: the portal's session cookie is not there to read.
  const cookies = await page.frames().find((f) => f.url().includes("/spill/"))!.evaluate(() => document.cookie);
  expect(cookies).not.toContain("kursportal.sid");
  for (let i = 0; i < 5; i++) await sco.getByRole("button", { name: "Next ->" }).click();
  await expect(sco.frameLocator("#contentFrame").getByRole("heading", { level: 1 })).toHaveText(
    "Etiquette - Care For the Course",
  );
  await expectAccessible(page, ["iframe.package-frame"]);
  await expectNoHorizontalScroll(page);
  // Leaving the page: the package suspends and the player's last commit goes out with keepalive.
  await page.goto("/mine-kurs");
  await waitForHydration(page);

  // Another browser resumes where the first left off (the package asks; the learner says yes).
  const elsewhere = await browser.newContext({ baseURL });
  const second = await elsewhere.newPage();
  await signIn(second, email, PASSWORD);
  second.on("dialog", (dialog) => dialog.accept());
  await second.goto("/kurs/HMS-100/e-laering");
  const resumed = second.frameLocator("iframe.package-frame").frameLocator("#kp-sco");
  await expect(resumed.frameLocator("#contentFrame").getByRole("heading", { level: 1 })).toHaveText(
    "Etiquette - Care For the Course",
  );
  for (let i = 0; i < 9; i++) await resumed.getByRole("button", { name: "Next ->" }).click();
  await expect(resumed.frameLocator("#contentFrame").getByRole("heading", { level: 1 })).toHaveText("Knowledge Check");
  await resumed.getByRole("button", { name: "Exit" }).click();
  const player = second.frameLocator("iframe.package-frame");
  await expect(player.getByRole("status")).toContainText("Økta er lagret");
  await player.getByRole("link", { name: "Tilbake til kurset" }).click();
  await expect(second.getByRole("status").filter({ hasText: "Fullført" })).toBeVisible();
  await expect(second.getByText("Du har fullført kurset.")).toBeVisible();

  await second.goto("/historikk");
  await waitForHydration(second);
  const row = second.getByRole("row", { name: /Grunnkurs i HMS/ });
  await expect(row).toContainText("Gyldig");
  await row.getByRole("link", { name: "Skriv ut kursbevis for Grunnkurs i HMS" }).click();
  await expect(second.getByRole("article", { name: "Kursbevis" })).toContainText("Sara Scormsen");
  await expect(second.getByRole("article", { name: "Kursbevis" })).toContainText("Fullført");
  await elsewhere.close();
});
