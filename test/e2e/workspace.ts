/**
 * The folder the tests open in VS Code, written fresh for each run. The exthost tests find these
 * files through vscode.workspace; keep the names in step with test/exthost/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const brokenDockerfile = [
  'FROM alpine:3.20',
  'RUNN echo "unknown instruction"',
  'MAINTAINER someone@example.com',
  '',
].join('\n');

const files: Readonly<Record<string, string>> = {
  'Dockerfile': ['# syntax=docker/dockerfile:1', 'FROM alpine:3.20 AS base', 'RUN <<EOF', 'echo $HOME', 'EOF', ''].join('\n'),
  'Containerfile': 'FROM alpine:3.20\n',
  'Containerfile.prod': 'FROM alpine:3.20\n',
  'Dockerfile.dev': 'FROM alpine:3.20\n',
  'foo.dockerfile': 'FROM alpine:3.20\n',
  'app.Dockerfile': 'FROM alpine:3.20\n',
  'notes.txt': 'Not a Dockerfile.\n',
  'broken/Dockerfile': brokenDockerfile,
};

export function createWorkspace(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
