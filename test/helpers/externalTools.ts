/**
 * Some tests drive real external programs: pandoc (`--citeproc` renders our bibliography) and
 * Neovim (a second real LSP client). They skip themselves when the program is missing; this
 * mocha root hook says so once, in one line, with the command that enables them.
 */
import { spawnSync } from 'child_process';

export const TOOLS = { pandoc: 'pandoc', neovim: 'nvim' } as const;

export function missingTools(): string[] {
  return Object.entries(TOOLS)
    .filter(([, bin]) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status !== 0)
    .map(([pkg]) => pkg);
}

export const mochaHooks = {
  afterAll(): void {
    const missing = missingTools();
    if (missing.length) {
      process.stdout.write(
        `\n  note: ${missing.join(' and ')} not installed: the tests that run ${missing.length > 1 ? 'them' : 'it'} were skipped ` +
          `(pending above). Enable them with: sudo apt-get install ${missing.join(' ')}\n`,
      );
    }
  },
};
