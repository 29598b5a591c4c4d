/**
 * Where scripts/e2e-setup.sh installed the real-VS-Code toolchain: Node 24, code-server and
 * Debian's chromium. The setup script writes toolchain.json under BERTH_E2E_ROOT.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Toolchain {
  /** Node 24 binary; code-server refuses other majors. */
  readonly node: string;
  /** code-server's entry script, run with `node`. */
  readonly codeServer: string;
  readonly chromium: string;
}

export const e2eRoot = process.env.BERTH_E2E_ROOT ?? '/var/cache/berth-e2e';

function setupHint(problem: string): Error {
  return new Error(
    `Berth's e2e toolchain is not usable: ${problem}. ` +
      `Install it with \`sudo bash scripts/e2e-setup.sh\` (Debian 12: chromium from apt, Node 24 and code-server from the npm registry, ` +
      `under ${e2eRoot}; set BERTH_E2E_ROOT for another folder).`,
  );
}

/** Reads toolchain.json and checks every file it names; throws with the setup command when something is missing. */
export function readToolchain(): Toolchain {
  const file = join(e2eRoot, 'toolchain.json');
  if (!existsSync(file)) throw setupHint(`${file} does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw setupHint(`${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const paths: Record<keyof Toolchain, string> = { node: '', codeServer: '', chromium: '' };
  for (const key of Object.keys(paths) as (keyof Toolchain)[]) {
    const value = record[key];
    if (typeof value !== 'string' || value === '') throw setupHint(`${file} has no "${key}" path`);
    if (!existsSync(value)) throw setupHint(`${key} ${value} (named in ${file}) does not exist`);
    paths[key] = value;
  }
  return paths;
}
