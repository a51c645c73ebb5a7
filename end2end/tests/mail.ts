import { expect, type APIRequestContext } from "@playwright/test";

export const SINK = "http://127.0.0.1:2526";

type Captured = { to: string[]; data: string };
export type Mail = { subject: string; body: string };

/** Headers and body of a captured message, with the transfer encoding undone. */
function decode(raw: string): Mail {
  const split = raw.indexOf("\n\n");
  const head = raw.slice(0, split).replace(/\n[ \t]+/g, " ");
  let body = raw.slice(split + 2);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === "base64") {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  } else if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex) => `%${hex}`);
    body = decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
  }
  let subject = /^subject:\s*(.*)$/im.exec(head)?.[1] ?? "";
  subject = subject.replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b64) => Buffer.from(b64, "base64").toString("utf8"));
  subject = subject.replace(/=\?utf-8\?q\?([^?]+)\?=/gi, (_, q) =>
    decodeURIComponent(q.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, "%$1")),
  );
  return { subject: subject.replace(/\?=\s+=\?/g, ""), body };
}

/** Waits for a mail to `to` whose subject contains `subject`, as sent over SMTP. */
export async function waitForMail(request: APIRequestContext, to: string, subject: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        // A refused or reset connection to the sink is retried by the poll, not a failure.
        const response = await request
          .get(`${SINK}/messages?to=${encodeURIComponent(to)}`, { headers: { connection: "close" } })
          .catch(() => null);
        if (response === null) return false;
        const all = ((await response.json()) as Captured[]).map((m) => decode(m.data));
        found = all.reverse().find((m) => m.subject.includes(subject));
        return found !== undefined;
      },
      { timeout: 20_000, message: `a mail to ${to} about «${subject}»` },
    )
    .toBe(true);
  return found!;
}

/** The path of the first link to `prefix` in a mail (the host is the portal's own). */
export function linkPath(mail: Mail, prefix: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${prefix}[A-Za-z0-9_-]+)`).exec(mail.body);
  expect(match, `a ${prefix} link in:\n${mail.body}`).not.toBeNull();
  return match![1];
}

function mod11(digits: number[], weights: number[]): number | null {
  const sum = digits.reduce((acc, d, i) => acc + d * weights[i], 0);
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k === 10 ? null : k;
}

/** A random synthetic fødselsnummer with valid check digits (born 1950–1998). */
export function syntheticNationalId(): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  for (;;) {
    const day = 1 + Math.floor(Math.random() * 28);
    const month = 1 + Math.floor(Math.random() * 12);
    const year = 50 + Math.floor(Math.random() * 49);
    const individual = String(Math.floor(Math.random() * 500)).padStart(3, "0");
    const nine = `${pad(day)}${pad(month)}${pad(year)}${individual}`;
    const d = [...nine].map(Number);
    const k1 = mod11(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    if (k1 === null) continue;
    const k2 = mod11([...d, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k2 === null) continue;
    return `${nine}${k1}${k2}`;
  }
}

/** An address nobody else in this run uses. */
export function uniqueEmail(name: string): string {
  return `${name}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@eksempel.no`;
}

/** A random organisation number with a valid check digit. */
export function syntheticOrgNumber(): string {
  for (;;) {
    const eight = String(80_000_000 + Math.floor(Math.random() * 19_999_999));
    const k = mod11([...eight].map(Number), [3, 2, 7, 6, 5, 4, 3, 2]);
    if (k !== null) return `${eight}${k}`;
  }
}
