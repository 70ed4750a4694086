import { defineConfig } from '@playwright/test';

// The server is started by `cargo xtask test` (release build, fresh database)
// and its address passed in BASE_URL. Debian's Chromium; no browser download.
// xtask runs the SQLite and the Postgres suites side by side, each with its own
// RESULTS_FILE and OUTPUT_DIR.
export default defineConfig({
  testDir: './tests',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: process.env.OUTPUT_DIR ?? './test-results',
  reporter: [['list'], ['json', { outputFile: process.env.RESULTS_FILE ?? 'results.json' }]],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
