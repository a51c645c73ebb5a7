import { defineConfig, devices } from "@playwright/test";

// The release build, started fresh by Playwright: SQLite always, PostgreSQL when
// E2E_POSTGRES_URL names an empty database (the test command creates one).
const binary = "../target/release/kursportal";
const postgresUrl = process.env.E2E_POSTGRES_URL;
const testKey = "6b7572736f7274616c2d6532652d6b65792d6e6f742d666f722d70726f64756374696f6e";

const chromium = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

const oidcIssuer = "http://127.0.0.1:4455";

type Target = { name: string; port: number; env: Record<string, string> };
const targets: Target[] = [
  { name: "sqlite", port: 3100, env: { KURSPORTAL_DATA_DIR: ".tmp/sqlite" } },
  // A hospital trust's portal (the «Helseforetak» organisation profile): only hospital.spec.ts.
  { name: "hospital", port: 3102, env: { KURSPORTAL_DATA_DIR: ".tmp/hospital", KURSPORTAL_ORGANISATION_PROFILE: "helseforetak" } },
];
if (postgresUrl) {
  targets.push({
    name: "postgres",
    port: 3101,
    env: {
      KURSPORTAL_DATA_DIR: ".tmp/postgres",
      DATABASE_URL: postgresUrl,
      KURSPORTAL_SECRET_KEY: testKey,
      // Employees created at their first «Logg inn på jobb» here (off on SQLite, the default).
      KURSPORTAL_OIDC_NEW_EMPLOYEES: "887766568",
    },
  });
}

export default defineConfig({
  testDir: "./tests",
  // Stories of several pages on a 2-core machine running two browsers and two servers:
  // 30 s proved too tight for some (a slow step still fails at its own 10 s expect).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: { trace: "retain-on-failure", launchOptions: chromium },
  // Every story on a desktop and on a phone, and on both databases. The viewport is the
  // browser's concern and the database the server's, so the phone on PostgreSQL adds little
  // and costs a quarter of the run: it runs with E2E_ALL_PROJECTS=1 (`kursportal.sh bench`).
  // The hospital portal runs its own stories only, and the others never run there.
  projects: targets.flatMap((t) => {
    const only = t.name === "hospital" ? { testMatch: /hospital\.spec\.ts/ } : { testIgnore: /hospital\.spec\.ts/ };
    return [
      { name: `desktop-${t.name}`, ...only, use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${t.port}` } },
      ...(t.name !== "postgres" || process.env.E2E_ALL_PROJECTS
        ? [{ name: `phone-${t.name}`, ...only, use: { ...devices["Pixel 5"], baseURL: `http://127.0.0.1:${t.port}` } }]
        : []),
    ];
  }),
  webServer: [
    {
      command: "node smtp-sink.mjs",
      url: "http://127.0.0.1:2526/healthz",
      reuseExistingServer: false,
      timeout: 10_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The employer's OpenID provider for «Logg inn på jobb».
      command: "node oidc-provider.mjs",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { OIDC_PORT: "4455", PORTAL_URLS: targets.map((t) => `http://127.0.0.1:${t.port}`).join(",") },
    },
    ...targets.map((t) => ({
    command: `rm -rf ${t.env.KURSPORTAL_DATA_DIR} && ${binary} seed-demo --force && exec ${binary} serve`,
    url: `http://127.0.0.1:${t.port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...t.env,
      KURSPORTAL_ADDR: `127.0.0.1:${t.port}`,
      KURSPORTAL_SITE_ROOT: "../target/site",
      KURSPORTAL_SUPPORT_EMAIL: "kursstotte@kursportal.test",
      // Every mail goes over real SMTP to the sink the tests read.
      SMTP_URL: "smtp://127.0.0.1:2525",
      KURSPORTAL_PUBLIC_URL: `http://127.0.0.1:${t.port}`,
      KURSPORTAL_OIDC_ISSUER: oidcIssuer,
      KURSPORTAL_OIDC_CLIENT_ID: "kursportal",
      KURSPORTAL_OIDC_CLIENT_SECRET: "kursportal-test-secret",
      KURSPORTAL_OIDC_SCOPES: "openid staff",
      // Every story registers from 127.0.0.1: the suite is a big onboarding day.
      KURSPORTAL_REGISTRATIONS_PER_ADDRESS: "100000",
      RUST_LOG: "warn",
    },
    })),
  ],
});
