/**
 * Runs the extension tests in a real VS Code downloaded by @vscode/test-electron
 * (needs the internet: `npm run test:vscode`). The workspace is a temp copy of
 * test/vscode/workspace plus the sample corpus (seeds/) so nothing in the repo changes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-vscode-'));
  try {
    fs.cpSync(path.join(root, 'test/vscode/workspace'), workspace, { recursive: true });
    fs.cpSync(path.join(root, 'seeds'), path.join(workspace, 'seeds'), { recursive: true });
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { SOURCE_LINKED_TEST_WORKSPACE: workspace },
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** True when the failure is that VS Code could not be downloaded (no network, DNS, proxy). */
export function isDownloadFailure(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ''} ${(err as NodeJS.ErrnoException)?.code ?? ''} ${String(err)}`;
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|Failed to get JSON|download/i.test(text);
}

main().catch((err) => {
  if (isDownloadFailure(err)) {
    console.error(
      'npm run test:vscode needs to download VS Code from Microsoft, which this machine cannot reach ' +
        `(${(err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? err}).\n` +
        'Run the same checks in a real VS Code without a download: npm run test:e2e (code-server + Chromium, see test/e2e/README.md).',
    );
    process.exit(1);
  }
  console.error('VS Code extension tests failed:', err);
  process.exit(1);
});
