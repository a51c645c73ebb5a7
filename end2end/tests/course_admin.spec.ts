import { test, expect } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, waitForHydration } from "./helpers";
import { syntheticNationalId, waitForMail } from "./mail";
import { signedInLearner, staffPage } from "./people";

function inDays(days: number, time: string): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${time}`;
}

test("a learner asks for a session; the course administrator sets one up and the learner is told", async ({
  browser,
  page,
  request,
  baseURL,
}, info) => {
  test.setTimeout(150_000);
  const code = `E2E-${info.project.name.startsWith("phone") ? "P" : "D"}${Date.now().toString(36).toUpperCase()}`;
  const title = `Arbeid i tunnel ${code}`;

  // The course administrator creates a classroom course without sessions.
  const admin = await staffPage(browser, baseURL, "kursadmin@kursportal.test", "demo-passord-kursadmin");
  await admin.getByRole("link", { name: "Kursadministrasjon" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Kursadministrasjon");
  await waitForHydration(admin);
  await admin.getByRole("link", { name: "Nytt kurs" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Nytt kurs");
  await waitForHydration(admin);
  await admin.getByLabel("Kurskode", { exact: true }).fill(code);
  await admin.getByLabel("Tittel", { exact: true }).fill(title);
  await admin.getByLabel("Kort beskrivelse", { exact: true }).fill("Sikkert arbeid i jernbanetunnel.");
  await admin.getByLabel("Om kurset", { exact: true }).fill("Et kurs for alle som skal arbeide i tunnel.");
  await admin.getByLabel("Kurstype", { exact: true }).selectOption({ label: "Klasseromskurs" });
  await admin.getByLabel("Fagområde", { exact: true }).selectOption({ label: "Jernbane og spor › Sikkerhet på og ved spor" });
  await admin.getByLabel("Varighet", { exact: true }).fill("1 dag");
  await admin.getByLabel("Kontaktperson", { exact: true }).fill("Kåre Kursansvarlig");
  await admin.getByLabel("Kontaktpersonens e-post", { exact: true }).fill("kare@kursportal.test");
  await admin.getByRole("button", { name: "Lagre" }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin/kurs/${code}$`));
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(code);

  // A learner finds it, sees no session and asks for one.
  const email = await signedInLearner(page, request, "Tora Tunnel", syntheticNationalId(), "full");
  await page.goto(`/kurs/${code}`);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("heading", { name: "Be om ny kursenhet" })).toBeVisible();
  await page.getByRole("button", { name: "Send forespørsel" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Skriv hvor" })).toBeVisible();
  await page.getByLabel("Ønsket sted", { exact: true }).fill("Bergen");
  await page.getByLabel("Ønsket periode", { exact: true }).fill("mars 2027");
  await page.getByRole("button", { name: "Send forespørsel" }).click();
  await expect(page.getByText("Takk! Forespørselen er sendt.")).toBeVisible();
  await expectAccessible(page);

  // The administrator sees it grouped under the course and answers with a new session.
  await admin.goto("/admin/foresporsler");
  await waitForHydration(admin);
  const group = admin.getByRole("region", { name: new RegExp(code) });
  await expect(group).toContainText("Tora Tunnel");
  await expect(group).toContainText("mars 2027");
  await expectAccessible(admin);
  await expectNoHorizontalScroll(admin);
  await group.getByRole("link", { name: "Sett opp en kursenhet" }).click();
  await waitForHydration(admin);
  const form = admin.locator("#ny-kursenhet");
  await form.getByLabel("Start", { exact: true }).fill(inDays(60, "08:30"));
  await form.getByLabel("Slutt", { exact: true }).fill(inDays(60, "15:30"));
  await form.getByLabel("Påmeldingsfrist", { exact: true }).fill(inDays(55, "23:59"));
  await form.getByLabel("Sted", { exact: true }).fill("Kurssenteret, Bergen");
  await form.getByLabel("Antall plasser", { exact: true }).fill("12");
  await form.getByRole("button", { name: "Opprett kursenhet" }).click();
  await expect(form.getByText("Kursenheten er opprettet.")).toBeVisible();
  await expectAccessible(admin);

  // The learner is told by mail and enrols.
  const told = await waitForMail(request, email, "Ny kursenhet");
  expect(told.body).toContain(`/kurs/${code}`);
  await page.reload();
  await waitForHydration(page);
  await page.getByRole("button", { name: "Meld meg på" }).click();
  await expect(page.getByText("Du er påmeldt.")).toBeVisible();

  // The participant list shows her; the CSV has her too.
  await admin.getByRole("link", { name: /[0-9]{2}\.[0-9]{2}\.[0-9]{4}/ }).first().click();
  await waitForHydration(admin);
  await expect(admin.getByRole("table")).toContainText("Tora Tunnel");
  await expectAccessible(admin);
  await admin.context().close();
});
