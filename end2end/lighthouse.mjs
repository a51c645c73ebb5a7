// Lighthouse (mobile configuration, Debian's Chromium) on a running Kursportal.
//
//   node lighthouse.mjs BASE_URL [--only=accessibility] [--require=accessibility:100] PATH...
//
// Prints one row per page: the scores (0–100) of each category asked for and, for the
// performance category, total blocking time and time to interactive. With --require, exits
// non-zero when a page scores below the given minimum in that category (the test command
// requires accessibility 100; `./kursportal.sh bench` prints everything).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const args = process.argv.slice(2);
const base = args.shift();
const options = args.filter((a) => a.startsWith('--'));
const paths = args.filter((a) => !a.startsWith('--'));
const only = options.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const required = Object.fromEntries(
  options
    .filter((a) => a.startsWith('--require='))
    .map((a) => a.slice(10).split(':'))
    .map(([category, minimum]) => [category, Number(minimum)]),
);
if (!base || paths.length === 0) {
  console.error('usage: node lighthouse.mjs BASE_URL [--only=a,b] [--require=category:min] PATH...');
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  const rows = [];
  for (const path of paths) {
    const result = await lighthouse(
      base + path,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: only },
      undefined, // the default configuration: a mid-range phone on a slow 4G connection
    );
    const lhr = result.lhr;
    const scores = Object.fromEntries(
      Object.entries(lhr.categories).map(([id, category]) => [id, Math.round((category.score ?? 0) * 100)]),
    );
    const row = { page: path, ...scores };
    if (lhr.audits['total-blocking-time']?.numericValue !== undefined && 'performance' in scores) {
      row['TBT ms'] = Math.round(lhr.audits['total-blocking-time'].numericValue);
      row['TTI s'] = (lhr.audits.interactive.numericValue / 1000).toFixed(1);
      row['LCP s'] = (lhr.audits['largest-contentful-paint'].numericValue / 1000).toFixed(1);
    }
    for (const [category, minimum] of Object.entries(required)) {
      if ((scores[category] ?? 0) < minimum) {
        failed = true;
        const audits = lhr.categories[category]?.auditRefs
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit && audit.score !== null && audit.score < 1)
          .map((audit) => `${audit.id}: ${audit.title}`);
        console.error(`${path}: ${category} ${scores[category]} < ${minimum}\n  ${(audits ?? []).join('\n  ')}`);
      }
    }
    rows.push(row);
  }
  console.table(rows);
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
