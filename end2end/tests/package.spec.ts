import { test, expect, type Browser, type FrameLocator } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId } from "./mail";
import { PASSWORD, signIn, signedInLearner, staffPage } from "./people";

/** The golf packages' «Next ->», once: waits for the next page (every page has its own heading),
 * so that no click lands while the package is still moving. */
async function nextPage(sco: FrameLocator) {
  const heading = sco.frameLocator("#contentFrame").getByRole("heading", { level: 1 });
  const before = (await heading.textContent()) ?? "";
  await sco.getByRole("button", { name: "Next ->" }).click();
  await expect(heading).not.toHaveText(before);
}

/** A course administrator uploads `file` (from the fixtures) as `course`'s package. */
async function uploadPackage(browser: Browser, baseURL: string | undefined, course: string, file: string) {
  const admin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await admin.goto(`/admin/kurs/${course}/e-laering`);
  const panel = admin.getByRole("region", { name: "Pakke fra forfatterverktøy (SCORM)" });
  await panel.getByLabel("Pakke (.zip)").setInputFiles(`../server/tests/fixtures/scorm/${file}`);
  await panel.getByRole("button", { name: "Last opp pakke" }).click();
  await expect(panel.getByRole("status")).toContainText(/Pakken er lagret som versjon \d+\./);
  return admin;
}

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
  await uploadPackage(browser, baseURL, "HMS-100", "golf-RuntimeBasicCalls_SCORM12.zip");

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
  for (let i = 0; i < 5; i++) await nextPage(sco);
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
  // The page may move on while the package asks (a later reload asks again): a dialog gone is fine.
  second.on("dialog", (dialog) => dialog.accept().catch(() => {}));
  await second.goto("/kurs/HMS-100/e-laering");
  const resumed = second.frameLocator("iframe.package-frame").frameLocator("#kp-sco");
  await expect(resumed.frameLocator("#contentFrame").getByRole("heading", { level: 1 })).toHaveText(
    "Etiquette - Care For the Course",
  );
  for (let i = 0; i < 9; i++) await nextPage(resumed);
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

// The SCORM 2004 golf example: its passing score (0.8) comes from the manifest. The learner
// answers the knowledge check and passes; the course administrator sees the attempt with its
// score, time and the answers the package reported.
test("a learner passes a SCORM 2004 package and the course administrator sees the attempt with its answers", async ({
  browser,
  baseURL,
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  // The desktop and the phone share a portal: each has its own learner to find in the list.
  const learner = testInfo.project.name.startsWith("phone") ? "Tone Toppscore" : "Tor Toppscore";
  const admin = await uploadPackage(browser, baseURL, "HMS-110", "golf-RunTimeAdvancedCalls_SCORM20043rdEdition.zip");

  const email = await signedInLearner(page, request, learner, syntheticNationalId());
  await page.goto("/kurs/HMS-110/e-laering");
  const sco = page.frameLocator("iframe.package-frame").frameLocator("#kp-sco");
  await expect(sco.frameLocator("#contentFrame").getByRole("heading", { level: 1 })).toHaveText("Play of the game");
  // This package shows some pages twice, so «Next ->» is pressed until the last page is there.
  const check = sco.frameLocator("#contentFrame");
  const heading = check.getByRole("heading", { level: 1 });
  await expect(async () => {
    if ((await heading.textContent()) !== "Knowledge Check") {
      await sco.getByRole("button", { name: "Next ->" }).click({ timeout: 2_000 });
    }
    await expect(heading).toHaveText("Knowledge Check", { timeout: 500 });
  }).toPass({ timeout: 60_000 });
  const assessment = page.frames().find((f) => f.url().includes("assessmenttemplate"))!;
  // Every right answer, from the package's own question list.
  await assessment.evaluate(() => {
    type Question = { Id: string; Type: string; Answers: string[]; CorrectAnswer: unknown };
    const questions = (window as unknown as { test: { Questions: Question[] } }).test.Questions;
    for (const q of questions) {
      const field = (suffix: string) => document.getElementById(`question_${q.Id}_${suffix}`) as HTMLInputElement;
      if (q.Type === "choice") field(String(q.Answers.indexOf(String(q.CorrectAnswer)))).checked = true;
      else if (q.Type === "true-false") field(q.CorrectAnswer ? "True" : "False").checked = true;
      else field("Text").value = String(q.CorrectAnswer);
    }
  });
  await check.getByRole("button", { name: "Submit Answers" }).click();
  await sco.getByRole("button", { name: "Exit" }).click();
  const player = page.frameLocator("iframe.package-frame");
  await expect(player.getByRole("status")).toContainText("Økta er lagret");
  await player.getByRole("link", { name: "Tilbake til kurset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Fullført" })).toBeVisible();

  await admin.goto("/admin/kurs/HMS-110/forsok");
  const row = admin.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Bestått");
  await expect(row).toContainText("100 %");
  await expectAccessible(admin);
  await row.getByRole("link", { name: learner }).click();
  const attempt = admin.getByRole("region", { name: `Forsøket til ${learner}` });
  await expect(attempt.getByRole("table", { name: "Svar pakken har rapportert" })).toContainText("com.scorm.golfsamples.interactions.playing_1");
  await expect(attempt.getByRole("table", { name: "Svar pakken har rapportert" })).toContainText("correct");
  await expectAccessible(admin);
  await expectNoHorizontalScroll(admin);
});
