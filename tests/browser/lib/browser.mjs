// Launches Debian's Chromium through playwright-core with the project's headless flags (design.md
// §6); never downloads a browser. Also collects page problems a test should fail on: uncaught
// exceptions, Content-Security-Policy violations and missing translations.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed: run `npm ci` in tests/browser');
  }
}

export const CHROMIUM = process.env.UJIKOM_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium; extraArgs are added to the standard flags (e.g. fake media devices);
 *  executablePath replaces the browser binary (e.g. a script that starts it in another network
 *  namespace). */
export async function launchBrowser(extraArgs = [], { executablePath = CHROMIUM } = {}) {
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Opens a page in a fresh context (own cookies and storage). Problems are pushed to `problems`
 * (array of strings): page errors, CSP violations and "i18n missing" warnings. Waits time out
 * after timeoutMs (a safety net for a failing test, not a timing assertion).
 */
export async function newPage(browser, problems, contextOpts = {}, timeoutMs = 10000) {
  const context = await browser.newContext({ locale: 'id-ID', ...contextOpts });
  context.setDefaultTimeout(timeoutMs); // a missing element fails the check quickly
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(text)) {
      problems.push(`CSP violation on ${page.url()}: ${text}`);
    } else if (text.startsWith('i18n missing')) {
      problems.push(`${text} on ${page.url()}`);
    }
  });
  return { context, page };
}
